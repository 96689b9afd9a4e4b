import Foundation

/// A source file's text, held as UTF-8 bytes, with a line table for turning byte offsets into
/// line and column numbers.
///
/// A leading byte order mark is dropped and CRLF line endings read the same as LF, so that a file
/// saved by any editor parses the same way.
public struct SourceFile: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    public let path: String
    /// The text with a leading BOM removed. Carriage returns stay in place, and the lexer treats
    /// CRLF as one line break.
    public let bytes: [UInt8]
    /// Byte offset of the start of each line.
    public var lineStarts: LazyMapCollection<[UInt32], Int> { storedLineStarts.lazy.map { Int($0) } }
    /// The offsets in 32 bits, half the memory of `Int`s. A file has a line every few dozen
    /// bytes, and the CLI reads files of at most 256 MiB.
    /// NOTE: offsets past 4 GiB are clamped, like token offsets.
    private let storedLineStarts: [UInt32]

    /// Creates a source file from raw bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        self.bytes = body
        var starts: [UInt32] = [0]
        starts.reserveCapacity(body.count / 24 + 1)
        // memchr finds each line break many bytes at a time.
        body.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset)
            {
                offset = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(UInt32(clamping: offset))
            }
        }
        self.storedLineStarts = starts
    }

    /// Creates a source file from a string, as tests and the formatter do.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Returns the 1-based line and column of a byte offset. Columns count Unicode scalars, so
    /// a caret lines up under the right character in a terminal.
    /// - Complexity: O(log lines + length of the line up to the offset).
    public func location(of offset: Int) -> SourceLocation {
        location(of: offset, onLine: nil)
    }

    /// Returns the location of a byte offset expected on the 1-based line `hint`, which skips
    /// the search for the line when the hint is right and falls back to it when not.
    public func location(of offset: Int, onLine hint: Int?) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        if let hint, hint >= 1, hint <= lineStarts.count, lineStarts[hint - 1] <= clamped,
           hint == lineStarts.count || clamped < lineStarts[hint]
        {
            low = hint - 1
        } else {
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
            }
        }
        var column = 1
        var index = lineStarts[low]
        while index < clamped {
            // Continuation bytes (10xxxxxx) do not start a new scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(path: path, line: low + 1, column: column, offset: clamped)
    }

    /// Returns the text of a 1-based line without its line break, with invalid UTF-8 replaced.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Returns the text between two byte offsets, with invalid UTF-8 replaced. Offsets outside
    /// the file are clamped to it.
    public func text(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        // Decoding from a buffer pointer takes the standard library's fast path, which an
        // array slice does not. The buffer's slicing is not bounds-checked in release builds,
        // which is why the range is clamped first.
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[lower..<upper]), as: UTF8.self)
        }
    }
}

/// A position in a source file: 1-based line and column, and the byte offset it came from.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int
    public let offset: Int

    public init(path: String, line: Int, column: Int, offset: Int) {
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        return lhs.offset < rhs.offset
    }
}
