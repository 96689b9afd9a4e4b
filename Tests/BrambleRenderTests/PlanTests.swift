import BrambleCore
import BrambleRender
import Foundation
import Mustache
import Testing

/// A tree where the plan order by risk per effort differs from the order by risk alone:
/// `cheap` removes less risk than `broad` but costs a tenth of it.
let effortTreeSource = """
    tree "Effort order"

    1 or "Goal"
      impact critical
      1.1 "Step A"
        likelihood 0.5
        cost 100 EUR
        mitigated-by broad
      1.2 "Step B"
        likelihood 0.3
        cost 50 EUR
        mitigated-by cheap
      1.3 and "Both"
        1.3.1 "Step C"
          likelihood 0.5
          cost 10 EUR
        1.3.2 "Step D"
          likelihood 0.4
          mitigated-by unmeasured

    mitigation broad "Broad control"
      status planned
      effectiveness 90%
      effort 10 person-days

    mitigation cheap "Cheap control"
      status planned
      effectiveness 90%
      effort 1 person-day

    mitigation unmeasured "Control with no effort given"
      status planned
      effectiveness 90%

    """

/// Checks `source` and returns its analysis, allowing warnings: the effort tree has a
/// high-risk step with no mitigation on purpose, which the checker warns about.
func analyzeWithWarnings(_ source: String) throws -> Analysis {
    let (tree, diagnostics) = Checker.check(SourceFile(path: "test.bramble", text: source))
    guard let tree, !diagnostics.hasErrors else { throw FixtureError(description: "test tree has errors") }
    return Analysis(tree)
}

@Suite struct PlanOrderTests {
    @Test func ordersByReductionPerEffort() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let order = PlanOrder(analysis)
        let names = order.entries.map { analysis.tree.mitigations[$0.mitigation].name }

        #expect(names == ["cheap", "broad", "unmeasured"])
        #expect(order.effortUnit == "person-days")
        let cheap = try #require(order.entries.first)
        let reduction = try #require(analysis.effects[cheap.mitigation].riskReduction)
        #expect(cheap.reductionPerEffort == reduction / 1)
        #expect(order.entries.last?.reductionPerEffort == nil)
    }

    @Test func ratioMatchesExactRecomputation() throws {
        // Goal risk with nothing in place: 1 - (1 - 0.5)(1 - 0.3)(1 - 0.2) = 0.72, times 10.
        // With cheap in place, step B drops to 0.03: 1 - 0.5 × 0.97 × 0.8 = 0.612.
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let order = PlanOrder(analysis)
        let cheap = try #require(order.entries.first)

        #expect(abs((cheap.reductionPerEffort ?? 0) - (7.2 - 6.12)) < 1e-9)
    }

    @Test func otherUnitComesAfter() throws {
        let source = effortTreeSource.replacingOccurrences(of: "effort 1 person-day", with: "cost 900 EUR")
        let analysis = try analyzeWithWarnings(source)
        let names = PlanOrder(analysis).entries.map { analysis.tree.mitigations[$0.mitigation].name }

        #expect(names == ["broad", "cheap", "unmeasured"])
    }
}

@Suite struct RiskiestAttackTests {
    @Test func ranksSetsByProbabilityWithProductAndSum() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let attacks = RiskiestAttacks(analysis, view: .inherent, limit: 5)
        let list = try #require(attacks.attacks)
        let ids = list.map { $0.steps.map { analysis.tree.nodes[$0].id.description } }

        #expect(attacks.total == 3)
        #expect(ids == [["1.1"], ["1.2"], ["1.3.1", "1.3.2"]])
        #expect(list.map(\.probability) == [0.5, 0.3, 0.5 * 0.4])
        // Step D has no cost, so the pair's cost is unknown.
        #expect(list.map(\.cost) == [100, 50, nil])
    }

    @Test func limitKeepsTheMostLikely() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let list = try #require(RiskiestAttacks(analysis, view: .inherent, limit: 1).attacks)

        #expect(list.count == 1)
        #expect(list.first?.probability == 0.5)
    }
}

@Suite struct PlanSectionTests {
    @Test func groupsAreShownAndSaidToBeNeededTogether() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let inputs = ReportInputs(groups: [.init(mitigations: [0, 1], reason: "Step A and B share one credential.")])
        let markdown = try RemediationPlan.markdown(PlanFacts(analysis, inputs: inputs))

        #expect(markdown.contains("### Mitigations needed together"))
        #expect(markdown.contains("Group 1: Broad control (broad, planned); Cheap control (cheap, planned)."))
        #expect(markdown.contains("- Needed together with Cheap control (cheap): see group 1 below."))
        #expect(markdown.contains("Step A and B share one credential."))
    }

    @Test func noGroupSectionWithoutGroups() throws {
        let markdown = try RemediationPlan.markdown(try analyzeWithWarnings(effortTreeSource))

        #expect(!markdown.contains("needed together"))
        #expect(!markdown.contains("## Diagram"))
    }

    @Test func mermaidDiagramIsFenced() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let inputs = ReportInputs(mermaid: "flowchart LR\n  n1[\"Goal\"]")
        let markdown = try RemediationPlan.markdown(PlanFacts(analysis, inputs: inputs))

        #expect(markdown.contains("## Diagram\n\n```mermaid\nflowchart LR\n  n1[\"Goal\"]\n```\n"))
    }

    @Test func mermaidWithBackticksKeepsItsFence() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let inputs = ReportInputs(mermaid: "flowchart LR\n```\n  n1[\"a ```` b\"]")
        let markdown = try RemediationPlan.markdown(PlanFacts(analysis, inputs: inputs))

        #expect(markdown.contains("\n`````mermaid\nflowchart LR\n```\n  n1[\"a ```` b\"]\n`````\n"))
    }

    @Test func highRiskStepsWithoutMitigationAreListed() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let markdown = try RemediationPlan.markdown(analysis)
        let rows = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("| 1.3.1 | Step C |") }

        // Step C (0.5 × impact 10 = 5, critical) has no mitigation on it or above it.
        #expect(rows.count == 2)
        #expect(markdown.contains("Steps whose residual risk is high or critical and that no implemented or planned"))
    }

    @Test func baselineShowsChanges() throws {
        let previous = try analyzeWithWarnings("""
            tree "Effort order"
              version "0.9"

            1 or "Goal"
              impact critical
              1.1 "Step A"
                likelihood 0.5
                mitigated-by broad
              1.4 "Old step"
                likelihood 0.3

            mitigation broad "Broad control"
              status planned
              effectiveness 90%

            """)
        let current = try analyzeWithWarnings(effortTreeSource)
        let comparison = BaselineComparison(previous: previous, current: current)

        #expect(comparison.addedMitigations.map { current.tree.mitigations[$0].name } == ["cheap", "unmeasured"])
        #expect(comparison.removedMitigations.isEmpty)
        #expect(!comparison.isUnchanged)
        let markdown = try RemediationPlan.markdown(PlanFacts(current, inputs: ReportInputs(baseline: comparison)))
        #expect(comparison.addedNodes.map { current.tree.nodes[$0].id.description } == ["1.2", "1.3", "1.3.1", "1.3.2"])
        #expect(comparison.removedNodes.map(\.id) == ["1.4"])
        #expect(markdown.contains("### Changes since version 0.9"))
        #expect(markdown.contains("Nodes removed:\n- 1.4 Old step\n"))
        #expect(markdown.contains("Mitigations added:\n- Cheap control (cheap)\n- Control with no effort given (unmeasured)\n"))
    }

    @Test func sameTreeAsBaselineIsUnchanged() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let comparison = BaselineComparison(previous: analysis, current: analysis)
        let markdown = try RemediationPlan.markdown(PlanFacts(analysis, inputs: ReportInputs(baseline: comparison)))

        #expect(comparison.isUnchanged)
        #expect(markdown.contains("Nothing changed: the same nodes, mitigations and goal figures."))
    }
}
