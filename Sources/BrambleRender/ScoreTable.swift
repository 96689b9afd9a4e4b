import Foundation
import BrambleCore

/// The terminal form of an analysis: the goal's figures, then one row per node.
public enum ScoreTable {
    /// The widest title shown before it is cut with an ellipsis.
    static let titleWidth = 56

    public static func make(
        _ analysis: Analysis, attackSets: AttackSetSummary? = nil, sections: ScoreSections? = nil
    ) -> String {
        let tree = analysis.tree
        var out = "\(tree.info.title.isEmpty ? tree.goal.title : tree.info.title)"
        if let version = tree.info.version { out += " (version \(version))" }
        out += "\n\nGoal \(tree.goal.id): \(sanitized(tree.goal.title))\n"
        for view in View.allCases {
            let figures = analysis.figures(0, view)
            out += "  \(view.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) probability \(Formatting.percent(figures.probability)), risk \(Formatting.number(figures.risk))\(figures.band.map { " (\($0))" } ?? "")\n"
        }
        out += "  method: \(analysis.residual.method)\n\n"
        if let attackSets { out += attackSets.text(tree) + "\n" }
        if let sections { out += sections.text(analysis) }

        let header = ["id", "title", "P inherent", "P residual", "impact", "risk inherent", "risk residual", "band"]
        var rows: [[String]] = []
        for (index, node) in tree.nodes.enumerated() {
            let inherent = analysis.figures(index, .inherent)
            let residual = analysis.figures(index, .residual)
            let indent = String(repeating: " ", count: min(node.id.depth - 1, 12))
            rows.append([
                node.id.description,
                indent + truncated(sanitized(node.title)),
                Formatting.percent(inherent.probability),
                residual.blocked ? "blocked" : Formatting.percent(residual.probability),
                Formatting.number(residual.impact),
                Formatting.number(inherent.risk),
                Formatting.number(residual.risk),
                residual.band ?? "unknown",
            ])
        }
        out += table(header: header, rows: rows, rightAligned: [2, 3, 4, 5, 6])
        return out
    }

    static func truncated(_ text: String) -> String {
        text.count <= titleWidth ? text : String(text.prefix(titleWidth - 1)) + "…"
    }

    /// Replaces control characters so that a title cannot move the cursor or change colours.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) ? " " : $0
        }))
    }

    static func table(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = header.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            // Trimmed by hand: a regular expression for trailing white space takes time
            // quadratic in the padding, which a column of long ids makes thousands of spaces.
            while let last = text.last, last.isWhitespace { text.removeLast() }
            return text + "\n"
        }
        var out = line(header)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { out += line(row) }
        return out
    }
}
