import BrambleCore
import BrambleGraphviz
import BrambleRender

/// `bramble render`: the tree as a diagram.
enum RenderCommand: Command {
    static let spec = CommandSpec(
        name: "render",
        summary: "Draw a tree as Graphviz DOT, SVG, PNG, PDF or a Mermaid flowchart.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("format", value: "FORMAT", choices: ["dot", "svg", "png", "pdf", "mermaid"],
                       help: "Output format (default: from the extension of --output, else dot)."),
            OptionSpec("view", value: "VIEW", choices: View.allCases.map(\.rawValue),
                       help: "Which risk colours the nodes and picks the highlighted attack (default residual)."),
            OptionSpec("highlight", value: "WHAT", choices: DiagramOptions.Highlight.allCases.map(\.rawValue),
                       help: "Highlight the most likely attack, the cheapest one, or none (default likely)."),
            OptionSpec("root", value: "ID", help: "Draw only the subtree of the node with this id."),
            OptionSpec("depth", value: "N", help: "Draw N levels below the root and collapse deeper ones into a \"+N more\" node."),
            OptionSpec("direction", value: "DIR", choices: ["TB", "LR"], help: "Lay the tree out top to bottom or left to right (default LR)."),
            OptionSpec("hide", value: "WHAT", choices: ["mitigations"], help: "Leave mitigations out of the diagram."),
            OptionSpec("theme", value: "THEME", choices: DiagramOptions.Theme.allCases.map(\.rawValue),
                       help: "Colours for a light or dark background, or greys for printing (default light)."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        DOT and Mermaid are written by Bramble itself; SVG, PNG and PDF are laid out and drawn
        in-process by libgraphviz. PNG and PDF are binary, so they are written to standard output
        only when it is not a terminal. Mermaid output written to a file ending in .md is wrapped
        in a ```mermaid block. A Mermaid diagram past Mermaid's default limits (500 links, 50,000
        characters) is still written, with a warning on standard error. Exit status: 0 on
        success, 64 for an unknown --root id or an invalid --depth, 65 when the tree has errors,
        66 when it cannot be read, 70 when Graphviz fails, 73 when the output cannot be written.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let output = arguments.value("output")
        let format = arguments.value("format") ?? formatFromExtension(output) ?? "dot"
        if (format == "png" || format == "pdf"), output == nil || output == "-", context.console.outputIsTerminal {
            throw CommandFailure(.usage, "\(format) output is binary; write it to a file with -o FILE.\(format)")
        }
        var options = DiagramOptions()
        options.view = View(rawValue: arguments.value("view") ?? "residual") ?? .residual
        options.highlight = DiagramOptions.Highlight(rawValue: arguments.value("highlight") ?? "likely") ?? .likely
        options.theme = DiagramOptions.Theme(rawValue: arguments.value("theme") ?? "light") ?? .light
        if let direction = arguments.value("direction") { options.direction = direction }
        options.showMitigations = arguments.value("hide") != "mitigations"
        if let text = arguments.value("depth") {
            guard let depth = Int(text), depth >= 0 else {
                throw CommandFailure(.usage, "invalid --depth '\(text)'; write a whole number of levels from 0")
            }
            options.depth = depth
        }
        var rootText: String?
        if let text = arguments.value("root") {
            guard let id = NodeID(parsing: text) else {
                throw CommandFailure(.usage, "invalid --root '\(text)'; write a node id such as 1.2.1")
            }
            options.root = id
            rootText = text
        }

        let tree = try TreeLoader.loadValid(path, context: context)
        if let id = options.root, tree.index(of: id) == nil {
            throw CommandFailure(.usage, "no node with id \(rootText ?? id.description) in \(path); run `bramble score \(path)` to list the ids")
        }
        let analysis = Analysis(tree)

        let bytes: [UInt8]
        func warn(_ warnings: [String]) {
            for warning in warnings { context.console.writeError("bramble: warning: \(warning)\n") }
        }
        switch format {
        case "dot":
            let rendered = DOTWriter(options: options).render(analysis)
            warn(rendered.warnings)
            bytes = Array(rendered.text.utf8)
        case "mermaid":
            let diagram = MermaidWriter(options: options).render(analysis)
            warn(diagram.warnings)
            let wrapped = output?.lowercased().hasSuffix(".md") == true ? MermaidWriter.markdownBlock(diagram.text) : diagram.text
            bytes = Array(wrapped.utf8)
        default:
            let rendered = DOTWriter(options: options).render(analysis)
            warn(rendered.warnings)
            do {
                let drawn = [UInt8](try Graphviz.render(dot: rendered.text, format: GraphvizFormat(rawValue: format)!,
                                                         teardown: context.graphvizTeardown))
                bytes = format == "svg" ? SVGMetadata.insert(into: drawn, tree: tree, view: options.view) : drawn
            } catch {
                throw CommandFailure(.internalError, "Graphviz could not draw \(path): \(error)")
            }
        }
        try OutputFile.write(bytes, to: output, console: context.console, inputs: [path])
        return .success
    }

    static func formatFromExtension(_ path: String?) -> String? {
        guard let path, let dot = path.lastIndex(of: ".") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "dot", "gv": return "dot"
        case "svg": return "svg"
        case "png": return "png"
        case "pdf": return "pdf"
        case "mmd", "mermaid", "md": return "mermaid"
        default: return nil
        }
    }
}
