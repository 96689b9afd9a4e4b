/// Lists the added, removed and changed mitigations of two trees, matched by name.
struct MitigationComparer {
    let old: AttackTree
    let new: AttackTree
    let matching: NodeMatching

    /// Returns every mitigation change, sorted by name.
    func changes() -> [MitigationChange] {
        var oldByName: [String: Int] = [:]
        for (index, mitigation) in old.mitigations.enumerated() { oldByName[mitigation.name] = index }
        var newByName: [String: Int] = [:]
        for (index, mitigation) in new.mitigations.enumerated() { newByName[mitigation.name] = index }

        var result: [MitigationChange] = []
        for name in Set(oldByName.keys).union(newByName.keys).sorted() {
            switch (oldByName[name], newByName[name]) {
            case (nil, let newIndex?):
                result.append(MitigationChange(kind: .added, name: name, old: nil, new: newIndex, details: []))
            case (let oldIndex?, nil):
                result.append(MitigationChange(kind: .removed, name: name, old: oldIndex, new: nil, details: []))
            case (let oldIndex?, let newIndex?):
                let details = differences(oldIndex, newIndex)
                if !details.isEmpty {
                    result.append(MitigationChange(kind: .changed, name: name, old: oldIndex, new: newIndex, details: details))
                }
            case (nil, nil):
                break
            }
        }
        return result
    }

    /// Returns how a mitigation differs: status, effectiveness, coverage, then the other
    /// fields in the order the language lists them.
    private func differences(_ oldIndex: Int, _ newIndex: Int) -> [MitigationChange.Detail] {
        let before = old.mitigations[oldIndex]
        let after = new.mitigations[newIndex]
        var details: [MitigationChange.Detail] = []
        if before.status != after.status {
            details.append(.status(old: before.status, new: after.status))
        }
        if before.effectiveness != after.effectiveness {
            details.append(.effectiveness(old: before.effectiveness?.description, new: after.effectiveness?.description))
        }
        let covered = Set(after.covers)
        let kept = Set(before.covers.compactMap { matching.newIndex(ofOld: $0) })
        let removed = before.covers.filter { oldNode in
            guard let newNode = matching.newIndex(ofOld: oldNode) else { return true }
            return !covered.contains(newNode)
        }
        let added = after.covers.filter { !kept.contains($0) }
        if !added.isEmpty || !removed.isEmpty {
            details.append(.coverage(added: added.map { new.nodes[$0].id }.sorted(),
                                     removed: removed.map { old.nodes[$0].id }.sorted()))
        }
        for ((name, oldValue), (_, newValue)) in zip(fields(before), fields(after)) where oldValue != newValue {
            details.append(.attribute(name: name, old: oldValue, new: newValue))
        }
        return details
    }

    /// Returns the fields of a mitigation other than status and effectiveness, as written.
    private func fields(_ mitigation: Mitigation) -> [(String, String?)] {
        func list(_ items: [String]) -> String? { items.isEmpty ? nil : items.sorted().joined(separator: ", ") }
        return [
            ("title", mitigation.title),
            ("owner", mitigation.owner),
            ("cost", mitigation.cost?.description),
            ("effort", mitigation.effort?.description),
            ("ticket", mitigation.ticket),
            ("due", mitigation.due),
            ("description", mitigation.description),
            ("justification", mitigation.justification),
            ("ref", list(mitigation.references.map(\.text))),
            ("tags", list(mitigation.tags)),
        ]
    }
}
