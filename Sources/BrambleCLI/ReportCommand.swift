import BrambleCore
import BrambleRender
import Foundation
import Mustache

/// `bramble report`: the remediation plan.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        summary: "Write the remediation plan: what to fix first and why, as Markdown.",
        positionalUsage: "FILE",
        minimumPositionals: 1, maximumPositionals: 1,
        options: [
            OptionSpec("template", value: "FILE",
                       help: "Render with this Mustache template instead of the built-in one. Partials are read from the template's folder. docs/templates.md lists the fields."),
            CommandContext.outputOption,
            CommandContext.colorOption,
        ],
        discussion: """
        The plan opens with the goal's inherent, residual and projected risk, lists planned
        mitigations by the residual risk each would remove (recomputed on the whole tree), then
        the implemented ones by what their loss would cost, then the riskiest steps that no
        implemented mitigation covers, and every node's figures. Exit status: 0 on success, 65
        when the tree or the template has errors, 66 when a file cannot be read.
        """)

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments.positionals[0]
        let template = try arguments.value("template").map(loadTemplate)
        let tree = try TreeLoader.loadValid(path, context: context)
        let text: String
        do {
            text = try RemediationPlan.markdown(Analysis(tree), template: template)
        } catch let error as MustacheError {
            throw CommandFailure(.invalidInput, "template error: \(error)")
        }
        let inputs = [path] + (arguments.value("template").map { [$0] } ?? [])
        try OutputFile.write(Array(text.utf8), to: arguments.value("output"), console: context.console, inputs: inputs)
        return .success
    }

    static func loadTemplate(_ path: String) throws -> Template {
        let source = try TreeLoader.readSource(path)
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
            throw CommandFailure(.invalidInput, "\(path): template is not valid UTF-8; save it as UTF-8")
        }
        let url = URL(fileURLWithPath: path)
        do {
            return try Template(source: text, name: url.lastPathComponent,
                                partials: DirectoryPartials(url: url.deletingLastPathComponent(), failOnMissing: true))
        } catch let error as MustacheError {
            throw CommandFailure(.invalidInput, "\(path): \(error)")
        }
    }
}
