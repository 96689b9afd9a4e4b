/// The pairing of the old tree's nodes with the new tree's nodes.
///
/// Nodes are paired in three passes, each over the nodes still unpaired:
/// 1. The same id after the rename map is applied, and the same title. A node that the rename
///    map names is paired with the node holding its new id whatever the title.
/// 2. The same title, when the ids differ: a guess, preferred where the parents are paired to
///    each other, then at the nearest depth, then at the nearest position among siblings.
/// 3. The same id after the rename map, with another title.
///
/// Every node left over was added (new tree) or removed (old tree).
public struct NodeMatching: Sendable {
    /// The paired new index of each old node, nil for a removed node.
    public let oldToNew: [Int?]
    /// The paired old index of each new node, nil for an added node.
    public let newToOld: [Int?]
    /// Whether the pair of each old node was guessed from its title and position (pass 2).
    public let guessed: [Bool]

    /// Returns the new index paired with an old node.
    public func newIndex(ofOld index: Int) -> Int? { oldToNew[index] }

    /// Returns the old index paired with a new node.
    public func oldIndex(ofNew index: Int) -> Int? { newToOld[index] }

    /// Pairs the nodes of `old` and `new`, reading old ids through `renames`.
    /// - Complexity: O(n) dictionary operations for n nodes, plus, for each node left unpaired
    ///   by pass 1, the unpaired new nodes of the same title.
    public init(old: AttackTree, new: AttackTree, renames: [NodeID: NodeID]) {
        var oldToNew = [Int?](repeating: nil, count: old.nodes.count)
        var newToOld = [Int?](repeating: nil, count: new.nodes.count)
        var guessed = [Bool](repeating: false, count: old.nodes.count)

        func pair(_ oldIndex: Int, _ newIndex: Int) {
            oldToNew[oldIndex] = newIndex
            newToOld[newIndex] = oldIndex
        }

        // Pass 1: the same id after renaming, with the same title unless the map named the node.
        // Nodes are read by index rather than copied, which would retain and release their lists.
        let sameIDs = renames.isEmpty ? NodeMatching.sameIDs(old, new) : nil
        if let sameIDs {
            for (oldIndex, newIndex) in sameIDs.sameTitle { pair(oldIndex, newIndex) }
        } else {
            for oldIndex in old.nodes.indices {
                let id = old.nodes[oldIndex].id
                let renamed = renames.isEmpty ? nil : renames[id]
                guard let newIndex = new.index(of: renamed ?? id), newToOld[newIndex] == nil else { continue }
                if renamed != nil || new.nodes[newIndex].title == old.nodes[oldIndex].title { pair(oldIndex, newIndex) }
            }
        }

        // Pass 2: the same title. Old nodes are visited in pre-order, so a parent is paired
        // before its children and the children can prefer candidates under its partner.
        var candidatesByTitle: [String: [Int]] = [:]
        for newIndex in new.nodes.indices where newToOld[newIndex] == nil {
            candidatesByTitle[new.nodes[newIndex].title, default: []].append(newIndex)
        }
        if !candidatesByTitle.isEmpty {
            for oldIndex in old.nodes.indices where oldToNew[oldIndex] == nil {
                let node = old.nodes[oldIndex]
                guard let candidates = candidatesByTitle[node.title], !candidates.isEmpty else { continue }
                let expectedParent = node.parent.flatMap { oldToNew[$0] }
                let best = candidates.min { lhs, rhs in
                    NodeMatching.rank(node, new.nodes[lhs], expectedParent)
                        .lexicographicallyPrecedes(NodeMatching.rank(node, new.nodes[rhs], expectedParent))
                }!
                pair(oldIndex, best)
                guessed[oldIndex] = true
                candidatesByTitle[node.title]!.removeAll { $0 == best }
            }
        }

        // Pass 3: the same id after renaming, with a new title. Pairs of equal ids found by
        // walking the node lists need no lookup in the new tree's id table.
        if let sameIDs {
            for (oldIndex, newIndex) in sameIDs.otherTitle where oldToNew[oldIndex] == nil && newToOld[newIndex] == nil {
                pair(oldIndex, newIndex)
            }
        } else {
            for oldIndex in old.nodes.indices where oldToNew[oldIndex] == nil {
                let id = old.nodes[oldIndex].id
                guard let newIndex = new.index(of: renames[id] ?? id), newToOld[newIndex] == nil else { continue }
                pair(oldIndex, newIndex)
            }
        }

        self.oldToNew = oldToNew
        self.newToOld = newToOld
        self.guessed = guessed
    }

    /// Returns the pairs of old and new indices of nodes with the same id, those with the same
    /// title apart from the others, found by walking both node lists side by side.
    ///
    /// A checked tree lists its nodes in pre-order with children in id order, which is
    /// ascending id order. So no id needs a lookup in the id tables, whose entries a large tree
    /// scatters far apart in memory, and the titles are compared while the nodes are read for
    /// their ids. Returns nil when either list is not in strictly ascending order, for the
    /// caller to look ids up instead.
    static func sameIDs(_ old: AttackTree, _ new: AttackTree)
        -> (sameTitle: [(old: Int, new: Int)], otherTitle: [(old: Int, new: Int)])?
    {
        var oldCursor = IDCursor(tree: old)
        var newCursor = IDCursor(tree: new)
        var sameTitle: [(old: Int, new: Int)] = []
        var otherTitle: [(old: Int, new: Int)] = []
        sameTitle.reserveCapacity(min(old.nodes.count, new.nodes.count))

        while let oldID = oldCursor.id, let newID = newCursor.id {
            if oldID == newID {
                let pair = (oldCursor.index, newCursor.index)
                if old.nodes[pair.0].title == new.nodes[pair.1].title {
                    sameTitle.append(pair)
                } else {
                    otherTitle.append(pair)
                }
            }
            let advanceOld = oldID <= newID
            if newID <= oldID, !newCursor.advance() { return nil }
            if advanceOld, !oldCursor.advance() { return nil }
        }
        // The rest of the longer list cannot hold an id of the other only if it is in order too.
        while oldCursor.id != nil {
            guard oldCursor.advance() else { return nil }
        }
        while newCursor.id != nil {
            guard newCursor.advance() else { return nil }
        }
        return (sameTitle, otherTitle)
    }

    /// A position in a tree's node list with the id there, which checks while it moves that the
    /// ids ascend.
    private struct IDCursor {
        let tree: AttackTree
        private(set) var index = 0
        /// The id at `index`, nil past the end.
        private(set) var id: NodeID?

        init(tree: AttackTree) {
            self.tree = tree
            id = tree.nodes.first?.id
        }

        /// Moves to the next node and returns false when its id does not follow the current one.
        mutating func advance() -> Bool {
            index += 1
            guard index < tree.nodes.count else {
                id = nil
                return true
            }
            let next = tree.nodes[index].id
            guard let current = id, current < next else { return false }
            id = next
            return true
        }
    }

    /// The preference key of a pass-2 candidate, smaller first: whether its parent is the
    /// partner of the old node's parent, whether both are steps or both gates, the difference
    /// in depth, the difference in the last id number, then the candidate's id.
    private static func rank(_ node: Node, _ candidate: Node, _ expectedParent: Int?) -> [Int] {
        let parentMatches = expectedParent != nil && candidate.parent == expectedParent
        let depth = abs(node.id.depth - candidate.id.depth)
        let position = abs(node.id.last - candidate.id.last)
        return [parentMatches ? 0 : 1, node.isStep == candidate.isStep ? 0 : 1, depth, position]
            + candidate.id.components
    }
}
