import Foundation

/// A Mermaid flowchart read back by a strict parser of the subset that MermaidWriter writes.
///
/// Every line must be one of the statements below, and every label is quoted. A label may not
/// contain the characters that end a label or form markup (`"`, brackets, braces, `|`, `<`,
/// `>`, `&`, `#`, `;`, backslash, backtick), except in `<br/>`, `<b>`, `</b>` and `#NUMBER;`. Labels are
/// decoded as Mermaid shows them: `<br/>` is a line break and `#NUMBER;` the character with
/// that code.
struct MermaidDiagram {
    struct Node {
        let id: String
        /// The opening bracket of the shape, such as `(` or `{{`.
        let shape: String
        let label: String
    }

    struct Link {
        let from: String
        let arrow: String
        let to: String
    }

    var nodes: [Node] = []
    var links: [Link] = []
    var subgraphTitles: [String] = []
    /// Node ids by class name, from the `class` statements.
    var classes: [String: [String]] = [:]
    var direction = ""

    static let label = #"((?:[^"\[\]{}|<>&#;\\`\n]|<br/>|</?b>|#[0-9]+;)*)"#
    static let shapes = ["([": "])", "[[": "]]", "[/": "/]", "{{": "}}", "(": ")", "[": "]"]

    static let patterns: [(name: String, regex: NSRegularExpression)] = [
        ("init", #"^%%\{init: \{"theme": "(default|dark|neutral)"\}\}%%$"#),
        ("flowchart", #"^flowchart (LR|TB)$"#),
        ("subgraph", #"^ +subgraph ([a-z]+) \[""# + label + #""\]$"#),
        ("end", #"^ +end$"#),
        ("node", #"^ +([a-z][0-9]+)(\(\[|\[\[|\[/|\{\{|\(|\[)""# + label + #""(\]\)|\]\]|/\]|\}\}|\)|\])$"#),
        ("link", #"^ +([a-z][0-9]+) (---|-\.-|-->\|"[0-9]+"\||--x\|"blocks"\|) ([a-z][0-9]+)$"#),
        ("classDef", #"^ +classDef [A-Za-z0-9]+ [a-z0-9:#,. -]+$"#),
        ("class", #"^ +class ([a-z0-9,]+) ([A-Za-z0-9]+)$"#),
        ("linkStyle", #"^ +linkStyle [0-9,]+ [a-z0-9:#,. -]+$"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    init(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw FixtureError(description: "Mermaid text does not end with a line break") }
        var ids = Set<String>()
        for line in text.dropLast().components(separatedBy: "\n") {
            let range = NSRange(line.startIndex..., in: line)
            guard let (name, match) = Self.patterns.lazy.compactMap({ pattern in
                pattern.regex.firstMatch(in: line, range: range).map { (pattern.name, $0) }
            }).first else {
                throw FixtureError(description: "line is not a statement MermaidWriter writes: \(line.debugDescription)")
            }
            func group(_ index: Int) -> String { String(line[Range(match.range(at: index), in: line)!]) }
            switch name {
            case "flowchart": direction = group(1)
            case "subgraph": subgraphTitles.append(Self.decode(group(2)))
            case "node":
                let shape = group(2)
                guard Self.shapes[shape] == group(4) else { throw FixtureError(description: "shape opened with \(shape) closed with \(group(4))") }
                guard ids.insert(group(1)).inserted else { throw FixtureError(description: "node \(group(1)) defined twice") }
                nodes.append(Node(id: group(1), shape: shape, label: Self.decode(group(3))))
            case "link": links.append(Link(from: group(1), arrow: group(2), to: group(3)))
            case "class": classes[group(2), default: []] += group(1).split(separator: ",").map(String.init)
            default: break
            }
        }
        for link in links where !ids.contains(link.from) || !ids.contains(link.to) {
            throw FixtureError(description: "link \(link.from) \(link.arrow) \(link.to) names an undefined node")
        }
    }

    /// Decodes a label as Mermaid shows it.
    static func decode(_ label: String) -> String {
        var text = label.replacingOccurrences(of: "<br/>", with: "\n")
            .replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
        let code = try! NSRegularExpression(pattern: "#([0-9]+);")
        while let match = code.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
            let value = UInt32(text[Range(match.range(at: 1), in: text)!])!
            text.replaceSubrange(Range(match.range, in: text)!, with: String(Character(Unicode.Scalar(value)!)))
        }
        return text
    }

    /// Returns the node with the id, or nil.
    func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
}

/// Returns how DOTWriter must write `text` in an HTML-like label: `&`, `<`, `>` and `"` as
/// entities, each backslash doubled, and line breaks as `<br/>`.
func htmlLabelLines(_ text: String) -> String {
    text.components(separatedBy: "\n").map { line in
        var escaped = ""
        for character in line {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\\": escaped += "\\\\"
            default: escaped.append(character)
            }
        }
        return escaped
    }.joined(separator: "<br/>")
}
