import Foundation

/// The rule by which a node's children combine.
public enum Gate: Sendable, Hashable, CustomStringConvertible {
    /// Every child must succeed.
    case and
    /// One child is enough.
    case or
    /// Every child must succeed, in the order written.
    case sand
    /// At least this many of the children must succeed (`K of N`).
    case atLeast(Int)

    /// Reads a gate written as one word: `and`, `or` or `sand`.
    public init?(keyword: String) {
        switch keyword {
        case "and": self = .and
        case "or": self = .or
        case "sand": self = .sand
        default: return nil
        }
    }

    /// The kind of gate as one word, for JSON and class names: `and`, `or`, `sand` or `k-of-n`.
    public var kind: String {
        switch self {
        case .and: "and"
        case .or: "or"
        case .sand: "sand"
        case .atLeast: "k-of-n"
        }
    }

    /// Returns the gate as written in a tree, with `children` as N for a `K of N` gate.
    public func written(children: Int) -> String {
        if case .atLeast(let k) = self { return "\(k) of \(children)" }
        return kind
    }

    public var description: String { kind }
}

/// A number read from the tree, with the scale level it was written as, if any.
public struct ScaledValue: Sendable, Hashable {
    public let value: Double
    /// The level name when the value was written as one, such as `likely`.
    public let level: String?

    public init(value: Double, level: String? = nil) {
        self.value = value
        self.level = level
    }
}

/// An amount with an optional unit or currency, such as `500 USD` or `3 person-days`.
public struct Amount: Sendable, Hashable, CustomStringConvertible {
    public let value: Double
    public let unit: String?

    public init(value: Double, unit: String?) {
        self.value = value
        self.unit = unit
    }

    public var description: String {
        let number = Amount.format(value)
        guard let unit else { return number }
        return "\(number) \(unit)"
    }

    /// Formats a number without a trailing `.0` for whole values.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// A duration, such as `3 days`, kept as written and in hours for computing.
public struct Duration: Sendable, Hashable, CustomStringConvertible {
    public let value: Double
    public let unit: String
    /// The duration in hours.
    public let hours: Double

    /// Hours per unit. A month is 730 hours (a twelfth of a 365-day year).
    public static let hoursPerUnit: [String: Double] = [
        "minute": 1.0 / 60, "minutes": 1.0 / 60, "hour": 1, "hours": 1, "day": 24, "days": 24,
        "week": 168, "weeks": 168, "month": 730, "months": 730, "year": 8760, "years": 8760,
    ]

    public init?(value: Double, unit: String) {
        guard let factor = Duration.hoursPerUnit[unit] else { return nil }
        self.value = value
        self.unit = unit
        self.hours = value * factor
    }

    public var description: String { "\(Amount.format(value)) \(unit)" }
}

/// A reference from a node or mitigation to an outside catalogue or page.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case cwe, capec, attack, url
    }

    public let kind: Kind
    /// The reference as written, such as `CWE-732` or `T1530`.
    public let text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    public var description: String { text }

    /// A link to the catalogue entry or the page itself.
    public var url: String {
        switch kind {
        case .cwe: "https://cwe.mitre.org/data/definitions/\(text.dropFirst(4)).html"
        case .capec: "https://capec.mitre.org/data/definitions/\(text.dropFirst(6)).html"
        case .attack: "https://attack.mitre.org/techniques/\(text.replacingOccurrences(of: ".", with: "/"))/"
        case .url: text
        }
    }
}

/// A goal, sub-goal or attack step.
///
/// The fields that analyses walk (the gate and the links between nodes) are stored inline,
/// and everything else in one shared, immutable box. Copying a node, which reading it from
/// an array often does, then costs three reference count updates instead of one per text
/// and list field.
public struct Node: Sendable {
    /// The gate combining the children, or nil for a step, which has no children.
    public let gate: Gate?
    /// Indices into `AttackTree.nodes`, in id order. A shared node appears in the children of
    /// every node that uses it.
    public internal(set) var children: [Int]
    /// Index of the parent the node is written under in `AttackTree.nodes`; nil for the goal.
    public internal(set) var parent: Int?
    /// Indices of every parent: the one it is written under first, then those that `use` it.
    public internal(set) var parents: [Int] {
        get { storedParents ?? (parent.map { [$0] } ?? []) }
        set { storedParents = Node.stored(newValue, parent: parent) }
    }
    /// The parents when they are not just `parent`, and nil otherwise. Most nodes have the one
    /// parent they are written under, and a list for each would be an allocation per node.
    private var storedParents: [Int]?
    /// The number of parents, found without making the list.
    public var parentCount: Int { storedParents?.count ?? (parent == nil ? 0 : 1) }
    /// The parents after the first: those that reach a shared node through `use` lines.
    var sharingParents: ArraySlice<Int> { storedParents?.dropFirst() ?? [] }
    let details: Details
    /// The likelihood's value, or NaN for none. Scoring reads it for every step in every view,
    /// and a copy here spares a read of the box, which on a large tree is a cache miss. The
    /// checker sets it with the box's likelihood.
    var likelihoodValue: Double

    /// The fields of a node that no analysis changes, shared between copies.
    ///
    /// The checker fills in one box per node while it reads the file, and the node it builds
    /// keeps that same box, so no text or list is copied when the tree is assembled. Nothing
    /// changes a box once its tree exists, which is what makes sharing it between threads safe.
    final class Details: @unchecked Sendable {
        // A large tree has a box per node, so the fields are kept small. The likelihood's value
        // is in the node, and the path is shared by every node of a file. The line, column and
        // offset are stored in 32 bits, like token offsets.
        var id: NodeID
        var title: String
        var impact: ScaledValue?
        var cost: Amount?
        var description: String?
        var references: [Reference] = []
        var mitigations: [Int] = []
        /// The level the likelihood was written as, such as `likely`. Its value is the node's
        /// `likelihoodValue`.
        var likelihoodLevel: String?
        /// The fields few nodes have, in a box of their own made when the first is set, which
        /// keeps every other node's box smaller.
        private var rare: Rare?
        private var path: SourcePath
        private var line: UInt32
        private var column: UInt32
        private var offset: UInt32

        private final class Rare {
            var skill: ScaledValue?
            var time: Duration?
            var tags: [String] = []
        }

        /// Returns the box of rare fields, making it on first use.
        private func rareFields() -> Rare {
            if let rare { return rare }
            let box = Rare()
            rare = box
            return box
        }

        var skill: ScaledValue? {
            get { rare?.skill }
            set { if newValue != nil || rare != nil { rareFields().skill = newValue } }
        }
        var time: Duration? {
            get { rare?.time }
            set { if newValue != nil || rare != nil { rareFields().time = newValue } }
        }
        var tags: [String] {
            get { rare?.tags ?? [] }
            set { if !newValue.isEmpty || rare != nil { rareFields().tags = newValue } }
        }

        var location: SourceLocation {
            SourceLocation(path: path.path, line: Int(line), column: Int(column), offset: Int(offset))
        }

        /// Makes a box for a node written at `location`. `path` is the file's path, shared with
        /// the other nodes of the file.
        init(id: NodeID, title: String, location: SourceLocation, path: SourcePath) {
            self.id = id
            self.title = title
            self.path = path
            line = UInt32(clamping: location.line)
            column = UInt32(clamping: location.column)
            offset = UInt32(clamping: location.offset)
        }

        convenience init(id: NodeID, title: String, likelihoodLevel: String?, impact: ScaledValue?, cost: Amount?,
                         skill: ScaledValue?, time: Duration?, description: String?, references: [Reference],
                         tags: [String], mitigations: [Int], location: SourceLocation) {
            self.init(id: id, title: title, location: location, path: SourcePath(location.path))
            self.likelihoodLevel = likelihoodLevel
            self.impact = impact
            self.cost = cost
            self.description = description
            self.references = references
            self.mitigations = mitigations
            self.skill = skill
            self.time = time
            self.tags = tags
        }
    }

    /// A file's path, held once and shared by the boxes of the nodes written in the file.
    final class SourcePath: Sendable {
        let path: String

        init(_ path: String) { self.path = path }
    }

    init(id: NodeID, title: String, gate: Gate?, children: [Int], parent: Int?, parents: [Int],
         likelihood: ScaledValue?, impact: ScaledValue?, cost: Amount?, skill: ScaledValue?,
         time: Duration?, description: String?, references: [Reference], tags: [String],
         mitigations: [Int], location: SourceLocation) {
        self.gate = gate
        self.children = children
        self.parent = parent
        storedParents = Node.stored(parents, parent: parent)
        self.details = Details(
            id: id, title: title, likelihoodLevel: likelihood?.level, impact: impact, cost: cost, skill: skill,
            time: time, description: description, references: references, tags: tags,
            mitigations: mitigations, location: location)
        likelihoodValue = likelihood?.value ?? .nan
    }

    /// Returns the list to store for `parents`: nil when it is just `parent`.
    private static func stored(_ parents: [Int], parent: Int?) -> [Int]? {
        if let parent { return parents.count == 1 && parents[0] == parent ? nil : parents }
        return parents.isEmpty ? nil : parents
    }

    /// Makes a node around a box the checker has filled in, whose only parent is `parent`
    /// until `parents` is set. `likelihoodValue` is the value of the box's likelihood.
    init(gate: Gate?, children: [Int], parent: Int?, details: Details, likelihoodValue: Double) {
        self.gate = gate
        self.children = children
        self.parent = parent
        self.details = details
        self.likelihoodValue = likelihoodValue
    }

    public var id: NodeID { details.id }
    public var title: String { details.title }
    /// Probability that the step succeeds when attempted; steps only.
    public var likelihood: ScaledValue? {
        likelihoodValue.isNaN ? nil : ScaledValue(value: likelihoodValue, level: details.likelihoodLevel)
    }
    /// Damage done when this node is achieved.
    public var impact: ScaledValue? { details.impact }
    /// The step's cost to the attacker.
    public var cost: Amount? { details.cost }
    /// The expertise the step needs, as a level of the skill scale.
    public var skill: ScaledValue? { details.skill }
    /// How long the step takes.
    public var time: Duration? { details.time }
    public var description: String? { details.description }
    public var references: [Reference] { details.references }
    public var tags: [String] { details.tags }
    /// Indices into `AttackTree.mitigations` of the mitigations attached to this node.
    public var mitigations: [Int] { details.mitigations }
    public var location: SourceLocation { details.location }

    /// Whether the node is a step (a leaf).
    public var isStep: Bool { gate == nil }
}

/// The status of a mitigation.
public enum MitigationStatus: String, Sendable, CaseIterable {
    /// In place now: counts in the residual view.
    case implemented
    /// Decided but not in place: counts in the projected view only.
    case planned
    /// The risk is accepted instead of reduced; needs a justification.
    case accepted
    /// The risk is carried by someone else, such as an insurer or a provider.
    case transferred
    /// The control does not apply to this deployment.
    case notApplicable = "not-applicable"
}

/// How much a mitigation reduces the probability of the nodes it covers.
public enum Effectiveness: Sendable, Hashable, CustomStringConvertible {
    /// Multiplies probability by (1 - fraction).
    case fraction(Double)
    /// Makes the nodes impossible.
    case blocks

    /// The fraction of probability removed, 1 for a blocking control.
    public var reduction: Double {
        switch self {
        case .fraction(let value): value
        case .blocks: 1
        }
    }

    public var description: String {
        switch self {
        case .fraction(let value): "\(Amount.format((value * 1000).rounded() / 10))%"
        case .blocks: "blocks"
        }
    }
}

/// A control defined once and attached to any number of nodes.
public struct Mitigation: Sendable {
    public let name: String
    public let title: String
    public let status: MitigationStatus
    public let effectiveness: Effectiveness?
    public let owner: String?
    public let cost: Amount?
    /// The work needed to put the mitigation in place, such as `5 person-days`.
    public let effort: Amount?
    public let ticket: String?
    /// Due date as written, `YYYY-MM-DD`.
    public let due: String?
    public let description: String?
    public let justification: String?
    public let references: [Reference]
    public let tags: [String]
    public let location: SourceLocation
    /// Indices into `AttackTree.nodes` of the nodes this mitigation is attached to, in id order.
    public internal(set) var covers: [Int]
}

/// A named scale: ordered levels, each mapped to a number.
public struct Scale: Sendable, Hashable {
    public struct Level: Sendable, Hashable {
        public let name: String
        public let value: Double
    }

    public let name: String
    public let levels: [Level]

    public init(name: String, levels: [Level]) {
        self.name = name
        self.levels = levels
    }

    public func value(of level: String) -> Double? {
        levels.first { $0.name == level }?.value
    }

    /// The built-in likelihood scale, used when the tree declares none.
    public static let defaultLikelihood = Scale(name: "likelihood", levels: [
        .init(name: "rare", value: 0.05), .init(name: "unlikely", value: 0.2),
        .init(name: "possible", value: 0.5), .init(name: "likely", value: 0.8),
        .init(name: "certain", value: 0.95),
    ])

    /// The built-in impact scale, used when the tree declares none.
    public static let defaultImpact = Scale(name: "impact", levels: [
        .init(name: "low", value: 1), .init(name: "medium", value: 3),
        .init(name: "high", value: 6), .init(name: "critical", value: 10),
    ])

    /// The built-in skill scale, after the expertise levels of the attack potential rating in
    /// ISO/IEC 18045 (layman, proficient, expert, multiple experts).
    public static let defaultSkill = Scale(name: "skill", levels: [
        .init(name: "layman", value: 1), .init(name: "proficient", value: 2),
        .init(name: "expert", value: 3), .init(name: "multiple-experts", value: 4),
    ])

    /// The built-in risk bands: each level's value is the lowest risk in that band.
    public static let defaultRisk = Scale(name: "risk", levels: [
        .init(name: "low", value: 0), .init(name: "medium", value: 1),
        .init(name: "high", value: 2.5), .init(name: "critical", value: 5),
    ])

    /// Returns the band of a risk value: the last level whose lower bound it reaches.
    public func band(of risk: Double) -> String {
        var band = levels.first?.name ?? ""
        for level in levels where risk >= level.value { band = level.name }
        return band
    }
}

/// An attacker declared in the tree header with limits on what one step may take. A step
/// beyond any limit is out of the attacker's reach: it scores as impossible for this attacker.
public struct AttackerProfile: Sendable {
    public let name: String
    public let title: String?
    /// The maximum cost of a single step. Steps whose cost is in another unit are not limited.
    public let maxCost: Amount?
    /// The highest skill level a step may need.
    public let maxSkill: ScaledValue?
    /// The maximum time of a single step.
    public let maxTime: Duration?
    public let description: String?
    public let location: SourceLocation

    /// Returns whether a step is within the attacker's reach. A limit applies only to steps
    /// that give the value it limits: a step without a cost is not ruled out by `max-cost`.
    public func reaches(_ node: Node) -> Bool {
        if let maxCost, let cost = node.cost, (cost.unit ?? "") == (maxCost.unit ?? ""), cost.value > maxCost.value {
            return false
        }
        if let maxSkill, let skill = node.skill, skill.value > maxSkill.value { return false }
        if let maxTime, let time = node.time, time.hours > maxTime.hours { return false }
        return true
    }
}

/// Descriptive information from the tree header.
public struct TreeInfo: Sendable {
    public var title: String = ""
    public var version: String?
    public var authors: [String] = []
    public var date: String?
    public var scope: String?
    public var description: String?
}

/// A checked attack tree: every id unique and in place, every name resolved, every value in
/// range. Only the checker creates one.
public struct AttackTree: Sendable {
    public let info: TreeInfo
    public let likelihoodScale: Scale
    public let impactScale: Scale
    public let riskScale: Scale
    public let skillScale: Scale
    /// Every node once, in pre-order of where it is written, children in id order; `nodes[0]`
    /// is the goal.
    public let nodes: [Node]
    /// Node indices with every node after all of its children, for bottom-up passes.
    public let bottomUpOrder: [Int]
    /// Indices of the nodes that have more than one parent.
    public let sharedNodes: [Int]
    /// The distinct units of step costs, in order of first use; a cost without a unit counts
    /// as the unit "". Costs are aggregated only when there is at most one.
    public let costUnits: [String]
    /// Mitigations in the order they are declared.
    public let mitigations: [Mitigation]
    /// Attacker profiles in the order they are declared.
    public let profiles: [AttackerProfile]
    /// The path of the source file.
    public let path: String

    public var goal: Node { nodes[0] }

    /// Returns the index of the node with the given id.
    public func index(of id: NodeID) -> Int? { idIndex.index(of: id, in: nodes) }

    private let idIndex: IDIndex

    /// Node indices by id. The checker's table is kept when it made one. Otherwise the table
    /// is made on the first lookup, since many commands read, score and print a tree without
    /// looking up any id.
    private final class IDIndex: @unchecked Sendable {
        private let lock = NSLock()
        // Guarded by `lock`: indices by id, of nodes or, with `positions`, of the checker's drafts.
        private var table: [NodeID: Int]?
        /// For each draft of the checker, the index of its node, or -1 for a draft not in the
        /// tree. Keeping the checker's table with this list spares copying the table.
        private let positions: [Int]?

        init(table: [NodeID: Int]?, positions: [Int]?) {
            self.table = table
            self.positions = table == nil ? nil : positions
        }

        func index(of id: NodeID, in nodes: [Node]) -> Int? {
            lock.lock()
            if table == nil {
                var built: [NodeID: Int] = [:]
                built.reserveCapacity(nodes.count)
                for index in nodes.indices { built[nodes[index].id] = index }
                table = built
            }
            let found = table![id]
            lock.unlock()
            guard let found else { return nil }
            guard let positions else { return found }
            let index = positions[found]
            return index >= 0 ? index : nil
        }
    }

    init(info: TreeInfo, likelihoodScale: Scale, impactScale: Scale, riskScale: Scale, skillScale: Scale,
         nodes: [Node], bottomUpOrder: [Int], mitigations: [Mitigation], profiles: [AttackerProfile] = [],
         path: String, indexByID knownIndex: (ids: [NodeID: Int], positions: [Int])? = nil,
         costUnits knownUnits: [String]? = nil)
    {
        self.profiles = profiles
        self.info = info
        self.likelihoodScale = likelihoodScale
        self.impactScale = impactScale
        self.riskScale = riskScale
        self.skillScale = skillScale
        self.nodes = nodes
        self.bottomUpOrder = bottomUpOrder
        self.sharedNodes = nodes.indices.filter { nodes[$0].parentCount > 1 }
        if let knownUnits {
            self.costUnits = knownUnits
        } else {
            var units: [String] = []
            for node in nodes {
                guard let cost = node.cost else { continue }
                let unit = cost.unit ?? ""
                if !units.contains(unit) { units.append(unit) }
            }
            self.costUnits = units
        }
        self.mitigations = mitigations
        self.path = path
        idIndex = IDIndex(table: knownIndex?.ids, positions: knownIndex?.positions)
    }

    /// Returns the profile with the given name.
    public func profile(named name: String) -> AttackerProfile? { profiles.first { $0.name == name } }

    /// Returns the steps beyond the profile's reach, in id order.
    public func stepsBeyondReach(of profile: AttackerProfile) -> [Int] {
        nodes.indices.filter { nodes[$0].isStep && !profile.reaches(nodes[$0]) }
            .sorted { nodes[$0].id < nodes[$1].id }
    }

    /// Returns a copy of this tree for the profile's attacker: every step beyond the profile's
    /// reach has likelihood 0, so it takes part in no attack. Everything else is unchanged.
    public func restricted(to profile: AttackerProfile) -> AttackTree {
        let pruned = nodes.map { node -> Node in
            guard node.isStep, !profile.reaches(node) else { return node }
            return Node(id: node.id, title: node.title, gate: node.gate, children: node.children, parent: node.parent,
                        parents: node.parents, likelihood: ScaledValue(value: 0), impact: node.impact,
                        cost: node.cost, skill: node.skill, time: node.time, description: node.description,
                        references: node.references, tags: node.tags, mitigations: node.mitigations,
                        location: node.location)
        }
        return AttackTree(info: info, likelihoodScale: likelihoodScale, impactScale: impactScale, riskScale: riskScale,
                          skillScale: skillScale, nodes: pruned, bottomUpOrder: bottomUpOrder,
                          mitigations: mitigations, profiles: profiles, path: path)
    }
}
