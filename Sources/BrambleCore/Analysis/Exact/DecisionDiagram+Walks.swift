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
