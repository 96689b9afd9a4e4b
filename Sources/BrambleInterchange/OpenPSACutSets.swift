import BrambleCore

/// The minimal cut sets of an Open-PSA model's top gate, by basic event name.
public struct OpenPSACutSets: Sendable {
    /// The name of the fault tree that defines the top gate.
    public let faultTree: String
    /// The id of the top gate.
    public let top: String
    /// The basic events the top gate depends on.
    public let basicEvents: Int
    /// Whether the formula uses negation (`<not>`, `<nand>`, `<nor>`, `<xor>`, `<iff>`, `<imply>`).
    public let isNonCoherent: Bool
    /// The sets listed, smallest first, each a list of basic event ids in name order.
    public let sets: [[String]]
    /// The number of minimal cut sets within the order limit.
    public let count: Int
    /// `distribution[i]`: the number of sets of i + 1 basic events.
    public let distribution: [Int]
    /// Whether the top event occurs when no basic event does.
    public let containsEmptySet: Bool
}

extension OpenPSAImporter {
    /// Computes the minimal cut sets of the model's top gate, the gate named `top` or the one
    /// gate no other gate references, with at most `maxOrder` basic events each.
    ///
    /// Unlike `importTree`, this accepts negation. A negated formula is pushed down to the
    /// basic events by De Morgan's laws. The cut sets follow SCRAM's definition: a set S is a
    /// cut set when the top event occurs with exactly the events of S, so a negated event is
    /// taken to hold unless the event is in S. House events are constants.
    public static func minimalCutSets(
        _ inputs: [InterchangeInput], top: String? = nil, maxOrder: Int? = nil, maxCount: Int? = nil
    ) throws(InterchangeError) -> OpenPSACutSets {
        guard !inputs.isEmpty else { throw InterchangeError("no input files; give at least one MEF file") }
        let model = try OpenPSAReader.read(inputs)
        let graph = try ResolvedGraph(model)
        let root = try graph.topGate(named: top)
        var builder = CutSetGraphBuilder(graph: graph)
        let gate = try builder.build(top: root)
        // Events are listed by name; the name order is the rank.
        let events = builder.eventKeys
        let names = events.map { model.basicEvents[$0].id }
        var rank = [Int](repeating: Int.max, count: model.basicEvents.count)
        for (position, event) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() {
            rank[event] = position
        }
        let family: CutSetFamily
        do {
            family = try builder.cutSetGraph.minimalCutSets(of: gate, maxOrder: maxOrder, maxCount: maxCount, eventRank: rank)
        } catch {
            throw InterchangeError("\(error); the model is too large for an exact cut-set analysis with this order limit")
        }
        return OpenPSACutSets(
            faultTree: model.gates[root].faultTree, top: model.gates[root].id, basicEvents: events.count,
            isNonCoherent: builder.usesNegation,
            sets: family.sets.map { $0.map { names[$0] } }, count: family.count,
            distribution: family.distribution, containsEmptySet: family.containsEmptySet)
    }
}

/// Translates a resolved gate graph into a `CutSetGraph`, pushing negations down to the events.
struct CutSetGraphBuilder: Sendable {
    let graph: ResolvedGraph
    private(set) var cutSetGraph: CutSetGraph
    /// The basic event index of each graph event.
    private(set) var eventKeys: [Int] = []
    private(set) var usesNegation = false
    private var eventOf: [Int: Int] = [:]
    /// The operand of each (gate, negated) pair already built.
    private var built: [GateKey: CutSetGraph.Operand] = [:]

    private struct GateKey: Hashable, Sendable {
        let gate: Int
        let negated: Bool
    }

    init(graph: ResolvedGraph) {
        self.graph = graph
        cutSetGraph = CutSetGraph(eventCount: graph.model.basicEvents.count)
    }

    /// Builds the graph below `top` and returns the index of the top gate.
    ///
    /// The translation recurses along the gate graph, which is first checked for cycles, so it
    /// runs on a large stack: a model may nest thousands of gates.
    mutating func build(top: Int) throws(InterchangeError) -> Int {
        try ensureAcyclic(from: top)
        let box = Box()
        let start = self
        LargeStack.run {
            var builder = start
            box.value = Result { () throws(InterchangeError) -> (CutSetGraphBuilder, CutSetGraph.Operand) in
                let operand = try builder.translate(.event(.gate(top)), negated: false)
                return (builder, operand)
            }
        }
        let (builder, operand) = try box.value!.get()
        self = builder
        if case .gate(let index) = operand { return index }
        return cutSetGraph.addGate(.or, [operand])
    }

    private final class Box: @unchecked Sendable {
        var value: Result<(CutSetGraphBuilder, CutSetGraph.Operand), InterchangeError>?
    }

    /// Throws when a gate below `top` depends on itself, naming the cycle.
    private func ensureAcyclic(from top: Int) throws(InterchangeError) {
        // 0: not seen, 1: on the current path, 2: done.
        var state = [UInt8](repeating: 0, count: graph.model.gates.count)
        var stack: [(gate: Int, children: [Int], next: Int)] = [(top, graph.referencedGates(top), 0)]
        state[top] = 1
        while !stack.isEmpty {
            let position = stack.count - 1
            let frame = stack[position]
            guard frame.next < frame.children.count else {
                state[frame.gate] = 2
                stack.removeLast()
                continue
            }
            stack[position].next += 1
            let child = frame.children[frame.next]
            switch state[child] {
            case 1:
                let start = stack.firstIndex { $0.gate == child } ?? 0
                let names = (stack[start...].map(\.gate) + [child]).map { graph.model.gates[$0].id }
                throw InterchangeError(at: graph.model.gates[child].location,
                                       "the gates form a cycle: \(names.joined(separator: " -> ")); an event cannot depend on itself, so remove one of these references")
            case 0:
                state[child] = 1
                stack.append((child, graph.referencedGates(child), 0))
            default: break
            }
        }
    }

    /// Returns the operand for a term, negated or not. Gates are translated once per polarity.
    private mutating func translate(_ term: ResolvedGraph.Term, negated: Bool) throws(InterchangeError) -> CutSetGraph.Operand {
        switch term {
        case .event(.basicEvent(let index)):
            let event: Int
            if let existing = eventOf[index] {
                event = existing
            } else {
                event = eventKeys.count
                eventOf[index] = event
                eventKeys.append(index)
            }
            return .event(event, negated: negated)
        case .event(.houseEvent(let index)):
            return .constant(graph.model.houseEvents[index].state != negated)
        case .event(.gate(let index)):
            let key = GateKey(gate: index, negated: negated)
            if let existing = built[key] { return existing }
            let operand = try translate(graph.formulas[index], negated: negated)
            built[key] = operand
            return operand
        case .connective(let connective, let terms, _):
            return try connectiveOperand(connective, terms, negated: negated)
        }
    }

    /// Builds a connective, or its negation, from gates over literals.
    private mutating func connectiveOperand(
        _ connective: Connective, _ terms: [ResolvedGraph.Term], negated: Bool
    ) throws(InterchangeError) -> CutSetGraph.Operand {
        if connective.isNegating { usesNegation = true }
        func operands(_ negate: Bool) throws(InterchangeError) -> [CutSetGraph.Operand] {
            var result: [CutSetGraph.Operand] = []
            for term in terms { result.append(try translate(term, negated: negate)) }
            return result
        }
        func gate(_ kind: CutSetGraph.Connective, _ operands: [CutSetGraph.Operand]) -> CutSetGraph.Operand {
            .gate(cutSetGraph.addGate(kind, operands))
        }
        switch (connective, negated) {
        case (.and, false), (.nor, true): return gate(.and, try operands(false))
        case (.or, false), (.nand, true): return gate(.or, try operands(false))
        case (.and, true), (.nand, false): return gate(.or, try operands(true))
        case (.or, true), (.nor, false): return gate(.and, try operands(true))
        case (.atLeast(let k), false): return gate(.atLeast(k), try operands(false))
        case (.atLeast(let k), true):
            // Fewer than K true means at least N - K + 1 false.
            return gate(.atLeast(terms.count - k + 1), try operands(true))
        case (.not, _): return try translate(terms[0], negated: !negated)
        case (.imply, _):
            // a -> b is (not a) or b; its negation is a and (not b).
            let a = try translate(terms[0], negated: !negated)
            let b = try translate(terms[1], negated: negated)
            return gate(negated ? .and : .or, [a, b])
        case (.xor, _), (.iff, _):
            // xor: (a and not b) or (not a and b); iff is its negation.
            let isXor = (connective == .xor) != negated
            let a = try translate(terms[0], negated: false), notA = try translate(terms[0], negated: true)
            let b = try translate(terms[1], negated: false), notB = try translate(terms[1], negated: true)
            let first = isXor ? gate(.and, [a, notB]) : gate(.and, [a, b])
            let second = isXor ? gate(.and, [notA, b]) : gate(.and, [notA, notB])
            return gate(.or, [first, second])
        }
    }
}
