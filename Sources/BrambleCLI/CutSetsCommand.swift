import BrambleInterchange
import BrambleRender
import Foundation

/// `bramble cutsets`: the minimal cut sets of an Open-PSA fault tree, negation included.
enum CutSetsCommand: Command {
    static let spec = CommandSpec(
        name: "cutsets",
        summary: "List the minimal cut sets of an Open-PSA MEF fault tree, including trees with negation.",
        positionalUsage: "MODEL.xml...",
        minimumPositionals: 1, maximumPositionals: Int.max,
        options: [
            OptionSpec("from", value: "FORMAT", choices: ImportCommand.formats, help: "The format of the input files (required)."),
            OptionSpec("top", value: "NAME", help: "The gate to analyse, when more than one gate is referenced by no other gate."),
            OptionSpec("max-order", value: "K", help: "Leave out cut sets of more than K basic events (default: no limit)."),
            OptionSpec("max-sets", value: "N", help: "List at most N cut sets, smallest first; all are still counted (default 100)."),
            OptionSpec("format", value: "FORMAT", choices: ["text", "json"], help: "Output format (default text)."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        Accepts <not>, <nand>, <nor>, <xor>, <iff> and <imply>, which `bramble import` cannot write
        as a tree; with negation, a cut set is a set of basic events that causes the top event when
        exactly those events occur (docs/semantics.md). Exit status: 0 on success, 64 for a usage
        error, 65 when the model cannot be analysed, 66 when a file cannot be read.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard arguments.value("from") != nil else {
            throw CommandFailure(.usage, "missing --from FORMAT; use --from \(ImportCommand.formats.joined(separator: " or "))")
        }
        let maxOrder = try ScoreCommand.positiveInteger(arguments, "max-order")
        let maxSets = try ScoreCommand.positiveInteger(arguments, "max-sets") ?? 100
        var inputs: [InterchangeInput] = []
        for path in arguments.positionals {
            inputs.append(try ImportCommand.readInput(path))
        }
        let result: OpenPSACutSets
        do {
            result = try OpenPSAImporter.minimalCutSets(inputs, top: arguments.value("top"),
                                                        maxOrder: maxOrder, maxCount: maxSets)
        } catch {
            throw CommandFailure(.invalidInput, error.message)
        }
        let text = arguments.value("format") == "json" ? json(result, maxOrder: maxOrder) : self.text(result, maxOrder: maxOrder)
        try OutputFile.write(Array(text.utf8), to: arguments.value("output"),
                             console: context.console, inputs: arguments.positionals)
        return .success
    }

    private static func json(_ result: OpenPSACutSets, maxOrder: Int?) -> String {
        JSONValue.object([
            ("faultTree", .string(result.faultTree)),
            ("top", .string(result.top)),
            ("basicEvents", .number(Double(result.basicEvents))),
            ("nonCoherent", .bool(result.isNonCoherent)),
            ("maxOrder", maxOrder.map { .number(Double($0)) } ?? .null),
            ("count", .number(Double(result.count))),
            ("distribution", .array(result.distribution.map { .number(Double($0)) })),
            ("listed", .number(Double(result.sets.count))),
            ("sets", .array(result.sets.map { set in .array(set.map { .string($0) }) })),
        ]).serialized()
    }

    private static func text(_ result: OpenPSACutSets, maxOrder: Int?) -> String {
        let limit = maxOrder.map { " of at most \($0) basic events" } ?? ""
        var out = "Fault tree '\(result.faultTree)', top gate '\(result.top)', \(result.basicEvents) basic events"
        out += result.isNonCoherent ? " (with negation)\n" : "\n"
        let orders = result.distribution.enumerated().filter { $0.element > 0 }
            .map { "\($0.element) of order \($0.offset + 1)" }.joined(separator: ", ")
        out += "Minimal cut sets\(limit): \(result.count)\(orders.isEmpty ? "" : " (\(orders))")\n"
        if result.containsEmptySet {
            out += "  {} (the top event occurs when no basic event does)\n"
        }
        for set in result.sets where !set.isEmpty {
            out += "  {" + set.joined(separator: ", ") + "}\n"
        }
        if result.count > result.sets.count {
            out += "  ... \(result.count - result.sets.count) more; raise --max-sets to list them\n"
        }
        return out
    }
}
