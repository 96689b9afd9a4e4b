import BrambleCLI
import Foundation
import Testing
import TestSupport

/// A tree whose titles hold text that is harmful when written unescaped: a script, an image
/// with an event handler, table pipes, a formula and a line break.
let hostileReportTreeSource = """
    tree "<script>document.body.setAttribute('data-ran', 'title')</script>"

    1 or "Goal <img src=x onerror=\\"document.body.setAttribute('data-ran', 'img')\\">"
      impact high
      1.1 "<script>document.body.setAttribute('data-ran', 'step')</script>"
        likelihood possible
        mitigated-by guard
      1.2 "=cmd|' /C calc'!A0 | pipe\\nnext line"
        likelihood rare

    mitigation guard "<b>bold</b> & \\"quoted\\" \\\\ control"
      status planned
      effectiveness 50%
      owner "<script>alert(1)</script>"

    """

@Suite struct ReportCommandTests {
    static let schemaURL = SharedFixtures.packageRoot.appendingPathComponent("docs/report.schema.json")

    func report(_ arguments: [String], in directory: TemporaryDirectory, output: String) throws -> (CLIRun, String) {
        let path = directory.path(output)
        let run = runCLI(["report"] + arguments + ["-o", path])
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return (run, text)
    }

    @Test("Format follows the output's extension", arguments: [
        ("plan.md", "# Remediation plan: "), ("plan.html", "<!DOCTYPE html>\n"),
        ("plan.json", "{\n  \"tree\": {"), ("plan.csv", "id,title,kind,"),
    ])
    func formatFromExtension(file: String, start: String) throws {
        let directory = try TemporaryDirectory()
        let (run, text) = try report([RegistryTree.url.path], in: directory, output: file)

        #expect(run.status == .success, "\(run.error)")
        #expect(text.hasPrefix(start))
    }

    @Test func formatOptionWinsOverExtension() throws {
        let directory = try TemporaryDirectory()
        let (run, text) = try report([RegistryTree.url.path, "--format", "csv"], in: directory, output: "plan.txt")

        #expect(run.status == .success)
        #expect(text.hasPrefix("id,title,kind,"))
    }

    @Test func registryJSONMatchesSchema() throws {
        let directory = try TemporaryDirectory()
        let (run, text) = try report([RegistryTree.url.path], in: directory, output: "plan.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL)) as? [String: Any])
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8))

        #expect(run.status == .success)
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(JSONSchemaValidator(root: schema).errors(in: document) == [])
    }

    @Test func schemaValidatorRejectsWrongDocuments() throws {
        let directory = try TemporaryDirectory()
        let (_, text) = try report([RegistryTree.url.path], in: directory, output: "plan.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL)) as? [String: Any])
        var document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var plan = try #require(document["plan"] as? [String: Any])
        plan["planned"] = "not a list"
        plan.removeValue(forKey: "accepted")
        document["plan"] = plan
        document["effortExact"] = 1

        let errors = JSONSchemaValidator(root: schema).errors(in: document)

        #expect(errors.contains("$.plan.planned: expected array, found string"))
        #expect(errors.contains("$.plan: missing required member accepted"))
        #expect(errors.contains("$.effortExact: expected boolean, found integer"))
    }

    @Test func hostileTitlesAreEscapedInHTML() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(hostileReportTreeSource, to: "hostile.bramble")
        let (run, html) = try report([tree], in: directory, output: "plan.html")

        #expect(run.status == .success, "\(run.error)")
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<img", options: .caseInsensitive) == nil)
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("&lt;script&gt;document.body.setAttribute('data-ran', 'step')&lt;/script&gt;"))
        #expect(html.contains("<title>Remediation plan: &lt;script&gt;"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<?xml"))
    }

    @Test func htmlPageFetchesNothing() throws {
        let directory = try TemporaryDirectory()
        let (run, html) = try report([RegistryTree.url.path], in: directory, output: "plan.html")

        #expect(run.status == .success)
        for reference in [" src=", "<link", "@import", "url(", "<script", "<iframe", "<image", "<use"] {
            #expect(!html.contains(reference), "the page contains \(reference)")
        }
        // Links that the reader follows by clicking (the diagram links its references) load
        // nothing by themselves; any other element with a remote href would.
        let withoutAnchors = html.replacingOccurrences(of: #"<a [^>]*>"#, with: "", options: .regularExpression)
        #expect(!withoutAnchors.contains("href=\"http"))
    }

    @Test func hostileTitlesStayInOneTableCell() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(hostileReportTreeSource, to: "hostile.bramble")
        let (run, markdown) = try report([tree], in: directory, output: "plan.md")
        let row = try #require(markdown.components(separatedBy: "\n").first { $0.hasPrefix("| 1.2 |") })

        #expect(run.status == .success)
        #expect(row.contains(#"\=cmd\|' /C calc'!A0 \| pipe<br>next line"#))
        #expect(!markdown.contains("<script"))
    }

    @Test func csvNeutralisesFormulas() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(hostileReportTreeSource, to: "hostile.bramble")
        let (run, csv) = try report([tree], in: directory, output: "plan.csv")

        #expect(run.status == .success)
        #expect(csv.contains("\r\n1.2,\"'=cmd|' /C calc'!A0 | pipe\nnext line\",step,"))
    }

    @Test func baselineComparesVersions() throws {
        let directory = try TemporaryDirectory()
        let current = try RegistryTree.copy(into: directory)
        let previousText = try RegistryTree.text()
            .replacingOccurrences(of: "version \"1.0\"", with: "version \"0.9\"")
            .replacingOccurrences(of: "  status planned\n  effectiveness 80%\n  owner release-engineering", with: "  status implemented\n  effectiveness 80%\n  owner release-engineering")
        let previous = try directory.write(previousText, to: "previous.bramble")
        let (run, markdown) = try report([current, "--baseline", previous], in: directory, output: "plan.md")

        #expect(run.status == .success, "\(run.error)")
        #expect(markdown.contains("### Changes since version 0.9\n"))
        #expect(markdown.contains("| residual | "))
        #expect(markdown.contains("Nodes added: none.\n"))
    }

    @Test func baselineInJSONMatchesSchema() throws {
        let directory = try TemporaryDirectory()
        let previousText = try RegistryTree.text().replacingOccurrences(of: "version \"1.0\"", with: "version \"0.9\"")
        let previous = try directory.write(previousText, to: "previous.bramble")
        let (run, text) = try report([RegistryTree.url.path, "--baseline", previous], in: directory, output: "plan.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL)) as? [String: Any])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let baseline = try #require((document["plan"] as? [String: Any])?["baseline"] as? [String: Any])

        #expect(run.status == .success, "\(run.error)")
        #expect(JSONSchemaValidator(root: schema).errors(in: document) == [])
        #expect(baseline["version"] as? String == "0.9")
        #expect((baseline["goal"] as? [Any])?.count == 3)
        #expect((baseline["addedNodes"] as? [Any])?.isEmpty == true)
    }

    @Test func missingBaselineIsInputMissing() throws {
        let directory = try TemporaryDirectory()
        let (run, _) = try report([RegistryTree.url.path, "--baseline", directory.path("absent.bramble")], in: directory, output: "plan.md")

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("absent.bramble: file not found"))
    }

    @Test func templateWithJSONIsUsageError() throws {
        let directory = try TemporaryDirectory()
        let template = try directory.write("{{title}}", to: "t.mustache")
        let (run, _) = try report([RegistryTree.url.path, "--template", template], in: directory, output: "plan.json")

        #expect(run.status == .usage)
        #expect(run.error.contains("--format json uses no template"))
    }

    @Test func templateAndTemplatesTogetherIsUsageError() throws {
        let directory = try TemporaryDirectory()
        let template = try directory.write("{{title}}", to: "t.mustache")
        let (run, _) = try report([RegistryTree.url.path, "--template", template, "--templates", directory.url.path],
                                  in: directory, output: "plan.md")

        #expect(run.status == .usage)
    }

    @Test func malformedTemplateReportsLineAndColumn() throws {
        let directory = try TemporaryDirectory()
        let template = try directory.write("# {{title}}\n\n{{#planned}}\n- {{title}\n{{/planned}}\n", to: "bad.mustache")
        let (run, _) = try report([RegistryTree.url.path, "--template", template], in: directory, output: "plan.md")

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("line 4, column"), "\(run.error)")
    }

    @Test func companyTemplateOverridesOneSection() throws {
        let directory = try TemporaryDirectory()
        try directory.write("""
            {{<default-remediation-plan.md}}
            {{$riskiest-attacks}}

            ## Attack paths (company style)

            {{#attacks.list}}
            1. {{probability}}: {{#steps}}{{id}} {{/steps}}
            {{/attacks.list}}
            {{/riskiest-attacks}}
            {{/default-remediation-plan.md}}

            """, to: "remediation-plan.md.mustache")
        let (run, markdown) = try report([RegistryTree.url.path, "--templates", directory.url.path], in: directory, output: "plan.md")
        let (_, html) = try report([RegistryTree.url.path, "--templates", directory.url.path], in: directory, output: "plan.html")

        #expect(run.status == .success, "\(run.error)")
        #expect(markdown.contains("## Attack paths (company style)\n\n1. 50%: 1.1.2 \n"))
        #expect(!markdown.contains("## The riskiest attacks"))
        #expect(markdown.contains("## The plan: what to fix first"))
        #expect(markdown.contains("## Appendix: every node"))
        #expect(html.contains("<h2>Attack paths (company style)</h2>"))
    }

    @Test func missingPartialIsInvalidInput() throws {
        let directory = try TemporaryDirectory()
        let template = try directory.write("# {{title}}\n{{> absent}}\n", to: "t.mustache")
        let (run, _) = try report([RegistryTree.url.path, "--template", template], in: directory, output: "plan.md")

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("partial \"absent\" not found"), "\(run.error)")
    }

    @Test func templateFolderGivenAsFileIsNamed() throws {
        let directory = try TemporaryDirectory()
        let (run, _) = try report([RegistryTree.url.path, "--template", directory.url.path], in: directory, output: "plan.md")

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("is a directory; give a Mustache template file"), "\(run.error)")
        #expect(!run.error.contains(".bramble file"), "\(run.error)")
    }

    @Test func templatesFolderMissingIsInputMissing() throws {
        let directory = try TemporaryDirectory()
        let (run, _) = try report([RegistryTree.url.path, "--templates", directory.path("absent")], in: directory, output: "plan.md")

        #expect(run.status == .inputNotFound)
    }

    @Test func sameInputSameBytes() throws {
        let directory = try TemporaryDirectory()
        for file in ["a.md", "a.json", "a.csv"] {
            let (_, first) = try report([RegistryTree.url.path], in: directory, output: file)
            let (_, second) = try report([RegistryTree.url.path], in: directory, output: "second-" + file)
            #expect(first == second)
        }
    }
}

/// Two planned controls on the two branches of an `or` gate: neither lowers the goal's risk much
/// alone, because the attacker takes the other branch, so the plan must group them.
@Suite struct ReportGroupTests {
    static let source = """
        1 or "Read the bucket"
          impact high
          1.1 "Use a leaked key"
            likelihood 0.9
            mitigated-by rotate-keys
          1.2 "List the public bucket"
            likelihood 0.9
            mitigated-by block-public-access

        mitigation rotate-keys "Rotate access keys daily"
          status planned
          effectiveness blocks

        mitigation block-public-access "Block public access"
          status planned
          effectiveness blocks

        """

    @Test func markdownPlanGroupsMitigations() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(Self.source, to: "or.bramble")
        let path = directory.path("plan.md")
        let run = runCLI(["report", tree, "-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)

        #expect(run.status == .success, "\(run.error)")
        #expect(text.contains("### Mitigations needed together"))
        #expect(text.contains("Group 1: Rotate access keys daily (rotate-keys, planned); Block public access (block-public-access, planned)."))
        #expect(text.contains("Together they lower the goal's residual risk by"))
    }

    @Test func jsonPlanListsGroup() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(Self.source, to: "or.bramble")
        let path = directory.path("plan.json")
        let run = runCLI(["report", tree, "-o", path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let plan = try #require(json["plan"] as? [String: Any])
        let groups = try #require(plan["groups"] as? [Any])

        #expect(run.status == .success, "\(run.error)")
        #expect(groups.count == 1)
    }
}

@Suite struct ReportDiagramTests {
    @Test func markdownPlanHasMermaidDiagram() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("plan.md")
        let run = runCLI(["report", RegistryTree.url.path, "-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)

        #expect(run.status == .success, "\(run.error)")
        #expect(text.contains("```mermaid\n"))
        #expect(text.contains("\nflowchart LR\n"))
        #expect(text.contains("1.2.1.1"))
    }

    /// Returns a tree with 10 gates under the goal, 10 gates under each and 6 steps under each
    /// of those: 711 nodes on levels of 1, 10, 100 and 600.
    static func largeTree() -> String {
        var text = "1 or \"Goal\"\n  impact high\n"
        for a in 1...10 {
            text += "  1.\(a) or \"Gate \(a)\"\n"
            for b in 1...10 {
                text += "    1.\(a).\(b) and \"Gate \(a).\(b)\"\n"
                for c in 1...6 { text += "      1.\(a).\(b).\(c) \"Step \(a).\(b).\(c)\"\n        likelihood 0.9\n" }
            }
        }
        return text
    }

    @Test("A large tree's diagram is drawn to a depth", arguments: ["plan.md", "plan.html"])
    func largeTreeDiagramLimited(file: String) throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path("large.bramble")
        try Self.largeTree().write(toFile: tree, atomically: true, encoding: .utf8)
        let path = directory.path(file)
        let run = runCLI(["report", tree, "-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)

        #expect(run.status == .success, "\(run.error)")
        // 1 + 10 + 100 nodes fit within 500, and the 600 steps do not.
        #expect(text.contains("The tree has 711 nodes, so the diagram shows the goal and the 2 levels below it"))
        #expect(text.contains("+6 more"))
    }

    @Test func smallTreeDiagramHasNoNote() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("plan.md")
        let run = runCLI(["report", RegistryTree.url.path, "-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)

        #expect(run.status == .success, "\(run.error)")
        #expect(!text.contains("so the diagram shows"))
    }

    @Test func jsonPlanHasNoMermaid() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("plan.json")
        let run = runCLI(["report", RegistryTree.url.path, "-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)

        #expect(run.status == .success, "\(run.error)")
        #expect(!text.contains("flowchart"))
    }
}
