import BrambleCore

/// Sentences describing the parts of a `TreeDiff`, shared by the text, Markdown and SARIF
/// outputs. Text taken from a tree goes through `escape`, and the fixed words around it
/// contain no character that any of those outputs treats specially, except the arrow.
struct DiffDescriber {
    let diff: TreeDiff
    /// Escapes text taken from a tree for the output.
    let escape: (String) -> String
    /// The arrow between an old and a new value.
    let arrow: String

    /// Returns a value as written, quoted when `quoted`, or `(none)` when absent.
    func value(_ text: String?, quoted: Bool = false) -> String {
        guard let text else { return "(none)" }
        return quoted ? "\"\(escape(text))\"" : escape(text)
    }

    /// Returns the id of an old node as shown in the diff.
    func oldID(_ index: Int) -> String { diff.old.nodes[index].id.description }

    /// Returns the id of a new node as shown in the diff.
    func newID(_ index: Int) -> String { diff.new.nodes[index].id.description }

    /// Returns the id a node change is shown under: the new id, or the old one when removed.
    func id(_ change: NodeChange) -> String {
        if let index = change.new { return newID(index) }
        return oldID(change.old!)
    }

    /// Returns the node's title in the tree it is shown from.
    func title(_ change: NodeChange) -> String {
        if let index = change.new { return diff.new.nodes[index].title }
        return diff.old.nodes[change.old!].title
    }

    /// Returns where an added or removed node is written: `under ID`, or `the goal`.
    func placement(_ change: NodeChange) -> String {
        if let index = change.new {
            return diff.new.nodes[index].parent.map { "under \(newID($0))" } ?? "the goal"
        }
        return diff.old.nodes[change.old!].parent.map { "was under \(oldID($0))" } ?? "was the goal"
    }

    func describe(_ detail: NodeChange.Detail) -> String {
        switch detail {
        case .renumbered(let old, let new, let guessed):
            let guess = guessed ? " (a guess from the title and position; pass --renames MAP to be sure)" : ""
            return "renumbered \(old) \(arrow) \(new)\(guess)"
        case .moved(let oldParent, let newParent):
            return "moved: under \(oldParent.map(\.description) ?? "nothing") \(arrow) under \(newParent.map(\.description) ?? "nothing")"
        case .retitled(let old, let new):
            return "title: \(value(old, quoted: true)) \(arrow) \(value(new, quoted: true))"
        case .gate(let old, let new):
            return "gate: \(old) \(arrow) \(new)"
        case .attribute(let name, let old, let new):
            return "\(name): \(value(old)) \(arrow) \(value(new))"
        }
    }

    func describe(_ detail: MitigationChange.Detail) -> String {
        switch detail {
        case .status(let old, let new):
            return "status: \(old.rawValue) \(arrow) \(new.rawValue)"
        case .effectiveness(let old, let new):
            return "effectiveness: \(value(old)) \(arrow) \(value(new))"
        case .coverage(let added, let removed):
            var parts: [String] = []
            if !added.isEmpty { parts.append("now covers " + added.map(\.description).joined(separator: ", ")) }
            if !removed.isEmpty { parts.append("no longer covers " + removed.map(\.description).joined(separator: ", ")) }
            return "coverage: " + parts.joined(separator: "; ")
        case .attribute(let name, let old, let new):
            return "\(name): \(value(old)) \(arrow) \(value(new))"
        }
    }

    /// Returns a short summary of a mitigation as it is in one tree: status and effectiveness.
    func summary(_ mitigation: Mitigation) -> String {
        mitigation.status.rawValue + (mitigation.effectiveness.map { ", \($0)" } ?? "")
    }

    /// Returns one view of a risk change: `residual 2.1 (medium) -> 3.4 (high), band up`.
    func describe(_ change: RiskChange.ViewChange) -> String {
        "\(change.view.rawValue) \(figures(change.old)) \(arrow) \(figures(change.new))\(bandNote(change))"
    }

    /// Returns a risk and its band, such as `2.1 (medium)`, or `absent` for a missing node.
    func figures(_ figures: Figures?) -> String {
        guard let figures else { return "absent" }
        let risk = Formatting.number(figures.risk)
        return figures.band.map { "\(risk) (\(escape($0)))" } ?? risk
    }

    /// Returns `, band up` or `, band down`, or nothing when the band stayed.
    func bandNote(_ change: RiskChange.ViewChange) -> String {
        switch change.band {
        case .up: ", band up"
        case .down: ", band down"
        case .same, .unknown: ""
        }
    }

    /// Returns the id a risk change is shown under.
    func id(_ change: RiskChange) -> String {
        if let index = change.new { return newID(index) }
        return oldID(change.old!)
    }

    /// Returns a minimal attack set as `{1.1, 1.2.3}`.
    func set(_ ids: [NodeID]) -> String {
        "{" + ids.map(\.description).joined(separator: ", ") + "}"
    }

    /// Returns the counts of a diff as a phrase, such as `2 added, 1 removed, 3 changed`.
    static func counts<Kind: RawRepresentable & Hashable>(_ kinds: [Kind]) -> String where Kind.RawValue == String {
        var counts: [String: Int] = [:]
        for kind in kinds { counts[kind.rawValue, default: 0] += 1 }
        let parts = ["added", "removed", "changed"].compactMap { name in counts[name].map { "\($0) \(name)" } }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
