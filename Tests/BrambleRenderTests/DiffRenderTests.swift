import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation
import Testing

/// Writes `text` as a quoted string of the tree language.
func quotedBrambleString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// Returns the diff of two trees in which `title` is a node's new title, the title of an added
/// node and the title of an added mitigation.
func hostileDiff(_ title: String) throws -> TreeDiff {
    let old = """
        tree "Theft"
        1 or "Steal the data"
          impact high
          1.1 "Plain title"
            likelihood possible
          1.2 "Exploit the VPN"
            likelihood rare

        """
    let new = """
        tree "Theft"
        1 or "Steal the data"
          impact high
          1.1 \(quotedBrambleString(title))
            likelihood likely
            mitigated-by control
          1.2 "Exploit the VPN"
            likelihood rare
          1.3 \(quotedBrambleString(title + " again"))
            likelihood rare

        mitigation control \(quotedBrambleString(title))
          status implemented
          effectiveness 50%

        """
    let oldTree = try #require(Checker.check(SourceFile(path: "old.bramble", text: old)).tree)
    let checked = Checker.check(SourceFile(path: "new.bramble", text: new))
    let errors = checked.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
    #expect(errors.isEmpty, "\(errors)")
    return TreeDiff(old: oldTree, new: try #require(checked.tree))
}

/// Returns the number of `|` in a Markdown line that are not escaped with a backslash.
func unescapedPipes(_ line: String) -> Int {
    var count = 0
    var escaped = false
    for character in line {
        if escaped { escaped = false; continue }
        if character == "\\" { escaped = true } else if character == "|" { count += 1 }
    }
    return count
}

@Suite struct DiffRenderTests {
    @Test(arguments: hostileLabels)
    func markdownEscapesLabel(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let markdown = DiffMarkdown.make(diff, gates: [], oldLabel: "old.bramble", newLabel: "new.bramble")

        #expect(markdown.contains(label.markdown))
        #expect(!markdown.contains("<script>"))
        // Every table row has as many cell separators as its header.
        var columns: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            if let columns {
                #expect(unescapedPipes(line) == columns, "row '\(line.prefix(80))' breaks the table")
            } else {
                columns = unescapedPipes(line)
            }
        }
    }

    @Test(arguments: hostileLabels)
    func jsonKeepsLabel(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let text = DiffJSON.make(diff, gates: [], oldLabel: "old", newLabel: "new").serialized()

        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        let titles = nodes.compactMap { $0["title"] as? String }
        #expect(titles.contains(label.text))
        #expect(titles.contains(label.text + " again"))
        let mitigations = try #require(json["mitigations"] as? [[String: Any]])
        #expect(mitigations.first?["title"] as? String == label.text)
    }

    @Test(arguments: hostileLabels)
    func sarifKeepsLabel(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let text = DiffSARIF.make(diff, gates: [], version: "test", uri: { $0 }).serialized()

        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let messages = results.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        #expect(messages.contains { $0.contains(label.text) })
    }

    @Test(arguments: hostileLabels)
    func dotParsesWithLabel(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let dot = DiffDOT.make(diff, oldLabel: "old", newLabel: "new")

        #expect(throws: Never.self) { try Graphviz.validate(dot: dot) }
        #expect(dot.contains("class=\"diff-added\""))
        #expect(dot.contains("class=\"diff-changed\""))
    }

    @Test(arguments: hostileLabels)
    func svgKeepsLabel(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let svg = try Graphviz.render(dot: DiffDOT.make(diff, oldLabel: "old", newLabel: "new"), format: .svg)

        let document = try SVGDocument(svg)
        let changed = try #require(document.group(id: "node-1.1"))
        let lines = SVGDocument.textLines(of: changed)
        for line in label.text.components(separatedBy: "\n") {
            #expect(lines.contains(line), "node text \(lines) lacks \(line.debugDescription)")
        }
    }

    @Test(arguments: hostileLabels)
    func textKeepsLinesWhole(_ label: HostileLabel) throws {
        let diff = try hostileDiff(label.text)
        let text = DiffText.make(diff, gates: [], oldLabel: "old", newLabel: "new", useColor: false)

        #expect(!text.contains("\u{1B}"))
        #expect(text.contains(Escaping.terminal(label.text)))
        // A title's line break is shown as \n, so no line of the output starts inside a title.
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("second line") })
    }

    @Test func terminalEscapingRemovesControls() {
        #expect(Escaping.terminal("a\u{1B}[31mb\nc\u{9B}d") == "a?[31mb\\nc?d")
        #expect(Escaping.terminal("tab\there, delete\u{7F}, next line\u{85}") == "tab?here, delete?, next line?")
    }

    @Test func terminalEscapingKeepsPlainText() {
        // Non-breaking space (0xC2 0xA0), accented letters and other scripts are not controls.
        for text in ["", "Steal the key", "caf\u{E9} \u{A0}\u{A9} \u{D7}", "\u{4E2D}\u{6587} \u{1F600}", "=cmd|\"x\"<y>"] {
            #expect(Escaping.terminal(text) == text)
        }
    }

    @Test func removedNodeDrawnDashed() throws {
        let diff = try hostileDiff("x")
        let reversed = TreeDiff(old: diff.new, new: diff.old)
        let dot = DiffDOT.make(reversed, oldLabel: "new", newLabel: "old")

        #expect(dot.contains("\"removed-1.3\" [id=\"removed-1.3\", class=\"diff-removed\""))
        #expect(dot.contains("\"node-1\" -> \"removed-1.3\" [style=dashed"))
    }

    @Test func markdownSummaryComesFirst() throws {
        let diff = try hostileDiff("New title")
        let markdown = DiffMarkdown.make(diff, gates: [], oldLabel: "old", newLabel: "new")

        let table = try #require(markdown.range(of: "| | old | new | change |"))
        let details = try #require(markdown.range(of: "<details>"))
        #expect(table.lowerBound < details.lowerBound)
        #expect(markdown.contains("<details><summary>Node changes (2)</summary>\n\n| change | node | title | details |"))
        #expect(markdown.contains("| Nodes | 3 | 4 | 1 added, 1 changed |"))
    }
}

/// The payroll tree of the golden tests, one release later: a step retitled, a likelihood
/// raised, a step added, a mitigation implemented and another removed.
let payrollNextSource = payrollTreeSource
    .replacingOccurrences(of: "\"Forge the file's signature\"", with: "\"Forge the file's HMAC\"")
    .replacingOccurrences(of: "    likelihood possible\n", with: "    likelihood likely\n")
    .replacingOccurrences(of: "    mitigated-by four-eyes, insurance\n", with: "    mitigated-by four-eyes\n  1.3 \"Phish the finance lead\"\n    likelihood unlikely\n")
    .replacingOccurrences(of: "  status planned\n", with: "  status implemented\n")
    .replacingOccurrences(of: """

    mitigation insurance "Insure payroll fraud losses"
      status transferred
      owner finance-team
      justification "The insurer covers losses above 10,000 EUR."

    """, with: "\n")

/// Diff outputs of the payroll tree and its next release, compared byte for byte with the
/// files in `Golden/`.
@Suite struct DiffGoldenTests {
    func payrollDiff() throws -> TreeDiff {
        let old = try analyze(payrollTreeSource, path: "payroll.bramble").tree
        let new = try #require(Checker.check(SourceFile(path: "payroll.bramble", text: payrollNextSource)).tree)
        return TreeDiff(old: old, new: new)
    }

    @Test func markdownMatchesGolden() throws {
        let diff = try payrollDiff()
        let gates = try diff.evaluate([.residualIncrease, .band("high")])

        try Golden.verify(DiffMarkdown.make(diff, gates: gates, oldLabel: "v2.1:payroll.bramble", newLabel: "payroll.bramble"), name: "payroll-diff.md")
    }

    @Test func dotMatchesGolden() throws {
        try Golden.verify(DiffDOT.make(try payrollDiff(), oldLabel: "v2.1:payroll.bramble", newLabel: "payroll.bramble"), name: "payroll-diff.dot")
    }

    @Test func textMatchesGolden() throws {
        let diff = try payrollDiff()
        let gates = try diff.evaluate([.residualIncrease])

        try Golden.verify(DiffText.make(diff, gates: gates, oldLabel: "v2.1:payroll.bramble", newLabel: "payroll.bramble", useColor: false), name: "payroll-diff.txt")
    }

    @Test func sarifMatchesGolden() throws {
        let diff = try payrollDiff()
        let gates = try diff.evaluate([.band("high")])

        try Golden.verify(DiffSARIF.make(diff, gates: gates, version: "test", uri: { $0 }).serialized(), name: "payroll-diff.sarif")
    }
}
