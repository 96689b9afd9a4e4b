import BrambleCore

/// The context's sections that come from optional analyses: the riskiest attacks and the
/// comparison with a baseline tree.
extension ReportContext {
    static func attacksObject(_ attacks: RiskiestAttacks, analysis: Analysis) -> JSONValue {
        let tree = analysis.tree
        guard let list = attacks.attacks else { return .bool(false) }
        return .object([
            ("view", .string(attacks.view.rawValue)),
            ("total", .number(attacks.total.map(Double.init))),
            ("shown", .number(Double(list.count))),
            ("truncated", .bool(attacks.truncated)),
            ("costUnit", .string(tree.costUnits.count == 1 && !tree.costUnits[0].isEmpty ? tree.costUnits[0] : nil)),
            ("list", Self.list(list.enumerated().map { position, attack in
                .object([
                    ("rank", .number(Double(position + 1))),
                    ("probability", .string(Formatting.percent(attack.probability))),
                    ("cost", .string(attack.cost.map { Amount(value: $0, unit: tree.costUnits.first.flatMap { $0.isEmpty ? nil : $0 }).description } ?? "unknown")),
                    ("size", .number(Double(attack.steps.count))),
                    ("steps", .array(attack.steps.enumerated().map { offset, step in
                        .object([
                            ("id", .string(tree.nodes[step].id.description)),
                            ("title", .string(tree.nodes[step].title)),
                            ("last", .bool(offset == attack.steps.count - 1)),
                        ])
                    })),
                ])
            })),
        ])
    }

    static func baselineObject(_ baseline: BaselineComparison, tree: AttackTree) -> JSONValue {
        .object([
            ("file", .string(baseline.path)),
            ("version", .string(baseline.version)),
            ("unchanged", .bool(baseline.isUnchanged)),
            ("goal", .array(baseline.goal.map { change in
                .object([
                    ("view", .string(change.view.rawValue)),
                    ("before", viewObject(change.before)),
                    ("after", viewObject(change.after)),
                    ("changed", .bool(change.before != change.after)),
                ])
            })),
            ("addedNodes", list(baseline.addedNodes.map { index in
                .object([("id", .string(tree.nodes[index].id.description)), ("title", .string(tree.nodes[index].title))])
            })),
            ("removedNodes", list(baseline.removedNodes.map { node in
                .object([("id", .string(node.id)), ("title", .string(node.title))])
            })),
            ("addedMitigations", list(baseline.addedMitigations.map { index in
                .object([("name", .string(tree.mitigations[index].name)), ("title", .string(tree.mitigations[index].title))])
            })),
            ("removedMitigations", list(baseline.removedMitigations.map { mitigation in
                .object([("name", .string(mitigation.name)), ("title", .string(mitigation.title))])
            })),
        ])
    }
}
