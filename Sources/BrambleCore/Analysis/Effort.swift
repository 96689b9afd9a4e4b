/// The attacker's effort to reach each node: least cost, least skill and least time, each
/// minimised on its own, so the cheapest attack and the fastest one may differ.
///
/// An `or` gate takes the minimum over its possible children. An `and` gate sums cost and takes
/// the maximum skill and time, because its steps run in parallel. A `sand` gate sums cost and
/// time and takes the maximum skill. A `K of N` gate uses the K best children for each figure.
/// A child whose probability is 0 (blocked or impossible) is never chosen, and an unknown
/// value makes the result unknown, never 0.
struct Effort {
    var cost: [Double?]
    var skill: [Double?]
    var hours: [Double?]

    /// Computes every node's effort bottom-up.
    /// - Complexity: O(nodes + edges × log(children)) for the sorting in `K of N` gates.
    static func compute(_ tree: AttackTree, probability: [Double?]) -> Effort {
        let count = tree.nodes.count
        var effort = Effort(cost: Array(repeating: nil, count: count), skill: Array(repeating: nil, count: count),
                            hours: Array(repeating: nil, count: count))
        let costsComparable = tree.costUnits.count <= 1
        for index in tree.bottomUpOrder {
            let node = tree.nodes[index]
            guard probability[index] != 0 else { continue }
            guard let gate = node.gate else {
                effort.cost[index] = costsComparable ? node.cost?.value : nil
                effort.skill[index] = node.skill?.value
                effort.hours[index] = node.time?.hours
                continue
            }
            let possible = node.children.filter { probability[$0] != 0 }
            let needed: Int
            switch gate {
            case .or: needed = 1
            case .and, .sand: needed = node.children.count
            case .atLeast(let k): needed = k
            }
            guard possible.count >= needed, needed > 0 else { continue }
            effort.cost[index] = best(needed, of: possible.map { effort.cost[$0] }, combine: .sum)
            effort.skill[index] = best(needed, of: possible.map { effort.skill[$0] }, combine: .maximum)
            effort.hours[index] = best(needed, of: possible.map { effort.hours[$0] },
                                       combine: gate == .sand ? .sum : .maximum)
        }
        return effort
    }

    enum Combination { case sum, maximum }

    /// Returns the best combination of `needed` of the values: the smallest sum or the
    /// smallest maximum, which both come from the `needed` smallest values. Nil when a value
    /// that could matter is unknown.
    static func best(_ needed: Int, of values: [Double?], combine: Combination) -> Double? {
        guard !values.contains(where: { $0 == nil }) else { return nil }
        let chosen = values.map { $0! }.sorted().prefix(needed)
        switch combine {
        case .sum: return chosen.reduce(0, +)
        case .maximum: return chosen.max()
        }
    }
}
