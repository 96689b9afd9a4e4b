import BrambleCore

/// The data passed to a remediation-plan template. Every field is listed in `docs/templates.md`.
///
/// Text fields hold the raw strings from the tree; the template engine escapes them for the
/// output format when a template writes `{{field}}`.
public enum ReportContext {
    /// How many unmitigated steps the plan lists.
    public static let unmitigatedLimit = 10

    public static func make(_ analysis: Analysis) -> JSONValue {
        let tree = analysis.tree
        let info = tree.info
        let mitigationOrder = analysis.mitigationsByReduction
        let planned = mitigationOrder.filter { tree.mitigations[$0].status == .planned }
        let implemented = mitigationOrder.filter { tree.mitigations[$0].status == .implemented }
        let others = tree.mitigations.indices.filter {
            ![.planned, .implemented].contains(tree.mitigations[$0].status)
        }
        let unmitigated = analysis.unmitigatedSteps.prefix(unmitigatedLimit).map { step in
            nodeSummary(analysis, step.node)
        }
        let counts = MitigationStatus.allCases.map { status in
            (status, tree.mitigations.count { $0.status == status })
        }.filter { $0.1 > 0 }

        return .object([
            ("title", .string(info.title.isEmpty ? tree.goal.title : info.title)),
            ("version", .string(info.version)),
            ("date", .string(info.date)),
            ("authors", .string(info.authors.isEmpty ? nil : info.authors.joined(separator: ", "))),
            ("scope", .string(info.scope)),
            ("file", .string(tree.path)),
            ("method", .string(analysis.residual.method.description)),
            ("goal", goalObject(analysis)),
            ("mitigationCount", .number(Double(tree.mitigations.count))),
            ("statusCounts", .array(counts.enumerated().map { position, entry in
                .object([
                    ("status", .string(entry.0.rawValue)), ("count", .number(Double(entry.1))),
                    ("last", .bool(position == counts.count - 1)),
                ])
            })),
            ("planned", list(planned.enumerated().map { mitigationObject(analysis, $1, rank: $0 + 1) })),
            ("implemented", list(implemented.enumerated().map { mitigationObject(analysis, $1, rank: $0 + 1) })),
            ("otherMitigations", list(others.enumerated().map { mitigationObject(analysis, $1, rank: $0 + 1) })),
            ("hasOtherMitigations", .bool(!others.isEmpty)),
            ("unmitigated", list(Array(unmitigated))),
            ("hasUnmitigated", .bool(!unmitigated.isEmpty)),
            ("unmitigatedShown", .number(Double(unmitigated.count))),
            ("unmitigatedTotal", .number(Double(analysis.unmitigatedSteps.count))),
            ("nodes", .array(tree.nodes.indices.map { nodeSummary(analysis, $0) })),
        ])
    }

    /// Returns an array, or false when empty, so that `{{#list}}` and `{{^list}}` read naturally.
    static func list(_ items: [JSONValue]) -> JSONValue { items.isEmpty ? .bool(false) : .array(items) }

    static func viewObject(_ figures: Figures) -> JSONValue {
        .object([
            ("probability", .string(figures.blocked ? "blocked" : Formatting.percent(figures.probability))),
            ("risk", .string(Formatting.number(figures.risk))),
            ("band", .string(figures.band ?? "unknown")),
        ])
    }

    static func goalObject(_ analysis: Analysis) -> JSONValue {
        let goal = analysis.tree.goal
        return .object([
            ("id", .string(goal.id.description)),
            ("title", .string(goal.title)),
            ("inherent", viewObject(analysis.figures(0, .inherent))),
            ("residual", viewObject(analysis.figures(0, .residual))),
            ("projected", viewObject(analysis.figures(0, .projected))),
        ])
    }

    static func nodeSummary(_ analysis: Analysis, _ index: Int) -> JSONValue {
        let node = analysis.tree.nodes[index]
        return .object([
            ("id", .string(node.id.description)),
            ("title", .string(node.title)),
            ("kind", .string(node.gate.map { $0.written(children: node.children.count) } ?? "step")),
            ("depth", .number(Double(node.id.components.count))),
            ("inherent", viewObject(analysis.figures(index, .inherent))),
            ("residual", viewObject(analysis.figures(index, .residual))),
            ("projected", viewObject(analysis.figures(index, .projected))),
        ])
    }

    static func mitigationObject(_ analysis: Analysis, _ index: Int, rank: Int) -> JSONValue {
        let tree = analysis.tree
        let mitigation = tree.mitigations[index]
        let effect = analysis.effects[index]
        let residual = analysis.residual.goal.risk
        var buys: String?
        switch mitigation.status {
        case .planned:
            if let after = effect.riskIfImplemented, let residual {
                buys = "goal risk \(Formatting.number(residual)) → \(Formatting.number(after))"
            }
        case .implemented:
            if let before = effect.riskIfRemoved, let residual {
                buys = "goal risk \(Formatting.number(before)) → \(Formatting.number(residual))"
            }
        default:
            buys = nil
        }
        var regression: String?
        if mitigation.status == .implemented, let before = effect.riskIfRemoved {
            regression = "goal risk rises to \(Formatting.number(before))\(tree.riskScale.band(of: before) != analysis.residual.goal.band ? " (\(tree.riskScale.band(of: before)))" : "")"
        }
        return .object([
            ("rank", .number(Double(rank))),
            ("name", .string(mitigation.name)),
            ("title", .string(mitigation.title)),
            ("status", .string(mitigation.status.rawValue)),
            ("effectiveness", .string(mitigation.effectiveness?.description)),
            ("owner", .string(mitigation.owner)),
            ("ticket", .string(mitigation.ticket)),
            ("due", .string(mitigation.due)),
            ("cost", .string(mitigation.cost?.description)),
            ("description", .string(mitigation.description)),
            ("justification", .string(mitigation.justification)),
            ("riskReduction", .string(Formatting.number(effect.riskReduction))),
            ("buys", .string(buys)),
            ("ifRegresses", .string(regression)),
            ("covers", list(mitigation.covers.map { covered in
                .object([
                    ("id", .string(tree.nodes[covered].id.description)),
                    ("title", .string(tree.nodes[covered].title)),
                ])
            })),
        ])
    }
}
