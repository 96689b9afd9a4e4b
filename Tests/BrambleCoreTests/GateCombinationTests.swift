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

    /// Writes a random tree under `id`, at most three gate levels deep, and returns the node's
    /// index.
    static func write(_ shape: inout Shape, id: String, depth: Int, generator: inout SeededGenerator) -> Int {
        let index = shape.gates.count
        let indent = String(repeating: "  ", count: depth)
        shape.gates.append(nil)
        shape.children.append([])
        shape.likelihoods.append(nil)
        shape.costs.append(nil)
        shape.hours.append(nil)
        let isGate = depth < 3 && generator.int(4) != 0
        if isGate {
            let count = generator.int(4) + 1
            let gate = ["and", "or", "sand"][generator.int(3)]
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
            if let likelihood = choices[generator.int(choices.count)] {
                shape.likelihoods[index] = likelihood
                shape.text += "\(indent)  likelihood \(likelihood)\n"
            }
            if generator.int(5) != 0 {
                let cost = Double(generator.int(1000)) / 7
                shape.costs[index] = cost
                shape.text += "\(indent)  cost \(cost) USD\n"
            }
            if generator.int(5) != 0 {
                let hours = Double(generator.int(100) + 1) / 3
                shape.hours[index] = hours
                shape.text += "\(indent)  time \(hours) hours\n"
            }
        }
        return index
    }

    /// Returns the probability of a node, combined with the public k-of-n function.
    static func referenceProbability(_ shape: Shape, _ index: Int) -> Double? {
        guard let gate = shape.gates[index] else { return shape.likelihoods[index] }
        let values = shape.children[index].map { referenceProbability(shape, $0) }
        return Scorer.atLeast(gate == "or" ? 1 : values.count, of: values)
    }

    @Test func bottomUpMatchesTheKOfNCombination() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            var shape = Shape()
            _ = Self.write(&shape, id: "1", depth: 0, generator: &generator)
            let tree = try checkedTree(shape.text)
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
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            var shape = Shape()
            _ = Self.write(&shape, id: "1", depth: 0, generator: &generator)
            let tree = try checkedTree(shape.text)
            let evaluation = Scorer.evaluate(tree, view: .inherent)
            for index in shape.gates.indices {
                let expected = Self.referenceEffort(shape, index, evaluation)
                #expect(evaluation.figures[index].cost?.bitPattern == expected.cost?.bitPattern, "cost of \(tree.nodes[index].id) in\n\(shape.text)")
                #expect(evaluation.figures[index].hours?.bitPattern == expected.hours?.bitPattern, "time of \(tree.nodes[index].id) in\n\(shape.text)")
            }
        }
    }

    /// Returns the lowest cost and shortest time to achieve a node from its children's figures.
    /// An `and` needs all its children (with times added up for `sand`), an `or` the best one.
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
