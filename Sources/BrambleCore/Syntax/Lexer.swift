import Foundation

/// Splits a source file into logical lines of tokens, reporting every lexical problem it finds
/// and carrying on after each one.
///
/// The lexer works on UTF-8 bytes, so a token's position is a byte range and no text is copied
/// until a token's value is needed.
public struct Lexer {
    private let file: SourceFile
    /// The file's bytes, held directly so that each access is a plain array read.
    private let bytes: [UInt8]
    private var diagnostics = DiagnosticList()
    private var lines: [SourceLine] = []
    /// The tokens of every line read so far, in order.
    private var tokens: [Token] = []
    /// The values of the strings whose value is not their own bytes: strings with escapes and
    /// block strings. A token names its value by position in this list.
    private var decodedValues: [String] = []
    /// The 0-based line the encoding check has reached, moved forward only when a bad byte is
    /// reported, and the last lines that had a NUL byte and an invalid byte reported.
    private var encodingLine = 0
    private var lastNulLine = -1
    private var lastInvalidLine = -1
    /// A buffer for the bytes of a value being decoded, kept to reuse its storage. A string with
    /// escapes or a block string then costs one allocation, for its value.
    private var scratch: [UInt8] = []

    private init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    /// Returns the logical lines of `file` and the problems found while reading them.
    /// - Complexity: O(n) in the size of the file.
    public static func lines(of file: SourceFile)
        -> (lines: [SourceLine], tokens: [Token], decodedValues: [String], diagnostics: DiagnosticList)
    {
        var lexer = Lexer(file: file)
        lexer.splitLines()
        return (lexer.lines, lexer.tokens, lexer.decodedValues, lexer.diagnostics)
    }

    /// Returns a token for a string whose value differs from its bytes.
    private mutating func decodedToken(_ kind: Token.Kind, _ range: Range<Int>, value: String) -> Token {
        decodedValues.append(value)
        return Token(kind: kind, range: range, decodedValue: decodedValues.count)
    }

    // MARK: Encoding

    /// Reports NUL bytes and invalid UTF-8 in `range`, at most once per line for each kind,
    /// because one bad region usually spans many bytes. `splitLines` passes the ranges in file
    /// order, each just after lexing it, and the line search below only moves forward.
    private mutating func checkEncoding(_ text: UnsafeBufferPointer<UInt8>, in range: Range<Int>) {
        let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[range]))
        var index = range.lowerBound
        let end = range.upperBound
        // The line of a bad byte is found by moving `encodingLine` forward to it, so that
        // finding it costs nothing on clean text and the column is computed only for the one
        // byte reported per line.
        func advanceLine(to offset: Int) {
            let lineStarts = file.lineStarts
            while encodingLine + 1 < lineStarts.count, lineStarts[encodingLine + 1] <= offset { encodingLine += 1 }
        }
        while index < end {
            // Clean text is skipped eight bytes at a time, and the bytes around a bad one are
            // read one by one.
            index += Lexer.asciiPrefixLength(UnsafeRawBufferPointer(rebasing: raw[(index - range.lowerBound)...]))
            guard index < end else { break }
            let byte = text[index]
            if byte < 0x80 {
                if byte == 0 {
                    advanceLine(to: index)
                    if encodingLine != lastNulLine {
                        lastNulLine = encodingLine
                        report(.nulByte, .error, at: index,
                               "the file contains a NUL byte; Bramble reads text files only, so remove it or check that this is the right file")
                    }
                }
                index += 1
                continue
            }
            let length = Lexer.validSequenceLength(bytes, at: index)
            if length == 0 {
                advanceLine(to: index)
                if encodingLine != lastInvalidLine {
                    lastInvalidLine = encodingLine
                    report(.invalidEncoding, .error, at: index,
                           "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true)); save the file as UTF-8")
                }
                index += 1
            } else {
                index += length
            }
        }
    }

    /// Returns the length of the leading run of bytes that are ASCII and not NUL, checked eight
    /// bytes at a time, so that the byte-by-byte check starts only where it is needed.
    static func asciiPrefixLength(_ raw: UnsafeRawBufferPointer) -> Int {
        let count = raw.count
        var index = 0
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte with its high bit set is not ASCII; the second test finds a zero byte.
            if word & high != 0 || (word &- ones) & ~word & high != 0 { break }
            index += 8
        }
        return index
    }

    /// Returns the length of the well-formed UTF-8 sequence at `index`, or 0 when the bytes there
    /// are not one (overlong forms, surrogates and values above U+10FFFF included).
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            let position = index + offset
            return position < bytes.count && bytes[position] >= low && bytes[position] <= high
        }
        switch first {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    // MARK: Lines

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let hash = UInt8(ascii: "#")
    private static let backslash = UInt8(ascii: "\\")

    /// The bytes checked for encoding at a time: few enough to still be in the cache after the
    /// lexer has read them, and enough that the check runs over long stretches.
    private static let encodingChunk = 16 * 1024

    /// Returns the end of the physical line starting at `start`, before any CR or LF.
    private func lineEnd(from start: Int) -> (contentEnd: Int, next: Int) {
        let end = bytes.withUnsafeBufferPointer { buffer -> Int in
            guard start < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + start, Int32(Lexer.newline), buffer.count - start)
            else { return buffer.count }
            return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
        }
        let next = end < bytes.count ? end + 1 : end
        var contentEnd = end
        if contentEnd > start, bytes[contentEnd - 1] == Lexer.carriageReturn { contentEnd -= 1 }
        return (contentEnd, next)
    }

    private mutating func splitLines() {
        // A logical line spans one physical line or more, so this is enough, and the array of
        // lines is never copied to grow.
        lines.reserveCapacity(file.lineStarts.count)
        // The registry tree has a token every 19 bytes and the generated benchmark trees one
        // every 22, so a sixteenth of the size is enough. The list grows if there are more.
        tokens.reserveCapacity(bytes.count / 16 + 16)
        var start = 0
        var lineNumber = 1
        var checked = 0
        // The hot loops of a line read its bytes through a pointer, without the bounds check of
        // an array read. That is safe because every index they read is below the line's end,
        // which is within the file.
        let bytes = self.bytes
        bytes.withUnsafeBufferPointer { text in
            while start < text.count {
                let (contentEnd, next) = lineEnd(from: start)
                var consumedLines = 1
                var resume = next
                lexLine(text, start: start, end: contentEnd, lineNumber: lineNumber,
                        consumedLines: &consumedLines, resume: &resume)
                start = resume
                lineNumber += consumedLines
                // The encoding is checked every few kilobytes, over text the lexer has just read.
                if start - checked >= Lexer.encodingChunk {
                    checkEncoding(text, in: checked..<start)
                    checked = start
                }
            }
            if checked < text.count { checkEncoding(text, in: checked..<text.count) }
        }
    }

    private mutating func lexLine(
        _ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, lineNumber: Int,
        consumedLines: inout Int, resume: inout Int
    ) {
        var index = start
        var indent = 0
        var reportedTab = false
        while index < end, text[index] == Lexer.space || text[index] == Lexer.tab {
            if text[index] == Lexer.tab, !reportedTab {
                reportedTab = true
                report(.tabIndentation, .error, at: index,
                       "a tab is used for indentation; indent with spaces so that nesting reads the same in every editor")
            }
            indent += text[index] == Lexer.tab ? 4 : 1
            index += 1
        }
        let contentOffset = index
        let firstToken = tokens.count
        var commentStart: Int?
        var lineEnd = end

        scan: while index < lineEnd {
            let byte = text[index]
            switch byte {
            case Lexer.space, Lexer.tab, Lexer.carriageReturn:
                index += 1
            case Lexer.hash:
                commentStart = index + 1
                break scan
            case Lexer.comma:
                tokens.append(Token(kind: .comma, range: index..<index + 1))
                index += 1
            case Lexer.quote:
                if index + 2 < lineEnd, text[index + 1] == Lexer.quote, text[index + 2] == Lexer.quote {
                    let block = lexBlockString(opening: index, lineEnd: lineEnd, lineNumber: lineNumber,
                                               consumedLines: &consumedLines, resume: &resume)
                    tokens.append(block.token)
                    index = block.continueAt
                    lineEnd = block.lineEnd
                } else {
                    let string = lexString(text, opening: index, lineEnd: lineEnd)
                    tokens.append(string)
                    index = string.range.upperBound
                }
            default:
                let wordStart = index
                while index < lineEnd, !Lexer.endsWord(text[index]) { index += 1 }
                tokens.append(Token(kind: .word, range: wordStart..<index))
            }
        }
        lines.append(SourceLine(indent: indent, lineNumber: lineNumber, contentOffset: contentOffset,
                                tokenRange: firstToken..<tokens.count, commentStart: commentStart))
    }

    /// Returns whether a byte ends a word: white space, a quote or a comma. Letters, digits and
    /// most punctuation sort above the comma, so one comparison settles them.
    @inline(__always)
    private static func endsWord(_ byte: UInt8) -> Bool {
        byte <= comma && (byte == space || byte == tab || byte == quote || byte == comma || byte == carriageReturn)
    }

    /// Lexes a one-line string starting at its opening quote.
    private mutating func lexString(_ text: UnsafeBufferPointer<UInt8>, opening: Int, lineEnd: Int) -> Token {
        // Most strings hold no escape, so their value is the bytes between the quotes, and the
        // token needs nothing more. The byte-by-byte decoding below runs only from the first
        // backslash.
        var index = opening + 1
        while index < lineEnd, text[index] != Lexer.quote, text[index] != Lexer.backslash { index += 1 }
        if index < lineEnd, text[index] == Lexer.quote {
            return Token(kind: .string, range: opening..<index + 1)
        }
        var value = scratch
        scratch = []
        defer {
            value.removeAll(keepingCapacity: true)
            scratch = value
        }
        value.append(contentsOf: bytes[opening + 1..<index])
        while index < lineEnd {
            let byte = bytes[index]
            if byte == Lexer.quote {
                return decodedToken(.string, opening..<index + 1, value: String(decoding: value, as: UTF8.self))
            }
            if byte == Lexer.backslash {
                index = decodeEscape(at: index, lineEnd: lineEnd, into: &value)
                continue
            }
            value.append(byte)
            index += 1
        }
        report(.unterminatedString, .error, at: opening,
               "string has no closing quote; add \" at the end of the text (write \\\" for a quote inside it)")
        return decodedToken(.string, opening..<lineEnd, value: String(decoding: value, as: UTF8.self))
    }

    /// Decodes the escape sequence at `index` and returns the index after it.
    private mutating func decodeEscape(at index: Int, lineEnd: Int, into value: inout [UInt8]) -> Int {
        guard index + 1 < lineEnd else {
            report(.invalidEscape, .error, at: index,
                   "a backslash ends the line inside a string; write \\\\ for a backslash")
            return index + 1
        }
        let next = bytes[index + 1]
        switch next {
        case UInt8(ascii: "\""): value.append(Lexer.quote)
        case UInt8(ascii: "\\"): value.append(Lexer.backslash)
        case UInt8(ascii: "n"): value.append(Lexer.newline)
        case UInt8(ascii: "t"): value.append(Lexer.tab)
        case UInt8(ascii: "u"):
            return decodeUnicodeEscape(at: index, lineEnd: lineEnd, into: &value)
        default:
            report(.invalidEscape, .error, at: index, length: 2,
                   "unknown escape sequence '\\\(Character(Unicode.Scalar(next)))'; use \\\", \\\\, \\n, \\t or \\u{...}, or write \\\\ for a backslash")
            value.append(next)
        }
        return index + 2
    }

    /// Decodes `\u{XXXX}` starting at its backslash.
    private mutating func decodeUnicodeEscape(at index: Int, lineEnd: Int, into value: inout [UInt8]) -> Int {
        var cursor = index + 2
        guard cursor < lineEnd, bytes[cursor] == UInt8(ascii: "{") else {
            report(.invalidEscape, .error, at: index, length: 2, "\\u must be followed by {hex digits}, as in \\u{2192}")
            return index + 2
        }
        cursor += 1
        var scalarValue: UInt32 = 0
        var digits = 0
        while cursor < lineEnd, let digit = Lexer.hexValue(bytes[cursor]) {
            scalarValue = scalarValue &* 16 &+ UInt32(digit)
            digits += 1
            cursor += 1
        }
        guard cursor < lineEnd, bytes[cursor] == UInt8(ascii: "}"), (1...8).contains(digits),
              let scalar = Unicode.Scalar(scalarValue)
        else {
            report(.invalidEscape, .error, at: index, length: max(2, cursor - index),
                   "invalid \\u{...} escape; write one to eight hex digits naming a Unicode scalar, as in \\u{2192}")
            return min(cursor + 1, lineEnd)
        }
        value.append(contentsOf: Array(String(Character(scalar)).utf8))
        return cursor + 1
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Lexes a `"""` block string. The opening delimiter ends its line; the content runs until a
    /// line holding only `"""`, whose indentation is removed from every content line. Block
    /// strings are raw: backslashes stay as written, so Markdown can be pasted in unchanged.
    private mutating func lexBlockString(
        opening: Int, lineEnd: Int, lineNumber: Int, consumedLines: inout Int, resume: inout Int
    ) -> (token: Token, continueAt: Int, lineEnd: Int) {
        var afterOpening = opening + 3
        while afterOpening < lineEnd, bytes[afterOpening] == Lexer.space || bytes[afterOpening] == Lexer.tab {
            afterOpening += 1
        }
        if afterOpening < lineEnd, bytes[afterOpening] != Lexer.hash {
            report(.unexpectedToken, .error, at: afterOpening,
                   "text after \"\"\" on the same line; start the block string's content on the next line")
        }
        // The closing line's indentation is removed from every content line, so the lines are
        // found first and copied once it is known.
        var cursor = resume
        var linesUsed = 1
        while cursor < bytes.count {
            let (contentEnd, next) = self.lineEnd(from: cursor)
            linesUsed += 1
            var first = cursor
            while first < contentEnd, bytes[first] == Lexer.space { first += 1 }
            if contentEnd - first >= 3, bytes[first] == Lexer.quote, bytes[first + 1] == Lexer.quote,
               bytes[first + 2] == Lexer.quote
            {
                let text = blockContent(from: resume, to: cursor, removingIndent: first - cursor)
                consumedLines = linesUsed
                resume = next
                return (decodedToken(.blockString, opening..<first + 3, value: text), first + 3, contentEnd)
            }
            cursor = next
        }
        report(.unterminatedString, .error, at: opening, length: 3,
               "block string has no closing \"\"\"; add a line holding only \"\"\" after its content")
        consumedLines = linesUsed
        let text = blockContent(from: resume, to: bytes.count, removingIndent: 0)
        resume = bytes.count
        return (decodedToken(.blockString, opening..<bytes.count, value: text), bytes.count, bytes.count)
    }

    /// Returns the content of a block string: the lines that start between `start` and `end`,
    /// each without its line break and without up to `indent` leading spaces, joined by `\n`.
    private mutating func blockContent(from start: Int, to end: Int, removingIndent indent: Int) -> String {
        var value = scratch
        scratch = []
        defer {
            value.removeAll(keepingCapacity: true)
            scratch = value
        }
        var cursor = start
        while cursor < end {
            let (contentEnd, next) = lineEnd(from: cursor)
            if cursor > start { value.append(Lexer.newline) }
            var first = cursor
            while first - cursor < indent, first < contentEnd, bytes[first] == Lexer.space { first += 1 }
            value.append(contentsOf: bytes[first..<contentEnd])
            cursor = next
        }
        return String(decoding: value, as: UTF8.self)
    }

    private mutating func report(
        _ code: DiagnosticCode, _ severity: Severity, at offset: Int, length: Int = 1, _ message: @autoclosure () -> String
    ) {
        guard diagnostics.accepts(code) else {
            diagnostics.drop(code, severity)
            return
        }
        diagnostics.append(Diagnostic(code, severity, at: file.location(of: offset), length: length, message()))
    }
}
