/// A rule that fails a `bramble diff` run, for use as a CI check. Every rule reads the goal's
/// residual risk, the figure that counts the mitigations in place.
public enum DiffGate: Sendable, Equatable, CustomStringConvertible {
    /// Trips when the goal's residual risk is higher in the new tree, or unknown there while
    /// known in the old one.
    case residualIncrease
    /// Trips when the new goal's residual band is this band or a higher one, or its risk is
    /// unknown.
    case band(String)
    /// Trips when the new goal's residual risk is above this value, or unknown.
    case maxRisk(Double)

    /// Reads a `--fail-on` rule: `residual-increase` or `band:NAME`.
    public init?(failOn text: String) {
        if text == "residual-increase" {
            self = .residualIncrease
        } else if text.hasPrefix("band:"), text.count > 5 {
            self = .band(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    /// The rule as written on the command line.
    public var description: String {
        switch self {
        case .residualIncrease: "residual-increase"
        case .band(let name): "band:\(name)"
        case .maxRisk(let value): "max-risk \(Amount.format(value))"
        }
    }

    /// The error for a band that the new tree's risk scale does not define.
    public struct UnknownBand: Error, Sendable {
        public let band: String
        /// The bands the scale defines, lowest first.
        public let levels: [String]
    }
}

/// The outcome of one gate.
public struct GateResult: Sendable {
    public let gate: DiffGate
    public let tripped: Bool
    /// What the rule found, as a sentence without a final period.
    public let message: String
    /// The nodes behind a tripped gate: the goal, and for `residual-increase` every paired
    /// node whose residual risk rose, in the new tree's ids.
    public let nodes: [NodeID]
}

extension TreeDiff {
    /// Evaluates each gate on this diff, in the order given.
    public func evaluate(_ gates: [DiffGate]) throws(DiffGate.UnknownBand) -> [GateResult] {
        var results: [GateResult] = []
        let residual = goal.view(.residual)
        let newRisk = residual.new?.risk
        let goalID = new.goal.id
        for gate in gates {
            switch gate {
            case .residualIncrease:
                let rose = residual.risk == .up || (residual.old?.risk != nil && newRisk == nil)
                let nodes = risks.compactMap { change -> NodeID? in
                    guard change.old != nil, let index = change.new, index != 0,
                          change.view(.residual).risk == .up else { return nil }
                    return new.nodes[index].id
                }
                let message = rose
                    ? "the goal's residual risk rose from \(Self.format(residual.old?.risk)) to \(Self.format(newRisk))"
                    : "the goal's residual risk did not rise (\(Self.format(residual.old?.risk)) to \(Self.format(newRisk)))"
                results.append(GateResult(gate: gate, tripped: rose, message: message, nodes: rose ? [goalID] + nodes : []))
            case .band(let name):
                let levels = new.riskScale.levels.map(\.name)
                guard let limit = levels.firstIndex(of: name) else {
                    throw DiffGate.UnknownBand(band: name, levels: levels)
                }
                let band = residual.new?.band
                let position = band.flatMap { levels.firstIndex(of: $0) }
                let tripped = position.map { $0 >= limit } ?? true
                let message = band.map { "the goal's residual risk is in band \($0) (\(Self.format(newRisk))), \(tripped ? "at or above" : "below") \(name)" }
                    ?? "the goal's residual risk is unknown, so it cannot be shown to be below band \(name)"
                results.append(GateResult(gate: gate, tripped: tripped, message: message, nodes: tripped ? [goalID] : []))
            case .maxRisk(let limit):
                let tripped = newRisk.map { $0 > limit } ?? true
                let message = newRisk.map { "the goal's residual risk is \(Self.format($0)), \(tripped ? "above" : "within") the maximum \(Amount.format(limit))" }
                    ?? "the goal's residual risk is unknown, so it cannot be shown to be within \(Amount.format(limit))"
                results.append(GateResult(gate: gate, tripped: tripped, message: message, nodes: tripped ? [goalID] : []))
            }
        }
        return results
    }

    /// Formats a risk with up to four decimals, or `unknown`.
    static func format(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        return Amount.format((value * 10000).rounded() / 10000)
    }
}
