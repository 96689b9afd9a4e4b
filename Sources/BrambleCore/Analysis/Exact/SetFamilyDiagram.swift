/// A store of zero-suppressed decision diagrams (ZBDDs): each diagram is a family of sets of
/// literals, such as the cut sets of a gate.
///
/// Literal `2e` stands for event e and literal `2e + 1` for its negation, so the two literals of
/// an event are neighbours in the order and the positive one is tested first. A node
/// (literal, low, high) is the family `low ∪ { {literal} ∪ s : s ∈ high }`. Nodes are
/// hash-consed, so two equal families always have the same reference. Every node is built by
/// `makeNode`, which drops the sets that would hold both literals of one event: such a set
/// describes an impossible scenario. Nodes are never freed; a store lives as long as one
/// analysis.
///
/// The operations are recursive. The recursion depth is bounded by twice the number of
/// literals, so callers with many events run them on a thread with a large stack
/// (`LargeStack.run`).
// Unchecked Sendable: a store is mutable and used by one thread at a time. It is handed to a
// `LargeStack` thread only while its creator waits for that thread.
final class SetFamilyDiagram: @unchecked Sendable {
    typealias Ref = Int32

    /// The family with no set.
    static let empty: Ref = 0
    /// The family whose only set is the empty set.
    static let base: Ref = 1
    /// The literal that terminals carry: after every real literal in the order.
    static let terminalLiteral = Int32.max

    struct Node {
        let literal: Int32
        let low: Ref
        let high: Ref
    }

    /// Thrown when building would create more nodes than `nodeLimit`.
    struct NodeLimitExceeded: Error {
        let limit: Int
    }

    private(set) var nodes: [Node]
    let nodeLimit: Int

    // Unique table: open addressing with linear probing, -1 for an empty slot, doubled when
    // half full.
    private var unique: [Ref]
    private var uniqueMask: Int

    // One direct-mapped cache for every binary operation, keyed by operation, operands and the
    // remaining order budget. A colliding entry overwrites the old one.
    private struct CacheEntry {
        var operation: Int32 = -1
        var f: Ref = -1
        var g: Ref = -1
        var budget: Int32 = -1
        var result: Ref = -1
    }
    private var cache: [CacheEntry]
    private var cacheMask: Int
    private let maxCacheEntries: Int

    private enum Operation: Int32 {
        case union, product, without, minimize, truncate, project, intersect, restrict
    }

    /// Creates an empty store.
    /// - Parameters:
    ///   - nodeLimit: the maximum number of nodes, terminals included; 12 bytes each plus 8 in
    ///     the unique table.
    ///   - maxCacheEntries: the largest operation cache; 20 bytes per entry.
    init(nodeLimit: Int = 1 << 26, maxCacheEntries: Int = 1 << 22) {
        self.nodeLimit = min(nodeLimit, Int(Int32.max))
        var cacheLimit = 4096
        while cacheLimit < maxCacheEntries { cacheLimit <<= 1 }
        self.maxCacheEntries = cacheLimit
        nodes = [
            Node(literal: Self.terminalLiteral, low: Self.empty, high: Self.empty),
            Node(literal: Self.terminalLiteral, low: Self.base, high: Self.base),
        ]
        nodes.reserveCapacity(1024)
        unique = [Ref](repeating: -1, count: 1024)
        uniqueMask = 1023
        cache = [CacheEntry](repeating: CacheEntry(), count: 4096)
        cacheMask = 4095
    }

    /// Returns the family holding one set: the single literal.
    func singleton(_ literal: Int) throws -> Ref {
        try makeNode(Int32(literal), low: Self.empty, high: Self.base)
    }

    func literal(of ref: Ref) -> Int32 { nodes[Int(ref)].literal }

    // MARK: Nodes

    private static func hash(_ a: Int32, _ b: Int32, _ c: Int32, _ d: Int32 = 0) -> Int {
        var key = UInt64(UInt32(bitPattern: a))
        key = key &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: b))
        key = key &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: c))
        key = key &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: d))
        key = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: key ^ (key >> 32))
    }

    /// Returns the node (literal, low, high), after dropping from `high` the sets that hold the
    /// negation of a positive literal, and applying the zero-suppression rule.
    func makeNode(_ literal: Int32, low: Ref, high: Ref) throws -> Ref {
        var high = high
        // The negation of a positive literal comes right after it, so if any set of `high`
        // holds it, it is the top literal of `high`.
        if literal & 1 == 0, nodes[Int(high)].literal == literal + 1 { high = nodes[Int(high)].low }
        if high == Self.empty { return low }
        var slot = Self.hash(literal, low, high) & uniqueMask
        while true {
            let existing = unique[slot]
            if existing < 0 { break }
            let node = nodes[Int(existing)]
            if node.literal == literal, node.low == low, node.high == high { return existing }
            slot = (slot + 1) & uniqueMask
        }
        guard nodes.count < nodeLimit else { throw NodeLimitExceeded(limit: nodeLimit) }
        let ref = Ref(nodes.count)
        nodes.append(Node(literal: literal, low: low, high: high))
        unique[slot] = ref
        if nodes.count * 2 > unique.count { growUnique() }
        if nodes.count > cache.count, cache.count < maxCacheEntries { growCache() }
        return ref
    }

    private func growUnique() {
        let size = unique.count * 2
        unique = [Ref](repeating: -1, count: size)
        uniqueMask = size - 1
        for index in 2..<nodes.count {
            let node = nodes[index]
            var slot = Self.hash(node.literal, node.low, node.high) & uniqueMask
            while unique[slot] >= 0 { slot = (slot + 1) & uniqueMask }
            unique[slot] = Ref(index)
        }
    }

    private func growCache() {
        let size = cache.count * 2
        cache = [CacheEntry](repeating: CacheEntry(), count: size)
        cacheMask = size - 1
    }

    private func cached(_ operation: Operation, _ f: Ref, _ g: Ref, _ budget: Int32) -> Ref? {
        let entry = cache[Self.hash(operation.rawValue, f, g, budget) & cacheMask]
        if entry.operation == operation.rawValue, entry.f == f, entry.g == g, entry.budget == budget {
            return entry.result
        }
        return nil
    }

    private func store(_ operation: Operation, _ f: Ref, _ g: Ref, _ budget: Int32, _ result: Ref) {
        cache[Self.hash(operation.rawValue, f, g, budget) & cacheMask] =
            CacheEntry(operation: operation.rawValue, f: f, g: g, budget: budget, result: result)
    }

    /// Splits a family on `literal`: the sets with it (literal removed) and the sets without.
    private func cofactors(_ ref: Ref, _ literal: Int32) -> (high: Ref, low: Ref) {
        let node = nodes[Int(ref)]
        return node.literal == literal ? (node.high, node.low) : (Self.empty, ref)
    }

    /// Returns the cost of a literal against the order limit: 1 for an event, 0 for a negation.
    private static func cost(_ literal: Int32) -> Int32 { literal & 1 == 0 ? 1 : 0 }

    // MARK: Operations

    /// Returns the union of two families.
    func union(_ f: Ref, _ g: Ref) throws -> Ref {
        if f == Self.empty || f == g { return g }
        if g == Self.empty { return f }
        let (a, b) = f < g ? (f, g) : (g, f)
        if let result = cached(.union, a, b, 0) { return result }
        let literal = min(self.literal(of: a), self.literal(of: b))
        let fa = cofactors(a, literal), gb = cofactors(b, literal)
        let result = try makeNode(literal, low: union(fa.low, gb.low), high: union(fa.high, gb.high))
        store(.union, a, b, 0, result)
        return result
    }

    /// Returns the sets in both families.
    func intersect(_ f: Ref, _ g: Ref) throws -> Ref {
        if f == Self.empty || g == Self.empty { return Self.empty }
        if f == g { return f }
        let (a, b) = f < g ? (f, g) : (g, f)
        if let result = cached(.intersect, a, b, 0) { return result }
        let x = literal(of: a), y = literal(of: b)
        let result: Ref
        if x < y {
            result = try intersect(nodes[Int(a)].low, b)
        } else if y < x {
            result = try intersect(a, nodes[Int(b)].low)
        } else {
            let na = nodes[Int(a)], nb = nodes[Int(b)]
            result = try makeNode(x, low: intersect(na.low, nb.low), high: intersect(na.high, nb.high))
        }
        store(.intersect, a, b, 0, result)
        return result
    }

    /// Returns the sets of `f` that contain `literal` (`present`) or that do not.
    func restrict(_ f: Ref, _ literal: Int32, present: Bool) throws -> Ref {
        let top = self.literal(of: f)
        if top > literal { return present ? Self.empty : f }
        let node = nodes[Int(f)]
        if top == literal { return present ? try makeNode(literal, low: Self.empty, high: node.high) : node.low }
        let key = literal &* 2 &+ (present ? 1 : 0)
        if let result = cached(.restrict, f, key, 0) { return result }
        let result = try makeNode(top, low: restrict(node.low, literal, present: present),
                                  high: restrict(node.high, literal, present: present))
        store(.restrict, f, key, 0, result)
        return result
    }

    /// Returns the sets of `f` with at most `budget` positive literals.
    func truncate(_ f: Ref, _ budget: Int32) throws -> Ref {
        if budget < 0 { return Self.empty }
        if f <= Self.base { return f }
        if let result = cached(.truncate, f, 0, budget) { return result }
        let node = nodes[Int(f)]
        let result = try makeNode(node.literal, low: truncate(node.low, budget),
                                  high: truncate(node.high, budget - Self.cost(node.literal)))
        store(.truncate, f, 0, budget, result)
        return result
    }

    /// Returns every union of a set of `f` and a set of `g` that has at most `budget` positive literals
    /// and no event together with its negation. The result need not be minimal.
    func product(_ f: Ref, _ g: Ref, _ budget: Int32) throws -> Ref {
        if budget < 0 || f == Self.empty || g == Self.empty { return Self.empty }
        if f == Self.base { return try truncate(g, budget) }
        if g == Self.base { return try truncate(f, budget) }
        let (a, b) = f < g ? (f, g) : (g, f)
        if let result = cached(.product, a, b, budget) { return result }
        let literal = min(self.literal(of: a), self.literal(of: b))
        let fa = cofactors(a, literal), gb = cofactors(b, literal)
        let rest = budget - Self.cost(literal)
        var high = Self.empty
        if rest >= 0 {
            high = try union(product(fa.high, gb.high, rest),
                             union(product(fa.high, gb.low, rest), product(fa.low, gb.high, rest)))
        }
        let result = try makeNode(literal, low: product(fa.low, gb.low, budget), high: high)
        store(.product, a, b, budget, result)
        return result
    }

    /// Returns the sets of `f` that contain no set of `g`.
    func without(_ f: Ref, _ g: Ref) throws -> Ref {
        if f == Self.empty || g == Self.base { return Self.empty }
        if g == Self.empty { return f }
        if f == g { return Self.empty }
        if let result = cached(.without, f, g, 0) { return result }
        let x = literal(of: f), y = literal(of: g)
        let result: Ref
        if x > y {
            // No set of f contains y, so only the sets of g without y can be contained.
            result = try without(f, nodes[Int(g)].low)
        } else {
            let fa = cofactors(f, x), gb = cofactors(g, x)
            let high = try without(without(fa.high, gb.high), gb.low)
            result = try makeNode(x, low: without(fa.low, gb.low), high: high)
        }
        store(.without, f, g, 0, result)
        return result
    }

    /// Returns the minimal sets of `f`: those that contain no other set of `f`.
    func minimize(_ f: Ref) throws -> Ref {
        if f <= Self.base { return f }
        if let result = cached(.minimize, f, 0, 0) { return result }
        let node = nodes[Int(f)]
        let low = try minimize(node.low)
        let result = try makeNode(node.literal, low: low, high: without(minimize(node.high), low))
        store(.minimize, f, 0, 0, result)
        return result
    }

    /// Returns the union of two minimal families, minimal again.
    func minimalUnion(_ f: Ref, _ g: Ref) throws -> Ref {
        let newFromG = try without(g, f)
        return try union(without(f, newFromG), newFromG)
    }

    /// Returns the minimal sets among the unions of a set of `f` and a set of `g`, within the budget.
    func minimalProduct(_ f: Ref, _ g: Ref, _ budget: Int32) throws -> Ref {
        try minimize(product(f, g, budget))
    }

    /// Removes every negative literal from every set (the negations are taken to hold), then
    /// keeps the minimal sets.
    func positiveProjection(_ f: Ref) throws -> Ref {
        try minimize(project(f))
    }

    private func project(_ f: Ref) throws -> Ref {
        if f <= Self.base { return f }
        if let result = cached(.project, f, 0, 0) { return result }
        let node = nodes[Int(f)]
        let result: Ref
        if node.literal & 1 == 1 {
            result = try union(project(node.low), project(node.high))
        } else {
            result = try makeNode(node.literal, low: project(node.low), high: project(node.high))
        }
        store(.project, f, 0, 0, result)
        return result
    }

    // MARK: Reading families

    /// Returns the number of sets of each size in `f`, counting positive literals: `result[i]`
    /// sets of i literals. Returns nil when a count does not fit in an `Int`.
    func sizeDistribution(_ f: Ref) -> [Int]? {
        var memo: [Ref: [Int]] = [Self.empty: [], Self.base: [1]]
        var overflow = false
        func add(_ a: [Int], _ b: [Int], shift: Int) -> [Int] {
            var out = a
            if out.count < b.count + shift { out += [Int](repeating: 0, count: b.count + shift - out.count) }
            for (i, value) in b.enumerated() {
                let (sum, over) = out[i + shift].addingReportingOverflow(value)
                if over { overflow = true }
                out[i + shift] = sum
            }
            return out
        }
        // Children before parents: a node's children always have smaller references.
        for ref in reachable(from: f) {
            let node = nodes[Int(ref)]
            memo[ref] = add(memo[node.low]!, memo[node.high]!, shift: Int(Self.cost(node.literal)))
        }
        return overflow ? nil : memo[f]!
    }

    /// Returns the sets of `f` that have exactly `size` positive literals, each as a list of literals
    /// in increasing order.
    func sets(of f: Ref, size: Int) -> [[Int32]] {
        var result: [[Int32]] = []
        var path: [Int32] = []
        // Explicit stack of (node, literals on the path, remaining size).
        var stack: [(Ref, Int, Int)] = [(f, 0, size)]
        while let (ref, depth, remaining) = stack.popLast() {
            path.removeLast(path.count - depth)
            if ref == Self.base {
                if remaining == 0 { result.append(path) }
                continue
            }
            if ref == Self.empty || remaining < 0 { continue }
            let node = nodes[Int(ref)]
            stack.append((node.low, depth, remaining))
            path.append(node.literal)
            stack.append((node.high, depth + 1, remaining - Int(Self.cost(node.literal))))
        }
        return result
    }

    /// Returns the inner nodes reachable from `root`, children first.
    func reachable(from root: Ref) -> [Ref] {
        var visited = Set<Ref>()
        var stack = [root]
        while let ref = stack.popLast() {
            guard ref > Self.base, visited.insert(ref).inserted else { continue }
            let node = nodes[Int(ref)]
            stack.append(node.low)
            stack.append(node.high)
        }
        return visited.sorted()
    }
}
