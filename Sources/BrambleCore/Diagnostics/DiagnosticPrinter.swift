/// Formats diagnostics for a terminal: `file:line:col: severity: message [code]`, then the
/// source line with a caret under the problem, then the notes.
public struct DiagnosticPrinter: Sendable {
    public var useColor: Bool

    public init(useColor: Bool) {
        self.useColor = useColor
    }

    /// Formats one diagnostic, with an excerpt of `file` when it is the diagnostic's file.
    public func format(_ diagnostic: Diagnostic, file: SourceFile?) -> String {
        var output = "\(diagnostic.location): \(severityLabel(diagnostic.severity)): "
        output += bold(DiagnosticPrinter.sanitized(diagnostic.message)) + " [\(diagnostic.code.rawValue)]\n"
        if let file, file.path == diagnostic.location.path {
            output += excerpt(file, line: diagnostic.location.line, column: diagnostic.location.column,
                              length: diagnostic.length)
        }
        for note in diagnostic.notes {
            if let location = note.location {
                output += "\(location): \(paint("note", code: "36")): \(DiagnosticPrinter.sanitized(note.message))\n"
                if let file, file.path == location.path {
                    output += excerpt(file, line: location.line, column: location.column, length: 1)
                }
            } else {
                output += "  \(paint("note", code: "36")): \(DiagnosticPrinter.sanitized(note.message))\n"
            }
        }
        return output
    }

    /// Formats the closing line: how many errors and warnings were found.
    public func summary(errors: Int, warnings: Int) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(errors, "error")) and \(plural(warnings, "warning")) found\n"
    }

    /// The maximum number of characters of a source line shown in an excerpt, so that a 10 MB
    /// line prints a window around the problem instead of the whole line.
    static let excerptWidth = 160

    private func excerpt(_ file: SourceFile, line: Int, column: Int, length: Int) -> String {
        let scalars = Array(file.lineText(line).unicodeScalars)
        var start = 0
        if column - 1 > DiagnosticPrinter.excerptWidth / 2 {
            start = min(column - 1 - DiagnosticPrinter.excerptWidth / 2, max(0, scalars.count - DiagnosticPrinter.excerptWidth))
        }
        let end = min(scalars.count, start + DiagnosticPrinter.excerptWidth)
        var shown = String(String.UnicodeScalarView(scalars[start..<end].map(DiagnosticPrinter.visible)))
        var caretColumn = column - 1 - start
        if start > 0 {
            shown = "..." + shown
            caretColumn += 3
        }
        if end < scalars.count { shown += "..." }
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let underline = "^" + String(repeating: "~", count: max(0, min(length, end - (column - 1)) - 1))
        return "\(gutter) | \(shown)\n\(pad) | \(String(repeating: " ", count: max(0, caretColumn)))\(paint(underline, code: "32"))\n"
    }

    /// Replaces control characters in text that quotes the user's file.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(visible)))
    }

    /// Replaces control characters so that an excerpt cannot move the cursor or change colours.
    private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar == "\t" { return " " }
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        {
            return "\u{FFFD}"
        }
        return scalar
    }

    private func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .error: paint("error", code: "1;31")
        case .warning: paint("warning", code: "1;33")
        case .note: paint("note", code: "1;36")
        }
    }

    private func bold(_ text: String) -> String { paint(text, code: "1") }

    private func paint(_ text: String, code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
