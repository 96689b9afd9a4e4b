import Foundation

/// A Boolean formula as a graph of gates over independent events, for computing minimal cut
/// sets. Operands may be negated events, so fault trees with `not` (non-coherent trees) can be
/// analysed as well as attack trees.
///
/// Gates are added bottom-up: a gate's operands must already exist. A shared gate is computed
/// once, however many gates use it.
public struct CutSetGraph: Sendable {
    public enum Connective: Sendable, Hashable {
        case and
        case or
        /// At least K of the operands.
        case atLeast(Int)
    }

    public enum Operand: Sendable, Hashable {
        /// Event e, or its negation.
        case event(Int, negated: Bool)
        /// A gate, by the index `addGate` returned.
        case gate(Int)
        case constant(Bool)
    }

    /// Thrown when the sets would need more diagram nodes than the limit.
    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        public let nodeLimit: Int

        public var description: String {
            "the minimal cut sets need more than \(nodeLimit) diagram nodes; set a lower order limit"
        }
    }

    public let eventCount: Int
    private(set) var gates: [(Connective, [Operand])] = []

    public init(eventCount: Int) {
        self.eventCount = eventCount
    }

    /// Adds a gate and returns its index. Every operand gate must have been added before.
    @discardableResult
    public mutating func addGate(_ connective: Connective, _ operands: [Operand]) -> Int {
        for case .gate(let index) in operands { precondition(index < gates.count, "operand gate \(index) not yet added") }
        for case .event(let event, _) in operands { precondition(event < eventCount, "event \(event) out of range") }
        gates.append((connective, operands))
        return gates.count - 1
    }

    /// Returns the minimal cut sets of a gate of at most `maxOrder` events.
    ///
    /// A cut set is a set of events S such that the gate is true when exactly the events of S
    /// occur. It is minimal when no proper subset is a cut set. For a formula without negation
    /// these are the usual minimal cut sets. With negation this is the definition SCRAM uses:
    /// a negated event is taken to hold unless the event itself is in the set.
    ///
    /// Method: one zero-suppressed decision diagram per gate, bottom-up, over literals (an
    /// event and its negation). Each gate keeps only its minimal products of at most `maxOrder`
    /// events, so larger sets are never built. At the end the negations are dropped from every
    /// product and the result is minimised again.
    /// - Parameters:
    ///   - eventRank: the position of each event in the order the sets are listed in.
    ///   - maxCount: the most sets listed, smallest first; all are counted.
    public func minimalCutSets(
        of gate: Int, maxOrder: Int? = nil, maxCount: Int? = nil, eventRank: [Int]? = nil,
        nodeLimit: Int = 1 << 26
    ) throws -> CutSetFamily {
        let box = ResultBox()
        let graph = self
        // The diagram operations recurse once per literal on a path, so a tree with many
        // events needs a deeper stack than a thread's default.
        LargeStack.run {
            box.result = Result { try graph.compute(gate, maxOrder: maxOrder, maxCount: maxCount,
                                                    eventRank: eventRank, nodeLimit: nodeLimit) }
        }
        return try box.result!.get()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<CutSetFamily, any Error>?
    }

    private func compute(
        _ top: Int, maxOrder: Int?, maxCount: Int?, eventRank: [Int]?, nodeLimit: Int
    ) throws -> CutSetFamily {
        let store = SetFamilyDiagram(nodeLimit: nodeLimit)
        let budget = Int32(clamping: min(maxOrder ?? eventCount, eventCount))
        let needed = reachableGates(from: top)
        let negation = (0...top).contains { index in
            needed[index] && gates[index].1.contains { if case .event(_, true) = $0 { true } else { false } }
        }
        // Literals are numbered in the order events are first met from the top, depth first,
        // so events used together sit close together in the order.
        let depthFirst = eventOrder(from: top)
        let literalOf = negation ? coneOrder(from: top, needed: needed, depthFirst: depthFirst) : depthFirst
        do {
            let result = negation
                ? try satisfyingSets(top, needed: needed, budget: Int(budget), literalOf: literalOf, store)
                : try minimalProducts(top, needed: needed, budget: budget, literalOf: literalOf, store)
            return Self.family(result, store: store, literalOf: literalOf, maxCount: maxCount, eventRank: eventRank)
        } catch let error as SetFamilyDiagram.NodeLimitExceeded {
            throw TooLarge(nodeLimit: error.limit)
        }
    }

    /// Without negation: each gate's minimal cut sets, bottom-up, truncated to the budget.
    private func minimalProducts(
        _ top: Int, needed: [Bool], budget: Int32, literalOf: [Int], _ store: SetFamilyDiagram
    ) throws -> SetFamilyDiagram.Ref {
        var families = [SetFamilyDiagram.Ref](repeating: SetFamilyDiagram.empty, count: top + 1)
        for index in 0...top where needed[index] {
            let (connective, operands) = gates[index]
            var inputs: [SetFamilyDiagram.Ref] = []
            inputs.reserveCapacity(operands.count)
            for operand in operands {
                switch operand {
                case .event(let event, _): inputs.append(try store.singleton(2 * literalOf[event]))
                case .gate(let child): inputs.append(families[child])
                case .constant(let value): inputs.append(value ? SetFamilyDiagram.base : SetFamilyDiagram.empty)
                }
            }
            families[index] = try combine(connective, inputs, budget, store)
        }
        return families[top]
    }

    /// With negation, minimal products are not compositional: adding an event to a set can
    /// make a negated operand false. So each gate keeps every set of at most `budget` events
    /// that makes it true (not only the minimal ones): then `and` is intersection, `or` is
    /// union, and a negated event is the family of sets without it. The minimal sets are
    /// taken once, at the top. The families are upward-closed within the budget, so their
    /// diagrams resemble a decision diagram of the gate restricted to the budget.
    private func satisfyingSets(
        _ top: Int, needed: [Bool], budget: Int, literalOf: [Int], _ store: SetFamilyDiagram
    ) throws -> SetFamilyDiagram.Ref {
        var universe = BoundedUniverse(levels: eventCount, budget: budget, store: store)
        var families = [SetFamilyDiagram.Ref](repeating: SetFamilyDiagram.empty, count: top + 1)
        let all = try universe.all()
        for index in 0...top where needed[index] {
            let (connective, operands) = gates[index]
            if case .and = connective {
                // An event operand keeps the sets that contain it (or, negated, that do not).
                // That is cheaper than an intersection, so it is done last, on the intersected
                // family.
                var literals: [(Int32, Bool)] = []
                var children: [SetFamilyDiagram.Ref] = []
                for operand in operands {
                    switch operand {
                    case .event(let event, let negated): literals.append((Int32(2 * literalOf[event]), !negated))
                    case .gate(let child): children.append(families[child])
                    case .constant(let value): if !value { children.append(SetFamilyDiagram.empty) }
                    }
                }
                var family = try Self.balanced(children, identity: all, store.intersect)
                for (literal, present) in literals { family = try store.restrict(family, literal, present: present) }
                families[index] = family
                continue
            }
            var inputs: [SetFamilyDiagram.Ref] = []
            inputs.reserveCapacity(operands.count)
            for operand in operands {
                switch operand {
                case .event(let event, let negated):
                    inputs.append(try universe.sets(with: literalOf[event], present: !negated))
                case .gate(let child): inputs.append(families[child])
                case .constant(let value): inputs.append(value ? all : SetFamilyDiagram.empty)
                }
            }
            switch connective {
            case .and:
                preconditionFailure("handled above")
            case .or:
                families[index] = try Self.balanced(inputs, identity: SetFamilyDiagram.empty, store.union)
            case .atLeast(let k):
                families[index] = try Self.threshold(k, inputs, all: all, and: store.intersect, or: store.union)
            }
        }
        return try store.minimize(families[top])
    }

    /// Combines the inputs pairwise, in rounds, instead of from left to right. Children are
    /// numbered in order, so a left-to-right fold would add each new literal below all the
    /// others and copy the whole diagram every time: quadratic for a gate with thousands of
    /// children.
    private static func balanced(
        _ inputs: [SetFamilyDiagram.Ref], identity: SetFamilyDiagram.Ref,
        _ combine: (SetFamilyDiagram.Ref, SetFamilyDiagram.Ref) throws -> SetFamilyDiagram.Ref
    ) throws -> SetFamilyDiagram.Ref {
        var level = inputs
        if level.isEmpty { return identity }
        while level.count > 1 {
            var next: [SetFamilyDiagram.Ref] = []
            next.reserveCapacity((level.count + 1) / 2)
            for start in stride(from: 0, to: level.count, by: 2) {
                next.append(start + 1 < level.count ? try combine(level[start], level[start + 1]) : level[start])
            }
            level = next
        }
        return level[0]
    }

    /// At least k of the inputs, by T(i, j) = (input i and T(i + 1, j - 1)) or T(i + 1, j).
    private static func threshold(
        _ k: Int, _ inputs: [SetFamilyDiagram.Ref], all: SetFamilyDiagram.Ref,
        and: (SetFamilyDiagram.Ref, SetFamilyDiagram.Ref) throws -> SetFamilyDiagram.Ref,
        or: (SetFamilyDiagram.Ref, SetFamilyDiagram.Ref) throws -> SetFamilyDiagram.Ref
    ) throws -> SetFamilyDiagram.Ref {
        let n = inputs.count
        if k <= 0 { return all }
        if k > n { return SetFamilyDiagram.empty }
        var next = [SetFamilyDiagram.Ref](repeating: SetFamilyDiagram.empty, count: k + 1)
        next[0] = all
        for i in stride(from: n - 1, through: 0, by: -1) {
            var current = next
            for j in 1...k { current[j] = try or(and(inputs[i], next[j - 1]), next[j]) }
            next = current
        }
        return next[k]
    }

    private func combine(
        _ connective: Connective, _ inputs: [SetFamilyDiagram.Ref], _ budget: Int32, _ store: SetFamilyDiagram
    ) throws -> SetFamilyDiagram.Ref {
        switch connective {
        case .and:
            return try Self.balanced(inputs, identity: SetFamilyDiagram.base) { try store.minimalProduct($0, $1, budget) }
        case .or:
            return try Self.balanced(inputs, identity: SetFamilyDiagram.empty, store.minimalUnion)
        case .atLeast(let k):
            return try Self.threshold(k, inputs, all: SetFamilyDiagram.base,
                                      and: { try store.minimalProduct($0, $1, budget) },
                                      or: store.minimalUnion)
        }
    }

    /// Returns which gates `top` depends on.
    private func reachableGates(from top: Int) -> [Bool] {
        var needed = [Bool](repeating: false, count: top + 1)
        needed[top] = true
        for index in stride(from: top, through: 0, by: -1) where needed[index] {
            for case .gate(let child) in gates[index].1 { needed[child] = true }
        }
        return needed
    }

    /// Numbers the events depth first from `top`; events not reached come last.
    private func eventOrder(from top: Int) -> [Int] {
        var literalOf = [Int](repeating: -1, count: eventCount)
        var next = 0
        var visited = Set<Int>()
        var stack = [top]
        while let gate = stack.popLast() {
            guard visited.insert(gate).inserted else { continue }
            var children: [Int] = []
            for operand in gates[gate].1 {
                switch operand {
                case .event(let event, _):
                    if literalOf[event] < 0 { literalOf[event] = next; next += 1 }
                case .gate(let child): children.append(child)
                case .constant: break
                }
            }
            stack.append(contentsOf: children.reversed())
        }
        for event in 0..<eventCount where literalOf[event] < 0 { literalOf[event] = next; next += 1 }
        return literalOf
    }

    /// Numbers the events by the number of gates whose cone contains them, fewest first, ties in
    /// depth-first order. Events local to a few deep gates then sit at the top of every
    /// diagram, and the events that many gates share at the bottom, where the diagrams of
    /// "any further events" are shared. On the Aralia benchmark das9701 this order builds half
    /// the nodes of the depth-first order.
    private func coneOrder(from top: Int, needed: [Bool], depthFirst: [Int]) -> [Int] {
        let words = (eventCount + 63) / 64
        var cones = [[UInt64]](repeating: [], count: top + 1)
        var count = [Int](repeating: 0, count: eventCount)
        for gate in 0...top where needed[gate] {
            var cone = [UInt64](repeating: 0, count: words)
            for operand in gates[gate].1 {
                switch operand {
                case .event(let event, _): cone[event / 64] |= 1 << UInt64(event % 64)
                case .gate(let child): for word in 0..<words { cone[word] |= cones[child][word] }
                case .constant: break
                }
            }
            for word in 0..<words {
                var bits = cone[word]
                while bits != 0 {
                    count[word * 64 + bits.trailingZeroBitCount] += 1
                    bits &= bits - 1
                }
            }
            cones[gate] = cone
        }
        let sorted = (0..<eventCount).sorted { (a: Int, b: Int) -> Bool in
            count[a] != count[b] ? count[a] < count[b] : depthFirst[a] < depthFirst[b]
        }
        var literalOf = [Int](repeating: 0, count: eventCount)
        for (position, event) in sorted.enumerated() { literalOf[event] = position }
        return literalOf
    }

    /// Reads the count, the distribution and the first `maxCount` sets out of a family of
    /// positive literals, literal 2 × `literalOf[e]` standing for event e.
    static func family(
        _ root: SetFamilyDiagram.Ref, store: SetFamilyDiagram, literalOf: [Int], maxCount: Int?, eventRank: [Int]?
    ) -> CutSetFamily {
        let eventCount = literalOf.count
        var eventOfLiteral = [Int](repeating: 0, count: eventCount)
        for (event, position) in literalOf.enumerated() { eventOfLiteral[position] = event }
        let rank = eventRank ?? Array(0..<eventCount)
        let sizes = store.sizeDistribution(root)
        var distribution = Array((sizes ?? []).dropFirst())
        while distribution.last == 0 { distribution.removeLast() }
        let count = sizes.map { $0.reduce(0, &+) } ?? Int.max
        var sets: [[Int]] = []
        let listLimit = maxCount ?? Int.max
        // Sets are listed by size, then by the ranks of their events, so only the sizes that
        // hold the first `maxCount` sets are read out.
        if root == SetFamilyDiagram.base, sizes != nil {
            sets = listLimit > 0 ? [[]] : []
        }
        for size in distribution.indices where sets.count < listLimit && distribution[size] > 0 {
            var layer = store.sets(of: root, size: size + 1).map { literals in
                literals.map { eventOfLiteral[Int($0) / 2] }.sorted { rank[$0] < rank[$1] }
            }
            layer.sort { lhs, rhs in
                for (left, right) in zip(lhs, rhs) where left != right { return rank[left] < rank[right] }
                return false
            }
            sets += layer.prefix(listLimit - sets.count)
        }
        return CutSetFamily(sets: sets, count: count, distribution: distribution,
                            containsEmptySet: root == SetFamilyDiagram.base || (sizes?.first ?? 0) > 0)
    }
}

/// Minimal cut sets of a `CutSetGraph` gate.
public struct CutSetFamily: Sendable, Hashable {
    /// The sets listed, smallest first, each a list of events by rank.
    public let sets: [[Int]]
    /// How many minimal sets there are within the order limit; `Int.max` when too many to count.
    public let count: Int
    /// `distribution[i]` is the number of sets of i + 1 events.
    public let distribution: [Int]
    /// Whether the empty set is a cut set: the gate is true when no event occurs.
    public let containsEmptySet: Bool
}

/// Families of sets of at most `budget` events over `levels` events, literal 2i for level i.
/// Each family is built once from the shared diagrams U(i, b) of all sets over levels i and
/// above with at most b events, which take levels × (budget + 1) nodes.
struct BoundedUniverse {
    let levels: Int
    let budget: Int
    let store: SetFamilyDiagram
    /// universe[i][b] = U(i, b), built on first use.
    private var universe: [[SetFamilyDiagram.Ref]] = []
    private var memo: [Int: SetFamilyDiagram.Ref] = [:]

    init(levels: Int, budget: Int, store: SetFamilyDiagram) {
        self.levels = levels
        self.budget = budget
        self.store = store
    }

    private mutating func build() throws {
        guard universe.isEmpty else { return }
        universe = [[SetFamilyDiagram.Ref]](repeating: [SetFamilyDiagram.Ref](repeating: SetFamilyDiagram.base, count: budget + 1),
                                            count: levels + 1)
        for i in stride(from: levels - 1, through: 0, by: -1) {
            for b in 0...budget {
                let high = b > 0 ? universe[i + 1][b - 1] : SetFamilyDiagram.empty
                universe[i][b] = try store.makeNode(Int32(2 * i), low: universe[i + 1][b], high: high)
            }
        }
    }

    /// Returns every set of at most `budget` events.
    mutating func all() throws -> SetFamilyDiagram.Ref {
        try build()
        return universe[0][budget]
    }

    /// Returns the sets of at most `budget` events that contain level `level` (`present`) or not.
    mutating func sets(with level: Int, present: Bool) throws -> SetFamilyDiagram.Ref {
        let key = 2 * level + (present ? 0 : 1)
        if let known = memo[key] { return known }
        try build()
        // column[b]: the family over levels i and above, with at most b events.
        var column = [SetFamilyDiagram.Ref](repeating: SetFamilyDiagram.empty, count: budget + 1)
        for b in 0...budget {
            if present {
                column[b] = b > 0 ? try store.makeNode(Int32(2 * level), low: SetFamilyDiagram.empty, high: universe[level + 1][b - 1])
                    : SetFamilyDiagram.empty
            } else {
                column[b] = universe[level + 1][b]
            }
        }
        for i in stride(from: level - 1, through: 0, by: -1) {
            var next = column
            for b in 0...budget {
                next[b] = try store.makeNode(Int32(2 * i), low: column[b], high: b > 0 ? column[b - 1] : SetFamilyDiagram.empty)
            }
            column = next
        }
        memo[key] = column[budget]
        return column[budget]
    }
}

/// Runs work on a thread with a large stack and waits for it, for deep recursions.
public enum LargeStack {
    /// The stack size: 1 GiB of address space, of which only the pages used are committed.
    public static let size = 1 << 30

    public static func run(_ work: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            work()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
    }
}
