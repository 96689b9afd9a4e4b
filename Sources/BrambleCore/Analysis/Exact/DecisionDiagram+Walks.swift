/// Thrown when some node of a diagram has more minimal solutions than the limit.
struct SolutionLimitExceeded: Error, Sendable {
    let limit: Int
}

extension DecisionDiagram {
    /// Returns the inner nodes reachable from `root` in increasing index order, so every node
    /// comes after its children.
    /// - Complexity: O(r log r) for r reachable nodes.
    func reachable(from root: Ref) -> [Ref] {
        var visited = Set<Ref>()
        var stack = [root]
        while let ref = stack.popLast() {
            guard ref > Self.trueRef, visited.insert(ref).inserted else { continue }
            let node = nodes[Int(ref)]
            stack.append(node.low)
            stack.append(node.high)
        }
        return visited.sorted()
    }

    /// Returns the probability that `root` is true when each variable v is true independently
    /// with probability `probabilities[v]`, by Shannon expansion memoised on each node.
    /// - Complexity: O(r log r) for r nodes reachable from `root`.
    func probability(of root: Ref, variableProbabilities probabilities: [Double]) -> Double {
        if root <= Self.trueRef { return root == Self.trueRef ? 1 : 0 }
        var value: [Ref: Double] = [Self.falseRef: 0, Self.trueRef: 1]
        for ref in reachable(from: root) {
            let node = nodes[Int(ref)]
            let p = probabilities[Int(node.variable)]
            value[ref] = p * value[node.high]! + (1 - p) * value[node.low]!
        }
        return value[root]!
    }

    /// Returns the probability of `root` and its derivative with respect to each variable's
    /// probability, with the variables that `root` depends on.
    ///
    /// A forward pass gives each node's probability. A backward pass from the root gives the
    /// probability of reaching each node; a node testing x adds (reach) x (P(high) - P(low)) to
    /// dP/dp(x). This is exact because an ordered diagram tests a variable at most once on a path.
    /// - Complexity: O(r log r) for r nodes reachable from `root`.
    func gradient(
        of root: Ref, variableProbabilities probabilities: [Double]
    ) -> (value: Double, derivative: [Double], variables: Set<Int32>) {
        var derivative = [Double](repeating: 0, count: probabilities.count)
        if root <= Self.trueRef { return (root == Self.trueRef ? 1 : 0, derivative, []) }
        let order = reachable(from: root)
        var position: [Ref: Int] = [:]
        position.reserveCapacity(order.count)
        for (offset, ref) in order.enumerated() { position[ref] = offset }
        var value = [Double](repeating: 0, count: order.count)
        func valueOf(_ ref: Ref) -> Double {
            if ref == Self.falseRef { return 0 }
            if ref == Self.trueRef { return 1 }
            return value[position[ref]!]
        }
        var variables = Set<Int32>()
        for (offset, ref) in order.enumerated() {
            let node = nodes[Int(ref)]
            let p = probabilities[Int(node.variable)]
            value[offset] = p * valueOf(node.high) + (1 - p) * valueOf(node.low)
            variables.insert(node.variable)
        }
        var reach = [Double](repeating: 0, count: order.count)
        reach[order.count - 1] = 1
        for offset in stride(from: order.count - 1, through: 0, by: -1) {
            let node = nodes[Int(order[offset])]
            let p = probabilities[Int(node.variable)]
            derivative[Int(node.variable)] += reach[offset] * (valueOf(node.high) - valueOf(node.low))
            if node.high > Self.trueRef { reach[position[node.high]!] += reach[offset] * p }
            if node.low > Self.trueRef { reach[position[node.low]!] += reach[offset] * (1 - p) }
        }
        return (value[order.count - 1], derivative, variables)
    }

    /// The nodes reachable from a root, children first, with each child given as a position
    /// in that list (0 and 1 for the terminals, inner nodes from 2), so that evaluating the
    /// root again and again reads arrays only.
    struct CompiledFunction: Sendable {
        let variable: [Int32]
        let low: [Int32]
        let high: [Int32]

        /// Returns the root's probability for the given variable probabilities.
        /// - Complexity: O(nodes reachable from the root).
        func probability(_ probabilities: [Double]) -> Double {
            var value = [Double](repeating: 0, count: variable.count + 2)
            value[1] = 1
            for position in variable.indices {
                let p = probabilities[Int(variable[position])]
                value[position + 2] = p * value[Int(high[position])] + (1 - p) * value[Int(low[position])]
            }
            return value[value.count - 1]
        }
    }

    /// Returns the nodes reachable from an inner node `root` as a `CompiledFunction`.
    /// - Complexity: O(r log r) for r reachable nodes.
    func compile(_ root: Ref) -> CompiledFunction {
        let order = reachable(from: root)
        var position: [Ref: Int32] = [Self.falseRef: 0, Self.trueRef: 1]
        for (offset, ref) in order.enumerated() { position[ref] = Int32(offset + 2) }
        return CompiledFunction(variable: order.map { nodes[Int($0)].variable },
                                low: order.map { position[nodes[Int($0)].low]! },
                                high: order.map { position[nodes[Int($0)].high]! })
    }

    /// Returns, for every node in the store, its probability and whether it tests a variable
    /// marked in `isUnknown`, in one pass over the table.
    /// - Complexity: O(nodes).
    func everyProbability(
        variableProbabilities probabilities: [Double], isUnknown: [Bool]
    ) -> (probability: [Double], dependsOnUnknown: [Bool]) {
        var value = [Double](repeating: 0, count: nodes.count)
        var unknown = [Bool](repeating: false, count: nodes.count)
        value[Int(Self.trueRef)] = 1
        for index in 2..<nodes.count {
            let node = nodes[index]
            let variable = Int(node.variable)
            let p = probabilities[variable]
            value[index] = p * value[Int(node.high)] + (1 - p) * value[Int(node.low)]
            unknown[index] = isUnknown[variable] || unknown[Int(node.low)] || unknown[Int(node.high)]
        }
        return (value, unknown)
    }

    /// Returns whether the function `root` depends on some variable marked in `isUnknown`. In a
    /// reduced diagram a function depends exactly on the variables its nodes test.
    /// - Complexity: O(r log r) for r nodes reachable from `root`.
    func dependsOnAny(_ root: Ref, of isUnknown: [Bool]) -> Bool {
        reachable(from: root).contains { isUnknown[Int(nodes[Int($0)].variable)] }
    }

    /// Returns the minimal solutions of the monotone function `root`, each a list of variables
    /// in increasing order, keeping only those of at most `maxOrder` variables.
    ///
    /// Uses Rauzy's minimal-solutions decomposition (minsol): for f = ite(x, f1, f0), the minimal
    /// solutions are those of f0, and x joined to each minimal solution of f1 that contains no
    /// minimal solution of f0. Because f is monotone, f0 implies f1, so a minimal solution t of
    /// f0 contains a minimal solution of f1. Thus a minimal solution s of f1 contains some t
    /// only when s = t, and the containment test is a hash-set lookup.
    /// The order limit is exact, because a solution of f0 equal to a candidate is no larger.
    /// Nodes are visited children first, and each node's solutions are dropped once its last
    /// parent has used them. The function must be monotone (built from and, or and at-least).
    /// - Complexity: O(r × s × o) for r reachable nodes, s solutions per node and order o. The
    ///   number of solutions can grow exponentially with the number of variables.
    /// NOTE: the sets are explicit lists, so memory grows with the sets of every node still in
    /// use. A zero-suppressed BDD would share them.
    func minimalSolutions(of root: Ref, maxOrder: Int, limit: Int = .max) throws(SolutionLimitExceeded) -> [[Int32]] {
        if root == Self.falseRef || maxOrder < 0 { return [] }
        if root == Self.trueRef { return [[]] }
        let order = reachable(from: root)
        var remainingUses: [Ref: Int] = [:]
        for ref in order {
            let node = nodes[Int(ref)]
            remainingUses[node.low, default: 0] += 1
            remainingUses[node.high, default: 0] += 1
        }
        var solutions: [Ref: [[Int32]]] = [Self.falseRef: [], Self.trueRef: [[]]]
        for ref in order {
            let node = nodes[Int(ref)]
            let withoutVariable = solutions[node.low]!
            var result = withoutVariable
            if maxOrder > 0 {
                let lowSet = Set(withoutVariable)
                for candidate in solutions[node.high]! where candidate.count < maxOrder && !lowSet.contains(candidate) {
                    result.append([node.variable] + candidate)
                }
            }
            // Stopping at the first node past the limit bounds memory and time.
            // NOTE: a root within the limit with some node past it is reported as too large.
            guard result.count <= limit else { throw SolutionLimitExceeded(limit: limit) }
            solutions[ref] = result
            for child in [node.low, node.high] where child > Self.trueRef {
                remainingUses[child]! -= 1
                if remainingUses[child] == 0 { solutions[child] = nil }
            }
        }
        return solutions[root]!
    }
}
