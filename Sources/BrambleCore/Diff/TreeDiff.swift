/// The semantic difference between two versions of an attack tree: which nodes and
/// mitigations were added, removed or changed, how the risk of the changed nodes and of the
/// goal moved, and which minimal attack sets appeared or disappeared.
///
/// Nodes are matched by `NodeMatching`, so a renumbered or moved node is one changed node,
/// not a removal and an addition. A tree compared with itself, or with its formatted form,
/// gives a diff whose `isEmpty` is true.
public struct TreeDiff: Sendable {
    public let old: AttackTree
    public let new: AttackTree
    public let matching: NodeMatching
    /// Node changes, sorted number by number by the id each node has in the tree it is shown
    /// from. That is the new tree, or the old one for a removed node. Removals come first on a tie.
    public let nodes: [NodeChange]
    /// Mitigation changes, sorted by mitigation name.
    public let mitigations: [MitigationChange]
    /// The figures of the two goals, whether or not they changed.
    public let goal: RiskChange
    /// The risk of every changed, added or removed node, and of every matched node whose risk
    /// or band moved in some view, sorted like `nodes`. The goal is included only when its
    /// risk or band moved.
    public let risks: [RiskChange]
    public let attackSets: AttackSetComparison
    /// Remarks about the comparison itself, such as rename map entries that match no node.
    public let notes: [String]

    /// Whether the trees are the same in every respect the diff compares.
    public var isEmpty: Bool {
        nodes.isEmpty && mitigations.isEmpty && risks.isEmpty && attackSets.isUnchanged
    }

    /// Compares `old` with `new`. `renames` is a rename map as `bramble fmt --renumber` writes
    /// it, from old id to new id. Without one, nodes whose ids changed are matched by title and
    /// position, and such matches are marked as guesses.
    /// - Complexity: O(n log n) for n nodes of both trees, plus the minimal attack sets, which
    ///   are computed only while an upper bound on their number stays within
    ///   `AttackSetComparison.setLimit`.
    ///
    /// `scores` are the two trees' scores when the caller has started them already, as
    /// `TreeScores(old)` and `TreeScores(new)`; without them, the comparison starts them itself.
    public init(old: AttackTree, new: AttackTree, renames: [NodeID: NodeID]? = nil,
                scores: (old: TreeScores, new: TreeScores)? = nil) {
        self.old = old
        self.new = new
        var notes: [String] = []
        if let renames {
            let unknown = renames.keys.filter { old.index(of: $0) == nil }.sorted()
            if !unknown.isEmpty {
                let listed = unknown.prefix(5).map(\.description).joined(separator: ", ")
                let more = unknown.count > 5 ? " and \(unknown.count - 5) more" : ""
                notes.append("the rename map names old ids that are not in the old tree: \(listed)\(more)")
            }
        }
        // Scoring overlaps with the pairing and comparing below, which need no scores.
        let scores = scores ?? (TreeScores(old), TreeScores(new))
        precondition(scores.old.tree.nodes.count == old.nodes.count && scores.new.tree.nodes.count == new.nodes.count,
                     "the scores are of other trees")
        let matching = NodeMatching(old: old, new: new, renames: renames ?? [:])
        self.matching = matching
        // The comparisons read the trees and the pairing only, so they run two at a time: the
        // nodes in two halves, then the risks (which wait for the scores) beside the
        // mitigations and the attack sets.
        let nodeComparer = NodeComparer(old: old, new: new, matching: matching)
        let half = new.nodes.count / 2
        let (firstHalf, secondHalf) = sideBySide(
            { nodeComparer.changes(newIndices: 0..<half, removals: false) },
            { nodeComparer.changes(newIndices: half..<new.nodes.count, removals: true) })
        nodes = NodeComparer.merge(firstHalf + secondHalf)
        let comparer = RiskComparer(old: old, new: new, matching: matching, scores: scores)
        let (moved, others) = sideBySide(
            { comparer.movedNodes() },
            { (MitigationComparer(old: old, new: new, matching: matching).changes(),
               AttackSetComparison(old: old, new: new, matching: matching)) })
        mitigations = others.0
        attackSets = others.1
        // The goals are compared with each other even when their ids or titles differ.
        goal = comparer.change(old: 0, new: 0)
        risks = comparer.changes(for: nodes, moved: moved)
        self.notes = notes
    }
}

/// One added, removed or changed node.
public struct NodeChange: Sendable {
    public enum Kind: String, Sendable {
        case added, removed, changed
    }

    /// One way a matched node differs between the trees.
    public enum Detail: Sendable, Equatable {
        /// The id changed. `guessed` is true when the node was matched by title and position
        /// because no rename map named it.
        case renumbered(old: NodeID, new: NodeID, guessed: Bool)
        /// The node is written under another parent: ids of the old parent in the old tree and
        /// of the new parent in the new tree.
        case moved(oldParent: NodeID?, newParent: NodeID?)
        case retitled(old: String, new: String)
        /// The gate as written (`or`, `and`, `sand`, `2 of 3`), or `step` for a node without one.
        case gate(old: String, new: String)
        /// An attribute as written, nil when absent.
        case attribute(name: String, old: String?, new: String?)

        /// A stable name for the kind of detail, used as a JSON value and a SARIF rule id.
        public var kind: String {
            switch self {
            case .renumbered: "renumbered"
            case .moved: "moved"
            case .retitled: "retitled"
            case .gate: "gate-changed"
            case .attribute: "attribute-changed"
            }
        }
    }

    public let kind: Kind
    /// Index into `old.nodes`, nil for an added node.
    public let old: Int?
    /// Index into `new.nodes`, nil for a removed node.
    public let new: Int?
    /// The differences of a changed node, empty for an added or removed one.
    public let details: [Detail]
}

/// One added, removed or changed mitigation, matched by name.
public struct MitigationChange: Sendable {
    public enum Kind: String, Sendable {
        case added, removed, changed
    }

    /// One way a mitigation differs between the trees.
    public enum Detail: Sendable, Equatable {
        case status(old: MitigationStatus, new: MitigationStatus)
        /// The effectiveness as written (`70%`, `blocks`), nil when absent.
        case effectiveness(old: String?, new: String?)
        /// The ids of the covered nodes: old ids in the old tree, new ids in the new tree.
        /// Nodes matched to each other count as the same node whatever their ids.
        case coverage(added: [NodeID], removed: [NodeID])
        /// Another field as written, nil when absent.
        case attribute(name: String, old: String?, new: String?)

        public var kind: String {
            switch self {
            case .status: "status-changed"
            case .effectiveness: "effectiveness-changed"
            case .coverage: "coverage-changed"
            case .attribute: "attribute-changed"
            }
        }
    }

    public let kind: Kind
    public let name: String
    /// Index into `old.mitigations`, nil for an added mitigation.
    public let old: Int?
    /// Index into `new.mitigations`, nil for a removed mitigation.
    public let new: Int?
    public let details: [Detail]
}
