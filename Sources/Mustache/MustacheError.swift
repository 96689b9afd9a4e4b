/// An error from parsing or rendering a template, with the place in the template when known.
public struct MustacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of a `MustacheError`.
    public enum Kind: Sendable, Equatable {
        /// The template text is malformed: an unclosed tag or section, a mismatched closing
        /// tag, an invalid delimiter change or an empty or invalid tag name.
        case invalidTemplate
        /// Partials, parents or lambdas are nested deeper than the template's limit, which
        /// usually means that a partial includes itself without a stopping condition.
        case recursionLimitExceeded
        /// A partial name was rejected by the partial resolver.
        case invalidPartialName
        /// A partial was not found and the resolver is set to fail on missing partials.
        case partialNotFound
        /// A partial exists but could not be read.
        case unreadablePartial
        /// A Foundation object passed as data has a type that Mustache cannot render.
        case unsupportedValue
    }

    /// The category of the error.
    public var kind: Kind
    /// The explanation of the problem and of its fix, without the location.
    public var message: String
    /// The name of the template that contains the problem: the partial name, "lambda result",
    /// or the name given to the main template. Nil for an unnamed main template.
    public var templateName: String?
    /// The 1-based line of the problem, when it has a place in a template.
    public var line: Int?
    /// The 1-based column of the problem, counted in Unicode scalars, when it has a place.
    public var column: Int?

    /// Creates an error. `line` and `column` are 1-based.
    public init(
        kind: Kind, message: String, templateName: String? = nil, line: Int? = nil,
        column: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.templateName = templateName
        self.line = line
        self.column = column
    }

    /// The message prefixed with its location, for example
    /// `template "row", line 4, column 7: section "items" opened here is never closed; add {{/items}}`.
    public var description: String {
        var location: [String] = []
        if let templateName {
            location.append("template \"\(templateName)\"")
        }
        if let line, let column {
            location.append("line \(line), column \(column)")
        }
        if location.isEmpty {
            return message
        }
        return location.joined(separator: ", ") + ": " + message
    }
}
