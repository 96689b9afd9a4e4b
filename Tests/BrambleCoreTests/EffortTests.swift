import BrambleCore
import Testing

@Suite struct EffortTests {
    func analyse(_ text: String) throws -> Analysis {
        let (tree, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-01-01")
        let errors = diagnostics.items.filter { $0.severity == .error }.map(\.message)
        return Analysis(try #require(tree, "\(errors)"))
    }

    func figures(_ analysis: Analysis, _ id: String, _ view: View = .inherent) -> Figures {
        analysis.figures(analysis.tree.index(of: NodeID(parsing: id)!)!, view)
    }

    static let gates = """
    1 or "Goal"
      impact 1
      1.1 and "Both"
        1.1.1 "A"
          likelihood 0.5
          cost 100 USD
          skill expert
          time 2 days
        1.1.2 "B"
          likelihood 0.5
          cost 50 USD
          skill layman
          time 3 hours
      1.2 sand "Sequence"
        1.2.1 "C"
          likelihood 0.5
          cost 500 USD
          skill proficient
          time 1 day
        1.2.2 "D"
          likelihood 0.5
          cost 10 USD
          skill proficient
          time 1 day
    """

    @Test func andSumsCostTakesMaxima() throws {
        let both = figures(try analyse(Self.gates), "1.1")
        #expect(both.cost == 150)
        #expect(both.skill == 3)
        #expect(both.hours == 48)
    }

    @Test func sequenceSumsTime() throws {
        let sequence = figures(try analyse(Self.gates), "1.2")
        #expect(sequence.cost == 510)
        #expect(sequence.skill == 2)
        #expect(sequence.hours == 48)
    }

    @Test func orTakesEachMinimum() throws {
        let goal = try analyse(Self.gates).inherent.goal
        #expect(goal.cost == 150)
        #expect(goal.skill == 2)
        #expect(goal.hours == 48)
    }

    @Test func kOfNUsesBestChildren() throws {
        let analysis = try analyse("""
        1 2 of 3 "Two of three"
          impact 1
          1.1 "A"
            likelihood 0.5
            cost 30
            time 1 hour
          1.2 "B"
            likelihood 0.5
            cost 10
            time 5 hours
          1.3 "C"
            likelihood 0.5
            cost 20
            time 2 hours
        """)
        #expect(analysis.inherent.goal.cost == 30)
        #expect(analysis.inherent.goal.hours == 2)
    }

    @Test func blockedChildNeverChosen() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 1
          1.1 "Cheap but blocked"
            likelihood 0.5
            cost 1
            mitigated-by wall
          1.2 "Dear"
            likelihood 0.5
            cost 100

        mitigation wall "Wall"
          status implemented
          effectiveness blocks
        """)
        #expect(analysis.inherent.goal.cost == 1)
        #expect(analysis.residual.goal.cost == 100)
        #expect(figures(analysis, "1.1", .residual).cost == nil)
    }

    @Test func unknownCostStaysUnknown() throws {
        let analysis = try analyse("""
        1 or "Goal"
          impact 1
          1.1 "Costed"
            likelihood 0.5
            cost 5
          1.2 "Not costed"
            likelihood 0.5
        """)
        #expect(analysis.inherent.goal.cost == nil)
    }

    @Test func mixedUnitsNotAdded() throws {
        let text = """
        1 and "Goal"
          impact 1
          1.1 "Dollars"
            likelihood 0.5
            cost 5 USD
          1.2 "Euros"
            likelihood 0.5
            cost 5 EUR
        """
        let analysis = try analyse(text)
        #expect(analysis.inherent.goal.cost == nil)
        let diagnostics = Checker.check(SourceFile(path: "t.bramble", text: text)).diagnostics.items
        let warning = try #require(diagnostics.first { $0.code == .mixedCostUnits })
        #expect(warning.location.line == 6)
    }

    @Test func costUnitsInNodeOrder() throws {
        // The units are listed in the order of the nodes, whether or not the children were
        // written in id order. When they were, the units are collected while reading.
        let inOrder = """
        1 or "Goal"
          impact 1
          1.1 "Hours"
            likelihood 0.5
            cost 2 hours
          1.2 and "Both"
            1.2.1 "Dollars"
              likelihood 0.5
              cost 5 USD
            1.2.2 "Free"
              likelihood 0.5
              cost 0
          1.3 "Dollars again"
            likelihood 0.5
            cost 7 USD
        """
        #expect(try analyse(inOrder).tree.costUnits == ["hours", "USD", ""])
        let outOfOrder = inOrder
            .replacingOccurrences(of: "  1.3 \"Dollars again\"", with: "  1.0.3 \"Dollars again\"")
            .replacingOccurrences(of: "  1.1 \"Hours\"", with: "  1.3 \"Hours\"")
            .replacingOccurrences(of: "  1.0.3 \"Dollars again\"", with: "  1.1 \"Dollars again\"")
        #expect(try analyse(outOfOrder).tree.costUnits == ["USD", "", "hours"])
    }

    @Test func sharingMakesEffortApproximate() throws {
        let analysis = try analyse("""
        1 and "Goal"
          impact 1
          1.1 "Shared"
            likelihood 0.5
            cost 10
          1.2 or "Uses it"
            use 1.1
            1.2.1 "Other"
              likelihood 0.5
              cost 100
        """)
        #expect(!analysis.inherent.effortIsExact)
        #expect(try analyse(Self.gates).inherent.effortIsExact)
    }
}

@Suite struct EvaluationVariantTests {
    @Test func riskFiguresMatchAndEffortIsUnknown() throws {
        let (checked, _) = Checker.check(SourceFile(path: "t.bramble", text: EffortTests.gates), today: "2026-01-01")
        let tree = try #require(checked)
        for view in View.allCases {
            let full = Scorer.evaluate(tree, view: view)
            let riskOnly = Scorer.evaluate(tree, view: view, effort: false)
            #expect(full.figures.count == tree.nodes.count)
            #expect(riskOnly.figures.count == tree.nodes.count)
            for index in tree.nodes.indices {
                let expected = full.figures[index]
                let figures = riskOnly.figures[index]
                #expect(figures.probability == expected.probability)
                #expect(figures.impact == expected.impact)
                #expect(figures.risk == expected.risk)
                #expect(figures.band == expected.band)
                #expect(figures.blocked == expected.blocked)
                #expect(figures.cost == nil)
                #expect(figures.skill == nil)
                #expect(figures.hours == nil)
                #expect(full.figures.risk(at: index) == expected.risk)
                #expect(full.figures.band(at: index) == expected.band)
            }
            // The full evaluation has effort: the goal's cheapest attack is known.
            #expect(full.goal.cost != nil)
        }
    }

    static let mitigated = """
    tree "Views"
    1 or "Goal"
      impact high
      1.1 and "Both"
        1.1.1 "A"
          likelihood 0.5
          cost 100 USD
          mitigated-by done, later
        1.1.2 "B"
          likelihood 0.4
          mitigated-by wall
      1.2 "C"
        likelihood 0.3
        mitigated-by later
      1.3 2 of 3 "Two of three"
        1.3.1 "D"
          likelihood 0.9
        1.3.2 "E"
          likelihood 0.2
          mitigated-by done
        1.3.3 "F"
          likelihood 0.6

    mitigation done "Done"
      status implemented
      effectiveness 50%
    mitigation later "Later"
      status planned
      effectiveness 80%
    mitigation wall "Wall"
      status planned
      effectiveness blocks
    """

    @Test func allViewsMatchOneViewAtATime() throws {
        // The shared step takes the conditioning path instead of the plain bottom-up pass.
        let shared = Self.mitigated.replacingOccurrences(of: "  1.1 and \"Both\"\n", with: "  1.1 and \"Both\"\n    use 1.2\n")
        for source in [Self.mitigated, EffortTests.gates, shared] {
            let (checked, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: source), today: "2026-01-01")
            let tree = try #require(checked, "\(diagnostics.items.map(\.message))")
            let together = Scorer.evaluateAllViews(tree)
            #expect(together.map(\.view) == View.allCases)
            for (position, view) in View.allCases.enumerated() {
                let alone = Scorer.evaluate(tree, view: view)
                #expect(together[position].method == alone.method)
                #expect(Array(together[position].figures) == Array(alone.figures))
            }
            if source == shared {
                #expect(together[0].method == .conditioning(sharedNodes: 1))
            }
        }
    }

    @Test func viewsOfMitigatedTreeDiffer() throws {
        let (checked, _) = Checker.check(SourceFile(path: "t.bramble", text: Self.mitigated), today: "2026-01-01")
        let tree = try #require(checked)
        let risks = Scorer.evaluateAllViews(tree).map { $0.goal.risk }
        // Applying more mitigations lowers the goal's risk: inherent, then residual, then projected.
        #expect(risks[0]! > risks[1]!)
        #expect(risks[1]! > risks[2]!)
        let blocked = Scorer.evaluateAllViews(tree).map { $0.figures[tree.index(of: NodeID(parsing: "1.1.2")!)!].blocked }
        #expect(blocked == [false, false, true])
    }
}
