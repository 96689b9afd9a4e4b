import BrambleCore
import Mustache

/// Renders remediation plans from Mustache templates.
public enum RemediationPlan {
    /// Renders the Markdown plan with `template`, or with the built-in default.
    /// Values written as `{{field}}` are escaped for Markdown, so a title cannot break a table
    /// or inject HTML.
    public static func markdown(_ analysis: Analysis, template: Template? = nil) throws -> String {
        let template = try template ?? Template(source: DefaultTemplates.remediationPlanMarkdown, name: "remediation-plan.md.mustache")
        return try template.render(mustacheValue(ReportContext.make(analysis)), escape: Escaping.markdownInline)
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
