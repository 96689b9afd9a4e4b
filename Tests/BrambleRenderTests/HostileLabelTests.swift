import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation
import Mustache
import Testing
import TestSupport

/// A title that breaks naive escaping, and how the Markdown report must write it.
struct HostileLabel: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    /// The title as `Escaping.markdownInline` must write it, worked out by hand.
    let markdown: String

    var testDescription: String { name }
}

/// Each case is short enough, or a single word, so that the DOT writer's word wrap keeps every
/// line of it whole.
let hostileLabels: [HostileLabel] = [
    HostileLabel(name: "double quotes", text: #"say "hi" twice"#, markdown: #"say "hi" twice"#),
    HostileLabel(name: "trailing backslash", text: #"ends with \"#, markdown: #"ends with \\"#),
    HostileLabel(name: "backslash before letters", text: #"C:\new\Temp"#, markdown: #"C:\\new\\Temp"#),
    HostileLabel(name: "angle brackets and ampersands", text: "a < b && c > d & e",
                 markdown: "a &lt; b &amp;&amp; c &gt; d &amp; e"),
    HostileLabel(name: "pipe and brackets", text: "x | y [z] {w}", markdown: #"x \| y \[z\] {w}"#),
    HostileLabel(name: "leading hash", text: "#1 priority", markdown: ##"\#1 priority"##),
    HostileLabel(name: "newline", text: "first line\nsecond line", markdown: "first line<br>second line"),
    HostileLabel(name: "formula", text: "=cmd|' /C calc'!A0", markdown: #"\=cmd\|' /C calc'!A0"#),
    HostileLabel(name: "emoji", text: "lock 🔒 and family 👨‍👩‍👧", markdown: "lock 🔒 and family 👨‍👩‍👧"),
    HostileLabel(name: "Arabic", text: "مرحبا بالعالم", markdown: "مرحبا بالعالم"),
    HostileLabel(name: "Hebrew", text: "שלום עולם", markdown: "שלום עולם"),
    HostileLabel(name: "script tag", text: "<script>alert(1)</script>",
                 markdown: "&lt;script&gt;alert(1)&lt;/script&gt;"),
    HostileLabel(name: "HTML entity", text: "Tom &amp; Jerry", markdown: "Tom &amp;amp; Jerry"),
    HostileLabel(name: "2000 characters", text: String(repeating: "0123456789", count: 200),
                 markdown: String(repeating: "0123456789", count: 200)),
]


/// Builds the source of a tree whose header, step 1.1 and mitigation `guard` are titled
/// `text`, and whose descriptions end with it.
func hostileTreeSource(_ text: String) -> String {
    let title = brambleString(text)
    let description = brambleString("Description: " + text)
    return [
        "tree \(title)",
        "1 or \"Goal\"",
        "  impact high",
        "  1.1 \(title)",
        "    likelihood possible",
        "    description \(description)",
        "    mitigated-by guard",
        "  1.2 \"Plain step\"",
        "    likelihood rare",
        "",
        "mitigation guard \(title)",
        "  status planned",
        "  effectiveness 50%",
        "  description \(description)",
        "",
    ].joined(separator: "\n")
}

@Suite struct HostileLabelTests {
    @Test("Title survives in DOT", arguments: hostileLabels)
    func titleInDOT(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))

        let graph = try Graphviz.parse(dot: DOTWriter().write(analysis))
        let step = try #require(graph.node(named: "node-1.1"))
        let mitigation = try #require(graph.node(named: "mitigation-guard"))

        #expect(graph.nodes.count == 5, "four tree and mitigation nodes and the legend")
        #expect(graph.edges.count == 3)
        #expect(step.attributes["label"]?.contains("<tr><td>" + htmlLabelLines(label.text) + "</td></tr>") == true)
        #expect(step.attributes["tooltip"] == cgraphTooltip("Description: " + label.text))
        #expect(mitigation.attributes["label"]?.hasPrefix(cgraphLabel(label.text) + "\\nplanned") == true)
        #expect(graph.attributes["label"]?.hasPrefix("<b>" + htmlLabelLines(label.text) + "</b>") == true)
    }

    @Test("Title survives in SVG", arguments: hostileLabels)
    func titleInSVG(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))
        let drawn = try Graphviz.render(dot: DOTWriter().write(analysis), format: .svg)
        let svg = SVGMetadata.insert(into: [UInt8](drawn), tree: analysis.tree, view: .residual)

        let document = try SVGDocument(Data(svg))
        let step = try #require(document.group(id: "node-1.1"))
        let mitigation = try #require(document.group(id: "mitigation-guard"))
        let graph = try #require(document.graphGroup)
        let stepLines = SVGDocument.textLines(of: step)
        let mitigationLines = SVGDocument.textLines(of: mitigation)
        let titleLines = SVGDocument.directTextLines(of: graph)

        #expect(document.nodeGroups.count == 5)
        #expect(document.title == label.text)
        for line in label.text.components(separatedBy: "\n") {
            #expect(stepLines.contains(line), "step text \(stepLines) lacks \(line.debugDescription)")
            #expect(mitigationLines.contains(line), "mitigation text \(mitigationLines) lacks \(line.debugDescription)")
            #expect(titleLines.contains(line), "diagram title \(titleLines) lacks \(line.debugDescription)")
        }
    }

    @Test("Title survives in Mermaid", arguments: hostileLabels)
    func titleInMermaid(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))

        let diagram = try MermaidDiagram(MermaidWriter().write(analysis))
        let step = try #require(diagram.nodes.first { $0.label.hasPrefix("1.1\n") })
        let mitigation = try #require(diagram.node("m0"))

        #expect(diagram.nodes.filter { !$0.id.hasPrefix("k") }.count == 4)
        #expect(diagram.links.count == 3)
        #expect(step.label == "1.1\n\(label.text)\nP 50% · high")
        #expect(mitigation.label == "\(label.text)\nplanned · 50%")
        #expect(diagram.subgraphTitles == ["\(label.text) · residual risk"])
    }

    @Test("Title renders to PNG and PDF", arguments: hostileLabels)
    func titleInBinaryFormats(label: HostileLabel) throws {
        let dot = DOTWriter().write(try analyze(hostileTreeSource(label.text)))

        let png = try Graphviz.renderCapturingWarnings(dot: dot, format: .png)
        let pdf = try Graphviz.renderCapturingWarnings(dot: dot, format: .pdf)

        #expect(Array(png.data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: pdf.data.prefix(4), as: UTF8.self) == "%PDF")
        #expect(png.warnings.isEmpty, "Graphviz warned: \(png.warnings)")
        #expect(pdf.warnings.isEmpty, "Graphviz warned: \(pdf.warnings)")
    }

    @Test("Title round-trips through JSON", arguments: hostileLabels)
    func titleInJSON(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))

        let json = ScoreJSON.make(analysis).serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tree = try #require(object["tree"] as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let step = try #require(nodes.first { $0["id"] as? String == "1.1" })
        let mitigations = try #require(object["mitigations"] as? [[String: Any]])

        #expect(tree["title"] as? String == label.text)
        #expect(step["title"] as? String == label.text)
        #expect(step["description"] as? String == "Description: " + label.text)
        #expect(mitigations.first?["title"] as? String == label.text)
    }

    @Test("Title escaped in Markdown", arguments: hostileLabels)
    func titleInMarkdown(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))

        let markdown = try RemediationPlan.markdown(analysis)
        let withoutBreaks = markdown.replacingOccurrences(of: "<br>", with: "")

        #expect(markdown.hasPrefix("# Remediation plan: \(label.markdown)\n"))
        #expect(markdown.contains("\n| 1.1 | \(label.markdown) | step | "))
        #expect(markdown.contains("\n### 1. \(label.markdown)\n"))
        #expect(!withoutBreaks.contains("<"))
        #expect(!withoutBreaks.contains(">"))
    }

    @Test("Table rows keep their columns", arguments: hostileLabels)
    func tableColumnsIntact(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))

        let markdown = try RemediationPlan.markdown(analysis)
        let tables = markdownTables(markdown)
        let appendix = try #require(tables.last)

        #expect(tables.count >= 3)
        #expect(appendix.first?.hasPrefix("| Id | Title |") == true)
        #expect(appendix.count == 2 + 3)
        for table in tables {
            let columns = unescapedPipeCount(table[0])
            for row in table {
                #expect(unescapedPipeCount(row) == columns, "row \(row.debugDescription) has a different number of cells")
            }
        }
    }

    @Test("Custom template escapes", arguments: hostileLabels)
    func customTemplateEscapes(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))
        let template = try Template(source: """
            {{title}}
            {{#nodes}}
            {{id}}: {{title}}
            {{/nodes}}
            {{#planned}}
            {{name}}: {{title}}. {{description}}
            {{/planned}}
            """)

        let markdown = try RemediationPlan.markdown(analysis, template: template)
        let withoutBreaks = markdown.replacingOccurrences(of: "<br>", with: "")

        #expect(markdown.hasPrefix(label.markdown + "\n"))
        #expect(markdown.contains("\n1.1: \(label.markdown)\n"))
        #expect(markdown.contains("\nguard: \(label.markdown). Description: "))
        #expect(!withoutBreaks.contains("<"))
    }

    @Test func scriptNeverRawInReport() throws {
        let analysis = try analyze(hostileTreeSource("<script>alert(1)</script>"))
        let sections = try Template(source: "{{#nodes}}{{title}}{{/nodes}}{{#planned}}{{description}}{{/planned}}")
        let spacedTags = try Template(source: "{{title}} {{ title }}")

        #expect(!(try RemediationPlan.markdown(analysis)).contains("<script>"))
        #expect(!(try RemediationPlan.markdown(analysis, template: sections)).contains("<script>"))
        #expect(!(try RemediationPlan.markdown(analysis, template: spacedTags)).contains("<script>"))
    }

    @Test func tripleMustacheWritesRaw() throws {
        // Triple mustaches are Mustache's documented way to skip escaping. This shows that the
        // checks above would catch an unescaped title.
        let analysis = try analyze(hostileTreeSource("<script>alert(1)</script>"))
        let template = try Template(source: "{{{title}}}")

        let markdown = try RemediationPlan.markdown(analysis, template: template)

        #expect(markdown == "<script>alert(1)</script>")
    }

    @Test func longTitleWholeInDOT() throws {
        let title = String(repeating: "0123456789", count: 200)
        let analysis = try analyze(hostileTreeSource(title))

        let graph = try Graphviz.parse(dot: DOTWriter().write(analysis))
        let label = try #require(graph.node(named: "node-1.1")?.attributes["label"])

        #expect(title.count == 2000)
        #expect(label.contains("<tr><td>\(title)</td></tr>"))
    }

    @Test func wrappedTitleKeepsEveryWord() throws {
        // Titles longer than the wrap width are split between words, never inside one.
        let words = (1...60).map { "word\($0)" }
        let analysis = try analyze(hostileTreeSource(words.joined(separator: " ")))

        let svg = try Graphviz.render(dot: DOTWriter().write(analysis), format: .svg)
        let step = try #require(try SVGDocument(svg).group(id: "node-1.1"))
        let renderedWords = SVGDocument.textLines(of: step).flatMap { $0.split(separator: " ").map(String.init) }

        #expect(Array(renderedWords.dropFirst().prefix(words.count)) == words)
    }
}

@Suite struct TooltipTests {
    @Test func backslashesKeptInSVGTooltip() throws {
        let analysis = try analyze(#"""
        1 or "Goal"
          impact high
          1.1 "Read C:\\Users\\Name\\.aws & \\G"
            likelihood rare
          1.2 "Other"
            likelihood rare
        """#)
        let svg = String(decoding: try Graphviz.render(dot: DOTWriter().write(analysis), format: .svg), as: UTF8.self)

        #expect(svg.contains(#"title="Read C:\Users\Name\.aws &amp; \G""#))
    }
}
