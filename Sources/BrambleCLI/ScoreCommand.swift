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
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        The rules behind every figure are in docs/semantics.md. Exit status: 0 on success, 65 when
        the tree has errors, 66 when it cannot be read.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let tree = try TreeLoader.loadValid(path, context: context)
        let analysis = Analysis(tree)
        let text = arguments.value("format") == "json"
            ? ScoreJSON.make(analysis).serialized()
            : ScoreTable.make(analysis)
        try OutputFile.write(Array(text.utf8), to: arguments.value("output"), console: context.console, inputs: [path])
        return .success
    }
}
