import BrambleCore

/// Converts Deciduous attack decision trees (YAML) into Bramble attack trees.
///
/// Deciduous draws paths from `reality` down to goals: each node lists in `from:` the nodes
/// it follows. Read from the goal upwards, that is an attack tree: a node's children are the
/// facts and attacks it follows, any one of which leads to it, so every gate is `or`.
/// Mitigations are not nodes in Bramble: each becomes a mitigation attached to the facts and
/// attacks it counters (its own `from:`). An attack that follows a mitigation, the attacker's
/// way around it, gets the attacks that the mitigation counters as children. A node reached
/// from several parents is written once and shared with `use ID`.
public enum DeciduousImporter {
    public static func importTree(_ input: InterchangeInput) throws(InterchangeError) -> TreeImport {
        let document = try DeciduousReader.read(input)
        var writer = DeciduousSourceWriter(document: document, path: input.path)
        let text = try writer.write()
        let checked = try GeneratedSource.check(text, input: input.path)
        let edges = document.nodes.reduce(0) { $0 + $1.sources.count }
        let attributes = document.nodes.reduce(0) { total, node in
            total + node.sources.reduce(0) { $0 + ($1.label == nil ? 0 : 1) + $1.flags }
        }
        let summary = TreeImportSummary(
            format: "Deciduous YAML", dialect: "Deciduous (facts, attacks, mitigations, goals with from: edges)",
            nodes: document.nodes.count, edges: edges,
            mitigations: document.nodes.count { $0.kind == .mitigation }, attributes: attributes,
            notes: writer.notes)
        return TreeImport(source: checked.text, tree: checked.tree, summary: summary)
    }
}

/// Writes the Bramble source of a `DeciduousDocument`, depth first without recursion.
struct DeciduousSourceWriter {
    let document: DeciduousDocument
    let path: String
    private(set) var notes: [String] = []
    /// The Bramble name of each mitigation, by node index.
    private var mitigationNames: [Int: String] = [:]
    /// The mitigations attached to each fact, attack or goal, by node index.
    private var attached: [Int: [Int]] = [:]
    /// The id each node was written with.
    private var written: [Int: NodeID] = [:]
    private var lines: [String] = []
    private var entrySteps = 0
    private var droppedBackwards: [String] = []
    /// The children of each node reached from the goals, after `breakCycles`.
    private var childLists: [Int: [Child]] = [:]

    init(document: DeciduousDocument, path: String) {
        self.document = document
        self.path = path
    }

    /// A child of a node in the tree: another node, or an entry step for a route that starts
    /// at `reality` or at a mitigation.
    private enum Child {
        case node(Int, DeciduousEdge)
        /// A route from reality, directly or through the mitigation `via`.
        case entry(DeciduousEdge, via: Int?)
    }

    private struct Frame {
        let index: Int?
        let id: NodeID
        let children: [Child]
        var next = 0
        var numbered = 0
    }

    mutating func write() throws(InterchangeError) -> String {
        nameMitigations()
        attachMitigations()

        let goals = document.nodes.indices.filter { document.nodes[$0].kind == .goal }
        guard !goals.isEmpty else {
            throw InterchangeError("\(path): the file has no goals; Bramble needs the attacker's goal as the root, so add a goals: section")
        }
        try breakCycles(from: goals)
        let title = document.title ?? document.nodes[goals[0]].title
        lines.append("tree " + BrambleString.quoted(title))
        lines.append("  description " + BrambleString.quoted(headerDescription()))
        lines.append("")

        var stack: [Frame] = []
        if goals.count == 1 {
            try open(goals[0], id: NodeID([1]), depth: 0, stack: &stack)
        } else {
            lines.append("1 or " + BrambleString.quoted(title))
            lines.append("  impact 1")
            lines.append("  description " + BrambleString.quoted("Any of the \(goals.count) goals of the Deciduous file; Bramble trees have one goal."))
            let children = goals.map { Child.node($0, DeciduousEdge(source: "", label: nil, backwards: false, implemented: true, flags: 0, line: 0)) }
            stack.append(Frame(index: nil, id: NodeID([1]), children: children))
            notes.append("the file has \(goals.count) goals (\(goals.map { document.nodes[$0].name }.joined(separator: ", "))); they were put under a synthetic OR goal")
        }

        while !stack.isEmpty {
            let frame = stack[stack.count - 1]
            guard frame.next < frame.children.count else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let depth = stack.count
            switch frame.children[frame.next] {
            case .node(let index, let edge):
                if let onPath = stack.firstIndex(where: { $0.index == index }) {
                    // `breakCycles` removed every cycle, so this is a bug in it.
                    let names = (stack[onPath...].compactMap(\.index) + [index]).map { document.nodes[$0].name }
                    throw InterchangeError(at: FileLine(path: path, line: edge.line), "internal error: a cycle remained after import (\(names.joined(separator: " -> "))); please report this with the input file")
                }
                if let existing = written[index] {
                    lines.append(SourceText.indent(depth) + "use \(existing)")
                    continue
                }
                stack[stack.count - 1].numbered += 1
                try open(index, id: frame.id.child(stack[stack.count - 1].numbered), depth: depth, stack: &stack)
            case .entry(let edge, let via):
                stack[stack.count - 1].numbered += 1
                writeEntryStep(edge, via: via, parent: frame.index!, id: frame.id.child(stack[stack.count - 1].numbered), depth: depth)
            }
        }
        lines.append("")
        writeMitigations()
        summarize()
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Nodes

    /// Writes a fact, attack or goal and pushes its children.
    private mutating func open(_ index: Int, id: NodeID, depth: Int, stack: inout [Frame]) throws(InterchangeError) {
        let node = document.nodes[index]
        written[index] = id
        let resolved = childLists[index] ?? []
        // A node whose only routes start at reality is a step. Otherwise every route from
        // reality becomes an entry step, so that the gate's children cover all of them.
        let children = resolved.contains { if case .node = $0 { true } else { false } } ? resolved : []
        lines.append(SourceText.indent(depth) + "\(id) " + (children.isEmpty ? "" : "or ") + BrambleString.quoted(node.title))
        lines.append(SourceText.indent(depth + 1) + "description " + BrambleString.quoted(description(of: node)))
        if depth == 0 {
            lines.append(SourceText.indent(1) + "impact 1")
        }
        if node.kind == .fact {
            lines.append(SourceText.indent(depth + 1) + "tag fact")
        }
        if let mitigations = attached[index], !mitigations.isEmpty {
            lines.append(SourceText.indent(depth + 1) + "mitigated-by " + mitigations.map { mitigationNames[$0]! }.joined(separator: ", "))
        }
        if !children.isEmpty {
            stack.append(Frame(index: index, id: id, children: children))
        }
    }

    /// Returns a node's children: its sources, with each mitigation replaced by the mitigation's
    /// own sources (the attacks it counters), and routes from reality as entries. A source
    /// reached twice is listed once.
    private func children(of node: DeciduousNode) -> [Child] {
        var result: [Child] = []
        var seenNodes = Set<Int>()
        var seenEntries = Set<Int>()  // -1 for reality itself, else the mitigation passed
        var visitedMitigations = Set<Int>()
        // Each item is an edge to resolve and the mitigation it was reached through.
        var work: [(edge: DeciduousEdge, via: Int?)] = node.sources.map { ($0, nil) }
        while !work.isEmpty {
            let (edge, via) = work.removeFirst()
            guard let source = document.index[edge.source] else {
                if seenEntries.insert(via ?? -1).inserted { result.append(.entry(edge, via: via)) }
                continue
            }
            if document.nodes[source].kind == .mitigation {
                guard visitedMitigations.insert(source).inserted else { continue }
                // The route passes the mitigation: it keeps the first edge's label and line,
                // and is backwards when any edge on it is.
                let inner = document.nodes[source].sources.map { innerEdge in
                    (DeciduousEdge(source: innerEdge.source, label: edge.label, backwards: edge.backwards || innerEdge.backwards,
                                   implemented: edge.implemented, flags: edge.flags, line: edge.line,
                                   through: [document.nodes[source].name] + edge.through), via ?? source)
                }
                work.insert(contentsOf: inner, at: 0)
                continue
            }
            if seenNodes.insert(source).inserted { result.append(.node(source, edge)) }
        }
        return result
    }

    private mutating func writeEntryStep(_ edge: DeciduousEdge, via: Int?, parent: Int, id: NodeID, depth: Int) {
        let node = document.nodes[parent]
        entrySteps += 1
        let title: String
        if let via {
            title = "\(node.title), once \"\(document.nodes[via].title)\" is in place"
        } else {
            title = "\(node.title), from the start"
        }
        lines.append(SourceText.indent(depth) + "\(id) " + BrambleString.quoted(title))
        let route = via.map { "through mitigation '\(document.nodes[$0].name)' " } ?? ""
        lines.append(SourceText.indent(depth + 1) + "description " + BrambleString.quoted("The route into '\(node.name)' \(route)that starts at reality (the starting point)."))
        lines.append(SourceText.indent(depth + 1) + "tag deciduous-entry")
    }

    private func description(of node: DeciduousNode) -> String {
        var text = "Deciduous \(node.kind.singular) '\(node.name)'."
        if node.label == nil || node.label == "" {
            text += " It has no label, so its title is made from its name."
        }
        for edge in node.sources {
            text += "\nReached \(edgeText(edge))."
        }
        // Facts and attacks that follow this node but lead to no goal are not in the tree, so
        // they are named here, where a reader of the tree meets them.
        for other in document.nodes where other.kind != .mitigation && childLists[document.index[other.name]!] == nil {
            for edge in other.sources where edge.source == node.name {
                text += "\nLeads to \(other.kind.singular) '\(other.name)' (\(other.title)), which reaches no goal and is not in the tree."
            }
        }
        return text
    }

    /// Describes an edge: its source with its kind, its label and its flags.
    private func edgeText(_ edge: DeciduousEdge) -> String {
        var text: String
        if let index = document.index[edge.source] {
            text = "from \(document.nodes[index].kind.singular) '\(edge.source)'"
        } else {
            text = "from reality (the starting point)"
        }
        if let label = edge.label { text += ", edge label \"\(label)\"" }
        if edge.backwards { text += ", a backwards edge" }
        if !edge.implemented { text += ", marked not implemented" }
        return text
    }

    private func headerDescription() -> String {
        var text = "Imported from the Deciduous file \(path.split(separator: "/").last.map(String.init) ?? path)."
        if !document.filter.isEmpty {
            text += "\nThe file's filter (\(document.filter.joined(separator: ", "))) is a display setting of Deciduous; the whole model was imported."
        }
        for key in document.otherKeys {
            text += "\nThe top-level key '\(key)' has no Bramble form."
        }
        return text
    }

    // MARK: Cycles

    /// Computes the children of every node reached from the goals, then removes cycles. Each
    /// cycle loses one of its backwards edges, which Deciduous also leaves out of its layout,
    /// and the edge is kept in the description of the node it leads to. A cycle without a
    /// backwards edge cannot be resolved and is an error that shows its path.
    private mutating func breakCycles(from goals: [Int]) throws(InterchangeError) {
        var work = goals
        while let index = work.popLast() {
            guard childLists[index] == nil else { continue }
            let children = children(of: document.nodes[index])
            childLists[index] = children
            for case .node(let child, _) in children where childLists[child] == nil { work.append(child) }
        }
        while let cycle = findCycle(from: goals) {
            // `cycle` lists parent -> child pairs; in Deciduous's direction each edge runs from
            // the child to the parent, so the path is printed reversed.
            var names = [document.nodes[cycle[0].parent].name]
            for pair in cycle {
                names = [document.nodes[pair.child].name] + (edge(from: pair.parent, to: pair.child)?.through ?? []) + names
            }
            let text = names.joined(separator: " -> ")
            guard let broken = cycle.last(where: { edge(from: $0.parent, to: $0.child)?.backwards == true }) else {
                let line = edge(from: cycle[0].parent, to: cycle[0].child)?.line ?? document.nodes[cycle[0].parent].line
                throw InterchangeError(at: FileLine(path: path, line: line),
                                       "the edges form a cycle: \(text); an attack tree cannot contain one, and no edge on it is marked backwards. Remove an edge of the cycle, or mark the edge that goes back with 'backwards: true'")
            }
            let line = edge(from: broken.parent, to: broken.child)?.line ?? 0
            let target = document.nodes[broken.parent].name
            let route = ([document.nodes[broken.child].name] + (edge(from: broken.parent, to: broken.child)?.through ?? []) + [target])
                .joined(separator: " -> ")
            childLists[broken.parent]!.removeAll { if case .node(broken.child, _) = $0 { true } else { false } }
            droppedBackwards.append("cycle \(text): the route \(route) has a backwards edge (line \(line)), so it was left out of the tree to break the cycle; the edge stays in the description of '\(target)'")
        }
    }

    private func edge(from parent: Int, to child: Int) -> DeciduousEdge? {
        for case .node(let index, let edge) in childLists[parent] ?? [] where index == child { return edge }
        return nil
    }

    /// Returns the parent -> child pairs of one cycle reachable from the goals, or nil.
    private func findCycle(from goals: [Int]) -> [(parent: Int, child: Int)]? {
        var state: [Int: UInt8] = [:]  // 1 on the current path, 2 finished
        for goal in goals where state[goal] == nil {
            var stack: [(node: Int, next: Int)] = [(goal, 0)]
            state[goal] = 1
            while !stack.isEmpty {
                let (node, next) = stack[stack.count - 1]
                let children = (childLists[node] ?? []).compactMap { child -> Int? in
                    if case .node(let index, _) = child { return index }
                    return nil
                }
                guard next < children.count else {
                    state[node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = children[next]
                if state[child] == 1 {
                    let start = stack.firstIndex { $0.node == child }!
                    let path = stack[start...].map(\.node)
                    var pairs: [(parent: Int, child: Int)] = []
                    for position in 0..<(path.count - 1) { pairs.append((path[position], path[position + 1])) }
                    pairs.append((node, child))
                    return pairs
                }
                if state[child] == nil {
                    state[child] = 1
                    stack.append((child, 0))
                }
            }
        }
        return nil
    }

    // MARK: Mitigations

    private mutating func nameMitigations() {
        var taken = Set<String>()
        for (index, node) in document.nodes.enumerated() where node.kind == .mitigation {
            let name = Self.isBrambleName(node.name) && !taken.contains(node.name)
                ? node.name
                : SourceText.name(from: node.name, prefix: "mitigation", taken: taken)
            taken.insert(name)
            mitigationNames[index] = name
        }
    }

    /// Attaches each mitigation to the facts, attacks and goals in its `from:` list, and to
    /// those of any mitigation it follows (a control that backs up another control).
    private mutating func attachMitigations() {
        for (index, node) in document.nodes.enumerated() where node.kind == .mitigation {
            var targets: [Int] = []
            var visited: Set<Int> = [index]
            var work = node.sources.compactMap { document.index[$0.source] }
            while !work.isEmpty {
                let source = work.removeFirst()
                guard visited.insert(source).inserted else { continue }
                if document.nodes[source].kind == .mitigation {
                    work += document.nodes[source].sources.compactMap { document.index[$0.source] }
                } else {
                    targets.append(source)
                }
            }
            for target in targets { attached[target, default: []].append(index) }
        }
    }

    private mutating func writeMitigations() {
        var unattached: [String] = []
        for (index, node) in document.nodes.enumerated() where node.kind == .mitigation {
            let name = mitigationNames[index]!
            let isAttached = attached.contains { written[$0.key] != nil && $0.value.contains(index) }
            if !isAttached { unattached.append(node.name) }
            let notImplemented = !node.sources.isEmpty && node.sources.allSatisfy { !$0.implemented }
            var description = "Deciduous mitigation '\(node.name)'."
            for edge in node.sources { description += "\nCounters " + edgeText(edge).dropFirst("from ".count) + "." }
            for other in document.nodes {
                for edge in other.sources where edge.source == node.name {
                    description += "\nLeads to \(other.kind.singular) '\(other.name)'"
                        + (edge.label.map { ", edge label \"\($0)\"" } ?? "") + (edge.backwards ? ", a backwards edge" : "") + "."
                }
            }
            lines.append("mitigation \(name) " + BrambleString.quoted(node.title))
            lines.append("  status " + (notImplemented ? "planned" : "implemented"))
            lines.append("  effectiveness blocks")
            lines.append("  description " + BrambleString.quoted(description))
            lines.append("")
        }
        if !unattached.isEmpty {
            notes.append("\(unattached.count) mitigations counter no fact or attack in the tree (\(unattached.joined(separator: ", "))), usually controls that follow reality; they are defined but attached to no node, so the checker warns that they are unused")
        }
    }

    private static func isBrambleName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    // MARK: Summary

    private mutating func summarize() {
        notes.insert("Deciduous has no AND gates: every node with several sources was imported as an OR gate", at: 0)
        notes += droppedBackwards
        let unreached = document.nodes.indices.filter { document.nodes[$0].kind != .mitigation && written[$0] == nil }
        if !unreached.isEmpty {
            notes.append("\(unreached.count) facts or attacks lead to no goal and were left out: " + unreached.map { document.nodes[$0].name }.joined(separator: ", "))
        }
        if entrySteps > 0 {
            notes.append("\(entrySteps) entry steps were added for routes from reality or from a mitigation into nodes that also have other sources")
        }
        let mitigationCount = document.nodes.count { $0.kind == .mitigation }
        if mitigationCount > 0 {
            notes.append("mitigations have no effectiveness in Deciduous, which draws one as the end of the path through the attacks it counters; they were imported with effectiveness blocks (status planned where every edge says implemented: false)")
        }
        if !document.ignoredNodeKeys.isEmpty {
            notes.append("keys of node entries other than the name and from: were ignored: " + document.ignoredNodeKeys.joined(separator: ", "))
        }
        notes.append("edge labels and flags are kept in the descriptions of the nodes they lead to; the goal was given impact 1, so that its risk equals its probability")
    }
}
