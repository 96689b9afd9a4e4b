import Foundation
import Mustache
import TestSupport
import Testing

/// One test case of a Mustache specification file.
struct SpecCase: Sendable {
    let file: String
    let name: String
    let summary: String
    let template: String
    let data: MustacheValue
    let partials: [String: String]
    let expected: String
}

/// Reading and checking the Mustache specification files in the shared fixture folder.
enum SpecSuite {
    /// The specification files that the engine passes without lambdas.
    static let files = [
        "comments.json", "delimiters.json", "interpolation.json", "inverted.json",
        "partials.json", "sections.json", "~inheritance.json", "~dynamic-names.json",
    ]

    /// Reads the cases of `file`. Data values tagged `"__tag__": "code"` (lambdas written in
    /// other languages) are replaced by `lambdas[caseName]`, or by `null` when it has none.
    static func cases(in file: String, lambdas: [String: MustacheLambda] = [:]) throws -> [SpecCase]
    {
        let url = try SharedFixtures.url("conformance/mustache/\(file)")
        let root = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        let tests = try #require((root as? [String: Any])?["tests"] as? [[String: Any]])
        return try tests.map { test in
            let name = try #require(test["name"] as? String)
            let data = replacingCode(in: test["data"] ?? NSNull(), with: lambdas[name])
            return SpecCase(
                file: file,
                name: name,
                summary: test["desc"] as? String ?? "",
                template: try #require(test["template"] as? String),
                data: try MustacheValue(jsonObject: data),
                partials: test["partials"] as? [String: String] ?? [:],
                expected: try #require(test["expected"] as? String))
        }
    }

    /// Renders `specCase` and records an issue naming the file and case when the output
    /// differs from the expected text or rendering throws.
    static func check(_ specCase: SpecCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let label = "\(specCase.file), case \"\(specCase.name)\" (\(specCase.summary))"
        do {
            let template = try Template(
                source: specCase.template, partials: DictionaryPartials(specCase.partials))
            let actual = try template.render(specCase.data)
            #expect(
                actual == specCase.expected,
                """
                \(label)
                template: \(visible(specCase.template))
                expected: \(visible(specCase.expected))
                actual:   \(visible(actual))
                """,
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(label) threw: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Returns `text` as a quoted Swift literal, so that whitespace and newlines show.
    static func visible(_ text: String) -> String {
        String(reflecting: text)
    }

    private static func replacingCode(in object: Any, with lambda: MustacheLambda?) -> Any {
        switch object {
        case let members as [String: Any]:
            if members["__tag__"] as? String == "code" {
                return lambda.map { MustacheValue.lambda($0) } ?? NSNull()
            }
            return members.mapValues { replacingCode(in: $0, with: lambda) }
        case let items as [Any]:
            return items.map { replacingCode(in: $0, with: lambda) }
        default:
            return object
        }
    }
}
