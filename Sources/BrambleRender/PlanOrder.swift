import BrambleCore

/// The order in which the plan lists planned mitigations: exact residual risk removed per unit
/// of effort, largest first.
///
/// A mitigation's effort is its `effort` attribute, or its `cost` when it has no effort. Ratios
/// are only compared within one unit, the plan's effort unit: the unit that most planned
/// mitigations use (the first declared on a tie). Units are compared without case and without
/// a final `s`, so `person-day` and `person-days` are one unit. Mitigations with an effort of zero and a
/// positive reduction come first. Mitigations with no effort, an effort in another unit, or an
/// unknown reduction follow, by reduction alone. Ties are broken by name.
public struct PlanOrder: Sendable {
    /// One planned mitigation's place in the plan.
    public struct Entry: Sendable {
        /// Index into `AttackTree.mitigations`.
        public let mitigation: Int
        /// The effort the ratio uses: `effort`, else `cost`.
        public let effort: Amount?
        /// Residual risk removed per unit of effort; nil when it cannot be compared.
        public let reductionPerEffort: Double?
    }

    /// The unit that ratios are compared in, as first written; nil when no planned mitigation
    /// has an effort. An effort without a unit counts as the unit "".
    public let effortUnit: String?
    /// Planned mitigations in plan order.
    public let entries: [Entry]

    public init(_ analysis: Analysis) {
        let tree = analysis.tree
        let planned = tree.mitigations.indices.filter { tree.mitigations[$0].status == .planned }
        func effort(_ index: Int) -> Amount? { tree.mitigations[index].effort ?? tree.mitigations[index].cost }

        var unitCounts: [(key: String, written: String, count: Int)] = []
        for index in planned {
            guard let amount = effort(index) else { continue }
            let key = Self.unitKey(amount.unit)
            if let position = unitCounts.firstIndex(where: { $0.key == key }) {
                unitCounts[position].count += 1
            } else {
                unitCounts.append((key, amount.unit ?? "", 1))
            }
        }
        // max(by:) returns the first of equal elements, so the first declared unit wins a tie.
        let chosen = unitCounts.max { $0.count < $1.count }
        let unit = chosen?.key
        effortUnit = chosen?.written

        let entries = planned.map { index -> Entry in
            let amount = effort(index)
            var ratio: Double?
            if let amount, Self.unitKey(amount.unit) == unit, let reduction = analysis.effects[index].riskReduction {
                ratio = amount.value > 0 ? reduction / amount.value : (reduction > 0 ? .infinity : 0)
            }
            return Entry(mitigation: index, effort: amount, reductionPerEffort: ratio)
        }
        self.entries = entries.sorted { lhs, rhs in
            switch (lhs.reductionPerEffort, rhs.reductionPerEffort) {
            case (let left?, let right?) where left != right: return left > right
            case (.some, .none): return true
            case (.none, .some): return false
            default: break
            }
            let left = analysis.effects[lhs.mitigation].riskReduction ?? -1
            let right = analysis.effects[rhs.mitigation].riskReduction ?? -1
            if left != right { return left > right }
            return tree.mitigations[lhs.mitigation].name < tree.mitigations[rhs.mitigation].name
        }
    }

    /// Returns the form of a unit that comparisons use: lower case, without a final `s`.
    static func unitKey(_ unit: String?) -> String {
        var key = (unit ?? "").lowercased()
        if key.count > 1, key.hasSuffix("s") { key.removeLast() }
        return key
    }
}
