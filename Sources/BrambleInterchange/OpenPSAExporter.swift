import BrambleCore

/// Converts a checked attack tree into an Open-PSA MEF fault tree.
///
/// Each gate becomes a `<define-gate>` named `G` and its id with dots written as underscores
/// (`G1_2`), and each step a `<define-basic-event>` named `E` and its id (`E1_2_1`). Dots are
/// avoided because the MEF uses them to separate container paths in references. A step tagged
/// `house-event` with likelihood 0 or 1 becomes a `<define-house-event>`. Titles go into
/// `<label>` elements. Mitigations, impact, cost, skill and time have no MEF form and are left out.
public enum OpenPSAExporter {
    /// Returns the MEF document for `tree`, or throws when a node cannot be expressed: a step
    /// without a likelihood, a gate without children, or a goal that is a single step.
    public static func export(_ tree: AttackTree) throws(InterchangeError) -> String {
        guard !tree.goal.isStep else {
            throw InterchangeError("\(tree.goal.location): the goal '\(tree.goal.id)' is a single step; a MEF fault tree needs a top gate, so give the goal children")
        }
        var gates: [String] = []
        var events: [String] = []
        for node in tree.nodes {
            if node.isStep {
                events.append(try basicOrHouseEvent(node))
            } else {
                gates.append(try gate(node, tree: tree))
            }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<opsa-mef>\n"
        xml += "  <define-fault-tree name=\"\(try XMLText.escaped(faultTreeName(tree.info.title), at: tree.goal))\">\n"
        xml += "    <label>\(try XMLText.escaped(tree.info.title, at: tree.goal))</label>\n"
        xml += gates.joined()
        xml += "  </define-fault-tree>\n"
        xml += "  <model-data>\n"
        xml += events.joined()
        xml += "  </model-data>\n"
        xml += "</opsa-mef>\n"
        return xml
    }

    /// Returns the MEF name of a node: `G` for a gate or `E` for a step, then its id with `_` for `.`.
    public static func name(of node: Node) -> String {
        (node.isStep ? "E" : "G") + node.id.components.map(String.init).joined(separator: "_")
    }

    private static func gate(_ node: Node, tree: AttackTree) throws(InterchangeError) -> String {
        guard !node.children.isEmpty else {
            throw InterchangeError("\(node.location): gate '\(node.id)' has no children; a MEF formula needs at least one argument, so add children or make it a step")
        }
        var xml = "    <define-gate name=\"\(name(of: node))\">\n"
        xml += "      <label>\(try XMLText.escaped(node.title, at: node))</label>\n"
        let element: String
        var open: String
        switch node.gate! {
        case .and: element = "and"; open = "<and>"
        case .or: element = "or"; open = "<or>"
        case .sand:
            element = "and"
            open = "<!-- sand gate: MEF has no ordered conjunction, so the order of the children is lost -->\n      <and>"
        case .atLeast(let minimum): element = "atleast"; open = "<atleast min=\"\(minimum)\">"
        }
        xml += "      \(open)\n"
        for child in node.children {
            let childNode = tree.nodes[child]
            var kind = "gate"
            if childNode.isStep {
                kind = isHouseEvent(childNode) ? "house-event" : "basic-event"
            }
            xml += "        <\(kind) name=\"\(name(of: childNode))\"/>\n"
        }
        xml += "      </\(element)>\n"
        xml += "    </define-gate>\n"
        return xml
    }

    private static func basicOrHouseEvent(_ node: Node) throws(InterchangeError) -> String {
        guard let likelihood = node.likelihood?.value else {
            throw InterchangeError("\(node.location): step '\(node.id)' has no likelihood; a MEF basic event needs a probability, so give the step one")
        }
        let label = "      <label>\(try XMLText.escaped(node.title, at: node))</label>\n"
        if isHouseEvent(node) {
            return "    <define-house-event name=\"\(name(of: node))\">\n" + label
                + "      <constant value=\"\(likelihood == 1 ? "true" : "false")\"/>\n"
                + "    </define-house-event>\n"
        }
        return "    <define-basic-event name=\"\(name(of: node))\">\n" + label
            + "      <float value=\"\(DecimalText.plain(likelihood))\"/>\n"
            + "    </define-basic-event>\n"
    }

    /// Returns whether a step is a house event: tagged `house-event`, with likelihood 0 or 1.
    private static func isHouseEvent(_ node: Node) -> Bool {
        guard node.tags.contains("house-event"), let value = node.likelihood?.value else { return false }
        return value == 0 || value == 1
    }

    /// Returns a fault-tree name made of the title's letters, digits and underscores.
    private static func faultTreeName(_ title: String) -> String {
        var name = String(title.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
        if name.isEmpty { name = "Bramble" }
        if let first = name.unicodeScalars.first, !first.properties.isAlphabetic { name = "T_" + name }
        return name
    }
}

/// Escaping of text for XML 1.0 content and attribute values.
enum XMLText {
    /// Returns `text` with `&`, `<`, `>`, `"` and `'` escaped, or throws for a control
    /// character, which XML 1.0 cannot carry at all.
    static func escaped(_ text: String, at node: Node) throws(InterchangeError) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF {
                    throw InterchangeError("\(node.location): the title of '\(node.id)' contains the control character U+\(String(value, radix: 16, uppercase: true)), which XML 1.0 cannot represent; remove it")
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
