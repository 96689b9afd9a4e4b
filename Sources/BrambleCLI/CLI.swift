import Foundation
import BrambleCore
import BrambleGraphviz

/// The `bramble` command line: dispatches to a command and turns failures into messages and
/// exit statuses. Runs in-process, so tests call it directly.
public enum CLI {
    public static let version = "0.1.0"

    static let commands: [CommandEntry] = [
        CommandEntry(CheckCommand.self), CommandEntry(ScoreCommand.self),
        CommandEntry(RenderCommand.self), CommandEntry(ReportCommand.self),
        CommandEntry(FmtCommand.self),
        CommandEntry(DiffCommand.self),
        CommandEntry(ImportCommand.self), CommandEntry(CutSetsCommand.self),
        CommandEntry(ExportCommand.self),
    ]

    /// Runs `bramble` with `arguments` (without the program name) and returns the exit status.
    ///
    /// Pass `processExitsAfterRun: true` only when the process exits as soon as this call
    /// returns, as the `bramble` executable does. Commands then leave what they allocated for
    /// the exit to release instead of freeing it: the Graphviz graph of the one diagram they
    /// draw, as the `dot` program does, and large trees, as compilers do. Tests and other
    /// callers that keep running keep the default.
    public static func run(
        _ arguments: [String], environment: [String: String], console: Console,
        processExitsAfterRun: Bool = false
    ) -> ExitCode {
        guard let first = arguments.first else {
            console.writeError(help)
            return .usage
        }
        switch first {
        case "--help", "-h", "help":
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                console.writeOutput(command.spec.help)
            } else {
                console.writeOutput(help)
            }
            return .success
        case "--version", "-V":
            console.writeOutput("bramble \(version)\n")
            return .success
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            let suggestion = Suggestions.didYouMean(first, among: commands.map(\.spec.name))
            console.writeError("bramble: unknown command '\(first)'\(suggestion); run 'bramble --help' for the list\n")
            return .usage
        }
        let context = CommandContext(console: console, environment: environment,
                                     processExitsAfterRun: processExitsAfterRun)
        do {
            let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                console.writeOutput(command.spec.help)
                return .success
            }
            try context.configure(parsed)
            return try command.run(parsed, context)
        } catch let failure as CommandFailure {
            console.writeError("bramble \(command.spec.name): \(failure.message)\n")
            return failure.exitCode
        } catch {
            console.writeError("bramble \(command.spec.name): \(error)\n")
            return .internalError
        }
    }

    static var help: String {
        var out = """
        bramble \(version): attack trees that check like code, score exactly and render for developers

        Usage: bramble COMMAND [options] ARGUMENTS

        Commands:

        """
        for command in commands {
            out += "  " + command.spec.name.padding(toLength: 9, withPad: " ", startingAt: 0) + command.spec.summary + "\n"
        }
        out += """

        Run 'bramble COMMAND --help' for a command's options.

        Exit status:
          0   success
          1   findings: check found errors in a tree, fmt --check found a file to format,
              or a diff gate tripped
          64  usage error: unknown command or option, missing argument
          65  invalid input: a tree has errors, so it cannot be scored or drawn
          66  an input file or git revision does not exist or cannot be read
          70  internal error, such as a Graphviz layout failure
          73  an output file cannot be written

        """
        return out
    }
}

/// One subcommand.
protocol Command: SendableMetatype {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode
}

/// A command's spec and entry point, stored as values: a table of protocol metatypes crashes
/// the Swift 6.3 compiler when their static methods are called.
struct CommandEntry: Sendable {
    let spec: CommandSpec
    let run: @Sendable (ParsedArguments, CommandContext) throws -> ExitCode

    init<C: Command>(_ command: C.Type) {
        spec = command.spec
        run = { try command.run($0, context: $1) }
    }
}

/// Shared state of a command run: the console, the environment and output preferences.
final class CommandContext {
    let console: Console
    let environment: [String: String]
    var useColor = false
    /// Whether the process ends when the command returns.
    let processExitsAfterRun: Bool
    /// The cleanup after a command draws its one Graphviz diagram: `.leaveToProcessExit` only
    /// when the process exits right after the command.
    var graphvizTeardown: GraphvizTeardown { processExitsAfterRun ? .leaveToProcessExit : .free }

    init(console: Console, environment: [String: String], processExitsAfterRun: Bool = false) {
        self.console = console
        self.environment = environment
        self.processExitsAfterRun = processExitsAfterRun
    }

    /// Keeps `value` alive until the process exits when it exits right after the command, so
    /// that large trees are not freed one object at a time just before the exit releases all
    /// memory at once. Otherwise does nothing, and `value` is freed as usual.
    func keepUntilExit(_ value: Any) {
        guard processExitsAfterRun else { return }
        KeptUntilExit.shared.append(value)
    }

    /// Reads the options every command understands.
    func configure(_ arguments: ParsedArguments) throws {
        switch arguments.value("color") ?? "auto" {
        case "always": useColor = true
        case "never": useColor = false
        default:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            useColor = console.errorIsTerminal && !noColor && environment["TERM"] != "dumb"
        }
    }

    /// Prints the diagnostics of one file to standard error, in file order.
    func printDiagnostics(_ diagnostics: DiagnosticList, file: SourceFile) {
        printDiagnostics(diagnostics, files: [file])
    }

    /// Prints diagnostics to standard error, in file order, with excerpts from `files`.
    func printDiagnostics(_ diagnostics: DiagnosticList, files: [SourceFile]) {
        let printer = DiagnosticPrinter(useColor: useColor)
        var byPath: [String: SourceFile] = [:]
        for file in files { byPath[file.path] = file }
        for diagnostic in diagnostics.sorted {
            console.writeError(printer.format(diagnostic, file: byPath[diagnostic.location.path]))
        }
        let path = files.first?.path ?? "bramble"
        for line in diagnostics.droppedSummary {
            console.writeError("\(path): note: \(line); fix the ones above first\n")
        }
    }

    static let colorOption = OptionSpec(
        "color", value: "WHEN", choices: ["auto", "always", "never"],
        help: "Colour diagnostics: auto (only on a terminal, and not when NO_COLOR is set), always or never.")
    static let outputOption = OptionSpec("output", short: "o", value: "PATH", help: "Write to PATH instead of standard output. The file is replaced atomically.")
}

/// The values that `CommandContext.keepUntilExit` keeps alive until the process exits.
private final class KeptUntilExit: @unchecked Sendable {
    static let shared = KeptUntilExit()
    private let lock = NSLock()
    private var values: [Any] = []

    func append(_ value: Any) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
}
