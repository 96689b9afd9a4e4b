import Foundation
import Mustache
import TestSupport
import Testing

/// Counts calls from concurrent closures.
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

/// The lambda specification, with its lambdas rewritten as Swift closures, and lambdas in
/// general.
@Suite("Lambdas")
struct LambdaTests {
    /// Swift versions of the lambdas in the specification file, keyed by case name.
    static func specificationLambdas() -> [String: MustacheLambda] {
        let counter = CallCounter()
        return [
            "Interpolation": MustacheLambda { "world" },
            "Interpolation - Expansion": MustacheLambda { "{{planet}}" },
            "Interpolation - Alternate Delimiters": MustacheLambda { "|planet| => {{planet}}" },
            "Interpolation - Multiple Calls": MustacheLambda { String(counter.next()) },
            "Escaping": MustacheLambda { ">" },
            "Section": MustacheLambda(section: { $0 == "{{x}}" ? "yes" : "no" }),
            "Section - Expansion": MustacheLambda(section: { $0 + "{{planet}}" + $0 }),
            "Section - Alternate Delimiters": MustacheLambda(section: {
                $0 + "{{planet}} => |planet|" + $0
            }),
            "Section - Multiple Calls": MustacheLambda(section: { "__" + $0 + "__" }),
            "Inverted Section": MustacheLambda(section: { _ in "" }),
        ]
    }

    @Test("Lambda specification file passes", .enabled(if: SharedFixtures.enabled))
    func specificationFile() throws {
        let lambdas = LambdaTests.specificationLambdas()
        let cases = try SpecSuite.cases(in: "~lambdas.json", lambdas: lambdas)
        #expect(cases.count == lambdas.count, "every case needs a Swift lambda")
        for specCase in cases {
            #expect(lambdas[specCase.name] != nil, "no Swift lambda for \(specCase.name)")
            SpecSuite.check(specCase)
        }
    }

    @Test("Lambda error stops rendering")
    func lambdaErrorPropagates() throws {
        struct Failure: Error {}
        let template = try Template(source: "a{{fail}}b")
        let context: MustacheValue = ["fail": .lambda(MustacheLambda { throw Failure() })]
        #expect(throws: Failure.self) { try template.render(context) }
    }

    @Test("Self-calling lambda hits depth limit")
    func recursiveLambda() throws {
        let template = try Template(source: "{{again}}", maxPartialDepth: 20)
        let context: MustacheValue = ["again": .lambda(MustacheLambda { "{{again}}" })]
        let error = try #require(throws: MustacheError.self) { try template.render(context) }
        #expect(error.kind == .recursionLimitExceeded)
    }

    @Test("Malformed lambda result reports its location")
    func malformedLambdaResult() throws {
        let template = try Template(source: "{{broken}}")
        let context: MustacheValue = ["broken": .lambda(MustacheLambda { "ok\n {{#open}}" })]
        let error = try #require(throws: MustacheError.self) { try template.render(context) }
        #expect(error.kind == .invalidTemplate)
        #expect(error.templateName == "lambda result")
        #expect(error.line == 2)
        #expect(error.column == 2)
    }
}
