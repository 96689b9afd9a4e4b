import BrambleCore
import Testing

/// A small tree that every diff test changes in one way.
let diffBaseSource = """
    tree "Data theft"
    1 or "Steal the data"
      impact high
      1.1 "Phish an administrator"
        likelihood possible
        mitigated-by training
      1.2 and "Break in through the VPN"
        1.2.1 "Find the VPN host"
          likelihood likely
        1.2.2 "Exploit the VPN"
          likelihood rare
      1.3 "Bribe an insider"
        likelihood unlikely

    mitigation training "Train administrators"
      status implemented
      effectiveness 50%

    """

/// Checks `source` and returns its tree, failing the test on errors.
func diffTree(_ source: String, path: String = "tree.bramble", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> AttackTree {
    let (tree, diagnostics) = Checker.check(SourceFile(path: path, text: source))
    let errors = diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
    #expect(errors.isEmpty, "unexpected errors: \(errors)", sourceLocation: sourceLocation)
    return try #require(tree, sourceLocation: sourceLocation)
}

/// Returns the diff of the base tree and the base tree with `old` replaced by `new`.
func diffOfBase(replacing old: String, with new: String, renames: [NodeID: NodeID]? = nil,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> TreeDiff {
    #expect(diffBaseSource.contains(old), "the base tree has no '\(old)'", sourceLocation: sourceLocation)
    let changed = diffBaseSource.replacingOccurrences(of: old, with: new)
    return TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(changed), renames: renames)
}

func id(_ text: String) -> NodeID { NodeID(parsing: text)! }

@Suite struct TreeDiffTests {
    @Test func sameTreeIsEmpty() throws {
        let tree = try diffTree(diffBaseSource)
        let diff = TreeDiff(old: tree, new: tree)

        #expect(diff.isEmpty)
        #expect(diff.nodes.isEmpty)
        #expect(diff.mitigations.isEmpty)
        #expect(diff.risks.isEmpty)
        #expect(!diff.goal.isChanged)
    }

    @Test func formattedTreeIsEmpty() throws {
        // Extra spaces, a comment and CRLF line endings: the formatter's input, not its output.
        let messy = diffBaseSource
            .replacingOccurrences(of: "1.3 \"Bribe", with: "1.3    \"Bribe")
            .replacingOccurrences(of: "tree \"Data theft\"", with: "# a comment\ntree   \"Data theft\"")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let canonical = try formatted(messy)
        #expect(canonical != messy)

        let original = try diffTree(messy, path: "messy.bramble")
        let diff = TreeDiff(old: original, new: try diffTree(canonical))

        #expect(diff.isEmpty)
    }

    @Test func addedNode() throws {
        let diff = try diffOfBase(replacing: "    likelihood unlikely\n", with: "    likelihood unlikely\n  1.4 \"Steal a laptop\"\n    likelihood rare\n")

        #expect(diff.nodes.count == 1)
        #expect(diff.nodes.first?.kind == .added)
        #expect(diff.nodes.first.flatMap { $0.new.map { diff.new.nodes[$0].id } } == id("1.4"))
        #expect(diff.risks.contains { $0.new.map { diff.new.nodes[$0].id } == id("1.4") })
    }

    @Test func removedNode() throws {
        let diff = try diffOfBase(replacing: "  1.3 \"Bribe an insider\"\n    likelihood unlikely\n", with: "")

        #expect(diff.nodes.count == 1)
        #expect(diff.nodes.first?.kind == .removed)
        #expect(diff.nodes.first.flatMap { $0.old.map { diff.old.nodes[$0].id } } == id("1.3"))
        #expect(diff.goal.view(.residual).risk == .down)
    }

    @Test func retitledNode() throws {
        let diff = try diffOfBase(replacing: "\"Bribe an insider\"", with: "\"Bribe a contractor\"")

        #expect(diff.nodes.count == 1)
        #expect(diff.nodes.first?.kind == .changed)
        #expect(diff.nodes.first?.details == [.retitled(old: "Bribe an insider", new: "Bribe a contractor")])
    }

    @Test func renumberedThroughMap() throws {
        // 1.1 and 1.3 swap places and ids, and the map records both renames.
        let swapped = """
            tree "Data theft"
            1 or "Steal the data"
              impact high
              1.1 "Bribe an insider"
                likelihood unlikely
              1.2 and "Break in through the VPN"
                1.2.1 "Find the VPN host"
                  likelihood likely
                1.2.2 "Exploit the VPN"
                  likelihood rare
              1.3 "Phish an administrator"
                likelihood possible
                mitigated-by training

            mitigation training "Train administrators"
              status implemented
              effectiveness 50%

            """
        let renames = [id("1.1"): id("1.3"), id("1.3"): id("1.1")]
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(swapped), renames: renames)

        let details = diff.nodes.map(\.details)
        #expect(details.count == 2)
        #expect(details.contains([.renumbered(old: id("1.1"), new: id("1.3"), guessed: false)]))
        #expect(details.contains([.renumbered(old: id("1.3"), new: id("1.1"), guessed: false)]))
        #expect(diff.risks.allSatisfy { !$0.isChanged })
    }

    @Test func renumberedWithoutMapIsGuess() throws {
        // A new first child shifts the ids of its siblings.
        let shifted = diffBaseSource
            .replacingOccurrences(of: "  1.1 \"Phish", with: "  1.1 \"Guess the password\"\n    likelihood rare\n  1.0 \"Phish")
            .replacingOccurrences(of: "1.3 \"Bribe", with: "1.4 \"Bribe")
            .replacingOccurrences(of: "1.2", with: "1.3")
            .replacingOccurrences(of: "1.0 \"Phish", with: "1.2 \"Phish")
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(shifted))

        let phish = try #require(diff.nodes.first { $0.new.map { diff.new.nodes[$0].title } == "Phish an administrator" })
        #expect(phish.details == [.renumbered(old: id("1.1"), new: id("1.2"), guessed: true)])
        let child = try #require(diff.nodes.first { $0.new.map { diff.new.nodes[$0].title } == "Exploit the VPN" })
        #expect(child.details == [.renumbered(old: id("1.2.2"), new: id("1.3.2"), guessed: true)])
        #expect(diff.nodes.filter { $0.kind == .added }.count == 1)
        #expect(diff.nodes.filter { $0.kind == .removed }.isEmpty)
    }

    @Test func movedNode() throws {
        // 1.3 moves under 1.2 and becomes 1.2.3.
        let moved = diffBaseSource
            .replacingOccurrences(of: "  1.3 \"Bribe an insider\"\n    likelihood unlikely\n", with: "")
            .replacingOccurrences(of: "      likelihood rare\n", with: "      likelihood rare\n    1.2.3 \"Bribe an insider\"\n      likelihood unlikely\n")
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(moved), renames: [id("1.3"): id("1.2.3")])

        let change = try #require(diff.nodes.first)
        #expect(diff.nodes.count == 1)
        #expect(change.details == [
            .renumbered(old: id("1.3"), new: id("1.2.3"), guessed: false),
            .moved(oldParent: id("1"), newParent: id("1.2")),
        ])
    }

    @Test func gateChange() throws {
        let diff = try diffOfBase(replacing: "1.2 and", with: "1.2 or")

        #expect(diff.nodes.map(\.details) == [[.gate(old: "and", new: "or")]])
    }

    @Test func attributeChanges() throws {
        let diff = try diffOfBase(replacing: "    likelihood possible\n", with: "    likelihood likely\n    cost 500 USD\n")

        #expect(diff.nodes.map(\.details) == [[
            .attribute(name: "likelihood", old: "possible", new: "likely"),
            .attribute(name: "cost", old: nil, new: "500 USD"),
        ]])
        let risk = try #require(diff.risks.first { $0.new.map { diff.new.nodes[$0].id } == id("1.1") })
        #expect(risk.view(.inherent).risk == .up)
        #expect(risk.view(.residual).risk == .up)
    }

    @Test func mitigationAddedAndRemoved() throws {
        let source = diffBaseSource
            .replacingOccurrences(of: "mitigation training \"Train administrators\"", with: "mitigation awareness \"Run awareness sessions\"")
            .replacingOccurrences(of: "mitigated-by training", with: "mitigated-by awareness")
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(source))

        #expect(diff.mitigations.map(\.kind) == [.added, .removed])
        #expect(diff.mitigations.map(\.name) == ["awareness", "training"])
        #expect(diff.nodes.map(\.details) == [[.attribute(name: "mitigated-by", old: "training", new: "awareness")]])
    }

    @Test func mitigationStatusAndEffectiveness() throws {
        let diff = try diffOfBase(replacing: "  status implemented\n  effectiveness 50%", with: "  status planned\n  effectiveness 80%")

        #expect(diff.mitigations.map(\.details) == [[
            .status(old: .implemented, new: .planned),
            .effectiveness(old: "50%", new: "80%"),
        ]])
        #expect(diff.goal.view(.residual).risk == .up)
        #expect(diff.goal.view(.projected).risk == .down)
    }

    @Test func mitigationCoverage() throws {
        let diff = try diffOfBase(replacing: "      likelihood rare\n", with: "      likelihood rare\n      mitigated-by training\n")

        #expect(diff.mitigations.map(\.details) == [[.coverage(added: [id("1.2.2")], removed: [])]])
    }

    @Test func goalBandChange() throws {
        let diff = try diffOfBase(replacing: "  impact high\n", with: "  impact low\n")

        let residual = diff.goal.view(.residual)
        #expect(residual.risk == .down)
        #expect(residual.band == .down)
        #expect(residual.old?.band == "high")
        #expect(residual.new?.band == "low")
    }

    @Test func attackSetsAppearAndDisappear() throws {
        let diff = try diffOfBase(replacing: "1.2 and", with: "1.2 or")

        guard case .compared(let oldCount, let newCount, let appeared, let disappeared) = diff.attackSets else {
            Issue.record("attack sets were not compared: \(diff.attackSets)")
            return
        }
        #expect(oldCount == 3)
        #expect(newCount == 4)
        #expect(appeared == [[id("1.2.1")], [id("1.2.2")]])
        #expect(disappeared == [[id("1.2.1"), id("1.2.2")]])
    }

    @Test func attackSetsFollowRenames() throws {
        let renumbered = diffBaseSource.replacingOccurrences(of: "1.3 \"Bribe", with: "1.4 \"Bribe")
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: try diffTree(renumbered), renames: [id("1.3"): id("1.4")])

        #expect(diff.attackSets.isUnchanged)
    }

    @Test func attackSetsSkippedAboveBound() throws {
        // An and gate of 14 or gates with 2 steps each has 2^14 = 16,384 minimal sets.
        var source = "1 and \"Goal\"\n  impact high\n"
        for branch in 1...14 {
            source += "  1.\(branch) or \"Branch \(branch)\"\n"
            for step in 1...2 { source += "    1.\(branch).\(step) \"Step \(branch).\(step)\"\n      likelihood likely\n" }
        }
        let tree = try diffTree(source)
        let diff = TreeDiff(old: tree, new: tree)

        guard case .skipped(let reason) = diff.attackSets else {
            Issue.record("expected the comparison to be skipped")
            return
        }
        #expect(reason.contains("10000"))
        #expect(diff.isEmpty)
    }

    @Test func renameMapUnknownIDNoted() throws {
        let tree = try diffTree(diffBaseSource)
        let diff = TreeDiff(old: tree, new: tree, renames: [id("9.9"): id("9.8")])

        #expect(diff.notes == ["the rename map names old ids that are not in the old tree: 9.9"])
    }
}

@Suite struct DiffGateTests {
    @Test func residualIncreaseTrips() throws {
        let diff = try diffOfBase(replacing: "likelihood possible", with: "likelihood certain")
        let results = try diff.evaluate([.residualIncrease])

        #expect(results.map(\.tripped) == [true])
        #expect(results.first?.nodes == [id("1"), id("1.1")])
    }

    @Test func residualDecreasePasses() throws {
        let diff = try diffOfBase(replacing: "likelihood possible", with: "likelihood rare")
        let results = try diff.evaluate([.residualIncrease])

        #expect(results.map(\.tripped) == [false])
        #expect(results.first?.nodes == [])
    }

    @Test func bandGate() throws {
        let tree = try diffTree(diffBaseSource)
        let diff = TreeDiff(old: tree, new: tree)
        #expect(diff.goal.view(.residual).new?.band == "high")

        #expect(try diff.evaluate([.band("high")]).map(\.tripped) == [true])
        #expect(try diff.evaluate([.band("critical")]).map(\.tripped) == [false])
        #expect(try diff.evaluate([.band("low")]).map(\.tripped) == [true])
    }

    @Test func unknownBandThrows() throws {
        let tree = try diffTree(diffBaseSource)
        let diff = TreeDiff(old: tree, new: tree)

        #expect(throws: DiffGate.UnknownBand.self) { try diff.evaluate([.band("severe")]) }
    }

    @Test func maxRiskGate() throws {
        let tree = try diffTree(diffBaseSource)
        let diff = TreeDiff(old: tree, new: tree)
        let risk = try #require(diff.goal.view(.residual).new?.risk)

        #expect(try diff.evaluate([.maxRisk(risk + 0.01)]).map(\.tripped) == [false])
        #expect(try diff.evaluate([.maxRisk(risk - 0.01)]).map(\.tripped) == [true])
    }

    @Test func unknownRiskTripsLimits() throws {
        let unknown = diffBaseSource.replacingOccurrences(of: "    likelihood unlikely\n", with: "")
        let tree = try diffTree(unknown)
        let diff = TreeDiff(old: try diffTree(diffBaseSource), new: tree)
        #expect(diff.goal.view(.residual).new?.risk == nil)

        #expect(try diff.evaluate([.maxRisk(100)]).map(\.tripped) == [true])
        #expect(try diff.evaluate([.band("low")]).map(\.tripped) == [true])
        #expect(try diff.evaluate([.residualIncrease]).map(\.tripped) == [true])
    }

    @Test func failOnParsing() {
        #expect(DiffGate(failOn: "residual-increase") == .residualIncrease)
        #expect(DiffGate(failOn: "band:high") == .band("high"))
        #expect(DiffGate(failOn: "band:") == nil)
        #expect(DiffGate(failOn: "residual") == nil)
    }
}

@Suite struct TreeDiffOrderTests {
    /// Returns a tree of `count` steps under one `or` goal. `change` may edit a step's title and
    /// likelihood, or return false to leave the step out.
    static func wideTree(_ count: Int, change: (Int, inout String, inout String) -> Bool = { _, _, _ in true }) -> String {
        var text = "tree \"Wide\"\n1 or \"Goal\"\n  impact high\n"
        for number in 1...count {
            var title = "Step \(number)"
            var likelihood = "possible"
            guard change(number, &title, &likelihood) else { continue }
            text += "  1.\(number) \"\(title)\"\n    likelihood \(likelihood)\n"
        }
        return text
    }

    @Test func changesComeOutInIDOrder() throws {
        // The comparison splits the new tree's nodes in two and compares the halves at once.
        // Changes in both halves, an added node and removals must each come out once, in id
        // order, and the risks in the same order.
        let old = try diffTree(Self.wideTree(40))
        let new = try diffTree(Self.wideTree(41) { number, title, likelihood in
            switch number {
            case 3, 37: title += " again"
            case 8, 33: likelihood = "likely"
            case 12, 29: return false
            default: break
            }
            return true
        })
        let diff = TreeDiff(old: old, new: new)
        let listed = diff.nodes.map { change in
            change.new.map { "\(diff.new.nodes[$0].id) \(change.kind)" } ?? "\(diff.old.nodes[change.old!].id) \(change.kind)"
        }
        #expect(listed == ["1.3 changed", "1.8 changed", "1.12 removed", "1.29 removed", "1.33 changed",
                           "1.37 changed", "1.41 added"])
        let ids = diff.nodes.map { change in change.new.map { diff.new.nodes[$0].id } ?? diff.old.nodes[change.old!].id }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)

        // The goal's risk stays within the tolerance: an `or` of 40 steps is nearly certain.
        let riskIDs = diff.risks.map { risk in risk.new.map { diff.new.nodes[$0].id } ?? diff.old.nodes[risk.old!].id }
        #expect(riskIDs.map(\.description) == ["1.3", "1.8", "1.12", "1.29", "1.33", "1.37", "1.41"])
        let moved = try #require(diff.risks.first { $0.new.map { diff.new.nodes[$0].id } == id("1.33") })
        #expect(moved.view(.inherent).risk == .up)
    }
}
