/// The words of the language, in one place so that parsing, "did you mean" suggestions and the
/// documentation agree.
public enum Keywords {
    /// Statements allowed at the left margin, besides node lines.
    public static let topLevel = ["tree", "mitigation"]
    /// Attributes of the tree header.
    public static let header = ["version", "author", "date", "scope", "description", "scale"]
    /// Attributes of nodes.
    public static let node = ["likelihood", "impact", "cost", "description", "ref", "mitigated-by"]
    /// Attributes of mitigations.
    public static let mitigation = [
        "status", "effectiveness", "owner", "cost", "ticket", "due", "description", "ref", "justification",
    ]
    /// Scales a header may declare.
    public static let scales = ["likelihood", "impact", "risk"]
    /// Gate words written before a node's title.
    public static let gates = Gate.allCases.map(\.rawValue)
    /// Mitigation statuses.
    public static let statuses = MitigationStatus.allCases.map(\.rawValue)
}
