import BrambleCore
import Foundation
import Testing

@Suite struct ExactAnalysisTests {
    func exact(_ text: String, _ view: View = .inherent) throws -> ExactAnalysis {
        try ExactAnalysis(tree: checkedTree(text), view: view)
    }

    func relativeError(_ value: Double?, _ expected: Double) -> Double {
        guard let value else { return .infinity }
        return abs(value - expected) / expected
    }

    // MARK: Known figures

    @Test func sharedStepCountedOnce() throws {
        let analysis = try exact("""
        1 or "Goal"
          1.1 and "A and B"
            1.1.1 "A"
              likelihood 0.5
            1.1.2 "B"
              likelihood 0.5
          1.2 and "A and C"
            use 1.1.1
            1.2.1 "C"
              likelihood 0.5
        """)
        #expect(abs(analysis.probability()! - 0.375) < 1e-15)
        let cuts = try analysis.minimalCutSets()
        #expect(cuts.sets == [[2, 3], [2, 5]])
        #expect(cuts.distribution == [0, 2])
    }

    @Test func kOfNIdentities() throws {
        func tree(_ gate: String) -> String {
            """
            1 \(gate) "Goal"
              1.1 "A"
                likelihood 0.3
              1.2 "B"
                likelihood 0.3
              1.3 "C"
                likelihood 0.3
            """
        }
        let p = 0.3
        #expect(abs(try exact(tree("1 of 3")).probability()! - (1 - pow(1 - p, 3))) < 1e-15)
        #expect(abs(try exact(tree("3 of 3")).probability()! - pow(p, 3)) < 1e-15)
        #expect(abs(try exact(tree("2 of 3")).probability()! - (3 * p * p - 2 * p * p * p)) < 1e-15)
        #expect(try exact(tree("2 of 3")).minimalCutSets().distribution == [0, 3])
        #expect(try exact(tree("1 of 3")).minimalCutSets().distribution == [3])
        #expect(try exact(tree("3 of 3")).minimalCutSets().sets == [[1, 2, 3]])
    }

    @Test func sharedKOfNMatchesConditioning() throws {
        let text = """
        1 and "Goal"
          1.1 2 of 3 "Two keys"
            1.1.1 "Key one"
              likelihood 0.6
            1.1.2 "Key two"
              likelihood 0.5
            1.1.3 "Key three"
              likelihood 0.4
          1.2 or "Way in"
            use 1.1.2
            1.2.1 "Door"
              likelihood 0.2
        """
        let tree = try checkedTree(text)
        let conditioned = Analysis(tree).inherent.goal.probability!
        #expect(abs(try ExactAnalysis(tree: tree, view: .inherent).probability()! - conditioned) < 1e-12)
    }

    @Test func gateMitigationKeepsSharingExact() throws {
        let text = """
        1 or "Goal"
          1.1 and "Phish then pivot"
            mitigated-by segment
            1.1.1 "Phish an admin"
              likelihood 0.5
            1.1.2 "Pivot"
              likelihood 0.4
          1.2 and "Phish then exfiltrate"
            use 1.1.1
            1.2.1 "Exfiltrate"
              likelihood 0.3
              mitigated-by dlp

        mitigation segment "Network segmentation"
          status implemented
          effectiveness 50%
        mitigation dlp "Data loss prevention"
          status planned
          effectiveness blocks
        """
        let tree = try checkedTree(text)
        let analysis = Analysis(tree)
        for view in View.allCases {
            let exact = try ExactAnalysis(tree: tree, view: view)
            let expected = analysis.figures(0, view).probability!
            #expect(abs(exact.probability()! - expected) < 1e-12, "\(view)")
        }
        // Residual: 0.5 × (1 - (1 - 0.4 × 0.5)(1 - 0.3)) = 0.22.
        #expect(abs(try ExactAnalysis(tree: tree, view: .residual).probability()! - 0.22) < 1e-12)
        // Projected: the blocked step leaves only the first branch, and no set through 1.2.1.
        let projected = try ExactAnalysis(tree: tree, view: .projected)
        #expect(abs(projected.probability()! - 0.1) < 1e-12)
        #expect(try projected.minimalCutSets().sets == [[2, 3]])
        #expect(try ExactAnalysis(tree: tree, view: .residual).minimalCutSets().count == 2)
    }

    @Test func everyNodeProbability() throws {
        let text = """
        1 or "Goal"
          1.1 and "A and B"
            1.1.1 "A"
              likelihood 0.5
            1.1.2 "B"
              likelihood 0.4
          1.2 and "A and C"
            use 1.1.1
            1.2.1 "C"
              likelihood 0.3
        """
        let tree = try checkedTree(text)
        let exact = try ExactAnalysis(tree: tree, view: .inherent)
        let conditioned = Analysis(tree).inherent.figures.map(\.probability)
        let all = exact.probabilities()
        for index in tree.nodes.indices {
            #expect(abs(all[index]! - conditioned[index]!) < 1e-12, "node \(index)")
            #expect(abs(exact.probability(of: index)! - conditioned[index]!) < 1e-12, "node \(index)")
        }
    }

    // MARK: Unknown values

    @Test func unknownStepMakesGoalUnknown() throws {
        let analysis = try exact("""
        1 and "Goal"
          1.1 "Unknown"
          1.2 "Known"
            likelihood 0.5
        """)
        #expect(analysis.probability() == nil)
        #expect(analysis.probability(of: 2) == 0.5)
    }

    @Test func unknownDecidedByCertainSibling() throws {
        let analysis = try exact("""
        1 or "Goal"
          1.1 and "Impossible branch"
            1.1.1 "Unknown"
            1.1.2 "Never"
              likelihood 0
          1.2 or "Certain branch"
            use 1.1.1
            1.2.1 "Always"
              likelihood 1
        """)
        #expect(analysis.probability(of: 1) == 0)
        #expect(analysis.probability(of: 4) == 1)
        #expect(analysis.probability() == 1)
        #expect(analysis.probabilities()[2] == nil)
    }

    @Test func childlessGateIsUnknown() throws {
        let analysis = try exact("""
        1 or "Goal"
          1.1 "Step"
            likelihood 0.5
          1.2 and "Not yet written"
        """)
        #expect(analysis.probability() == nil)
        #expect(try analysis.minimalCutSets().sets == [[1]])
    }

    // MARK: Limits

    @Test func cutSetLimits() throws {
        let analysis = try exact("""
        1 or "Goal"
          1.1 "A"
            likelihood 0.1
          1.2 and "B and C"
            1.2.1 "B"
              likelihood 0.1
            1.2.2 "C"
              likelihood 0.1
          1.3 2 of 3 "Two of D, E, F"
            1.3.1 "D"
              likelihood 0.1
            1.3.2 "E"
              likelihood 0.1
            1.3.3 "F"
              likelihood 0.1
        """)
        let all = try analysis.minimalCutSets()
        #expect(all.count == 5)
        #expect(all.distribution == [1, 4])
        #expect(!all.truncated)
        let firstOrder = try analysis.minimalCutSets(maxOrder: 1)
        #expect(firstOrder.sets == [[1]])
        #expect(firstOrder.count == 1)
        let two = try analysis.minimalCutSets(maxCount: 2)
        #expect(two.sets == [[1], [3, 4]])
        #expect(two.count == 5)
        #expect(two.truncated)
        #expect(try analysis.minimalCutSets(of: 5, maxOrder: 2).count == 3)
    }

    @Test func nodeLimitThrows() throws {
        let tree = try checkedTree("""
        1 and "Goal"
          1.1 "A"
            likelihood 0.5
          1.2 "B"
            likelihood 0.5
        """)
        #expect(throws: ExactAnalysis.TooLarge.self) {
            try ExactAnalysis(tree: tree, view: .inherent, nodeLimit: 3)
        }
    }

    // MARK: Random trees against brute force

    @Test(arguments: 1...60)
    func randomTreeMatchesBruteForce(seed: UInt64) throws {
        var writer = RandomTreeWriter(seed: seed, maxSteps: 4 + Int(seed % 11), mitigationPercent: 20)
        let text = writer.write()
        let tree = try checkedTree(text)
        let brute = BruteForce(tree)
        let exact = try ExactAnalysis(tree: tree, view: .residual)

        #expect(exact.diagramInvariantViolation() == nil)
        let expected = brute.probability()
        #expect(abs(exact.probability()! - expected) < 1e-12, "\(text)")
        let cuts = try exact.minimalCutSets()
        #expect(cuts.sets == brute.minimalSets(), "\(text)")
        #expect(cuts.count == cuts.sets.count)
        if tree.sharedNodes.count <= Scorer.conditioningLimit {
            let conditioned = Analysis(tree).residual.goal.probability!
            #expect(abs(exact.probability()! - conditioned) < 1e-12, "\(text)")
        }
    }

    @Test func randomTreesShareNodes() throws {
        var shared = 0
        for seed in UInt64(1)...60 {
            var writer = RandomTreeWriter(seed: seed, maxSteps: 4 + Int(seed % 11), mitigationPercent: 20)
            shared += try checkedTree(writer.write()).sharedNodes.count
        }
        #expect(shared > 60)
    }

    @Test(arguments: 1...10)
    func orderLimitMatchesBruteForce(seed: UInt64) throws {
        var writer = RandomTreeWriter(seed: 1000 + seed, maxSteps: 14, maxDepth: 5, sharePercent: 40)
        let tree = try checkedTree(writer.write())
        let all = BruteForce(tree).minimalSets()
        let exact = try ExactAnalysis(tree: tree, view: .inherent)
        for order in 1...3 {
            #expect(try exact.minimalCutSets(maxOrder: order).sets == all.filter { $0.count <= order })
        }
    }
}
