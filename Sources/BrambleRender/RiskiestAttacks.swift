import BrambleCore

/// The minimal attack sets most likely to succeed, with what they cost the attacker.
public struct RiskiestAttacks: Sendable {
    /// One minimal attack set.
    public struct Attack: Sendable {
        /// Step indices into `AttackTree.nodes`, in id order.
        public let steps: [Int]
        /// The probability that the attack succeeds in the view: its steps' probabilities and
        /// the mitigations on the gates above them; nil when one is unknown.
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
    /// Whether only some sets were ranked. The ranking covers every set or none, so this is
    /// always false; templates written for earlier versions still read it.
    public let truncated: Bool

    /// Ranks the goal's minimal attack sets in `view` with `AttackSetRanking`, by probability
    /// (mitigations on gates above the steps included), then cost (cheapest first, unknown
    /// last), then smallest first, and keeps the first `limit`. When the sets cannot be
    /// ranked, because there are more than `AttackSetRanking.setLimit` or the decision
    /// diagram is too large, `attacks` and `total` are nil.
    public init(_ analysis: Analysis, view: View = .residual, limit: Int) {
        self.view = view
        truncated = false
        guard let ranking = try? AttackSetRanking(analysis.tree, view: view, top: 0) else {
            attacks = nil
            total = nil
            return
        }
        total = ranking.sets.count
        let ranked = ranking.sets.enumerated().sorted { lhs, rhs in
            let left = lhs.element.probability ?? -1
            let right = rhs.element.probability ?? -1
            if left != right { return left > right }
            let leftCost = lhs.element.cost ?? .infinity
            let rightCost = rhs.element.cost ?? .infinity
            if leftCost != rightCost { return leftCost < rightCost }
            return lhs.offset < rhs.offset
        }
        attacks = ranked.prefix(max(0, limit)).map { _, set in
            Attack(steps: set.steps, probability: set.probability, cost: set.cost)
        }
    }
}
