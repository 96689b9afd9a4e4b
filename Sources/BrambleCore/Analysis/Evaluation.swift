/// A set of mitigations applied when scoring.
public enum View: String, Sendable, CaseIterable {
    /// No mitigation applied: the risk before any control.
    case inherent
    /// Implemented mitigations applied: the risk today.
    case residual
    /// Implemented and planned mitigations applied: the risk once the plan is done.
    case projected

    /// Returns whether a mitigation with this status is applied in this view.
    public func applies(_ status: MitigationStatus) -> Bool {
        switch self {
        case .inherent: false
        case .residual: status == .implemented
        case .projected: status == .implemented || status == .planned
        }
    }
}

/// A node's figures in one view. A nil figure is unknown: some value it depends on is missing.
public struct Figures: Sendable, Hashable {
    /// Probability that the attacker achieves the node.
    public let probability: Double?
    /// Damage when the node is achieved: its own impact, or the nearest ancestor's.
    public let impact: Double?
    /// probability × impact.
    public let risk: Double?
    /// The risk band the risk falls in.
    public let band: String?
    /// Whether a blocking mitigation makes the node impossible in this view.
    public let blocked: Bool
    /// The minimum total cost of reaching the node, in the tree's cost unit. It is nil when a
    /// cost is unknown, when the node is impossible, or when steps use different units.
    public var cost: Double? = nil
    /// The minimum skill needed to reach the node, on the skill scale; nil when unknown.
    public var skill: Double? = nil
    /// The minimum time to reach the node, in hours; nil when unknown.
    public var hours: Double? = nil
}

/// The figures of every node of a tree in one view, indexed like `AttackTree.nodes`.
///
/// The table keeps one array per figure, as the scorer computed them, and puts a node's
/// `Figures` together when it is read. A table of whole records would take 120 bytes a node in
/// each view, and a diff of two large trees scores six views.
public struct FigureTable: RandomAccessCollection, Sendable {
    let probability: [Double?]
    let impact: [Double?]
    let blocked: [Bool]
    /// Nil when the evaluation left effort out, and then cost, skill and hours are nil.
    let effort: Effort?
    let riskScale: Scale

    public var startIndex: Int { 0 }
    public var endIndex: Int { probability.count }

    public subscript(index: Int) -> Figures {
        let risk = risk(at: index)
        return Figures(probability: probability[index], impact: impact[index], risk: risk,
                       band: risk.map { riskScale.band(of: $0) }, blocked: blocked[index],
                       cost: effort?.cost[index], skill: effort?.skill[index], hours: effort?.hours[index])
    }

    /// Returns the risk of one node, as `self[index].risk` does.
    public func risk(at index: Int) -> Double? {
        probability[index].flatMap { p in impact[index].map { p * $0 } }
    }

    /// Returns the risk band of one node, as `self[index].band` does.
    public func band(at index: Int) -> String? {
        risk(at: index).map { riskScale.band(of: $0) }
    }
}

/// The figures of every node of a tree in one view.
public struct Evaluation: Sendable {
    public let view: View
    /// Figures by node index, in the order of `AttackTree.nodes`.
    public let figures: FigureTable
    /// The method that computed the probabilities.
    public let method: Scorer.Method
    /// Whether cost and time are exact. With shared nodes, a sum counts a shared step once per
    /// parent, so cost and the time of `sand` gates are upper bounds.
    public let effortIsExact: Bool

    public var goal: Figures { figures[0] }
}

/// Scores trees by the rules in `docs/semantics.md`.
public enum Scorer {
    /// The way probabilities were computed, as reports print it.
    public enum Method: Sendable, Hashable, CustomStringConvertible {
        /// Every node has one parent, so one bottom-up pass is exact.
        case bottomUp
        /// Shared nodes were conditioned on: the exact probability of every node, summed over
        /// each combination of shared nodes succeeding or failing.
        case conditioning(sharedNodes: Int)
        /// A binary decision diagram of the whole tree gave the exact probability of every node.
        case decisionDiagram(sharedNodes: Int)
        /// The decision diagram outgrew its memory bound, so shared nodes were counted as
        /// independent in each parent: an approximation.
        case approximateBottomUp(sharedNodes: Int)

        public var isExact: Bool {
            if case .approximateBottomUp = self { return false }
            return true
        }

        public var description: String {
            switch self {
            case .bottomUp:
                "exact: bottom-up over a tree whose nodes each have one parent, steps independent"
            case .conditioning(let shared):
                "exact: conditioned on the \(shared) shared node\(shared == 1 ? "" : "s"), steps independent"
            case .decisionDiagram(let shared):
                "exact: binary decision diagram over a tree with \(shared) shared nodes, steps independent"
            case .approximateBottomUp(let shared):
                "approximate: the decision diagram of a tree with \(shared) shared nodes passed \(Scorer.diagramNodeLimit) nodes, so each shared node was counted once per parent"
            }
        }
    }

    /// The most shared nodes that are conditioned on: the work doubles with each one, so
    /// larger trees use a decision diagram.
    public static let conditioningLimit = 12

    /// The maximum number of node evaluations (combinations × nodes) that conditioning may
    /// take, because the decision diagram is cheaper beyond it.
    public static let conditioningWork = 1 << 18

    /// The largest decision diagram built, about 400 MB, before falling back to an
    /// approximation that is labelled as one.
    public static let diagramNodeLimit = 1 << 24

    /// Scores every node in one view. Without `effort`, the figures leave cost, skill and
    /// time unknown, which spares their bottom-up pass when only risk is read.
    public static func evaluate(_ tree: AttackTree, view: View, effort: Bool = true) -> Evaluation {
        evaluate(tree, view: view, effort: effort) { view.applies($0.status) }
    }

    /// Scores every node with exactly the mitigations for which `isApplied` returns true.
    /// - Complexity: O(nodes + attachments) for a proper tree, O(2^s × nodes) with s shared
    ///   nodes up to `conditioningLimit`, and the size of the decision diagram beyond.
    public static func evaluate(
        _ tree: AttackTree, view: View, effort withEffort: Bool = true, isApplied: (Mitigation) -> Bool
    ) -> Evaluation {
        let mitigated = withoutActuallyEscaping(isApplied) { mitigationFactors(tree, isApplied: [$0])[0] }
        return evaluate(tree, view: view, effort: withEffort, impact: impacts(tree), mitigated: mitigated, isApplied: isApplied)
    }

    /// Scores every node in every view, in the order of `View.allCases`, with the figures that
    /// `evaluate(_:view:effort:)` gives one view at a time. The views share the passes over the
    /// nodes that read impacts and attached mitigations.
    public static func evaluateAllViews(_ tree: AttackTree, effort: Bool = true) -> [Evaluation] {
        let views = View.allCases
        let applies = views.map { view in { (mitigation: Mitigation) in view.applies(mitigation.status) } }
        let impact = impacts(tree)
        let mitigated = mitigationFactors(tree, isApplied: applies)
        return views.indices.map { position in
            evaluate(tree, view: views[position], effort: effort, impact: impact, mitigated: mitigated[position],
                     isApplied: applies[position])
        }
    }

    private static func evaluate(
        _ tree: AttackTree, view: View, effort withEffort: Bool, impact: [Double?],
        mitigated: (factor: [Double], blocked: [Bool]), isApplied: (Mitigation) -> Bool
    ) -> Evaluation {
        let (probability, method) = probabilities(tree, view: view, factor: mitigated.factor, isApplied: isApplied)
        let effort = withEffort ? Effort.compute(tree, probability: probability) : nil
        let figures = FigureTable(probability: probability, impact: impact, blocked: mitigated.blocked, effort: effort,
                                  riskScale: tree.riskScale)
        return Evaluation(view: view, figures: figures, method: method, effortIsExact: tree.sharedNodes.isEmpty)
    }

    /// Returns every node's impact: its own, or the nearest ancestor's.
    static func impacts(_ tree: AttackTree) -> [Double?] {
        let nodes = tree.nodes
        var impact = [Double?](repeating: nil, count: nodes.count)
        for index in nodes.indices {
            impact[index] = nodes[index].impact?.value ?? nodes[index].parent.flatMap { impact[$0] }
        }
        return impact
    }

    /// Returns the goal's risk with exactly the mitigations for which `isApplied` returns true,
    /// computed as `evaluate` does but without the other figures; nil when unknown.
    static func goalRisk(_ tree: AttackTree, view: View, isApplied: (Mitigation) -> Bool) -> Double? {
        guard let impact = tree.goal.impact?.value else { return nil }
        return probabilities(tree, view: view, isApplied: isApplied).probability[0].map { $0 * impact }
    }

    /// Returns, for each set of applied mitigations, what each node's probability is multiplied
    /// by and whether a blocking mitigation makes the node impossible. Each node's list of
    /// mitigations is read once for all the sets.
    static func mitigationFactors(
        _ tree: AttackTree, isApplied: [(Mitigation) -> Bool]
    ) -> [(factor: [Double], blocked: [Bool])] {
        let nodes = tree.nodes
        var factors = [[Double]](repeating: [Double](repeating: 1, count: nodes.count), count: isApplied.count)
        var blocked = [[Bool]](repeating: [Bool](repeating: false, count: nodes.count), count: isApplied.count)
        // Each node's mitigation list is read in place: copying whole nodes out of the array
        // would retain and release every list of every node.
        for index in nodes.indices {
            let attached = nodes[index].mitigations
            if attached.isEmpty { continue }
            for set in isApplied.indices {
                for mitigationIndex in attached {
                    let mitigation = tree.mitigations[mitigationIndex]
                    guard isApplied[set](mitigation), let effectiveness = mitigation.effectiveness else { continue }
                    factors[set][index] *= 1 - effectiveness.reduction
                    if case .blocks = effectiveness { blocked[set][index] = true }
                }
                if blocked[set][index] { factors[set][index] = 0 }
            }
        }
        return isApplied.indices.map { (factors[$0], blocked[$0]) }
    }

    /// Computes every node's probability with the method the tree's shape calls for.
    static func probabilities(
        _ tree: AttackTree, view: View, isApplied: (Mitigation) -> Bool
    ) -> (probability: [Double?], method: Method, blocked: [Bool]) {
        let mitigated = withoutActuallyEscaping(isApplied) { mitigationFactors(tree, isApplied: [$0])[0] }
        let (probability, method) = probabilities(tree, view: view, factor: mitigated.factor, isApplied: isApplied)
        return (probability, method, mitigated.blocked)
    }

    /// Computes every node's probability from the factors of its applied mitigations.
    private static func probabilities(
        _ tree: AttackTree, view: View, factor: [Double], isApplied: (Mitigation) -> Bool
    ) -> (probability: [Double?], method: Method) {
        let nodes = tree.nodes
        let probability: [Double?]
        let method: Method
        let shared = tree.sharedNodes.count
        if shared == 0 {
            probability = bottomUp(tree, factor: factor, forced: [:]).values
            method = .bottomUp
        } else if shared <= conditioningLimit, (1 << shared) * nodes.count <= conditioningWork {
            probability = conditioned(tree, factor: factor)
            method = .conditioning(sharedNodes: shared)
        } else if let exact = try? ExactAnalysis(tree: tree, view: view, nodeLimit: diagramNodeLimit, isApplied: isApplied) {
            probability = exact.probabilities()
            method = .decisionDiagram(sharedNodes: shared)
        } else {
            probability = bottomUp(tree, factor: factor, forced: [:]).values
            method = .approximateBottomUp(sharedNodes: shared)
        }
        return (probability, method)
    }

    /// Computes every node's probability bottom-up. Nodes in `forced` take the given value in
    /// their parents; their own computed probability is still returned in `computed`.
    static func bottomUp(
        _ tree: AttackTree, factor: [Double], forced: [Int: Double]
    ) -> (values: [Double?], computed: [Double?]) {
        var values = [Double?](repeating: nil, count: tree.nodes.count)
        // Without forced nodes the computed values are the values, so they are kept once.
        var computed = forced.isEmpty ? [] : values
        for index in tree.bottomUpOrder {
            let scaled = value(of: index, in: tree, children: values, factor: factor[index])
            if forced.isEmpty {
                values[index] = scaled
            } else {
                computed[index] = scaled
                values[index] = forced[index] ?? scaled
            }
        }
        return (values, forced.isEmpty ? values : computed)
    }

    /// Returns one node's probability from its children's values in `values` (or its
    /// likelihood for a step), times `factor`, the effect of its mitigations.
    static func value(of index: Int, in tree: AttackTree, children values: [Double?], factor: Double) -> Double? {
        let value: Double?
        switch tree.nodes[index].gate {
        case nil:
            let likelihood = tree.nodes[index].likelihoodValue
            value = likelihood.isNaN ? nil : likelihood
        case .and?, .sand?:
            value = allOf(tree.nodes[index].children, values)
        case .or?:
            value = anyOf(tree.nodes[index].children, values)
        case .atLeast?:
            let node = tree.nodes[index]
            value = combine(node, children: node.children.map { values[$0] })
        }
        return value.map { $0 * factor }
    }

    /// Computes again, from their children, every ancestor of `node` up to the goal, as a
    /// bottom-up pass would, and appends each value it replaces to `replaced`, so that the
    /// caller can put them back. In a tree whose nodes each have one parent, these are the only
    /// nodes that a change at `node` affects.
    static func recomputeAncestors(
        of node: Int, in tree: AttackTree, values: inout [Double?], factor: [Double],
        replaced: inout [(node: Int, value: Double?)]
    ) {
        var current = node
        while let parent = tree.nodes[current].parent {
            replaced.append((parent, values[parent]))
            values[parent] = value(of: parent, in: tree, children: values, factor: factor[parent])
            current = parent
        }
    }

    /// Computes the exact probability of every node when some nodes have several parents.
    ///
    /// Given whether each shared node succeeds, the rest of the graph splits into regions that
    /// share no step, so one bottom-up pass per combination is exact. Taking shared nodes
    /// children first, a combination's probability is the product of each shared node's
    /// probability given the shared nodes below it. A node's probability is then the sum over
    /// combinations, weighted by their probabilities.
    static func conditioned(_ tree: AttackTree, factor: [Double]) -> [Double?] {
        let order = tree.bottomUpOrder.filter { tree.nodes[$0].parentCount > 1 }
        var total = [Double](repeating: 0, count: tree.nodes.count)
        var unknown = [Bool](repeating: false, count: tree.nodes.count)
        for combination in 0..<(1 << order.count) {
            var forced: [Int: Double] = [:]
            for (bit, node) in order.enumerated() {
                forced[node] = combination & (1 << bit) != 0 ? 1 : 0
            }
            let pass = bottomUp(tree, factor: factor, forced: forced)
            var weight: Double? = 1
            for node in order {
                guard let current = weight, let p = pass.computed[node] else {
                    weight = nil
                    break
                }
                weight = current * (forced[node] == 1 ? p : 1 - p)
            }
            for index in tree.nodes.indices {
                guard let weight, let value = pass.values[index] else {
                    unknown[index] = true
                    continue
                }
                total[index] += weight * value
            }
        }
        return tree.nodes.indices.map { unknown[$0] ? nil : min(1, max(0, total[$0])) }
    }

    /// Computes `atLeast(children.count, of:)` for an `and` gate without building the list of
    /// child probabilities. The result is 0 when a child cannot succeed and unknown when a child
    /// is unknown. Otherwise it is the product, taken in the same order.
    static func allOf(_ children: [Int], _ values: [Double?]) -> Double? {
        guard !children.isEmpty else { return nil }
        var product = 1.0
        var unknown = false
        for child in children {
            guard let p = values[child] else {
                unknown = true
                continue
            }
            if p == 0 { return 0 }
            product *= p
        }
        return unknown ? nil : product
    }

    /// Computes `atLeast(1, of:)` for an `or` gate without building the list of child
    /// probabilities. The result is 1 when a child is certain, 0 when none can succeed and
    /// unknown when a child is unknown. Otherwise it is 1 minus the product of the complements,
    /// taken in the same order.
    static func anyOf(_ children: [Int], _ values: [Double?]) -> Double? {
        guard !children.isEmpty else { return nil }
        // One child passes its probability through, as `atLeast` does, without the rounding
        // error of 1 - (1 - p).
        if children.count == 1 { return values[children[0]] }
        var complement = 1.0
        var unknown = false
        var possible = false
        for child in children {
            guard let p = values[child] else {
                unknown = true
                possible = true
                continue
            }
            if p == 1 { return 1 }
            if p != 0 { possible = true }
            complement *= 1 - p
        }
        if !possible { return 0 }
        return unknown ? nil : 1 - complement
    }

    /// Combines child probabilities by the node's gate. An unknown child makes the result
    /// unknown unless the known children already decide it.
    static func combine(_ node: Node, children: [Double?]) -> Double? {
        guard let gate = node.gate else { return node.likelihood?.value }
        guard !children.isEmpty else { return nil }
        switch gate {
        case .and, .sand:
            return atLeast(children.count, of: children)
        case .or:
            return atLeast(1, of: children)
        case .atLeast(let k):
            return atLeast(k, of: children)
        }
    }

    /// Returns the probability that at least `k` of independent events succeed, by dynamic
    /// programming over the events (the Poisson binomial distribution).
    /// - Complexity: O(n × k).
    public static func atLeast(_ k: Int, of children: [Double?]) -> Double? {
        let certain = children.count { $0 == 1 }
        let possible = children.count { $0 != 0 }
        if certain >= k { return 1 }
        if possible < k { return 0 }
        if children.contains(where: { $0 == nil }) { return nil }
        let probabilities = children.map { $0! }
        // The product comes first so that a gate with one child passes its probability through
        // without the rounding error of 1 - (1 - p).
        if k == probabilities.count { return probabilities.reduce(1, *) }
        if k == 1 { return 1 - probabilities.reduce(1) { $0 * (1 - $1) } }
        // exactly[j]: probability that exactly j of the events so far succeed, for j < k;
        // reached: probability that k or more already succeed.
        var exactly = [Double](repeating: 0, count: k)
        exactly[0] = 1
        var reached = 0.0
        for p in probabilities {
            reached += exactly[k - 1] * p
            for j in stride(from: k - 1, to: 0, by: -1) {
                exactly[j] = exactly[j] * (1 - p) + exactly[j - 1] * p
            }
            exactly[0] *= 1 - p
        }
        return reached
    }
}
