import BrambleCore

/// Converts a checked attack tree into ADTool 2 XML, in the form of the files ADTool writes:
/// `<adtree>` with nested `<node refinement="...">` elements, `<parameter domainId="...">`
/// values on leaves and a `<domain>` declaration per domain used.
///
/// | Bramble | ADTool |
/// |---|---|
/// | `and`, `or` | `conjunctive`, `disjunctive` |
/// | `sand` | `conjunctive` (ADTool trees have no ordered refinement) |
/// | likelihood, cost, skill, time of a step | ProbSucc, MinCost, DiffLMHE, MinTimeSeq (hours) |
/// | a mitigation on a node | a countermeasure child (`switchRole="yes"`) with ProbSucc = effectiveness |
/// | a shared node (`use ID`) | a copy of its subtree under every parent |
///
/// What ADTool has no place for (impact, descriptions, references, tags, units, level names,
/// the order of a `sand` gate, which copies are one shared node, and the header and mitigation
/// definitions) goes into XML comments starting with `bramble:`. ADTool ignores comments;
/// `ADToolImporter` reads them back, so exporting and importing gives the same tree.
public enum ADToolExporter {
    /// The largest number of `<node>` elements written. Copies of shared subtrees can make a
    /// tree exponentially larger in ADTool, which cannot share nodes.
    public static let maximumNodes = 200_000
    /// The deepest node written, below the limit of `XMLElementReader`, so that an exported
    /// file can be imported again.
    static let maximumDepth = 900

    public static func export(_ tree: AttackTree) throws(InterchangeError) -> String {
        var writer = ADToolXMLWriter(tree: tree)
        return try writer.write()
    }
}

private struct ADToolXMLWriter {
    let tree: AttackTree
    private var xml = ""
    private var nodesWritten = 0
    private var usedDomains = Set<String>()
    /// The skill scale's levels as DiffLMHE values, when the scale has at most four levels.
    private let difficulty: [String: String]

    init(tree: AttackTree) {
        self.tree = tree
        let letters = ["L", "M", "H", "E"]
        var difficulty: [String: String] = [:]
        if tree.skillScale.levels.count <= letters.count {
            for (position, level) in tree.skillScale.levels.enumerated() { difficulty[level.name] = letters[position] }
        }
        self.difficulty = difficulty
    }

    mutating func write() throws(InterchangeError) -> String {
        xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<adtree>\n"
        xml += "  <!-- " + ADToolReader.commentPrefix + "source\n" + BrambleComment.encode(definitions()) + "\n  -->\n"
        try writeNode(0, depth: 1, marker: nil)
        for domain in ["DiffLMHE", "MinCost", "ProbSucc", "MinTimeSeq"] where usedDomains.contains(domain) {
            xml += "  <domain id=\"\(domain)\">\n"
            xml += "    <class>lu.uni.adtool.domains.predefined.\(domain)</class>\n"
            xml += "    <tool>ADTool</tool>\n"
            xml += "  </domain>\n"
        }
        xml += "</adtree>\n"
        return xml
    }

    // MARK: Nodes

    /// Writes a node and its subtree. `marker` is `shared ID` for the place where a shared node
    /// is defined, `copy-of ID` for a copy under another parent, or nil.
    private mutating func writeNode(_ index: Int, depth: Int, marker: String?) throws(InterchangeError) {
        let node = tree.nodes[index]
        nodesWritten += 1
        guard nodesWritten <= ADToolExporter.maximumNodes else {
            throw InterchangeError("\(node.location): the tree would need more than \(ADToolExporter.maximumNodes) ADTool nodes, because ADTool cannot share nodes and every shared subtree is copied under each parent; share fewer large subtrees")
        }
        guard depth <= ADToolExporter.maximumDepth else {
            throw InterchangeError("\(node.location): the tree is more than \(ADToolExporter.maximumDepth) levels deep, which is more than Bramble reads back from ADTool XML; flatten it")
        }
        let pad = String(repeating: "  ", count: depth)
        let refinement: String
        switch node.gate {
        case .and?, .sand?: refinement = "conjunctive"
        case .or?, nil: refinement = "disjunctive"
        case .atLeast(let minimum)?:
            throw InterchangeError("\(node.location): node \(node.id) is a \(minimum) of \(node.children.count) gate, and ADTool has no K-of-N refinement; rewrite it with and and or gates before exporting")
        }
        xml += "\(pad)<node refinement=\"\(refinement)\">\n"
        var comment: [String] = []
        if let marker { comment.append(marker) }
        if case .sand? = node.gate { comment.append("sand") }
        comment += commentAttributes(node)
        if !comment.isEmpty {
            xml += "\(pad)  <!-- \(ADToolReader.commentPrefix)" + BrambleComment.encode(comment.joined(separator: "\n")) + " -->\n"
        }
        xml += "\(pad)  <label>\(try XMLText.escaped(node.title, at: node))</label>\n"
        if node.isStep { writeParameters(node, pad: pad + "  ") }

        let isCopy = marker?.hasPrefix("copy-of ") == true
        for child in node.children {
            let childNode = tree.nodes[child]
            var childMarker: String?
            if childNode.parents.count > 1, !isCopy, !insideCopy {
                childMarker = childNode.parent == index ? "shared \(childNode.id)" : "copy-of \(childNode.id)"
            }
            let enteringCopy = childMarker?.hasPrefix("copy-of ") == true
            if enteringCopy { insideCopy = true }
            try writeNode(child, depth: depth + 1, marker: childMarker)
            if enteringCopy { insideCopy = false }
        }
        for mitigation in node.mitigations {
            try writeCountermeasure(tree.mitigations[mitigation], at: node, pad: pad + "  ")
        }
        xml += "\(pad)</node>\n"
    }

    /// True while a copy of a shared subtree is written; nodes inside a copy get no markers,
    /// because the importer replaces the whole copy with `use ID`.
    private var insideCopy = false

    private mutating func writeParameters(_ node: Node, pad: String) {
        if let skill = node.skill?.level, let letter = difficulty[skill] {
            parameter("DiffLMHE", letter, pad: pad)
        }
        if let cost = node.cost { parameter("MinCost", DecimalText.plain(cost.value), pad: pad) }
        if let likelihood = node.likelihood { parameter("ProbSucc", DecimalText.plain(likelihood.value), pad: pad) }
        if let time = node.time { parameter("MinTimeSeq", DecimalText.plain(time.hours), pad: pad) }
    }

    private mutating func parameter(_ domain: String, _ value: String, pad: String) {
        usedDomains.insert(domain)
        xml += "\(pad)<parameter domainId=\"\(domain)\">\(value)</parameter>\n"
    }

    private mutating func writeCountermeasure(_ mitigation: Mitigation, at node: Node, pad: String) throws(InterchangeError) {
        xml += "\(pad)<node refinement=\"disjunctive\" switchRole=\"yes\">\n"
        xml += "\(pad)  <!-- \(ADToolReader.commentPrefix)" + BrambleComment.encode("mitigation \(mitigation.name)") + " -->\n"
        xml += "\(pad)  <label>\(try XMLText.escaped(mitigation.title, at: node))</label>\n"
        if let effectiveness = mitigation.effectiveness {
            parameter("ProbSucc", DecimalText.plain(effectiveness.reduction), pad: pad + "  ")
        }
        xml += "\(pad)</node>\n"
    }

    /// Returns the Bramble lines for what a node's ADTool parameters cannot hold.
    private func commentAttributes(_ node: Node) -> [String] {
        var lines: [String] = []
        if let impact = node.impact { lines.append("impact " + (impact.level ?? DecimalText.plain(impact.value))) }
        if let level = node.likelihood?.level { lines.append("likelihood \(level)") }
        if let skill = node.skill { lines.append("skill " + (skill.level ?? DecimalText.plain(skill.value))) }
        if let cost = node.cost, let unit = cost.unit { lines.append("cost \(DecimalText.plain(cost.value)) \(unit)") }
        if let time = node.time, time.unit != "hours" { lines.append("time \(DecimalText.plain(time.value)) \(time.unit)") }
        if let description = node.description { lines.append("description " + BrambleString.quoted(description)) }
        if !node.references.isEmpty { lines.append("ref " + node.references.map(\.text).joined(separator: ", ")) }
        if !node.tags.isEmpty { lines.append("tag " + node.tags.joined(separator: ", ")) }
        return lines
    }

    // MARK: Header and mitigations

    /// Returns the tree header and every mitigation as Bramble source.
    private func definitions() -> String {
        let info = tree.info
        var lines = ["tree " + BrambleString.quoted(info.title)]
        if let version = info.version { lines.append("  version " + BrambleString.quoted(version)) }
        for author in info.authors { lines.append("  author " + BrambleString.quoted(author)) }
        if let date = info.date { lines.append("  date \(date)") }
        if let scope = info.scope { lines.append("  scope " + BrambleString.quoted(scope)) }
        if let description = info.description { lines.append("  description " + BrambleString.quoted(description)) }
        for scale in [tree.likelihoodScale, tree.impactScale, tree.riskScale, tree.skillScale] {
            lines.append("  scale \(scale.name) " + scale.levels.map { "\($0.name)=\(DecimalText.plain($0.value))" }.joined(separator: " "))
        }
        for mitigation in tree.mitigations {
            lines.append("mitigation \(mitigation.name) " + BrambleString.quoted(mitigation.title))
            lines.append("  status \(mitigation.status.rawValue)")
            if let effectiveness = mitigation.effectiveness {
                lines.append("  effectiveness " + (effectiveness == .blocks ? "blocks" : DecimalText.plain(effectiveness.reduction)))
            }
            if let owner = mitigation.owner { lines.append("  owner " + BrambleString.quoted(owner)) }
            if let cost = mitigation.cost { lines.append("  cost " + amount(cost)) }
            if let effort = mitigation.effort { lines.append("  effort " + amount(effort)) }
            if let ticket = mitigation.ticket { lines.append("  ticket " + BrambleString.quoted(ticket)) }
            if let due = mitigation.due { lines.append("  due \(due)") }
            if let description = mitigation.description { lines.append("  description " + BrambleString.quoted(description)) }
            if let justification = mitigation.justification { lines.append("  justification " + BrambleString.quoted(justification)) }
            if !mitigation.references.isEmpty { lines.append("  ref " + mitigation.references.map(\.text).joined(separator: ", ")) }
            if !mitigation.tags.isEmpty { lines.append("  tag " + mitigation.tags.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }

    private func amount(_ amount: Amount) -> String {
        DecimalText.plain(amount.value) + (amount.unit.map { " " + $0 } ?? "")
    }
}
