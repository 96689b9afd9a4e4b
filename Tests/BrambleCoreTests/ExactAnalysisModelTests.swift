import BrambleCore
import Foundation
import Testing

/// Small fault trees from the Open-PSA Model Exchange Format examples, written as Bramble trees,
/// with the figures that SCRAM 0.16.2 computes for them: the exact top-event probability and
/// the minimal cut sets by order.
@Suite struct ExactAnalysisModelTests {
    func check(_ text: String, probability expected: Double, distribution: [Int]) throws {
        let analysis = try ExactAnalysis(tree: checkedTree(text), view: .inherent)
        let probability = try #require(analysis.probability())
        #expect(abs(probability - expected) / expected < 1e-5)
        let cuts = try analysis.minimalCutSets()
        #expect(cuts.count == distribution.reduce(0, +))
        #expect(cuts.distribution == distribution)
    }

    @Test func twoTrain() throws {
        try check("""
        1 and "Both trains fail"
          1.1 or "Train one fails"
            1.1.1 "Valve one fails"
              likelihood 0.5
            1.1.2 "Pump one fails"
              likelihood 0.7
          1.2 or "Train two fails"
            1.2.1 "Valve two fails"
              likelihood 0.5
            1.2.2 "Pump two fails"
              likelihood 0.7
        """, probability: 0.7225, distribution: [0, 4])
    }

    @Test func theatre() throws {
        try check("""
        1 and "Operating theatre loses power"
          1.1 "Mains fail"
            likelihood 0.03
          1.2 or "Generator fails"
            1.2.1 "Generator fails to run"
              likelihood 0.02
            1.2.2 "Relay fails"
              likelihood 0.05
        """, probability: 0.00207, distribution: [0, 2])
    }

    @Test func ne574() throws {
        try check("""
        1 and "System fails"
          1.1 or "Train one fails"
            1.1.1 or "A"
              1.1.1.1 "F"
                likelihood 0.7
              1.1.1.2 "G"
                likelihood 0.2
            1.1.2 "B"
              likelihood 0.1
            1.1.3 "C"
              likelihood 0.3
          1.2 or "Train two fails"
            use 1.1.3
            1.2.1 "D"
              likelihood 0.5
            1.2.2 and "E"
              1.2.2.1 "H"
                likelihood 0.4
              1.2.2.2 "I"
                likelihood 0.8
        """, probability: 0.662208, distribution: [1, 3, 3])
    }

    @Test func lift() throws {
        try check("""
        1 or "Lift door fails"
          1.1 or "Lift starts with the door open"
            1.1.1 "Lift motion detector fails"
              likelihood 0.000001
            1.1.2 "Door position detector fails"
              likelihood 0.000001
            1.1.3 and "Door motor and position detector fail"
              1.1.3.1 "Door motor fails"
                likelihood 0.000001
              use 1.1.2
            1.1.4 or "Door motor is too slow"
              1.1.4.1 "Power supply fails"
                likelihood 0.000001
              1.1.4.2 or "Door hindered"
                1.1.4.2.1 "Obstacle detector fails"
                  likelihood 0.000001
                1.1.4.2.2 "Door failure"
                  likelihood 0.000001
          1.2 or "Door opens while the lift moves"
            1.2.1 "Door motor stop fails"
              likelihood 0.000001
            1.2.2 and "Uncommanded opening undetected"
              1.2.2.1 or "Uncommanded door opening"
                1.2.2.1.1 "Wiring short"
                  likelihood 0.000001
                1.2.2.1.2 "Control panel fails"
                  likelihood 0.000001
                use 1.2.1
              1.2.2.2 and "Lift motion detection fails"
                use 1.1.1
                1.2.2.2.1 "Second lift motion detector fails"
                  likelihood 0.000001
            1.2.3 and "Control panel fails undetected"
              use 1.2.2.1.2
              use 1.2.2.2
          1.3 or "Door refuses to open when the lift stops"
            use 1.2.2.1.2
            1.3.1 "LMD_2 fails"
              likelihood 0.000001
            1.3.2 "LPD_1 fails"
              likelihood 0.000001
            1.3.3 or "Door motor fails"
              use 1.1.3.1
              use 1.1.4.1
          1.4 or "Obstacle detection fails"
            use 1.1.4.2.1
            1.4.1 "Wrong obstacle detector fitted"
              likelihood 0.000001
            1.4.2 "Door motor stop fails to act"
              likelihood 0.000001
        """, probability: 1.19999e-5, distribution: [12])
    }
}

/// Generated large trees, for measuring speed by hand: the tests check results, not time.
@Suite struct ExactAnalysisScaleTests {
    /// Writes a tree of about `nodeCount` nodes in which about `sharedPercent` percent of the
    /// nodes are steps reused under a second parent, each near where it is written, as in real
    /// trees.
    static func largeTree(nodeCount: Int, sharedPercent: Int, seed: UInt64) -> String {
        var random = SeededGenerator(seed: seed)
        var lines = ["1 or \"Goal\"", "  impact 1"]
        var written = 1
        var recentSteps: [String] = []
        var usedTwice = Set<String>()
        let sharedTarget = nodeCount * sharedPercent / 100

        func gate(_ id: String, depth: Int) {
            let childCount = 2 + random.int(4)
            var uses: [String] = []
            for number in 1...childCount where written < nodeCount {
                let childID = "\(id).\(number)"
                let indent = String(repeating: "  ", count: depth + 1)
                written += 1
                if depth < 12, random.int(3) == 0 {
                    let word = ["and", "or", "or", "2 of 3"][random.int(4)]
                    if word == "2 of 3" {
                        lines.append("\(indent)\(childID) 2 of 3 \"Gate \(childID)\"")
                        for leaf in 1...3 {
                            lines.append("\(indent)  \(childID).\(leaf) \"Step \(childID).\(leaf)\"")
                            lines.append("\(indent)    likelihood 0.00\(1 + random.int(8))")
                            recentSteps.append("\(childID).\(leaf)")
                        }
                        written += 3
                    } else {
                        lines.append("\(indent)\(childID) \(word) \"Gate \(childID)\"")
                        gate(childID, depth: depth + 1)
                    }
                } else {
                    lines.append("\(indent)\(childID) \"Step \(childID)\"")
                    lines.append("\(indent)  likelihood 0.00\(1 + random.int(8))")
                    recentSteps.append(childID)
                }
            }
            // Reuse a step written shortly before, but not one written under this gate itself.
            if usedTwice.count < sharedTarget, recentSteps.count > 40, random.int(3) != 0 {
                let candidate = recentSteps[recentSteps.count - 40 + random.int(20)]
                if !candidate.hasPrefix(id + "."), !usedTwice.contains(candidate) {
                    uses.append(candidate)
                    usedTwice.insert(candidate)
                }
            }
            let indent = String(repeating: "  ", count: depth + 1)
            for used in uses { lines.append("\(indent)use \(used)") }
        }

        var branch = 0
        while written < nodeCount {
            branch += 1
            let id = "1.\(branch)"
            lines.append("  \(id) or \"Branch \(id)\"")
            written += 1
            gate(id, depth: 1)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tenThousandNodes() throws {
        let tree = try checkedTree(Self.largeTree(nodeCount: 10_000, sharedPercent: 5, seed: 7))
        #expect(tree.nodes.count >= 10_000)
        #expect(tree.sharedNodes.count >= 400)
        let start = Date()
        let analysis = try ExactAnalysis(tree: tree, view: .inherent)
        let probability = try #require(analysis.probability())
        let seconds = Date().timeIntervalSince(start)
        print("exact probability of \(tree.nodes.count) nodes, \(tree.sharedNodes.count) shared: \(probability) in \(seconds) s, \(analysis.diagramSize) BDD nodes")
        #expect(probability > 0)
        #expect(probability <= 1)
    }
}
