import BrambleCore
import BrambleRender

/// `bramble report`: the remediation plan.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report", summary: "Write the remediation plan as Markdown.", positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1, options: [CommandContext.outputOption], discussion: "")

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        .success
    }
}
