import BrambleCore
import BrambleInterchange

/// `bramble export`: writes a tree in another tool's format.
enum ExportCommand: Command {
    /// The formats `--to` accepts.
    static let formats = ["open-psa", "adtool"]

    static let spec = CommandSpec(
        name: "export",
        summary: "Write a tree in another format (an Open-PSA MEF fault tree or ADTool XML).",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("to", value: "FORMAT", choices: formats, help: "The format to write (required)."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        open-psa: gates, steps and their likelihoods are written; mitigations, impact, cost,
        skill and time have no Open-PSA form and are left out. adtool: ADTool 2 XML with
        likelihood, cost, skill and time as ADTool domains and mitigations as countermeasures;
        the rest is kept in bramble: comments, so importing the file gives the same tree. See
        docs/interchange.md. Exit status: 0 on success, 64 for a usage error, 65 when the tree
        has errors or cannot be expressed in the format (a step without a likelihood for
        open-psa, a K of N gate for adtool), 66 when the file cannot be read, 73 when the
        output cannot be written.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard arguments.value("to") != nil else {
            throw CommandFailure(.usage, "missing --to FORMAT; use --to \(formats.joined(separator: " or "))")
        }
        let path = arguments.positionals[0]
        let tree = try TreeLoader.loadValid(path, context: context)
        if arguments.value("to") == "adtool" {
            let xml: String
            do {
                xml = try ADToolExporter.export(tree)
            } catch {
                throw CommandFailure(.invalidInput, error.message)
            }
            try OutputFile.write(Array(xml.utf8), to: arguments.value("output"), console: context.console, inputs: [path])
            return .success
        }
        let xml: String
        do {
            xml = try OpenPSAExporter.export(tree)
        } catch {
            throw CommandFailure(.invalidInput, error.message)
        }
        if !tree.mitigations.isEmpty {
            let count = tree.mitigations.count
            context.console.writeError("note: \(count) mitigation\(count == 1 ? " is" : "s are") not exported, because the MEF has no form for them; the probabilities written are the inherent ones\n")
        }
        try OutputFile.write(Array(xml.utf8), to: arguments.value("output"), console: context.console, inputs: [path])
        return .success
    }
}
