/// Recomputes the goal's risk for many sets of applied mitigations, as the searches over
/// mitigations need.
///
/// A tree whose nodes each have one parent takes one bottom-up pass per set. With shared nodes,
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
        let factor = ExactAnalysis.mitigationFactors(tree, isApplied: isApplied)
        return Scorer.bottomUp(tree, factor: factor, forced: [:]).values[0].map { $0 * impact }
    }
}
