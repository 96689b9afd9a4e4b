/// The mapping of ADTool parameters onto Bramble attributes, in both dialects.
enum ADToolAttributes {
    /// A Bramble attribute that a parameter becomes.
    enum Mapped: Equatable {
        case likelihood(Double)
        case likelihoodLevel(String)
        case cost(Double)
        case skillLevel(String)
        /// A duration in a Bramble time unit.
        case time(Double, unit: String)
    }

    /// Likelihood levels of ordinal parameters (L, M, H, V) and the probabilities the importer
    /// declares for them in the generated `scale likelihood` line. The values are the importer's
    /// choice, aligned with the default likelihood scale (unlikely, possible, likely, certain).
    static let likelihoodLevels: [(name: String, value: Double)] = [("L", 0.2), ("M", 0.5), ("H", 0.8), ("V", 0.95)]

    /// Difficulty levels of ADTool's DiffLMH and DiffLMHE domains and of TREsPASS ordinal
    /// difficulty (L, M, H, V for very high, E for extreme), lowest first. They become the
    /// generated `scale skill` with values 1, 2, 3, ...
    static let skillLevels = ["L", "M", "H", "V", "E"]

    /// TREsPASS ordinal time codes and the duration each is read as: one of the unit it names.
    static let timeCodes: [String: String] = [
        "MN": "minutes", "HR": "hours", "D": "days", "W": "weeks", "MT": "months", "Y": "years",
    ]

    /// ADTool 2 predefined domains (the last part of the class name) that map to an attribute.
    /// Time domains have no unit in ADTool; their values are read as hours.
    static let adtoolDomains: [String: String] = [
        "ProbSucc": "likelihood", "MinCost": "cost", "MinTimeSeq": "time", "MinTimePar": "time",
        "DiffLMH": "difficulty", "DiffLMHE": "difficulty",
    ]

    /// Returns the attribute kind of a parameter (`likelihood`, `cost`, `time`, `difficulty`)
    /// or nil when Bramble has no attribute for it.
    static func kind(of parameter: ADParameter, dialect: ADToolDialect, domains: [String: String]) -> String? {
        switch dialect {
        case .adtool2:
            // The class named by the <domain> declaration decides; without one, the domain id
            // itself, which ADTool derives from the class name (ProbSucc, ProbSucc2, ...).
            let className = domains[parameter.key].flatMap { $0.split(separator: ".").last.map(String.init) }
                ?? String(parameter.key.reversed().drop { $0.isNumber }.reversed())
            return adtoolDomains[className]
        case .trespass:
            switch parameter.key.lowercased() {
            case "likelihood", "probability": return "likelihood"
            case "cost": return "cost"
            case "time": return "time"
            case "difficulty", "skill": return "difficulty"
            default: return nil
            }
        }
    }

    /// Maps one parameter value, or returns nil when the value has no Bramble form (such as an
    /// unknown ordinal code). Throws for a number that is invalid for its attribute.
    static func map(_ parameter: ADParameter, kind: String, path: String) throws(InterchangeError) -> Mapped? {
        let place = FileLine(path: path, line: parameter.line)
        let value = parameter.value
        let number = Double(value).flatMap { $0.isFinite ? $0 : nil }
        switch kind {
        case "likelihood":
            if let number {
                guard number >= 0, number <= 1 else {
                    throw InterchangeError(at: place, "<parameter> \(parameter.key) is \(value), but a probability is between 0 and 1; correct the value")
                }
                return .likelihood(number)
            }
            return likelihoodLevels.contains { $0.name == value } ? .likelihoodLevel(value) : nil
        case "cost":
            guard let number else { return nil }
            guard number >= 0 else {
                throw InterchangeError(at: place, "<parameter> \(parameter.key) is \(value), but a cost cannot be negative; correct the value")
            }
            return .cost(number)
        case "time":
            if let number {
                guard number >= 0 else {
                    throw InterchangeError(at: place, "<parameter> \(parameter.key) is \(value), but a time cannot be negative; correct the value")
                }
                return .time(number, unit: "hours")
            }
            return timeCodes[value].map { .time(1, unit: $0) }
        case "difficulty":
            return skillLevels.contains(value) ? .skillLevel(value) : nil
        default:
            return nil
        }
    }

    /// Returns the `scale skill` levels for the difficulty levels used, lowest first, valued
    /// 1, 2, 3 and so on in the order of `skillLevels`.
    static func skillScale(used: Set<String>) -> [(name: String, value: Double)] {
        skillLevels.filter { used.contains($0) }.enumerated().map { ($1, Double($0 + 1)) }
    }
}
