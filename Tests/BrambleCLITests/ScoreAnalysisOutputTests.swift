import BrambleCLI
import Foundation
import Testing

/// `bramble score` end to end: importance, ranked attack sets, profiles, mitigations needed
/// together and the budget plan, in JSON and text.
@Suite struct ScoreAnalysisOutputTests {
    static let tree = """
    tree "Analyses"
      profile kiddie "Script kiddie"
        max-skill proficient

    1 or "Goal"
      impact 10
      mitigated-by wide
      1.1 "A"
        likelihood 0.5
        cost 100 USD
        skill layman
        time 2 hours
        mitigated-by ma
      1.2 "B"
        likelihood 0.5
        cost 300 USD
        skill expert
        time 1 hour
        mitigated-by mb

    mitigation ma "Control A"
      status planned
      effectiveness blocks
      cost 5 USD
    mitigation mb "Control B"
      status planned
      effectiveness blocks
      cost 5 USD
    mitigation wide "Halve every attack"
      status planned
      effectiveness 50%
      cost 6 USD
    """

    func run(_ extra: [String], text: String = tree) throws -> (status: ExitCode, output: String, error: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bramble-analyses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.bramble")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let console = CapturingConsole()
        let status = CLI.run(["score", file.path] + extra, environment: [:], console: console)
        return (status, String(decoding: console.output, as: UTF8.self), console.error)
    }

    func json(_ extra: [String]) throws -> [String: Any] {
        let result = try run(["--format", "json"] + extra)
        #expect(result.status == .success, "\(result.error)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test func goalCarriesEveryViewWithItsMethod() throws {
        let goal = try #require(try json([])["goal"] as? [String: Any])
        let methods = try #require(goal["methods"] as? [String: [String: Any]])
        #expect(Set(methods.keys) == ["inherent", "residual", "projected"])
        #expect(methods["projected"]?["exact"] as? Bool == true)
        #expect((goal["projected"] as? [String: Any])?["risk"] as? Double != nil)
        #expect(goal["method"] is String)
    }

    @Test func importancePerStepInIdOrder() throws {
        let importance = try #require(try json([])["importance"] as? [String: Any])
        #expect(importance["view"] as? String == "residual")
        let steps = try #require(importance["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["1.1", "1.2"])
        // P(goal) = 0.75; A certain gives 1, A impossible gives 0.5.
        #expect(abs((steps[0]["birnbaum"] as? Double ?? 0) - 0.5) < 1e-12)
        #expect(abs((steps[0]["riskReductionWorth"] as? Double ?? 0) - 1.5) < 1e-12)
    }

    @Test func infiniteRatioIsWrittenAsAString() throws {
        let single = Self.tree.replacingOccurrences(of: "1 or \"Goal\"", with: "1 and \"Goal\"")
        let result = try run(["--format", "json"], text: single)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let steps = try #require((object["importance"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps[0]["riskReductionWorth"] as? String == "infinity")
    }

    @Test func rankedAttackSets() throws {
        let ranking = try #require(try json(["--top", "1"])["attackRanking"] as? [String: Any])
        #expect(ranking["top"] as? Int == 1)
        #expect((ranking["byCost"] as? [Any])?.count == 1)
        let cheapest = try #require((ranking["cheapest"] as? [String: Any])?["set"] as? [String: Any])
        #expect(cheapest["steps"] as? [String] == ["1.1"])
        let fastest = try #require((ranking["fastest"] as? [String: Any])?["set"] as? [String: Any])
        #expect(fastest["steps"] as? [String] == ["1.2"])
    }

    @Test func profilesScoredAndOneProfileChosen() throws {
        let all = try json([])
        let profiles = try #require(all["profiles"] as? [[String: Any]])
        #expect(profiles.first?["name"] as? String == "kiddie")
        #expect(profiles.first?["beyondReach"] as? [String] == ["1.2"])
        let residual = try #require(((profiles.first?["goal"] as? [String: Any])?["residual"]) as? [String: Any])
        #expect(residual["likelihood"] as? Double == 0.5)
        let chosen = try json(["--profile", "kiddie"])
        #expect((chosen["profile"] as? [String: Any])?["name"] as? String == "kiddie")
        #expect(((chosen["goal"] as? [String: Any])?["inherent"] as? [String: Any])?["likelihood"] as? Double == 0.5)
    }

    @Test func unknownProfileIsUsageError() throws {
        let result = try run(["--profile", "kidie"])
        #expect(result.status == .usage)
        #expect(result.error.contains("did you mean 'kiddie'?"))
    }

    @Test func groupsNeededTogether() throws {
        let groups = try #require(try json([])["mitigationGroups"] as? [String: Any])
        let list = try #require(groups["groups"] as? [[String: Any]])
        #expect(list.map { $0["mitigations"] as? [String] } == [["ma", "mb"]])
    }

    @Test func budgetPlanBeatsGreedy() throws {
        let plan = try #require(try json(["--budget", "10 USD"])["budgetPlan"] as? [String: Any])
        #expect(plan["chosen"] as? [String] == ["ma", "mb"])
        #expect(plan["exact"] as? Bool == true)
        #expect(plan["riskAfter"] as? Double == 0)
        let text = try run(["--budget", "10 USD"])
        #expect(text.output.contains("implement: ma, mb (spends 10 USD)"))
    }

    @Test func budgetOptionsAreChecked() throws {
        #expect(try run(["--budget", "ten"]).status == .usage)
        #expect(try run(["--budget", "-3"]).status == .usage)
        #expect(try run(["--budget-by", "effort"]).status == .usage)
        #expect(try run(["--top", "0"]).status == .usage)
        #expect(try run(["--view", "future"]).status == .usage)
    }

    @Test func budgetWithoutUnitOverMixedUnits() throws {
        let mixed = Self.tree.replacingOccurrences(of: "cost 6 USD", with: "cost 2 person-days")
        let result = try run(["--budget", "10"], text: mixed)
        #expect(result.status == .usage)
        #expect(result.error.contains("give the budget a unit"))
        #expect(try run(["--budget", "10 USD"], text: mixed).status == .success)
    }

    @Test func textShowsEverySection() throws {
        let text = try run([]).output
        for heading in ["Attacker profiles", "Importance of each step", "Attack sets ranked", "needed together"] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("cheapest: {1.1}, cost 100 USD"))
    }
}
