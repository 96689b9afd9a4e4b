import BrambleCore

extension Escaping {
    /// Makes text from a tree safe to print on a terminal. A line break is shown as `\n`, and
    /// every other control character as `?`, C1 controls and the escape character included,
    /// so that no text can move the cursor or change colours.
    public static func terminal(_ text: String) -> String {
        // Most text has no control character, and is returned as it is after one pass over its
        // bytes. In UTF-8, a C1 control is the byte 0xC2 followed by 0x80 to 0x9F.
        var previous: UInt8 = 0
        let isPlain = text.utf8.allSatisfy { byte in
            defer { previous = byte }
            return byte >= 0x20 && byte != 0x7F && !(previous == 0xC2 && byte < 0xA0 && byte >= 0x80)
        }
        if isPlain { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: output += "\\n"
            case 0x00..<0x20, 0x7F..<0xA0: output += "?"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// Writes a `TreeDiff` for a terminal: one line per added, removed or changed item, marked
/// `+`, `-` or `~`, with the details indented below, then the risks, attack sets and gates.
public enum DiffText {
    /// Returns the text. `oldLabel` and `newLabel` name the two sides as given on the command
    /// line; `useColor` adds ANSI colours.
    public static func make(_ diff: TreeDiff, gates: [GateResult], oldLabel: String, newLabel: String, useColor: Bool) -> String {
        let describer = DiffDescriber(diff: diff, escape: Escaping.terminal, arrow: "->")
        let paint = Painter(enabled: useColor)
        var out = ""
        let sides = "\(Escaping.terminal(oldLabel)) -> \(Escaping.terminal(newLabel))"
        out += diff.isEmpty ? "No changes: \(sides)\n" : "Changes: \(sides)\n"

        let goal = diff.new.goal
        out += "\nGoal \(goal.id) \(describer.value(goal.title, quoted: true))\n"
        for view in diff.goal.views {
            let line = describer.describe(view) + (view.isChanged ? "" : ", unchanged")
            out += "  " + paint.band(view, line) + "\n"
        }

        if !diff.nodes.isEmpty {
            out += "\nNodes: \(DiffDescriber.counts(diff.nodes.map(\.kind)))\n"
            for change in diff.nodes {
                let head = "\(describer.id(change)) \(describer.value(describer.title(change), quoted: true))"
                switch change.kind {
                case .added: out += paint.green("  + \(head) (\(describer.placement(change)))") + "\n"
                case .removed: out += paint.red("  - \(head) (\(describer.placement(change)))") + "\n"
                case .changed:
                    out += paint.yellow("  ~ \(head)") + "\n"
                    for detail in change.details { out += "      \(describer.describe(detail))\n" }
                }
            }
        }

        if !diff.mitigations.isEmpty {
            out += "\nMitigations: \(DiffDescriber.counts(diff.mitigations.map(\.kind)))\n"
            for change in diff.mitigations {
                let mitigation = change.new.map { diff.new.mitigations[$0] } ?? diff.old.mitigations[change.old!]
                let head = "\(describer.value(change.name)) \(describer.value(mitigation.title, quoted: true))"
                switch change.kind {
                case .added: out += paint.green("  + \(head) (\(describer.summary(mitigation)))") + "\n"
                case .removed: out += paint.red("  - \(head) (was \(describer.summary(mitigation)))") + "\n"
                case .changed:
                    out += paint.yellow("  ~ \(head)") + "\n"
                    for detail in change.details { out += "      \(describer.describe(detail))\n" }
                }
            }
        }

        let nodeRisks = diff.risks.filter { $0.new != 0 }
        if !nodeRisks.isEmpty {
            out += "\nRisk of changed nodes: \(nodeRisks.count)\n"
            // The risk section is the longest on a large diff, so its two halves are written at
            // the same time.
            let half = nodeRisks.count / 2
            let (first, second) = sideBySide(
                { risks(nodeRisks[..<half], diff, paint) },
                { risks(nodeRisks[half...], diff, paint) })
            out += first + second
        }

        out += "\n" + attackSets(diff, describer, paint)
        if !gates.isEmpty {
            out += "\nGates:\n"
            for result in gates {
                if result.tripped {
                    let nodes = result.nodes.isEmpty ? "" : "; nodes: " + DiffText.nodeList(result.nodes)
                    out += paint.red("  tripped \(result.gate): \(escapeMessage(result.message))\(nodes)") + "\n"
                } else {
                    out += paint.green("  passed \(result.gate): \(escapeMessage(result.message))") + "\n"
                }
            }
        }
        if !diff.notes.isEmpty {
            out += "\nNotes:\n"
            for note in diff.notes { out += "  \(Escaping.terminal(note))\n" }
        }
        return out
    }

    /// Returns the lines of the risks in `changes`.
    private static func risks(_ changes: ArraySlice<RiskChange>, _ diff: TreeDiff, _ paint: Painter) -> String {
        let describer = DiffDescriber(diff: diff, escape: Escaping.terminal, arrow: "->")
        var out = ""
        for change in changes {
            let node = change.new.map { diff.new.nodes[$0] } ?? diff.old.nodes[change.old!]
            out += "  \(describer.id(change)) \(describer.value(node.title, quoted: true))\n"
            for view in change.views where view.isChanged {
                out += "      " + paint.band(view, describer.describe(view)) + "\n"
            }
            if !change.isChanged {
                out += "      risk unchanged: residual \(describer.figures(change.view(.residual).new))\n"
            }
        }
        return out
    }

    /// Returns node ids separated by commas, at most `limit` of them, then how many more, so
    /// that a gate on a large tree prints a readable line.
    public static func nodeList(_ ids: [NodeID], limit: Int = 20) -> String {
        let shown = ids.prefix(limit).map(\.description).joined(separator: ", ")
        return ids.count > limit ? "\(shown) and \(ids.count - limit) more" : shown
    }

    /// Gate messages hold band names from the tree, so they are escaped like other tree text.
    private static func escapeMessage(_ message: String) -> String { Escaping.terminal(message) }

    private static func attackSets(_ diff: TreeDiff, _ describer: DiffDescriber, _ paint: Painter) -> String {
        let view = AttackSetComparison.view.rawValue
        switch diff.attackSets {
        case .skipped(let reason):
            return "Minimal attack sets (\(view) view): not compared: \(reason)\n"
        case .compared(let oldCount, let newCount, let appeared, let disappeared):
            var out = "Minimal attack sets (\(view) view): \(oldCount) -> \(newCount)"
            out += appeared.isEmpty && disappeared.isEmpty ? ", the same sets\n" : ", \(appeared.count) appeared, \(disappeared.count) disappeared\n"
            for set in appeared { out += paint.red("  + \(describer.set(set))") + "\n" }
            for set in disappeared { out += paint.green("  - \(describer.set(set))") + "\n" }
            return out
        }
    }
}

/// Wraps text in ANSI colours when enabled.
struct Painter: Sendable {
    let enabled: Bool

    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }

    /// Paints a risk line red when its band rose and green when it fell.
    func band(_ change: RiskChange.ViewChange, _ text: String) -> String {
        switch change.band {
        case .up: red(text)
        case .down: green(text)
        case .same, .unknown: text
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
