/// How much the goal depends on one step, by the four classic importance measures of fault-tree
/// analysis. Every value is nil when unknown, and a ratio whose divisor is 0 is `.infinity`
/// unless both terms are 0 (see `docs/semantics.md`).
public struct StepImportance: Sendable, Hashable {
    /// Index of the step in `AttackTree.nodes`.
    public let node: Int
    /// The step's own probability in the view: its likelihood times its mitigations.
    public let probability: Double?
    /// The goal's probability when the step certainly succeeds.
    public let goalIfCertain: Double?
    /// The goal's probability when the step certainly fails.
    public let goalIfImpossible: Double?
    /// Birnbaum: goalIfCertain - goalIfImpossible.
    public let birnbaum: Double?
    /// Fussell-Vesely: (P(goal) - goalIfImpossible) / P(goal), the share of the goal's
    /// probability that needs the step; 0 when P(goal) is 0.
    public let fussellVesely: Double?
    /// Risk achievement worth: goalIfCertain / P(goal).
    public let riskAchievementWorth: Double?
    /// Risk reduction worth: P(goal) / goalIfImpossible.
    public let riskReductionWorth: Double?
}

/// The importance of every step of a tree in one view.
public struct ImportanceResult: Sendable {
    public let view: View
    /// The goal's probability in the view, as the importance measures used it.
    public let goalProbability: Double?
    /// The method that computed the conditional probabilities.
    public let method: Scorer.Method
    /// One entry per step, in id order.
    public let steps: [StepImportance]

    /// The steps by Fussell-Vesely importance, largest first, then by Birnbaum importance,
    /// then in id order; unknown values come last.
    public var ranked: [StepImportance] {
        steps.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.fussellVesely ?? -1, lhs.element.birnbaum ?? -1)
            let right = (rhs.element.fussellVesely ?? -1, rhs.element.birnbaum ?? -1)
            if left.0 != right.0 { return left.0 > right.0 }
            if left.1 != right.1 { return left.1 > right.1 }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension Analysis {
    /// Computes the importance of every step in `view`, exactly unless the decision diagram
    /// outgrows `Scorer.diagramNodeLimit` (then the method says `approximate`).
    /// - Complexity: O(steps × depth × children per gate) for a tree whose nodes each have one
    ///   parent. Otherwise, one build of the decision diagram and one pass over it.
    public func importance(view: View = .residual) -> ImportanceResult {
        Importance.compute(tree, view: view)
    }
}

enum Importance {
    static func compute(_ tree: AttackTree, view: View) -> ImportanceResult {
        let factor = ExactAnalysis.mitigationFactors(tree) { view.applies($0.status) }
        let stepProbability = tree.nodes.indices.map { index in
            tree.nodes[index].likelihood.map { $0.value * factor[index] }
        }
        let shared = tree.sharedNodes.count
        var conditional = [(ifSucceeds: Double?, ifFails: Double?)?](repeating: nil, count: tree.nodes.count)
        let goal: Double?
        let method: Scorer.Method
        if shared > 0, let exact = try? ExactAnalysis(
            tree: tree, view: view, nodeLimit: Scorer.diagramNodeLimit, everyStepIsVariable: true,
            isApplied: { view.applies($0.status) })
        {
            method = .decisionDiagram(sharedNodes: shared)
            goal = exact.probability()
            for (index, pair) in exact.conditionalGoalProbabilities().enumerated() where tree.nodes[index].isStep {
                conditional[index] = (pair?.ifSucceeds, pair?.ifFails)
            }
        } else if shared == 0 {
            // Every node has one parent, so forcing a step changes only the nodes on its path
            // to the goal. Those are computed again from their children, as a bottom-up pass
            // with the step forced would compute them, and put back afterwards.
            method = .bottomUp
            let base = Scorer.bottomUp(tree, factor: factor, forced: [:]).values
            goal = base[0]
            var values = base
            var replaced: [(node: Int, value: Double?)] = []
            func goalProbability(forcing step: Int, to value: Double) -> Double? {
                replaced.removeAll(keepingCapacity: true)
                replaced.append((step, values[step]))
                values[step] = value
                Scorer.recomputeAncestors(of: step, in: tree, values: &values, factor: factor, replaced: &replaced)
                let result = values[0]
                for (node, old) in replaced.reversed() { values[node] = old }
                return result
            }
            for index in tree.nodes.indices where tree.nodes[index].isStep {
                conditional[index] = (goalProbability(forcing: index, to: 1), goalProbability(forcing: index, to: 0))
            }
        } else {
            // A bottom-up pass with the step forced counts each shared node once per parent.
            method = .approximateBottomUp(sharedNodes: shared)
            goal = Scorer.bottomUp(tree, factor: factor, forced: [:]).values[0]
            for index in tree.nodes.indices where tree.nodes[index].isStep {
                let ifSucceeds = Scorer.bottomUp(tree, factor: factor, forced: [index: 1]).values[0]
                let ifFails = Scorer.bottomUp(tree, factor: factor, forced: [index: 0]).values[0]
                conditional[index] = (ifSucceeds, ifFails)
            }
        }

        let order = tree.nodes.indices.filter { tree.nodes[$0].isStep }
            .sorted { tree.nodes[$0].id < tree.nodes[$1].id }
        let steps = order.map { index -> StepImportance in
            let ifSucceeds = conditional[index]?.ifSucceeds
            let ifFails = conditional[index]?.ifFails
            return measures(node: index, probability: stepProbability[index], goal: goal,
                            ifSucceeds: ifSucceeds, ifFails: ifFails)
        }
        return ImportanceResult(view: view, goalProbability: goal, method: method, steps: steps)
    }

    /// Applies the definitions and the division conventions of `docs/semantics.md`.
    static func measures(
        node: Int, probability: Double?, goal: Double?, ifSucceeds: Double?, ifFails: Double?
    ) -> StepImportance {
        let birnbaum = ifSucceeds.flatMap { high in ifFails.map { max(0, high - $0) } }
        var fussellVesely: Double?
        var achievement: Double?
        var reduction: Double?
        if let goal, let ifFails {
            fussellVesely = goal == 0 ? 0 : min(1, max(0, (goal - ifFails) / goal))
            reduction = ratio(goal, ifFails)
        }
        if let goal, let ifSucceeds { achievement = ratio(ifSucceeds, goal) }
        return StepImportance(node: node, probability: probability, goalIfCertain: ifSucceeds,
                              goalIfImpossible: ifFails, birnbaum: birnbaum, fussellVesely: fussellVesely,
                              riskAchievementWorth: achievement, riskReductionWorth: reduction)
    }

    /// numerator / denominator, with 0 / 0 = 1 (nothing changes) and x / 0 = infinity.
    static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        if denominator == 0 { return numerator == 0 ? 1 : .infinity }
        return numerator / denominator
    }
}
