import Foundation
import Mustache
import Testing

@Suite("Values")
struct ValueTests {
    @Test("JSON booleans stay distinct from 0 and 1")
    func jsonBooleans() throws {
        let json = #"{"yes": true, "no": false, "one": 1, "zero": 0, "half": 1.5, "two": 2.0}"#
        let value = try MustacheValue(jsonData: Data(json.utf8))
        #expect(value["yes"] == .bool(true))
        #expect(value["no"] == .bool(false))
        #expect(value["one"] == .int(1))
        #expect(value["zero"] == .int(0))
        #expect(value["half"] == .double(1.5))
        #expect(value["two"] == .double(2.0))
    }

    @Test("JSON numbers and booleans render as written")
    func jsonRendering() throws {
        let json =
            #"{"yes": true, "no": false, "one": 1, "zero": 0, "power": 1.21, "two": 2.0, "big": -12345678901}"#
        let template = try Template(
            source: "{{yes}} {{no}} {{one}} {{zero}} {{power}} {{two}} {{big}}")
        let output = try template.render(try MustacheValue(jsonData: Data(json.utf8)))
        #expect(output == "true false 1 0 1.21 2 -12345678901")
    }

    @Test("Section truthiness follows value kind")
    func truthiness() throws {
        let template = try Template(
            source: "{{#zero}}a{{/zero}}{{#no}}b{{/no}}{{#empty}}c{{/empty}}{{#none}}d{{/none}}"
                + "{{#list}}e{{/list}}{{#text}}f{{/text}}{{#object}}g{{/object}}")
        let context: MustacheValue = [
            "zero": 0, "no": false, "empty": "", "none": nil, "list": [], "text": "x",
            "object": [:],
        ]
        #expect(try template.render(context) == "afg")
    }

    @Test("Native Swift values convert")
    func nativeValues() throws {
        let object: [String: Any] = [
            "flag": true, "count": 3, "ratio": 0.25, "name": "n", "items": [1, "two"],
            "nothing": NSNull(),
        ]
        let value = try MustacheValue(jsonObject: object)
        #expect(value["flag"] == .bool(true))
        #expect(value["count"] == .int(3))
        #expect(value["ratio"] == .double(0.25))
        #expect(value["name"] == .string("n"))
        #expect(value["items"] == .array([.int(1), .string("two")]))
        #expect(value["nothing"] == .null)
    }

    @Test("Unsupported type names its path")
    func unsupportedType() throws {
        let object: [String: Any] = ["rows": [["when": Date()]]]
        let error = try #require(throws: MustacheError.self) {
            try MustacheValue(jsonObject: object)
        }
        #expect(error.kind == .unsupportedValue)
        #expect(error.message.contains("$.rows[0].when"))
    }

    @Test("Encodable model converts")
    func encodableModel() throws {
        struct Attack: Encodable {
            let name: String
            let cost: Int
            let feasible: Bool
        }
        let value = try MustacheValue(encoding: Attack(name: "phish", cost: 0, feasible: false))
        #expect(value == ["name": "phish", "cost": 0, "feasible": false])
    }

    @Test(
        "Doubles format as in the specification",
        arguments: [(1.21, "1.21"), (3.0, "3"), (-0.5, "-0.5"), (1e20, "1e+20"), (0.1, "0.1")])
    func doubleFormatting(_ number: Double, _ expected: String) {
        #expect(MustacheValue.formatted(number) == expected)
    }

    @Test("Interpolation escapes apostrophe and joins lists")
    func interpolationText() throws {
        let template = try Template(source: "{{text}}|{{{text}}}|{{list}}|{{object}}")
        let context: MustacheValue = [
            "text": "<a href='x'>&</a>", "list": [1, "b", true], "object": ["k": 1],
        ]
        #expect(
            try template.render(context)
                == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;|<a href='x'>&</a>|1,b,true|")
    }
}
