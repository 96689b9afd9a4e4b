/// The goal's minimal attack sets in the residual view of both trees, compared as sets of step
/// ids: an old step is written with the id of its partner in the new tree, so a renumbered
/// step does not make its sets appear and disappear.
///
/// The sets of a large tree can number in the billions, so they are compared only while an
/// upper bound on their number, computed from the gates, stays within `setLimit` on both sides.
public enum AttackSetComparison: Sendable {
    /// The sets were computed on both sides. Sets are sorted by size, then by their ids.
    case compared(oldCount: Int, newCount: Int, appeared: [[NodeID]], disappeared: [[NodeID]])
    /// The sets were not compared, for the reason given.
    case skipped(reason: String)

    /// The maximum number of minimal attack sets a side may have for the comparison to run.
    /// The bound is checked before any set is listed, so the work stays within about this many
    /// sets.
    public static let setLimit = 10_000

    /// The view whose blocking mitigations are applied: a blocked step is in no set.
    public static let view = View.residual

    /// Whether no set appeared or disappeared. A skipped comparison counts as unchanged.
    public var isUnchanged: Bool {
        guard case .compared(_, _, let appeared, let disappeared) = self else { return true }
        return appeared.isEmpty && disappeared.isEmpty
    }

    init(old: AttackTree, new: AttackTree, matching: NodeMatching) {
        let oldBound = Self.upperBound(old)
        let newBound = Self.upperBound(new)
        guard oldBound <= Double(Self.setLimit), newBound <= Double(Self.setLimit) else {
            let side = oldBound > Double(Self.setLimit) ? "old" : "new"
            self = .skipped(reason: "the \(side) tree may have more than \(Self.setLimit) minimal attack sets (an upper bound from its gates), so they are not listed or compared")
            return
        }
        guard let oldSets = Self.sets(old), let newSets = Self.sets(new) else {
            self = .skipped(reason: "the decision diagram of a tree passed \(Scorer.diagramNodeLimit) nodes")
            return
        }
        let oldIDs = Set(oldSets.map { set in
            set.map { matching.newIndex(ofOld: $0).map { new.nodes[$0].id } ?? old.nodes[$0].id }.sorted()
        })
        let newIDs = Set(newSets.map { set in set.map { new.nodes[$0].id }.sorted() })
        self = .compared(oldCount: oldSets.count, newCount: newSets.count,
                         appeared: Self.sorted(newIDs.subtracting(oldIDs)),
                         disappeared: Self.sorted(oldIDs.subtracting(newIDs)))
    }

    /// Returns the goal's minimal attack sets, or nil when the diagram outgrew its limit.
    private static func sets(_ tree: AttackTree) -> [[Int]]? {
        guard let exact = try? ExactAnalysis(tree: tree, view: view, nodeLimit: Scorer.diagramNodeLimit),
              let result = try? exact.minimalCutSets(maxCount: setLimit)
        else { return nil }
        return result.sets
    }

    /// Returns an upper bound on the number of minimal attack sets of the goal: 1 for a step,
    /// the sum over an `or` gate's children, the product over an `and` or `sand` gate's, and
    /// C(n, k) times the largest child's bound to the power k for `K of N`. Each minimal set of
    /// a gate is a minimal set of one child (or) or a union of one per child (and), so shared
    /// nodes only make the bound looser. Blocked nodes are not left out, which also only
    /// loosens it.
    /// - Complexity: O(nodes).
    static func upperBound(_ tree: AttackTree) -> Double {
        var bound = [Double](repeating: 0, count: tree.nodes.count)
        // The children are read in place rather than copied into a list per node, as this
        // runs on every node of both trees of a diff.
        for index in tree.bottomUpOrder {
            let children = tree.nodes[index].children
            switch tree.nodes[index].gate {
            case nil: bound[index] = 1
            case .or: bound[index] = children.reduce(0) { $0 + bound[$1] }
            case .and, .sand: bound[index] = children.reduce(1) { $0 * bound[$1] }
            case .atLeast(let k):
                let largest = children.lazy.map { bound[$0] }.max() ?? 0
                bound[index] = binomial(children.count, k) * pow(largest, k)
            }
            // Infinity compares above the limit, so an overflowing bound stays correct.
        }
        return bound[0]
    }

    private static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var result = 1.0
        for step in 0..<min(k, n - k) { result = result * Double(n - step) / Double(step + 1) }
        return result
    }

    private static func pow(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= base }
        return result
    }

    private static func sorted(_ sets: Set<[NodeID]>) -> [[NodeID]] {
        sets.sorted { lhs, rhs in
            if lhs.count != rhs.count { return lhs.count < rhs.count }
            return lhs.lexicographicallyPrecedes(rhs)
        }
    }
}
