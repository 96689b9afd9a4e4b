/// Lists the added, removed and changed nodes of two trees whose nodes are paired.
struct NodeComparer {
    let old: AttackTree
    let new: AttackTree
    let matching: NodeMatching

    /// Returns every node change, sorted as `TreeDiff.nodes` documents.
    func changes() -> [NodeChange] {
        Self.merge(changes(newIndices: new.nodes.indices, removals: true))
    }

    /// A change with the id it is sorted by, and whether it is a removal, which comes first
    /// on a tie.
    typealias Keyed = (id: NodeID, removal: Bool, change: NodeChange)

    /// Returns the changes of the new nodes in `newIndices`, and with `removals` those of the
    /// removed old nodes, unsorted, so that parts of the tree can be compared at the same time.
    func changes(newIndices: Range<Int>, removals: Bool) -> [Keyed] {
        var keyed: [Keyed] = []
        // Nodes are visited by index, not copied out of the arrays, which would retain and
        // release each node's lists.
        for newIndex in newIndices {
            guard let oldIndex = matching.oldIndex(ofNew: newIndex) else {
                keyed.append((new.nodes[newIndex].id, false, NodeChange(kind: .added, old: nil, new: newIndex, details: [])))
                continue
            }
            let details = differences(oldIndex, newIndex)
            if !details.isEmpty {
                keyed.append((new.nodes[newIndex].id, false, NodeChange(kind: .changed, old: oldIndex, new: newIndex, details: details)))
            }
        }
        if removals {
            for oldIndex in old.nodes.indices where matching.newIndex(ofOld: oldIndex) == nil {
                keyed.append((old.nodes[oldIndex].id, true, NodeChange(kind: .removed, old: oldIndex, new: nil, details: [])))
            }
        }
        return keyed
    }

    /// Sorts changes from `changes(newIndices:removals:)` into the order `TreeDiff.nodes` has.
    static func merge(_ keyed: [Keyed]) -> [NodeChange] {
        var keyed = keyed
        keyed.sort { lhs, rhs in
            if lhs.id != rhs.id { return lhs.id < rhs.id }
            return lhs.removal && !rhs.removal
        }
        return keyed.map(\.change)
    }

    /// Returns how a paired node differs, in a fixed order: id, parent, title, gate, then the
    /// attributes in the order the language lists them.
    func differences(_ oldIndex: Int, _ newIndex: Int) -> [NodeChange.Detail] {
        let before = old.nodes[oldIndex]
        let after = new.nodes[newIndex]
        var details: [NodeChange.Detail] = []
        if before.id != after.id {
            details.append(.renumbered(old: before.id, new: after.id, guessed: matching.guessed[oldIndex]))
        }
        let expectedParent = before.parent.flatMap { matching.newIndex(ofOld: $0) }
        if expectedParent != after.parent {
            details.append(.moved(oldParent: before.parent.map { old.nodes[$0].id },
                                  newParent: after.parent.map { new.nodes[$0].id }))
        }
        if before.title != after.title {
            details.append(.retitled(old: before.title, new: after.title))
        }
        // A gate is written with its number of children only as `K of N`, so the written forms
        // are made only when the gates or that number differ.
        var countMatters = false
        if case .atLeast? = before.gate { countMatters = true }
        if before.gate != after.gate || (countMatters && before.children.count != after.children.count) {
            let oldGate = before.gate.map { $0.written(children: before.children.count) } ?? "step"
            let newGate = after.gate.map { $0.written(children: after.children.count) } ?? "step"
            if oldGate != newGate {
                details.append(.gate(old: oldGate, new: newGate))
            }
        }
        // Most paired nodes are unchanged, so the values are compared before any is formatted.
        if !sameAttributes(before, after) {
            for ((name, oldValue), (_, newValue)) in zip(attributes(before, in: old), attributes(after, in: new)) where oldValue != newValue {
                details.append(.attribute(name: name, old: oldValue, new: newValue))
            }
        }
        if let change = sharedParentChange(before, after) { details.append(change) }
        return details
    }

    /// Returns whether two nodes have the same attribute values. It may return false for
    /// values that are written the same (such as `0.5` and `50%`); the formatted comparison
    /// then finds no change.
    private func sameAttributes(_ before: Node, _ after: Node) -> Bool {
        guard before.likelihood == after.likelihood, before.impact == after.impact, before.cost == after.cost,
              before.skill == after.skill, before.time == after.time, before.description == after.description,
              before.references == after.references, before.tags == after.tags,
              before.mitigations.count == after.mitigations.count
        else { return false }
        for (left, right) in zip(before.mitigations, after.mitigations)
        where old.mitigations[left].name != new.mitigations[right].name {
            return false
        }
        return true
    }

    /// Returns the attributes of a node as written, in a fixed order, nil when absent.
    /// Lists whose order carries no meaning (references, tags, mitigations) are sorted.
    private func attributes(_ node: Node, in tree: AttackTree) -> [(String, String?)] {
        func list(_ items: [String]) -> String? { items.isEmpty ? nil : items.sorted().joined(separator: ", ") }
        return [
            ("likelihood", node.likelihood.map(Self.written)),
            ("impact", node.impact.map(Self.written)),
            ("cost", node.cost?.description),
            ("skill", node.skill.map(Self.written)),
            ("time", node.time?.description),
            ("description", node.description),
            ("ref", list(node.references.map(\.text))),
            ("tags", list(node.tags)),
            ("mitigated-by", list(node.mitigations.map { tree.mitigations[$0].name })),
        ]
    }

    /// Returns a change in the extra parents that reach a shared node through `use ID`, with
    /// parents paired across the trees counted as the same.
    private func sharedParentChange(_ before: Node, _ after: Node) -> NodeChange.Detail? {
        let oldExtra = before.sharingParents
        let newExtra = after.sharingParents
        if oldExtra.isEmpty, newExtra.isEmpty { return nil }
        let mapped = Set(oldExtra.map { matching.newIndex(ofOld: $0) ?? -1 - $0 })
        guard mapped != Set(newExtra) else { return nil }
        func ids(_ parents: ArraySlice<Int>, _ tree: AttackTree) -> String? {
            parents.isEmpty ? nil : parents.map { tree.nodes[$0].id }.sorted().map(\.description).joined(separator: ", ")
        }
        return .attribute(name: "used by", old: ids(oldExtra, old), new: ids(newExtra, new))
    }

    /// Returns a scaled value as written: its level name, or its number.
    static func written(_ value: ScaledValue) -> String {
        value.level ?? Amount.format(value.value)
    }
}
