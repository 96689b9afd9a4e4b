/// An open section, block or parent while the parser reads its content, or the template root.
struct ParserFrame {
    enum Kind {
        case root
        case section(DottedName, isInverted: Bool)
        /// A block. `isOverride` is true for a block directly inside a parent tag.
        case block(String, isOverride: Bool, opensStandalone: Bool, indentation: String?)
        /// A parent tag. `leadingSpace` is the whitespace before the opening tag when nothing
        /// else precedes it on its line, otherwise nil.
        case parent(PartialName, leadingSpace: String?, location: SourceLocation)

        /// Returns the frame's name for messages, for example `section "items"`.
        func description(closingName: String) -> String {
            switch self {
            case .root: return "template"
            case .section(_, let isInverted):
                return (isInverted ? "inverted section" : "section") + " \"\(closingName)\""
            case .block: return "block \"\(closingName)\""
            case .parent: return "parent \"\(closingName)\""
            }
        }
    }

    let kind: Kind
    /// The name that the closing tag must repeat, for example `items` or `*name`.
    let closingName: String
    let openTag: Tag
    /// The delimiters in force after the opening tag.
    let delimiters: Delimiters
    /// Whether a non-standalone opening tag begins a line (see `Node`).
    var startsLine = false
    var nodes: [Node] = []

    /// The frame as named in messages, for example `section "items"`.
    var description: String {
        kind.description(closingName: closingName)
    }

    var isParent: Bool {
        if case .parent = kind {
            return true
        }
        return false
    }
}
