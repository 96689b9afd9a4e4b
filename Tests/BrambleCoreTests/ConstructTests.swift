import Foundation
import BrambleCore
import Testing

@Suite struct ConstructTests {
    func analyse(_ text: String) throws -> Analysis {
        let (tree, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-01-01")
        let errors = diagnostics.items.filter { $0.severity == .error }.map(\.message)
        return Analysis(try #require(tree, "\(errors)"))
    }

    func probability(_ analysis: Analysis, _ id: String) -> Double? {
        analysis.inherent.figures[analysis.tree.index(of: NodeID(parsing: id)!)!].probability
    }

    @Test func kOfNExact() throws {
        let analysis = try analyse("""
        1 2 of 3 "Two of three"
          impact 1
          1.1 "A"
            likelihood 0.5
          1.2 "B"
            likelihood 0.4
          1.3 "C"
            likelihood 0.3
        """)
        // P(at least 2) = ab + ac + bc - 2abc = 0.2 + 0.15 + 0.12 - 0.12 = 0.35
        #expect(abs(analysis.inherent.goal.probability! - 0.35) < 1e-12)
        #expect(analysis.tree.goal.gate == .atLeast(2))
    }

    /// Siblings come out in id order whatever order they are written in, and a node that
    /// `use` adds joins its new parent's children in id order too.
    @Test func childrenInIDOrder() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 1
          1.3 "Third"
            likelihood 0.1
          1.10 or "Tenth"
            1.10.2 "Second step"
              likelihood 0.2
            use 1.2.1
            1.10.1 "First step"
              likelihood 0.3
          1.2 or "Second"
            1.2.1 "Shared"
              likelihood 0.4
            1.2.2 "Other"
              likelihood 0.5
          1.1 or "First"
            1.1.1 "Only"
              likelihood 0.6
            use 1.3
        """)
        let tree = analysis.tree
        func childIDs(_ id: String) -> [String] {
            tree.nodes[tree.index(of: NodeID(parsing: id)!)!].children.map { tree.nodes[$0].id.description }
        }
        #expect(childIDs("1") == ["1.1", "1.2", "1.3", "1.10"])
        #expect(childIDs("1.10") == ["1.2.1", "1.10.1", "1.10.2"])
        #expect(childIDs("1.1") == ["1.1.1", "1.3"])
        #expect(tree.nodes.map(\.id.description) == [
            "1", "1.1", "1.1.1", "1.2", "1.2.1", "1.2.2", "1.3", "1.10", "1.10.1", "1.10.2",
        ])
        // The nodes are not in the order they were read, so looking up an id must map the
        // checker's numbering to the tree's.
        for index in tree.nodes.indices {
            #expect(tree.index(of: tree.nodes[index].id) == index)
        }
        #expect(tree.index(of: NodeID([1, 4])) == nil)
    }

    @Test func kOfNEdgeCases() {
        #expect(Scorer.atLeast(1, of: [0.5, 0.5]) == 0.75)
        #expect(Scorer.atLeast(2, of: [0.5, 0.5]) == 0.25)
        #expect(Scorer.atLeast(2, of: [1, 1, nil]) == 1)
        #expect(Scorer.atLeast(2, of: [0, 0, nil]) == 0)
        #expect(Scorer.atLeast(2, of: [0.5, 0.5, nil]) == nil)
        let many = [Double?](repeating: 0.1, count: 30)
        let exact = Scorer.atLeast(3, of: many)!
        // 1 - P(0) - P(1) - P(2) for a binomial(30, 0.1).
        let q = 0.9
        let expected = 1 - pow(q, 30) - 30 * 0.1 * pow(q, 29) - 435 * 0.01 * pow(q, 28)
        #expect(abs(exact - expected) < 1e-12)
    }

    @Test func sequentialAndScoresAsAnd() throws {
        let analysis = try analyse("""
        1 sand "In order"
          impact 1
          1.1 "First"
            likelihood 0.5
          1.2 "Then"
            likelihood 0.2
        """)
        #expect(abs(analysis.inherent.goal.probability! - 0.1) < 1e-12)
        #expect(analysis.tree.goal.gate == .sand)
    }

    /// One phishing step shared by two `and` gates under an `or` goal.
    static let sharedPhishing = """
    1 or "Goal"
      impact 10
      1.1 and "Phish then pivot"
        1.1.1 "Phish an admin"
          likelihood 0.5
        1.1.2 "Pivot"
          likelihood 0.4
      1.2 and "Phish then exfiltrate"
        use 1.1.1
        1.2.1 "Exfiltrate"
          likelihood 0.3
    """

    @Test func sharedNodeIsOneEvent() throws {
        let analysis = try analyse(Self.sharedPhishing)
        // One phishing event: 0.5 × (1 - 0.6 × 0.7) = 0.29, not 1 - 0.8 × 0.85 = 0.32.
        #expect(abs(analysis.inherent.goal.probability! - 0.29) < 1e-12)
        #expect(analysis.inherent.method == .conditioning(sharedNodes: 1))
        let shared = analysis.tree.index(of: NodeID([1, 1, 1]))!
        #expect(analysis.tree.nodes[shared].parents.count == 2)
        #expect(abs(probability(analysis, "1.2")! - 0.15) < 1e-12)
    }

    @Test func parentsOfWrittenAndSharedNodes() throws {
        let analysis = try analyse(Self.sharedPhishing)
        let tree = analysis.tree
        func node(_ id: String) -> Node { tree.nodes[tree.index(of: NodeID(parsing: id)!)!] }
        func index(_ id: String) -> Int { tree.index(of: NodeID(parsing: id)!)! }

        // The goal has none, a written node the one it is under, and a shared node that one
        // first, then each node that uses it.
        #expect(node("1").parents.isEmpty)
        #expect(node("1").parentCount == 0)
        #expect(node("1.1.2").parents == [index("1.1")])
        #expect(node("1.1.2").parentCount == 1)
        #expect(node("1.1.1").parents == [index("1.1"), index("1.2")])
        #expect(node("1.1.1").parentCount == 2)
        #expect(tree.sharedNodes == [index("1.1.1")])
    }

    @Test func nestedSharingExact() throws {
        // 1.1 is used by 1.2, and 1.1.1 inside it is used by 1.3 as well.
        let analysis = try analyse("""
        1 or "Goal"
          impact 1
          1.1 or "Shared gate"
            1.1.1 "Shared step"
              likelihood 0.5
            1.1.2 "Other step"
              likelihood 0.2
          1.2 and "Uses the gate"
            use 1.1
            1.2.1 "X"
              likelihood 0.5
          1.3 and "Uses the step"
            use 1.1.1
            1.3.1 "Y"
              likelihood 0.5
        """)
        // The goal succeeds exactly when 1.1 does: 1.2 and 1.3 both imply 1.1.
        #expect(abs(analysis.inherent.goal.probability! - 0.6) < 1e-12)
    }

    @Test func mitigationOnSharedNodeCountsOnce() throws {
        let analysis = try analyse("""
        1 and "Goal"
          impact 1
          1.1 or "A"
            1.1.1 "Shared"
              likelihood 0.8
              mitigated-by half
          1.2 or "B"
            use 1.1.1
            1.2.1 "Never"
              likelihood 0

        mitigation half "Half"
          status implemented
          effectiveness 50%
        """)
        #expect(abs(analysis.residual.goal.probability! - 0.4) < 1e-12)
        #expect(abs(analysis.inherent.goal.probability! - 0.8) < 1e-12)
    }

    @Test func skillTimeTagsRead() throws {
        let analysis = try analyse("""
        tree "T"
          scale skill script-kiddie=1 nation-state=9

        1 "Goal"
          impact 1
          likelihood 0.5
          skill nation-state
          time 2 weeks
          tag cloud, insider

        mitigation m "M"
          status planned
          effectiveness 10%
          effort 3 person-days
          tag quick-win
        """)
        let goal = analysis.tree.goal
        #expect(goal.skill == ScaledValue(value: 9, level: "nation-state"))
        #expect(goal.time?.hours == 336)
        #expect(goal.tags == ["cloud", "insider"])
        #expect(analysis.tree.mitigations[0].effort == Amount(value: 3, unit: "person-days"))
        #expect(analysis.tree.mitigations[0].tags == ["quick-win"])
    }
}

@Suite struct ConstructDiagnosticTests {
    func one(_ source: MarkedSource, _ code: DiagnosticCode, at marker: Character) -> Diagnostic? {
        let found = Checker.check(SourceFile(path: "t.bramble", text: source.text), today: "2026-06-01")
            .diagnostics.sorted.filter { $0.code == code }
        #expect(found.count == 1, "expected one \(code.rawValue), got \(found.map(\.message))")
        guard let first = found.first, let position = source.positions[marker] else { return nil }
        #expect(first.location.line == position.line)
        #expect(first.location.column == position.column)
        return first
    }

    @Test func cycleReportedWithPath() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact 1
          1.1 and "A"
            1.1.1 "x"
              likelihood 0.5
            use ①1
          1.2 "y"
            likelihood 0.5
        """)
        let diagnostic = try #require(one(source, .cycle, at: "①"))
        #expect(diagnostic.message.contains("1 -> 1.1 -> 1"))
    }

    @Test func cycleThroughTwoUses() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact 1
          1.1 or "A"
            use ①1.2
            1.1.1 "x"
              likelihood 0.5
          1.2 or "B"
            use 1.1
            1.2.1 "y"
              likelihood 0.5
        """)
        let diagnostic = try #require(one(source, .cycle, at: "①"))
        #expect(diagnostic.message.contains("1.1 -> 1.2 -> 1.1"))
    }

    @Test func unknownUseSuggestsID() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact 1
          1.1 "x"
            likelihood 0.5
          1.2 and "B"
            use ①1.3
            1.2.1 "y"
              likelihood 0.5
        """)
        let diagnostic = try #require(one(source, .unknownNode, at: "①"))
        #expect(diagnostic.message.contains("did you mean '1.1'?"))
    }

    @Test func repeatedChildRejected() {
        let source = MarkedSource("""
        1 and "Goal"
          impact 1
          1.1 "x"
            likelihood 0.5
          use ①1.1
        """)
        _ = one(source, .duplicateChild, at: "①")
    }

    @Test func kOfNCountChecked() {
        let source = MarkedSource("""
        1 2 of ①4 "Goal"
          impact 1
          1.1 "x"
            likelihood 0.5
          1.2 "y"
            likelihood 0.5
          1.3 "z"
            likelihood 0.5
        """)
        _ = one(source, .invalidGate, at: "①")
    }

    @Test func kAboveNRejected() {
        let source = MarkedSource("""
        1 3 of ①2 "Goal"
          impact 1
          1.1 "x"
            likelihood 0.5
          1.2 "y"
            likelihood 0.5
        """)
        _ = one(source, .invalidGate, at: "①")
    }

    @Test func unknownTimeUnitSuggests() throws {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood 0.5
          time 3 ①dayz
        """)
        let diagnostic = try #require(one(source, .invalidUnit, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'days'?"))
    }

    @Test func timeWithoutUnitRejected() {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood 0.5
          time ①3
        """)
        _ = one(source, .invalidUnit, at: "①")
    }

    @Test func unknownSkillLevelSuggests() throws {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood 0.5
          skill ①exprt
        """)
        let diagnostic = try #require(one(source, .unknownLevel, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'expert'?"))
    }

    @Test func invalidTagRejected() {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood 0.5
          tag ok, ①"not a name"
        """)
        _ = one(source, .invalidTag, at: "①")
    }

    @Test func pastDueWarned() {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood 0.5
          mitigated-by late, soon

        ①mitigation late "Late"
          status planned
          effectiveness 10%
          due 2026-05-31
        mitigation soon "Soon"
          status planned
          effectiveness 10%
          due 2026-06-01
        """)
        _ = one(source, .pastDue, at: "①")
    }

    @Test func unmitigatedHighRiskWarned() {
        let source = MarkedSource("""
        1 or "Goal"
          impact 10
          ①1.1 "Likely and bare"
            likelihood 0.9
          1.2 "Likely but covered"
            likelihood 0.9
            mitigated-by m
          1.3 "Rare"
            likelihood 0.01

        mitigation m "M"
          status planned
          effectiveness 10%
        """)
        _ = one(source, .unmitigatedHighRisk, at: "①")
    }

    @Test func unmitigatedHighRiskOfSharedStep() {
        // The shared step is covered on one path only, so it is warned about; the step under the
        // covered gate is not. The shared step is written before the gate that also uses it.
        let source = MarkedSource("""
        1 or "Goal"
          impact 10
          1.1 or "Open path"
            ①1.1.1 "Shared and bare"
              likelihood 0.9
          1.2 or "Covered path"
            mitigated-by m
            use 1.1.1
            1.2.1 "Covered step"
              likelihood 0.9

        mitigation m "M"
          status planned
          effectiveness 10%
        """)
        _ = one(source, .unmitigatedHighRisk, at: "①")
    }

    @Test func unmitigatedHighRiskKeepsFirstInFile() {
        // More warnings than are kept: the ones kept are the first ones in the file, whether
        // or not the tree shares a node.
        for shared in [false, true] {
            var text = "1 or \"Goal\"\n  impact 10\n"
            let count = DiagnosticList.limitPerCode + 20
            for index in 1...count {
                text += "  1.\(index) \"Step \(index)\"\n    likelihood 0.9\n"
            }
            if shared { text += "  1.\(count + 1) or \"User\"\n    use 1.1\n    1.\(count + 1).1 \"Other\"\n      likelihood 0.001\n" }
            let found = Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-06-01")
                .diagnostics.items.filter { $0.code == .unmitigatedHighRisk }
            #expect(found.count == DiagnosticList.limitPerCode)
            #expect(found.map(\.location.line) == (1...DiagnosticList.limitPerCode).map { 3 + 2 * ($0 - 1) }, "shared: \(shared)")
        }
    }

    @Test func skillOnGateRejected() {
        let source = MarkedSource("""
        1 or "Goal"
          impact 1
          ①skill expert
          1.1 "x"
            likelihood 0.5
          1.2 "y"
            likelihood 0.5
        """)
        _ = one(source, .misplacedAttribute, at: "①")
    }
}
