import BrambleCore
import Testing

/// Checks a tree written inline and fails the test when it has errors.
private func tree(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> AttackTree {
    let result = Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-01-01")
    return try #require(result.tree, "\(result.diagnostics.sorted.map(\.message))", sourceLocation: sourceLocation)
}

private func close(_ value: Double?, _ expected: Double, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let value else {
        Issue.record("expected \(expected), got unknown", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(value - expected) < 1e-9, "expected \(expected), got \(value)", sourceLocation: sourceLocation)
}

/// Importance measures against values worked out by hand.
@Suite struct ImportanceTests {
    func step(_ result: ImportanceResult, _ id: String, in tree: AttackTree) throws -> StepImportance {
        let parsed = try #require(NodeID(parsing: id))
        let index = try #require(tree.index(of: parsed))
        return try #require(result.steps.first { $0.node == index })
    }

    @Test func conditionalGoalMatchesRewrittenTree() throws {
        // Each step's conditional goal probabilities must equal the goal's probability in the
        // tree rewritten with that step certain or impossible and its mitigation removed.
        let source = """
        1 or "Goal"
          impact 10
          1.1 and "Both"
            1.1.1 "A"
              likelihood 0.5
              mitigated-by done
            1.1.2 "B"
              likelihood 0.4
          1.2 2 of 3 "Two of three"
            1.2.1 "C"
              likelihood 0.9
            1.2.2 or "D or E"
              1.2.2.1 "D"
                likelihood 0.2
                mitigated-by done
              1.2.2.2 "E"
                likelihood 0.1
            1.2.3 "F"
              likelihood 0.6
          1.3 "G"
            likelihood 0.3

        mitigation done "Done"
          status implemented
          effectiveness 50%
        """
        let result = Analysis(try tree(source)).importance(view: .residual)
        #expect(result.method == .bottomUp)
        let steps = ["1.1.1": "A", "1.1.2": "B", "1.2.1": "C", "1.2.2.1": "D", "1.2.2.2": "E", "1.2.3": "F", "1.3": "G"]
        for (id, title) in steps {
            let importance = try step(result, id, in: try tree(source))
            for (forced, expected) in [("1", importance.goalIfCertain), ("0", importance.goalIfImpossible)] {
                var lines = source.components(separatedBy: "\n")
                let head = try #require(lines.firstIndex { $0.hasSuffix("\"\(title)\"") })
                let indent = String(lines[head + 1].prefix { $0 == " " })
                lines[head + 1] = indent + "likelihood \(forced)"
                if lines[head + 2].contains("mitigated-by") { lines.remove(at: head + 2) }
                let goal = Analysis(try tree(lines.joined(separator: "\n"))).residual.goal.probability
                close(expected, goal ?? .nan)
            }
        }
    }

    @Test func mitigationEffectsMatchRewrittenTree() throws {
        // Each mitigation's effect, measured by recomputing only the nodes it covers and their
        // ancestors, must equal the residual risk of the tree rewritten with its status changed.
        // The tree of the view tests, with an implemented mitigation on a gate as well.
        let source = EvaluationVariantTests.mitigated
            .replacingOccurrences(of: "  1.1 and \"Both\"\n", with: "  1.1 and \"Both\"\n    mitigated-by gate\n")
            + "\nmitigation gate \"Gate\"\n  status implemented\n  effectiveness 30%\n"
        #expect(source.contains("  1.1 and \"Both\"\n    mitigated-by gate\n"))
        let analysis = Analysis(try tree(source))
        #expect(analysis.effects.count == 4)
        for effect in analysis.effects {
            let mitigation = analysis.tree.mitigations[effect.mitigation]
            let changed = mitigation.status == .implemented ? "accepted" : "implemented"
            let rewritten = source.replacingOccurrences(
                of: "mitigation \(mitigation.name) \"\(mitigation.title)\"\n  status \(mitigation.status.rawValue)",
                with: "mitigation \(mitigation.name) \"\(mitigation.title)\"\n  status \(changed)")
            #expect(rewritten != source)
            let expected = Analysis(try tree(rewritten)).residual.goal.risk ?? .nan
            close(mitigation.status == .implemented ? effect.riskIfRemoved : effect.riskIfImplemented, expected)
        }
    }

    // Goal = A or (B and C), P(A) = 0.5, P(B) = 0.4, P(C) = 0.5, so P(goal) = 1 - 0.5 x 0.8 = 0.6.
    @Test func properTreeMatchesHandValues() throws {
        let tree = try tree("""
        1 or "Goal"
          impact 10
          1.1 "A"
            likelihood 0.5
          1.2 and "B and C"
            1.2.1 "B"
              likelihood 0.4
            1.2.2 "C"
              likelihood 0.5
        """)
        let result = Analysis(tree).importance()
        #expect(result.method == .bottomUp)
        close(result.goalProbability, 0.6)
        let a = try step(result, "1.1", in: tree)
        close(a.goalIfCertain, 1)
        close(a.goalIfImpossible, 0.2)
        close(a.birnbaum, 0.8)
        close(a.fussellVesely, 0.4 / 0.6)
        close(a.riskAchievementWorth, 1 / 0.6)
        close(a.riskReductionWorth, 3)
        // B: certain gives 1 - 0.5 x 0.5 = 0.75, impossible gives 0.5.
        let b = try step(result, "1.2.1", in: tree)
        close(b.birnbaum, 0.25)
        close(b.fussellVesely, 0.1 / 0.6)
        close(b.riskAchievementWorth, 0.75 / 0.6)
        close(b.riskReductionWorth, 0.6 / 0.5)
        #expect(result.ranked.map(\.node).first == a.node)
    }

    // The example of docs/semantics.md: (A and P) or (A and E), A shared, P(goal) = 0.29.
    @Test func sharedStepIsOneEvent() throws {
        let tree = try tree("""
        1 or "Goal"
          impact 1
          1.1 and "A and P"
            1.1.1 "A"
              likelihood 0.5
            1.1.2 "P"
              likelihood 0.4
          1.2 and "A and E"
            use 1.1.1
            1.2.1 "E"
              likelihood 0.3
        """)
        let result = Analysis(tree).importance()
        #expect(result.method == .decisionDiagram(sharedNodes: 1))
        close(result.goalProbability, 0.29)
        let a = try step(result, "1.1.1", in: tree)
        close(a.goalIfCertain, 1 - 0.6 * 0.7)
        close(a.goalIfImpossible, 0)
        close(a.birnbaum, 0.58)
        close(a.fussellVesely, 1)
        close(a.riskAchievementWorth, 2)
        #expect(a.riskReductionWorth == .infinity)
        let p = try step(result, "1.1.2", in: tree)
        close(p.goalIfCertain, 0.5)
        close(p.goalIfImpossible, 0.15)
        close(p.birnbaum, 0.35)
        close(p.fussellVesely, 0.14 / 0.29)
        close(p.riskReductionWorth, 0.29 / 0.15)
    }

    // The decision diagram and forced bottom-up passes agree on a tree without sharing, when
    // the same tree gets an unused shared node that forces the diagram.
    @Test func diagramAgreesWithBottomUp() throws {
        let body = """
          1.1 2 of 3 "Two of three"
            1.1.1 "A"
              likelihood 0.3
              mitigated-by m
            1.1.2 "B"
              likelihood 0.6
            1.1.3 "C"
              likelihood 0.45
          1.2 sand "Sequence"
            1.2.1 "D"
              likelihood 0.7
            1.2.2 "E"
              likelihood 0.2
        mitigation m "M"
          status implemented
          effectiveness 40%
        """
        let plain = Analysis(try tree("1 or \"Goal\"\n  impact 1\n" + body)).importance()
        let shared = Analysis(try tree("1 or \"Goal\"\n  impact 1\n  1.3 and \"Never\"\n    use 1.2.2\n    1.3.1 \"Z\"\n      likelihood 0\n" + body)).importance()
        #expect(plain.method == .bottomUp)
        #expect(shared.method == .decisionDiagram(sharedNodes: 1))
        for entry in plain.steps {
            let other = try #require(shared.steps.first { $0.node == entry.node })
            let ifCertain = try #require(entry.goalIfCertain)
            let ifImpossible = try #require(entry.goalIfImpossible)
            close(other.goalIfCertain, ifCertain)
            close(other.goalIfImpossible, ifImpossible)
        }
    }

    // A blocked step still has a goal probability when it is certain: the control failing.
    @Test func blockedStepAndImpossibleGoal() throws {
        let tree = try tree("""
        1 or "Goal"
          impact 1
          1.1 "A"
            likelihood 0.5
            mitigated-by wall
          1.2 "B"
            likelihood 0
        mitigation wall "Wall"
          status implemented
          effectiveness blocks
        """)
        let result = Analysis(tree).importance()
        close(result.goalProbability, 0)
        let a = try step(result, "1.1", in: tree)
        close(a.probability, 0)
        close(a.goalIfCertain, 1)
        close(a.fussellVesely, 0)
        #expect(a.riskAchievementWorth == .infinity)
        close(a.riskReductionWorth, 1)
        // In the inherent view the wall is down.
        close(Analysis(tree).importance(view: .inherent).goalProbability, 0.5)
    }

    @Test func unknownLikelihoodLeavesOnlyItsOwnConditionalsKnown() throws {
        let text = """
        1 or "Goal"
          impact 1
          1.1 "A"
          1.2 "B"
            likelihood 0.5
          1.3 and "Shared"
            use 1.2
            1.3.1 "C"
              likelihood 0.5
        """
        let tree = try tree(text)
        let result = Analysis(tree).importance()
        #expect(result.goalProbability == nil)
        let a = try step(result, "1.1", in: tree)
        close(a.goalIfCertain, 1)
        close(a.goalIfImpossible, 0.5)
        #expect(a.fussellVesely == nil)
        #expect(try step(result, "1.2", in: tree).birnbaum == nil)
    }
}

/// Minimal attack sets ranked by probability, cost and time.
@Suite struct AttackSetRankingTests {
    static let text = """
    1 or "Goal"
      impact 1
      1.1 sand "Phish, then escalate"
        1.1.1 "Phish"
          likelihood 0.5
          cost 100 USD
          time 2 days
          skill proficient
        1.1.2 "Escalate"
          likelihood 0.4
          cost 300 USD
          time 1 day
          skill expert
      1.2 "Buy an exploit"
        likelihood 0.1
        cost 1000 USD
        time 1 hour
        skill layman
      1.3 and "Insider"
        1.3.1 "Bribe"
          likelihood 0.3
          cost 350 USD
          time 5 days
          skill layman
        1.3.2 "Copy"
          likelihood 0.9
          cost 50 USD
          time 2 hours
          skill layman
    """

    @Test func bestAttacksByEachFigure() throws {
        let tree = try tree(Self.text)
        let ranking = try AttackSetRanking(tree, top: 2)
        #expect(ranking.sets.count == 3)
        func ids(_ set: RankedAttackSet?) -> [String] { set?.steps.map { tree.nodes[$0].id.description } ?? [] }
        #expect(ids(ranking.mostLikely.set) == ["1.3.1", "1.3.2"])
        close(ranking.mostLikely.set?.probability, 0.27)
        #expect(ids(ranking.cheapest.set) == ["1.1.1", "1.1.2"])
        close(ranking.cheapest.set?.cost, 400)
        #expect(ids(ranking.fastest.set) == ["1.2"])
        // A sequence adds its times: 48 + 24 hours; a parallel and takes the longest.
        close(ranking.sets.first { ids($0) == ["1.1.1", "1.1.2"] }?.hours, 72)
        close(ranking.sets.first { ids($0) == ["1.3.1", "1.3.2"] }?.hours, 120)
        close(ranking.sets.first { ids($0) == ["1.1.1", "1.1.2"] }?.skill, 3)
        #expect(ranking.byProbability.map(ids) == [["1.3.1", "1.3.2"], ["1.1.1", "1.1.2"]])
        #expect(ranking.byCost.map(ids) == [["1.1.1", "1.1.2"], ["1.3.1", "1.3.2"]])
    }

    @Test func unknownCostMakesTheCheapestUnknown() throws {
        let tree = try tree(Self.text.replacingOccurrences(of: "      cost 50 USD\n", with: ""))
        let ranking = try AttackSetRanking(tree, top: 5)
        #expect(ranking.cheapest.set == nil)
        #expect(ranking.cheapest.unknownSets == 1)
        #expect(ranking.byCost.last?.cost == nil)
        #expect(ranking.mostLikely.set != nil)
    }

    @Test func blockedStepsAndGateMitigations() throws {
        let tree = try tree("""
        1 or "Goal"
          impact 1
          1.1 "A"
            likelihood 0.5
            mitigated-by wall
          1.2 and "B and C"
            mitigated-by half
            1.2.1 "B"
              likelihood 0.5
            1.2.2 "C"
              likelihood 0.8
        mitigation wall "Wall"
          status implemented
          effectiveness blocks
        mitigation half "Half"
          status implemented
          effectiveness 50%
        """)
        let ranking = try AttackSetRanking(tree, top: 5)
        #expect(ranking.sets.count == 1)
        close(ranking.mostLikely.set?.probability, 0.5 * 0.8 * 0.5)
        #expect(try AttackSetRanking(tree, view: .inherent, top: 5).sets.count == 2)
    }

    @Test func sharedMitigatedGateCountsItsMitigationOnce() throws {
        let tree = try tree("""
        1 and "Goal"
          impact 1
          1.1 or "X"
            1.1.1 "A"
              likelihood 0.5
            1.1.2 "Y"
              likelihood 0.5
          1.2 or "Z"
            use 1.1
            1.2.1 "B"
              likelihood 0.5
        mitigation half "Half"
          status implemented
          effectiveness 50%
        """.replacingOccurrences(of: "  1.1 or \"X\"\n", with: "  1.1 or \"X\"\n    mitigated-by half\n"))
        let ranking = try AttackSetRanking(tree, top: 5)
        let single = try #require(ranking.sets.first { $0.steps.count == 1 })
        // {A}: A succeeds and the gate's control lets it through once: 0.5 x 0.5.
        close(single.probability, 0.25)
    }
}

/// Groups of planned mitigations needed together, and the best plan within a budget.
@Suite struct MitigationPlanningTests {
    static let orTree = """
    1 or "Goal"
      impact 1
      1.1 "A"
        likelihood 0.5
        mitigated-by ma
      1.2 "B"
        likelihood 0.5
        mitigated-by mb
    mitigation ma "Control A"
      status planned
      effectiveness blocks
      cost 5 USD
    mitigation mb "Control B"
      status planned
      effectiveness blocks
      cost 5 USD
    """

    @Test func twoBranchesOfAnOrNeedBothControls() throws {
        let result = Analysis(try tree(Self.orTree)).mitigationsNeededTogether()
        #expect(result.largestGroup == 3)
        #expect(result.groups.map(\.mitigations) == [[0, 1]])
        close(result.groups.first?.riskReduction, 0.75)
        close(result.groups.first?.bestPartReduction, 0.25)
    }

    @Test func controlsOnAnAndGateAreNotNeededTogether() throws {
        let text = Self.orTree.replacingOccurrences(of: "1 or \"Goal\"", with: "1 and \"Goal\"")
        #expect(Analysis(try tree(text)).mitigationsNeededTogether().groups.isEmpty)
    }

    @Test func threeBranchesNeedAGroupOfThree() throws {
        let text = Self.orTree.replacingOccurrences(of: "mitigation ma", with: """
          1.3 "C"
            likelihood 0.5
            mitigated-by mc
        mitigation mc "Control C"
          status planned
          effectiveness blocks
        mitigation ma
        """)
        let result = Analysis(try tree(text)).mitigationsNeededTogether()
        #expect(result.groups.map(\.mitigations) == [[0, 1, 2]])
    }

    // Greedy takes the wide control first (the most risk per dollar) and cannot afford more;
    // the two narrow controls together remove everything.
    static let budgetTree = orTree.replacingOccurrences(of: "  1.1 \"A\"", with: "  mitigated-by wide\n  1.1 \"A\"") + """

    mitigation wide "Halve every attack"
      status planned
      effectiveness 50%
      cost 6 USD
    """

    @Test func budgetFindsWhatGreedyMisses() throws {
        let analysis = Analysis(try tree(Self.budgetTree))
        let plan = try analysis.bestPlan(within: Amount(value: 10, unit: "USD"))
        #expect(plan.exact)
        #expect(plan.chosen.map { analysis.tree.mitigations[$0].name } == ["ma", "mb"])
        close(plan.riskBefore, 0.75)
        close(plan.riskAfter, 0)
        close(plan.spent, 10)
        let small = try analysis.bestPlan(within: Amount(value: 6, unit: nil))
        #expect(small.chosen.map { analysis.tree.mitigations[$0].name } == ["wide"])
        close(small.riskAfter, 0.375)
        let none = try analysis.bestPlan(within: Amount(value: 1, unit: "USD"))
        #expect(none.chosen.isEmpty)
    }

    @Test func budgetMatchesExhaustiveSearch() throws {
        // Six controls with overlapping coverage: compare with every subset.
        var text = "1 or \"Goal\"\n  impact 10\n"
        let steps = [(0.6, ["a", "b"]), (0.5, ["b", "c"]), (0.4, ["d"]), (0.7, ["e", "a"]), (0.3, ["f"])]
        for (number, entry) in steps.enumerated() {
            text += "  1.\(number + 1) \"S\(number)\"\n    likelihood \(entry.0)\n    mitigated-by \(entry.1.joined(separator: ", "))\n"
        }
        let prices = ["a": 3, "b": 4, "c": 2, "d": 5, "e": 1, "f": 2]
        let effects = ["a": "60%", "b": "50%", "c": "blocks", "d": "90%", "e": "30%", "f": "blocks"]
        for name in prices.keys.sorted() {
            text += "mitigation \(name) \"\(name)\"\n  status planned\n  effectiveness \(effects[name]!)\n  cost \(prices[name]!)\n"
        }
        let analysis = Analysis(try tree(text))
        for budget in [0.0, 3, 5, 7, 9, 12, 17] {
            let plan = try analysis.bestPlan(within: Amount(value: budget, unit: nil))
            var best = Double.infinity
            for mask in 0..<(1 << 6) {
                let chosen = Set((0..<6).filter { mask & (1 << $0) != 0 }.map { analysis.tree.mitigations[$0].name })
                let spent = chosen.reduce(0) { $0 + prices[$1]! }
                guard Double(spent) <= budget else { continue }
                let risk = Scorer.evaluate(analysis.tree, view: .residual) { chosen.contains($0.name) }.goal.risk!
                best = min(best, risk)
            }
            close(plan.riskAfter, best)
            #expect(plan.spent <= budget)
        }
    }

    @Test func mixedUnitsNeedABudgetUnit() throws {
        let text = Self.budgetTree.replacingOccurrences(of: "cost 6 USD", with: "cost 2 person-days")
        let analysis = Analysis(try tree(text))
        #expect(throws: BudgetFailure.self) { try analysis.bestPlan(within: Amount(value: 10, unit: nil)) }
        let plan = try analysis.bestPlan(within: Amount(value: 10, unit: "USD"))
        #expect(plan.excluded.map { analysis.tree.mitigations[$0.mitigation].name } == ["wide"])
        #expect(plan.chosen.count == 2)
    }
}

/// Attacker profiles: limits per step, pruning, and scores per profile.
@Suite struct ProfileTests {
    static let text = """
    tree "Profiles"
      profile kiddie "Script kiddie"
        max-cost 500 USD
        max-skill proficient
        max-time 2 days
      profile nation
        description "No limit"

    1 or "Goal"
      impact 10
      1.1 "Cheap"
        likelihood 0.5
        cost 100 USD
        skill layman
      1.2 "Expensive"
        likelihood 0.5
        cost 5000 USD
      1.3 "Slow"
        likelihood 0.5
        time 1 week
      1.4 "Hard"
        likelihood 0.5
        skill expert
      1.5 "Unannotated"
        likelihood 0.2
    """

    @Test func stepsBeyondAnyLimitArePruned() throws {
        let tree = try tree(Self.text)
        let kiddie = try #require(tree.profile(named: "kiddie"))
        #expect(kiddie.title == "Script kiddie")
        #expect(kiddie.maxSkill?.value == 2)
        #expect(kiddie.maxTime?.hours == 48)
        #expect(tree.stepsBeyondReach(of: kiddie).map { tree.nodes[$0].id.description } == ["1.2", "1.3", "1.4"])
        let scores = Analysis(tree).profileScores()
        #expect(scores.map(\.profile.name) == ["kiddie", "nation"])
        close(scores[0].residual.goal.probability, 1 - 0.5 * 0.8)
        close(scores[1].residual.goal.probability, 1 - 0.5 * 0.5 * 0.5 * 0.5 * 0.8)
        #expect(scores[1].beyondReach.isEmpty)
    }

    @Test func profileLimitInAnotherUnitWarns() throws {
        let result = Checker.check(SourceFile(path: "t.bramble", text: Self.text.replacingOccurrences(of: "max-cost 500 USD", with: "max-cost 500 EUR")), today: "2026-01-01")
        let warning = result.diagnostics.sorted.first { $0.code == .mixedCostUnits }
        #expect(warning?.message.contains("profile 'kiddie'") == true)
        let tree = try #require(result.tree)
        #expect(tree.stepsBeyondReach(of: tree.profiles[0]).count == 2)
    }
}

extension BruteForce {
    /// Computes the goal's residual probability by enumeration with one step's outcome fixed.
    func probability(fixing fixed: Int, succeeds: Bool) -> Double {
        let gates = tree.nodes.indices.filter { !tree.nodes[$0].isStep && factor[$0] < 1 }
        let free = steps.filter { $0 != fixed }
        let variables = free.count + gates.count
        var total = 0.0
        for mask in 0..<(1 << variables) {
            var weight = 1.0
            var succeeded: Set<Int> = succeeds ? [fixed] : []
            for (bit, step) in free.enumerated() {
                let p = tree.nodes[step].likelihood!.value * factor[step]
                let on = mask & (1 << bit) != 0
                if on { succeeded.insert(step) }
                weight *= on ? p : 1 - p
            }
            var passes = [Bool](repeating: true, count: tree.nodes.count)
            for (offset, gate) in gates.enumerated() {
                let passed = mask & (1 << (free.count + offset)) != 0
                passes[gate] = passed
                weight *= passed ? factor[gate] : 1 - factor[gate]
            }
            if outcome(succeeded: succeeded, passes: passes)[0] { total += weight }
        }
        return total
    }
}

/// Importance and mitigation effects against full enumeration on random shared trees.
@Suite struct RandomAnalysisTests {
    @Test(arguments: 1...20)
    func importanceMatchesBruteForce(seed: UInt64) throws {
        var writer = RandomTreeWriter(seed: seed, maxSteps: 4 + Int(seed % 8), mitigationPercent: 20)
        let tree = try checkedTree(writer.write())
        let brute = BruteForce(tree)
        let result = Analysis(tree).importance()
        for entry in result.steps {
            close(entry.goalIfCertain, brute.probability(fixing: entry.node, succeeds: true))
            close(entry.goalIfImpossible, brute.probability(fixing: entry.node, succeeds: false))
        }
        close(result.goalProbability, brute.probability())
    }

    @Test(arguments: 1...20)
    func mitigationEffectsMatchFullRescoring(seed: UInt64) throws {
        var writer = RandomTreeWriter(seed: seed, maxSteps: 4 + Int(seed % 8), mitigationPercent: 40)
        let tree = try checkedTree(writer.write())
        let analysis = Analysis(tree)
        for effect in analysis.effects where tree.mitigations[effect.mitigation].status == .implemented {
            let name = tree.mitigations[effect.mitigation].name
            let expected = Scorer.evaluate(tree, view: .residual) { $0.status == .implemented && $0.name != name }.goal.risk
            close(effect.riskIfRemoved, try #require(expected))
        }
    }
}
