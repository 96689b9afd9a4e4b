/// Shared subtrees: `use ID` lines that make a node written elsewhere a child here too, so
/// that one event appears under several parents. Also durations, read here for `time`.
extension TreeBuilder {
    /// Reads `use ID` (a shared node) or `use NAME` (a copy of a fragment). A fragment copy is
    /// returned as a node still to read.
    mutating func readUse(_ block: Int, node: Int, lastNumber: inout Int) -> PendingNode? {
        rejectNested(block)
        guard let token = singleValue(block, example: "1.2.3") else { return nil }
        if token.kind == .word, text(of: token).first?.isASCIIDigit == false, Values.isName(text(of: token)) {
            return instantiateFragment(token, parent: node, lastNumber: &lastNumber)
        }
        guard token.kind == .word, let id = NodeID(parsing: text(of: token)) else {
            error(.invalidID, at: token, "invalid node id '\(text(of: token))' after 'use'; write the id of a node, as in 'use 1.2.3', or the name of a fragment")
            return nil
        }
        guard fragmentChains[node] == nil else {
            error(.misplacedAttribute, at: token,
                  "a fragment cannot use a node by id, because its copies are numbered where they are used; use a fragment name instead")
            return nil
        }
        if usesByDraft[node] == nil { usingDrafts.append(node) }
        usesByDraft[node, default: []].append((id, token))
        return nil
    }

    /// Resolves every `use` line to its node, reporting unknown ids, repeated children and
    /// cycles, and adds the node to the user's children.
    mutating func resolveUses() {
        var linked = false
        // Only the drafts with 'use' lines are visited, in the order they were created.
        usingDrafts.sort()
        for index in usingDrafts {
            for use in usesByDraft[index] ?? [] {
                guard let target = nodeIndex[use.id] else {
                    // The suggestion compares with every id, so it is skipped once the error is
                    // no longer shown.
                    guard diagnostics.accepts(.unknownNode) else {
                        diagnostics.drop(.unknownNode, .error)
                        continue
                    }
                    let suggestion = Suggestions.didYouMean(use.id.description, among: nodeIndex.keys.map(\.description))
                    error(.unknownNode, at: use.token,
                          "unknown node \(use.id)\(suggestion); 'use' takes the id of a node written elsewhere in this tree")
                    continue
                }
                if nodes[index].children.contains(target) {
                    error(.duplicateChild, at: use.token,
                          "node \(use.id) is already a child of \(nodes[index].id); remove this 'use' line")
                    continue
                }
                if let last = nodes[index].children.last, !(nodes[last].id < nodes[target].id) {
                    markUnsorted(index)
                }
                nodes[index].children.append(target)
                linked = true
            }
        }
        // Written children form a tree, so without a 'use' link there is no cycle to look for.
        if linked { reportCycles() }
    }

    /// Finds cycles with an iterative depth-first search and reports each at the `use` line that
    /// closes it, with the path.
    private mutating func reportCycles() {
        // 0: not visited, 1: on the current path, 2: finished.
        var state = [UInt8](repeating: 0, count: nodes.count)
        var reported = Set<Int>()
        for root in goals where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let children = nodes[top.node].children
                guard top.next < children.count else {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = children[top.next]
                if state[child] == 1 {
                    // Every cycle contains at least one use line, because written children form
                    // a tree. Report the cycle at its first use line.
                    let start = stack.firstIndex { $0.node == child } ?? 0
                    let cycle = stack[start...].map(\.node) + [child]
                    let path = cycle.map { nodes[$0].id.description }.joined(separator: " -> ")
                    for (from, to) in zip(cycle, cycle.dropFirst()) {
                        guard let use = usesByDraft[from]?.first(where: { nodeIndex[$0.id] == to }) else { continue }
                        if reported.insert(use.token.range.lowerBound).inserted {
                            error(.cycle, at: use.token,
                                  "'use \(use.id)' closes a cycle: \(path); an attack tree has no cycles, so remove this line or use another node")
                        }
                        break
                    }
                } else if state[child] == 0 {
                    state[child] = 1
                    stack.append((child, 0))
                }
            }
        }
    }

    /// Reads a duration: a non-negative number and a unit such as `hours` or `3 days`.
    mutating func readDuration(_ block: Int) -> Duration? {
        guard let amount = readAmount(block) else { return nil }
        let tokens = Array(values(block))
        guard let unit = amount.unit else {
            error(.invalidUnit, at: tokens[0], "time needs a unit, as in 'time 3 days'; use one of minutes, hours, days, weeks, months, years")
            return nil
        }
        guard let duration = Duration(value: amount.value, unit: unit) else {
            error(.invalidUnit, at: tokens[1],
                  "unknown time unit '\(unit)'\(Suggestions.didYouMean(unit, among: Keywords.timeUnits)); use one of minutes, hours, days, weeks, months, years")
            return nil
        }
        return duration
    }
}
