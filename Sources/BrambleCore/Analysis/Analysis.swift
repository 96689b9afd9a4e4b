/// The value of one mitigation: the change in the goal's risk when it is added or taken away,
/// recomputed on the whole tree.
public struct MitigationEffect: Sendable {
    /// Index into `AttackTree.mitigations`.
    public let mitigation: Int
    /// The goal's residual risk if this implemented mitigation stopped working; nil for others.
    public let riskIfRemoved: Double?
    /// The goal's residual risk if this planned mitigation were implemented; nil for others.
    public let riskIfImplemented: Double?
    /// How much residual goal risk the mitigation removes (implemented) or would remove
    /// (planned). Zero for statuses that apply no control; nil when the goal's risk is unknown.
    public let riskReduction: Double?
}

/// A step whose residual risk is not reduced by any implemented mitigation.
public struct UnmitigatedStep: Sendable {
    public let node: Int
    public let risk: Double
}

/// Every figure Bramble reports for one tree.
public struct Analysis: Sendable {
    public let tree: AttackTree
    public let inherent: Evaluation
    public let residual: Evaluation
    public let projected: Evaluation
    /// Effects in the order of `tree.mitigations`.
    public let effects: [MitigationEffect]

    /// Scores the tree in every view and measures each mitigation.
    /// - Complexity: O(mitigations × nodes) with shared nodes, since each mitigation is measured
    ///   on the whole tree. When every node has one parent, measuring a mitigation computes
    ///   again only the nodes it is attached to and their ancestors.
    public init(_ tree: AttackTree) {
        self.tree = tree
        inherent = Scorer.evaluate(tree, view: .inherent)
        residual = Scorer.evaluate(tree, view: .residual)
        projected = Scorer.evaluate(tree, view: .projected)
        // One decision diagram serves every recomputation below when nodes are shared. The
        // differences are taken between its own figures, so rounding cannot show a control
        // without effect as a tiny one.
        let evaluator = GoalRiskEvaluator(tree)
        let residualRisk = evaluator.risk { $0.status == .implemented }
        effects = tree.mitigations.indices.map { index in
            let mitigation = tree.mitigations[index]
            switch mitigation.status {
            case .implemented:
                let without = evaluator.risk {
                    $0.status == .implemented && $0.name != mitigation.name
                }
                return MitigationEffect(mitigation: index, riskIfRemoved: without, riskIfImplemented: nil,
                                        riskReduction: Analysis.difference(without, residualRisk))
            case .planned:
                let with = evaluator.risk {
                    $0.status == .implemented || $0.name == mitigation.name
                }
                return MitigationEffect(mitigation: index, riskIfRemoved: nil, riskIfImplemented: with,
                                        riskReduction: Analysis.difference(residualRisk, with))
            case .accepted, .transferred, .notApplicable:
                return MitigationEffect(mitigation: index, riskIfRemoved: nil, riskIfImplemented: nil,
                                        riskReduction: residualRisk == nil ? nil : 0)
            }
        }
    }

    private static func difference(_ higher: Double?, _ lower: Double?) -> Double? {
        guard let higher, let lower else { return nil }
        return max(0, higher - lower)
    }

    /// Returns the evaluation of a view.
    public func evaluation(_ view: View) -> Evaluation {
        switch view {
        case .inherent: inherent
        case .residual: residual
        case .projected: projected
        }
    }

    /// Returns the figures of a node in a view.
    public func figures(_ node: Int, _ view: View) -> Figures {
        switch view {
        case .inherent: inherent.figures[node]
        case .residual: residual.figures[node]
        case .projected: projected.figures[node]
        }
    }

    /// Mitigation indices ordered by the residual risk each removes, largest first, then by
    /// name. Mitigations whose effect is unknown come last.
    public var mitigationsByReduction: [Int] {
        effects.sorted { lhs, rhs in
            let left = lhs.riskReduction ?? -1
            let right = rhs.riskReduction ?? -1
            if left != right { return left > right }
            return tree.mitigations[lhs.mitigation].name < tree.mitigations[rhs.mitigation].name
        }.map(\.mitigation)
    }

    /// Steps with a known residual risk that an attacker can reach without meeting an
    /// implemented mitigation: none on the step, and none on some path from the goal to it.
    /// Riskiest first, then in id order.
    public var unmitigatedSteps: [UnmitigatedStep] {
        var covered = [Bool](repeating: false, count: tree.nodes.count)
        var result: [UnmitigatedStep] = []
        for index in tree.bottomUpOrder.reversed() {
            let node = tree.nodes[index]
            let own = node.mitigations.contains { tree.mitigations[$0].status == .implemented }
            let above = !node.parents.isEmpty && node.parents.allSatisfy { covered[$0] }
            covered[index] = own || above
            guard node.isStep, !covered[index], let risk = residual.figures.risk(at: index) else { continue }
            result.append(UnmitigatedStep(node: index, risk: risk))
        }
        return result.sorted {
            if $0.risk != $1.risk { return $0.risk > $1.risk }
            return tree.nodes[$0.node].id < tree.nodes[$1.node].id
        }
    }
}
