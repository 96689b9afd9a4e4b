/// The UTF-8 bytes of a template, with the byte-level searches that the parser needs.
///
/// Offsets are byte offsets. Delimiters, whitespace and newlines are ASCII, so a byte search
/// never splits a multi-byte character.
struct SourceText {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var count: Int { bytes.count }

    /// Returns the first offset at or after `start` where `needle` occurs and ends by `end`
    /// (the end of the text by default), or nil.
    /// - Complexity: O(n × m) in the worst case for n bytes searched and a needle of m bytes.
    ///   Delimiters are a few bytes long, so this is linear in practice.
    func firstOffset(of needle: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let last = (end ?? bytes.count) - needle.count
        guard let first = needle.first, start <= last else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            while index <= last {
                if buffer[index] == first, matches(needle, at: index, in: buffer) {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    private func matches(_ needle: [UInt8], at offset: Int, in buffer: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        for (index, byte) in needle.enumerated() where buffer[offset + index] != byte {
            return false
        }
        return true
    }

    /// Returns whether `needle` occurs inside `range`.
    func contains(_ needle: [UInt8], in range: Range<Int>) -> Bool {
        firstOffset(of: needle, from: range.lowerBound, to: range.upperBound) != nil
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Returns the start of the line that contains `offset` when only spaces and tabs precede
    /// `offset` on that line, otherwise nil.
    /// - Complexity: O(k) for the k spaces and tabs before `offset`.
    func lineStartIfBlank(before offset: Int) -> Int? {
        var index = offset - 1
        while index >= 0, SourceText.isInlineSpace(bytes[index]) {
            index -= 1
        }
        if index < 0 {
            return 0
        }
        return bytes[index] == UInt8(ascii: "\n") ? index + 1 : nil
    }

    /// Returns the offset after the end of the line that contains `offset` (after its `\n` or
    /// `\r\n`, or the end of the text) when only spaces and tabs follow `offset` on that line,
    /// otherwise nil.
    func lineEndIfBlank(after offset: Int) -> Int? {
        var index = offset
        while index < bytes.count, SourceText.isInlineSpace(bytes[index]) {
            index += 1
        }
        if index == bytes.count {
            return index
        }
        if bytes[index] == UInt8(ascii: "\n") {
            return index + 1
        }
        if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count,
            bytes[index + 1] == UInt8(ascii: "\n")
        {
            return index + 2
        }
        return nil
    }

    /// Returns the spaces and tabs that start at `offset`.
    func leadingSpace(at offset: Int) -> String {
        var end = offset
        while end < bytes.count, SourceText.isInlineSpace(bytes[end]) {
            end += 1
        }
        return string(offset..<end)
    }

    /// Returns the 1-based line and column of `offset`. Columns count Unicode scalars.
    /// - Complexity: O(offset), so the parser calls it only to report an error.
    func location(of offset: Int) -> SourceLocation {
        var tracker = LocationTracker()
        return tracker.location(of: offset, in: self)
    }

    static func isInlineSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        isInlineSpace(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

/// Converts byte offsets to line and column while the parser moves forward, so that locating
/// many tags costs one pass over the text in total.
struct LocationTracker {
    private var scannedUpTo = 0
    private var line = 1
    private var column = 1

    /// Returns the location of `offset`, which must not be smaller than in the previous call.
    /// Columns count Unicode scalars, so a tab or an emoji counts as one column.
    mutating func location(of offset: Int, in source: SourceText) -> SourceLocation {
        while scannedUpTo < offset {
            let byte = source.bytes[scannedUpTo]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                // Every byte except a UTF-8 continuation byte starts a new scalar.
                column += 1
            }
            scannedUpTo += 1
        }
        return SourceLocation(line: line, column: column)
    }
}
