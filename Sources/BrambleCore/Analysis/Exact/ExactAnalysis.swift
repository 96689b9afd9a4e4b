/// Minimal attack sets of a tree: the minimal sets of steps whose success achieves a node.
public struct CutSetResult: Sendable, Hashable {
    /// The sets kept, each a list of step indices into `AttackTree.nodes` in id order. They are
    /// sorted by size, then by the ids of their steps compared number by number.
    public let sets: [[Int]]
    /// How many minimal sets there are within the order limit, including any dropped by the
    /// count limit.
    public let count: Int
    /// `distribution[i]` is the number of minimal sets of i + 1 steps, up to the largest order
    /// found. No set is empty, because no gate succeeds without some step.
    public let distribution: [Int]
    /// Whether the count limit dropped sets, so `sets` contains fewer than `count`.
    public let truncated: Bool
}

/// Exact probabilities and minimal attack sets computed with binary decision diagrams, for any
/// amount of sharing between nodes.
///
/// Steps are independent events and each is one BDD variable, whatever the number of its
/// parents, so results are exact under the assumptions of `docs/semantics.md`. Variables are
/// ordered by a depth-first walk from the goal, a good default for fault trees.
public struct ExactAnalysis: Sendable {
    /// Thrown when a tree's diagram would exceed the node limit.
    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        /// The node limit that was reached.
        public let nodeLimit: Int

        public var description: String {
            "the exact analysis needs more than \(nodeLimit) BDD nodes; use the approximate figures instead"
        }
    }

    public let tree: AttackTree
    public let view: View
    /// Each node's multiplier from applied mitigations, 0 for a blocked node.
    private let factor: [Double]
    /// BDD variable of each step, in `tree.nodes` order; nil for gates.
    private let stepVariable: [Int?]
    /// BDD variable of each gate whose mitigations are one event, in `tree.nodes` order.
    private let gateVariable: [Int?]
    /// Step index of each variable, or nil for a variable that stands for a mitigation.
    private let variableStep: [Int?]
    /// The store holding the probability diagram of every node.
    private let diagram: DecisionDiagram
    /// Probability diagram of each node, in `tree.nodes` order.
    private let roots: [DecisionDiagram.Ref]
    private let variableProbability: [Double]
    /// Whether a variable's probability is unknown.
    private let variableIsUnknown: [Bool]
    private let nodeLimit: Int

    /// Builds the diagrams of every node in the view's mitigations.
    /// - Complexity: O(nodes) ITE calls, each bounded by the sizes of its operands' diagrams.
    public init(tree: AttackTree, view: View, nodeLimit: Int = 1 << 26) throws {
        try self.init(tree: tree, view: view, nodeLimit: nodeLimit) { view.applies($0.status) }
    }

    /// Builds the diagrams of every node with exactly the mitigations for which `isApplied`
    /// returns true.
    ///
    /// A step's mitigations scale its probability. The mitigations on a gate become one extra
    /// variable, true with probability equal to the product of their (1 - effectiveness), and
    /// the gate is joined to it by `and`. So a shared node below the gate stays one event. A
    /// blocked node is false.
    /// - Complexity: O(nodes) ITE calls, each bounded by the sizes of its operands' diagrams.
    public init(
        tree: AttackTree, view: View, nodeLimit: Int = 1 << 26, isApplied: (Mitigation) -> Bool
    ) throws {
        try self.init(tree: tree, view: view, nodeLimit: nodeLimit, everyStepIsVariable: false, isApplied: isApplied)
    }

    /// Builds the diagrams as above. With `everyStepIsVariable`, a step that is blocked, or
    /// whose likelihood is 0 or 1, still gets a variable of that probability instead of a
    /// constant, so that the goal's probability can be conditioned on it. Every gate with a
    /// mitigation of any status then gets a variable too, so that the same diagram serves any
    /// set of applied mitigations (see `goalProbability(isApplied:)`).
    init(
        tree: AttackTree, view: View, nodeLimit: Int, everyStepIsVariable: Bool,
        isApplied: (Mitigation) -> Bool
    ) throws {
        self.tree = tree
        self.view = view
        self.nodeLimit = nodeLimit
        let factor = Self.mitigationFactors(tree, isApplied: isApplied)
        self.factor = factor

        // Variables in depth-first order from the goal: a gate's mitigation variable before its
        // children, a step's variable at its first visit.
        var stepVariable = [Int?](repeating: nil, count: tree.nodes.count)
        var gateVariable = [Int?](repeating: nil, count: tree.nodes.count)
        var variableStep: [Int?] = []
        var probabilities: [Double] = []
        var unknown: [Bool] = []
        for index in Self.depthFirstOrder(tree) {
            let node = tree.nodes[index]
            if node.isStep {
                stepVariable[index] = variableStep.count
                variableStep.append(index)
                let likelihood = node.likelihood?.value
                probabilities.append((likelihood ?? 0.5) * factor[index])
                unknown.append(likelihood == nil)
            } else if everyStepIsVariable ? !node.mitigations.isEmpty || node.children.isEmpty
                        : factor[index] > 0 && (factor[index] < 1 || node.children.isEmpty) {
                // A gate without children is unknown, so it gets a variable of its own.
                gateVariable[index] = variableStep.count
                variableStep.append(nil)
                probabilities.append(node.children.isEmpty ? 0.5 : factor[index])
                unknown.append(node.children.isEmpty)
            }
        }
        self.stepVariable = stepVariable
        self.gateVariable = gateVariable
        self.variableStep = variableStep
        variableProbability = probabilities
        variableIsUnknown = unknown

        var diagram = DecisionDiagram(variableCount: variableStep.count, nodeLimit: nodeLimit)
        var roots = [DecisionDiagram.Ref](repeating: DecisionDiagram.falseRef, count: tree.nodes.count)
        do {
            for index in tree.bottomUpOrder {
                let node = tree.nodes[index]
                let ref: DecisionDiagram.Ref
                if everyStepIsVariable, node.isStep {
                    ref = try diagram.variable(stepVariable[index]!)
                } else if factor[index] == 0, !everyStepIsVariable || gateVariable[index] == nil {
                    ref = DecisionDiagram.falseRef
                } else if node.isStep {
                    let likelihood = node.likelihood?.value
                    if likelihood == 0 {
                        ref = DecisionDiagram.falseRef
                    } else if likelihood == 1, factor[index] == 1 {
                        ref = DecisionDiagram.trueRef
                    } else {
                        ref = try diagram.variable(stepVariable[index]!)
                    }
                } else {
                    var gate = node.children.isEmpty
                        ? DecisionDiagram.trueRef
                        : try Self.combine(node, node.children.map { roots[$0] }, &diagram)
                    if let variable = gateVariable[index] {
                        gate = try diagram.and(diagram.variable(variable), gate)
                    }
                    ref = gate
                }
                roots[index] = ref
            }
        } catch let error as DecisionDiagram.NodeLimitExceeded {
            throw TooLarge(nodeLimit: error.limit)
        }
        // Debug builds check the store's invariants, in O(BDD nodes).
        #if DEBUG
        if let violation = diagram.invariantViolation() {
            preconditionFailure("BDD invariant violated: \(violation)")
        }
        #endif
        self.diagram = diagram
        self.roots = roots
    }

    /// The number of BDD nodes built for the probability of every node, terminals included.
    public var diagramSize: Int { diagram.nodes.count }

    /// Checks the BDD store's invariants and returns the first violation, or nil. Debug builds
    /// run this after every build; tests call it in release builds too.
    /// - Complexity: O(BDD nodes).
    public func diagramInvariantViolation() -> String? { diagram.invariantViolation() }

    /// Computes the exact probability of the goal. Returns nil when it depends on a step with no
    /// likelihood or on a gate with no children.
    /// - Complexity: O(r log r) for r BDD nodes reachable from the goal's diagram.
    public func probability() -> Double? { probability(of: 0) }

    /// Computes the exact probability of a node, by index into `tree.nodes`, or nil when unknown.
    /// - Complexity: O(r log r) for r BDD nodes reachable from the node's diagram.
    public func probability(of node: Int) -> Double? {
        let root = roots[node]
        if diagram.dependsOnAny(root, of: variableIsUnknown) { return nil }
        let probability = diagram.probability(of: root, variableProbabilities: variableProbability)
        return min(1, max(0, probability))
    }

    /// Computes the exact probability of every node, in `tree.nodes` order, nil where unknown.
    /// - Complexity: O(BDD nodes), one pass over the store.
    public func probabilities() -> [Double?] {
        let every = diagram.everyProbability(variableProbabilities: variableProbability,
                                             isUnknown: variableIsUnknown)
        return roots.map { root in
            every.dependsOnUnknown[Int(root)] ? nil : min(1, max(0, every.probability[Int(root)]))
        }
    }

    /// Returns the minimal attack sets of the goal.
    /// - Complexity: see `minimalCutSets(of:maxOrder:maxCount:)`.
    public func minimalCutSets(maxOrder: Int? = nil, maxCount: Int? = nil, setLimit: Int? = nil) throws -> CutSetResult {
        try minimalCutSets(of: 0, maxOrder: maxOrder, maxCount: maxCount, setLimit: setLimit)
    }

    /// Thrown when a node of the tree has more minimal attack sets than the limit given.
    public struct TooManySets: Error, Sendable, CustomStringConvertible {
        public let limit: Int

        public var description: String { "more than \(limit) minimal attack sets" }
    }

    /// Returns the minimal sets of steps whose success achieves a node (minimal cut sets).
    ///
    /// The sets depend on the structure only: likelihoods and partial mitigations do not
    /// change them, but a step or gate blocked in this view takes part in no set. Every gate
    /// is monotone (`sand` counts as `and`), so the sets are exact.
    /// - Parameters:
    ///   - maxOrder: the most steps in a set; larger sets are left out and not counted.
    ///   - maxCount: the most sets returned, smallest first; `count` still counts them all.
    ///   - setLimit: the most minimal sets the node may have within the order limit. Past it
    ///     `TooManySets` is thrown before any set is listed.
    /// - Complexity: builds the structure's diagram, then O(r × s × o) for r of its nodes,
    ///   s minimal sets per node and order o. s can grow exponentially with the steps.
    public func minimalCutSets(
        of node: Int, maxOrder: Int? = nil, maxCount: Int? = nil, setLimit: Int? = nil
    ) throws -> CutSetResult {
        var structure = DecisionDiagram(variableCount: variableStep.count, nodeLimit: nodeLimit)
        var roots = [DecisionDiagram.Ref](repeating: DecisionDiagram.falseRef, count: tree.nodes.count)
        do {
            for index in tree.bottomUpOrder {
                let current = tree.nodes[index]
                if factor[index] == 0 {
                    roots[index] = DecisionDiagram.falseRef
                } else if current.isStep {
                    roots[index] = try structure.variable(stepVariable[index]!)
                } else if !current.children.isEmpty {
                    roots[index] = try Self.combine(current, current.children.map { roots[$0] }, &structure)
                }
            }
        } catch let error as DecisionDiagram.NodeLimitExceeded {
            throw TooLarge(nodeLimit: error.limit)
        }

        let limit = maxOrder ?? variableStep.count
        let store = SetFamilyDiagram(nodeLimit: nodeLimit)
        let box = FamilyBox()
        let top = roots[node]
        let diagram = structure
        LargeStack.run {
            box.result = Result { try diagram.minimalSolutionFamily(of: top, maxOrder: limit, into: store) }
        }
        let solutions: SetFamilyDiagram.Ref
        do {
            solutions = try box.result!.get()
        } catch let error as SetFamilyDiagram.NodeLimitExceeded {
            throw TooLarge(nodeLimit: error.limit)
        }
        // Rank of each node in id order, so that sorting compares integers, not ids.
        var rank = [Int](repeating: 0, count: tree.nodes.count)
        for (position, index) in tree.nodes.indices.sorted(by: { tree.nodes[$0].id < tree.nodes[$1].id }).enumerated() {
            rank[index] = position
        }
        if let setLimit {
            // The family diagram counts the sets without listing them, so a tree with too many
            // to list is rejected before any is built.
            let count = store.sizeDistribution(solutions).map { $0.reduce(0, &+) } ?? Int.max
            if count > setLimit { throw TooManySets(limit: setLimit) }
        }
        let variableRank = variableStep.map { $0.map { rank[$0] } ?? Int.max }
        let family = CutSetGraph.family(solutions, store: store, literalOf: Array(0..<variableStep.count),
                                        maxCount: maxCount, eventRank: variableRank)
        let sets = family.sets.map { set in set.map { variableStep[$0]! } }
        return CutSetResult(sets: sets, count: family.count, distribution: family.distribution,
                            truncated: sets.count < family.count)
    }

    private final class FamilyBox: @unchecked Sendable {
        var result: Result<SetFamilyDiagram.Ref, any Error>?
    }

    /// Returns, for each step, the goal's probability given that the step succeeds and given
    /// that it fails, in `tree.nodes` order. The entry is nil for a gate, and for a step when
    /// the goal depends on an unknown likelihood other than the step's own.
    ///
    /// The goal's probability P is linear in each variable's probability p, so one backward
    /// pass gives every derivative dP/dp (the Birnbaum importance), and then
    /// P(goal | step) = P + (1 - p) dP/dp and P(goal | not step) = P - p dP/dp.
    /// Build the analysis with `everyStepIsVariable` so that blocked steps are variables too.
    /// - Complexity: O(r log r) for r BDD nodes reachable from the goal's diagram.
    func conditionalGoalProbabilities() -> [(ifSucceeds: Double, ifFails: Double)?] {
        let gradient = diagram.gradient(of: roots[0], variableProbabilities: variableProbability)
        let unknown = Set(gradient.variables.filter { variableIsUnknown[Int($0)] })
        return tree.nodes.indices.map { index -> (ifSucceeds: Double, ifFails: Double)? in
            guard let variable = stepVariable[index] else { return nil }
            guard unknown.isEmpty || (unknown.count == 1 && unknown.contains(Int32(variable))) else { return nil }
            let p = variableProbability[variable]
            let derivative = gradient.derivative[variable]
            let clamp = { (value: Double) in min(1, max(0, value)) }
            return (clamp(gradient.value + (1 - p) * derivative), clamp(gradient.value - p * derivative))
        }
    }

    /// Returns the goal's probability when each step in `stepProbabilities` takes the given
    /// probability instead of its own; other steps and every mitigation keep theirs. Nil when
    /// the result depends on an unknown likelihood.
    /// - Complexity: O(r log r) for r BDD nodes reachable from the goal's diagram.
    func goalProbability(setting stepProbabilities: [Int: Double]) -> Double? {
        var probabilities = variableProbability
        var unknown = variableIsUnknown
        for (step, probability) in stepProbabilities {
            guard let variable = stepVariable[step] else { continue }
            probabilities[variable] = probability
            unknown[variable] = false
        }
        if diagram.dependsOnAny(roots[0], of: unknown) { return nil }
        return min(1, max(0, diagram.probability(of: roots[0], variableProbabilities: probabilities)))
    }

    /// Returns the goal's probability with exactly the mitigations for which `isApplied` returns
    /// true, from the diagram built once: only the variables' probabilities change. Nil when
    /// unknown. Build the analysis with `everyStepIsVariable`, or mitigations that the build
    /// did not apply are missing from the diagram.
    /// - Complexity: O(r) for r BDD nodes reachable from the goal's diagram, once compiled.
    func goalProbability(isApplied: (Mitigation) -> Bool, compiled: DecisionDiagram.CompiledFunction?) -> Double? {
        let factor = Self.mitigationFactors(tree, isApplied: isApplied)
        var probabilities = variableProbability
        for (index, node) in tree.nodes.enumerated() {
            if let variable = stepVariable[index] {
                probabilities[variable] = (node.likelihood?.value ?? 0.5) * factor[index]
            } else if let variable = gateVariable[index], !node.children.isEmpty {
                probabilities[variable] = factor[index]
            }
        }
        guard let compiled else { return roots[0] == DecisionDiagram.trueRef ? 1 : 0 }
        return min(1, max(0, compiled.probability(probabilities)))
    }

    /// The goal's diagram compiled for repeated evaluation, or nil when it is a terminal.
    var compiledGoal: DecisionDiagram.CompiledFunction? {
        roots[0] > DecisionDiagram.trueRef ? diagram.compile(roots[0]) : nil
    }

    /// Whether the goal's probability depends on an unknown likelihood or an empty gate.
    var goalDependsOnUnknown: Bool { diagram.dependsOnAny(roots[0], of: variableIsUnknown) }

    // MARK: Building

    /// Combines the children's diagrams by the node's gate.
    private static func combine(
        _ node: Node, _ children: [DecisionDiagram.Ref], _ diagram: inout DecisionDiagram
    ) throws -> DecisionDiagram.Ref {
        switch node.gate {
        case .and, .sand:
            var result = DecisionDiagram.trueRef
            for child in children { result = try diagram.and(result, child) }
            return result
        case .or:
            var result = DecisionDiagram.falseRef
            for child in children { result = try diagram.or(result, child) }
            return result
        case .atLeast(let k):
            return try diagram.atLeast(k, of: children)
        case nil:
            preconditionFailure("combine called on a step")
        }
    }

    /// Returns each node's product of (1 - effectiveness) over its applied mitigations, 0 when
    /// one of them blocks.
    static func mitigationFactors(_ tree: AttackTree, isApplied: (Mitigation) -> Bool) -> [Double] {
        let applied = tree.mitigations.map(isApplied)
        return tree.nodes.indices.map { mitigationFactor(of: $0, in: tree, applied: applied) }
    }

    /// Returns what one node's probability is multiplied by: 0 when an applied mitigation
    /// blocks it, and otherwise the product of 1 - reduction over its applied mitigations.
    /// `applied` holds, by mitigation index, whether each mitigation is applied.
    static func mitigationFactor(of node: Int, in tree: AttackTree, applied: [Bool]) -> Double {
        var factor = 1.0
        for index in tree.nodes[node].mitigations {
            guard applied[index], let effectiveness = tree.mitigations[index].effectiveness else { continue }
            if case .blocks = effectiveness { return 0 }
            factor *= 1 - effectiveness.reduction
        }
        return factor
    }

    /// Returns node indices in depth-first pre-order from the goal, each node once, children in
    /// id order.
    /// - Complexity: O(nodes + edges).
    private static func depthFirstOrder(_ tree: AttackTree) -> [Int] {
        var visited = [Bool](repeating: false, count: tree.nodes.count)
        var order: [Int] = []
        var stack = [0]
        while let index = stack.popLast() {
            guard !visited[index] else { continue }
            visited[index] = true
            order.append(index)
            stack.append(contentsOf: tree.nodes[index].children.reversed())
        }
        // Nodes the goal does not reach still get variables, so any node can be analysed.
        for index in tree.nodes.indices where !visited[index] { order.append(index) }
        return order
    }
}
