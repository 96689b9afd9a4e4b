import BrambleCore

/// Writes an attack tree as Graphviz DOT text. The output depends only on the tree and the
/// options: nodes come in pre-order with siblings in id order, mitigations in declaration
/// order, and attributes in a fixed order, so the same input always gives the same bytes.
///
/// Tree nodes have HTML-like labels: id and gate in bold, the wrapped title, the figures, and
/// one link per reference. Mitigations, the collapsed "+N more" nodes and tooltips use plain
/// quoted strings. The two contexts escape differently (`Escaping.dotHTML` and
/// `Escaping.dotLabel`).
public struct DOTWriter: Sendable {
    public typealias Options = DiagramOptions

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Returns the DOT text of the diagram.
    public func write(_ analysis: Analysis) -> String {
        write(DiagramContent(analysis, options: options))
    }

    /// Returns the DOT text with the warnings about it, such as a requested highlight that
    /// no attack set allows.
    public func render(_ analysis: Analysis) -> (text: String, warnings: [String]) {
        let content = DiagramContent(analysis, options: options)
        return (write(content), content.highlightWarning.map { [$0] } ?? [])
    }

    func write(_ content: DiagramContent) -> String {
        let tree = content.tree
        let palette = DiagramPalette.of(options.theme)
        var names = [String](repeating: "", count: tree.nodes.count)
        for index in content.nodes { names[index] = nodeName(tree.nodes[index]) }
        let direction = options.direction == "TB" ? "TB" : "LR"
        var out = "digraph \"attack-tree\" {\n"
        out += "  graph [rankdir=\(direction), ordering=out, label=<\(titleLabel(content))>, labelloc=t, fontname=\"Helvetica\", fontsize=16, fontcolor=\"\(palette.text)\", bgcolor=\"\(palette.background)\", nodesep=0.3, ranksep=0.5];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", penwidth=1, color=\"\(palette.nodeBorder)\"];\n"
        out += "  edge [arrowhead=none, color=\"\(palette.edge)\", fontname=\"Helvetica\", fontsize=9, fontcolor=\"\(palette.text)\"];\n"
        out += "  " + legendStatement(content, palette) + "\n"
        for index in content.nodes {
            out += "  " + nodeStatement(index, name: names[index], content, palette) + "\n"
        }
        for collapsed in content.collapsed {
            let name = Escaping.dotString("more-\(tree.nodes[collapsed.parent].id)")
            out += "  \"\(name)\" [id=\"\(name)\", class=\"collapsed\", label=\"+\(collapsed.hiddenCount) more\", shape=box, style=\"dashed,rounded\", color=\"\(palette.edge)\", fontcolor=\"\(palette.text)\", tooltip=\"\(collapsed.hiddenCount) deeper nodes; draw them with a larger --depth or with --root \(tree.nodes[collapsed.parent].id)\"];\n"
        }
        for edge in content.edges {
            out += "  " + edgeStatement(edge, names: names, content, palette) + "\n"
        }
        for collapsed in content.collapsed {
            let name = Escaping.dotString("more-\(tree.nodes[collapsed.parent].id)")
            let highlight = content.highlightedCollapsed.contains(collapsed.parent)
                ? ", class=\"attack-path\", color=\"\(palette.highlight)\", penwidth=\(palette.highlightWidth)" : ""
            out += "  \"\(names[collapsed.parent])\" -> \"\(name)\" [style=dashed\(highlight)];\n"
        }
        for drawn in content.mitigations {
            out += "  " + mitigationStatement(tree.mitigations[drawn.index], palette) + "\n"
        }
        for drawn in content.mitigations {
            let mitigation = tree.mitigations[drawn.index]
            for covered in drawn.covers {
                out += "  " + mitigationEdgeStatement(mitigation, coveredName: names[covered], content, palette) + "\n"
            }
        }
        out += "}\n"
        return out
    }

    private func titleLabel(_ content: DiagramContent) -> String {
        let tree = content.tree
        let title = tree.info.title.isEmpty ? tree.goal.title : tree.info.title
        var details: [String] = []
        if let version = tree.info.version { details.append("version \(version)") }
        details.append("\(options.view.rawValue) risk")
        if content.root != 0 { details.append("subtree \(tree.nodes[content.root].id)") }
        if let depth = options.depth { details.append("\(depth) level\(depth == 1 ? "" : "s") deep") }
        let titleLines = title.split(separator: "\n", omittingEmptySubsequences: false).map { Escaping.dotHTML(String($0)) }
        return "<b>" + titleLines.joined(separator: "<br/>") + "</b><br/><font point-size=\"12\">"
            + Escaping.dotHTML(details.joined(separator: " · ")) + "</font>"
    }

    func nodeName(_ node: Node) -> String { Escaping.dotString("node-\(node.id)") }

    func mitigationName(_ mitigation: Mitigation) -> String { Escaping.dotString("mitigation-\(mitigation.name)") }

    /// Returns the first line of a node's label: the gate in capitals, then the id.
    static func heading(_ node: Node) -> String {
        guard let gate = node.gate else { return node.id.description }
        return "\(gate.written(children: node.children.count).uppercased())  \(node.id)"
    }

    /// Returns the figures line of a node's label, such as `P 23.5% · high` or `BLOCKED`.
    static func figuresLine(_ figures: Figures) -> String {
        if figures.blocked { return "BLOCKED" }
        var line = "P \(Formatting.percent(figures.probability))"
        if let band = figures.band { line += " · \(band)" }
        return line
    }

    private func nodeStatement(_ index: Int, name: String, _ content: DiagramContent, _ palette: DiagramPalette) -> String {
        let node = content.tree.nodes[index]
        let figures = content.analysis.figures(index, options.view)
        let slot = palette.bandSlot(figures.band, levels: content.tree.riskScale.levels.map(\.name))
        var fill = slot.map { palette.bandFills[$0] } ?? palette.unknownFill
        var font = slot.map { palette.bandText[$0] } ?? palette.unknownText
        var border = palette.nodeBorder
        var style = node.gate == nil ? "rounded,filled" : "filled"
        var penwidth = node.gate == nil ? "1" : "2"
        var classes = node.gate.map { "gate gate-\($0.kind)" } ?? "step"
        if figures.blocked {
            (fill, font, border) = (palette.blockedFill, palette.text, palette.blockedBorder)
            style += ",dashed"
            classes += " blocked"
        }
        if case .atLeast = node.gate { style += ",diagonals" }
        if content.highlightedNodes.contains(index) {
            border = palette.highlight
            penwidth = palette.highlightWidth
            classes += " attack-path"
        }

        var rows = ["<tr><td><b>\(Escaping.dotHTML(Self.heading(node)))</b></td></tr>"]
        let title = Formatting.wrap(node.title, width: 28).map(Escaping.dotHTML).joined(separator: "<br/>")
        rows.append("<tr><td>\(title)</td></tr>")
        rows.append("<tr><td><font point-size=\"9\">\(Escaping.dotHTML(Self.figuresLine(figures)))</font></td></tr>")
        if !node.references.isEmpty {
            let cells = node.references.map { reference in
                "<td href=\"\(Escaping.dotHTML(Escaping.svgURL(reference.url)))\" tooltip=\"\(Escaping.dotHTML(reference.url))\" target=\"_blank\"><font point-size=\"9\" color=\"\(font == "#ffffff" ? "#ffffff" : palette.link)\">\(Escaping.dotHTML(Self.referenceText(reference)))</font></td>"
            }
            rows.append("<tr><td><table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\"><tr>\(cells.joined())</tr></table></td></tr>")
        }
        let label = "<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">\(rows.joined())</table>"

        var attributes = [
            "id=\"\(name)\"",
            "class=\"\(classes)\"",
            "label=<\(label)>",
            "style=\"\(style)\"",
            "fillcolor=\"\(fill)\"",
            "color=\"\(border)\"",
            "fontcolor=\"\(font)\"",
            "penwidth=\(penwidth)",
            "tooltip=\"\(Escaping.dotTooltip(node.description ?? node.title))\"",
        ]
        if node.gate == .and || node.gate == .sand { attributes.append("peripheries=2") }
        return "\"\(name)\" [\(attributes.joined(separator: ", "))];"
    }

    /// Returns the text shown for a reference: its id, or the host of a URL.
    static func referenceText(_ reference: Reference) -> String {
        guard reference.kind == .url else { return reference.text }
        let afterScheme = reference.text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        return afterScheme.count > 2 && !afterScheme[2].isEmpty ? String(afterScheme[2]) : reference.text
    }

    private func edgeStatement(_ edge: DiagramContent.Edge, names: [String], _ content: DiagramContent, _ palette: DiagramPalette) -> String {
        let tree = content.tree
        var attributes: [String] = []
        if content.highlightedEdges.contains(edge) {
            attributes += ["class=\"attack-path\"", "color=\"\(palette.highlight)\"", "penwidth=\(palette.highlightWidth)"]
        }
        if tree.nodes[edge.parent].gate == .sand {
            // The order of a sequential gate: numbered edges with arrows.
            attributes += ["label=\"\(edge.position)\"", "arrowhead=normal"]
        }
        let statement = "\"\(names[edge.parent])\" -> \"\(names[edge.child])\""
        return attributes.isEmpty ? statement + ";" : statement + " [\(attributes.joined(separator: ", "))];"
    }

    private func mitigationStatement(_ mitigation: Mitigation, _ palette: DiagramPalette) -> String {
        let lines = Formatting.wrap(mitigation.title, width: 30) + ["\(mitigation.status.rawValue)\(mitigation.effectiveness.map { " · \($0)" } ?? "")"]
        let label = lines.map(Escaping.dotLabel).joined(separator: "\\n")
        let (style, fill) = Self.mitigationStyle(mitigation.status, palette)
        return "\"\(mitigationName(mitigation))\" [id=\"\(mitigationName(mitigation))\", class=\"mitigation mitigation-\(mitigation.status.rawValue)\", shape=hexagon, style=\"\(style)\", fillcolor=\"\(fill)\", color=\"\(palette.mitigationBorder)\", fontcolor=\"\(palette.mitigationText)\", label=\"\(label)\", tooltip=\"\(Escaping.dotTooltip(mitigation.description ?? mitigation.title))\"];"
    }

    /// Returns the line style and fill of a mitigation: solid when implemented, dashed when
    /// planned, dotted for statuses that apply no control.
    static func mitigationStyle(_ status: MitigationStatus, _ palette: DiagramPalette) -> (style: String, fill: String) {
        switch status {
        case .implemented: ("filled", palette.implementedFill)
        case .planned: ("filled,dashed", palette.plannedFill)
        default: ("filled,dotted", palette.otherFill)
        }
    }

    private func mitigationEdgeStatement(_ mitigation: Mitigation, coveredName: String, _ content: DiagramContent, _ palette: DiagramPalette) -> String {
        let lineStyle = Self.mitigationStyle(mitigation.status, palette).style.replacingOccurrences(of: "filled", with: "solid")
            .replacingOccurrences(of: "solid,", with: "")
        // Weight 0 keeps a mitigation shared by distant nodes from pulling the tree apart;
        // the edge still places the mitigation after the nodes it covers.
        var attributes = ["dir=back", "arrowtail=tee", "weight=0", "style=\"\(lineStyle)\""]
        if content.blocks(mitigation) {
            attributes += ["class=\"blocks\"", "color=\"\(palette.blockedBorder)\"", "penwidth=2", "label=\"blocks\""]
        } else {
            attributes += ["color=\"\(palette.mitigationBorder)\""]
        }
        return "\"\(coveredName)\" -> \"\(mitigationName(mitigation))\" [\(attributes.joined(separator: ", "))];"
    }
}
