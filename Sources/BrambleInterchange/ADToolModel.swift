/// The two ADTool XML dialects.
///
/// ADTool 2 writes `<parameter domainId="ProbSucc">0.5</parameter>` and declares each domain
/// in a `<domain>` element. The TREsPASS tools write `<parameter class="ordinal"
/// name="likelihood">H</parameter>` and may put attributes such as `profit` on `<adtree>`.
enum ADToolDialect: String, Sendable {
    case adtool2 = "ADTool 2 (domainId parameters)"
    case trespass = "TREsPASS (class/name parameters)"
}

/// A `<parameter>` element.
struct ADParameter: Sendable {
    /// The domain id (ADTool 2) or name (TREsPASS).
    let key: String
    /// The domain's class for ADTool 2, such as `lu.uni.adtool.domains.predefined.MinCost`,
    /// or the TREsPASS class (`numeric`, `ordinal`).
    let domainClass: String?
    let value: String
    let line: Int
}

/// A `<node>` element: an attack node, or a defence node when its role is switched.
struct ADNode: Sendable {
    var label: String
    var refinement: String
    /// True for a node with `switchRole="yes"`: a countermeasure under an attack node, or a
    /// counter-attack under a countermeasure.
    var switchesRole: Bool
    var parameters: [ADParameter] = []
    /// Children with the same role, which refine this node.
    var refinements: [ADNode] = []
    /// Children with the opposite role (`switchRole="yes"`).
    var counters: [ADNode] = []
    /// The lines of a `bramble:` comment written by `ADToolExporter`, without the prefix.
    var brambleLines: [String] = []
    /// Attributes of `<node>` other than `refinement` and `switchRole`, as `name="value"`.
    var otherAttributes: [String] = []
    let line: Int

    /// The number of nodes in this subtree, counters included.
    var size: Int { 1 + refinements.reduce(0) { $0 + $1.size } + counters.reduce(0) { $0 + $1.size } }
    var parameterCount: Int {
        parameters.count + refinements.reduce(0) { $0 + $1.parameterCount } + counters.reduce(0) { $0 + $1.parameterCount }
    }
}

/// A whole `<adtree>` document.
struct ADDocument: Sendable {
    var root: ADNode
    var dialect: ADToolDialect
    /// `<domain id="...">` declarations: id to class.
    var domains: [String: String]
    /// Attributes of `<adtree>` other than namespace and schema declarations, such as `profit`.
    var treeAttributes: [(name: String, value: String)]
    /// The Bramble source in the `bramble:source` comment written by `ADToolExporter`.
    var brambleSource: String?
}

/// Reads ADTool XML into an `ADDocument`, after the checks of `SafeXML`.
enum ADToolReader {
    static let commentPrefix = "bramble:"

    static func read(_ input: InterchangeInput) throws(InterchangeError) -> ADDocument {
        let element = try XMLElementReader.read(input)
        func place(_ line: Int) -> FileLine { FileLine(path: input.path, line: line) }
        guard element.name == "adtree" else {
            throw InterchangeError(at: place(element.line), "the root element is <\(element.name)>, not <adtree>; give an ADTool XML file")
        }
        var domains: [String: String] = [:]
        var rootNode: XMLElementNode?
        for child in element.children {
            switch child.name {
            case "node":
                guard rootNode == nil else {
                    throw InterchangeError(at: place(child.line), "<adtree> has a second root <node>; an ADTool tree has one root")
                }
                rootNode = child
            case "domain":
                guard let id = child.attributes["id"], !id.isEmpty else {
                    throw InterchangeError(at: place(child.line), "<domain> has no id attribute; add id=\"...\"")
                }
                let domainClass = child.children.first { $0.name == "class" }?.text.trimmingCharacters(in: .whitespacesAndNewlines)
                domains[id] = domainClass ?? ""
            default:
                throw InterchangeError(at: place(child.line), "unknown element <\(child.name)> inside <adtree>; ADTool files contain <node> and <domain>")
            }
        }
        guard let rootNode else {
            throw InterchangeError(at: place(element.line), "<adtree> has no <node>; an ADTool tree needs a root node")
        }
        var dialects = Set<ADToolDialect>()
        let root = try readNode(rootNode, path: input.path, dialects: &dialects)
        guard dialects.count <= 1 else {
            throw InterchangeError(at: place(element.line), "the file mixes ADTool 2 parameters (domainId) and TREsPASS parameters (class and name); convert every <parameter> to one form")
        }
        var treeAttributes: [(name: String, value: String)] = []
        for name in element.attributes.keys.sorted() where !name.hasPrefix("xmlns") && !name.hasPrefix("xsi:") {
            treeAttributes.append((name, element.attributes[name]!))
        }
        let dialect = dialects.first
            ?? (domains.isEmpty && !element.attributes.isEmpty ? .trespass : .adtool2)
        let source = element.comments.first { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(commentPrefix + "source") }
            .map { BrambleComment.decode($0.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst((commentPrefix + "source").count)) }
        return ADDocument(root: root, dialect: dialect, domains: domains, treeAttributes: treeAttributes, brambleSource: source)
    }

    private static func readNode(_ element: XMLElementNode, path: String, dialects: inout Set<ADToolDialect>) throws(InterchangeError) -> ADNode {
        let place = FileLine(path: path, line: element.line)
        let refinement = element.attributes["refinement"] ?? "disjunctive"
        guard ["conjunctive", "disjunctive", "sequential"].contains(refinement) else {
            throw InterchangeError(at: place, "<node refinement=\"\(refinement)\"> is not an ADTool refinement; use conjunctive or disjunctive")
        }
        let switchRole = element.attributes["switchRole"] ?? "no"
        guard ["yes", "no", "true", "false"].contains(switchRole) else {
            throw InterchangeError(at: place, "<node switchRole=\"\(switchRole)\"> is neither yes nor no; correct it")
        }
        var node = ADNode(label: "", refinement: refinement, switchesRole: switchRole == "yes" || switchRole == "true", line: element.line)
        if !element.text.allSatisfy(\.isWhitespace) {
            throw InterchangeError(at: place, "unexpected text '\(element.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40))' in <node>; text belongs in <label>")
        }
        for name in element.attributes.keys.sorted() where name != "refinement" && name != "switchRole" {
            node.otherAttributes.append("\(name)=\"\(element.attributes[name]!)\"")
        }
        var labels = 0
        for child in element.children {
            let childPlace = FileLine(path: path, line: child.line)
            switch child.name {
            case "label":
                labels += 1
                guard labels == 1 else { throw InterchangeError(at: childPlace, "<node> has a second <label>; keep one") }
                guard child.children.isEmpty else {
                    throw InterchangeError(at: childPlace, "<label> contains the element <\(child.children[0].name)>; a label is text only")
                }
                node.label = child.text.trimmingCharacters(in: .whitespacesAndNewlines)
            case "parameter":
                node.parameters.append(try readParameter(child, path: path, dialects: &dialects))
            case "node":
                let subnode = try readNode(child, path: path, dialects: &dialects)
                if subnode.switchesRole { node.counters.append(subnode) } else { node.refinements.append(subnode) }
            default:
                throw InterchangeError(at: childPlace, "unknown element <\(child.name)> inside <node>; a node contains <label>, <parameter> and <node>")
            }
        }
        for comment in element.comments {
            let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix(commentPrefix) else { continue }
            node.brambleLines += BrambleComment.decode(text.dropFirst(commentPrefix.count))
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return node
    }

    private static func readParameter(_ element: XMLElementNode, path: String, dialects: inout Set<ADToolDialect>) throws(InterchangeError) -> ADParameter {
        let place = FileLine(path: path, line: element.line)
        let value = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let domain = element.attributes["domainId"] {
            dialects.insert(.adtool2)
            return ADParameter(key: domain, domainClass: nil, value: value, line: element.line)
        }
        if let name = element.attributes["name"] {
            dialects.insert(.trespass)
            return ADParameter(key: name, domainClass: element.attributes["class"], value: value, line: element.line)
        }
        throw InterchangeError(at: place, "<parameter> has neither domainId (ADTool 2) nor name (TREsPASS); add one")
    }
}

/// The text of `bramble:` comments. XML comments cannot contain `--`, so a `-` that follows
/// another `-` is written `\-`, and a backslash is written `\\`.
enum BrambleComment {
    static func encode(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "-" where previous == "-": out += "\\-"
            default: out.append(character)
            }
            previous = character
        }
        return out
    }

    static func decode(_ text: Substring) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
