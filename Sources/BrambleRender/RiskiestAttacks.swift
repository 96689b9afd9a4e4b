import BrambleCore

/// The minimal attack sets most likely to succeed, with what they cost the attacker.
public struct RiskiestAttacks: Sendable {
    /// One minimal attack set.
    public struct Attack: Sendable {
        /// Step indices into `AttackTree.nodes`, in id order.
        public let steps: [Int]
        /// The product of the steps' probabilities in the view; nil when one is unknown.
        public let probability: Double?
        /// The sum of the steps' costs; nil when one is unknown or steps use different units.
        public let cost: Double?
    }

    /// The view whose probabilities and blocking mitigations are used.
    public let view: View
    /// The most likely sets first; nil when the sets could not be computed.
    public let attacks: [Attack]?
    /// How many minimal sets there are in all.
    public let total: Int?
    /// Whether only the smallest sets were ranked, because there were more than `searchLimit`.
    public let truncated: Bool

    /// The most sets ranked. Sets are taken smallest first, so on a tree with more, the
    /// ranking covers the smallest ones.
    public static let searchLimit = 10_000

    /// Ranks the goal's minimal attack sets in `view` by probability, then cost (cheapest
    /// first, unknown last), then size and step ids, and keeps the first `limit`.
    public init(_ analysis: Analysis, view: View = .residual, limit: Int) {
        self.view = view
        let tree = analysis.tree
        let summary = AttackSetSummary(tree, view: view, maxOrder: nil, maxSets: Self.searchLimit)
        guard let result = summary.result else {
            attacks = nil
            total = nil
            truncated = false
            return
        }
        total = result.count
        truncated = result.truncated
        let costsAdd = tree.costUnits.count <= 1
        let ranked = result.sets.enumerated().map { position, steps in
            (position, Self.attack(steps, analysis: analysis, view: view, costsAdd: costsAdd))
        }.sorted { lhs, rhs in
            let left = lhs.1.probability ?? -1
            let right = rhs.1.probability ?? -1
            if left != right { return left > right }
            let leftCost = lhs.1.cost ?? .infinity
            let rightCost = rhs.1.cost ?? .infinity
            if leftCost != rightCost { return leftCost < rightCost }
            return lhs.0 < rhs.0
        }
        attacks = ranked.prefix(max(0, limit)).map(\.1)
    }

    /// Returns one set's probability (product of its steps' in `view`) and cost (sum of their
    /// declared costs; unknown when a step has none or the units differ).
    /// NOTE: a mitigation attached to a gate above the steps does not lower this probability,
    /// although it lowers the gate's; the plan says so next to the table.
    static func attack(_ steps: [Int], analysis: Analysis, view: View, costsAdd: Bool) -> Attack {
        var probability: Double? = 1
        var cost: Double? = costsAdd ? 0 : nil
        for step in steps {
            if let known = probability, let value = analysis.figures(step, view).probability {
                probability = known * value
            } else {
                probability = nil
            }
            if let known = cost, let value = analysis.tree.nodes[step].cost?.value {
                cost = known + value
            } else {
                cost = nil
            }
        }
        return Attack(steps: steps, probability: probability, cost: cost)
    }
}
