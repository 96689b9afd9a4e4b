/// A set of mitigations applied when scoring.
public enum View: String, Sendable, CaseIterable {
    /// No mitigation applied: the risk before any control.
    case inherent
    /// Implemented mitigations applied: the risk today.
    case residual
    /// Implemented and planned mitigations applied: the risk once the plan is done.
    case projected

    /// Whether a mitigation with this status is applied in this view.
    public func applies(_ status: MitigationStatus) -> Bool {
        switch self {
        case .inherent: false
        case .residual: status == .implemented
        case .projected: status == .implemented || status == .planned
        }
    }
}

/// A node's figures in one view. A nil figure is unknown: some value it depends on is missing.
public struct Figures: Sendable, Hashable {
    /// Probability that the attacker achieves the node.
    public let probability: Double?
    /// Damage when the node is achieved: its own impact, or the nearest ancestor's.
    public let impact: Double?
    /// probability × impact.
    public let risk: Double?
    /// The risk band the risk falls in.
    public let band: String?
    /// Whether a blocking mitigation makes the node impossible in this view.
    public let blocked: Bool
}

/// The figures of every node of a tree in one view.
public struct Evaluation: Sendable {
    public let view: View
    /// Figures by node index, in the order of `AttackTree.nodes`.
    public let figures: [Figures]

    public var goal: Figures { figures[0] }
}

/// Scores trees by the rules in `docs/semantics.md`.
public enum Scorer {
    /// The method used, as reports print it. Every node of a checked tree has one parent, so
    /// bottom-up evaluation computes the exact probability under independence of the steps.
    public static let method = "bottom-up over a tree whose nodes each have one parent (exact under independent steps)"

    /// Scores every node in one view.
    public static func evaluate(_ tree: AttackTree, view: View) -> Evaluation {
        evaluate(tree, view: view) { view.applies($0.status) }
    }

    /// Scores every node with exactly the mitigations for which `isApplied` returns true.
    /// - Complexity: O(nodes + mitigation attachments).
    public static func evaluate(
        _ tree: AttackTree, view: View, isApplied: (Mitigation) -> Bool
    ) -> Evaluation {
        let nodes = tree.nodes
        var probability = [Double?](repeating: nil, count: nodes.count)
        var blocked = [Bool](repeating: false, count: nodes.count)
        for index in nodes.indices.reversed() {
            let node = nodes[index]
            var value = combine(node, children: node.children.map { probability[$0] })
            var factor = 1.0
            for mitigationIndex in node.mitigations {
                let mitigation = tree.mitigations[mitigationIndex]
                guard isApplied(mitigation), let effectiveness = mitigation.effectiveness else { continue }
                factor *= 1 - effectiveness.reduction
                if case .blocks = effectiveness { blocked[index] = true }
            }
            if blocked[index] {
                value = 0
            } else if let known = value {
                value = known * factor
            }
            probability[index] = value
        }

        var impact = [Double?](repeating: nil, count: nodes.count)
        for index in nodes.indices {
            impact[index] = nodes[index].impact?.value ?? nodes[index].parent.flatMap { impact[$0] }
        }

        let figures = nodes.indices.map { index -> Figures in
            let risk = probability[index].flatMap { p in impact[index].map { p * $0 } }
            return Figures(probability: probability[index], impact: impact[index], risk: risk,
                           band: risk.map { tree.riskScale.band(of: $0) }, blocked: blocked[index])
        }
        return Evaluation(view: view, figures: figures)
    }

    /// Combines child probabilities by the node's gate. An unknown child makes the result
    /// unknown unless a known child already decides it (a 0 under AND, a 1 under OR).
    static func combine(_ node: Node, children: [Double?]) -> Double? {
        guard let gate = node.gate else { return node.likelihood?.value }
        guard !children.isEmpty else { return nil }
        switch gate {
        case .and:
            if children.contains(0) { return 0 }
            var product = 1.0
            for child in children {
                guard let child else { return nil }
                product *= child
            }
            return product
        case .or:
            if children.contains(1) { return 1 }
            var miss = 1.0
            for child in children {
                guard let child else { return nil }
                miss *= 1 - child
            }
            return 1 - miss
        }
    }
}
