/// The connectives of an Open-PSA formula. Attack trees can express `and`, `or` and `atleast`;
/// the others need negation, so only the cut-set analysis of a model accepts them.
enum Connective: Sendable, Hashable {
    case and
    case or
    /// `<atleast min="K">`: at least K of the arguments.
    case atLeast(Int)
    /// `<not>`, with exactly one argument.
    case not
    /// `<nand>`: not all of the arguments.
    case nand
    /// `<nor>`: none of the arguments.
    case nor
    /// `<xor>`, with exactly two arguments: one of them, not both.
    case xor
    /// `<iff>`, with exactly two arguments: both or neither.
    case iff
    /// `<imply>`, with exactly two arguments: the first implies the second.
    case imply

    /// The MEF element name.
    var elementName: String {
        switch self {
        case .and: "and"
        case .or: "or"
        case .atLeast: "atleast"
        case .not: "not"
        case .nand: "nand"
        case .nor: "nor"
        case .xor: "xor"
        case .iff: "iff"
        case .imply: "imply"
        }
    }

    /// Whether the connective needs negation, which attack trees cannot express.
    var isNegating: Bool {
        switch self {
        case .and, .or, .atLeast: false
        case .not, .nand, .nor, .xor, .iff, .imply: true
        }
    }

    /// The number of arguments the MEF requires, or nil for any number from one.
    var requiredArity: Int? {
        switch self {
        case .not: 1
        case .xor, .iff, .imply: 2
        case .and, .or, .atLeast, .nand, .nor: nil
        }
    }
}

/// The kind of event a formula argument names: `<gate>`, `<basic-event>`, `<house-event>`, or
/// the untyped `<event>`.
enum ReferenceKind: String, Sendable {
    case gate
    case basicEvent = "basic-event"
    case houseEvent = "house-event"
    case event
}

/// A Boolean formula of a gate definition: a connective over arguments, or a reference to an
/// event by name.
indirect enum Formula: Sendable {
    case connective(Connective, [Formula], FileLine)
    /// A reference as written, with the container path it is resolved from.
    case reference(ReferenceKind, name: String, basePath: String, FileLine)
}

/// A `<define-gate>`.
struct GateDefinition: Sendable {
    /// The name that references resolve to: the name itself for a public gate, the container
    /// path and the name joined by dots for a private one.
    let id: String
    /// The container path, such as `ThreeMotor.t`, from which the gate's references resolve.
    let basePath: String
    /// The name of the fault tree the gate is defined in.
    let faultTree: String
    let location: FileLine
    var label: String?
    var formula: Formula?
}

/// A `<define-basic-event>`.
struct BasicEventDefinition: Sendable {
    let id: String
    let location: FileLine
    var label: String?
    /// The value of `<float value>`, or nil when the event has no expression.
    var probability: Double?
}

/// A `<define-house-event>`.
struct HouseEventDefinition: Sendable {
    let id: String
    let location: FileLine
    var label: String?
    /// The value of `<constant value>`; false when none is given, as the MEF specifies.
    var state = false
}

/// A `<define-fault-tree>`.
struct FaultTreeDefinition: Sendable {
    let name: String
    var label: String?
}

/// A defined event, by kind and index into the model's list of that kind.
enum EventKey: Sendable, Hashable {
    case gate(Int)
    case basicEvent(Int)
    case houseEvent(Int)
}

/// Every definition read from one or more MEF files.
struct OpenPSAModel: Sendable {
    var gates: [GateDefinition] = []
    var basicEvents: [BasicEventDefinition] = []
    var houseEvents: [HouseEventDefinition] = []
    var faultTrees: [FaultTreeDefinition] = []
    /// Events by id. Gates, basic events and house events share one name space.
    var index: [String: EventKey] = [:]

    /// Returns the location where an event is defined.
    func location(of key: EventKey) -> FileLine {
        switch key {
        case .gate(let i): gates[i].location
        case .basicEvent(let i): basicEvents[i].location
        case .houseEvent(let i): houseEvents[i].location
        }
    }

    /// Returns the id of an event.
    func id(of key: EventKey) -> String {
        switch key {
        case .gate(let i): gates[i].id
        case .basicEvent(let i): basicEvents[i].id
        case .houseEvent(let i): houseEvents[i].id
        }
    }

    /// Registers an event under `id`, or throws when the id is already defined.
    mutating func register(_ key: EventKey, id: String) throws(InterchangeError) {
        if let existing = index[id] {
            throw InterchangeError(at: location(of: key),
                                   "'\(id)' is defined twice, first at \(location(of: existing)); rename or remove one of the definitions")
        }
        index[id] = key
    }

    /// Resolves a reference the way the MEF scopes names: first inside the referring element's
    /// container (where private elements live), then among the public names.
    func resolve(_ name: String, basePath: String) -> EventKey? {
        if !basePath.isEmpty, let local = index[basePath + "." + name] { return local }
        return index[name]
    }
}
