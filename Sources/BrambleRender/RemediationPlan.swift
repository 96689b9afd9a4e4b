import BrambleCore
import Mustache

/// Renders remediation plans from Mustache templates.
public enum RemediationPlan {
    /// Renders the Markdown plan with `template`, or with the built-in default.
    /// Values written as `{{field}}` are escaped for Markdown, so a title cannot break a table
    /// or inject HTML.
    public static func markdown(_ analysis: Analysis, template: Template? = nil) throws -> String {
        try markdown(PlanFacts(analysis), template: template)
    }

    /// Renders the Markdown plan of `facts` with `template`, or with the built-in default.
    public static func markdown(_ facts: PlanFacts, template: Template? = nil) throws -> String {
        try markdown(facts, template: template, escape: Escaping.markdownInline)
    }

    static func markdown(_ facts: PlanFacts, template: Template?, escape: @escaping @Sendable (String) -> String) throws -> String {
        let template = try template ?? DefaultTemplates.template(.markdown)
        return try template.render(mustacheValue(ReportContext.make(facts)), escape: escape)
    }

    /// A private-use character that stands for a line break inside text from the tree while
    /// the Markdown plan passes through the converter, which drops the raw `<br>` that
    /// Markdown escaping writes.
    static let lineBreakMarker = "\u{E000}"

    /// Escapes text for Markdown that will be converted to HTML: as `Escaping.markdownInline`,
    /// but line breaks become `lineBreakMarker`, and the marker in the text itself becomes
    /// U+FFFD so that it cannot turn into a line break.
    @Sendable static func markdownForHTML(_ text: String) -> String {
        Escaping.markdownInline(text.replacingOccurrences(of: lineBreakMarker, with: "\u{FFFD}"))
            .replacingOccurrences(of: "<br>", with: lineBreakMarker)
    }

    /// Renders the HTML plan: the Markdown plan, converted to HTML by `convert`, placed in the
    /// page template as `body`, with `facts.inputs.svg` in place of the diagram placeholder.
    ///
    /// `convert` must not pass raw HTML through. Fields of the page template written as
    /// `{{field}}` are escaped for HTML.
    public static func html(
        _ facts: PlanFacts, markdownTemplate: Template? = nil, pageTemplate: Template? = nil,
        convert: (String) throws -> String
    ) throws -> String {
        let markdown = try markdown(facts, template: markdownTemplate, escape: markdownForHTML)
        var body = try convert(markdown).replacingOccurrences(of: lineBreakMarker, with: "<br>")
        if let svg = facts.inputs.svg {
            let paragraph = "<p>\(ReportContext.diagramPlaceholder)</p>"
            if let range = body.range(of: paragraph) {
                body.replaceSubrange(range, with: "<figure class=\"diagram\">\n\(svg)\n</figure>")
            }
        }
        guard case .object(var members) = ReportContext.make(facts) else { return body }
        members.append(("body", .string(body)))
        let page = try pageTemplate ?? DefaultTemplates.template(.html)
        return try page.render(mustacheValue(.object(members)), escape: Escaping.html)
    }

    /// Converts report data into the value type the template engine reads.
    static func mustacheValue(_ value: JSONValue) -> MustacheValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(mustacheValue))
        case .object(let members):
            .object(Dictionary(members.map { ($0.0, mustacheValue($0.1)) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
