import BrambleYAML

/// The kinds of node a Deciduous file declares, one section each.
enum DeciduousKind: String, Sendable, CaseIterable {
    case fact = "facts", attack = "attacks", mitigation = "mitigations", goal = "goals"

    var singular: String {
        switch self {
        case .fact: "fact"
        case .attack: "attack"
        case .mitigation: "mitigation"
        case .goal: "goal"
        }
    }
}

/// One entry of a node's `from:` list: an edge from `source` to the node.
struct DeciduousEdge: Sendable {
    let source: String
    /// The edge's label, such as `#yolosec`, drawn beside the arrow by Deciduous.
    let label: String?
    /// `backwards: true`: Deciduous draws the edge dotted and leaves it out of the layout.
    let backwards: Bool
    /// `implemented: false`: Deciduous draws the edge dotted, for a control not in place.
    let implemented: Bool
    /// Keys of the entry other than the source, such as `backwards`, counted as attributes.
    let flags: Int
    let line: Int
    /// The mitigations a route passes, in Deciduous's direction, when the importer replaces a
    /// mitigation by its own sources.
    var through: [String] = []
}

/// One fact, attack, mitigation or goal.
struct DeciduousNode: Sendable {
    let name: String
    /// The label as written; nil when it is null, in which case Deciduous shows the name with
    /// `_` as spaces and a capital first letter.
    let label: String?
    let kind: DeciduousKind
    var sources: [DeciduousEdge]
    let line: Int

    /// The title Deciduous shows.
    var title: String {
        if let label, !label.isEmpty { return label }
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}

/// A whole Deciduous file.
struct DeciduousDocument: Sendable {
    var title: String?
    var nodes: [DeciduousNode] = []
    var index: [String: Int] = [:]
    /// `filter:` names: a display setting of Deciduous that hides other paths.
    var filter: [String] = []
    /// Top-level keys other than the sections, `title` and `filter`, such as `theme`.
    var otherKeys: [String] = []
    /// Keys of node entries other than the name and `from`.
    var ignoredNodeKeys: [String] = []
}

/// Reads Deciduous YAML with `YAMLDocument`.
enum DeciduousReader {
    /// The source that Deciduous draws at the top: the attacker's starting point.
    static let reality = "reality"

    static func read(_ input: InterchangeInput) throws(InterchangeError) -> DeciduousDocument {
        var bytes = input.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(bytes)
        } catch {
            throw InterchangeError(at: FileLine(path: input.path, line: error.mark.line), "column \(error.mark.column): \(error.message)")
        }
        func place(_ node: YAMLNode) -> FileLine { FileLine(path: input.path, line: node.mark.line) }
        guard case .mapping(let entries, _) = root else {
            throw InterchangeError(at: place(root), "the document is a \(root.kindName), not a mapping; a Deciduous file has the keys title, facts, attacks, mitigations and goals")
        }
        var document = DeciduousDocument()
        for (key, value) in entries {
            let name = key.text ?? ""
            if let kind = DeciduousKind(rawValue: name) {
                try readSection(value, kind: kind, into: &document, path: input.path)
                continue
            }
            switch name {
            case "title":
                guard let text = value.text else {
                    throw InterchangeError(at: place(value), "title is a \(value.kindName); write it as text")
                }
                document.title = value.isNull ? nil : text
            case "filter":
                guard case .sequence(let items, _) = value else {
                    if value.isNull { continue }
                    throw InterchangeError(at: place(value), "filter is a \(value.kindName); write it as a list of node names")
                }
                document.filter = items.compactMap(\.text)
            default:
                document.otherKeys.append(name)
            }
        }
        for node in document.nodes {
            for edge in node.sources where edge.source != reality && document.index[edge.source] == nil {
                throw InterchangeError(at: FileLine(path: input.path, line: edge.line),
                                       "'\(edge.source)' in the from: list of '\(node.name)' names no fact, attack, mitigation or goal; define it, or correct the name")
            }
        }
        return document
    }

    private static func readSection(_ value: YAMLNode, kind: DeciduousKind, into document: inout DeciduousDocument, path: String) throws(InterchangeError) {
        if value.isNull { return }
        guard case .sequence(let items, _) = value else {
            throw InterchangeError(at: FileLine(path: path, line: value.mark.line), "\(kind.rawValue) is a \(value.kindName); write it as a list of entries such as '- name: label'")
        }
        for item in items {
            let place = FileLine(path: path, line: item.mark.line)
            guard case .mapping(let fields, _) = item, let first = fields.first else {
                throw InterchangeError(at: place, "an entry of \(kind.rawValue) is a \(item.kindName); write it as '- name: label' with an optional from: list")
            }
            guard let name = first.key.text, name != "from", !name.isEmpty else {
                throw InterchangeError(at: place, "the entry of \(kind.rawValue) starts with '\(first.key.text ?? "")'; its first key is the node's name, as in '- name: label'")
            }
            guard name != reality else {
                throw InterchangeError(at: place, "'reality' is the starting point that Deciduous draws itself; give this \(kind.singular) another name")
            }
            if let existing = document.index[name] {
                throw InterchangeError(at: place, "'\(name)' is defined twice (first at line \(document.nodes[existing].line)); node names must be unique across facts, attacks, mitigations and goals")
            }
            guard first.value.text != nil else {
                throw InterchangeError(at: place, "the label of '\(name)' is a \(first.value.kindName); write it as text")
            }
            let label = first.value.isNull ? nil : first.value.text
            var sources: [DeciduousEdge] = []
            for (key, fieldValue) in fields.dropFirst() {
                guard key.text == "from" else {
                    document.ignoredNodeKeys.append("\(key.text ?? "?") (line \(key.mark.line))")
                    continue
                }
                sources = try readSources(fieldValue, of: name, path: path)
            }
            document.index[name] = document.nodes.count
            document.nodes.append(DeciduousNode(name: name, label: label, kind: kind, sources: sources, line: item.mark.line))
        }
    }

    private static func readSources(_ value: YAMLNode, of name: String, path: String) throws(InterchangeError) -> [DeciduousEdge] {
        if value.isNull { return [] }
        guard case .sequence(let items, _) = value else {
            throw InterchangeError(at: FileLine(path: path, line: value.mark.line), "from: of '\(name)' is a \(value.kindName); write it as a list of node names")
        }
        var edges: [DeciduousEdge] = []
        for item in items {
            let place = FileLine(path: path, line: item.mark.line)
            switch item {
            case .scalar(let text, _, _):
                edges.append(DeciduousEdge(source: text, label: nil, backwards: false, implemented: true, flags: 0, line: item.mark.line))
            case .mapping(let fields, _):
                let first = fields[0]
                guard let source = first.key.text, let labelText = first.value.text else {
                    throw InterchangeError(at: place, "a from: entry of '\(name)' has a label that is a \(first.value.kindName); write '- source: label'")
                }
                var backwards = false
                var implemented = true
                for (key, flag) in fields.dropFirst() {
                    let keyName = key.text ?? ""
                    guard ["backwards", "implemented", "ungrouped"].contains(keyName) else {
                        throw InterchangeError(at: FileLine(path: path, line: key.mark.line), "unknown key '\(keyName)' in a from: entry of '\(name)'; Deciduous knows backwards, implemented and ungrouped")
                    }
                    guard let bool = flag.boolValue else {
                        throw InterchangeError(at: FileLine(path: path, line: flag.mark.line), "\(keyName) in a from: entry of '\(name)' is '\(flag.text ?? flag.kindName)'; write true or false")
                    }
                    if keyName == "backwards" { backwards = bool }
                    if keyName == "implemented" { implemented = bool }
                }
                edges.append(DeciduousEdge(source: source, label: first.value.isNull ? nil : labelText, backwards: backwards,
                                           implemented: implemented, flags: fields.count - 1, line: item.mark.line))
            case .sequence:
                throw InterchangeError(at: place, "a from: entry of '\(name)' is a list; write a node name or '- source: label'")
            }
        }
        return edges
    }
}
