import BrambleCore
import Testing

/// The bottom-up pass combines `and`, `sand` and `or` gates without building lists, and the
/// effort pass sorts in a temporary buffer. These tests compare both, bit for bit, with a
/// direct reference written with the public `Scorer.atLeast` on random trees whose steps
/// include certain, impossible and unknown likelihoods.
@Suite struct GateCombinationTests {
    struct Shape {
        var text = ""
        /// Per node, in the order written: its gate (nil for a step), children, likelihood,
        /// cost and time.
        var gates: [String?] = []
        var children: [[Int]] = []
        var likelihoods: [Double?] = []
        var costs: [Double?] = []
        var hours: [Double?] = []
    }

    /// Writes a random tree of at most `budget` nodes under `id`, returning the node's index.
    static func write(_ shape: inout Shape, id: String, depth: Int, generator: inout Generator) -> Int {
        let index = shape.gates.count
        let indent = String(repeating: "  ", count: depth)
        shape.gates.append(nil)
        shape.children.append([])
        shape.likelihoods.append(nil)
        shape.costs.append(nil)
        shape.hours.append(nil)
        let isGate = depth < 3 && generator.next(4) != 0
        if isGate {
            let count = generator.next(4) + 1
            let gate = ["and", "or", "sand"][generator.next(3)]
            shape.gates[index] = gate
            shape.text += "\(indent)\(id) \(gate) \"Node \(id)\"\n"
            if depth == 0 { shape.text += "\(indent)  impact 10\n" }
            for position in 1...count {
                let child = write(&shape, id: "\(id).\(position)", depth: depth + 1, generator: &generator)
                shape.children[index].append(child)
            }
        } else {
            shape.text += "\(indent)\(id) \"Step \(id)\"\n"
            let choices: [Double?] = [nil, 0, 1, 0.05, 0.3, 0.5, 0.77, 0.999]
            if let likelihood = choices[generator.next(choices.count)] {
                shape.likelihoods[index] = likelihood
                shape.text += "\(indent)  likelihood \(likelihood)\n"
            }
            if generator.next(5) != 0 {
                let cost = Double(generator.next(1000)) / 7
                shape.costs[index] = cost
                shape.text += "\(indent)  cost \(cost) USD\n"
            }
            if generator.next(5) != 0 {
                let hours = Double(generator.next(100) + 1) / 3
                shape.hours[index] = hours
                shape.text += "\(indent)  time \(hours) hours\n"
            }
        }
        return index
    }

    /// The probability of every node by the public k-of-n combination.
    static func referenceProbability(_ shape: Shape, _ index: Int) -> Double? {
        guard let gate = shape.gates[index] else { return shape.likelihoods[index] }
        let values = shape.children[index].map { referenceProbability(shape, $0) }
        return Scorer.atLeast(gate == "or" ? 1 : values.count, of: values)
    }

    @Test func bottomUpMatchesTheKOfNCombination() throws {
        var generator = Generator(seed: 11)
        for _ in 0..<300 {
            var shape = Shape()
            _ = Self.write(&shape, id: "1", depth: 0, generator: &generator)
            let (checked, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: shape.text))
            let tree = try #require(checked, "\(diagnostics.items.map(\.message))\n\(shape.text)")
            let evaluation = Scorer.evaluate(tree, view: .inherent)
            // Nodes are numbered in the order written in both, because every id is in order.
            for index in shape.gates.indices {
                let expected = Self.referenceProbability(shape, index)
                let actual = evaluation.figures[index].probability
                #expect(actual?.bitPattern == expected?.bitPattern, "node \(tree.nodes[index].id) in\n\(shape.text)")
            }
        }
    }

    @Test func effortMatchesSortedSums() throws {
        var generator = Generator(seed: 5)
        for _ in 0..<300 {
            var shape = Shape()
            _ = Self.write(&shape, id: "1", depth: 0, generator: &generator)
            let (checked, _) = Checker.check(SourceFile(path: "t.bramble", text: shape.text))
            let tree = try #require(checked)
            let evaluation = Scorer.evaluate(tree, view: .inherent)
            for index in shape.gates.indices {
                let expected = Self.referenceEffort(shape, index, evaluation)
                #expect(evaluation.figures[index].cost?.bitPattern == expected.cost?.bitPattern, "cost of \(tree.nodes[index].id) in\n\(shape.text)")
                #expect(evaluation.figures[index].hours?.bitPattern == expected.hours?.bitPattern, "time of \(tree.nodes[index].id) in\n\(shape.text)")
            }
        }
    }

    /// The cheapest and fastest way to achieve a node, from its children's figures: all the
    /// possible children of an `and` (time added up for `sand`), the best one of an `or`.
    static func referenceEffort(_ shape: Shape, _ index: Int, _ evaluation: Evaluation) -> (cost: Double?, hours: Double?) {
        guard evaluation.figures[index].probability != 0 else { return (nil, nil) }
        guard let gate = shape.gates[index] else { return (shape.costs[index], shape.hours[index]) }
        let possible = shape.children[index].filter { evaluation.figures[$0].probability != 0 }
        let needed = gate == "or" ? 1 : shape.children[index].count
        guard possible.count >= needed else { return (nil, nil) }
        func best(_ values: [Double?], sum: Bool) -> Double? {
            guard !values.contains(where: { $0 == nil }) else { return nil }
            let chosen = values.map { $0! }.sorted().prefix(needed)
            return sum ? chosen.reduce(0, +) : chosen.max()
        }
        let efforts = possible.map { referenceEffort(shape, $0, evaluation) }
        return (best(efforts.map(\.cost), sum: true), best(efforts.map(\.hours), sum: gate == "sand"))
    }
}

/// A small deterministic generator, so that a failing tree can be rebuilt.
struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
