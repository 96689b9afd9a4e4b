/// One token of a line: a bare word, a quoted string or a comma.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A run of characters up to white space, a quote or a comma: keywords, ids, numbers,
        /// level names, references and URLs.
        case word
        /// A quoted string; `text` is its value with escapes resolved.
        case string
        /// A `"""` block string spanning several lines; `text` holds its content with the
        /// common indentation removed.
        case blockString
        case comma
    }

    public let kind: Kind
    /// The token's value: the word itself, or a string's decoded content.
    public let text: String
    /// The bytes the token covers in its source file, quotes included.
    public let range: Range<Int>

    public init(kind: Kind, text: String, range: Range<Int>) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// Whether the token is a string of either form.
    public var isString: Bool { kind == .string || kind == .blockString }
}

/// One logical line: its indentation, its tokens and its trailing comment. A block string makes
/// one logical line out of several physical ones.
public struct SourceLine: Sendable {
    /// The number of leading spaces.
    public let indent: Int
    /// The 1-based number of the physical line the logical line starts on.
    public let lineNumber: Int
    /// The byte offset of the first character after the indentation.
    public let contentOffset: Int
    public let tokens: [Token]
    /// The comment at the end of the line, without the leading `#`.
    public let comment: String?

    /// Whether the line holds only white space or a comment.
    public var isBlank: Bool { tokens.isEmpty }
}
