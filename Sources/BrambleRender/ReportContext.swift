import BrambleCore

/// The data passed to a remediation-plan template. Every field is listed in `docs/templates.md`.
///
/// Text fields hold the raw strings from the tree; the template engine escapes them for the
/// output format when a template writes `{{field}}`.
public enum ReportContext {
    /// How many unmitigated steps the plan lists.
    public static let unmitigatedLimit = 10

    /// Returns the context of the plan of `analysis` with no optional inputs.
    public static func make(_ analysis: Analysis) -> JSONValue {
        make(PlanFacts(analysis))
    }

    /// The token that the `diagram.placeholder` field holds in the HTML format; the HTML
    /// writer replaces the paragraph that holds it with the inline SVG.
    public static let diagramPlaceholder = "BRAMBLE-DIAGRAM-SVG"

    /// Returns the context of the plan that `facts` describe, as `docs/templates.md` lists it.
    public static func make(_ facts: PlanFacts) -> JSONValue {
        let analysis = facts.analysis
        let tree = analysis.tree
        let info = tree.info
        let groups = facts.groupNumbers
        let unmitigated = analysis.unmitigatedSteps.prefix(unmitigatedLimit).map { step in
            nodeSummary(analysis, step.node)
        }
        let counts = MitigationStatus.allCases.map { status in
            (status, tree.mitigations.count { $0.status == status })
        }.filter { $0.1 > 0 }
        let planned = facts.order.entries.enumerated().map { position, entry in
            mitigationObject(analysis, entry.mitigation, rank: position + 1, facts: facts, groups: groups,
                             reductionPerEffort: entry.reductionPerEffort)
        }
        let accepted = facts.others.filter { tree.mitigations[$0].status == .accepted }
        let highRisk = facts.uncoveredHighRisk.map { nodeSummary(analysis, $0.node) }
        var diagram: JSONValue = .bool(false)
        if facts.inputs.mermaid != nil || facts.inputs.svg != nil {
            diagram = .object([
                ("mermaid", .string(facts.inputs.mermaid)),
                ("fence", .string(facts.inputs.mermaid.map(codeFence))),
                ("placeholder", .string(facts.inputs.svg == nil ? nil : diagramPlaceholder)),
                ("note", .string(facts.inputs.diagramNote)),
            ])
        }

        var members: [(String, JSONValue)] = []
        members.append(("title", .string(info.title.isEmpty ? tree.goal.title : info.title)))
        members.append(("version", .string(info.version)))
        members.append(("date", .string(info.date)))
        members.append(("authors", .string(info.authors.isEmpty ? nil : info.authors.joined(separator: ", "))))
        members.append(("scope", .string(info.scope)))
        members.append(("file", .string(tree.path)))
        members.append(("method", .string(analysis.residual.method.description)))
        members.append(("goal", goalObject(analysis)))
        members.append(("baseline", facts.inputs.baseline.map { baselineObject($0, tree: tree) } ?? .bool(false)))
        members.append(("mitigationCount", .number(Double(tree.mitigations.count))))
        members.append(("statusCounts", .array(counts.enumerated().map { position, entry in
            .object([
                ("status", .string(entry.0.rawValue)), ("count", .number(Double(entry.1))),
                ("last", .bool(position == counts.count - 1)),
            ])
        })))
        members.append(("effortUnit", .string(facts.order.effortUnit.flatMap { $0.isEmpty ? nil : $0 })))
        members.append(("planned", list(planned)))
        members.append(("groups", list(facts.inputs.groups.enumerated().map { position, group in
            .object([
                ("number", .number(Double(position + 1))),
                ("reason", .string(group.reason)),
                ("mitigations", .array(group.mitigations.enumerated().map { offset, member in
                    .object([
                        ("last", .bool(offset == group.mitigations.count - 1)),
                        ("name", .string(tree.mitigations[member].name)),
                        ("title", .string(tree.mitigations[member].title)),
                        ("status", .string(tree.mitigations[member].status.rawValue)),
                    ])
                })),
            ])
        })))
        members.append(("hasGroups", .bool(!facts.inputs.groups.isEmpty)))
        members.append(("implemented", list(facts.implemented.enumerated().map {
            mitigationObject(analysis, $1, rank: $0 + 1, facts: facts, groups: groups)
        })))
        members.append(("otherMitigations", list(facts.others.enumerated().map {
            mitigationObject(analysis, $1, rank: $0 + 1, facts: facts, groups: groups)
        })))
        members.append(("hasOtherMitigations", .bool(!facts.others.isEmpty)))
        members.append(("accepted", list(accepted.enumerated().map {
            mitigationObject(analysis, $1, rank: $0 + 1, facts: facts, groups: groups)
        })))
        members.append(("attacks", attacksObject(facts.attacks, analysis: analysis)))
        members.append(("highRisk", list(highRisk)))
        members.append(("hasHighRisk", .bool(!highRisk.isEmpty)))
        members.append(("highRiskBands", .string(facts.highBands.joined(separator: " or "))))
        members.append(("unmitigated", list(Array(unmitigated))))
        members.append(("hasUnmitigated", .bool(!unmitigated.isEmpty)))
        members.append(("unmitigatedShown", .number(Double(unmitigated.count))))
        members.append(("unmitigatedTotal", .number(Double(analysis.unmitigatedSteps.count))))
        members.append(("diagram", diagram))
        members.append(("nodes", .array(tree.nodes.indices.map { nodeSummary(analysis, $0) })))
        return .object(members)
    }

    /// Returns a Markdown code fence of backticks longer than any run of backticks in `code`,
    /// and at least three, so that the code cannot end its own block.
    static func codeFence(_ code: String) -> String {
        var longest = 0
        var run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
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
            ("depth", .number(Double(node.id.depth))),
            ("inherent", viewObject(analysis.figures(index, .inherent))),
            ("residual", viewObject(analysis.figures(index, .residual))),
            ("projected", viewObject(analysis.figures(index, .projected))),
        ])
    }

    static func mitigationObject(_ analysis: Analysis, _ index: Int, rank: Int, facts: PlanFacts,
                                 groups: [Int: Int], reductionPerEffort: Double? = nil) -> JSONValue
    {
        let tree = analysis.tree
        let mitigation = tree.mitigations[index]
        let effect = analysis.effects[index]
        let residual = analysis.residual.goal.risk
        let scale = tree.riskScale
        func banded(_ risk: Double) -> String { "\(Formatting.number(risk)) (\(scale.band(of: risk)))" }
        var buys: String?
        var regression: String?
        switch mitigation.status {
        case .planned:
            if let after = effect.riskIfImplemented, let residual {
                buys = "goal risk \(banded(residual)) → \(banded(after))"
                regression = "goal risk returns to \(banded(residual))"
            }
        case .implemented:
            if let before = effect.riskIfRemoved, let residual {
                buys = "goal risk \(banded(before)) → \(banded(residual))"
                regression = "goal risk rises to \(banded(before))"
            }
        default:
            break
        }
        var missing: [String] = []
        if mitigation.status == .planned {
            if mitigation.owner == nil { missing.append("owner") }
            if mitigation.ticket == nil { missing.append("ticket") }
            if mitigation.due == nil { missing.append("due date") }
        }
        let group = groups[index]
        let partners = group.map { number in
            facts.inputs.groups[number - 1].mitigations.filter { $0 != index }
        } ?? []
        let effort = mitigation.effort ?? mitigation.cost
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
            ("effort", .string(effort?.description)),
            ("reductionPerEffort", .string(reductionPerEffort.map {
                $0.isInfinite ? "no effort" : Formatting.trimmed(($0 * 1000).rounded() / 1000, decimals: 3)
            })),
            ("missing", .string(missing.isEmpty ? nil : missing.joined(separator: ", "))),
            ("group", group.map { .number(Double($0)) } ?? .bool(false)),
            ("neededWith", list(partners.enumerated().map { offset, partner in
                .object([
                    ("last", .bool(offset == partners.count - 1)),
                    ("name", .string(tree.mitigations[partner].name)),
                    ("title", .string(tree.mitigations[partner].title)),
                ])
            })),
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
