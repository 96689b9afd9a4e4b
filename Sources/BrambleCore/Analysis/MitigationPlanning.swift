import Foundation

/// A group of planned mitigations that remove much more residual goal risk together than any
/// part of the group does, such as two controls on the two branches of an `or` gate.
public struct MitigationGroup: Sendable, Hashable {
    /// Indices into `AttackTree.mitigations`, in declaration order.
    public let mitigations: [Int]
    /// The residual goal risk that implementing the whole group removes.
    public let riskReduction: Double
    /// The maximum that any smaller part of the group removes on its own.
    public let bestPartReduction: Double
}

/// The groups of planned mitigations that are needed together.
public struct MitigationGroupResult: Sendable {
    /// The groups found, largest reduction first, then by the mitigations' order.
    public let groups: [MitigationGroup]
    /// The largest group size examined: 3, or 2 when there are too many planned mitigations
    /// for triples, or 0 when there are too many for pairs.
    public let largestGroup: Int
    /// How many planned mitigations were candidates.
    public let candidates: Int
    /// The reason some groups were not examined, when `largestGroup` is below 3 because of the work limit.
    public let limitation: String?
}

/// The mitigation field that a budget spends.
public enum BudgetMeasure: String, Sendable, CaseIterable {
    /// The mitigations' `cost`.
    case cost
    /// The mitigations' `effort`.
    case effort
}

/// The best set of planned mitigations to implement within a budget.
public struct BudgetPlan: Sendable {
    public let budget: Amount
    public let measure: BudgetMeasure
    /// The mitigations to implement, indices into `AttackTree.mitigations` in declaration order.
    public let chosen: [Int]
    /// The sum of the chosen mitigations' prices.
    public let spent: Double
    /// The goal's residual risk today.
    public let riskBefore: Double
    /// The goal's residual risk once the chosen mitigations are implemented.
    public let riskAfter: Double
    /// Planned mitigations left out of the search, with the reason.
    public let excluded: [(mitigation: Int, reason: String)]
    /// Whether the search was exhaustive (with pruning), so that no other set within the budget
    /// removes more risk. False when there were too many candidates or the search passed its
    /// limit; then the plan is the best one found.
    public let exact: Bool
    /// How many times the goal's risk was recomputed on the whole tree.
    public let recomputations: Int
}

/// The reason a budget plan cannot be made.
public struct BudgetFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether the budget needs a unit, because the priced mitigations use several.
    public let needsUnit: Bool

    init(description: String, needsUnit: Bool = false) {
        self.description = description
        self.needsUnit = needsUnit
    }
}

extension Analysis {
    /// The maximum number of whole-tree recomputations spent looking for groups of mitigations.
    public static let groupRecomputationLimit = 20_000

    /// The share of the goal's residual risk that a group must remove to be reported.
    public static let groupMinimumShare = 0.01

    /// Finds the groups of two or three planned mitigations that are needed together. Such a
    /// group removes at least 1% of the goal's residual risk, and every smaller part of it
    /// removes at most half of what the whole group removes. No larger qualifying group
    /// contains it. Each figure is recomputed on the whole tree.
    /// - Complexity: O(m^3) recomputations of the goal's risk for m planned mitigations, at most
    ///   `groupRecomputationLimit`.
    public func mitigationsNeededTogether() -> MitigationGroupResult {
        let candidates = tree.mitigations.indices.filter {
            tree.mitigations[$0].status == .planned && tree.mitigations[$0].effectiveness != nil
                && !tree.mitigations[$0].covers.isEmpty
        }
        let m = candidates.count
        let pairs = m * (m - 1) / 2
        let triples = pairs * max(0, m - 2) / 3
        let largest: Int
        if pairs + triples <= Self.groupRecomputationLimit {
            largest = 3
        } else if pairs <= Self.groupRecomputationLimit {
            largest = 2
        } else {
            largest = 0
        }
        let limitation: String? = switch largest {
        case 3: nil
        case 2: "\(m) planned mitigations give \(triples) groups of three, past the limit of \(Self.groupRecomputationLimit) recomputations; only pairs were examined"
        default: "\(m) planned mitigations give \(pairs) pairs, past the limit of \(Self.groupRecomputationLimit) recomputations; no group was examined"
        }
        let evaluator = GoalRiskEvaluator(tree)
        let isImplemented = { (mitigation: Mitigation) in mitigation.status == .implemented }
        guard largest >= 2, let base = evaluator.risk(isApplied: isImplemented), base > 0 else {
            return MitigationGroupResult(groups: [], largestGroup: largest, candidates: m, limitation: limitation)
        }
        var reduction: [[Int]: Double] = [:]
        func reductionOf(_ group: [Int]) -> Double {
            if let known = reduction[group] { return known }
            let names = Set(group.map { tree.mitigations[$0].name })
            let risk = evaluator.risk { $0.status == .implemented || names.contains($0.name) }
            let value = max(0, base - (risk ?? base))
            reduction[group] = value
            return value
        }
        var groups: [MitigationGroup] = []
        func consider(_ group: [Int]) {
            let whole = reductionOf(group)
            guard whole >= base * Self.groupMinimumShare else { return }
            var bestPart = 0.0
            for size in 1..<group.count {
                for part in Self.subsets(of: group, size: size) {
                    bestPart = max(bestPart, reductionOf(part))
                    if bestPart > whole / 2 { return }
                }
            }
            groups.append(MitigationGroup(mitigations: group, riskReduction: whole, bestPartReduction: bestPart))
        }
        for size in 2...largest {
            for group in Self.subsets(of: candidates, size: size) { consider(group) }
        }
        // A group inside a larger qualifying group adds no information, so only the larger is kept.
        let qualifying = groups
        groups.removeAll { group in
            qualifying.contains { $0.mitigations.count > group.mitigations.count && Set(group.mitigations).isSubset(of: $0.mitigations) }
        }
        groups.sort { lhs, rhs in
            if lhs.riskReduction != rhs.riskReduction { return lhs.riskReduction > rhs.riskReduction }
            return lhs.mitigations.lexicographicallyPrecedes(rhs.mitigations)
        }
        return MitigationGroupResult(groups: groups, largestGroup: largest, candidates: m, limitation: limitation)
    }

    /// Returns the subsets of `items` with `size` elements, each in the items' order.
    static func subsets(of items: [Int], size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        var result: [[Int]] = []
        for (position, first) in items.enumerated() {
            for rest in subsets(of: Array(items[(position + 1)...]), size: size - 1) {
                result.append([first] + rest)
            }
        }
        return result
    }

    /// The most planned mitigations searched exhaustively for a budget plan.
    public static let budgetExactLimit = 24

    /// The maximum number of whole-tree recomputations a budget search makes before it keeps
    /// the best plan found so far and labels it approximate.
    public static let budgetRecomputationLimit = 100_000

    /// Finds the set of planned mitigations whose implementation leaves the lowest residual goal
    /// risk, with the sum of their prices (`cost` or `effort`) within `budget`.
    ///
    /// Branch and bound over the candidates. Adding a mitigation never raises the risk, because
    /// it only multiplies step or gate probabilities by (1 - effectiveness) and every gate is
    /// monotone. So the risk with every remaining affordable candidate added bounds a branch
    /// from below. Ties
    /// go to the smaller spend, then to fewer mitigations, then to the earlier declared ones.
    /// Past `budgetExactLimit` candidates or `budgetRecomputationLimit` recomputations, the plan
    /// is the better of a greedy choice (the largest risk removed per unit of price, recomputed
    /// after each pick) and the best set the search found, and is labelled approximate.
    /// - Throws: `BudgetFailure` when the goal's risk is unknown, or when the budget has no unit
    ///   and the priced planned mitigations use more than one.
    public func bestPlan(within budget: Amount, measure: BudgetMeasure = .cost) throws(BudgetFailure) -> BudgetPlan {
        let evaluator = GoalRiskEvaluator(tree)
        guard let base = evaluator.risk(isApplied: { $0.status == .implemented }) else {
            throw BudgetFailure(description: "the goal's residual risk is unknown, so no plan can be compared")
        }
        var excluded: [(mitigation: Int, reason: String)] = []
        var priced: [(index: Int, price: Amount)] = []
        for index in tree.mitigations.indices where tree.mitigations[index].status == .planned {
            let mitigation = tree.mitigations[index]
            guard mitigation.effectiveness != nil else { continue }
            guard let price = measure == .cost ? mitigation.cost : mitigation.effort else {
                excluded.append((index, "no \(measure.rawValue)"))
                continue
            }
            priced.append((index, price))
        }
        // A unit and its plural with a final "s" (person-day, person-days) are one unit.
        func normalized(_ unit: String?) -> String {
            guard let unit else { return "" }
            return unit.hasSuffix("s") && unit.count > 1 ? String(unit.dropLast()) : unit
        }
        if budget.unit == nil {
            if Set(priced.map { normalized($0.price.unit) }).count > 1 {
                let units = Set(priced.map { $0.price.unit ?? "" })
                let listed = units.sorted().map { $0.isEmpty ? "(no unit)" : $0 }.joined(separator: ", ")
                throw BudgetFailure(description: "planned mitigations give their \(measure.rawValue) in several units (\(listed)); give the budget a unit, as in '--budget \"\(Amount.format(budget.value)) \(units.sorted().last!)\"', to plan with the mitigations in that unit", needsUnit: true)
            }
        }
        var candidates: [(index: Int, price: Double)] = []
        for entry in priced {
            if let unit = budget.unit, normalized(entry.price.unit) != normalized(unit) {
                excluded.append((entry.index, "\(measure.rawValue) in \(entry.price.unit ?? "no unit"), not \(unit)"))
            } else if entry.price.value <= budget.value {
                candidates.append((entry.index, entry.price.value))
            }
        }

        var recomputations = 0
        func risk(_ chosen: [Int]) -> Double {
            recomputations += 1
            let names = Set(chosen.map { tree.mitigations[$0].name })
            return evaluator.risk { $0.status == .implemented || names.contains($0.name) } ?? base
        }
        // Search the candidates that remove the most on their own first, so that good plans
        // are found early and prune the rest.
        let single = Dictionary(uniqueKeysWithValues: candidates.map { ($0.index, risk([$0.index])) })
        candidates.sort { lhs, rhs in
            if single[lhs.index]! != single[rhs.index]! { return single[lhs.index]! < single[rhs.index]! }
            return lhs.index < rhs.index
        }

        struct Plan {
            var chosen: [Int]
            var spent: Double
            var risk: Double
        }
        let tolerance = max(base, 1) * 1e-12
        func isBetter(_ plan: Plan, than other: Plan) -> Bool {
            if abs(plan.risk - other.risk) > tolerance { return plan.risk < other.risk }
            if plan.spent != other.spent { return plan.spent < other.spent }
            if plan.chosen.count != other.chosen.count { return plan.chosen.count < other.chosen.count }
            return plan.chosen.sorted().lexicographicallyPrecedes(other.chosen.sorted())
        }

        // Greedy: the largest risk removed per unit of price, recomputed after each pick.
        var best = Plan(chosen: [], spent: 0, risk: base)
        var greedy = best
        while true {
            var pick: (position: Int, risk: Double, score: Double)?
            for (position, candidate) in candidates.enumerated()
            where !greedy.chosen.contains(candidate.index) && greedy.spent + candidate.price <= budget.value {
                let after = risk(greedy.chosen + [candidate.index])
                let removed = greedy.risk - after
                guard removed > tolerance else { continue }
                let score = candidate.price == 0 ? .infinity : removed / candidate.price
                if pick == nil || score > pick!.score { pick = (position, after, score) }
            }
            guard let pick else { break }
            greedy.chosen.append(candidates[pick.position].index)
            greedy.spent += candidates[pick.position].price
            greedy.risk = pick.risk
        }
        if isBetter(greedy, than: best) { best = greedy }

        var exact = candidates.count <= Self.budgetExactLimit
        if exact {
            // Depth-first branch and bound. `chosen` contains candidate positions below `next`.
            func search(_ next: Int, _ chosen: [Int], _ spent: Double) {
                guard exact else { return }
                if recomputations >= Self.budgetRecomputationLimit {
                    exact = false
                    return
                }
                let left = budget.value - spent
                let affordable = (next..<candidates.count).filter { candidates[$0].price <= left }
                let all = chosen + affordable
                let bound = risk(all.map { candidates[$0].index })
                let total = affordable.reduce(0) { $0 + candidates[$1].price }
                if total <= left {
                    // Every remaining affordable candidate fits: taking them all is this
                    // branch's best plan, because adding a mitigation never raises the risk.
                    let plan = Plan(chosen: all.map { candidates[$0].index }, spent: spent + total, risk: bound)
                    let trimmed = trim(plan)
                    if isBetter(trimmed, than: best) { best = trimmed }
                    return
                }
                guard bound < best.risk - tolerance || abs(bound - best.risk) <= tolerance && spent < best.spent else { return }
                guard let first = affordable.first else { return }
                search(first + 1, chosen + [first], spent + candidates[first].price)
                search(first + 1, chosen, spent)
            }
            // Drops mitigations that do not change the risk, so that ties go to the smaller spend.
            func trim(_ plan: Plan) -> Plan {
                var current = plan
                for index in plan.chosen.sorted(by: { lhs, rhs in
                    let left = candidates.first { $0.index == lhs }!.price
                    let right = candidates.first { $0.index == rhs }!.price
                    return left != right ? left > right : lhs > rhs
                }) {
                    let without = current.chosen.filter { $0 != index }
                    let after = risk(without)
                    if abs(after - current.risk) <= tolerance {
                        current = Plan(chosen: without, spent: current.spent - candidates.first { $0.index == index }!.price,
                                       risk: current.risk)
                    }
                }
                return current
            }
            search(0, [], 0)
        }
        return BudgetPlan(budget: budget, measure: measure, chosen: best.chosen.sorted(), spent: best.spent,
                          riskBefore: base, riskAfter: best.risk, excluded: excluded, exact: exact,
                          recomputations: recomputations)
    }
}
