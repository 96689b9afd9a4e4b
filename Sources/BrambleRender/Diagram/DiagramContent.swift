import BrambleCore

/// The parts of a diagram, worked out once for every output format: the nodes under the root
/// down to the depth limit, the edges between them, the collapsed subtrees, the mitigations
/// and the highlighted attack.
struct DiagramContent {
    /// An edge from a gate to one of its children.
    struct Edge: Hashable {
        let parent: Int
        let child: Int
        /// The child's 1-based place among the parent's children, which orders a `sand` gate.
        let position: Int
    }

    /// A stand-in for the children of `parent` that lie below the depth limit.
    struct Collapsed {
        let parent: Int
        /// How many distinct nodes the stand-in hides.
        let hiddenCount: Int
    }

    /// A mitigation and the drawn nodes it is attached to.
    struct DrawnMitigation {
        let index: Int
        let covers: [Int]
    }

    let analysis: Analysis
    /// The analysed tree, kept apart so that reading it does not copy the analysis's fields.
    let tree: AttackTree
    let options: DiagramOptions
    let root: Int
    /// Drawn node indices in `AttackTree.nodes` order: pre-order, siblings in id order.
    let nodes: [Int]
    let edges: [Edge]
    let collapsed: [Collapsed]
    let mitigations: [DrawnMitigation]
    let path: AttackPath?
    let highlightedNodes: Set<Int>
    let highlightedEdges: Set<Edge>
    /// Parents whose "+N more" node hides part of the highlighted attack.
    let highlightedCollapsed: Set<Int>
    /// The reason no attack is highlighted although one was requested, or nil.
    let highlightWarning: String?

    /// Works out the content. A root id that is not in the tree draws the whole tree; callers
    /// check the id first to report it.
    init(_ analysis: Analysis, options: DiagramOptions) {
        self.analysis = analysis
        self.options = options
        let tree = analysis.tree
        self.tree = tree
        let root = options.root.flatMap { tree.index(of: $0) } ?? 0
        self.root = root

        // Breadth-first from the root gives each node its shortest distance, so a shared
        // node is drawn when any of its parents is within the limit.
        var level = [Int?](repeating: nil, count: tree.nodes.count)
        level[root] = 0
        var queue = [root]
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            for child in tree.nodes[index].children where level[child] == nil {
                level[child] = level[index]! + 1
                queue.append(child)
            }
        }
        let limit = options.depth ?? Int.max
        let isDrawn = level.map { $0.map { $0 <= limit } ?? false }
        nodes = tree.nodes.indices.filter { isDrawn[$0] }

        var edges: [Edge] = []
        var collapsed: [Collapsed] = []
        for index in nodes {
            let children = tree.nodes[index].children
            for (offset, child) in children.enumerated() where isDrawn[child] {
                edges.append(Edge(parent: index, child: child, position: offset + 1))
            }
            let hidden = Self.hiddenDescendants(of: index, tree: tree, isDrawn: isDrawn)
            if hidden > 0 { collapsed.append(Collapsed(parent: index, hiddenCount: hidden)) }
        }
        self.edges = edges
        self.collapsed = collapsed

        if options.showMitigations {
            mitigations = tree.mitigations.indices.compactMap { index in
                let covers = tree.mitigations[index].covers.filter { isDrawn[$0] }
                return covers.isEmpty ? nil : DrawnMitigation(index: index, covers: covers)
            }
        } else {
            mitigations = []
        }

        let path = AttackPath.find(analysis, view: options.view, root: root, highlight: options.highlight)
        self.path = path
        var highlightedNodes = Set<Int>()
        var highlightedEdges = Set<Edge>()
        var achievedByPath = [Bool](repeating: false, count: tree.nodes.count)
        if let path {
            // Walk down from the root through the nodes the set achieves.
            let achieved = AttackPath.achieved(Set(path.steps), analysis: analysis, view: options.view)
            achievedByPath = achieved
            var edgesByParent: [Int: [Edge]] = [:]
            for edge in edges { edgesByParent[edge.parent, default: []].append(edge) }
            var stack = achieved[root] ? [root] : []
            highlightedNodes = Set(stack)
            while let index = stack.popLast() {
                for edge in edgesByParent[index] ?? [] where achieved[edge.child] {
                    highlightedEdges.insert(edge)
                    if highlightedNodes.insert(edge.child).inserted { stack.append(edge.child) }
                }
            }
        }
        self.highlightedNodes = highlightedNodes
        self.highlightedEdges = highlightedEdges
        highlightedCollapsed = Set(collapsed.map(\.parent).filter { parent in
            highlightedNodes.contains(parent) && tree.nodes[parent].children.contains { !isDrawn[$0] && achievedByPath[$0] }
        })

        switch options.highlight {
        case .none: highlightWarning = nil
        case _ where path != nil: highlightWarning = nil
        case .cheapest where tree.costUnits.count > 1:
            highlightWarning = "no cheapest attack is highlighted: the steps' costs use different units (\(tree.costUnits.map { $0.isEmpty ? "none" : $0 }.joined(separator: ", ")))"
        case .cheapest:
            highlightWarning = "no cheapest attack is highlighted: no attack set of node \(tree.nodes[root].id) has a cost on every step"
        case .likely:
            highlightWarning = "no most likely attack is highlighted: every attack on node \(tree.nodes[root].id) is blocked or has an unknown likelihood in the \(options.view.rawValue) view"
        }
    }

    /// Counts the distinct nodes below `index` that are not drawn and are reached only
    /// through nodes that are not drawn.
    private static func hiddenDescendants(of index: Int, tree: AttackTree, isDrawn: [Bool]) -> Int {
        var seen = Set<Int>()
        var stack = tree.nodes[index].children.filter { !isDrawn[$0] }
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += tree.nodes[next].children.filter { !isDrawn[$0] }
        }
        return seen.count
    }

    /// Returns whether a mitigation takes part in the view's figures.
    func isApplied(_ mitigation: Mitigation) -> Bool {
        options.view.applies(mitigation.status) && mitigation.effectiveness != nil
    }

    /// Returns whether a mitigation makes the nodes it covers impossible in the view.
    func blocks(_ mitigation: Mitigation) -> Bool {
        if case .blocks = mitigation.effectiveness, options.view.applies(mitigation.status) { return true }
        return false
    }

    /// The kinds of gate drawn, in a fixed order, for the legend.
    var gateKinds: [String] {
        let drawn = Set(nodes.compactMap { tree.nodes[$0].gate?.kind })
        return ["or", "and", "sand", "k-of-n"].filter { drawn.contains($0) }
    }

    /// The mitigation statuses drawn, in declaration order of the status enum, for the legend.
    var mitigationStatuses: [MitigationStatus] {
        let drawn = Set(mitigations.map { tree.mitigations[$0.index].status })
        return MitigationStatus.allCases.filter { drawn.contains($0) }
    }

    /// One line describing the highlighted attack, such as
    /// `Most likely attack: 2 steps, P 12.5%`, or nil when nothing is highlighted.
    var pathSummary: String? {
        guard let path else { return nil }
        let steps = "\(path.steps.count) step\(path.steps.count == 1 ? "" : "s")"
        switch options.highlight {
        case .cheapest:
            let unit = tree.costUnits.first.map { $0.isEmpty ? "" : " \($0)" } ?? ""
            return "Cheapest attack: \(steps), cost \(Formatting.number(path.cost))\(unit)"
        default:
            return "Most likely attack: \(steps), P \(Formatting.percent(path.probability))"
        }
    }
}
