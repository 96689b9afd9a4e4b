import BrambleCore

/// Writes a `TreeDiff` as JSON, with every node and mitigation change, the risks, the attack
/// sets and the gates. `docs/cli.md` describes the fields.
public enum DiffJSON {
    public static func make(_ diff: TreeDiff, gates: [GateResult], oldLabel: String, newLabel: String) -> JSONValue {
        .object([
            ("old", side(diff.old, label: oldLabel)),
            ("new", side(diff.new, label: newLabel)),
            ("empty", .bool(diff.isEmpty)),
            ("gates", .array(gates.map(gate))),
            ("goal", risk(diff.goal, diff)),
            ("nodes", .array(diff.nodes.map { node($0, diff) })),
            ("mitigations", .array(diff.mitigations.map { mitigation($0, diff) })),
            ("risks", .array(diff.risks.map { risk($0, diff) })),
            ("attackSets", attackSets(diff.attackSets)),
            ("notes", .array(diff.notes.map { .string($0) })),
        ])
    }

    private static func side(_ tree: AttackTree, label: String) -> JSONValue {
        .object([
            ("source", .string(label)),
            ("title", .string(tree.info.title.isEmpty ? tree.goal.title : tree.info.title)),
            ("version", .string(tree.info.version)),
            ("nodes", .number(Double(tree.nodes.count))),
            ("mitigations", .number(Double(tree.mitigations.count))),
        ])
    }

    private static func gate(_ result: GateResult) -> JSONValue {
        .object([
            ("rule", .string(result.gate.description)),
            ("tripped", .bool(result.tripped)),
            ("message", .string(result.message)),
            ("nodes", .array(result.nodes.map { .string($0.description) })),
        ])
    }

    private static func ids(_ change: (old: Int?, new: Int?), _ diff: TreeDiff) -> [(String, JSONValue)] {
        [
            ("id", .string(change.new.map { diff.new.nodes[$0].id.description })),
            ("oldId", .string(change.old.map { diff.old.nodes[$0].id.description })),
        ]
    }

    private static func node(_ change: NodeChange, _ diff: TreeDiff) -> JSONValue {
        let node = change.new.map { diff.new.nodes[$0] } ?? diff.old.nodes[change.old!]
        var members: [(String, JSONValue)] = [("change", .string(change.kind.rawValue))]
        members += ids((change.old, change.new), diff)
        members.append(("title", .string(node.title)))
        members.append(("parent", .string(node.parent.map { (change.new != nil ? diff.new : diff.old).nodes[$0].id.description })))
        members.append(("details", .array(change.details.map(detail))))
        return .object(members)
    }

    private static func detail(_ detail: NodeChange.Detail) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(detail.kind))]
        switch detail {
        case .renumbered(let old, let new, let guessed):
            members += [("old", .string(old.description)), ("new", .string(new.description)), ("guessed", .bool(guessed))]
        case .moved(let oldParent, let newParent):
            members += [("old", .string(oldParent?.description)), ("new", .string(newParent?.description))]
        case .retitled(let old, let new), .gate(let old, let new):
            members += [("old", .string(old)), ("new", .string(new))]
        case .attribute(let name, let old, let new):
            members += [("name", .string(name)), ("old", .string(old)), ("new", .string(new))]
        }
        return .object(members)
    }

    private static func mitigation(_ change: MitigationChange, _ diff: TreeDiff) -> JSONValue {
        let mitigation = change.new.map { diff.new.mitigations[$0] } ?? diff.old.mitigations[change.old!]
        let details: [JSONValue] = change.details.map { detail in
            var members: [(String, JSONValue)] = [("kind", .string(detail.kind))]
            switch detail {
            case .status(let old, let new):
                members += [("old", .string(old.rawValue)), ("new", .string(new.rawValue))]
            case .effectiveness(let old, let new):
                members += [("old", .string(old)), ("new", .string(new))]
            case .coverage(let added, let removed):
                members += [("added", .array(added.map { .string($0.description) })),
                            ("removed", .array(removed.map { .string($0.description) }))]
            case .attribute(let name, let old, let new):
                members += [("name", .string(name)), ("old", .string(old)), ("new", .string(new))]
            }
            return .object(members)
        }
        return .object([
            ("change", .string(change.kind.rawValue)),
            ("name", .string(change.name)),
            ("title", .string(mitigation.title)),
            ("status", .string(mitigation.status.rawValue)),
            ("effectiveness", .string(mitigation.effectiveness?.description)),
            ("details", .array(details)),
        ])
    }

    private static func risk(_ change: RiskChange, _ diff: TreeDiff) -> JSONValue {
        var members = ids((change.old, change.new), diff)
        for view in change.views {
            members.append((view.view.rawValue, .object([
                ("old", figures(view.old)),
                ("new", figures(view.new)),
                ("risk", .string(view.risk.rawValue)),
                ("band", .string(view.band.rawValue)),
            ])))
        }
        return .object(members)
    }

    private static func figures(_ figures: Figures?) -> JSONValue {
        guard let figures else { return .null }
        return .object([
            ("likelihood", .number(figures.probability)),
            ("risk", .number(figures.risk)),
            ("band", .string(figures.band)),
            ("blocked", .bool(figures.blocked)),
        ])
    }

    private static func attackSets(_ comparison: AttackSetComparison) -> JSONValue {
        let view: (String, JSONValue) = ("view", .string(AttackSetComparison.view.rawValue))
        let limit: (String, JSONValue) = ("limit", .number(Double(AttackSetComparison.setLimit)))
        switch comparison {
        case .skipped(let reason):
            return .object([view, limit, ("compared", .bool(false)), ("reason", .string(reason))])
        case .compared(let oldCount, let newCount, let appeared, let disappeared):
            func sets(_ sets: [[NodeID]]) -> JSONValue { .array(sets.map { .array($0.map { .string($0.description) }) }) }
            return .object([view, limit, ("compared", .bool(true)),
                            ("oldCount", .number(Double(oldCount))), ("newCount", .number(Double(newCount))),
                            ("appeared", sets(appeared)), ("disappeared", sets(disappeared))])
        }
    }
}
