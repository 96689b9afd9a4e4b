import BrambleCore

/// The plan as JSON: the full analysis of `bramble score --format json` (tree, goal, every
/// node and mitigation in every view, minimal attack sets) followed by `plan`, the parts that
/// only the remediation plan has. `docs/report.schema.json` describes it.
public enum ReportJSON {
    /// How many minimal attack sets the `attackSets` member lists.
    public static let listedAttackSets = 100

    public static func make(_ facts: PlanFacts) -> JSONValue {
        let analysis = facts.analysis
        let tree = analysis.tree
        let summary = AttackSetSummary(tree, view: .residual, maxOrder: nil, maxSets: listedAttackSets)
        guard case .object(var members) = ScoreJSON.make(analysis, attackSets: summary) else {
            return .null
        }
        members.append(("plan", planObject(facts)))
        return .object(members)
    }

    static func planObject(_ facts: PlanFacts) -> JSONValue {
        let analysis = facts.analysis
        let tree = analysis.tree
        let groups = facts.groupNumbers
        func mitigationEntry(_ index: Int, rank: Int, ratio: Double?) -> JSONValue {
            let mitigation = tree.mitigations[index]
            let effort = mitigation.effort ?? mitigation.cost
            return .object([
                ("rank", .number(Double(rank))),
                ("name", .string(mitigation.name)),
                ("riskReduction", .number(analysis.effects[index].riskReduction)),
                ("effort", effort.map { .object([("value", .number($0.value)), ("unit", .string($0.unit))]) } ?? .null),
                ("reductionPerEffort", ratio.map { $0.isFinite ? .number($0) : .string("no effort") } ?? .null),
                ("group", groups[index].map { .number(Double($0)) } ?? .null),
            ])
        }
        var members: [(String, JSONValue)] = []
        members.append(("effortUnit", .string(facts.order.effortUnit)))
        members.append(("planned", .array(facts.order.entries.enumerated().map { position, entry in
            mitigationEntry(entry.mitigation, rank: position + 1, ratio: entry.reductionPerEffort)
        })))
        members.append(("implemented", .array(facts.implemented.enumerated().map { position, index in
            mitigationEntry(index, rank: position + 1, ratio: nil)
        })))
        members.append(("groups", .array(facts.inputs.groups.enumerated().map { position, group in
            .object([
                ("number", .number(Double(position + 1))),
                ("mitigations", .array(group.mitigations.map { .string(tree.mitigations[$0].name) })),
                ("reason", .string(group.reason)),
            ])
        })))
        members.append(("riskiestAttacks", attacksObject(facts.attacks, tree: tree)))
        members.append(("highRiskBands", .array(facts.highBands.map { .string($0) })))
        members.append(("uncoveredHighRisk", .array(facts.uncoveredHighRisk.map { step in
            .object([("id", .string(tree.nodes[step.node].id.description)), ("risk", .number(step.risk))])
        })))
        members.append(("accepted", .array(facts.others.map { index in
            .object([
                ("name", .string(tree.mitigations[index].name)),
                ("status", .string(tree.mitigations[index].status.rawValue)),
                ("justification", .string(tree.mitigations[index].justification)),
            ])
        })))
        members.append(("baseline", facts.inputs.baseline.map { baselineObject($0, tree: tree) } ?? .null))
        return .object(members)
    }

    static func attacksObject(_ attacks: RiskiestAttacks, tree: AttackTree) -> JSONValue {
        guard let list = attacks.attacks else {
            return .object([("view", .string(attacks.view.rawValue)), ("total", .null), ("truncated", .bool(false)), ("sets", .array([]))])
        }
        return .object([
            ("view", .string(attacks.view.rawValue)),
            ("total", .number(attacks.total.map(Double.init))),
            ("truncated", .bool(attacks.truncated)),
            ("sets", .array(list.map { attack in
                .object([
                    ("steps", .array(attack.steps.map { .string(tree.nodes[$0].id.description) })),
                    ("probability", .number(attack.probability)),
                    ("cost", .number(attack.cost)),
                ])
            })),
        ])
    }

    static func baselineObject(_ baseline: BaselineComparison, tree: AttackTree) -> JSONValue {
        .object([
            ("file", .string(baseline.path)),
            ("version", .string(baseline.version)),
            ("goal", .array(baseline.goal.map { change in
                .object([
                    ("view", .string(change.view.rawValue)),
                    ("riskBefore", .number(change.before.risk)),
                    ("bandBefore", .string(change.before.band)),
                    ("riskAfter", .number(change.after.risk)),
                    ("bandAfter", .string(change.after.band)),
                ])
            })),
            ("addedNodes", .array(baseline.addedNodes.map { .string(tree.nodes[$0].id.description) })),
            ("removedNodes", .array(baseline.removedNodes.map { .string($0.id) })),
            ("addedMitigations", .array(baseline.addedMitigations.map { .string(tree.mitigations[$0].name) })),
            ("removedMitigations", .array(baseline.removedMitigations.map { .string($0.name) })),
        ])
    }
}
