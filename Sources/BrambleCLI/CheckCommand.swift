import BrambleCore
import BrambleRender

/// `bramble check`: reports every problem in one or more trees.
enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: "Check trees and report every error and warning with its place and fix.",
        positionalUsage: "FILE...",
        minimumPositionals: 1, maximumPositionals: .max,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["text", "json"],
                       help: "Print diagnostics as text on standard error (default) or as JSON on standard output."),
            CommandContext.colorOption,
        ],
        discussion: """
        Exit status: 0 when no file has errors (warnings allowed), 1 when any file has errors,
        66 when a file cannot be read, 64 for a usage error.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let json = arguments.value("format") == "json"
        var errors = 0
        var warnings = 0
        var unreadable = false
        var records: [JSONValue] = []
        for path in arguments.positionals {
            let loaded: TreeLoader.Loaded
            do {
                loaded = try TreeLoader.load(path)
            } catch let failure as CommandFailure {
                unreadable = true
                context.console.writeError("bramble check: \(failure.message)\n")
                records.append(.object([
                    ("file", .string(path)), ("line", .null), ("column", .null), ("severity", "error"),
                    ("code", .string(DiagnosticCode.unreadableFile.rawValue)), ("message", .string(failure.message)),
                    ("notes", .array([])),
                ]))
                continue
            }
            context.keepUntilExit(loaded)
            errors += loaded.diagnostics.errorCount
            warnings += loaded.diagnostics.warningCount
            if json {
                records += loaded.diagnostics.sorted.map(DiagnosticJSON.make)
            } else {
                context.printDiagnostics(loaded.diagnostics, files: loaded.files)
            }
        }
        if json {
            context.console.writeOutput(JSONValue.array(records).serialized())
        } else {
            context.console.writeError(DiagnosticPrinter(useColor: false).summary(errors: errors, warnings: warnings))
        }
        if unreadable { return .inputNotFound }
        return errors > 0 ? .findings : .success
    }
}

/// The JSON form of a diagnostic, for editors and CI.
enum DiagnosticJSON {
    static func make(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            ("file", .string(diagnostic.location.path)),
            ("line", .number(Double(diagnostic.location.line))),
            ("column", .number(Double(diagnostic.location.column))),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("message", .string(diagnostic.message)),
            ("notes", .array(diagnostic.notes.map { note in
                .object([
                    ("file", .string(note.location?.path)),
                    ("line", note.location.map { .number(Double($0.line)) } ?? .null),
                    ("column", note.location.map { .number(Double($0.column)) } ?? .null),
                    ("message", .string(note.message)),
                ])
            })),
        ])
    }
}
