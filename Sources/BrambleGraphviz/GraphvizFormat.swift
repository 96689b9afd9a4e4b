/// An output format that `Graphviz.render` produces, named as in `dot -T`.
public enum GraphvizFormat: String, CaseIterable, Sendable {
    /// Scalable Vector Graphics, from Graphviz's core SVG renderer.
    case svg
    /// Portable Network Graphics, from the cairo plugin.
    case png
    /// Portable Document Format, from the cairo plugin.
    case pdf
}
