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

    /// Returns the minimal solutions of the monotone function `root` with at most `maxOrder`
    /// variables, as a family of sets in `store` (variable v is literal 2v).
    ///
    /// Uses Rauzy's minimal-solutions decomposition (minsol): for f = ite(x, f1, f0), the minimal
    /// solutions are those of f0, and x joined to each minimal solution of f1 that contains no
    /// minimal solution of f0. The order limit is exact, because a solution of f0 that a
    /// candidate contains is no larger. The sets share their common parts in the
    /// zero-suppressed diagram, so memory grows with the diagram, not with the number of sets.
    /// The function must be monotone (built from and, or and at-least). Recursive: the caller
    /// runs it on a large stack.
    /// - Complexity: one `without` per BDD node and remaining order.
    func minimalSolutionFamily(of root: Ref, maxOrder: Int, into store: SetFamilyDiagram) throws -> SetFamilyDiagram.Ref {
        // Without an effective limit the budget never decreases, so each node is solved once.
        // With a limit, a node is solved once per remaining budget that reaches it.
        let unlimited = maxOrder >= variableCount
        var memo: [Int64: SetFamilyDiagram.Ref] = [:]
        func solve(_ ref: Ref, _ budget: Int) throws -> SetFamilyDiagram.Ref {
            if ref == Self.falseRef || budget < 0 { return SetFamilyDiagram.empty }
            if ref == Self.trueRef { return SetFamilyDiagram.base }
            let key = Int64(ref) << 32 | Int64(budget)
            if let known = memo[key] { return known }
            let node = nodes[Int(ref)]
            let low = try solve(node.low, budget)
            var result = low
            if budget > 0 {
                let high = try store.without(solve(node.high, unlimited ? budget : budget - 1), low)
                result = try store.makeNode(2 * node.variable, low: low, high: high)
            }
            memo[key] = result
            return result
        }
        return try solve(root, min(maxOrder, variableCount))
    }
}
