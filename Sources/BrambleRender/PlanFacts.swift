import BrambleCore

/// Everything a remediation plan reports, computed once for every output format.
public struct PlanFacts: Sendable {
    /// A step and its residual risk.
    public struct Step: Sendable {
        /// Index into `AttackTree.nodes`.
        public let node: Int
        public let risk: Double
    }

    public let analysis: Analysis
    public let inputs: ReportInputs
    /// Planned mitigations in plan order.
    public let order: PlanOrder
    /// Implemented mitigations, the one whose loss would raise the residual risk most first.
    public let implemented: [Int]
    /// Accepted, transferred and not-applicable mitigations, in declaration order.
    public let others: [Int]
    /// The riskiest minimal attack sets in the residual view.
    public let attacks: RiskiestAttacks
    /// Steps in the highest risk bands that no implemented or planned mitigation covers.
    public let uncoveredHighRisk: [Step]
    /// The names of the bands that count as high risk, lowest first.
    public let highBands: [String]

    public init(_ analysis: Analysis, inputs: ReportInputs = ReportInputs()) {
        self.analysis = analysis
        self.inputs = inputs
        let tree = analysis.tree
        order = PlanOrder(analysis)
        implemented = analysis.mitigationsByReduction.filter { tree.mitigations[$0].status == .implemented }
        others = tree.mitigations.indices.filter { ![.planned, .implemented].contains(tree.mitigations[$0].status) }
        attacks = RiskiestAttacks(analysis, view: .residual, limit: inputs.attackLimit)
        let levels = tree.riskScale.levels
        let high = Array(levels.suffix(levels.count >= 3 ? 2 : 1))
        highBands = high.map(\.name)
        uncoveredHighRisk = Self.uncoveredSteps(analysis, threshold: high.first?.value ?? 0)
    }

    /// Steps whose residual risk reaches `threshold` and that no implemented or planned
    /// mitigation covers: none on the step, and none on some path from the goal to it.
    /// Riskiest first, then in id order.
    static func uncoveredSteps(_ analysis: Analysis, threshold: Double) -> [Step] {
        let tree = analysis.tree
        var covered = [Bool](repeating: false, count: tree.nodes.count)
        var result: [Step] = []
        for index in tree.bottomUpOrder.reversed() {
            let node = tree.nodes[index]
            let own = node.mitigations.contains { [.implemented, .planned].contains(tree.mitigations[$0].status) }
            let above = !node.parents.isEmpty && node.parents.allSatisfy { covered[$0] }
            covered[index] = own || above
            guard node.isStep, !covered[index], let risk = analysis.residual.figures[index].risk, risk >= threshold
            else { continue }
            result.append(Step(node: index, risk: risk))
        }
        return result.sorted {
            if $0.risk != $1.risk { return $0.risk > $1.risk }
            return tree.nodes[$0.node].id < tree.nodes[$1.node].id
        }
    }

    /// The group number (from 1) of each mitigation that is in a group.
    public var groupNumbers: [Int: Int] {
        var numbers: [Int: Int] = [:]
        for (position, group) in inputs.groups.enumerated() {
            for member in group.mitigations where numbers[member] == nil { numbers[member] = position + 1 }
        }
        return numbers
    }
}
