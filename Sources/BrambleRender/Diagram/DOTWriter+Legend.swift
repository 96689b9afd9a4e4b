import BrambleCore

extension DOTWriter {
    /// Returns the legend node: an HTML-like table that explains the gates, the risk band
    /// colours, the mitigation styles and the highlighted attack that this diagram shows.
    func legendStatement(_ content: DiagramContent, _ palette: DiagramPalette) -> String {
        var rows: [String] = ["<tr><td colspan=\"2\"><b>Legend</b></td></tr>"]
        func row(_ sample: String, _ meaning: String, fill: String? = nil, text: String? = nil) {
            let background = fill.map { " bgcolor=\"\($0)\"" } ?? ""
            let sampleText = text.map { "<font color=\"\($0)\">\(sample)</font>" } ?? sample
            rows.append("<tr><td\(background)>\(sampleText)</td><td align=\"left\">\(Escaping.dotHTML(meaning))</td></tr>")
        }

        row("step", "attack step (rounded corners)")
        for kind in content.gateKinds {
            switch kind {
            case "or": row("<b>OR</b>", "any one child is enough (square corners)")
            case "and": row("<b>AND</b>", "every child is needed (double border)")
            case "sand": row("<b>SAND</b>", "every child, in the numbered order (double border)")
            default: row("<b>K OF N</b>", "at least K of the N children (corner marks)")
            }
        }
        let levels = content.tree.riskScale.levels
        for (position, level) in levels.enumerated() {
            let slot = palette.bandSlot(level.name, levels: levels.map(\.name)) ?? 0
            let upper = position + 1 < levels.count ? " to \(Formatting.number(levels[position + 1].value))" : " and above"
            row(Escaping.dotHTML(level.name), "\(options.view.rawValue) risk \(Formatting.number(level.value))\(upper)",
                fill: palette.bandFills[slot], text: palette.bandText[slot])
        }
        if content.nodes.contains(where: { content.analysis.figures($0, options.view).band == nil }) {
            row("unknown", "risk unknown: a likelihood or impact is missing", fill: palette.unknownFill, text: palette.unknownText)
        }
        if content.nodes.contains(where: { content.analysis.figures($0, options.view).blocked }) {
            row("BLOCKED", "impossible in this view (dashed border)", fill: palette.blockedFill)
        }
        for status in content.mitigationStatuses {
            let (_, fill) = Self.mitigationStyle(status, palette)
            let line: String
            switch status {
            case .implemented: line = "solid"
            case .planned: line = "dashed"
            default: line = "dotted"
            }
            let applied = options.view.applies(status) ? "counted in this view" : "not counted in this view"
            row(status.rawValue, "mitigation, \(line) hexagon and edge; \(applied)", fill: fill, text: palette.mitigationText)
        }
        if content.mitigations.contains(where: { content.blocks(content.tree.mitigations[$0.index]) }) {
            row("<font color=\"\(palette.blockedBorder)\"><b>blocks</b></font>", "a mitigation that makes the node impossible")
        }
        if let summary = content.pathSummary {
            row("<font color=\"\(palette.highlight)\"><b>thick</b></font>", summary)
        }
        if !content.collapsed.isEmpty {
            row("+N more", "deeper nodes left out; use --depth or --root")
        }
        let table = "<table border=\"1\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\" color=\"\(palette.edge)\">\(rows.joined())</table>"
        return "\"legend\" [id=\"legend\", class=\"legend\", shape=plain, style=\"\", fontcolor=\"\(palette.text)\", label=<\(table)>];"
    }
}
