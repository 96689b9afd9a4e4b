/// Recomputes the goal's risk for many sets of applied mitigations, as the searches over
/// mitigations need.
///
/// A tree whose nodes each have one parent takes one bottom-up pass for the first set. Each
/// later set computes again only the mitigated nodes whose factor differs from the first set's,
/// and their ancestors. With shared nodes,
/// one decision diagram is built in which every step and every mitigated gate is a variable,
/// so each set only changes the variables' probabilities: one pass over the diagram instead of
/// a new diagram. Past `Scorer.diagramNodeLimit` diagram nodes, bottom-up passes count each
/// shared node once per parent, and `isExact` is false.
struct GoalRiskEvaluator {
    let tree: AttackTree
    private let exact: ExactAnalysis?
    private let compiled: DecisionDiagram.CompiledFunction?
    private let dependsOnUnknown: Bool
    /// Whether every risk returned is exact.
    let isExact: Bool

    /// The first set's factors and values, kept for a tree whose nodes each have one parent.
    private let first = FirstPass()

    private final class FirstPass {
        /// Whether each mitigation, by index, was applied.
        var applied: [Bool] = []
        var factor: [Double] = []
        var values: [Double?] = []
        /// The nodes each mitigation, by index, is attached to.
        var attachedTo: [[Int]] = []
    }

    init(_ tree: AttackTree) {
        self.tree = tree
        if tree.sharedNodes.isEmpty {
            exact = nil
            isExact = true
        } else {
            exact = try? ExactAnalysis(tree: tree, view: .projected, nodeLimit: Scorer.diagramNodeLimit,
                                       everyStepIsVariable: true, isApplied: { _ in true })
            isExact = exact != nil
        }
        compiled = exact?.compiledGoal
        dependsOnUnknown = exact?.goalDependsOnUnknown ?? false
    }

    /// Returns the goal's risk with exactly the mitigations for which `isApplied` returns true,
    /// or nil when it is unknown.
    func risk(isApplied: (Mitigation) -> Bool) -> Double? {
        guard let impact = tree.goal.impact?.value else { return nil }
        if let exact {
            guard !dependsOnUnknown else { return nil }
            return exact.goalProbability(isApplied: isApplied, compiled: compiled).map { $0 * impact }
        }
        guard tree.sharedNodes.isEmpty else {
            let factor = ExactAnalysis.mitigationFactors(tree, isApplied: isApplied)
            return Scorer.bottomUp(tree, factor: factor, forced: [:]).values[0].map { $0 * impact }
        }
        return goalProbability(isApplied: isApplied).map { $0 * impact }
    }

    /// Returns the goal's probability in a tree whose nodes each have one parent. The nodes
    /// whose factor differs from the first set's, and their ancestors, are computed again from
    /// their children, with the function the bottom-up pass uses, so the result is the pass's
    /// to the bit.
    private func goalProbability(isApplied: (Mitigation) -> Bool) -> Double? {
        let applied = tree.mitigations.map(isApplied)
        if first.values.isEmpty {
            first.applied = applied
            first.factor = tree.nodes.indices.map { ExactAnalysis.mitigationFactor(of: $0, in: tree, applied: applied) }
            first.values = Scorer.bottomUp(tree, factor: first.factor, forced: [:]).values
            first.attachedTo = Array(repeating: [], count: tree.mitigations.count)
            for node in tree.nodes.indices {
                for mitigation in tree.nodes[node].mitigations { first.attachedTo[mitigation].append(node) }
            }
            return first.values[0]
        }

        // Only nodes with a mitigation applied in one set and not in the other can change.
        var changed: [(node: Int, factor: Double)] = []
        for mitigation in applied.indices where applied[mitigation] != first.applied[mitigation] {
            for node in first.attachedTo[mitigation] {
                let factor = ExactAnalysis.mitigationFactor(of: node, in: tree, applied: applied)
                if factor != first.factor[node] { changed.append((node, factor)) }
            }
        }
        guard !changed.isEmpty else { return first.values[0] }

        // The first pass's arrays are changed in place and put back, which spares copying them.
        var replacedFactors: [(node: Int, factor: Double)] = []
        for (node, factor) in changed {
            replacedFactors.append((node, first.factor[node]))
            first.factor[node] = factor
        }
        // Each walk goes up to the goal, so the last walk through a node comes after every
        // changed node below it is final.
        var replacedValues: [(node: Int, value: Double?)] = []
        for (node, _) in changed {
            replacedValues.append((node, first.values[node]))
            first.values[node] = Scorer.value(of: node, in: tree, children: first.values, factor: first.factor[node])
            Scorer.recomputeAncestors(of: node, in: tree, values: &first.values, factor: first.factor,
                                      replaced: &replacedValues)
        }

        let result = first.values[0]
        for (node, value) in replacedValues.reversed() { first.values[node] = value }
        for (node, factor) in replacedFactors.reversed() { first.factor[node] = factor }
        return result
    }
}
