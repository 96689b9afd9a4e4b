/// The seriousness of a diagnostic. Errors stop a tree from being scored or rendered; warnings and
/// notes do not.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found in a source file: where it is, what is wrong and what to do about it.
public struct Diagnostic: Sendable, Hashable {
    /// The stable code of the kind of problem, such as `unknown-attribute`. Codes never change
    /// meaning, so editors and CI can filter on them.
    public let code: DiagnosticCode
    public let severity: Severity
    /// The start of the problem.
    public let location: SourceLocation
    /// How many characters after `location` the problem spans, for the caret line.
    public let length: Int
    /// One sentence saying what is wrong, then what to do.
    public let message: String
    /// Related places, such as the first definition of a duplicated id.
    public let notes: [DiagnosticNote]

    public init(
        _ code: DiagnosticCode, _ severity: Severity, at location: SourceLocation, length: Int = 1,
        _ message: String, notes: [DiagnosticNote] = []
    ) {
        self.code = code
        self.severity = severity
        self.location = location
        self.length = max(1, length)
        self.message = message
        self.notes = notes
    }
}

/// A secondary message attached to a diagnostic, pointing at another place.
public struct DiagnosticNote: Sendable, Hashable {
    public let location: SourceLocation?
    public let message: String

    public init(at location: SourceLocation?, _ message: String) {
        self.location = location
        self.message = message
    }
}

/// A list of diagnostics collected while reading and checking a tree.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    public mutating func append(contentsOf other: DiagnosticList) { items += other.items }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    public var errorCount: Int { items.count { $0.severity == .error } }

    public var warningCount: Int { items.count { $0.severity == .warning } }

    /// The diagnostics in file order, then by code, so that output is deterministic.
    public var sorted: [Diagnostic] {
        items.sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            return $0.code.rawValue < $1.code.rawValue
        }
    }
}
