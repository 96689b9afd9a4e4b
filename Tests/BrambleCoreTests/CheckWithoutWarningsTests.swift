import BrambleCore
import Testing

/// `Checker.check(..., warnings: false)` looks for errors only. The tree it builds must be the
/// one a full check builds, and no error may be lost.
@Suite struct CheckWithoutWarningsTests {
    /// A tree that draws every kind of warning the checker has. These are a step with no
    /// likelihood, a gate with one child, an unused mitigation, a planned mitigation past its
    /// due date, mixed cost units and a high-risk step with no mitigation.
    static let warned = """
    tree "Warnings of every kind"
    1 or "Take over the service"
      impact critical
      1.1 "Guess the admin password"
        cost 5 USD
      1.2 and "Phish an operator"
        1.2.1 "Send the lure"
          likelihood certain
          cost 2 person-days
      1.3 "Replay a token"
        likelihood 0.4
        mitigated-by short-tokens
    mitigation short-tokens "Short-lived tokens"
      status planned
      effectiveness 80%
      due 2001-01-01
    mitigation unused "Nobody uses this"
      status implemented
      effectiveness blocks
    """

    static func check(_ text: String, warnings: Bool) -> CheckResult {
        Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-01-01", loader: nil, warnings: warnings)
    }

    @Test func sameTreeWithoutAnyWarning() throws {
        let full = Self.check(Self.warned, warnings: true)
        let quiet = Self.check(Self.warned, warnings: false)
        let codes = Set(full.diagnostics.items.map(\.code))
        #expect(codes == [.missingLikelihood, .singleChildGate, .unusedMitigation, .pastDue,
                          .mixedCostUnits, .unmitigatedHighRisk])
        #expect(quiet.diagnostics.items.isEmpty)

        let fullTree = try #require(full.tree)
        let quietTree = try #require(quiet.tree)
        #expect(fullTree.nodes.map(\.id) == quietTree.nodes.map(\.id))
        #expect(fullTree.nodes.map(\.title) == quietTree.nodes.map(\.title))
        #expect(fullTree.nodes.map(\.children) == quietTree.nodes.map(\.children))
        #expect(fullTree.mitigations.map(\.covers) == quietTree.mitigations.map(\.covers))
        let fullRisk = Analysis(fullTree).residual.goal.risk
        let quietRisk = Analysis(quietTree).residual.goal.risk
        #expect(fullRisk == quietRisk)
    }

    @Test func errorsAreStillReported() {
        let broken = Self.warned + "\n  1.3 \"The same id again\"\n    likelihood rare\n"
        let full = Self.check(broken, warnings: true)
        let quiet = Self.check(broken, warnings: false)
        #expect(quiet.tree == nil)
        let fullErrors = full.diagnostics.items.filter { $0.severity == .error }.map(\.code)
        #expect(!fullErrors.isEmpty)
        #expect(quiet.diagnostics.items.map(\.code) == fullErrors)
    }
}
