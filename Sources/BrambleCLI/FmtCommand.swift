import BrambleCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bramble fmt`: rewrites trees in canonical layout, checks that they are, or renumbers their
/// node ids.
enum FmtCommand: Command {
    static let spec = CommandSpec(
        name: "fmt",
        summary: "Format trees in canonical layout, check their layout, or renumber their node ids.",
        positionalUsage: "FILE...",
        minimumPositionals: 1, maximumPositionals: .max,
        options: [
            OptionSpec("write", help: "Replace each file that is not canonical with its formatted text, atomically and keeping its permissions. Canonical files are not touched."),
            OptionSpec("check", help: "Change no file. Print a unified diff for each file that is not canonical and exit with status 1."),
            OptionSpec("renumber", help: "Rewrite node ids to match the nesting, in source order, and every 'use ID' with them."),
            OptionSpec("rename-map", value: "PATH", help: "With --renumber and one file: write the ids that changed to PATH, one 'OLD -> NEW' per line."),
            CommandContext.colorOption,
        ],
        discussion: """
        Without --write or --check, prints the formatted text of one file to standard output. The
        layout rules are in docs/language.md under "Formatting". A file whose lexing or
        indentation has errors is not formatted, because the formatter would have to guess what
        the broken lines mean. Exit status: 0 on success, 1 when --check finds a file that is not
        canonical, 64 for a usage error, 65 when a file has syntax errors, 66 when a file cannot
        be read, 73 when a file cannot be written.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let mode = try Mode(arguments)
        var outcome = Outcome()
        for path in arguments.positionals {
            do {
                try format(path, mode: mode, context: context, outcome: &outcome)
            } catch let failure as CommandFailure {
                context.console.writeError("bramble fmt: \(failure.message)\n")
                outcome.record(failure.exitCode)
            }
        }
        return outcome.status
    }

    /// The options of one run, checked for combinations that make no sense.
    struct Mode {
        let write: Bool
        let check: Bool
        let renumber: Bool
        let renameMapPath: String?

        init(_ arguments: ParsedArguments) throws {
            write = arguments.flags.contains("write")
            check = arguments.flags.contains("check")
            renumber = arguments.flags.contains("renumber")
            renameMapPath = arguments.value("rename-map")
            let files = arguments.positionals.count
            if write, check {
                throw CommandFailure(.usage, "--write and --check exclude each other: --check changes no file; give one of them")
            }
            if renameMapPath != nil, !renumber {
                throw CommandFailure(.usage, "--rename-map needs --renumber, because only renumbering renames nodes; add --renumber")
            }
            if renameMapPath != nil, check {
                throw CommandFailure(.usage, "--rename-map writes a file, but --check changes no file; drop one of them")
            }
            if renameMapPath != nil, files > 1 {
                throw CommandFailure(.usage, "--rename-map takes one file, but \(files) were given; renumber one file at a time")
            }
            if !write, !check, files > 1 {
                throw CommandFailure(.usage, "fmt prints one file to standard output, but \(files) were given; give one file, or add --write or --check")
            }
        }
    }

    /// The exit status of the whole run: the most serious failure of any file.
    struct Outcome {
        private var failures: Set<ExitCode> = []

        mutating func record(_ status: ExitCode) { failures.insert(status) }

        var status: ExitCode {
            for status in [ExitCode.cannotWrite, .inputNotFound, .invalidInput, .findings] where failures.contains(status) {
                return status
            }
            return .success
        }
    }

    private static func format(_ path: String, mode: Mode, context: CommandContext, outcome: inout Outcome) throws {
        let original = try readBytes(path)
        let file = SourceFile(path: path, bytes: original)
        let output: TreeFormatter.Output
        do {
            output = try TreeFormatter.format(file, options: TreeFormatter.Options(renumber: mode.renumber))
        } catch {
            context.printDiagnostics(error.diagnostics, file: file)
            let count = error.diagnostics.errorCount
            let errors = count == 1 ? "1 syntax error" : "\(count) syntax errors"
            context.console.writeError("bramble fmt: \(path) has \(errors), so it is left unformatted; fix them and run fmt again\n")
            outcome.record(.invalidInput)
            return
        }
        let formatted = Array(output.text.utf8)
        if let mapPath = mode.renameMapPath {
            // The map is written before the tree, so that a failure to write it leaves the old
            // ids in place and the rename can be repeated.
            try OutputFile.write(Array(RenameMap.text(output.renames).utf8), to: mapPath,
                                 console: context.console, inputs: [path])
        }
        if mode.check {
            guard formatted != original else { return }
            outcome.record(.findings)
            report(path, original: original, file: file, formatted: output.text, context: context)
        } else if mode.write {
            guard formatted != original else { return }
            try replace(path, with: formatted)
        } else {
            context.console.writeOutput(formatted)
        }
    }

    /// Prints the diff from a file to its formatted text, and on standard error what to run.
    private static func report(_ path: String, original: [UInt8], file: SourceFile, formatted: String, context: CommandContext) {
        var reasons: [String] = []
        if original.count != file.bytes.count { reasons.append("it starts with a byte order mark") }
        var text = String(decoding: file.bytes, as: UTF8.self)
        if text.contains("\r\n") {
            reasons.append("it has CRLF line endings")
            text = text.replacingOccurrences(of: "\r\n", with: "\n")
        }
        // The diff compares the text with LF endings, because a carriage return would show as
        // an invisible change on every line. The message names those differences instead.
        let diff = LineDiff.unified(old: text, new: formatted, oldLabel: path, newLabel: "\(path) (formatted)")
        context.console.writeOutput(diff)
        let because = reasons.isEmpty ? "" : " (\(reasons.joined(separator: " and ")))"
        context.console.writeError("bramble fmt: \(path) is not formatted\(because); run 'bramble fmt --write \(path)'\n")
    }

    /// Reads a file's bytes, byte order mark included, so that they can be compared with the
    /// formatted text.
    private static func readBytes(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(.inputNotFound, "\(path): file not found")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure(.inputNotFound, "\(path): is a directory; give a .bramble file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.inputNotFound, "\(path): cannot be read; check its permissions")
        }
        return [UInt8](data)
    }

    /// Replaces a file through a temporary file in the same directory and a rename, as
    /// `OutputFile` does, but gives the new file the old one's permissions before the rename and
    /// follows a symbolic link to the file it names.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var status = stat()
        guard stat(target.path, &status) == 0 else {
            throw CommandFailure(.cannotWrite, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let permissions = status.st_mode & 0o7777
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure(.cannotWrite, "cannot write \(path): cannot create a temporary file beside it: \(String(cString: strerror(errno)))")
        }
        var failure: String?
        var written = 0
        while failure == nil, written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno != EINTR { failure = String(cString: strerror(errno)) }
            if count > 0 { written += count }
        }
        if failure == nil, fchmod(descriptor, permissions) != 0 { failure = String(cString: strerror(errno)) }
        // NOTE: the owner and group are kept only when the caller is root or already owns the
        // file. Otherwise the rewritten file belongs to the caller, as with most editors.
        _ = fchown(descriptor, status.st_uid, status.st_gid)
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, target.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw CommandFailure(.cannotWrite, "cannot write \(path): \(failure)")
        }
    }
}
