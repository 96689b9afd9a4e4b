import Foundation

/// A parsed Mustache template, ready to render any number of times.
///
/// Parsing checks the whole template, so a malformed template fails when it is created.
/// Partials are read and parsed when a render first needs them. A template is immutable and
/// can be rendered from several threads at once.
///
/// ```swift
/// let template = try Template(source: "Hello {{name}}!")
/// let text = try template.render(["name": "world"])
/// ```
public struct Template: Sendable {
    /// The default maximum nesting of partials, parents and lambda results.
    public static let defaultMaxPartialDepth = 100

    /// The name used in error messages, such as the file name.
    public let name: String?
    /// The source of `{{>name}}` partials and `{{<name}}` parents, or nil when there is none.
    public let partials: (any PartialResolver)?
    /// The maximum nesting of partials, parents and lambda results in one render. A partial
    /// that includes itself without end fails with `.recursionLimitExceeded` at this depth.
    /// Rendering also fails beyond 512 nested sections, blocks and partials combined.
    public let maxPartialDepth: Int

    let nodes: [Node]

    /// Parses `source` into a template.
    /// - Parameters:
    ///   - name: the name used in error messages, such as the file name.
    ///   - partials: the source of partials and parents.
    ///   - maxPartialDepth: the maximum nesting of partials, parents and lambda results.
    /// - Throws: `MustacheError` of kind `.invalidTemplate` with the line and column of the
    ///   first problem.
    /// - Complexity: O(n) in the length of the source.
    public init(
        source: String, name: String? = nil, partials: (any PartialResolver)? = nil,
        maxPartialDepth: Int = Template.defaultMaxPartialDepth
    ) throws {
        self.name = name
        self.partials = partials
        self.maxPartialDepth = maxPartialDepth
        self.nodes = try Parser.parse(source, templateName: name)
    }

    /// Reads and parses the UTF-8 template file at `url`, named by its file name in errors.
    /// - Throws: the Foundation error when the file cannot be read, or `MustacheError` as
    ///   `init(source:name:partials:maxPartialDepth:)` does.
    public init(
        contentsOf url: URL, partials: (any PartialResolver)? = nil,
        maxPartialDepth: Int = Template.defaultMaxPartialDepth
    ) throws {
        try self.init(
            source: try String(contentsOf: url, encoding: .utf8), name: url.lastPathComponent,
            partials: partials, maxPartialDepth: maxPartialDepth)
    }

    /// Renders the template with `context` as the root of the context stack.
    /// - Throws: `MustacheError` when a partial is malformed or cannot be read, when partials
    ///   nest deeper than `maxPartialDepth`, or when a lambda throws.
    /// - Complexity: O(n) in the size of the output, apart from lookups in the context stack.
    public func render(_ context: MustacheValue) throws -> String {
        try render(context, escape: nil)
    }

    /// Renders the template, escaping `{{name}}` values with `escape` instead of HTML escaping,
    /// for outputs such as Markdown that need their own escaping. Triple mustaches and `&`
    /// tags still write values unescaped.
    public func render(_ context: MustacheValue, escape: (@Sendable (String) -> String)?) throws -> String {
        let renderer = Renderer(
            context: context, partials: partials, maxPartialDepth: maxPartialDepth,
            templateName: name)
        renderer.escape = escape
        try renderer.render(nodes, blocks: [:])
        return String(decoding: renderer.output, as: UTF8.self)
    }
}
