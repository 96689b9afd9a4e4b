import Foundation
import Mustache
import Testing

/// A temporary folder of partial files, removed when the value is no longer used.
private final class PartialFolder {
    let url: URL

    init(files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mustache-partials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

@Suite("Partials")
struct PartialTests {
    @Test("Directory partials render from files")
    func directoryPartials() throws {
        let folder = try PartialFolder(files: [
            "row.mustache": "<li>{{name}}</li>\n",
            "list.mustache": "<ul>\n  {{#items}}\n  {{>row}}\n  {{/items}}\n</ul>\n",
        ])
        let template = try Template(
            source: "{{>list}}", partials: DirectoryPartials(url: folder.url))
        let output = try template.render(["items": [["name": "a"], ["name": "b"]]])
        #expect(output == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test("Template file reads its source")
    func templateFile() throws {
        let folder = try PartialFolder(files: [
            "page.mustache": "{{<layout}}{{$body}}hi{{/body}}{{/layout}}",
            "layout.mustache": "[{{$body}}{{/body}}]",
        ])
        let template = try Template(
            contentsOf: folder.url.appendingPathComponent("page.mustache"),
            partials: DirectoryPartials(url: folder.url))
        #expect(template.name == "page.mustache")
        #expect(try template.render([:]) == "[hi]")
    }

    @Test(
        "Directory partials reject names outside folder",
        arguments: ["../x", "a/b", "/etc/passwd", "..", "a\\b", "x\u{0}y", ""])
    func rejectedNames(_ name: String) throws {
        let folder = try PartialFolder(files: [:])
        let resolver = DirectoryPartials(url: folder.url)
        let error = try #require(throws: MustacheError.self) {
            try resolver.partialSource(named: name)
        }
        #expect(error.kind == .invalidPartialName)
        #expect(error.message.hasPrefix("invalid partial name"))
    }

    @Test("Dynamic name cannot escape folder")
    func dynamicNameEscape() throws {
        let folder = try PartialFolder(files: ["inner.mustache": "inner"])
        let secret = folder.url.deletingLastPathComponent().appendingPathComponent(
            "secret.mustache")
        let template = try Template(
            source: "a\n  b {{>*name}}", partials: DirectoryPartials(url: folder.url))
        let error = try #require(throws: MustacheError.self) {
            try template.render([
                "name": .string("../" + secret.deletingPathExtension().lastPathComponent)
            ])
        }
        #expect(error.kind == .invalidPartialName)
        #expect(error.line == 2)
        #expect(error.column == 5)
        #expect(try template.render(["name": "inner"]) == "a\n  b inner")
    }

    @Test("Missing file renders empty unless required")
    func missingFile() throws {
        let folder = try PartialFolder(files: [:])
        let lenient = try Template(
            source: "[{{>nothing}}]", partials: DirectoryPartials(url: folder.url))
        #expect(try lenient.render([:]) == "[]")

        let strict = try Template(
            source: "[{{>nothing}}]",
            partials: DirectoryPartials(url: folder.url, failOnMissing: true))
        let error = try #require(throws: MustacheError.self) { try strict.render([:]) }
        #expect(error.kind == .partialNotFound)
        #expect(error.line == 1)
        #expect(error.column == 2)
    }

    @Test("Self-including partial hits recursion limit")
    func recursionLimit() throws {
        let partials = DictionaryPartials(["self": "x\n {{>self}}"])
        let template = try Template(source: "{{>self}}", partials: partials)
        let error = try #require(throws: MustacheError.self) { try template.render([:]) }
        #expect(error.kind == .recursionLimitExceeded)
        #expect(error.templateName == "self")
        #expect(error.line == 2)
        #expect(error.column == 2)
        #expect(error.message.contains("partial \"self\" is nested more than 100 levels deep"))
    }

    @Test("Mutually recursive partials hit recursion limit")
    func mutualRecursion() throws {
        let partials = DictionaryPartials(["a": "{{>b}}", "b": "{{>a}}"])
        let template = try Template(source: "{{>a}}", partials: partials, maxPartialDepth: 10)
        let error = try #require(throws: MustacheError.self) { try template.render([:]) }
        #expect(error.kind == .recursionLimitExceeded)
        #expect(error.message.contains("nested more than 10 levels deep"))
    }

    @Test("Self-including parent hits recursion limit")
    func parentRecursion() throws {
        let partials = DictionaryPartials(["layout": "{{<layout}}{{$a}}x{{/a}}{{/layout}}"])
        let template = try Template(source: "{{<layout}}{{/layout}}", partials: partials)
        let error = try #require(throws: MustacheError.self) { try template.render([:]) }
        #expect(error.kind == .recursionLimitExceeded)
    }

    @Test("Self-including block hits depth limit")
    func blockRecursion() throws {
        let partials = DictionaryPartials(["layout": "{{$a}}default{{/a}}"])
        let template = try Template(
            source: "{{<layout}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/layout}}", partials: partials)
        let error = try #require(throws: MustacheError.self) { try template.render([:]) }
        #expect(error.kind == .recursionLimitExceeded)
    }

    @Test("Recursive tree within limit renders")
    func recursiveTree() throws {
        let partials = DictionaryPartials(["node": "{{name}}{{#children}}({{>node}}){{/children}}"])
        let template = try Template(source: "{{>node}}", partials: partials)
        var tree: MustacheValue = ["name": "leaf", "children": []]
        for level in 0..<90 {
            tree = ["name": .string("n\(level)"), "children": [tree]]
        }
        let output = try template.render(tree)
        #expect(output.hasPrefix("n89(n88("))
        #expect(output.hasSuffix("(leaf)" + String(repeating: ")", count: 89)))
    }

    @Test("Nested standalone partials add indentation")
    func nestedIndentation() throws {
        let partials = DictionaryPartials([
            "outer": "outer:\n  {{>inner}}\n",
            "inner": "inner:\n  {{value}}\n",
        ])
        let template = try Template(source: "root:\n  {{>outer}}\n", partials: partials)
        let output = try template.render(["value": "x\ny"])
        #expect(output == "root:\n  outer:\n    inner:\n      x\ny\n")
    }

    @Test("Parent overrides one block of a default template")
    func companyOverride() throws {
        let partials = DictionaryPartials([
            "default":
                "<h1>{{$title}}Report{{/title}}</h1>\n{{$footer}}\n<p>Default footer</p>\n{{/footer}}\n"
        ])
        let template = try Template(
            source: "{{<default}}\n{{$footer}}\n<p>ACME Corp</p>\n{{/footer}}\n{{/default}}\n",
            partials: partials)
        #expect(try template.render([:]) == "<h1>Report</h1>\n<p>ACME Corp</p>\n")
    }
}
