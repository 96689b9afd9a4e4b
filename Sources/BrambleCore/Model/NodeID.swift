/// A hierarchical node id such as `1.2.1.1`. Ids order number by number, so `1.2` comes before
/// `1.10`.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]

    public init(_ components: [Int]) {
        self.components = components
    }

    /// Parses `1.2.3`: positive whole numbers of at most nine digits separated by dots, without
    /// leading zeros.
    public init?(parsing text: String) {
        var components: [Int] = []
        components.reserveCapacity(8)
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, value > 0 else { return nil }
                components.append(value)
                value = 0
                digits = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9,
                  !(digits == 1 && value == 0)
            else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0, value > 0 else { return nil }
        components.append(value)
        self.components = components
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// Hashes the components folded into one word, which is several times cheaper than
    /// hashing each component; equal ids still hash equally.
    public func hash(into hasher: inout Hasher) {
        var folded: UInt64 = 0xcbf2_9ce4_8422_2325
        for component in components {
            folded = (folded ^ UInt64(truncatingIfNeeded: component)) &* 0x0000_0100_0000_01b3
        }
        hasher.combine(folded)
    }

    /// Returns the id of a child numbered `number` under this id.
    public func child(_ number: Int) -> NodeID {
        var childComponents: [Int] = []
        childComponents.reserveCapacity(components.count + 1)
        childComponents.append(contentsOf: components)
        childComponents.append(number)
        return NodeID(childComponents)
    }

    /// Returns whether this id is numbered directly under `parent`, as 1.2.3 is under 1.2.
    public func isChild(of parent: NodeID) -> Bool {
        components.count == parent.components.count + 1 && components.starts(with: parent.components)
    }

    /// The id one level up, or nil for a one-component id.
    public var parent: NodeID? {
        components.count > 1 ? NodeID(Array(components.dropLast())) : nil
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }
}

extension String {
    /// Whether the text starts with an ASCII digit, read from the UTF-8 bytes, which is much
    /// cheaper than forming the first `Character`.
    var startsWithASCIIDigit: Bool {
        guard let first = utf8.first else { return false }
        return first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
    }
}

extension Character {
    var isASCIIDigit: Bool {
        guard let value = asciiValue else { return false }
        return value >= UInt8(ascii: "0") && value <= UInt8(ascii: "9")
    }
}
