import Foundation

/// The figures of one node in both trees, in the inherent, residual and projected views.
public struct RiskChange: Sendable {
    /// The direction in which a risk or a band moved from the old tree to the new one.
    public enum Direction: String, Sendable {
        case up, down, same
        /// The value is unknown or absent on at least one side, and differs.
        case unknown
    }

    /// The node's figures in one view: probability, impact, risk and band. A diff does not
    /// compute effort, so cost, skill and hours are nil.
    public struct ViewChange: Sendable {
        public let view: View
        /// The figures in the old tree, nil for an added node.
        public let old: Figures?
        /// The figures in the new tree, nil for a removed node.
        public let new: Figures?
        public let risk: Direction
        /// The band's move, compared by position in the new tree's risk scale (the old
        /// scale for a band the new one lacks).
        public let band: Direction

        /// Whether the risk or the band differs.
        public var isChanged: Bool { risk != .same || band != .same }
    }

    /// Index into `old.nodes`, nil for an added node.
    public let old: Int?
    /// Index into `new.nodes`, nil for a removed node.
    public let new: Int?
    /// One entry per view, in the order inherent, residual, projected.
    public let views: [ViewChange]

    /// Returns the change in `view`.
    public func view(_ view: View) -> ViewChange {
        views.first { $0.view == view }!
    }

    /// Whether the risk or band differs in some view.
    public var isChanged: Bool { views.contains(where: \.isChanged) }
}

/// Scores both trees in every view and compares the figures of paired nodes.
struct RiskComparer {
    let old: AttackTree
    let new: AttackTree
    let matching: NodeMatching
    private let oldEvaluations: [Evaluation]
    private let newEvaluations: [Evaluation]

    /// Risks that differ by less than this, relative to the larger, count as the same, so that
    /// a different order of floating-point operations does not show as a change.
    static let tolerance = 1e-9

    init(old: AttackTree, new: AttackTree, matching: NodeMatching, scores: (old: TreeScores, new: TreeScores)) {
        self.old = old
        self.new = new
        self.matching = matching
        oldEvaluations = scores.old.evaluations()
        newEvaluations = scores.new.evaluations()
    }

    /// Returns the figures of a node pair; either index may be nil.
    func change(old oldIndex: Int?, new newIndex: Int?) -> RiskChange {
        let views = View.allCases.enumerated().map { position, view in
            let before = oldIndex.map { oldEvaluations[position].figures[$0] }
            let after = newIndex.map { newEvaluations[position].figures[$0] }
            return RiskChange.ViewChange(
                view: view, old: before, new: after,
                risk: Self.direction(before?.risk, after?.risk),
                band: bandDirection(before?.band, after?.band))
        }
        return RiskChange(old: oldIndex, new: newIndex, views: views)
    }

    /// Returns, for each new node, whether it is paired and its risk or band moved in some
    /// view: whether `change(old:new:).isChanged` would be true, found without building the
    /// change.
    func movedNodes() -> [Bool] {
        var moved = [Bool](repeating: false, count: new.nodes.count)
        // With the same risk scale on both sides, equal risks fall in the same band, so the
        // bands of most nodes need not be looked up.
        let sameScale = old.riskScale == new.riskScale
        // The views are checked one at a time, so each view's figures are fetched once for all nodes.
        for position in oldEvaluations.indices {
            let before = oldEvaluations[position].figures
            let after = newEvaluations[position].figures
            for newIndex in new.nodes.indices where !moved[newIndex] {
                guard let oldIndex = matching.oldIndex(ofNew: newIndex) else { continue }
                let oldRisk = before.risk(at: oldIndex)
                let newRisk = after.risk(at: newIndex)
                if sameScale, oldRisk == newRisk { continue }
                moved[newIndex] = Self.direction(oldRisk, newRisk) != .same
                    || bandDirection(before.band(at: oldIndex), after.band(at: newIndex)) != .same
            }
        }
        return moved
    }

    /// Returns the risk changes of the changed nodes and of every paired node whose risk or
    /// band moved (`moved`, from `movedNodes()`), sorted like the node changes.
    func changes(for nodeChanges: [NodeChange], moved: [Bool]) -> [RiskChange] {
        var keyed: [(id: NodeID, removal: Bool, change: RiskChange)] = []
        var listed = [Bool](repeating: false, count: new.nodes.count)
        for change in nodeChanges {
            let risk = self.change(old: change.old, new: change.new)
            if let newIndex = change.new {
                listed[newIndex] = true
                keyed.append((new.nodes[newIndex].id, false, risk))
            } else if let oldIndex = change.old {
                keyed.append((old.nodes[oldIndex].id, true, risk))
            }
        }
        for newIndex in new.nodes.indices where moved[newIndex] && !listed[newIndex] {
            keyed.append((new.nodes[newIndex].id, false, change(old: matching.oldIndex(ofNew: newIndex), new: newIndex)))
        }
        keyed.sort { lhs, rhs in
            if lhs.id != rhs.id { return lhs.id < rhs.id }
            return lhs.removal && !rhs.removal
        }
        return keyed.map(\.change)
    }

    static func direction(_ before: Double?, _ after: Double?) -> RiskChange.Direction {
        guard let before, let after else { return before == nil && after == nil ? .same : .unknown }
        let scale = max(abs(before), abs(after), 1e-300)
        if abs(after - before) <= tolerance * scale { return .same }
        return after > before ? .up : .down
    }

    private func bandDirection(_ before: String?, _ after: String?) -> RiskChange.Direction {
        guard let before, let after else { return before == after ? .same : .unknown }
        if before == after { return .same }
        let levels = new.riskScale.levels.map(\.name)
        let oldLevels = old.riskScale.levels.map(\.name)
        guard let to = levels.firstIndex(of: after) else { return .unknown }
        guard let from = levels.firstIndex(of: before) ?? oldLevels.firstIndex(of: before) else { return .unknown }
        if from == to { return .same }
        return to > from ? .up : .down
    }
}

/// A tree scored in every view in the background, so that the work overlaps with whatever the
/// caller does meanwhile. A diff scores one side while it reads the other, and both while it
/// pairs their nodes, which needs no scores. A diff compares risk only, so the evaluations
/// leave effort (cost, skill and time) unknown.
public final class TreeScores: @unchecked Sendable {
    public let tree: AttackTree
    private let group = DispatchGroup()
    private let lock = NSLock()
    // Written by the evaluation task under `lock`, and read once `group` is done.
    private var values: [Evaluation] = []

    /// Starts the evaluation of every view of `tree` in the background. The views share the
    /// passes that read the nodes, so they are scored together. A diff scores its two trees
    /// at once.
    public init(_ tree: AttackTree) {
        self.tree = tree
        DispatchQueue.global().async(group: group) { [self] in
            let evaluations = Scorer.evaluateAllViews(tree, effort: false)
            lock.lock()
            values = evaluations
            lock.unlock()
        }
    }

    /// Waits for the evaluations and returns them in the order of `View.allCases`.
    func evaluations() -> [Evaluation] {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
