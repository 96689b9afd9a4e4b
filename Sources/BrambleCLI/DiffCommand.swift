import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation

/// `bramble diff`: the semantic changes between two versions of a tree, with CI gates.
enum DiffCommand: Command {
    static let spec = CommandSpec(
        name: "diff",
        summary: "Compare two versions of a tree: node, mitigation, risk and attack-set changes.",
        positionalUsage: "OLD NEW",
        minimumPositionals: 2, maximumPositionals: 2,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["text", "md", "json", "sarif", "dot", "svg"],
                       help: "Output format (default text)."),
            OptionSpec("renames", value: "MAP", help: "Read old-to-new node ids from the rename map that 'bramble fmt --renumber --rename-map' writes."),
            OptionSpec("fail-on", value: "RULES", help: "Exit with status 1 when a rule trips: residual-increase, or band:NAME (the new goal's residual band is NAME or higher). Separate several with commas."),
            OptionSpec("max-risk", value: "X", help: "Exit with status 1 when the new goal's residual risk is above X."),
            CommandContext.outputOption,
            OptionSpec("color", value: "WHEN", choices: ["auto", "always", "never"],
                       help: "Colour the text output and diagnostics: auto (each only on a terminal, and not when NO_COLOR is set), always or never."),
        ],
        discussion: """
        OLD and NEW are tree files, or REV:PATH to read a file at a git revision, as in
        'bramble diff v1.4:trees/x.bramble trees/x.bramble'. A path that exists is always read
        as a file. Gates read the goal's residual risk, and an unknown risk trips them.
        Exit status: 0 when no gate tripped, 1 when a gate tripped, 64 for a usage error, 65
        when a tree or the rename map is invalid, 66 when a file or git revision is not found.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let format = arguments.value("format") ?? "text"
        let gates = try gateRules(arguments)
        let renames = try arguments.value("renames").map(readRenames)
        let sources = arguments.positionals.map(DiffSource.init)
        let scores = try loadBoth(sources, context: context)
        let diff = TreeDiff(old: scores[0].tree, new: scores[1].tree, renames: renames, scores: (scores[0], scores[1]))
        context.keepUntilExit((scores, diff))

        let results: [GateResult]
        do {
            results = try diff.evaluate(gates)
        } catch {
            throw CommandFailure(.usage, "invalid band '\(error.band)' for '--fail-on band:NAME'; the new tree's risk bands are \(error.levels.joined(separator: ", "))")
        }

        let labels = (old: sources[0].argument, new: sources[1].argument)
        let bytes: [UInt8]
        switch format {
        case "md":
            bytes = Array((DiffMarkdown.make(diff, gates: results, oldLabel: labels.old, newLabel: labels.new) + "\n").utf8)
        case "json":
            bytes = Array(DiffJSON.make(diff, gates: results, oldLabel: labels.old, newLabel: labels.new).serialized().utf8)
        case "sarif":
            let uri = artifactURI(newSide: sources[1])
            bytes = Array(DiffSARIF.make(diff, gates: results, version: CLI.version, uri: uri).serialized().utf8)
        case "dot", "svg":
            let dot = DiffDOT.make(diff, oldLabel: labels.old, newLabel: labels.new)
            if format == "dot" {
                bytes = Array(dot.utf8)
            } else {
                do {
                    bytes = [UInt8](try Graphviz.render(dot: dot, format: .svg, teardown: context.graphvizTeardown))
                } catch {
                    throw CommandFailure(.internalError, "Graphviz could not draw the diff: \(error)")
                }
            }
        default:
            let color = outputColor(arguments, context: context)
            bytes = Array(DiffText.make(diff, gates: results, oldLabel: labels.old, newLabel: labels.new, useColor: color).utf8)
        }
        let inputs = sources.filter { $0.revision == nil }.map(\.path) + (arguments.value("renames").map { [$0] } ?? [])
        try OutputFile.write(bytes, to: arguments.value("output"), console: context.console, inputs: inputs)

        let tripped = results.filter(\.tripped)
        for result in tripped {
            context.console.writeError("bramble diff: gate tripped: \(result.gate): \(Escaping.terminal(result.message)); nodes: \(DiffText.nodeList(result.nodes))\n")
        }
        return tripped.isEmpty ? .success : .findings
    }

    /// Reads `--fail-on` and `--max-risk` into gates, in that order.
    static func gateRules(_ arguments: ParsedArguments) throws -> [DiffGate] {
        var gates: [DiffGate] = []
        if let text = arguments.value("fail-on") {
            for rule in text.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = rule.trimmingCharacters(in: .whitespaces)
                guard let gate = DiffGate(failOn: trimmed) else {
                    throw CommandFailure(.usage, "invalid rule '\(trimmed)' for '--fail-on'; use residual-increase or band:NAME, such as band:high")
                }
                gates.append(gate)
            }
        }
        if let text = arguments.value("max-risk") {
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw CommandFailure(.usage, "invalid value '\(text)' for '--max-risk'; give a risk of 0 or more, such as 2.5")
            }
            gates.append(.maxRisk(value))
        }
        return gates
    }

    /// Reads a rename map file; a missing file ends the command with status 66 and a
    /// malformed one with status 65.
    static func readRenames(_ path: String) throws -> [NodeID: NodeID] {
        let file = try TreeLoader.readSource(path)
        do {
            return try RenameMap.parse(String(decoding: file.bytes, as: UTF8.self))
        } catch {
            throw CommandFailure(.invalidInput, "\(path):\(error.line): invalid rename map: \(error.message)")
        }
    }

    /// Reads and checks both sides at once, on two threads, then prints the errors of each
    /// in order. A side with errors ends the command with status 65. Each side's scoring starts
    /// as soon as it is read, so it overlaps with reading the other side.
    static func loadBoth(_ sources: [DiffSource], context: CommandContext) throws -> [TreeScores] {
        precondition(sources.count == 2, "a diff compares two sides")
        let directory = FileManager.default.currentDirectoryPath
        let (old, new) = sideBySide(
            { load(sources[0], directory: directory) },
            { load(sources[1], directory: directory) })
        var trees: [TreeScores] = []
        for (source, result) in zip(sources, [old, new]) {
            let (loaded, scores) = try result.get()
            // Warnings are left to 'bramble check': a diff shows changes, and looking for the
            // warnings of two large trees would cost more than the comparison. The sides are
            // checked without them, and only errors are printed.
            var errors = DiagnosticList()
            for diagnostic in loaded.diagnostics.items where diagnostic.severity == .error { errors.append(diagnostic) }
            context.printDiagnostics(errors, files: loaded.files)
            guard let tree = loaded.tree else {
                if !loaded.diagnostics.hasErrors {
                    throw CommandFailure(.invalidInput, "\(source.argument) is a library of fragments with no goal; compare trees that have a goal")
                }
                let count = loaded.diagnostics.errorCount
                throw CommandFailure(.invalidInput, "\(source.argument) has \(count == 1 ? "1 error" : "\(count) errors"), so it cannot be compared; fix \(count == 1 ? "it" : "them") and run the command again")
            }
            trees.append(scores ?? TreeScores(tree))
        }
        return trees
    }

    /// Reads and checks one side, and starts scoring it when it has no errors.
    private static func load(_ source: DiffSource, directory: String) -> Result<(TreeLoader.Loaded, TreeScores?), Error> {
        Result {
            let loaded = try source.load(directory: directory)
            return (loaded, loaded.diagnostics.hasErrors ? nil : loaded.tree.map(TreeScores.init))
        }
    }

    /// Returns whether the text output is coloured: with `--color always`, or with `auto` when
    /// standard output is a terminal, NO_COLOR is unset or empty and TERM is not `dumb`.
    static func outputColor(_ arguments: ParsedArguments, context: CommandContext) -> Bool {
        switch arguments.value("color") ?? "auto" {
        case "always": return true
        case "never": return false
        default:
            let output = arguments.value("output")
            let noColor = context.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return (output == nil || output == "-") && context.console.outputIsTerminal && !noColor
                && context.environment["TERM"] != "dumb"
        }
    }

    /// Returns the function that turns a source path of the new tree into a SARIF artifact
    /// URI: the path inside the repository for a git side, percent-encoded, and a `file://`
    /// URI for an absolute path.
    static func artifactURI(newSide: DiffSource) -> (String) -> String {
        let prefix = newSide.revision.map { $0 + ":" }
        return { path in
            var relative = path
            if let prefix, relative.hasPrefix(prefix) { relative = String(relative.dropFirst(prefix.count)) }
            while relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
            let encoded = relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative
            return relative.hasPrefix("/") ? "file://" + encoded : encoded
        }
    }
}
