/// A hierarchical node id such as `1.2.1.1`. Ids order number by number, so `1.2` comes before
/// `1.10`.
///
/// Trees are read, hashed and compared by id all the time. So an id of at most 15 components
/// below 256, which covers hand-written trees unless a node has more than 255 children or
/// nesting passes 15 levels, is packed into two words with no allocation. Each component takes
/// a byte, from the most significant byte of `high` on, and the bytes after the last are zero.
/// Comparing the two words as numbers then orders ids number by number, because every
/// component is at least 1. Any other id keeps its components in an array.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    private let high: UInt64
    private let low: UInt64
    /// The components of an id that cannot be packed, or nil when the id is packed.
    private let unpacked: [Int]?

    private static let maxPacked = 15

    public init(_ components: [Int]) {
        if components.count <= NodeID.maxPacked, components.allSatisfy({ $0 >= 1 && $0 <= 255 }) {
            var words: (UInt64, UInt64) = (0, 0)
            for (position, component) in components.enumerated() {
                NodeID.setByte(&words, at: position, to: UInt8(component))
            }
            (high, low, unpacked) = (words.0, words.1, nil)
        } else {
            (high, low, unpacked) = (0, 0, components)
        }
    }

    private init(high: UInt64, low: UInt64) {
        (self.high, self.low, self.unpacked) = (high, low, nil)
    }

    private static func setByte(_ words: inout (UInt64, UInt64), at position: Int, to value: UInt8) {
        if position < 8 {
            words.0 |= UInt64(value) << UInt64(56 - 8 * position)
        } else {
            words.1 |= UInt64(value) << UInt64(56 - 8 * (position - 8))
        }
    }

    private func byte(at position: Int) -> Int {
        let word = position < 8 ? high : low
        return Int((word >> UInt64(56 - 8 * (position & 7))) & 0xff)
    }

    /// Parses `1.2.3`: positive whole numbers of at most nine digits separated by dots, without
    /// leading zeros.
    public init?(parsing text: String) {
        self.init(parsingUTF8: text.utf8)
    }

    /// Reads an id from its UTF-8 bytes, such as a token's bytes in a source file, without
    /// making a string first.
    public init?<Bytes: Sequence<UInt8>>(parsingUTF8 bytes: Bytes) {
        var words: (UInt64, UInt64) = (0, 0)
        var count = 0
        var packable = true
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, value > 0 else { return nil }
                if count < NodeID.maxPacked, value <= 255 {
                    NodeID.setByte(&words, at: count, to: UInt8(value))
                } else {
                    packable = false
                }
                count += 1
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
        if packable, count < NodeID.maxPacked, value <= 255 {
            NodeID.setByte(&words, at: count, to: UInt8(value))
            self.init(high: words.0, low: words.1)
        } else {
            self.init(String(decoding: Array(bytes), as: UTF8.self).split(separator: ".").map { Int($0)! })
        }
    }

    /// The number of components: 1 for the goal, 2 for its children, and so on.
    public var depth: Int {
        if let unpacked { return unpacked.count }
        if low != 0 { return 16 - low.trailingZeroBitCount / 8 }
        return 8 - high.trailingZeroBitCount / 8
    }

    /// The last component: the node's number among its siblings.
    public var last: Int {
        if let unpacked { return unpacked.last ?? 0 }
        let count = depth
        return count == 0 ? 0 : byte(at: count - 1)
    }

    /// The numbers of the id, outermost first.
    public var components: [Int] {
        if let unpacked { return unpacked }
        return (0..<depth).map { byte(at: $0) }
    }

    public var description: String {
        guard unpacked == nil else { return components.map(String.init).joined(separator: ".") }
        var text: [UInt8] = []
        text.reserveCapacity(4 * depth)
        for position in 0..<depth {
            if position > 0 { text.append(UInt8(ascii: ".")) }
            let value = byte(at: position)
            if value >= 100 { text.append(UInt8(ascii: "0") + UInt8(value / 100)) }
            if value >= 10 { text.append(UInt8(ascii: "0") + UInt8(value / 10 % 10)) }
            text.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Hashes the packed words, or the components folded into one word, which is several
    /// times cheaper than hashing each component. Equal ids still hash equally.
    public func hash(into hasher: inout Hasher) {
        guard let unpacked else {
            hasher.combine(high)
            hasher.combine(low)
            return
        }
        var folded: UInt64 = 0xcbf2_9ce4_8422_2325
        for component in unpacked {
            folded = (folded ^ UInt64(truncatingIfNeeded: component)) &* 0x0000_0100_0000_01b3
        }
        hasher.combine(folded)
    }

    /// Returns the id of a child numbered `number` under this id.
    public func child(_ number: Int) -> NodeID {
        let count = depth
        if unpacked == nil, count < NodeID.maxPacked, number >= 1, number <= 255 {
            var words = (high, low)
            NodeID.setByte(&words, at: count, to: UInt8(number))
            return NodeID(high: words.0, low: words.1)
        }
        return NodeID(components + [number])
    }

    /// Returns whether this id is numbered directly under `parent`, as 1.2.3 is under 1.2.
    public func isChild(of parent: NodeID) -> Bool {
        let count = parent.depth
        guard depth == count + 1 else { return false }
        if unpacked == nil, parent.unpacked == nil {
            // Clearing this id's last byte must give the parent.
            var words = (high, low)
            if count < 8 {
                words.0 &= ~(UInt64(0xff) << UInt64(56 - 8 * count))
            } else {
                words.1 &= ~(UInt64(0xff) << UInt64(56 - 8 * (count - 8)))
            }
            return words == (parent.high, parent.low)
        }
        return components.starts(with: parent.components)
    }

    /// The id one level up, or nil for a one-component id.
    public var parent: NodeID? {
        let components = components
        return components.count > 1 ? NodeID(Array(components.dropLast())) : nil
    }

    public static func == (lhs: NodeID, rhs: NodeID) -> Bool {
        lhs.high == rhs.high && lhs.low == rhs.low && lhs.unpacked == rhs.unpacked
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        if lhs.unpacked == nil, rhs.unpacked == nil {
            return (lhs.high, lhs.low) < (rhs.high, rhs.low)
        }
        return lhs.components.lexicographicallyPrecedes(rhs.components)
    }
}

extension Character {
    var isASCIIDigit: Bool {
        guard let value = asciiValue else { return false }
        return value >= UInt8(ascii: "0") && value <= UInt8(ascii: "9")
    }
}
