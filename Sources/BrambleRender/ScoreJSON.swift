import BrambleCore

/// The JSON form of an analysis: tree metadata, the goal, every node and every mitigation, each
/// with inherent, residual and projected figures.
public enum ScoreJSON {
    public static func make(
        _ analysis: Analysis, attackSets: AttackSetSummary? = nil, sections: ScoreSections? = nil
    ) -> JSONValue {
        let tree = analysis.tree
        let info = tree.info
        let treeObject: JSONValue = .object([
            ("title", .string(info.title)),
            ("version", .string(info.version)),
            ("authors", .array(info.authors.map { .string($0) })),
            ("date", .string(info.date)),
            ("scope", .string(info.scope)),
        ])
        let goal: JSONValue = .object(
            [("id", .string(tree.goal.id.description)), ("title", .string(tree.goal.title))]
                + viewMembers(analysis, node: 0)
                + [("method", .string(analysis.residual.method.description)),
                   ("exact", .bool(analysis.residual.method.isExact)),
                   ("methods", .object(View.allCases.map { view in
                       let method = analysis.evaluation(view).method
                       return (view.rawValue, .object([("method", .string(method.description)), ("exact", .bool(method.isExact))]))
                   }))])
        let nodes = tree.nodes.indices.map { nodeObject(analysis, $0) }
        let mitigations = tree.mitigations.indices.map { mitigationObject(analysis, $0) }
        return .object([
            ("tree", treeObject),
            ("method", .string(analysis.residual.method.description)),
            ("costUnit", .string(tree.costUnits.count == 1 ? tree.costUnits[0] : nil)),
            ("effortExact", .bool(analysis.residual.effortIsExact)),
            ("scales", scalesObject(tree)),
            ("goal", goal),
            ("attackSets", attackSets.map { $0.json(tree) } ?? .null),
        ] + (sections?.jsonMembers(analysis) ?? []) + [
            ("nodes", .array(nodes)),
            ("mitigations", .array(mitigations)),
        ])
    }

    static func figuresObject(_ figures: Figures, tree: AttackTree) -> JSONValue {
        .object([
            ("likelihood", .number(figures.probability)),
            ("impact", .number(figures.impact)),
            ("risk", .number(figures.risk)),
            ("band", .string(figures.band)),
            ("blocked", .bool(figures.blocked)),
            ("cost", .number(figures.cost)),
            ("skill", figures.skill.map { value in
                .object([("value", .number(value)), ("level", .string(tree.skillScale.levels.first { $0.value == value }?.name))])
            } ?? .null),
            ("hours", .number(figures.hours)),
        ])
    }

    static func viewMembers(_ analysis: Analysis, node: Int) -> [(String, JSONValue)] {
        View.allCases.map { ($0.rawValue, figuresObject(analysis.figures(node, $0), tree: analysis.tree)) }
    }

    static func nodeObject(_ analysis: Analysis, _ index: Int) -> JSONValue {
        let tree = analysis.tree
        let node = tree.nodes[index]
        var members: [(String, JSONValue)] = [
            ("id", .string(node.id.description)),
            ("title", .string(node.title)),
            ("kind", .string(node.gate?.kind ?? "step")),
            ("k", node.gate.flatMap { gate -> JSONValue? in
                if case .atLeast(let k) = gate { return .number(Double(k)) }
                return nil
            } ?? .null),
            ("parent", .string(node.parent.map { tree.nodes[$0].id.description })),
            ("parents", .array(node.parents.map { .string(tree.nodes[$0].id.description) })),
            ("children", .array(node.children.map { .string(tree.nodes[$0].id.description) })),
        ]
        members += viewMembers(analysis, node: index)
        members += [
            ("declaredLikelihood", scaled(node.likelihood)),
            ("declaredImpact", scaled(node.impact)),
            ("cost", amount(node.cost)),
            ("skill", scaled(node.skill)),
            ("time", node.time.map { time in
                .object([("value", .number(time.value)), ("unit", .string(time.unit)), ("hours", .number(time.hours))])
            } ?? .null),
            ("description", .string(node.description)),
            ("references", .array(node.references.map { .string($0.text) })),
            ("tags", .array(node.tags.map { .string($0) })),
            ("mitigations", .array(node.mitigations.map { .string(tree.mitigations[$0].name) })),
            ("line", .number(Double(node.location.line))),
        ]
        return .object(members)
    }

    static func mitigationObject(_ analysis: Analysis, _ index: Int) -> JSONValue {
        let tree = analysis.tree
        let mitigation = tree.mitigations[index]
        let effect = analysis.effects[index]
        let effectiveness: JSONValue = switch mitigation.effectiveness {
        case .none: .null
        case .blocks: .string("blocks")
        case .fraction(let value): .number(value)
        }
        return .object([
            ("name", .string(mitigation.name)),
            ("title", .string(mitigation.title)),
            ("status", .string(mitigation.status.rawValue)),
            ("effectiveness", effectiveness),
            ("owner", .string(mitigation.owner)),
            ("cost", amount(mitigation.cost)),
            ("effort", amount(mitigation.effort)),
            ("ticket", .string(mitigation.ticket)),
            ("due", .string(mitigation.due)),
            ("justification", .string(mitigation.justification)),
            ("tags", .array(mitigation.tags.map { .string($0) })),
            ("covers", .array(mitigation.covers.map { .string(tree.nodes[$0].id.description) })),
            ("riskReduction", .number(effect.riskReduction)),
            ("goalRiskIfRemoved", .number(effect.riskIfRemoved)),
            ("goalRiskIfImplemented", .number(effect.riskIfImplemented)),
            ("line", .number(Double(mitigation.location.line))),
        ])
    }

    static func scalesObject(_ tree: AttackTree) -> JSONValue {
        func scale(_ scale: Scale) -> JSONValue {
            .object(scale.levels.map { ($0.name, .number($0.value)) })
        }
        return .object([
            ("likelihood", scale(tree.likelihoodScale)),
            ("impact", scale(tree.impactScale)),
            ("risk", scale(tree.riskScale)),
            ("skill", scale(tree.skillScale)),
        ])
    }

    static func scaled(_ value: ScaledValue?) -> JSONValue {
        guard let value else { return .null }
        return .object([("value", .number(value.value)), ("level", .string(value.level))])
    }

    static func amount(_ value: Amount?) -> JSONValue {
        guard let value else { return .null }
        return .object([("value", .number(value.value)), ("unit", .string(value.unit))])
    }
}
