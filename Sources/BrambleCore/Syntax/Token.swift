/// One token of a line: a bare word, a quoted string or a comma.
///
/// A token holds positions only, no text, so that copying one costs no reference counting and
/// a file's tokens are a flat list of plain values. `SyntaxTree.text(_:)` gives a token's value.
public struct Token: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        /// A run of characters up to white space, a quote or a comma: keywords, ids, numbers,
        /// level names, references and URLs.
        case word
        /// A quoted string; its value has escapes resolved.
        case string
        /// A `"""` block string spanning several lines; its value is the content with the
        /// common indentation removed.
        case blockString
        case comma
    }

    // The offsets are stored in 32 bits, and the kind in the top two bits of a third 32-bit
    // field, which keeps a token at 12 bytes. A million-node tree has several million tokens,
    // and the CLI reads files of at most 256 MiB.
    // NOTE: offsets past 4 GiB are clamped, so a larger file would report wrong positions.
    private let start: UInt32
    private let end: UInt32
    /// The kind in the top two bits, and in the others `decodedValue`.
    private let kindAndValue: UInt32

    public var kind: Kind { Kind(rawValue: UInt8(kindAndValue >> 30))! }

    /// The position of the decoded value in the file's list of decoded values, plus 1. It is 0
    /// when the value is the token's own bytes, as for words and strings without escapes. A
    /// file has fewer decoded values than half its bytes, so 30 bits are enough.
    var decodedValue: UInt32 { kindAndValue & Token.valueMask }

    private static let valueMask: UInt32 = (1 << 30) - 1

    /// The bytes the token covers in its source file, quotes included.
    public var range: Range<Int> { Int(start)..<Int(end) }

    init(kind: Kind, range: Range<Int>, decodedValue: Int = 0) {
        self.start = UInt32(clamping: range.lowerBound)
        self.end = UInt32(clamping: range.upperBound)
        self.kindAndValue = UInt32(kind.rawValue) << 30 | min(UInt32(clamping: decodedValue), Token.valueMask)
    }

    /// The bytes that hold the value when it needs no decoding: a string's without its quotes.
    var valueRange: Range<Int> {
        kind == .string && end - start >= 2 ? Int(start) + 1..<Int(end) - 1 : range
    }

    /// Whether the token is a string of either form.
    public var isString: Bool { kind == .string || kind == .blockString }
}

/// A token together with its value, as the formatter uses it: a line being rewritten may hold
/// tokens that are not in the file, such as a new id.
public struct WrittenToken: Sendable, Hashable {
    public let kind: Token.Kind
    /// The value: a word as written, or a string's decoded content.
    public let text: String
    /// The bytes the token covers in its source file, or an empty range where it is inserted.
    public let range: Range<Int>

    public init(kind: Token.Kind, text: String, range: Range<Int>) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// Whether the token is a string of either form.
    public var isString: Bool { kind == .string || kind == .blockString }
}

/// One logical line: its indentation, where its tokens are and its trailing comment. A block
/// string makes one logical line out of several physical ones.
///
/// The fields are stored in 32 bits each, which keeps a line at 24 bytes: a file has a line
/// for every few dozen bytes. Like token offsets, values past 4 GiB are clamped.
public struct SourceLine: Sendable {
    private let storedIndent: UInt32
    private let storedLineNumber: UInt32
    private let storedContentOffset: UInt32
    private let firstToken: UInt32
    private let endToken: UInt32
    /// The byte offset just after the `#` of the line's comment, or 0 when the line has none.
    /// A comment's text follows its `#`, so it never starts at offset 0.
    private let storedCommentStart: UInt32

    init(indent: Int, lineNumber: Int, contentOffset: Int, tokenRange: Range<Int>, commentStart: Int?) {
        storedIndent = UInt32(clamping: indent)
        storedLineNumber = UInt32(clamping: lineNumber)
        storedContentOffset = UInt32(clamping: contentOffset)
        firstToken = UInt32(clamping: tokenRange.lowerBound)
        endToken = UInt32(clamping: tokenRange.upperBound)
        storedCommentStart = UInt32(clamping: commentStart ?? 0)
    }

    /// The number of leading spaces.
    public var indent: Int { Int(storedIndent) }
    /// The 1-based number of the physical line the logical line starts on.
    public var lineNumber: Int { Int(storedLineNumber) }
    /// The byte offset of the first character after the indentation.
    public var contentOffset: Int { Int(storedContentOffset) }
    /// The positions of the line's tokens in the file's token list (`SyntaxTree.allTokens`).
    /// Every line's tokens are kept in one list, which costs one allocation for the whole file
    /// instead of one per line.
    public var tokenRange: Range<Int> { Int(firstToken)..<Int(endToken) }
    /// The byte offset of the comment's text, just after its `#`, or nil when the line has no
    /// comment. `SyntaxTree.comment(ofLine:)` gives the text.
    public var commentOffset: Int? { storedCommentStart == 0 ? nil : Int(storedCommentStart) }

    /// Whether the line holds only white space or a comment.
    public var isBlank: Bool { firstToken == endToken }
}

/// The tokens of one line, numbered from 0, read from the file's token list without copying.
public struct TokenSpan: RandomAccessCollection, Sendable {
    private let storage: [Token]
    private let offset: Int
    public let endIndex: Int

    init(_ storage: [Token], _ range: Range<Int>) {
        self.storage = storage
        self.offset = range.lowerBound
        self.endIndex = range.count
    }

    public var startIndex: Int { 0 }

    public subscript(position: Int) -> Token {
        precondition(position >= 0 && position < endIndex, "token index out of range")
        return storage[offset + position]
    }
}
