/// The stable code of each kind of diagnostic. The raw value is what users see and filter on;
/// never reuse one for a different problem.
public enum DiagnosticCode: String, Sendable, CaseIterable, Hashable {
    // Reading the file.
    case unreadableFile = "unreadable-file"
    case invalidEncoding = "invalid-utf8"
    case nulByte = "nul-byte"

    // Tokens and layout.
    case tabIndentation = "tab-indentation"
    case inconsistentIndentation = "inconsistent-indentation"
    case unterminatedString = "unterminated-string"
    case invalidEscape = "invalid-escape"
    case unexpectedToken = "unexpected-token"
    case missingValue = "missing-value"

    // Statements.
    case unknownKeyword = "unknown-keyword"
    case unknownAttribute = "unknown-attribute"
    case duplicateAttribute = "duplicate-attribute"
    case misplacedAttribute = "misplaced-attribute"
    case missingTitle = "missing-title"
    case missingGoal = "missing-goal"
    case multipleGoals = "multiple-goals"
    case duplicateHeader = "duplicate-header"

    // Node identity and structure.
    case invalidID = "invalid-id"
    case duplicateID = "duplicate-id"
    case misplacedID = "misplaced-id"
    case missingGate = "missing-gate"
    case gateWithoutChildren = "gate-without-children"
    case singleChildGate = "single-child-gate"
    case invalidGate = "invalid-gate"
    case unknownNode = "unknown-node"
    case duplicateChild = "duplicate-child"
    case cycle = "cycle"

    // Values.
    case invalidNumber = "invalid-number"
    case valueOutOfRange = "value-out-of-range"
    case unknownLevel = "unknown-level"
    case invalidScale = "invalid-scale"
    case invalidReference = "invalid-reference"
    case invalidStatus = "invalid-status"
    case invalidDate = "invalid-date"
    case invalidTag = "invalid-tag"
    case invalidUnit = "invalid-unit"

    // Mitigations.
    case unknownMitigation = "unknown-mitigation"
    case duplicateMitigation = "duplicate-mitigation"
    case unusedMitigation = "unused-mitigation"
    case missingEffectiveness = "missing-effectiveness"
    case missingJustification = "missing-justification"

    // Completeness.
    case missingLikelihood = "missing-likelihood"
    case missingImpact = "missing-impact"
    case pastDue = "past-due"
    case unmitigatedHighRisk = "unmitigated-high-risk"

    /// A one-line summary of the problem, for `docs/` and `--help`.
    public var summary: String {
        switch self {
        case .unreadableFile: "the file could not be read"
        case .invalidEncoding: "the file is not valid UTF-8"
        case .nulByte: "the file contains a NUL byte"
        case .tabIndentation: "a tab is used for indentation"
        case .inconsistentIndentation: "a line is indented to a level that no enclosing block uses"
        case .unterminatedString: "a string has no closing quote"
        case .invalidEscape: "a string contains an unknown escape sequence"
        case .unexpectedToken: "a token is not expected at this place"
        case .missingValue: "an attribute has no value"
        case .unknownKeyword: "a top-level line starts with an unknown keyword"
        case .unknownAttribute: "a line inside a block starts with an unknown attribute"
        case .duplicateAttribute: "an attribute that takes one value is given twice"
        case .misplacedAttribute: "an attribute is not allowed on this kind of block"
        case .missingTitle: "a node or mitigation has no title"
        case .missingGoal: "the file declares no goal node"
        case .multipleGoals: "the file declares more than one goal node"
        case .duplicateHeader: "the file has more than one tree header"
        case .invalidID: "a node id is not of the form 1.2.3"
        case .duplicateID: "two nodes have the same id"
        case .misplacedID: "a node id does not fit the node's place in the tree"
        case .missingGate: "a node with children does not say whether they combine with and or or"
        case .gateWithoutChildren: "a gate has no children"
        case .singleChildGate: "a gate has one child, so the gate does nothing"
        case .invalidGate: "a K of N gate has a K or N that does not fit its children"
        case .unknownNode: "a use line names a node id that the tree does not have"
        case .duplicateChild: "a node is a child of the same gate twice"
        case .cycle: "use lines make a node its own ancestor"
        case .invalidNumber: "a value is not a number of the expected form"
        case .valueOutOfRange: "a number is outside the range the attribute allows"
        case .unknownLevel: "a named level is not declared in the scale"
        case .invalidScale: "a scale declaration is malformed"
        case .invalidReference: "a reference is not a CWE, CAPEC or ATT&CK id or an http(s) URL"
        case .invalidStatus: "a mitigation status is not one of the known statuses"
        case .invalidDate: "a date is not of the form YYYY-MM-DD"
        case .invalidTag: "a tag is not a name of letters, digits, '-' and '_'"
        case .invalidUnit: "a time has no unit or an unknown one"
        case .unknownMitigation: "a node names a mitigation that is not defined"
        case .duplicateMitigation: "two mitigations have the same name"
        case .unusedMitigation: "a mitigation is attached to no node"
        case .missingEffectiveness: "an implemented or planned mitigation has no effectiveness"
        case .missingJustification: "an accepted risk has no justification"
        case .missingLikelihood: "a step has no likelihood, so its probability is unknown"
        case .missingImpact: "the goal has no impact, so no risk can be computed"
        case .pastDue: "a planned mitigation is past its due date"
        case .unmitigatedHighRisk: "a step in a high risk band has no mitigation on it or above it"
        }
    }
}
