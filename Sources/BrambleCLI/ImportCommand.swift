import BrambleCore
import BrambleInterchange
import Foundation

/// `bramble import`: converts a model from another tool's format into Bramble source.
enum ImportCommand: Command {
    /// The formats `--from` accepts.
    static let formats = ["open-psa", "adtool", "deciduous"]

    static let spec = CommandSpec(
        name: "import",
        summary: "Convert a model from another format (Open-PSA MEF, ADTool XML, Deciduous YAML) into a Bramble tree.",
        positionalUsage: "FILE...",
        minimumPositionals: 1, maximumPositionals: Int.max,
        options: [
            OptionSpec("from", value: "FORMAT", choices: formats, help: "The format of the input files (required)."),
            OptionSpec("top", value: "NAME", help: "Open-PSA only: the gate to use as the goal, when more than one gate is referenced by no other gate."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        Open-PSA definitions may be split across several files; give them all. ADTool and
        Deciduous take one file. What was read (counts, the dialect detected, and how content
        without a Bramble form was kept) is printed to standard error. The mapping is described
        in docs/interchange.md. Exit status: 0 on success, 64 for a usage error, 65 when a model
        cannot be imported, 66 when a file cannot be read, 73 when the output cannot be written.
        """)

    /// The largest model file read, so that a wrong path to a huge file fails at once.
    static let maximumFileSize = 256 << 20

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard arguments.value("from") != nil else {
            throw CommandFailure(.usage, "missing --from FORMAT; use --from \(formats.joined(separator: " or "))")
        }
        let format = arguments.value("from")!
        if format != "open-psa" {
            return try importSingleFile(arguments, format: format, context: context)
        }
        var inputs: [InterchangeInput] = []
        for path in arguments.positionals {
            inputs.append(try readInput(path))
        }
        let result: OpenPSAImport
        do {
            result = try OpenPSAImporter.importTree(inputs, top: arguments.value("top"))
        } catch {
            throw CommandFailure(.invalidInput, error.message)
        }
        context.console.writeError(describe(result.summary, files: inputs.count))
        try OutputFile.write(Array(result.source.utf8), to: arguments.value("output"),
                             console: context.console, inputs: arguments.positionals)
        return .success
    }

    /// Imports an ADTool or Deciduous file, which contains one whole tree.
    private static func importSingleFile(_ arguments: ParsedArguments, format: String, context: CommandContext) throws -> ExitCode {
        guard arguments.positionals.count == 1 else {
            throw CommandFailure(.usage, "--from \(format) reads one file, but \(arguments.positionals.count) were given; import them one at a time")
        }
        guard arguments.value("top") == nil else {
            throw CommandFailure(.usage, "--top applies to --from open-psa only; an \(format) file has one goal")
        }
        let input = try readInput(arguments.positionals[0])
        let result: TreeImport
        do {
            result = format == "adtool" ? try ADToolImporter.importTree(input) : try DeciduousImporter.importTree(input)
        } catch {
            throw CommandFailure(.invalidInput, error.message)
        }
        context.console.writeError(result.summary.text)
        try OutputFile.write(Array(result.source.utf8), to: arguments.value("output"),
                             console: context.console, inputs: arguments.positionals)
        return .success
    }

    static func readInput(_ path: String) throws -> InterchangeInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(.inputNotFound, "\(path): file not found")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure(.inputNotFound, "\(path): is a directory; give a model file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileSize else {
            throw CommandFailure(.invalidInput, "\(path): file is \(size) bytes, above the limit of \(maximumFileSize); check that this is a model file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.inputNotFound, "\(path): cannot be read; check its permissions")
        }
        return InterchangeInput(path: path, bytes: [UInt8](data))
    }

    private static func describe(_ summary: ImportSummary, files: Int) -> String {
        var text = "read \(files) file\(files == 1 ? "" : "s"): fault tree '\(summary.faultTree)', top gate '\(summary.top)'\n"
        text += "  \(summary.gates) gates, \(summary.nestedFormulas) nested formulas, \(summary.basicEvents) basic events, "
        text += "\(summary.houseEvents) house events, \(summary.sharedNodes) shared nodes\n"
        if summary.eventsWithoutProbability > 0 {
            text += "  \(summary.eventsWithoutProbability) basic events have no probability and were imported without a likelihood\n"
        }
        if summary.unreachableDefinitions > 0 {
            text += "  \(summary.unreachableDefinitions) definitions are not reached from the top gate and were left out\n"
        }
        return text
    }
}
