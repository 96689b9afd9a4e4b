/// A source of partial templates, looked up by the name in `{{>name}}` or `{{<name}}`.
///
/// Partials and parents share one namespace. Implementations must be safe to call from any
/// thread, because a `Template` may be rendered concurrently.
public protocol PartialResolver: Sendable {
    /// Returns the source text of the partial called `name`, or nil when there is none.
    ///
    /// A missing partial renders as the empty string, as the Mustache specification requires.
    /// - Throws: an error when the name is invalid or the partial cannot be read. The error
    ///   stops rendering.
    func partialSource(named name: String) throws -> String?
}

/// Partials held in memory, keyed by name.
public struct DictionaryPartials: PartialResolver {
    /// The source text of each partial, keyed by name.
    public var sources: [String: String]

    /// Creates a resolver over `sources`, keyed by partial name.
    public init(_ sources: [String: String]) {
        self.sources = sources
    }

    /// Returns the source stored under `name`, or nil.
    public func partialSource(named name: String) throws -> String? {
        sources[name]
    }
}
