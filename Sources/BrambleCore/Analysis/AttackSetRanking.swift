/// One minimal attack set with the attacker's figures for carrying it out.
public struct RankedAttackSet: Sendable, Hashable {
    /// Step indices into `AttackTree.nodes`, in id order.
    public let steps: [Int]
    /// The probability that the attack succeeds: every step of the set succeeds, and no
    /// mitigation on a gate above them stops it. Nil when a likelihood is unknown.
    public let probability: Double?
    /// The sum of the steps' costs; nil when one is missing or the units differ.
    public let cost: Double?
    /// The greatest skill the steps need, on the skill scale; nil when one is missing.
    public let skill: Double?
    /// The time the attack takes, in hours, by the tree's time rules with only these steps
    /// possible; nil when a time is missing.
    public let hours: Double?
}

/// The best attack by one figure over every minimal attack set.
public struct BestAttack: Sendable, Hashable {
    /// The best set, or nil when it cannot be known because some set's figure is unknown, or
    /// when there is no set.
    public let set: RankedAttackSet?
    /// How many sets have an unknown figure.
    public let unknownSets: Int
}

/// The minimal attack sets of the goal ranked by probability, cost and time, with the most
/// likely, the cheapest and the fastest attack.
public struct AttackSetRanking: Sendable {
    /// The maximum number of minimal sets ranked. Above it the ranking is not computed.
    public static let setLimit = 100_000

    /// The reason a ranking could not be computed.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case diagramTooLarge
        case tooManySets

        public var description: String {
            switch self {
            case .diagramTooLarge: "the decision diagram passed \(Scorer.diagramNodeLimit) nodes"
            case .tooManySets:
                "the tree has more than \(AttackSetRanking.setLimit) minimal attack sets, the most that are ranked; lower --max-order"
            }
        }
    }

    public let view: View
    public let maxOrder: Int?
    /// Every minimal set within the order limit, smallest first, then in id order.
    public let sets: [RankedAttackSet]
    /// The `top` most likely sets, most likely first; sets of unknown probability come last.
    public let byProbability: [RankedAttackSet]
    /// The `top` cheapest sets, cheapest first; sets of unknown cost come last.
    public let byCost: [RankedAttackSet]
    public let mostLikely: BestAttack
    public let cheapest: BestAttack
    public let fastest: BestAttack

    /// Ranks the minimal attack sets of the goal in `view`. A step blocked in the view is in
    /// no set.
    /// - Complexity: the minimal sets' computation, then O(sets × nodes).
    public init(_ tree: AttackTree, view: View = .residual, maxOrder: Int? = nil, top: Int) throws(Failure) {
        guard let exact = try? ExactAnalysis(tree: tree, view: view, nodeLimit: Scorer.diagramNodeLimit) else {
            throw .diagramTooLarge
        }
        let cuts: CutSetResult
        do {
            cuts = try exact.minimalCutSets(maxOrder: maxOrder, setLimit: Self.setLimit)
        } catch is ExactAnalysis.TooManySets {
            throw .tooManySets
        } catch {
            throw .diagramTooLarge
        }
        self.view = view
        self.maxOrder = maxOrder

        let factor = tree.nodes.map { node in
            node.mitigations.reduce(1.0) { product, index in
                let mitigation = tree.mitigations[index]
                guard view.applies(mitigation.status), let effectiveness = mitigation.effectiveness else { return product }
                return product * (1 - effectiveness.reduction)
            }
        }
        // A gate mitigation is one event: with a shared gate it must not be counted once per
        // parent, so the decision diagram evaluates the gates above each set.
        let sharedMitigatedGate = tree.sharedNodes.contains { !tree.nodes[$0].isStep && factor[$0] < 1 }
        let steps = tree.nodes.indices.filter { tree.nodes[$0].isStep }
        let costsComparable = tree.costUnits.count <= 1
        sets = cuts.sets.map { set in
            let members = Set(set)
            var forced: [Int: Double] = [:]
            for step in steps { forced[step] = members.contains(step) ? 1 : 0 }
            let pass = Scorer.bottomUp(tree, factor: factor, forced: forced)
            let gates = sharedMitigatedGate ? exact.goalProbability(setting: forced) : pass.values[0]
            var probability = gates
            for step in set {
                probability = probability.flatMap { value in tree.nodes[step].likelihood.map { value * $0.value * factor[step] } }
            }
            var cost: Double? = costsComparable ? 0 : nil
            var skill: Double? = 0
            for step in set {
                let node = tree.nodes[step]
                cost = cost.flatMap { total in node.cost.map { total + $0.value } }
                skill = skill.flatMap { highest in node.skill.map { max(highest, $0.value) } }
            }
            let hours = Effort.compute(tree, probability: pass.values.map { $0 ?? 1 }).hours[0]
            return RankedAttackSet(steps: set, probability: probability, cost: cost, skill: skill, hours: hours)
        }
        byProbability = Array(Self.ranked(sets, by: { $0.probability.map { -$0 } }).prefix(top))
        byCost = Array(Self.ranked(sets, by: \.cost).prefix(top))
        mostLikely = Self.best(sets, by: { $0.probability.map { -$0 } })
        cheapest = Self.best(sets, by: \.cost)
        fastest = Self.best(sets, by: \.hours)
    }

    /// Sorts by the key, smallest first, unknown keys last; ties keep the sets' order.
    static func ranked(_ sets: [RankedAttackSet], by key: (RankedAttackSet) -> Double?) -> [RankedAttackSet] {
        sets.enumerated().sorted { lhs, rhs in
            switch (key(lhs.element), key(rhs.element)) {
            case let (left?, right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// The set with the smallest key, or none when a key is unknown.
    static func best(_ sets: [RankedAttackSet], by key: (RankedAttackSet) -> Double?) -> BestAttack {
        let unknown = sets.count { key($0) == nil }
        guard unknown == 0 else { return BestAttack(set: nil, unknownSets: unknown) }
        return BestAttack(set: ranked(sets, by: key).first, unknownSets: 0)
    }
}
