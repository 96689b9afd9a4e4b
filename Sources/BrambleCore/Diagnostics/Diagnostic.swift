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
///
/// At most `limitPerCode` diagnostics of each code are kept and the rest are only counted. A
/// file with a million bad escapes is then reported in linear time, and the reader sees the
/// first hundred and a count.
public struct DiagnosticList: Sendable {
    /// The maximum number of diagnostics of one code that are kept.
    public static let limitPerCode = 100

    public private(set) var items: [Diagnostic] = []
    private var keptByCode: [DiagnosticCode: Int] = [:]
    /// Diagnostics counted but not kept, by code and severity.
    public private(set) var dropped: [DiagnosticCode: (severity: Severity, count: Int)] = [:]

    public init() {}

    /// Returns whether a diagnostic with `code` would be kept. Callers check this before
    /// computing a location, which costs time proportional to the line.
    public func accepts(_ code: DiagnosticCode) -> Bool {
        (keptByCode[code] ?? 0) < DiagnosticList.limitPerCode
    }

    /// Counts a diagnostic that is not kept.
    public mutating func drop(_ code: DiagnosticCode, _ severity: Severity) {
        dropped[code, default: (severity, 0)].count += 1
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        guard accepts(diagnostic.code) else {
            drop(diagnostic.code, diagnostic.severity)
            return
        }
        keptByCode[diagnostic.code, default: 0] += 1
        items.append(diagnostic)
    }

    public mutating func append(contentsOf other: DiagnosticList) {
        for item in other.items { append(item) }
        for (code, entry) in other.dropped {
            dropped[code, default: (entry.severity, 0)].count += entry.count
        }
    }

    /// Whether any diagnostic is an error, kept or not.
    public var hasErrors: Bool { errorCount > 0 }

    public var errorCount: Int {
        items.count { $0.severity == .error } + dropped.values.filter { $0.severity == .error }.reduce(0) { $0 + $1.count }
    }

    public var warningCount: Int {
        items.count { $0.severity == .warning } + dropped.values.filter { $0.severity == .warning }.reduce(0) { $0 + $1.count }
    }

    /// One line per code with dropped diagnostics, such as `4900 more invalid-escape errors not
    /// shown`, in code order.
    public var droppedSummary: [String] {
        dropped.sorted { $0.key.rawValue < $1.key.rawValue }.map { code, entry in
            "\(entry.count) more \(code.rawValue) \(entry.severity.rawValue)\(entry.count == 1 ? "" : "s") not shown"
        }
    }

    /// The diagnostics in file order, then by code, so that output is deterministic.
    public var sorted: [Diagnostic] {
        items.sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            return $0.code.rawValue < $1.code.rawValue
        }
    }
}
