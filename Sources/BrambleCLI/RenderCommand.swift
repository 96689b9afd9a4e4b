import BrambleCore
import BrambleGraphviz
import BrambleRender

/// `bramble render`: the tree as a diagram.
enum RenderCommand: Command {
    static let spec = CommandSpec(
        name: "render",
        summary: "Draw a tree as Graphviz DOT, SVG, PNG or PDF.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["dot", "svg", "png", "pdf"],
                       help: "Output format (default: from the extension of --output, else dot)."),
            OptionSpec("view", value: "VIEW", choices: View.allCases.map(\.rawValue),
                       help: "Which risk colours the nodes (default residual)."),
            OptionSpec("direction", value: "DIR", choices: ["TB", "LR"], help: "Lay the tree out top to bottom or left to right (default LR)."),
            OptionSpec("hide", value: "WHAT", choices: ["mitigations"], help: "Leave mitigations out of the diagram."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        DOT is written by Bramble itself; SVG, PNG and PDF are laid out and drawn in-process by
        libgraphviz. PNG and PDF are binary, so they are written to standard output only when it
        is not a terminal. Exit status: 0 on success, 65 when the tree has errors, 66 when it
        cannot be read, 70 when Graphviz fails, 73 when the output cannot be written.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let output = arguments.value("output")
        let format = arguments.value("format") ?? formatFromExtension(output) ?? "dot"
        if (format == "png" || format == "pdf"), output == nil || output == "-", context.console.outputIsTerminal {
            throw CommandFailure(.usage, "\(format) output is binary; write it to a file with -o FILE.\(format)")
        }
        let tree = try TreeLoader.loadValid(path, context: context)
        var options = DOTWriter.Options()
        options.view = View(rawValue: arguments.value("view") ?? "residual") ?? .residual
        if let direction = arguments.value("direction") { options.direction = direction }
        options.showMitigations = arguments.value("hide") != "mitigations"
        let dot = DOTWriter(options: options).write(Analysis(tree))

        let bytes: [UInt8]
        if format == "dot" {
            bytes = Array(dot.utf8)
        } else {
            do {
                bytes = [UInt8](try Graphviz.render(dot: dot, format: GraphvizFormat(rawValue: format)!))
            } catch {
                throw CommandFailure(.internalError, "Graphviz could not draw \(path): \(error)")
            }
        }
        try OutputFile.write(bytes, to: output, console: context.console, inputs: [path])
        return .success
    }

    static func formatFromExtension(_ path: String?) -> String? {
        guard let path, let dot = path.lastIndex(of: ".") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        return ["dot", "gv"].contains(ext) ? "dot" : ["svg", "png", "pdf"].contains(ext) ? ext : nil
    }
}
