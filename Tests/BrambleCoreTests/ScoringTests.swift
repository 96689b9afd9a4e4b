import BrambleCore
import Testing

@Suite struct ScoringTests {
    func analyse(_ text: String) throws -> Analysis {
        let (tree, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: text))
        let errors = diagnostics.items.filter { $0.severity == .error }.map(\.message)
        return Analysis(try #require(tree, "\(errors)"))
    }

    func probability(_ analysis: Analysis, _ id: String, _ view: View) -> Double? {
        analysis.figures(analysis.tree.index(of: NodeID(parsing: id)!)!, view).probability
    }

    @Test func orAndCombine() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 10
          1.1 and "Both"
            1.1.1 "A"
              likelihood 0.5
            1.1.2 "B"
              likelihood 0.4
          1.2 "C"
            likelihood 0.3
        """)
        // 1.1 = 0.5 * 0.4 = 0.2; 1 = 1 - (1 - 0.2)(1 - 0.3) = 0.44
        #expect(abs(probability(analysis, "1.1", .inherent)! - 0.2) < 1e-12)
        #expect(abs(analysis.inherent.goal.probability! - 0.44) < 1e-12)
        #expect(abs(analysis.inherent.goal.risk! - 4.4) < 1e-12)
        #expect(analysis.inherent.goal.band == "high")
    }

    @Test func mitigationViewsDiffer() throws {
        let analysis = try analyse("""
        1 "Goal"
          impact 10
          likelihood 0.5
          mitigated-by done, next, decided

        mitigation done "Implemented"
          status implemented
          effectiveness 50%
        mitigation next "Planned"
          status planned
          effectiveness 0.8
        mitigation decided "Accepted"
          status accepted
          justification "Too costly"
        """)
        #expect(analysis.inherent.goal.probability == 0.5)
        #expect(analysis.residual.goal.probability == 0.25)
        #expect(abs(analysis.projected.goal.probability! - 0.05) < 1e-12)
    }

    @Test func blockingMitigationZeroes() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 10
          1.1 "A"
            likelihood 0.9
            mitigated-by wall
          1.2 "B"
            likelihood 0.1

        mitigation wall "Wall"
          status implemented
          effectiveness blocks
        """)
        let blocked = analysis.figures(1, .residual)
        #expect(blocked.probability == 0)
        #expect(blocked.blocked)
        #expect(abs(analysis.residual.goal.probability! - 0.1) < 1e-12)
    }

    @Test func unknownPropagatesUnlessDecided() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 10
          1.1 and "Needs both"
            1.1.1 "Unknown"
            1.1.2 "Impossible"
              likelihood 0
          1.2 and "Also needs both"
            1.2.1 "Unknown"
            1.2.2 "Likely"
              likelihood 0.8
        """)
        #expect(probability(analysis, "1.1", .inherent) == 0)
        #expect(probability(analysis, "1.2", .inherent) == nil)
        #expect(analysis.inherent.goal.probability == nil)
        #expect(analysis.inherent.goal.risk == nil)
    }

    @Test func impactInheritedFromAncestor() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 10
          1.1 or "Sub-goal"
            impact 4
            1.1.1 "Step"
              likelihood 0.5
          1.2 "Step"
            likelihood 0.5
        """)
        #expect(analysis.inherent.figures[2].impact == 4)
        #expect(analysis.inherent.figures[3].impact == 10)
    }

    @Test func mitigationEffectRecomputedNotSummed() throws {
        // Two OR branches, each with its own control. Removing one control alone barely moves
        // the goal while the other branch is open, so the effects are recomputed, not summed.
        let analysis = try analyse("""
        1 or "Goal"
          impact 10
          1.1 "A"
            likelihood 0.5
            mitigated-by ma
          1.2 "B"
            likelihood 0.5
            mitigated-by mb

        mitigation ma "A control"
          status implemented
          effectiveness 50%
        mitigation mb "B control"
          status planned
          effectiveness 100%
        """)
        // Residual: A = 0.25, B = 0.5, goal = 1 - 0.75 * 0.5 = 0.625, risk 6.25.
        #expect(abs(analysis.residual.goal.risk! - 6.25) < 1e-12)
        // Without ma: goal = 1 - 0.5 * 0.5 = 0.75, risk 7.5, so ma removes 1.25.
        let ma = analysis.effects[0]
        #expect(abs(ma.riskIfRemoved! - 7.5) < 1e-12)
        #expect(abs(ma.riskReduction! - 1.25) < 1e-12)
        // With mb: B = 0, goal = 0.25, risk 2.5, so mb would remove 3.75.
        let mb = analysis.effects[1]
        #expect(abs(mb.riskIfImplemented! - 2.5) < 1e-12)
        #expect(abs(mb.riskReduction! - 3.75) < 1e-12)
        #expect(analysis.mitigationsByReduction == [1, 0])
    }

    @Test func siblingsSortedNumerically() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 1
          1.10 "Ten"
            likelihood rare
          1.2 "Two"
            likelihood rare
          "Auto numbered eleven"
            likelihood rare
        """)
        #expect(analysis.tree.nodes.map(\.id.description) == ["1", "1.2", "1.10", "1.11"])
    }

    @Test func customScalesUsed() throws {
        let analysis = try analyse("""
        tree "Custom"
          scale likelihood low=10% high=90%
          scale impact minor=2 major=20
          scale risk green=0 red=5

        1 "Goal"
          impact major
          likelihood high
        """)
        #expect(analysis.inherent.goal.probability == 0.9)
        #expect(analysis.inherent.goal.risk == 18)
        #expect(analysis.inherent.goal.band == "red")
    }
}
