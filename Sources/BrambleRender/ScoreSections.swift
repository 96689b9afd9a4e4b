import BrambleCore

/// The analyses that `bramble score` adds to the figures of every node: attacker profiles, the
/// importance of each step, the attack sets ranked, the mitigations needed together and the
/// best plan within a budget. Each section renders to JSON and to text.
public struct ScoreSections: Sendable {
    /// The profile the whole score is restricted to (`--profile`), with its steps beyond reach.
    public var profile: (profile: AttackerProfile, beyondReach: [Int])?
    public var profiles: [ProfileScore] = []
    public var importance: ImportanceResult?
    public var ranking: Result<AttackSetRanking, AttackSetRanking.Failure>?
    /// How many ranked sets each list shows (`--top`).
    public var top: Int = 5
    public var groups: MitigationGroupResult?
    public var budget: Result<BudgetPlan, BudgetFailure>?

    public init() {}

    /// Runs every analysis on `analysis` in `view`, the budget plan only when a budget is given.
    public static func compute(
        _ analysis: Analysis, view: View, maxOrder: Int?, top: Int,
        budget: (amount: Amount, measure: BudgetMeasure)? = nil
    ) -> ScoreSections {
        var sections = ScoreSections()
        sections.top = top
        sections.profiles = analysis.profileScores()
        sections.importance = analysis.importance(view: view)
        sections.ranking = Result { () throws(AttackSetRanking.Failure) in try AttackSetRanking(analysis.tree, view: view, maxOrder: maxOrder, top: top) }
        sections.groups = analysis.mitigationsNeededTogether()
        if let budget {
            sections.budget = Result { () throws(BudgetFailure) in try analysis.bestPlan(within: budget.amount, measure: budget.measure) }
        }
        return sections
    }

    // MARK: JSON

    /// Returns the members added to the top-level JSON object, in a fixed order.
    public func jsonMembers(_ analysis: Analysis) -> [(String, JSONValue)] {
        let tree = analysis.tree
        var members: [(String, JSONValue)] = []
        if let profile {
            members.append(("profile", .object([
                ("name", .string(profile.profile.name)),
                ("beyondReach", .array(profile.beyondReach.map { .string(tree.nodes[$0].id.description) })),
            ])))
        }
        members.append(("profiles", .array(profiles.map { profileJSON($0, tree: tree) })))
        members.append(("importance", importance.map { importanceJSON($0, tree: tree) } ?? .null))
        members.append(("attackRanking", ranking.map { rankingJSON($0, tree: tree) } ?? .null))
        members.append(("mitigationGroups", groups.map { groupsJSON($0, tree: tree) } ?? .null))
        if let budget { members.append(("budgetPlan", budgetJSON(budget, tree: tree))) }
        return members
    }

    func profileJSON(_ score: ProfileScore, tree: AttackTree) -> JSONValue {
        let profile = score.profile
        return .object([
            ("name", .string(profile.name)),
            ("title", .string(profile.title)),
            ("maxCost", ScoreJSON.amount(profile.maxCost)),
            ("maxSkill", ScoreJSON.scaled(profile.maxSkill)),
            ("maxTime", profile.maxTime.map { time in
                .object([("value", .number(time.value)), ("unit", .string(time.unit)), ("hours", .number(time.hours))])
            } ?? .null),
            ("beyondReach", .array(score.beyondReach.map { .string(tree.nodes[$0].id.description) })),
            ("goal", .object(View.allCases.map { view in
                let evaluation = score.evaluation(view)
                guard case .object(let figures) = ScoreJSON.figuresObject(evaluation.goal, tree: tree) else { return (view.rawValue, .null) }
                return (view.rawValue, .object(figures + [("method", .string(evaluation.method.description)),
                                                          ("exact", .bool(evaluation.method.isExact))]))
            })),
        ])
    }

    /// Returns a ratio as JSON, an infinite one as the string "infinity".
    static func ratio(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return value.isInfinite ? .string("infinity") : .number(value)
    }

    func importanceJSON(_ result: ImportanceResult, tree: AttackTree) -> JSONValue {
        .object([
            ("view", .string(result.view.rawValue)),
            ("method", .string(result.method.description)),
            ("exact", .bool(result.method.isExact)),
            ("goalProbability", .number(result.goalProbability)),
            ("steps", .array(result.steps.map { step in
                .object([
                    ("id", .string(tree.nodes[step.node].id.description)),
                    ("probability", .number(step.probability)),
                    ("goalIfCertain", .number(step.goalIfCertain)),
                    ("goalIfImpossible", .number(step.goalIfImpossible)),
                    ("birnbaum", .number(step.birnbaum)),
                    ("fussellVesely", .number(step.fussellVesely)),
                    ("riskAchievementWorth", Self.ratio(step.riskAchievementWorth)),
                    ("riskReductionWorth", Self.ratio(step.riskReductionWorth)),
                ])
            })),
        ])
    }

    static func setJSON(_ set: RankedAttackSet, tree: AttackTree) -> JSONValue {
        .object([
            ("steps", .array(set.steps.map { .string(tree.nodes[$0].id.description) })),
            ("probability", .number(set.probability)),
            ("cost", .number(set.cost)),
            ("skill", .number(set.skill)),
            ("hours", .number(set.hours)),
        ])
    }

    static func bestJSON(_ best: BestAttack, tree: AttackTree) -> JSONValue {
        guard let set = best.set else {
            return .object([("set", .null), ("unknownSets", .number(Double(best.unknownSets)))])
        }
        return .object([("set", setJSON(set, tree: tree)), ("unknownSets", .number(0))])
    }

    func rankingJSON(_ result: Result<AttackSetRanking, AttackSetRanking.Failure>, tree: AttackTree) -> JSONValue {
        switch result {
        case .failure(let failure):
            return .object([("computed", .bool(false)), ("reason", .string(failure.description))])
        case .success(let ranking):
            return .object([
                ("computed", .bool(true)),
                ("view", .string(ranking.view.rawValue)),
                ("maxOrder", ranking.maxOrder.map { .number(Double($0)) } ?? .null),
                ("top", .number(Double(top))),
                ("sets", .number(Double(ranking.sets.count))),
                ("mostLikely", Self.bestJSON(ranking.mostLikely, tree: tree)),
                ("cheapest", Self.bestJSON(ranking.cheapest, tree: tree)),
                ("fastest", Self.bestJSON(ranking.fastest, tree: tree)),
                ("byProbability", .array(ranking.byProbability.map { Self.setJSON($0, tree: tree) })),
                ("byCost", .array(ranking.byCost.map { Self.setJSON($0, tree: tree) })),
            ])
        }
    }

    func groupsJSON(_ result: MitigationGroupResult, tree: AttackTree) -> JSONValue {
        .object([
            ("candidates", .number(Double(result.candidates))),
            ("largestGroup", .number(Double(result.largestGroup))),
            ("limitation", .string(result.limitation)),
            ("groups", .array(result.groups.map { group in
                .object([
                    ("mitigations", .array(group.mitigations.map { .string(tree.mitigations[$0].name) })),
                    ("riskReduction", .number(group.riskReduction)),
                    ("bestPartReduction", .number(group.bestPartReduction)),
                ])
            })),
        ])
    }

    func budgetJSON(_ result: Result<BudgetPlan, BudgetFailure>, tree: AttackTree) -> JSONValue {
        switch result {
        case .failure(let failure):
            return .object([("computed", .bool(false)), ("reason", .string(failure.description))])
        case .success(let plan):
            return .object([
                ("computed", .bool(true)),
                ("measure", .string(plan.measure.rawValue)),
                ("budget", ScoreJSON.amount(plan.budget)),
                ("exact", .bool(plan.exact)),
                ("chosen", .array(plan.chosen.map { .string(tree.mitigations[$0].name) })),
                ("spent", .number(plan.spent)),
                ("riskBefore", .number(plan.riskBefore)),
                ("riskAfter", .number(plan.riskAfter)),
                ("excluded", .array(plan.excluded.map { entry in
                    .object([("mitigation", .string(tree.mitigations[entry.mitigation].name)), ("reason", .string(entry.reason))])
                })),
                ("recomputations", .number(Double(plan.recomputations))),
            ])
        }
    }

    // MARK: Text

    /// The maximum number of importance rows and groups the text lists before pointing to the JSON.
    static let shownRows = 20

    /// Returns the sections as text, each followed by a blank line.
    public func text(_ analysis: Analysis) -> String {
        let tree = analysis.tree
        var out = ""
        if let profile {
            let ids = profile.beyondReach.map { tree.nodes[$0].id.description }
            out += "Scored for attacker profile \(profile.profile.name): \(ids.isEmpty ? "no step" : ids.joined(separator: ", ")) beyond reach\n\n"
        }
        if !profiles.isEmpty { out += profilesText(tree) + "\n" }
        if let importance { out += importanceText(importance, tree: tree) + "\n" }
        if let ranking { out += rankingText(ranking, tree: tree) + "\n" }
        if let groups { out += groupsText(groups, tree: tree) + "\n" }
        if let budget { out += budgetText(budget, tree: tree) + "\n" }
        return out
    }

    static func limits(_ profile: AttackerProfile) -> String {
        var parts: [String] = []
        if let cost = profile.maxCost { parts.append("cost <= \(cost)") }
        if let skill = profile.maxSkill { parts.append("skill <= \(skill.level ?? Formatting.number(skill.value))") }
        if let time = profile.maxTime { parts.append("time <= \(time)") }
        return parts.isEmpty ? "no limit" : parts.joined(separator: ", ")
    }

    func profilesText(_ tree: AttackTree) -> String {
        var out = "Attacker profiles (each step beyond a profile's limits is impossible for it)\n"
        let header = ["profile", "limits per step", "beyond reach", "risk inherent", "risk residual", "risk projected"]
        let rows = profiles.map { score -> [String] in
            [score.profile.name, Self.limits(score.profile), "\(score.beyondReach.count) step\(score.beyondReach.count == 1 ? "" : "s")",
             Formatting.number(score.inherent.goal.risk), Formatting.number(score.residual.goal.risk),
             Formatting.number(score.projected.goal.risk)]
        }
        out += ScoreTable.table(header: header, rows: rows, rightAligned: [2, 3, 4, 5])
        return out
    }

    static func ratioText(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        return value.isInfinite ? "infinite" : Formatting.number(value)
    }

    static func fraction(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        if value == 0 { return "0" }
        if value < 0.0001 { return "<0.0001" }
        return Formatting.trimmed((value * 10000).rounded() / 10000, decimals: 4)
    }

    func importanceText(_ result: ImportanceResult, tree: AttackTree) -> String {
        var out = "Importance of each step (\(result.view.rawValue) view, \(result.method)), by Fussell-Vesely\n"
        let header = ["id", "title", "P(step)", "Birnbaum", "Fussell-Vesely", "RAW", "RRW"]
        let ranked = result.ranked
        let rows = ranked.prefix(Self.shownRows).map { step -> [String] in
            [tree.nodes[step.node].id.description, ScoreTable.truncated(ScoreTable.sanitized(tree.nodes[step.node].title)),
             Formatting.percent(step.probability), Self.fraction(step.birnbaum), Self.fraction(step.fussellVesely),
             Self.ratioText(step.riskAchievementWorth), Self.ratioText(step.riskReductionWorth)]
        }
        out += ScoreTable.table(header: header, rows: rows, rightAligned: [2, 3, 4, 5, 6])
        if ranked.count > Self.shownRows {
            out += "... \(ranked.count - Self.shownRows) more steps; use --format json to list them\n"
        }
        return out
    }

    static func setText(_ set: RankedAttackSet, tree: AttackTree) -> String {
        "{" + set.steps.map { tree.nodes[$0].id.description }.joined(separator: ", ") + "}"
    }

    func rankingText(_ result: Result<AttackSetRanking, AttackSetRanking.Failure>, tree: AttackTree) -> String {
        guard case .success(let ranking) = result else {
            if case .failure(let failure) = result { return "Attack sets ranked: not computed (\(failure))\n" }
            return ""
        }
        let unit = tree.costUnits.count == 1 && !tree.costUnits[0].isEmpty ? " \(tree.costUnits[0])" : ""
        func best(_ label: String, _ best: BestAttack, _ figure: (RankedAttackSet) -> String) -> String {
            if let set = best.set { return "  \(label): \(Self.setText(set, tree: tree)), \(figure(set))\n" }
            if best.unknownSets > 0 {
                return "  \(label): unknown (\(best.unknownSets) set\(best.unknownSets == 1 ? " has" : "s have") an unknown figure)\n"
            }
            return "  \(label): none (no attack set)\n"
        }
        var out = "Attack sets ranked (\(ranking.view.rawValue) view, \(ranking.sets.count) minimal set\(ranking.sets.count == 1 ? "" : "s"))\n"
        out += best("most likely", ranking.mostLikely) { "probability \(Formatting.percent($0.probability))" }
        out += best("cheapest", ranking.cheapest) { "cost \(Formatting.number($0.cost))\(unit)" }
        out += best("fastest", ranking.fastest) { "time \(Formatting.number($0.hours)) hour\($0.hours == 1 ? "" : "s")" }
        out += "  top \(top) by probability:\n"
        for set in ranking.byProbability {
            out += "    \(Formatting.percent(set.probability))  \(Self.setText(set, tree: tree))\n"
        }
        out += "  top \(top) by cost:\n"
        for set in ranking.byCost {
            out += "    \(Formatting.number(set.cost))\(set.cost == nil ? "" : unit)  \(Self.setText(set, tree: tree))\n"
        }
        return out
    }

    func groupsText(_ result: MitigationGroupResult, tree: AttackTree) -> String {
        var out = "Planned mitigations needed together (groups of up to \(result.largestGroup))\n"
        if let limitation = result.limitation { out += "  note: \(limitation)\n" }
        if result.groups.isEmpty { out += "  none found among \(result.candidates) planned mitigation\(result.candidates == 1 ? "" : "s")\n" }
        for group in result.groups.prefix(Self.shownRows) {
            let names = group.mitigations.map { tree.mitigations[$0].name }.joined(separator: ", ")
            out += "  {\(names)}: together remove \(Formatting.number(group.riskReduction)) of residual goal risk; any part alone at most \(Formatting.number(group.bestPartReduction))\n"
        }
        if result.groups.count > Self.shownRows {
            out += "  ... \(result.groups.count - Self.shownRows) more; use --format json to list them\n"
        }
        return out
    }

    func budgetText(_ result: Result<BudgetPlan, BudgetFailure>, tree: AttackTree) -> String {
        switch result {
        case .failure(let failure):
            return "Best plan within the budget: not computed (\(failure))\n"
        case .success(let plan):
            let unit = plan.budget.unit.map { " \($0)" } ?? ""
            let names = plan.chosen.map { tree.mitigations[$0].name }
            var out = "Best plan within \(plan.budget) of \(plan.measure.rawValue) (\(plan.exact ? "exact" : "approximate: the best plan found, not proven optimal"))\n"
            out += "  implement: \(names.isEmpty ? "nothing" : names.joined(separator: ", ")) (spends \(Formatting.number(plan.spent))\(unit))\n"
            out += "  residual goal risk: \(Formatting.number(plan.riskBefore)) -> \(Formatting.number(plan.riskAfter))\n"
            for entry in plan.excluded {
                out += "  left out: \(tree.mitigations[entry.mitigation].name) (\(entry.reason))\n"
            }
            return out
        }
    }
}
