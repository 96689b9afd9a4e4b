import BrambleCore

/// Converts ADTool XML attack(-defence) trees into Bramble attack trees.
///
/// The root node becomes the goal `1` and every attack node its positional id (`1.2.1` is the
/// first child of the second child of the root). Conjunctive refinements become `and` gates,
/// disjunctive ones `or`. A countermeasure (`switchRole="yes"` under an attack node) becomes a
/// mitigation attached to that node. Its effectiveness is its probability of success, reduced
/// by any counter-attack under it, as in ADTool's probability domain. Parameters become
/// likelihood, cost, skill and time (see `ADToolAttributes`). Whatever has no Bramble form
/// is kept in a description and listed in the summary.
public enum ADToolImporter {
    public static func importTree(_ input: InterchangeInput) throws(InterchangeError) -> TreeImport {
        let document = try ADToolReader.read(input)
        var writer = ADToolSourceWriter(document: document, path: input.path)
        let text = try writer.write()
        let checked = try GeneratedSource.check(text, input: input.path)
        var notes = writer.notes
        if document.root.parameterCount == 0 {
            notes.insert("the file has no parameters, so the dialect was chosen from the <adtree> element", at: 0)
        }
        let summary = TreeImportSummary(
            format: "ADTool XML", dialect: document.dialect.rawValue + (document.brambleSource != nil ? ", written by bramble export" : ""),
            nodes: document.root.size, edges: document.root.size - 1,
            mitigations: checked.tree.mitigations.count, attributes: document.root.parameterCount, notes: notes)
        return TreeImport(source: checked.text, tree: checked.tree, summary: summary)
    }
}

/// Writes the Bramble source of an `ADDocument`.
struct ADToolSourceWriter {
    let document: ADDocument
    let path: String
    private(set) var notes: [String] = []
    private var lines: [String] = []
    private var mitigationBlocks: [String] = []
    private var mitigationNames = Set<String>()
    /// Countermeasures already written, by their content, so that one control repeated under
    /// several attack nodes (ADTool trees cannot share nodes) becomes one mitigation.
    private var mitigationByContent: [String: String] = [:]
    private var usedLikelihoodLevels = Set<String>()
    private var usedSkillLevels = Set<String>()
    /// Exported ids of nodes marked `shared` by `bramble export`, mapped to their ids here.
    private var sharedIDs: [String: NodeID] = [:]
    private var sharedKeys = Set<String>()
    private var unmappedParameters = 0
    private var gateParameters = 0
    private var unitlessTime = false
    private var counterAttacks = 0
    private var unknownEffectiveness = 0
    private var otherAttributes = 0

    init(document: ADDocument, path: String) {
        self.document = document
        self.path = path
    }

    mutating func write() throws(InterchangeError) -> String {
        let exported = document.brambleSource != nil
        if exported {
            collectSharedKeys(document.root)
            collectSharedIDs(document.root, id: NodeID([1]))
        }
        var body: [String] = []
        try writeNode(document.root, id: NodeID([1]), depth: 0, into: &body)
        lines.append(contentsOf: try header())
        lines.append("")
        lines.append(contentsOf: body)
        lines.append("")
        lines.append(contentsOf: mitigationBlocks)
        if let source = document.brambleSource {
            lines.append(contentsOf: try definitionsFromComment(source))
        }
        summarize()
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Header

    private mutating func header() throws(InterchangeError) -> [String] {
        if let source = document.brambleSource {
            // The exporter wrote the original header; keep it as written there.
            let header = try Self.blocks(in: source, path: path).filter { $0.hasPrefix("tree ") }
            if let first = header.first { return first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        }
        var result = ["tree " + BrambleString.quoted(title(document.root))]
        var description = ["Imported from the ADTool XML file \(Self.fileName(path)), \(document.dialect.rawValue)."]
        for (name, value) in document.treeAttributes {
            description.append("The <adtree> element has \(name)=\"\(value)\", which Bramble has no attribute for.")
            notes.append("<adtree \(name)=\"\(value)\"> has no Bramble form; it is kept in the tree's description")
        }
        result.append("  description " + BrambleString.quoted(description.joined(separator: "\n")))
        let likelihood = ADToolAttributes.likelihoodLevels.filter { usedLikelihoodLevels.contains($0.name) }
        if !likelihood.isEmpty {
            result.append("  scale likelihood " + likelihood.map { "\($0.name)=\(DecimalText.plain($0.value))" }.joined(separator: " "))
            notes.append("ordinal likelihoods \(likelihood.map(\.name).joined(separator: ", ")) are declared as the likelihood scale "
                         + likelihood.map { "\($0.name)=\(DecimalText.plain($0.value))" }.joined(separator: " ") + "; adjust the values to your own reading")
        }
        let skill = ADToolAttributes.skillScale(used: usedSkillLevels)
        if !skill.isEmpty {
            result.append("  scale skill " + skill.map { "\($0.name)=\(DecimalText.plain($0.value))" }.joined(separator: " "))
            notes.append("difficulty levels \(skill.map(\.name).joined(separator: ", ")) are imported as skill, on the declared scale "
                         + skill.map { "\($0.name)=\(DecimalText.plain($0.value))" }.joined(separator: " "))
        }
        return result
    }

    private func title(_ node: ADNode) -> String {
        node.label.isEmpty ? "Node without a label (line \(node.line))" : node.label
    }

    // MARK: Nodes

    /// Collects the keys of every `shared` marker, so that a copy met before the node it
    /// copies (a `use` line may come first) is still recognised.
    private mutating func collectSharedKeys(_ node: ADNode) {
        for line in node.brambleLines where line.hasPrefix("shared ") {
            sharedKeys.insert(String(line.dropFirst("shared ".count)))
        }
        for child in node.refinements { collectSharedKeys(child) }
    }

    /// Returns the key of a copy whose shared node exists, or nil for any other node.
    private func copiedKey(_ node: ADNode) -> String? {
        guard let line = node.brambleLines.first(where: { $0.hasPrefix("copy-of ") }) else { return nil }
        let key = String(line.dropFirst("copy-of ".count))
        return sharedKeys.contains(key) ? key : nil
    }

    /// Records the id each shared node gets, numbering children as `writeNode` does.
    private mutating func collectSharedIDs(_ node: ADNode, id: NodeID) {
        var number = 0
        for line in node.brambleLines where line.hasPrefix("shared ") {
            sharedIDs[String(line.dropFirst("shared ".count))] = id
        }
        for child in node.refinements where copiedKey(child) == nil {
            number += 1
            collectSharedIDs(child, id: id.child(number))
        }
    }

    private mutating func writeNode(_ node: ADNode, id: NodeID, depth: Int, into body: inout [String]) throws(InterchangeError) {
        let place = FileLine(path: path, line: node.line)
        let isStep = node.refinements.isEmpty
        var gate = "or"
        if node.refinement == "conjunctive" { gate = "and" }
        if node.refinement == "sequential" || node.brambleLines.contains("sand") { gate = "sand" }
        body.append(SourceText.indent(depth) + "\(id) " + (isStep ? "" : gate + " ") + BrambleString.quoted(title(node)))
        if node.label.isEmpty {
            notes.append("the node at line \(node.line) has no label; it is titled by its line")
        }
        if depth == 0, document.brambleSource == nil {
            body.append(SourceText.indent(1) + "impact 1")
        }

        // Attributes from parameters; lines from a bramble: comment replace those of the same kind.
        var attributes: [(keyword: String, line: String)] = []
        var kept: [String] = []
        for parameter in node.parameters {
            let kind = ADToolAttributes.kind(of: parameter, dialect: document.dialect, domains: document.domains)
            let mapped = try kind.flatMap { (kind) throws(InterchangeError) in try ADToolAttributes.map(parameter, kind: kind, path: path) }
            guard let mapped, isStep else {
                kept.append("\(parameter.key) = \(parameter.value)")
                if !isStep, kind != nil { gateParameters += 1 } else { unmappedParameters += 1 }
                continue
            }
            attributes.append(attributeLine(mapped))
        }
        let overrides = try commentAttributes(node, at: place)
        attributes.removeAll { attribute in overrides.contains { $0.keyword == attribute.keyword } }
        attributes += overrides
        var seen = Set<String>()
        for attribute in attributes {
            if ["likelihood", "cost", "skill", "time"].contains(attribute.keyword), !seen.insert(attribute.keyword).inserted {
                throw InterchangeError(at: place, "the node '\(title(node))' has two parameters that both give its \(attribute.keyword); keep one")
            }
            body.append(SourceText.indent(depth + 1) + attribute.line)
        }
        var description: [String] = []
        if !kept.isEmpty {
            let what = isStep ? "parameters without a Bramble attribute" : "parameters on a refined node, which ADTool computes from the children"
            description.append("ADTool \(what): " + kept.joined(separator: "; "))
        }
        if !node.otherAttributes.isEmpty {
            description.append("ADTool node attributes without a Bramble form: " + node.otherAttributes.joined(separator: " "))
            otherAttributes += node.otherAttributes.count
        }
        if !description.isEmpty, !overrides.contains(where: { $0.keyword == "description" }) {
            body.append(SourceText.indent(depth + 1) + "description " + BrambleString.quoted(description.joined(separator: "\n")))
        }

        var names: [String] = []
        for counter in node.counters {
            names.append(try mitigation(for: counter, attackedNode: title(node)))
        }
        if !names.isEmpty {
            body.append(SourceText.indent(depth + 1) + "mitigated-by " + names.joined(separator: ", "))
        }

        var number = 0
        for child in node.refinements {
            if let key = copiedKey(child), let target = sharedIDs[key] {
                body.append(SourceText.indent(depth + 1) + "use \(target)")
                continue
            }
            if let copied = child.brambleLines.first(where: { $0.hasPrefix("copy-of ") }) {
                notes.append("the copy at line \(child.line) names the shared node \(copied.dropFirst("copy-of ".count)), which the file does not mark, so it was imported as a node of its own")
            }
            number += 1
            try writeNode(child, id: id.child(number), depth: depth + 1, into: &body)
        }
    }

    private mutating func attributeLine(_ mapped: ADToolAttributes.Mapped) -> (keyword: String, line: String) {
        switch mapped {
        case .likelihood(let value): return ("likelihood", "likelihood " + DecimalText.plain(value))
        case .likelihoodLevel(let level):
            usedLikelihoodLevels.insert(level)
            return ("likelihood", "likelihood \(level)")
        case .cost(let value): return ("cost", "cost " + DecimalText.plain(value))
        case .skillLevel(let level):
            usedSkillLevels.insert(level)
            return ("skill", "skill \(level)")
        case .time(let value, let unit):
            if document.dialect == .adtool2 { unitlessTime = true }
            return ("time", "time \(DecimalText.plain(value)) \(unit)")
        }
    }

    /// Returns the attribute lines of a node's `bramble:` comment. Only node attributes are
    /// accepted there, so a comment cannot add nodes or change the structure.
    private func commentAttributes(_ node: ADNode, at place: FileLine) throws(InterchangeError) -> [(keyword: String, line: String)] {
        let allowed: Set<String> = ["likelihood", "impact", "cost", "skill", "time", "description", "ref", "tag"]
        var result: [(keyword: String, line: String)] = []
        for line in node.brambleLines {
            let keyword = String(line.prefix { $0 != " " })
            if ["shared", "copy-of", "sand", "mitigation"].contains(keyword) { continue }
            guard allowed.contains(keyword) else {
                throw InterchangeError(at: place, "the bramble: comment of this node has the line '\(line.prefix(60))'; only node attributes (\(allowed.sorted().joined(separator: ", "))) may appear there")
            }
            result.append((keyword, line))
        }
        return result
    }

    // MARK: Countermeasures

    /// Writes a countermeasure as a mitigation, or reuses the one written for an identical
    /// countermeasure, and returns its name.
    private mutating func mitigation(for counter: ADNode, attackedNode: String) throws(InterchangeError) -> String {
        let named = counter.brambleLines.first { $0.hasPrefix("mitigation ") }.map { String($0.dropFirst("mitigation ".count)) }
        if let named, document.brambleSource != nil {
            // The definition comes from the bramble:source comment.
            return named
        }
        let outline = Self.outline(counter, depth: 0)
        if let existing = mitigationByContent[outline] { return existing }
        let name = SourceText.name(from: counter.label, prefix: "countermeasure", taken: mitigationNames)
        mitigationNames.insert(name)
        mitigationByContent[outline] = name

        let probability = try Self.probability(counter, document: document, path: path)
        var block = ["mitigation \(name) " + BrambleString.quoted(title(counter)), "  status implemented"]
        if let probability {
            block.append("  effectiveness " + DecimalText.plain(probability))
        } else {
            block.append("  effectiveness blocks")
            unknownEffectiveness += 1
        }
        if counter.refinements.isEmpty,
           let cost = counter.parameters.first(where: { ADToolAttributes.kind(of: $0, dialect: document.dialect, domains: document.domains) == "cost" }),
           case .cost(let value)? = try ADToolAttributes.map(cost, kind: "cost", path: path) {
            block.append("  cost " + DecimalText.plain(value))
        }
        var description = ["ADTool countermeasure (line \(counter.line)) against \"\(attackedNode)\"."]
        if !counter.refinements.isEmpty || !counter.counters.isEmpty || !counter.parameters.isEmpty {
            description.append("Its ADTool subtree:\n" + outline)
        }
        if !counter.counters.isEmpty {
            counterAttacks += counter.counters.count
            description.append(probability == nil
                ? "A counter-attack undermines this countermeasure, but the file gives no probabilities, so the effectiveness (blocks) overstates it."
                : "The effectiveness is the countermeasure's probability of success times the probability that its counter-attacks fail.")
        }
        block.append("  description " + BrambleString.quoted(description.joined(separator: "\n")))
        mitigationBlocks.append(contentsOf: block + [""])
        return name
    }

    /// Returns the probability that a node succeeds under ADTool's probability domain: a leaf's
    /// probability parameter, the product (conjunctive) or the complement of the product of
    /// complements (disjunctive) of its refinements, times one minus the probability of each
    /// counter. Nil when a leaf on the way has no probability.
    static func probability(_ node: ADNode, document: ADDocument, path: String) throws(InterchangeError) -> Double? {
        var base: Double?
        if node.refinements.isEmpty {
            for parameter in node.parameters
            where ADToolAttributes.kind(of: parameter, dialect: document.dialect, domains: document.domains) == "likelihood" {
                switch try ADToolAttributes.map(parameter, kind: "likelihood", path: path) {
                case .likelihood(let value)?: base = value
                case .likelihoodLevel(let level)?: base = ADToolAttributes.likelihoodLevels.first { $0.name == level }?.value
                default: break
                }
            }
        } else {
            var values: [Double] = []
            for child in node.refinements {
                guard let value = try probability(child, document: document, path: path) else { return nil }
                values.append(value)
            }
            base = node.refinement == "disjunctive"
                ? 1 - values.reduce(1) { $0 * (1 - $1) }
                : values.reduce(1, *)
        }
        guard var result = base else { return nil }
        for counter in node.counters {
            guard let value = try probability(counter, document: document, path: path) else { return nil }
            result *= 1 - value
        }
        return result
    }

    /// Returns a Markdown list of a subtree: each node's refinement, label and parameters.
    static func outline(_ node: ADNode, depth: Int) -> String {
        var text = String(repeating: "  ", count: depth) + "- "
        if node.switchesRole, depth > 0 { text += "counter: " }
        if !node.refinements.isEmpty { text += (node.refinement == "conjunctive" ? "all of" : "any of") + ": " }
        text += node.label
        if !node.parameters.isEmpty {
            text += " (" + node.parameters.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        for child in node.refinements + node.counters {
            text += "\n" + outline(child, depth: depth + 1)
        }
        return text
    }

    // MARK: Definitions written by bramble export

    /// Returns the mitigation blocks of the `bramble:source` comment, checking that it holds
    /// only a tree header and mitigations.
    private func definitionsFromComment(_ source: String) throws(InterchangeError) -> [String] {
        let blocks = try Self.blocks(in: source, path: path)
        return blocks.filter { $0.hasPrefix("mitigation ") }.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + [""] }
    }

    /// Splits Bramble source into top-level blocks, rejecting anything but `tree` and
    /// `mitigation` blocks.
    static func blocks(in source: String, path: String) throws(InterchangeError) -> [String] {
        var blocks: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == " " {
                guard !blocks.isEmpty else {
                    throw InterchangeError("\(path): the bramble:source comment starts with an indented line, but it may contain only a tree header and mitigations")
                }
                blocks[blocks.count - 1] += "\n" + line
            } else if line.hasPrefix("tree ") || line.hasPrefix("mitigation ") {
                blocks.append(String(line))
            } else {
                throw InterchangeError("\(path): the bramble:source comment has the line '\(line.prefix(60))', but it may contain only a tree header and mitigations")
            }
        }
        return blocks
    }

    // MARK: Summary

    private mutating func summarize() {
        if unitlessTime {
            notes.append("ADTool time values have no unit; they were read as hours")
        }
        if unmappedParameters > 0 {
            notes.append("\(unmappedParameters) parameters have no Bramble attribute (an unknown domain or value); each is kept in its node's description")
        }
        if otherAttributes > 0 {
            notes.append("\(otherAttributes) attributes of <node> elements other than refinement and switchRole have no Bramble form; each is kept in its node's description")
        }
        if gateParameters > 0 {
            notes.append("\(gateParameters) parameters sit on refined nodes, where Bramble computes the value from the children; each is kept in its node's description")
        }
        if counterAttacks > 0 {
            notes.append("\(counterAttacks) counter-attacks on countermeasures reduce their mitigation's effectiveness; their subtrees are kept in the mitigation's description")
        }
        if unknownEffectiveness > 0 {
            notes.append("\(unknownEffectiveness) countermeasures have no probability and were imported with effectiveness blocks, ADTool's reading of a countermeasure that succeeds")
        }
        if document.brambleSource == nil {
            notes.append("the goal was given impact 1, so that its risk equals its probability")
        }
    }

    private static func fileName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
