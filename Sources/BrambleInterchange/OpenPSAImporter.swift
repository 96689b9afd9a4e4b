import BrambleCore

/// Counts of what an import read and wrote.
public struct ImportSummary: Sendable, Hashable {
    /// The name of the fault tree that defines the top gate.
    public let faultTree: String
    /// The id of the top gate, which became the goal.
    public let top: String
    /// Defined gates reached from the top, the top included.
    public let gates: Int
    /// Anonymous formulas nested inside gate definitions, each written as a gate of its own.
    public let nestedFormulas: Int
    public let basicEvents: Int
    public let houseEvents: Int
    /// Nodes with more than one parent, written once and referenced with `use ID` elsewhere.
    public let sharedNodes: Int
    /// Basic events without a probability, imported as steps with no likelihood.
    public let eventsWithoutProbability: Int
    /// Definitions not reached from the top, which were left out.
    public let unreachableDefinitions: Int
}

/// The result of an import: canonical tree source, the checked tree and what was read.
public struct OpenPSAImport: Sendable {
    /// Bramble source text, formatted by `TreeFormatter`.
    public let source: String
    public let tree: AttackTree
    public let summary: ImportSummary
}

/// Converts Open-PSA MEF fault trees into Bramble attack trees.
///
/// The top gate becomes the goal `1`. Each gate and event is written once, under the first
/// parent that a depth-first walk from the top meets, and referenced with `use ID` under every
/// other parent, so a shared event stays one event.
public enum OpenPSAImporter {
    /// Reads the MEF files, which may split definitions between them, and writes the tree whose
    /// goal is `top`, or the one gate no other gate references when `top` is nil.
    public static func importTree(_ inputs: [InterchangeInput], top: String? = nil) throws(InterchangeError) -> OpenPSAImport {
        guard !inputs.isEmpty else { throw InterchangeError("no input files; give at least one MEF file") }
        let model = try OpenPSAReader.read(inputs)
        let graph = try ResolvedGraph(model)
        let root = try graph.topGate(named: top)
        var writer = SourceWriter(model: model, graph: graph)
        let text = try writer.write(top: root)
        let tree = try checkedTree(text)
        let summary = ImportSummary(
            faultTree: model.gates[root].faultTree, top: model.gates[root].id,
            gates: writer.gatesWritten, nestedFormulas: writer.nestedWritten,
            basicEvents: writer.basicEventsWritten, houseEvents: writer.houseEventsWritten,
            sharedNodes: tree.tree.sharedNodes.count, eventsWithoutProbability: writer.withoutProbability,
            unreachableDefinitions: model.index.count - writer.gatesWritten - writer.basicEventsWritten - writer.houseEventsWritten)
        return OpenPSAImport(source: tree.text, tree: tree.tree, summary: summary)
    }

    /// Checks and formats generated text. An error here is a bug in the importer, because the
    /// writer produces only valid trees.
    private static func checkedTree(_ text: String) throws(InterchangeError) -> (text: String, tree: AttackTree) {
        let path = "imported.bramble"
        let formatted: String
        do {
            formatted = try TreeFormatter.format(SourceFile(path: path, text: text)).text
        } catch {
            throw InterchangeError("internal error: the generated tree cannot be formatted (\(error.diagnostics.items.first?.message ?? "unknown problem")); please report this with the input files")
        }
        let result = Checker.check(SourceFile(path: path, text: formatted))
        guard let tree = result.tree, !result.diagnostics.hasErrors else {
            let first = result.diagnostics.sorted.first { $0.severity == .error }
            let detail = first.map { "\($0.location): \($0.message)" } ?? "no tree"
            throw InterchangeError("internal error: the generated tree has errors (\(detail)); please report this with the input files")
        }
        return (formatted, tree)
    }
}

/// The gate graph with every reference resolved to a definition.
struct ResolvedGraph: Sendable {
    /// A formula with its references resolved.
    indirect enum Term: Sendable {
        case connective(Connective, [Term], FileLine)
        case event(EventKey)
    }

    let model: OpenPSAModel
    /// The resolved formula of each gate, by gate index.
    let formulas: [Term]

    init(_ model: OpenPSAModel) throws(InterchangeError) {
        self.model = model
        var undefined: [String] = []
        var formulas: [Term] = []
        for gate in model.gates {
            formulas.append(try Self.resolve(gate.formula!, model: model, undefined: &undefined))
        }
        guard undefined.isEmpty else {
            let list = undefined.joined(separator: "; ")
            throw InterchangeError("undefined references: \(list). Define these events, or give the file that defines them as well")
        }
        self.formulas = formulas
    }

    private static func resolve(_ formula: Formula, model: OpenPSAModel, undefined: inout [String]) throws(InterchangeError) -> Term {
        switch formula {
        case .connective(let connective, let arguments, let place):
            var terms: [Term] = []
            for argument in arguments {
                terms.append(try resolve(argument, model: model, undefined: &undefined))
            }
            return .connective(connective, terms, place)
        case .reference(let kind, let name, let basePath, let place):
            guard let key = model.resolve(name, basePath: basePath) else {
                undefined.append("'\(name)' (\(place))")
                return .event(.gate(0))
            }
            let matches: Bool
            switch (kind, key) {
            case (.event, _), (.gate, .gate), (.basicEvent, .basicEvent), (.houseEvent, .houseEvent): matches = true
            default: matches = false
            }
            guard matches else {
                throw InterchangeError(at: place, "<\(kind.rawValue) name=\"\(name)\"> refers to '\(model.id(of: key))', which is defined as another kind of event at \(model.location(of: key)); use the matching element or <event>")
            }
            return .event(key)
        }
    }

    /// Returns the gates a gate references directly or through nested formulas.
    func referencedGates(_ gate: Int) -> [Int] {
        var result: [Int] = []
        var work = [formulas[gate]]
        while let term = work.popLast() {
            switch term {
            case .connective(_, let terms, _): work.append(contentsOf: terms)
            case .event(.gate(let child)): result.append(child)
            case .event: break
            }
        }
        return result
    }

    /// Returns the gate named `name`, or the only gate that no other gate references.
    func topGate(named name: String?) throws(InterchangeError) -> Int {
        guard !model.gates.isEmpty else {
            throw InterchangeError("the files define no gate; a fault tree needs at least one <define-gate>")
        }
        var referenced = Set<Int>()
        for gate in model.gates.indices { referenced.formUnion(referencedGates(gate)) }
        let roots = model.gates.indices.filter { !referenced.contains($0) }
        if let name {
            guard case .gate(let index)? = model.index[name] else {
                let candidates = roots.map { model.gates[$0].id }.joined(separator: ", ")
                throw InterchangeError("--top \(name): no gate of that name is defined; gates that no other gate references: \(candidates.isEmpty ? "none" : candidates)")
            }
            return index
        }
        if roots.count == 1 { return roots[0] }
        if roots.isEmpty {
            throw InterchangeError("every gate is referenced by another gate, so there is no top event: \(cycleDescription()). Remove a reference to break the cycle")
        }
        let list = roots.map { "'\(model.gates[$0].id)' (\(model.gates[$0].location))" }.joined(separator: ", ")
        throw InterchangeError("\(roots.count) gates are referenced by no other gate: \(list); choose the top event with --top NAME")
    }

    /// Describes a cycle among gates that all have a referrer. Walking from referrer to referrer
    /// must revisit a gate, because every gate has one; the loop found, reversed, is a cycle of
    /// references.
    private func cycleDescription() -> String {
        var referrer: [Int: Int] = [:]
        for gate in model.gates.indices {
            for child in referencedGates(gate) where referrer[child] == nil { referrer[child] = gate }
        }
        var path = [0]
        var position = [0: 0]
        var current = 0
        while let previous = referrer[current] {
            if let seen = position[previous] {
                let loop = (path[seen...] + [previous]).reversed().map { model.gates[$0].id }
                return "cycle " + loop.joined(separator: " -> ")
            }
            position[previous] = path.count
            path.append(previous)
            current = previous
        }
        return "no cycle found from '\(model.gates[0].id)'"
    }
}

/// Writes the Bramble source of the tree below a top gate, depth first and without recursion.
struct SourceWriter {
    let model: OpenPSAModel
    let graph: ResolvedGraph
    private(set) var gatesWritten = 0
    private(set) var nestedWritten = 0
    private(set) var basicEventsWritten = 0
    private(set) var houseEventsWritten = 0
    private(set) var withoutProbability = 0
    private var lines: [String] = []
    /// The id each defined event was written with.
    private var written: [EventKey: NodeID] = [:]

    init(model: OpenPSAModel, graph: ResolvedGraph) {
        self.model = model
        self.graph = graph
    }

    /// A gate being written: its children and how many of them have been handled.
    private struct Frame {
        let id: NodeID
        let key: EventKey?
        let children: [ResolvedGraph.Term]
        var next = 0
        var numbered = 0
    }

    mutating func write(top: Int) throws(InterchangeError) -> String {
        let tree = model.faultTrees.first { $0.name == model.gates[top].faultTree }
        lines.append("tree " + BrambleString.quoted(tree?.label ?? tree?.name ?? model.gates[top].id))
        var stack: [Frame] = []
        var nestedCount: [Int: Int] = [:]
        let goal = NodeID([1])
        try openGate(top, id: goal, depth: 0, stack: &stack)
        lines.append(indent(1) + "impact 1")
        while !stack.isEmpty {
            let frame = stack[stack.count - 1]
            guard frame.next < frame.children.count else {
                stack.removeLast()
                continue
            }
            let child = frame.children[frame.next]
            stack[stack.count - 1].next += 1
            let depth = stack.count
            switch child {
            case .event(let key):
                if let existing = written[key] {
                    if case .gate = key, stack.contains(where: { $0.key == key }) {
                        throw cycleError(stack: stack, closing: key)
                    }
                    lines.append(indent(depth) + "use \(existing)")
                    continue
                }
                stack[stack.count - 1].numbered += 1
                let id = frame.id.child(stack[stack.count - 1].numbered)
                switch key {
                case .gate(let index): try openGate(index, id: id, depth: depth, stack: &stack)
                case .basicEvent(let index): writeBasicEvent(index, id: id, depth: depth)
                case .houseEvent(let index): writeHouseEvent(index, id: id, depth: depth)
                }
            case .connective(let connective, let terms, let place):
                stack[stack.count - 1].numbered += 1
                let id = frame.id.child(stack[stack.count - 1].numbered)
                let owner = ownerGate(stack)
                nestedCount[owner, default: 0] += 1
                let ordinal = nestedCount[owner]!
                let ownerID = model.gates[owner].id
                let children = try distinct(terms, connective: connective, at: place)
                lines.append(indent(depth) + "\(id) \(gateWord(connective, children.count)) "
                             + BrambleString.quoted("\(ownerID): nested \(connective.elementName) formula \(ordinal)"))
                lines.append(indent(depth + 1) + "description "
                             + BrambleString.quoted("Open-PSA gate \(ownerID), nested <\(connective.elementName)> formula \(ordinal) (\(place))"))
                nestedWritten += 1
                stack.append(Frame(id: id, key: nil, children: children))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes a defined gate's line and pushes its children.
    private mutating func openGate(_ index: Int, id: NodeID, depth: Int, stack: inout [Frame]) throws(InterchangeError) {
        let gate = model.gates[index]
        written[.gate(index)] = id
        gatesWritten += 1
        let connective: Connective
        let children: [ResolvedGraph.Term]
        switch graph.formulas[index] {
        case .connective(let kind, let terms, let place):
            connective = kind
            children = try distinct(terms, connective: kind, at: place)
        case .event:
            // A gate whose formula is a single event passes that event through.
            connective = .or
            children = [graph.formulas[index]]
        }
        lines.append(indent(depth) + "\(id) \(gateWord(connective, children.count)) " + BrambleString.quoted(gate.label ?? gate.id))
        lines.append(indent(depth + 1) + "description " + BrambleString.quoted("Open-PSA gate \(gate.id)"))
        stack.append(Frame(id: id, key: .gate(index), children: children))
    }

    private mutating func writeBasicEvent(_ index: Int, id: NodeID, depth: Int) {
        let event = model.basicEvents[index]
        written[.basicEvent(index)] = id
        basicEventsWritten += 1
        lines.append(indent(depth) + "\(id) " + BrambleString.quoted(event.label ?? event.id))
        lines.append(indent(depth + 1) + "description " + BrambleString.quoted("Open-PSA basic event \(event.id)"))
        if let probability = event.probability {
            lines.append(indent(depth + 1) + "likelihood " + DecimalText.plain(probability))
        } else {
            withoutProbability += 1
        }
    }

    private mutating func writeHouseEvent(_ index: Int, id: NodeID, depth: Int) {
        let event = model.houseEvents[index]
        written[.houseEvent(index)] = id
        houseEventsWritten += 1
        lines.append(indent(depth) + "\(id) " + BrambleString.quoted(event.label ?? event.id))
        lines.append(indent(depth + 1) + "description " + BrambleString.quoted("Open-PSA house event \(event.id)"))
        lines.append(indent(depth + 1) + "likelihood " + (event.state ? "1" : "0"))
        lines.append(indent(depth + 1) + "tag house-event")
    }

    /// Drops repeated references under an `and` or `or`, where they change nothing. Under
    /// `atleast` a repeat would count twice, which a tree cannot express.
    private func distinct(_ terms: [ResolvedGraph.Term], connective: Connective, at place: FileLine) throws(InterchangeError) -> [ResolvedGraph.Term] {
        if connective.isNegating {
            throw InterchangeError(at: place, "the formula <\(connective.elementName)> needs negation, which attack trees cannot express (every step helps the attacker), so the model cannot be written as a tree; only <and>, <or> and <atleast> can. Rewrite the gate without <\(connective.elementName)>, or compute its minimal cut sets with `bramble cutsets --from open-psa`")
        }
        var seen = Set<EventKey>()
        var result: [ResolvedGraph.Term] = []
        for term in terms {
            if case .event(let key) = term {
                guard seen.insert(key).inserted else {
                    if case .atLeast = connective {
                        throw InterchangeError(at: place, "<atleast> names '\(model.id(of: key))' twice; an attack tree node cannot count one event twice. Remove the repeat")
                    }
                    continue
                }
            }
            result.append(term)
        }
        if case .atLeast(let minimum) = connective, minimum > result.count {
            throw InterchangeError(at: place, "<atleast min=\"\(minimum)\"> has only \(result.count) arguments, so it can never be true; lower min or add arguments")
        }
        return result
    }

    /// Returns the defined gate that a nested formula belongs to: the nearest one on the stack.
    private func ownerGate(_ stack: [Frame]) -> Int {
        for frame in stack.reversed() {
            if case .gate(let index)? = frame.key { return index }
        }
        return 0
    }

    private func cycleError(stack: [Frame], closing key: EventKey) -> InterchangeError {
        let gates = stack.compactMap { frame -> EventKey? in frame.key }
        let start = gates.firstIndex(of: key) ?? 0
        let names = (gates[start...] + [key]).map { model.id(of: $0) }
        return InterchangeError(at: model.location(of: key),
                                "the gates form a cycle: \(names.joined(separator: " -> ")); an event cannot depend on itself, so remove one of these references")
    }

    private func gateWord(_ connective: Connective, _ children: Int) -> String {
        switch connective {
        case .and: "and"
        case .or: "or"
        case .atLeast(let minimum): "\(minimum) of \(children)"
        // `distinct` rejects the negating connectives first.
        case .not, .nand, .nor, .xor, .iff, .imply: preconditionFailure("no tree gate for <\(connective.elementName)>")
        }
    }

    private func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }
}

/// Quoting of tree-language strings.
enum BrambleString {
    /// Returns `text` as a quoted string, with the escapes the tree language defines.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
