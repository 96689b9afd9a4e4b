/// A function in the rendered data that a tag calls instead of reading a value.
///
/// The text a lambda returns is itself rendered as a template against the current context.
/// For an interpolation tag (`{{name}}`) it is parsed with the default delimiters and then
/// HTML-escaped unless the tag is `{{{name}}}` or `{{&name}}`. For a section
/// (`{{#name}}…{{/name}}`) the lambda receives the section's unrendered text, and its result is
/// parsed with the delimiters in force at the section. An inverted section treats every lambda
/// as truthy and renders nothing.
public struct MustacheLambda: Sendable {
    /// The function: `nil` for an interpolation tag, the unrendered section text for a section.
    let body: @Sendable (String?) throws -> String

    /// Creates a lambda for interpolation tags. Used as a section, it ignores the section text.
    public init(_ body: @escaping @Sendable () throws -> String) {
        self.body = { _ in try body() }
    }

    /// Creates a lambda for sections, which receives the unrendered section text. Used in an
    /// interpolation tag, it receives the empty string.
    public init(section body: @escaping @Sendable (_ sectionText: String) throws -> String) {
        self.body = { text in try body(text ?? "") }
    }
}
