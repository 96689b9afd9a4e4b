import BrambleCore

/// Writes a `TreeDiff` as a Graphviz DOT diagram: the added, removed and changed nodes with
/// their ancestors in the new tree, so the diagram stays readable for a large tree with few
/// changes. Added nodes are green, removed ones red and dashed, changed ones orange, and the
/// ancestors that only give context are white. Nodes come in tree order and edges in a fixed
/// order, so the same diff always gives the same bytes.
public enum DiffDOT {
    static let addedStyle = (fill: "#d9f0d3", line: "#1b7837")
    static let removedStyle = (fill: "#fddbc7", line: "#b2182b")
    static let changedStyle = (fill: "#fee391", line: "#cc4c02")
    static let contextStyle = (fill: "#ffffff", line: "#999999")

    public static func make(_ diff: TreeDiff, oldLabel: String, newLabel: String) -> String {
        let new = diff.new
        let old = diff.old
        var changeOfNew: [Int: NodeChange] = [:]
        var removed: [Int] = []
        for change in diff.nodes {
            if let index = change.new { changeOfNew[index] = change } else { removed.append(change.old!) }
        }
        var riskOfNew: [Int: RiskChange] = [:]
        for change in diff.risks { if let index = change.new { riskOfNew[index] = change } }

        // The new nodes to draw: the goal, every changed node, and the ancestors of each.
        var drawn = Set<Int>([0])
        func addWithAncestors(_ start: Int) {
            var current: Int? = start
            while let index = current, drawn.insert(index).inserted || index == start {
                current = new.nodes[index].parent
            }
        }
        for index in changeOfNew.keys { addWithAncestors(index) }
        for index in riskOfNew.keys { addWithAncestors(index) }
        for index in removed {
            if let parent = old.nodes[index].parent, let partner = diff.matching.newIndex(ofOld: parent) {
                addWithAncestors(partner)
            }
        }
        let removedSet = Set(removed)

        var out = "digraph \"bramble-diff\" {\n"
        let title = "Diff: \(oldLabel) -> \(newLabel) (changed nodes and their ancestors)"
        out += "  graph [rankdir=LR, ordering=out, label=\"\(Escaping.dotLabel(title))\", labelloc=t, fontname=\"Helvetica\", fontsize=16, nodesep=0.3, ranksep=0.5];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", penwidth=1];\n"
        out += "  edge [arrowhead=none, color=\"#555555\"];\n"
        for index in drawn.sorted() {
            let node = new.nodes[index]
            let change = changeOfNew[index]
            var lines = [header(node)] + Formatting.wrap(node.title, width: 28)
            let kind: String
            let style: (fill: String, line: String)
            switch change?.kind {
            case .added?:
                kind = "added"
                style = addedStyle
                lines.append("added")
            case .changed?:
                kind = "changed"
                style = changedStyle
                lines.append("changed: " + Array(Set(change!.details.map(\.kind))).sorted().joined(separator: ", "))
            default:
                kind = "context"
                style = contextStyle
            }
            if let risk = riskOfNew[index]?.view(.residual), risk.isChanged, change?.kind != .added {
                lines.append("residual \(Formatting.number(risk.old?.risk)) -> \(Formatting.number(risk.new?.risk))")
                if risk.band != .same { lines.append("band \(band(risk.old)) -> \(band(risk.new))") }
            }
            out += "  " + statement(name: "node-\(node.id)", kind: kind, lines: lines, style: style, dashed: false, tooltip: node.title) + "\n"
        }
        for index in removed {
            let node = old.nodes[index]
            let lines = [header(node)] + Formatting.wrap(node.title, width: 28) + ["removed"]
            out += "  " + statement(name: "removed-\(node.id)", kind: "removed", lines: lines, style: removedStyle, dashed: true, tooltip: node.title) + "\n"
        }
        for index in drawn.sorted() {
            for parent in new.nodes[index].parents where drawn.contains(parent) {
                out += "  \"node-\(new.nodes[parent].id)\" -> \"node-\(new.nodes[index].id)\";\n"
            }
        }
        for index in removed {
            guard let parent = old.nodes[index].parent else { continue }
            let from: String
            if let partner = diff.matching.newIndex(ofOld: parent) {
                from = "node-\(new.nodes[partner].id)"
            } else if removedSet.contains(parent) {
                from = "removed-\(old.nodes[parent].id)"
            } else {
                continue
            }
            out += "  \"\(from)\" -> \"removed-\(old.nodes[index].id)\" [style=dashed, color=\"\(removedStyle.line)\"];\n"
        }
        out += "}\n"
        return out
    }

    private static func header(_ node: Node) -> String {
        guard let gate = node.gate else { return node.id.description }
        return "\(gate.written(children: node.children.count).uppercased())  \(node.id)"
    }

    private static func band(_ figures: Figures?) -> String {
        figures?.band ?? "unknown"
    }

    private static func statement(name: String, kind: String, lines: [String], style: (fill: String, line: String),
                                  dashed: Bool, tooltip: String) -> String
    {
        let label = lines.map(Escaping.dotLabel).joined(separator: "\\n")
        let attributes = [
            "id=\"\(Escaping.dotString(name))\"",
            "class=\"diff-\(kind)\"",
            "label=\"\(label)\"",
            "style=\"\(dashed ? "rounded,filled,dashed" : "rounded,filled")\"",
            "fillcolor=\"\(style.fill)\"",
            "color=\"\(style.line)\"",
            "penwidth=\(kind == "context" ? 1 : 2)",
            "tooltip=\"\(Escaping.dotTooltip(tooltip))\"",
        ]
        return "\"\(Escaping.dotString(name))\" [\(attributes.joined(separator: ", "))];"
    }
}
