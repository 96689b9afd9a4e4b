/// A store of reduced ordered binary decision diagrams (BDDs) over a fixed number of variables.
///
/// Nodes are hash-consed in a unique table, so two equal functions always have the same
/// reference. Variable 0 is tested first. Nodes are never freed: a store lives as long as one
/// analysis, so memory grows with every node ever built.
struct DecisionDiagram: Sendable {
    /// A node reference. `falseRef` and `trueRef` are the terminals.
    typealias Ref = Int32

    static let falseRef: Ref = 0
    static let trueRef: Ref = 1

    /// The variable that terminals carry: after every real variable in the order.
    static let terminalVariable = Int32.max

    struct Node: Sendable {
        let variable: Int32
        /// The function when the variable is false.
        let low: Ref
        /// The function when the variable is true.
        let high: Ref
    }

    /// Thrown when building would create more nodes than `nodeLimit`.
    struct NodeLimitExceeded: Error, Sendable {
        let limit: Int
    }

    /// Every node, terminals at 0 and 1. A node's children always come before it.
    private(set) var nodes: [Node]
    let variableCount: Int
    /// The maximum number of nodes. Building past it throws `NodeLimitExceeded`.
    let nodeLimit: Int
    /// The maximum number of entries in the computed cache.
    let maxCacheEntries: Int

    // The unique table: open addressing with linear probing, -1 for an empty slot. It doubles
    // whenever it becomes half full, so a lookup stays O(1) on average.
    private var unique: [Ref]
    private var uniqueMask: Int

    // The computed cache of ITE results is direct-mapped: a colliding entry overwrites the old
    // one. It starts at 4,096 entries and doubles whenever the node count passes its size, up to
    // `maxCacheEntries`. Growing drops the old entries.
    private var cache: [CacheEntry]
    private var cacheMask: Int

    private struct CacheEntry: Sendable {
        var f: Ref = -1
        var g: Ref = -1
        var h: Ref = -1
        var result: Ref = -1
    }

    /// Creates an empty store.
    /// - Parameters:
    ///   - nodeLimit: the maximum number of nodes, terminals included. By estimate, 2^26 nodes
    ///     take about 1.3 GB: 12 bytes per node and 8 per node in the unique table.
    ///   - maxCacheEntries: the largest computed cache, rounded up to a power of two; each
    ///     entry takes 16 bytes.
    init(variableCount: Int, nodeLimit: Int = 1 << 26, maxCacheEntries: Int = 1 << 22) {
        precondition(variableCount < Int(Int32.max), "too many variables for 32-bit node fields")
        self.variableCount = variableCount
        self.nodeLimit = min(nodeLimit, Int(Int32.max))
        var cacheLimit = 4096
        while cacheLimit < maxCacheEntries { cacheLimit <<= 1 }
        self.maxCacheEntries = cacheLimit
        nodes = [
            Node(variable: Self.terminalVariable, low: Self.falseRef, high: Self.falseRef),
            Node(variable: Self.terminalVariable, low: Self.trueRef, high: Self.trueRef),
        ]
        nodes.reserveCapacity(1024)
        unique = [Ref](repeating: -1, count: 1024)
        uniqueMask = 1023
        cache = [CacheEntry](repeating: CacheEntry(), count: 4096)
        cacheMask = 4095
    }

    /// Returns the function that is true exactly when `variable` is true.
    mutating func variable(_ variable: Int) throws -> Ref {
        precondition(variable >= 0 && variable < variableCount, "variable \(variable) out of range")
        return try makeNode(Int32(variable), low: Self.falseRef, high: Self.trueRef)
    }

    /// Returns the variable a node tests, `terminalVariable` for a terminal.
    func variable(of ref: Ref) -> Int32 { nodes[Int(ref)].variable }

    // MARK: Nodes

    private static func hash(_ variable: Int32, _ low: Ref, _ high: Ref) -> Int {
        var key = UInt64(UInt32(bitPattern: variable))
        key = key &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: low))
        key = key &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: high))
        key = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: key ^ (key >> 32))
    }

    /// Returns the node (variable, low, high), creating it unless it exists or is redundant.
    /// - Complexity: O(1) on average; O(nodes) when the unique table doubles.
    mutating func makeNode(_ variable: Int32, low: Ref, high: Ref) throws -> Ref {
        if low == high { return low }
        var slot = Self.hash(variable, low, high) & uniqueMask
        while true {
            let existing = unique[slot]
            if existing < 0 { break }
            let node = nodes[Int(existing)]
            if node.variable == variable, node.low == low, node.high == high { return existing }
            slot = (slot + 1) & uniqueMask
        }
        guard nodes.count < nodeLimit else { throw NodeLimitExceeded(limit: nodeLimit) }
        let ref = Ref(nodes.count)
        nodes.append(Node(variable: variable, low: low, high: high))
        unique[slot] = ref
        if nodes.count * 2 > unique.count { growUnique() }
        if nodes.count > cache.count, cache.count < maxCacheEntries { growCache() }
        return ref
    }

    /// Doubles the unique table and reinserts every inner node.
    /// - Complexity: O(nodes).
    private mutating func growUnique() {
        let size = unique.count * 2
        unique = [Ref](repeating: -1, count: size)
        uniqueMask = size - 1
        for index in 2..<nodes.count {
            let node = nodes[index]
            var slot = Self.hash(node.variable, node.low, node.high) & uniqueMask
            while unique[slot] >= 0 { slot = (slot + 1) & uniqueMask }
            unique[slot] = Ref(index)
        }
    }

    private mutating func growCache() {
        let size = cache.count * 2
        cache = [CacheEntry](repeating: CacheEntry(), count: size)
        cacheMask = size - 1
    }

    // MARK: Operations

    /// Returns the function "if f then g else h".
    ///
    /// Runs the standard recursive ITE with an explicit stack, so deep diagrams cannot overflow
    /// the thread's stack. The explicit stack contains at most two frames per variable.
    /// - Complexity: O(|f| × |g| × |h|) in the worst case, far less with the computed cache.
    mutating func ite(_ f: Ref, _ g: Ref, _ h: Ref) throws -> Ref {
        struct Frame {
            var f, g, h: Ref
            var variable: Int32 = 0
            var low: Ref = 0
            // 0: not started, 1: low cofactor computed, 2: both computed.
            var phase: UInt8 = 0
        }
        var stack = [Frame(f: f, g: g, h: h)]
        var result: Ref = Self.falseRef
        while var frame = stack.popLast() {
            switch frame.phase {
            case 0:
                if let terminal = Self.terminalCase(frame.f, frame.g, frame.h) {
                    result = terminal
                    continue
                }
                let slot = Self.hash(frame.f, frame.g, frame.h) & cacheMask
                let entry = cache[slot]
                if entry.f == frame.f, entry.g == frame.g, entry.h == frame.h {
                    result = entry.result
                    continue
                }
                frame.variable = min(variable(of: frame.f), variable(of: frame.g), variable(of: frame.h))
                frame.phase = 1
                stack.append(frame)
                stack.append(Frame(f: cofactor(frame.f, frame.variable, high: false),
                                   g: cofactor(frame.g, frame.variable, high: false),
                                   h: cofactor(frame.h, frame.variable, high: false)))
            case 1:
                frame.low = result
                frame.phase = 2
                stack.append(frame)
                stack.append(Frame(f: cofactor(frame.f, frame.variable, high: true),
                                   g: cofactor(frame.g, frame.variable, high: true),
                                   h: cofactor(frame.h, frame.variable, high: true)))
            default:
                result = try makeNode(frame.variable, low: frame.low, high: result)
                let slot = Self.hash(frame.f, frame.g, frame.h) & cacheMask
                cache[slot] = CacheEntry(f: frame.f, g: frame.g, h: frame.h, result: result)
            }
        }
        return result
    }

    private static func terminalCase(_ f: Ref, _ g: Ref, _ h: Ref) -> Ref? {
        if f == trueRef || g == h { return g }
        if f == falseRef { return h }
        if g == trueRef, h == falseRef { return f }
        return nil
    }

    private func cofactor(_ ref: Ref, _ variable: Int32, high: Bool) -> Ref {
        let node = nodes[Int(ref)]
        guard node.variable == variable else { return ref }
        return high ? node.high : node.low
    }

    /// Returns f and g.
    /// - Complexity: O(|f| × |g|).
    mutating func and(_ f: Ref, _ g: Ref) throws -> Ref { try ite(f, g, Self.falseRef) }

    /// Returns f or g.
    /// - Complexity: O(|f| × |g|).
    mutating func or(_ f: Ref, _ g: Ref) throws -> Ref { try ite(f, Self.trueRef, g) }

    /// Returns the function that is true when at least `k` of `operands` are true, by the
    /// threshold recursion T(i, j) = ite(operand i, T(i + 1, j - 1), T(i + 1, j)).
    /// - Complexity: O(n × k) ITE calls for n operands.
    mutating func atLeast(_ k: Int, of operands: [Ref]) throws -> Ref {
        let n = operands.count
        if k <= 0 { return Self.trueRef }
        if k > n { return Self.falseRef }
        // next[j]: at least j of the operands after i are true, for j in 0...k.
        var next = [Ref](repeating: Self.falseRef, count: k + 1)
        next[0] = Self.trueRef
        for i in stride(from: n - 1, through: 0, by: -1) {
            var current = next
            for j in 1...k {
                current[j] = try ite(operands[i], next[j - 1], next[j])
            }
            next = current
        }
        return next[k]
    }

    // MARK: Checks

    /// Checks the store's invariants: children before parents, variables increasing downward,
    /// no redundant or duplicate node, and every node findable in the unique table. Returns a
    /// description of the first violation, or nil.
    /// - Complexity: O(nodes).
    func invariantViolation() -> String? {
        var seen = Set<[Int32]>()
        for index in 2..<nodes.count {
            let node = nodes[index]
            if node.low == node.high { return "node \(index) has equal children" }
            if node.low >= Ref(index) || node.high >= Ref(index) {
                return "node \(index) has a child created after it"
            }
            if node.variable >= variable(of: node.low) || node.variable >= variable(of: node.high) {
                return "node \(index) tests variable \(node.variable) below a child's variable"
            }
            if !seen.insert([node.variable, node.low, node.high]).inserted {
                return "node \(index) duplicates another node"
            }
            var slot = Self.hash(node.variable, node.low, node.high) & uniqueMask
            while unique[slot] != Ref(index) {
                if unique[slot] < 0 { return "node \(index) is missing from the unique table" }
                slot = (slot + 1) & uniqueMask
            }
        }
        return nil
    }
}
