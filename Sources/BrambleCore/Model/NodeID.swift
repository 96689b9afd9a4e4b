/// A hierarchical node id such as `1.2.1.1`. Ids order number by number, so `1.2` comes before
/// `1.10`.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]

    public init(_ components: [Int]) {
        self.components = components
    }

    /// Parses `1.2.3`: positive whole numbers separated by dots, without leading zeros.
    public init?(parsing text: String) {
        var components: [Int] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy(\.isASCIIDigit),
                  !(part.count > 1 && part.first == "0"), let value = Int(part), value > 0
            else { return nil }
            components.append(value)
        }
        self.components = components
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// The id of a child numbered `number` under this id.
    public func child(_ number: Int) -> NodeID { NodeID(components + [number]) }

    /// The id one level up, or nil for a one-component id.
    public var parent: NodeID? {
        components.count > 1 ? NodeID(Array(components.dropLast())) : nil
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
