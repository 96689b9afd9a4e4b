/// The attacker's effort to reach each node: least cost, least skill and least time, each
/// minimised on its own, so the cheapest attack and the fastest one may differ.
///
/// An `or` gate takes the minimum over its possible children. An `and` gate sums cost and takes
/// the maximum skill and time, because its steps run in parallel. A `sand` gate sums cost and
/// time and takes the maximum skill. A `K of N` gate uses the K best children for each figure.
/// A child whose probability is 0 (blocked or impossible) is never chosen, and an unknown
/// value makes the result unknown, never 0.
struct Effort: Sendable {
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
            guard probability[index] != 0 else { continue }
            guard let gate = tree.nodes[index].gate else {
                effort.cost[index] = costsComparable ? tree.nodes[index].cost?.value : nil
                effort.skill[index] = tree.nodes[index].skill?.value
                effort.hours[index] = tree.nodes[index].time?.hours
                continue
            }
            let children = tree.nodes[index].children
            var possible = 0
            for child in children where probability[child] != 0 { possible += 1 }
            let needed: Int
            switch gate {
            case .or: needed = 1
            case .and, .sand: needed = children.count
            case .atLeast(let k): needed = k
            }
            guard possible >= needed, needed > 0 else { continue }
            effort.cost[index] = best(needed, of: children, probability: probability, values: effort.cost, combine: .sum)
            effort.skill[index] = best(needed, of: children, probability: probability, values: effort.skill, combine: .maximum)
            effort.hours[index] = best(needed, of: children, probability: probability, values: effort.hours,
                                       combine: gate == .sand ? .sum : .maximum)
        }
        return effort
    }

    enum Combination { case sum, maximum }

    /// Returns the best combination of `needed` of the children's values, leaving out the
    /// children that cannot succeed. That is the smallest sum or the smallest maximum, and both
    /// come from the `needed` smallest values, added in ascending order. Returns nil when a
    /// value that could matter is unknown. The values are sorted in a temporary buffer, which
    /// Swift places on the stack when it is small, because this runs for every gate of every
    /// evaluation.
    static func best(
        _ needed: Int, of children: [Int], probability: [Double?], values: [Double?], combine: Combination
    ) -> Double? {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: children.count) { buffer -> Double? in
            var count = 0
            for child in children where probability[child] != 0 {
                guard let value = values[child] else { return nil }
                buffer.initializeElement(at: count, to: value)
                count += 1
            }
            var chosen = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            chosen.sort()
            switch combine {
            case .sum:
                var total = 0.0
                for position in 0..<needed { total += chosen[position] }
                return total
            case .maximum:
                return chosen[needed - 1]
            }
        }
    }
}
