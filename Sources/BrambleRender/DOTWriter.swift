import BrambleCore

/// Writes an attack tree as Graphviz DOT text. The output depends only on the tree and the
/// options: nodes come in pre-order with siblings in id order, mitigations in declaration
/// order, and attributes in a fixed order, so the same input always gives the same bytes.
public struct DOTWriter: Sendable {
    /// Options that change what the diagram shows.
    public struct Options: Sendable {
        /// The view whose figures and risk bands colour the nodes.
        public var view: View = .residual
        /// Whether mitigations are drawn as their own nodes.
        public var showMitigations = true
        /// Whether the diagram is laid out top to bottom (`TB`) or left to right (`LR`).
        public var direction = "LR"

        public init() {}
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Fill colours of the risk bands, from ColorBrewer's colour-blind-safe YlOrRd scheme. Bands
    /// beyond the fourth reuse the darkest colour.
    static let bandColors = ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"]
    static let unknownColor = "#eeeeee"

    /// Returns the DOT text for the whole tree.
    public func write(_ analysis: Analysis) -> String {
        let tree = analysis.tree
        var out = "digraph \"attack-tree\" {\n"
        out += "  graph [rankdir=\(options.direction == "TB" ? "TB" : "LR"), ordering=out, label=\"\(Escaping.dotLabel(title(tree)))\", labelloc=t, fontname=\"Helvetica\", fontsize=16, nodesep=0.3, ranksep=0.5];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", penwidth=1];\n"
        out += "  edge [arrowhead=none, color=\"#555555\"];\n"
        for (index, node) in tree.nodes.enumerated() {
            out += "  " + nodeStatement(index, node, analysis) + "\n"
        }
        for node in tree.nodes {
            for child in node.children {
                out += "  \"\(nodeName(node))\" -> \"\(nodeName(tree.nodes[child]))\";\n"
            }
        }
        if options.showMitigations {
            // Mitigations share the last rank, after the deepest steps, and their edges do not
            // move the tree's own nodes.
            let drawn = tree.mitigations.filter { !$0.covers.isEmpty }
            if !drawn.isEmpty {
                out += "  subgraph mitigations {\n    rank=sink;\n"
                for mitigation in drawn { out += "    " + mitigationStatement(mitigation) + "\n" }
                out += "  }\n"
            }
            for mitigation in drawn {
                for covered in mitigation.covers {
                    out += "  \"\(nodeName(tree.nodes[covered]))\" -> \"\(mitigationName(mitigation))\" [dir=back, arrowtail=tee, style=dashed, color=\"#1b7837\", constraint=false];\n"
                }
            }
        }
        out += "}\n"
        return out
    }

    private func title(_ tree: AttackTree) -> String {
        var title = tree.info.title.isEmpty ? tree.goal.title : tree.info.title
        if let version = tree.info.version { title += " (version \(version))" }
        return title + " - \(options.view.rawValue) risk"
    }

    func nodeName(_ node: Node) -> String { Escaping.dotString("node-\(node.id)") }

    func mitigationName(_ mitigation: Mitigation) -> String { Escaping.dotString("mitigation-\(mitigation.name)") }

    private func nodeStatement(_ index: Int, _ node: Node, _ analysis: Analysis) -> String {
        let figures = analysis.figures(index, options.view)
        var lines: [String] = []
        if let gate = node.gate {
            lines.append("\(gate.written(children: node.children.count).uppercased())  \(node.id)")
        } else {
            lines.append("\(node.id)")
        }
        lines += Formatting.wrap(node.title, width: 28)
        var figuresLine = "P \(Formatting.percent(figures.probability))"
        if figures.blocked { figuresLine = "blocked" }
        if let band = figures.band { figuresLine += " · \(band)" }
        lines.append(figuresLine)

        let label = lines.map(Escaping.dotLabel).joined(separator: "\\n")
        let fill = color(for: figures.band, scale: analysis.tree.riskScale)
        let font = fill == DOTWriter.bandColors.last ? "#ffffff" : "#000000"
        var attributes = [
            "id=\"\(nodeName(node))\"",
            "class=\"\(node.gate.map { "gate gate-\($0.kind)" } ?? "step")\"",
            "label=\"\(label)\"",
            "fillcolor=\"\(fill)\"",
            "fontcolor=\"\(font)\"",
            "tooltip=\"\(Escaping.dotTooltip(node.description ?? node.title))\"",
        ]
        if node.gate != nil { attributes.append("penwidth=2") }
        if node.gate == .and || node.gate == .sand { attributes.append("peripheries=2") }
        return "\"\(nodeName(node))\" [\(attributes.joined(separator: ", "))];"
    }

    private func mitigationStatement(_ mitigation: Mitigation) -> String {
        let lines = Formatting.wrap(mitigation.title, width: 30) + ["\(mitigation.status.rawValue)\(mitigation.effectiveness.map { " · \($0)" } ?? "")"]
        let label = lines.map(Escaping.dotLabel).joined(separator: "\\n")
        let style: String
        let color: String
        switch mitigation.status {
        case .implemented: (style, color) = ("filled", "#d9f0d3")
        case .planned: (style, color) = ("filled,dashed", "#ffffff")
        default: (style, color) = ("filled,dotted", "#f0f0f0")
        }
        return "\"\(mitigationName(mitigation))\" [id=\"\(mitigationName(mitigation))\", class=\"mitigation mitigation-\(mitigation.status.rawValue)\", shape=hexagon, style=\"\(style)\", fillcolor=\"\(color)\", color=\"#1b7837\", label=\"\(label)\", tooltip=\"\(Escaping.dotTooltip(mitigation.description ?? mitigation.title))\"];"
    }

    private func color(for band: String?, scale: Scale) -> String {
        guard let band, let position = scale.levels.firstIndex(where: { $0.name == band }) else {
            return DOTWriter.unknownColor
        }
        let count = scale.levels.count
        // Spread the bands over the palette so that the highest band always gets the darkest colour.
        let slot = count <= 1 ? DOTWriter.bandColors.count - 1
            : Int((Double(position) / Double(count - 1) * Double(DOTWriter.bandColors.count - 1)).rounded())
        return DOTWriter.bandColors[min(slot, DOTWriter.bandColors.count - 1)]
    }
}
