import BrambleCore

/// Writes a `TreeDiff` as Markdown for a pull-request comment: a heading, a summary table with
/// the gates' verdicts, then the details of nodes, mitigations, risks and attack sets, each
/// folded in a `<details>` block. Text taken from a tree is escaped for table cells.
public enum DiffMarkdown {
    /// Returns the Markdown. `oldLabel` and `newLabel` name the two sides as given on the
    /// command line.
    public static func make(_ diff: TreeDiff, gates: [GateResult], oldLabel: String, newLabel: String) -> String {
        let describer = DiffDescriber(diff: diff, escape: Escaping.markdownInline, arrow: "→")
        let cell = Escaping.markdownInline
        var out = "### Bramble diff: \(cell(oldLabel)) → \(cell(newLabel))\n\n"
        if diff.isEmpty { out += "No changes.\n\n" }

        out += "| | old | new | change |\n|---|---|---|---|\n"
        for view in diff.goal.views {
            let change = view.isChanged ? "\(direction(view.risk))\(describer.bandNote(view))" : "unchanged"
            out += "| Goal \(view.view.rawValue) risk | \(describer.figures(view.old)) | \(describer.figures(view.new)) | \(change) |\n"
        }
        out += "| Nodes | \(diff.old.nodes.count) | \(diff.new.nodes.count) | \(DiffDescriber.counts(diff.nodes.map(\.kind))) |\n"
        out += "| Mitigations | \(diff.old.mitigations.count) | \(diff.new.mitigations.count) | \(DiffDescriber.counts(diff.mitigations.map(\.kind))) |\n"
        switch diff.attackSets {
        case .compared(let oldCount, let newCount, let appeared, let disappeared):
            out += "| Minimal attack sets (\(AttackSetComparison.view.rawValue)) | \(oldCount) | \(newCount) | \(appeared.count) appeared, \(disappeared.count) disappeared |\n"
        case .skipped:
            out += "| Minimal attack sets (\(AttackSetComparison.view.rawValue)) | | | not compared |\n"
        }
        for result in gates {
            let nodes = result.nodes.isEmpty ? "" : " (nodes: \(DiffText.nodeList(result.nodes)))"
            let verdict = result.tripped ? ":x: **tripped**" : ":white_check_mark: passed"
            out += "| Gate \(cell(result.gate.description)) | | | \(verdict): \(cell(result.message))\(nodes) |\n"
        }
        out += "\n"

        if !diff.nodes.isEmpty {
            out += open("Node changes (\(diff.nodes.count))")
            out += "| change | node | title | details |\n|---|---|---|---|\n"
            for change in diff.nodes {
                let details = change.kind == .changed
                    ? change.details.map(describer.describe).joined(separator: "<br>")
                    : describer.placement(change)
                out += "| \(change.kind.rawValue) | \(describer.id(change)) | \(cell(describer.title(change))) | \(details) |\n"
            }
            out += close
        }

        if !diff.mitigations.isEmpty {
            out += open("Mitigation changes (\(diff.mitigations.count))")
            out += "| change | mitigation | title | details |\n|---|---|---|---|\n"
            for change in diff.mitigations {
                let mitigation = change.new.map { diff.new.mitigations[$0] } ?? diff.old.mitigations[change.old!]
                let details: String
                switch change.kind {
                case .added: details = describer.summary(mitigation)
                case .removed: details = "was " + describer.summary(mitigation)
                case .changed: details = change.details.map(describer.describe).joined(separator: "<br>")
                }
                out += "| \(change.kind.rawValue) | \(cell(change.name)) | \(cell(mitigation.title)) | \(details) |\n"
            }
            out += close
        }

        let nodeRisks = diff.risks.filter { $0.new != 0 }
        if !nodeRisks.isEmpty {
            out += open("Risk of changed nodes (\(nodeRisks.count))")
            out += "| node | title | inherent | residual | projected |\n|---|---|---|---|---|\n"
            for change in nodeRisks {
                let node = change.new.map { diff.new.nodes[$0] } ?? diff.old.nodes[change.old!]
                let views = change.views.map { view in
                    view.isChanged
                        ? "\(describer.figures(view.old)) → \(describer.figures(view.new))\(describer.bandNote(view))"
                        : "\(describer.figures(view.new ?? view.old))"
                }
                out += "| \(describer.id(change)) | \(cell(node.title)) | \(views.joined(separator: " | ")) |\n"
            }
            out += close
        }

        switch diff.attackSets {
        case .skipped(let reason):
            out += "Minimal attack sets were not compared: \(cell(reason)).\n\n"
        case .compared(_, _, let appeared, let disappeared) where !appeared.isEmpty || !disappeared.isEmpty:
            out += open("Minimal attack sets (\(appeared.count) appeared, \(disappeared.count) disappeared)")
            out += "| change | steps |\n|---|---|\n"
            for set in appeared { out += "| appeared | \(cell(describer.set(set))) |\n" }
            for set in disappeared { out += "| disappeared | \(cell(describer.set(set))) |\n" }
            out += close
        case .compared:
            break
        }

        for note in diff.notes { out += "Note: \(cell(note)).\n\n" }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// Starts a folded block. The blank line after the summary lets GitHub read the table.
    private static func open(_ summary: String) -> String {
        "<details><summary>\(summary)</summary>\n\n"
    }

    private static let close = "\n</details>\n\n"

    private static func direction(_ direction: RiskChange.Direction) -> String {
        switch direction {
        case .up: "risk up"
        case .down: "risk down"
        case .same: "risk unchanged"
        case .unknown: "risk unknown on one side"
        }
    }
}
