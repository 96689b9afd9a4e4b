import Mustache
import Testing

/// A malformed template with the place and text of the error it must raise.
struct MalformedTemplate: Sendable, CustomTestStringConvertible {
    let source: String
    let line: Int
    let column: Int
    let message: String

    var testDescription: String { String(reflecting: source) }
}

@Suite("Template errors")
struct ErrorTests {
    static let malformedTemplates: [MalformedTemplate] = [
        MalformedTemplate(
            source: "Hello {{name", line: 1, column: 7,
            message: "tag opened here is never closed; add \"}}\" to close it"),
        MalformedTemplate(
            source: "a\nb {{name\n{{other}}", line: 2, column: 3,
            message:
                "tag opened here is not closed before the next \"{{\"; add \"}}\" to close it"
        ),
        MalformedTemplate(
            source: "{{{name}}", line: 1, column: 1,
            message: "tag opened here is never closed; add \"}}}\" to close it"),
        MalformedTemplate(
            source: "x {{", line: 1, column: 3,
            message: "tag opened here is never closed; add \"}}\" to close it"),
        MalformedTemplate(
            source: "{{! comment", line: 1, column: 1,
            message: "tag opened here is never closed; add \"}}\" to close it"),
        MalformedTemplate(
            source: "one\ntwo\nthree\n      {{#items}}\n{{name}}\n", line: 4, column: 7,
            message: "section \"items\" opened here is never closed; add {{/items}}"),
        MalformedTemplate(
            source: "{{^empty}}\n", line: 1, column: 1,
            message: "inverted section \"empty\" opened here is never closed; add {{/empty}}"),
        MalformedTemplate(
            source: "{{=<% %>=}}\n  <%#a%>\n", line: 2, column: 3,
            message: "section \"a\" opened here is never closed; add <%/a%>"),
        MalformedTemplate(
            source: "{{<layout}}\n{{$title}}x\n", line: 2, column: 1,
            message: "block \"title\" opened here is never closed; add {{/title}}"),
        MalformedTemplate(
            source: "{{<layout}}\n", line: 1, column: 1,
            message: "parent \"layout\" opened here is never closed; add {{/layout}}"),
        MalformedTemplate(
            source: "{{#a}}\n  {{/b}}", line: 2, column: 3,
            message: "closing tag {{/b}} does not match the open section \"a\" from line 1, "
                + "column 1; add {{/a}} before it or fix the name"),
        MalformedTemplate(
            source: "x {{/a}}", line: 1, column: 3,
            message:
                "closing tag {{/a}} has no matching opening tag; remove it or add {{#a}} before it"),
        MalformedTemplate(
            source: "a\n {{}}", line: 2, column: 2,
            message: "tag {{}} has no name; write one between the delimiters, for example {{name}}"),
        MalformedTemplate(
            source: "{{# }}{{/ }}", line: 1, column: 1,
            message:
                "tag {{#}} has no name; write one between the delimiters, for example {{#name}}"),
        MalformedTemplate(
            source: "{{>}}", line: 1, column: 1,
            message:
                "tag {{>}} has no name; write one between the delimiters, for example {{>name}}"),
        MalformedTemplate(
            source: "{{>*}}", line: 1, column: 1,
            message: "tag {{>*}} has no name after \"*\"; write the key that contains the partial "
                + "name, for example {{>*name}}"),
        MalformedTemplate(
            source: "{{first name}}", line: 1, column: 1,
            message: "tag {{first name}} has a name with whitespace in it; names are single "
                + "words, so remove the space or use a dotted name such as a.b"),
        MalformedTemplate(
            source: "{{a..b}}", line: 1, column: 1,
            message: "tag {{a..b}} has an invalid dotted name; write keys separated by single "
                + "dots, for example a.b, or \".\" for the current item"),
        MalformedTemplate(
            source: "é {{=<% =}}", line: 1, column: 3,
            message: "invalid delimiter change {{=<%=}}: write the opening and the closing "
                + "delimiter separated by a space, for example {{=<% %>=}}"),
        MalformedTemplate(
            source: "{{=a= b=}}", line: 1, column: 1,
            message: "invalid delimiter change {{=a= b=}}: delimiters cannot contain \"=\"; "
                + "choose others, for example <% and %>"),
    ]

    @Test("Malformed template reports location", arguments: ErrorTests.malformedTemplates)
    func malformedTemplate(_ malformed: MalformedTemplate) throws {
        let error = try #require(throws: MustacheError.self) {
            try Template(source: malformed.source)
        }
        #expect(error.kind == .invalidTemplate)
        #expect(error.line == malformed.line)
        #expect(error.column == malformed.column)
        #expect(error.message == malformed.message)
    }

    @Test("Error description names template and place")
    func errorDescription() throws {
        let error = try #require(throws: MustacheError.self) {
            try Template(source: "\n\n\n      {{#items}}", name: "report.mustache")
        }
        #expect(
            error.description
                == "template \"report.mustache\", line 4, column 7: section \"items\" opened "
                + "here is never closed; add {{/items}}")
    }

    @Test("Malformed partial fails render with partial name")
    func malformedPartial() throws {
        let partials = DictionaryPartials(["row": "ok\n  {{#cells}}"])
        let template = try Template(source: "{{>row}}", partials: partials)
        let error = try #require(throws: MustacheError.self) { try template.render([:]) }
        #expect(error.kind == .invalidTemplate)
        #expect(error.templateName == "row")
        #expect(error.line == 2)
        #expect(error.column == 3)
    }

    @Test("Deep section nesting is rejected")
    func deepNesting() throws {
        let depth = 10_000
        let source =
            String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        let error = try #require(throws: MustacheError.self) { try Template(source: source) }
        #expect(error.kind == .invalidTemplate)
        #expect(error.line == 1)
        #expect(error.message.contains("nested more than 256 levels"))
    }

    @Test("Nesting at the limit renders")
    func nestingAtLimit() throws {
        let depth = 256
        let source =
            String(repeating: "{{#a}}", count: depth) + "{{v}}"
            + String(repeating: "{{/a}}", count: depth)
        let template = try Template(source: source)
        #expect(try template.render(["a": true, "v": "deep"]) == "deep")
    }
}
