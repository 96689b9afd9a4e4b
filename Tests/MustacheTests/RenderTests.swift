import Foundation
import Mustache
import Testing

@Suite("Rendering")
struct RenderTests {
    @Test("Thousands of items render quickly")
    func manyItems() throws {
        let template = try Template(
            source: """
                <table>
                {{#rows}}
                  <tr><td>{{id}}</td><td>{{name}}</td><td>{{cost}}</td>{{#critical}}<td>!</td>{{/critical}}</tr>
                {{/rows}}
                </table>

                """)
        let rows: [MustacheValue] = (0..<5_000).map { index in
            [
                "id": .int(index), "name": .string("node <\(index)>"),
                "cost": .double(Double(index) / 4),
                "critical": .bool(index % 7 == 0),
            ]
        }
        let clock = ContinuousClock()
        var output = ""
        let elapsed = try clock.measure { output = try template.render(["rows": .array(rows)]) }

        #expect(
            output.hasPrefix(
                "<table>\n  <tr><td>0</td><td>node &lt;0&gt;</td><td>0</td><td>!</td></tr>\n"))
        #expect(output.hasSuffix("<td>1249.75</td></tr>\n</table>\n"))
        #expect(output.components(separatedBy: "\n").count == 5_003)
        // A debug build took 0.06 s on a 2-core Linux machine, including building the rows, so
        // the bound of 2 s leaves room for slow CI machines.
        #expect(elapsed < .seconds(2), "rendering 5,000 rows took \(elapsed)")
    }

    @Test("Large template parses and renders in linear time")
    func largeTemplate() throws {
        let line = "text {{a}} {{#s}}{{b}}{{/s}} {{! note }}{{>p}}\n"
        let source = String(repeating: line, count: 20_000)
        let clock = ContinuousClock()
        var output = ""
        let elapsed = try clock.measure {
            let template = try Template(source: source, partials: DictionaryPartials(["p": "P"]))
            output = try template.render(["a": "A", "s": true, "b": "B"])
        }
        #expect(output == String(repeating: "text A B P\n", count: 20_000))
        #expect(elapsed < .seconds(5), "a template of 20,000 lines took \(elapsed)")
    }

    @Test("Long single line with many partials stays linear")
    func longLine() throws {
        let source = String(repeating: "{{>p}}", count: 50_000)
        let template = try Template(source: source, partials: DictionaryPartials(["p": "x"]))
        #expect(try template.render([:]) == String(repeating: "x", count: 50_000))
    }

    @Test("Standalone tags remove CRLF lines")
    func crlfLines() throws {
        let template = try Template(source: "a\r\n{{#s}}\r\n  {{v}}\r\n{{/s}}\r\nb\r\n")
        #expect(try template.render(["s": true, "v": 1]) == "a\r\n  1\r\nb\r\n")
    }

    @Test("Template renders concurrently")
    func concurrentRendering() async throws {
        let template = try Template(source: "{{#items}}{{.}},{{/items}}")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for worker in 0..<8 {
                group.addTask { try template.render(["items": [.int(worker), .int(worker + 1)]]) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(outputs.count == 8)
        #expect(outputs.contains("3,4,"))
    }

    /// Random templates built from Mustache syntax characters must either parse and render or
    /// throw `MustacheError`: never crash or hang.
    @Test("Random templates never crash")
    func randomTemplates() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let pieces = [
            "{{", "}}", "{", "}", "#", "^", "/", "!", "<", ">", "$", "=", "&", "*", ".",
            "a", "b", " ", "\n", "\r\n", "{{#a}}", "{{/a}}", "{{>p}}", "{{<p}}", "{{$b}}",
            "{{/b}}", "{{/p}}", "{{=<% %>=}}", "<%", "%>", "{{.}}", "{{>*name}}",
        ]
        let partials = DictionaryPartials(["p": "{{>p}}{{$b}}x{{/b}}", "q": "{{#a}}{{>q}}{{/a}}"])
        let context: MustacheValue = ["a": [1, ["a": false]], "b": "B", "name": "q"]
        var parsed = 0
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 24)
            let source = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }.joined()
            do {
                let template = try Template(source: source, partials: partials, maxPartialDepth: 20)
                parsed += 1
                _ = try template.render(context)
            } catch is MustacheError {
                continue
            }
        }
        #expect(parsed > 100, "too few random templates were valid to exercise rendering")
    }
}

/// A small deterministic random number generator, so that failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
