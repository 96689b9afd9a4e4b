import BrambleCore
import BrambleRender

/// `bramble score`: the probability and risk of every node.
enum ScoreCommand: Command {
    static let spec = CommandSpec(
        name: "score",
        summary: "Score a tree: probability and risk of every node, inherent, residual and projected.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["text", "json"], help: "Output format (default text)."),
            OptionSpec("max-order", value: "K", help: "Leave out minimal attack sets of more than K steps (default: no limit)."),
            OptionSpec("max-sets", value: "N", help: "List at most N minimal attack sets, smallest first; all are still counted (default 100)."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        The rules behind every figure are in docs/semantics.md. Exit status: 0 on success, 65 when
        the tree has errors, 66 when it cannot be read.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let maxOrder = try positiveInteger(arguments, "max-order")
        let maxSets = try positiveInteger(arguments, "max-sets") ?? 100
        let tree = try TreeLoader.loadValid(path, context: context)
        let analysis = Analysis(tree)
        let attackSets = AttackSetSummary(tree, maxOrder: maxOrder, maxSets: maxSets)
        let text = arguments.value("format") == "json"
            ? ScoreJSON.make(analysis, attackSets: attackSets).serialized()
            : ScoreTable.make(analysis, attackSets: attackSets)
        try OutputFile.write(Array(text.utf8), to: arguments.value("output"), console: context.console, inputs: [path])
        return .success
    }

    /// Reads an option that must be a whole number from 1, or nil when it is absent.
    static func positiveInteger(_ arguments: ParsedArguments, _ name: String) throws -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw CommandFailure(.usage, "invalid value '\(text)' for '--\(name)'; give a whole number from 1")
        }
        return value
    }
}
