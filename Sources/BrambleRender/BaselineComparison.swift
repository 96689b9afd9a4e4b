import BrambleCore

/// What changed between a tree's previous version and the current one, as the remediation
/// plan summarises it: the goal's figures, and the nodes and mitigations added or removed.
/// Nodes are matched by id and mitigations by name.
public struct BaselineComparison: Sendable {
    /// The goal's figures in one view, before and after.
    public struct GoalChange: Sendable {
        public let view: View
        public let before: Figures
        public let after: Figures
    }

    /// The previous version's file, title and version.
    public let path: String
    public let version: String?
    public let goal: [GoalChange]
    /// Indices into the current tree's nodes, in id order.
    public let addedNodes: [Int]
    /// Ids and titles of the previous tree's nodes that are gone, in id order.
    public let removedNodes: [(id: String, title: String)]
    /// Indices into the current tree's mitigations, in declaration order.
    public let addedMitigations: [Int]
    /// Names and titles of the previous tree's mitigations that are gone.
    public let removedMitigations: [(name: String, title: String)]

    public init(previous: Analysis, current: Analysis) {
        let old = previous.tree
        let new = current.tree
        path = old.path
        version = old.info.version
        goal = View.allCases.map { GoalChange(view: $0, before: previous.figures(0, $0), after: current.figures(0, $0)) }
        addedNodes = new.nodes.indices.filter { old.index(of: new.nodes[$0].id) == nil }
            .sorted { new.nodes[$0].id < new.nodes[$1].id }
        removedNodes = old.nodes.indices.filter { new.index(of: old.nodes[$0].id) == nil }
            .sorted { old.nodes[$0].id < old.nodes[$1].id }
            .map { (old.nodes[$0].id.description, old.nodes[$0].title) }
        let oldNames = Set(old.mitigations.map(\.name))
        let newNames = Set(new.mitigations.map(\.name))
        addedMitigations = new.mitigations.indices.filter { !oldNames.contains(new.mitigations[$0].name) }
        removedMitigations = old.mitigations.filter { !newNames.contains($0.name) }.map { ($0.name, $0.title) }
    }

    /// Whether nothing was added or removed and the goal's figures are the same.
    public var isUnchanged: Bool {
        addedNodes.isEmpty && removedNodes.isEmpty && addedMitigations.isEmpty && removedMitigations.isEmpty
            && goal.allSatisfy { $0.before == $0.after }
    }
}
