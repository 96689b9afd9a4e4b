import BrambleCore
import BrambleGraphviz
import BrambleMarkdown
import BrambleRender
import Foundation
import Mustache

/// `bramble report`: the remediation plan.
enum ReportCommand: Command {
    static let formats = ["md", "html", "json", "csv"]

    static let spec = CommandSpec(
        name: "report",
        summary: "Write the remediation plan: what to fix first and why, as Markdown, HTML, JSON or CSV.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("format", value: "FORMAT", choices: formats,
                       help: "Output format (default: from the extension of --output, else md)."),
            OptionSpec("template", value: "FILE",
                       help: "Render the Markdown plan (md and html) with this Mustache template instead of the built-in one. Partials and parents are read from the template's folder, then from the built-in templates. docs/templates.md lists the fields."),
            OptionSpec("templates", value: "DIR",
                       help: "Read remediation-plan.md.mustache and remediation-plan.html.mustache, their partials and parents from DIR; a template missing there is the built-in one."),
            OptionSpec("baseline", value: "FILE",
                       help: "The tree's previous version: the summary then says how the goal's risk changed and which nodes and mitigations were added or removed."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        The plan opens with the goal's inherent, residual and projected risk, lists planned
        mitigations by the residual risk each would remove per unit of effort (recomputed on the
        whole tree), then the implemented ones by what their loss would cost, the riskiest
        minimal attack sets, the high-risk steps that no mitigation covers, the accepted risks,
        the diagram (HTML) and every node's figures. json writes the full analysis and the plan
        (docs/report.schema.json); csv writes one row per node. Exit status: 0 on success, 64
        for bad usage, 65 when a tree or a template has errors, 66 when a file cannot be read,
        70 when Graphviz fails, 73 when the output cannot be written.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let output = arguments.value("output")
        let format = arguments.value("format") ?? formatFromExtension(output) ?? "md"
        let templateFile = arguments.value("template")
        let templateFolder = arguments.value("templates")
        if templateFile != nil, templateFolder != nil {
            throw CommandFailure(.usage, "give --template FILE or --templates DIR, not both")
        }
        if format == "json" || format == "csv", templateFile != nil || templateFolder != nil {
            throw CommandFailure(.usage, "--format \(format) uses no template; templates apply to md and html")
        }
        let templates = try loadTemplates(file: templateFile, folder: templateFolder, html: format == "html")
        let tree = try TreeLoader.loadValid(path, context: context)
        let analysis = Analysis(tree)
        var inputs = ReportInputs()
        if let baselinePath = arguments.value("baseline") {
            let previous = try TreeLoader.loadValid(baselinePath, context: context)
            inputs.baseline = BaselineComparison(previous: Analysis(previous), current: analysis)
        }
        inputs.groups = analysis.mitigationsNeededTogether().groups.map { group in
            ReportInputs.Group(
                mitigations: group.mitigations,
                reason: "Together they lower the goal's residual risk by \(Formatting.number(group.riskReduction)); "
                    + "no smaller part of the group lowers it by more than \(Formatting.number(group.bestPartReduction)).")
        }
        // A large tree is drawn to the depth that keeps the diagram small enough to lay out
        // and to read, and a note under the diagram gives that depth.
        var diagramOptions = DiagramOptions()
        if format == "html" || format == "md" {
            diagramOptions.depth = DiagramOptions.depth(fitting: diagramNodeLimit, in: analysis.tree)
            inputs.diagramNote = diagramOptions.depth.map { depth in
                "The tree has \(analysis.tree.nodes.count) nodes, so the diagram shows the goal and the "
                    + "\(depth == 1 ? "level" : "\(depth) levels") below it, and each deeper subtree as one "
                    + "\"+N more\" box. The command bramble render, with --root and --depth, draws any part of the tree."
            }
        }
        if format == "html" {
            inputs.svg = try diagramSVG(analysis, options: diagramOptions, path: path, teardown: context.graphvizTeardown)
        }
        if format == "md" {
            // The same diagram as the HTML page's, as a flowchart that GitHub and GitLab draw.
            let diagram = MermaidWriter(options: diagramOptions).render(analysis)
            for warning in diagram.warnings {
                context.console.writeError("bramble report: warning: \(warning)\n")
            }
            inputs.mermaid = diagram.text
        }
        let facts = PlanFacts(analysis, inputs: inputs)

        let text: String
        do {
            switch format {
            case "json":
                text = ReportJSON.make(facts).serialized()
            case "csv":
                text = CSVReport.make(analysis)
            case "html":
                text = try RemediationPlan.html(facts, markdownTemplate: templates.markdown, pageTemplate: templates.page,
                                                convert: CommonMark.html)
            default:
                text = try RemediationPlan.markdown(facts, template: templates.markdown)
            }
        } catch let error as MustacheError {
            throw CommandFailure(.invalidInput, "template error: \(error)")
        }
        let inputFiles = [path] + [arguments.value("baseline"), templateFile].compactMap { $0 }
        try OutputFile.write(Array(text.utf8), to: output, console: context.console, inputs: inputFiles)
        return .success
    }

    /// Returns the format named by an output file's extension, if it names one.
    static func formatFromExtension(_ path: String?) -> String? {
        guard let path, let dot = path.lastIndex(of: ".") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        switch ext {
        case "md", "markdown": return "md"
        case "html", "htm": return "html"
        case "json", "csv": return ext
        default: return nil
        }
    }

    /// Reads the templates that replace the built-in ones; nil stands for a built-in one.
    static func loadTemplates(file: String?, folder: String?, html: Bool) throws -> (markdown: Template?, page: Template?) {
        if let file {
            return (try loadTemplate(file), nil)
        }
        guard let folder else { return (nil, nil) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw CommandFailure(.inputNotFound, "\(folder): folder not found")
        }
        guard isDirectory.boolValue else {
            throw CommandFailure(.usage, "\(folder): is a file; --templates takes a folder (use --template for one file)")
        }
        let resolver = ReportTemplates(directory: URL(fileURLWithPath: folder))
        do {
            let markdown = try resolver.template(.markdown)
            let page = html ? try resolver.template(.html) : nil
            return (markdown, page)
        } catch let error as MustacheError {
            throw CommandFailure(.invalidInput, "\(folder): \(error)")
        }
    }

    static func loadTemplate(_ path: String) throws -> Template {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure(.inputNotFound, "\(path): is a directory; give a Mustache template file, or pass a folder of templates with --templates")
        }
        let source = try TreeLoader.readSource(path)
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
            throw CommandFailure(.invalidInput, "\(path): template is not valid UTF-8; save it as UTF-8")
        }
        let url = URL(fileURLWithPath: path)
        do {
            return try Template(source: text, name: url.lastPathComponent,
                                partials: ReportTemplates(directory: url.deletingLastPathComponent()))
        } catch let error as MustacheError {
            throw CommandFailure(.invalidInput, "\(path): \(error)")
        }
    }

    /// The maximum number of tree nodes the plan's diagram draws. Graphviz lays out 1,000
    /// nodes in about 0.4 s and 5,000 in about 14 s, and thousands of boxes are hard to read.
    static let diagramNodeLimit = 500

    /// Draws the tree with Graphviz and returns the `<svg>` element without the XML prolog,
    /// doctype and comments that precede it, ready to place inside an HTML page.
    static func diagramSVG(
        _ analysis: Analysis, options: DiagramOptions, path: String, teardown: GraphvizTeardown
    ) throws -> String {
        let dot = DOTWriter(options: options).write(analysis)
        let data: Data
        do {
            data = try Graphviz.render(dot: dot, format: .svg, teardown: teardown)
        } catch {
            throw CommandFailure(.internalError, "Graphviz could not draw \(path): \(error)")
        }
        let svg = String(decoding: data, as: UTF8.self)
        guard let start = svg.range(of: "<svg") else {
            throw CommandFailure(.internalError, "Graphviz drew \(path) without an <svg> element")
        }
        return String(svg[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
