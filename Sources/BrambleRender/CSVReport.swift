import BrambleCore

/// The plan as a spreadsheet: one row per node with its figures in every view.
///
/// Cells are quoted as RFC 4180 says (CRLF line ends; a cell holding a comma, quote, CR or LF
/// is quoted, quotes doubled). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading `'`, so that a spreadsheet shows it as text instead of running it as
/// a formula.
public enum CSVReport {
    /// The column names, in order; `docs/templates.md` explains each.
    public static let columns = [
        "id", "title", "kind", "depth", "parents",
        "likelihood", "impact", "cost", "cost_unit",
        "inherent_probability", "inherent_risk", "inherent_band",
        "residual_probability", "residual_risk", "residual_band",
        "projected_probability", "projected_risk", "projected_band",
        "attacker_cost", "mitigations",
    ]

    public static func make(_ analysis: Analysis) -> String {
        let tree = analysis.tree
        var rows = [columns]
        for index in tree.nodes.indices {
            let node = tree.nodes[index]
            var row = [
                node.id.description,
                node.title,
                node.gate.map { $0.written(children: node.children.count) } ?? "step",
                String(node.id.depth),
                node.parents.map { tree.nodes[$0].id.description }.joined(separator: " "),
                number(node.likelihood?.value),
                number(analysis.figures(index, .residual).impact),
                number(node.cost?.value),
                node.cost?.unit ?? "",
            ]
            for view in View.allCases {
                let figures = analysis.figures(index, view)
                row += [number(figures.probability), number(figures.risk), figures.band ?? ""]
            }
            row.append(number(analysis.figures(index, .residual).cost))
            row.append(node.mitigations.map { "\(tree.mitigations[$0].name) (\(tree.mitigations[$0].status.rawValue))" }
                .joined(separator: "; "))
            rows.append(row)
        }
        return rows.map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Returns a number in its shortest exact form, or an empty cell when it is unknown.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return JSONValue.format(value)
    }

    /// Neutralises a formula and quotes the cell when needed.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        let needsQuotes = value.unicodeScalars.contains { [",", "\"", "\r", "\n"].contains($0) }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
