import BrambleCore
import Testing

/// Checks Bramble source text and returns the tree, failing the test on any error.
func checkedTree(_ text: String) throws -> AttackTree {
    let (tree, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: text), today: "2026-01-01")
    let errors = diagnostics.items.filter { $0.severity == .error }.map(\.message)
    return try #require(tree, "\(errors)\n\(text)")
}

/// A small deterministic random generator (SplitMix64), so that generated trees repeat.
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a number from 0 to `bound` - 1.
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Writes random attack trees as Bramble source: and, or and K-of-N gates, steps reused under
/// several parents with `use`, and optional implemented mitigations on gates.
struct RandomTreeWriter {
    var random: SeededGenerator
    let maxSteps: Int
    let maxDepth: Int
    /// Chance out of 100 that a child is a `use` of an earlier node.
    let sharePercent: Int
    /// Chance out of 100 that a gate carries a mitigation.
    let mitigationPercent: Int

    private var steps = 0
    private var completed: [String] = []
    private var mitigations: [String] = []

    init(seed: UInt64, maxSteps: Int, maxDepth: Int = 4, sharePercent: Int = 25, mitigationPercent: Int = 0) {
        random = SeededGenerator(seed: seed)
        self.maxSteps = maxSteps
        self.maxDepth = maxDepth
        self.sharePercent = sharePercent
        self.mitigationPercent = mitigationPercent
    }

    /// Returns the source text of one tree.
    mutating func write() -> String {
        var lines = gate(id: "1", depth: 0)
        lines.insert("  impact 1", at: 1)
        for name in mitigations {
            let percent = 10 * (1 + random.int(9))
            lines += ["", "mitigation \(name) \"Control \(name)\"", "  status implemented", "  effectiveness \(percent)%"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func step(id: String) -> [String] {
        steps += 1
        completed.append(id)
        let likelihood = Double(1 + random.int(19)) / 20
        return ["\"Step \(id)\"", "  likelihood \(likelihood)"]
    }

    /// Writes a gate and its subtree; lines are relative to the gate's own indentation.
    private mutating func gate(id: String, depth: Int) -> [String] {
        var body: [String] = []
        var direct: Set<String> = []
        var childCount = 0
        let plannedChildren = 2 + random.int(3)
        for number in 1...plannedChildren {
            let childID = "\(id).\(number)"
            let budget = maxSteps - steps
            if budget == 0 { break }
            let childLines: [String]
            if depth + 1 < maxDepth, budget >= 2, random.int(3) == 0 {
                childLines = gate(id: childID, depth: depth + 1)
            } else {
                childLines = step(id: childID)
            }
            body += childLines.enumerated().map { $0.offset == 0 ? "  \(childID) \($0.element)" : "  \($0.element)" }
            direct.insert(childID)
            childCount += 1
        }

        // Uses come last, so any completed node that is not a direct child is safe to reuse:
        // a completed node is never an ancestor of this gate.
        for _ in 0..<2 where random.int(100) < sharePercent {
            let candidates = completed.filter { !direct.contains($0) }
            guard !candidates.isEmpty else { break }
            let used = candidates[random.int(candidates.count)]
            body.append("  use \(used)")
            direct.insert(used)
            childCount += 1
        }

        let gateWord: String
        switch random.int(3) {
        case 0: gateWord = "and"
        case 1: gateWord = "or"
        default: gateWord = "\(1 + random.int(childCount)) of \(childCount)"
        }
        var header = ["\(gateWord) \"Gate \(id)\""]
        if depth > 0, random.int(100) < mitigationPercent {
            let name = "m\(mitigations.count + 1)"
            mitigations.append(name)
            header.append("  mitigated-by \(name)")
        }
        completed.append(id)
        if depth == 0 { header[0] = "1 " + header[0] }
        return header + body
    }
}

/// Exact figures by enumerating every outcome of the steps and of the gates' mitigations.
struct BruteForce {
    let tree: AttackTree
    let steps: [Int]
    /// Each node's applied mitigation factor in the residual view.
    let factor: [Double]

    init(_ tree: AttackTree) {
        self.tree = tree
        steps = tree.nodes.indices.filter { tree.nodes[$0].isStep }
        factor = tree.nodes.map { node in
            node.mitigations.reduce(1.0) { product, index in
                let mitigation = tree.mitigations[index]
                guard mitigation.status == .implemented, let effectiveness = mitigation.effectiveness else {
                    return product
                }
                return product * (1 - effectiveness.reduction)
            }
        }
    }

    /// Returns which nodes succeed when exactly the given steps succeed, and each gate's
    /// mitigation lets it through when `passes[gate]` is true.
    func outcome(succeeded: Set<Int>, passes: [Bool]) -> [Bool] {
        var value = [Bool](repeating: false, count: tree.nodes.count)
        for index in tree.bottomUpOrder {
            let node = tree.nodes[index]
            guard let gate = node.gate else {
                value[index] = succeeded.contains(index)
                continue
            }
            let count = node.children.count { value[$0] }
            let achieved: Bool
            switch gate {
            case .and, .sand: achieved = count == node.children.count
            case .or: achieved = count >= 1
            case .atLeast(let k): achieved = count >= k
            }
            value[index] = achieved && passes[index]
        }
        return value
    }

    /// Computes the goal's probability in the residual view by summing over all outcomes.
    /// - Complexity: O(2^(steps + mitigated gates) × nodes).
    func probability() -> Double {
        let gates = tree.nodes.indices.filter { !tree.nodes[$0].isStep && factor[$0] < 1 }
        let variables = steps.count + gates.count
        var total = 0.0
        for mask in 0..<(1 << variables) {
            var weight = 1.0
            var succeeded = Set<Int>()
            for (bit, step) in steps.enumerated() {
                let p = tree.nodes[step].likelihood!.value * factor[step]
                if mask & (1 << bit) != 0 {
                    succeeded.insert(step)
                    weight *= p
                } else {
                    weight *= 1 - p
                }
            }
            var passes = [Bool](repeating: true, count: tree.nodes.count)
            for (offset, gate) in gates.enumerated() {
                let passed = mask & (1 << (steps.count + offset)) != 0
                passes[gate] = passed
                weight *= passed ? factor[gate] : 1 - factor[gate]
            }
            if outcome(succeeded: succeeded, passes: passes)[0] { total += weight }
        }
        return total
    }

    /// Finds the goal's minimal sets of steps, smallest first, then by step index.
    /// - Complexity: O(2^steps × steps × nodes).
    func minimalSets() -> [[Int]] {
        let passes = [Bool](repeating: true, count: tree.nodes.count)
        func achieves(_ set: Set<Int>) -> Bool { outcome(succeeded: set, passes: passes)[0] }
        var result: [[Int]] = []
        for mask in 0..<(1 << steps.count) {
            let set = Set(steps.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
            guard achieves(set) else { continue }
            // The gates are monotone, so a set is minimal when no set one step smaller works.
            if set.allSatisfy({ !achieves(set.subtracting([$0])) }) { result.append(set.sorted()) }
        }
        return result.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
    }
}
