/// The words of the language, in one place so that parsing, "did you mean" suggestions and the
/// documentation agree.
public enum Keywords {
    /// Statements allowed at the left margin, besides node lines.
    public static let topLevel = ["tree", "mitigation", "fragment", "include"]
    /// Attributes of the tree header.
    public static let header = ["version", "author", "date", "scope", "description", "scale", "profile"]
    /// Attributes of an attacker profile in the tree header.
    public static let profile = ["max-cost", "max-skill", "max-time", "description"]
    /// Attributes of nodes.
    public static let node = [
        "likelihood", "impact", "cost", "skill", "time", "description", "ref", "tag", "mitigated-by",
    ]
    /// A child line that makes another node, written elsewhere, a child here too.
    public static let use = "use"
    /// Attributes of mitigations.
    public static let mitigation = [
        "status", "effectiveness", "owner", "cost", "effort", "ticket", "due", "description", "ref", "tag",
        "justification",
    ]
    /// Scales a header may declare.
    public static let scales = ["likelihood", "impact", "risk", "skill"]
    /// Gate words written before a node's title; `K of N` is written with numbers.
    public static let gates = ["and", "or", "sand"]
    /// Units of the `time` attribute, in the plural form that suggestions offer; the singular
    /// is accepted too.
    public static let timeUnits = ["minutes", "hours", "days", "weeks", "months", "years"]
    /// Mitigation statuses.
    public static let statuses = MitigationStatus.allCases.map(\.rawValue)
}
