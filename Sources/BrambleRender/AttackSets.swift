import BrambleCore

/// The minimal attack sets of a tree's goal as the score outputs show them: the sets of steps
/// that together achieve the goal, from which no step can be removed.
public struct AttackSetSummary: Sendable {
    /// The view whose blocking mitigations are applied: a blocked step is in no set.
    public let view: View
    /// The order limit used, if any: larger sets are neither listed nor counted.
    public let maxOrder: Int?
    /// The result, or nil when it was not computed.
    public let result: CutSetResult?
    /// The reason the result was not computed.
    public let failure: String?

    /// The maximum number of minimal sets kept for any node while computing. By estimate,
    /// a million sets of a few steps take about 100 MB.
    public static let setLimit = 1_000_000

    /// Computes the minimal attack sets of the goal in `view`, listing at most `maxSets`.
    public init(_ tree: AttackTree, view: View = .residual, maxOrder: Int?, maxSets: Int) {
        self.view = view
        self.maxOrder = maxOrder
        do {
            let exact = try ExactAnalysis(tree: tree, view: view, nodeLimit: Scorer.diagramNodeLimit)
            result = try exact.minimalCutSets(maxOrder: maxOrder, maxCount: maxSets, setLimit: Self.setLimit)
            failure = nil
        } catch is ExactAnalysis.TooManySets {
            result = nil
            failure = "the tree has more than \(Self.setLimit) minimal attack sets; lower --max-order"
        } catch {
            result = nil
            failure = "the decision diagram passed \(Scorer.diagramNodeLimit) nodes"
        }
    }

    /// Returns the JSON form: `count`, `distribution` (sets of order 1, 2, ...) and `sets`
    /// (step ids).
    public func json(_ tree: AttackTree) -> JSONValue {
        guard let result else {
            return .object([("view", .string(view.rawValue)), ("count", .null),
                            ("reason", .string(failure))])
        }
        return .object([
            ("view", .string(view.rawValue)),
            ("maxOrder", maxOrder.map { .number(Double($0)) } ?? .null),
            ("count", .number(Double(result.count))),
            ("distribution", .array(result.distribution.map { .number(Double($0)) })),
            ("listed", .number(Double(result.sets.count))),
            ("sets", .array(result.sets.map { set in .array(set.map { .string(tree.nodes[$0].id.description) }) })),
        ])
    }

    /// Returns the text form: the count and distribution, then the first sets.
    public func text(_ tree: AttackTree, shown: Int = 10) -> String {
        guard let result else { return "Minimal attack sets: not computed (\(failure ?? "no result"))\n" }
        let limit = maxOrder.map { " of at most \($0) steps" } ?? ""
        let orders = result.distribution.enumerated().filter { $0.element > 0 }
            .map { "\($0.element) of \($0.offset + 1) step\($0.offset == 0 ? "" : "s")" }.joined(separator: ", ")
        var out = "Minimal attack sets\(limit) (\(view.rawValue) view): \(result.count)\(orders.isEmpty ? "" : " (\(orders))")\n"
        for set in result.sets.prefix(shown) {
            out += "  {" + set.map { tree.nodes[$0].id.description }.joined(separator: ", ") + "}\n"
        }
        if result.count > min(shown, result.sets.count) {
            out += "  ... \(result.count - min(shown, result.sets.count)) more; use --format json to list them\n"
        }
        return out
    }
}
