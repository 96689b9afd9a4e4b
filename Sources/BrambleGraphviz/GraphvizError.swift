/// An error from reading, laying out or rendering DOT with libgraphviz.
///
/// Cases that carry `graphvizMessage` contain the text that libgraphviz reported, with
/// surrounding whitespace removed, or nil when it reported none.
public enum GraphvizError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The DOT input is empty or contains only whitespace.
    case emptyInput

    /// An argument contains a NUL character, which the C API would read as the end of the
    /// string. `argument` names the parameter, such as "dot" or "layout".
    case nulCharacter(argument: String)

    /// cgraph could not read a graph from the DOT input, for example because of a syntax
    /// error such as "syntax error in line 3 near '}'". A nil message means that the input
    /// contains no graph, for example only a comment.
    case parseFailed(graphvizMessage: String?)

    /// No layout engine named `name` is available. `available` lists the engines that the
    /// installed plugins provide.
    case unknownLayoutEngine(name: String, available: [String])

    /// The layout engine failed, or libgraphviz reported an error during layout, such as a
    /// malformed HTML-like label.
    case layoutFailed(engine: String, graphvizMessage: String?)

    /// Rendering to the output format failed, for example because its plugin is missing.
    case renderFailed(format: GraphvizFormat, graphvizMessage: String?)

    /// `gvContext()` returned NULL.
    case contextUnavailable

    /// The message text, with Graphviz's own message where it reported one.
    public var description: String {
        switch self {
        case .emptyInput:
            return "DOT input is empty: pass the text of one graph, such as `digraph { a -> b }`."
        case .nulCharacter(let argument):
            return "invalid \(argument): it contains a NUL character, which libgraphviz reads as "
                + "the end of the text. Remove or escape the character."
        case .parseFailed(let message?):
            return "invalid DOT: \(message)"
        case .parseFailed(nil):
            return "invalid DOT: the input contains no graph. Expected text such as "
                + "`digraph { a -> b }`."
        case .unknownLayoutEngine(let name, let available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "unknown Graphviz layout engine \"\(name)\". Available engines: \(list)."
        case .layoutFailed(let engine, let message?):
            return "Graphviz layout with engine \"\(engine)\" failed: \(message)"
        case .layoutFailed(let engine, nil):
            return "Graphviz layout with engine \"\(engine)\" failed without a message."
        case .renderFailed(let format, let message?):
            return "Graphviz rendering to \(format.rawValue) failed: \(message)"
        case .renderFailed(let format, nil):
            return "Graphviz rendering to \(format.rawValue) failed without a message."
        case .contextUnavailable:
            return "could not create a Graphviz context: gvContext() returned NULL."
        }
    }
}
