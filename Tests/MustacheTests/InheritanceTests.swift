import Mustache
import Testing

/// Inheritance cases beyond the specification file, mostly about indentation.
@Suite("Inheritance")
struct InheritanceTests {
    private func render(_ source: String, partials: [String: String], context: MustacheValue = [:])
        throws -> String
    {
        try Template(source: source, partials: DictionaryPartials(partials)).render(context)
    }

    @Test("Override indentation adapts to parent")
    func reindentedOverride() throws {
        let output = try render(
            "{{<parent}}\n        {{$block}}\n        Hello\n        {{/block}}\n{{/parent}}",
            partials: ["parent": "I say,\n  {{$block}}\n  Hi there!\n  {{/block}}"])
        #expect(output == "I say,\n  Hello\n")
    }

    @Test("Intrinsic indentation is removed inline")
    func intrinsicIndentationInline() throws {
        let output = try render(
            "* a\n* {{<parent}}{{$block}}\n        {{! big indent }}\n        c{{/block}}{{/parent}}\n* d",
            partials: ["parent": "{{$block}}x{{/block}}"])
        #expect(output == "* a\n* c\n* d")
    }

    @Test("Override in indented partial keeps partial indentation")
    func overrideInsideIndentedPartial() throws {
        let output = try render(
            "list:\n  {{>wrapper}}\n",
            partials: [
                "wrapper": "{{<base}}\n{{$items}}\n- one\n- two\n{{/items}}\n{{/base}}\n",
                "base": "begin\n  {{$items}}\n  - none\n  {{/items}}\nend\n",
            ])
        #expect(output == "list:\n  begin\n    - one\n    - two\n  end\n")
    }

    @Test("Block override sees data at expansion")
    func overrideContext() throws {
        let output = try render(
            "{{<rows}}{{$cell}}<{{name}}>{{/cell}}{{/rows}}",
            partials: ["rows": "{{#items}}{{$cell}}{{.}}{{/cell}};{{/items}}"],
            context: ["items": [["name": "a"], ["name": "b"]]])
        #expect(output == "<a>;<b>;")
    }

    @Test("Dynamic parent name resolves from data")
    func dynamicParent() throws {
        let output = try render(
            "{{<*layout}}{{$title}}T{{/title}}{{/*layout}}",
            partials: ["company": "[{{$title}}default{{/title}}]"],
            context: ["layout": "company"])
        #expect(output == "[T]")
    }

    @Test("Missing parent renders nothing")
    func missingParent() throws {
        #expect(try render("a{{<none}}{{$x}}y{{/x}}{{/none}}b", partials: [:]) == "ab")
    }
}
