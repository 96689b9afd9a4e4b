import BrambleCore

/// The attack a diagram highlights: one minimal attack set of the drawn root, chosen by
/// probability or by cost.
///
/// The probability of a set is the product of its steps' probabilities in the view (each
/// step's likelihood reduced by the mitigations on that step). Mitigations on gates are not in
/// that product. The cost of a set is the sum of its steps' costs, and is known only when every
/// step in it has a cost and the tree uses at most one cost unit.
struct AttackPath: Sendable {
    /// Step indices into `AttackTree.nodes`, in id order.
    let steps: [Int]
    let probability: Double?
    let cost: Double?
    /// Whether the set was chosen among every minimal attack set. When false it came from a
    /// greedy pass over the tree, which is exact for trees without shared nodes.
    let isExact: Bool

    /// The maximum number of minimal sets enumerated to pick the best one. A tree whose upper
    /// bound on the number of sets is larger is searched greedily instead, so the highlight
    /// never waits on an exponential enumeration.
    static let enumerationLimit = 5_000

    /// Finds the set that `highlight` requests, below the node `root`. Returns nil when no set
    /// has a known probability (or cost), such as when every attack is blocked in the view.
    static func find(_ analysis: Analysis, view: View, root: Int, highlight: DiagramOptions.Highlight) -> AttackPath? {
        let criterion = Criterion(analysis: analysis, view: view, highlight: highlight)
        guard let criterion else { return nil }
        if upperBoundOfSets(analysis, view: view, root: root) <= Double(enumerationLimit),
           let exact = try? ExactAnalysis(tree: analysis.tree, view: view, nodeLimit: Scorer.diagramNodeLimit),
           let result = try? exact.minimalCutSets(of: root)
        {
            var best: AttackPath?
            for set in result.sets {
                guard let candidate = criterion.path(set, isExact: true) else { continue }
                if best.map({ criterion.isBetter(candidate, than: $0) }) ?? true { best = candidate }
            }
            return best
        }
        return greedy(analysis, view: view, root: root, criterion: criterion)
    }

    /// A ranking of attack sets by probability or by cost.
    struct Criterion {
        let analysis: Analysis
        let view: View
        let highlight: DiagramOptions.Highlight

        init?(analysis: Analysis, view: View, highlight: DiagramOptions.Highlight) {
            if highlight == .none { return nil }
            if highlight == .cheapest, analysis.tree.costUnits.count > 1 { return nil }
            self.analysis = analysis
            self.view = view
            self.highlight = highlight
        }

        /// Returns the set with its figures, or nil when the criterion's figure is unknown.
        func path(_ steps: [Int], isExact: Bool) -> AttackPath? {
            var probability: Double? = 1
            var cost: Double? = 0
            for step in steps {
                probability = probability.flatMap { total in analysis.figures(step, view).probability.map { total * $0 } }
                cost = cost.flatMap { total in analysis.tree.nodes[step].cost.map { total + $0.value } }
            }
            if analysis.tree.costUnits.count > 1 { cost = nil }
            switch highlight {
            case .likely: if probability == nil { return nil }
            case .cheapest: if cost == nil { return nil }
            case .none: return nil
            }
            return AttackPath(steps: steps, probability: probability, cost: cost, isExact: isExact)
        }

        /// Returns whether `candidate` ranks strictly before `other`. Ties keep the earlier set.
        func isBetter(_ candidate: AttackPath, than other: AttackPath) -> Bool {
            switch highlight {
            case .cheapest: (candidate.cost ?? .infinity) < (other.cost ?? .infinity)
            default: (candidate.probability ?? -1) > (other.probability ?? -1)
            }
        }
    }

    /// Returns an upper bound on the number of minimal attack sets of `root`, counting each
    /// shared node once per parent: steps count 1, `or` adds, `and` multiplies, and `K of N`
    /// takes the sum of its children to the power K.
    static func upperBoundOfSets(_ analysis: Analysis, view: View, root: Int) -> Double {
        let tree = analysis.tree
        var bound = [Double](repeating: 0, count: tree.nodes.count)
        for index in tree.bottomUpOrder {
            let node = tree.nodes[index]
            if analysis.figures(index, view).blocked { continue }
            let children = node.children.map { bound[$0] }
            switch node.gate {
            case nil: bound[index] = 1
            case .or: bound[index] = children.reduce(0, +)
            case .and, .sand: bound[index] = children.isEmpty ? 0 : children.reduce(1, *)
            case .atLeast(let k): bound[index] = pow(children.reduce(0, +), k)
            }
        }
        return bound[root]
    }

    private static func pow(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= base }
        return result
    }

    /// Picks, bottom up, the best child of each `or`, the best K children of each `K of N`
    /// and every child of `and` and `sand`, then drops steps the root does not need, so the
    /// result is a minimal attack set.
    /// NOTE: with shared nodes the result may not be the best set, because each gate's choice
    /// ignores the steps that its siblings' choices already contain.
    /// - Complexity: O(nodes × set size).
    static func greedy(_ analysis: Analysis, view: View, root: Int, criterion: Criterion) -> AttackPath? {
        let tree = analysis.tree
        var best = [AttackPath?](repeating: nil, count: tree.nodes.count)
        for index in tree.bottomUpOrder {
            let node = tree.nodes[index]
            if analysis.figures(index, view).blocked { continue }
            guard let gate = node.gate else {
                best[index] = criterion.path([index], isExact: false)
                continue
            }
            let children = node.children.compactMap { best[$0] }
            let needed: Int
            switch gate {
            case .or: needed = 1
            case .and, .sand: needed = node.children.count
            case .atLeast(let k): needed = k
            }
            guard needed > 0, children.count >= needed else { continue }
            let chosen = children.sorted { criterion.isBetter($0, than: $1) }.prefix(needed)
            let steps = Set(chosen.flatMap(\.steps))
            best[index] = criterion.path(sortedByID(Array(steps), tree), isExact: false)
        }
        guard var steps = best[root]?.steps else { return nil }
        for step in steps.reversed() {
            let without = steps.filter { $0 != step }
            if achieved(Set(without), analysis: analysis, view: view)[root] { steps = without }
        }
        return criterion.path(steps, isExact: tree.sharedNodes.isEmpty)
    }

    /// Returns, for every node, whether the attacker achieves it when exactly `steps` succeed.
    static func achieved(_ steps: Set<Int>, analysis: Analysis, view: View) -> [Bool] {
        let tree = analysis.tree
        var result = [Bool](repeating: false, count: tree.nodes.count)
        for index in tree.bottomUpOrder {
            let node = tree.nodes[index]
            if analysis.figures(index, view).blocked { continue }
            let count = node.children.filter { result[$0] }.count
            switch node.gate {
            case nil: result[index] = steps.contains(index)
            case .or: result[index] = count >= 1
            case .and, .sand: result[index] = !node.children.isEmpty && count == node.children.count
            case .atLeast(let k): result[index] = count >= k
            }
        }
        return result
    }

    private static func sortedByID(_ indices: [Int], _ tree: AttackTree) -> [Int] {
        indices.sorted { tree.nodes[$0].id < tree.nodes[$1].id }
    }
}
