import Foundation

/// Warnings about the tree's content rather than its form: plans past their date and risky
/// steps with no mitigation.
extension TreeBuilder {
    /// Returns today's date as `YYYY-MM-DD` in UTC.
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Warns about planned mitigations whose due date is before `today`.
    mutating func checkDueDates(today: String) {
        for mitigation in mitigations where mitigation.status == .planned {
            guard let due = mitigation.due, due < today else { continue }
            warning(.pastDue, at: mitigation.location,
                    "planned mitigation '\(mitigation.name)' was due on \(due); implement it, or update 'due' or 'status' to match the plan")
        }
    }

    /// Warns when steps give costs in different units, because sums of them would mean nothing.
    mutating func checkCostUnits(_ tree: AttackTree) {
        guard tree.costUnits.count > 1 else { return }
        let first = tree.nodes.first { $0.cost != nil }!
        for node in tree.nodes {
            guard let cost = node.cost, (cost.unit ?? "") != (first.cost?.unit ?? "") else { continue }
            let expected = first.cost?.unit ?? "no unit"
            warning(.mixedCostUnits, at: node.location,
                    "step \(node.id) costs \(cost) but step \(first.id) uses \(expected); give every step's cost in one unit, or attack costs cannot be added up and are reported as unknown")
            return
        }
    }

    /// Warns when a profile limits cost in a unit that some step's cost does not use, because
    /// the limit cannot rule those steps out.
    mutating func checkProfileUnits(_ tree: AttackTree) {
        for profile in tree.profiles {
            guard let limit = profile.maxCost else { continue }
            guard let step = tree.nodes.first(where: { node in
                node.cost.map { ($0.unit ?? "") != (limit.unit ?? "") } ?? false
            }) else { continue }
            warning(.mixedCostUnits, at: profile.location,
                    "profile '\(profile.name)' limits cost to \(limit) but step \(step.id) costs \(step.cost!); give the limit in the steps' unit, or steps in other units are not limited")
        }
    }

    /// Warns about steps whose inherent risk falls in the two highest bands of the risk scale
    /// and that no mitigation of any status covers, on the step or on every path above it.
    mutating func checkUnmitigatedRisk(_ tree: AttackTree) {
        let levels = tree.riskScale.levels
        guard levels.count >= 2 else { return }
        let high = levels[levels.count >= 3 ? levels.count - 2 : levels.count - 1]
        // A step's inherent probability is its likelihood, so its risk needs no evaluation of the
        // tree: only the impact it inherits from the node it is written under.
        // Nodes are read through the buffer, field by field: copying a whole node out of the
        // array would retain and release its lists on every visit.
        tree.nodes.withUnsafeBufferPointer { nodes in
            // Nodes are in pre-order, so the parent a node is written under comes before it. A
            // shared node's other parents may come after it, so with shared nodes the coverage
            // follows the goal-first order of the graph. Without them, a node's written parent
            // is its only one, and one pass in index order reads a large tree front to back.
            // Either way, the warnings kept when there are too many to show are the first ones
            // in the file.
            // Impacts are NaN where a node and those above it have none, which takes half the
            // memory of optionals. The checker rejects NaN values, so no real impact is NaN.
            var impact = [Double](repeating: .nan, count: nodes.count)
            var covered = [Bool](repeating: false, count: nodes.count)
            // Records whether the node is covered and returns its risk when it needs a warning.
            func visit(_ index: Int, above: Bool) -> Double? {
                covered[index] = !nodes[index].mitigations.isEmpty || above
                let likelihood = nodes[index].likelihoodValue
                let stepImpact = impact[index]
                guard nodes[index].isStep, !covered[index], !likelihood.isNaN, !stepImpact.isNaN,
                      likelihood * stepImpact >= high.value
                else { return nil }
                return likelihood * stepImpact
            }
            func warn(_ index: Int, risk: Double) {
                let node = nodes[index]
                warning(.unmitigatedHighRisk, at: node.location,
                        "step \(node.id) has \(tree.riskScale.band(of: risk)) inherent risk (\((risk * 100).rounded() / 100)) and no mitigation; attach one with 'mitigated-by', or an accepted mitigation with a justification")
            }
            if tree.sharedNodes.isEmpty {
                for index in nodes.indices {
                    let parent = nodes[index].parent
                    impact[index] = nodes[index].impact?.value ?? parent.map { impact[$0] } ?? .nan
                    if let risk = visit(index, above: parent.map { covered[$0] } ?? false) { warn(index, risk: risk) }
                }
            } else {
                for index in nodes.indices {
                    impact[index] = nodes[index].impact?.value ?? nodes[index].parent.map { impact[$0] } ?? .nan
                }
                var found: [(index: Int, risk: Double)] = []
                for index in tree.bottomUpOrder.reversed() {
                    let parents = nodes[index].parents
                    if let risk = visit(index, above: !parents.isEmpty && parents.allSatisfy { covered[$0] }) {
                        found.append((index, risk))
                    }
                }
                for (index, risk) in found.sorted(by: { $0.index < $1.index }) { warn(index, risk: risk) }
            }
        }
    }
}
