import BrambleCore
import BrambleMarkdown
import BrambleRender
import Foundation
import Testing

/// Splits RFC 4180 CSV into rows of cells: quoted cells may hold commas, quotes (doubled) and
/// line breaks; rows end with CRLF.
func parseCSV(_ text: String) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if quoted {
            if scalar == "\"" {
                if scalars.first == "\"" { scalars.removeFirst(); cell.unicodeScalars.append("\"") } else { quoted = false }
            } else {
                cell.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"", cell.isEmpty {
            quoted = true
        } else if scalar == "," {
            row.append(cell); cell = ""
        } else if scalar == "\r", scalars.first == "\n" {
            scalars.removeFirst()
            row.append(cell); cell = ""
            rows.append(row); row = []
        } else {
            guard scalar != "\"", scalar != "\n", scalar != "\r" else {
                throw FixtureError(description: "unquoted \(scalar.escaped(asASCII: true)) in a CSV cell")
            }
            cell.unicodeScalars.append(scalar)
        }
    }
    guard !quoted, row.isEmpty, cell.isEmpty else { throw FixtureError(description: "CSV does not end with CRLF") }
    return rows
}

@Suite struct CSVReportTests {
    @Test("Formula starts are neutralised", arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    func neutralised(text: String) {
        let cell = CSVReport.cell(text)

        #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"))
    }

    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVReport.cell("plain") == "plain")
        #expect(CSVReport.cell("a,b") == "\"a,b\"")
        #expect(CSVReport.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSVReport.cell("=1,2") == "\"'=1,2\"")
    }

    @Test("Hostile title survives in CSV", arguments: hostileLabels)
    func hostileTitle(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))
        let rows = try parseCSV(CSVReport.make(analysis))

        #expect(rows.first == CSVReport.columns)
        #expect(rows.count == 1 + analysis.tree.nodes.count)
        #expect(rows.allSatisfy { $0.count == CSVReport.columns.count })
        let step = try #require(rows.first { $0.first == "1.1" })
        let expected = ["=", "+", "-", "@"].contains(label.text.first.map(String.init) ?? "") ? "'" + label.text : label.text
        #expect(step[1] == expected)
        #expect(step[19] == "guard (planned)")
        for row in rows {
            for cell in row {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""))
            }
        }
    }

    @Test func figuresAreExactNumbers() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let rows = try parseCSV(CSVReport.make(analysis))
        let goal = try #require(rows.first { $0.first == "1" })
        let column = { (name: String) in CSVReport.columns.firstIndex(of: name)! }

        #expect(Double(goal[column("inherent_probability")]) == analysis.figures(0, .inherent).probability)
        #expect(Double(goal[column("residual_risk")]) == analysis.figures(0, .residual).risk)
        #expect(goal[column("projected_band")] == analysis.figures(0, .projected).band)
        #expect(goal[column("kind")] == "or")
    }
}

@Suite struct ReportJSONTests {
    @Test("Hostile title survives in JSON", arguments: hostileLabels)
    func hostileTitle(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))
        let text = ReportJSON.make(PlanFacts(analysis)).serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let step = try #require(nodes.first { $0["id"] as? String == "1.1" })

        #expect(step["title"] as? String == label.text)
        #expect(object["plan"] is [String: Any])
    }

    @Test func planListsRankedMitigationsWithRatios() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)
        let text = ReportJSON.make(PlanFacts(analysis)).serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let plan = try #require(object["plan"] as? [String: Any])
        let planned = try #require(plan["planned"] as? [[String: Any]])

        #expect(planned.map { $0["name"] as? String } == ["cheap", "broad", "unmeasured"])
        #expect(planned.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(planned.last?["reductionPerEffort"] is NSNull)
        let attacks = try #require(plan["riskiestAttacks"] as? [String: Any])
        #expect(attacks["total"] as? Int == 3)
    }

    @Test func deterministic() throws {
        let analysis = try analyzeWithWarnings(effortTreeSource)

        #expect(ReportJSON.make(PlanFacts(analysis)).serialized() == ReportJSON.make(PlanFacts(analysis)).serialized())
    }
}

/// Decodes the entities that cmark-gfm and `Escaping.html` write, and turns `<br>` into a line
/// break, to compare the text a browser shows with the text in the tree.
func shownText(_ html: String) -> String {
    html.replacingOccurrences(of: "<br>", with: "\n")
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

@Suite struct HTMLReportTests {
    @Test("Hostile title is shown as written in HTML", arguments: hostileLabels)
    func hostileTitle(label: HostileLabel) throws {
        let analysis = try analyze(hostileTreeSource(label.text))
        let html = try RemediationPlan.html(PlanFacts(analysis), convert: CommonMark.html)
        let heading = try #require(html.components(separatedBy: "\n").first { $0.hasPrefix("<h1>") })

        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(!html.contains("raw HTML omitted"))
        #expect(html.contains("<title>Remediation plan: \(Escaping.html(label.text))</title>"))
        #expect(shownText(heading) == "<h1>Remediation plan: \(label.text)</h1>")
    }
}
