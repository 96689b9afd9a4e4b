/// One element of a parsed template.
///
/// `startsLine` on a node means that the node begins a line of the template after standalone
/// lines were removed. The renderer writes the current indentation there, which is how
/// standalone partials and blocks indent every line of the text they include.
enum Node: Sendable {
    /// Literal text. Its line starts are the start (when `startsLine`) and each position after
    /// a newline that is not the last character.
    case text(String, startsLine: Bool)
    case variable(VariableNode)
    case section(SectionNode)
    case partial(PartialNode)
    case block(BlockNode)
    case parent(ParentNode)
}

/// A name in a tag: `.` for the current context, otherwise one or more keys joined by dots.
struct DottedName: Sendable, Equatable {
    /// The keys to look up in turn. Empty for the implicit iterator `.`.
    let keys: [String]
}

/// The name of a partial or parent: fixed in the template, or read from the context
/// (`{{>*name}}`).
enum PartialName: Sendable {
    case fixed(String)
    case dynamic(DottedName)
}

/// The 1-based place of a tag in its template, kept for errors raised while rendering.
struct SourceLocation: Sendable {
    let line: Int
    let column: Int
}

/// An interpolation tag: `{{name}}`, `{{{name}}}` or `{{&name}}`.
struct VariableNode: Sendable {
    let name: DottedName
    let escapesHTML: Bool
    let startsLine: Bool
}

/// A section `{{#name}}…{{/name}}` or an inverted section `{{^name}}…{{/name}}`.
struct SectionNode: Sendable {
    let name: DottedName
    let isInverted: Bool
    let children: [Node]
    /// The unrendered text between the tags, passed to a lambda.
    let sourceText: String
    /// The delimiters in force at the opening tag, used to parse a lambda's result.
    let delimiters: Delimiters
    let startsLine: Bool
}

/// A partial tag `{{>name}}`.
struct PartialNode: Sendable {
    let name: PartialName
    /// The whitespace before a standalone tag, added to every line of the partial. Nil when
    /// the tag is not standalone.
    let indentation: String?
    let startsLine: Bool
    let location: SourceLocation
}

/// A block `{{$name}}…{{/name}}`: a default in a template, or an override inside a parent.
struct BlockNode: Sendable {
    let name: String
    let children: [Node]
    /// Whether the opening tag is standalone, so that the content starts on its own line.
    let opensStandalone: Bool
    /// The indentation of the block's lines. For a standalone opening tag it is the leading
    /// whitespace of the next line. Otherwise it is the whitespace before the tag when only
    /// whitespace precedes it on its line, and nil in all other cases.
    let indentation: String?
    let startsLine: Bool
}

/// A parent tag `{{<name}}…{{/name}}`: a partial whose blocks are replaced by `overrides`.
struct ParentNode: Sendable {
    let name: PartialName
    /// The blocks defined directly inside the parent tag, keyed by name.
    let overrides: [String: BlockNode]
    /// The whitespace before the opening tag when the tag pair is standalone, otherwise nil.
    let indentation: String?
    let startsLine: Bool
    let location: SourceLocation
}

/// The opening and closing tag delimiters, `{{` and `}}` unless a `{{=<% %>=}}` tag changes
/// them.
struct Delimiters: Sendable, Equatable {
    let open: [UInt8]
    let close: [UInt8]

    static let standard = Delimiters(open: Array("{{".utf8), close: Array("}}".utf8))

    var openText: String { String(decoding: open, as: UTF8.self) }
    var closeText: String { String(decoding: close, as: UTF8.self) }
}
