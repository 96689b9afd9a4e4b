import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation
import Testing

/// A small tree that uses every part of the language the renderers draw: header fields, an
/// `or` and an `and` gate, a cost, and implemented, planned and transferred mitigations, one of
/// them blocking.
let payrollTreeSource = """
    tree "Payroll export"
      version "2.1"
      author "Security review"
      date 2026-11-02
      scope "Monthly payroll export to the bank"

    1 or "Tamper with the payroll export"
      impact critical
      1.1 and "Change the export file in transit"
        1.1.1 "Intercept the SFTP session"
          likelihood unlikely
          mitigated-by host-keys
        1.1.2 "Forge the file's signature"
          likelihood rare
      1.2 "Bribe an operator"
        likelihood possible
        cost 5000 EUR
        mitigated-by four-eyes, insurance

    mitigation host-keys "Pin the bank's SFTP host key"
      status implemented
      effectiveness blocks

    mitigation four-eyes "Require a second approver for every export"
      status planned
      effectiveness 60%
      owner finance-team
      ticket FIN-12
      due 2027-03-01

    mitigation insurance "Insure payroll fraud losses"
      status transferred
      owner finance-team
      justification "The insurer covers losses above 10,000 EUR."

    """

/// Outputs for the payroll tree, compared byte for byte with the files in `Golden/`. Set
/// `BRAMBLE_RECORD=1` to rewrite them after an intended change; that run fails on purpose.
@Suite struct GoldenTests {
    @Test func payrollDOTMatchesGolden() throws {
        let analysis = try analyze(payrollTreeSource, path: "payroll.bramble")

        let dot = DOTWriter().write(analysis)

        try Golden.verify(dot, name: "payroll.dot")
    }

    @Test func payrollReportMatchesGolden() throws {
        let analysis = try analyze(payrollTreeSource, path: "payroll.bramble")

        let markdown = try RemediationPlan.markdown(analysis)

        try Golden.verify(markdown, name: "payroll.md")
    }

    @Test func payrollScoreJSONMatchesGolden() throws {
        let analysis = try analyze(payrollTreeSource, path: "payroll.bramble")

        let json = ScoreJSON.make(analysis).serialized()

        try Golden.verify(json, name: "payroll.json")
    }

    @Test func recordingIsOff() {
        // A run with BRAMBLE_RECORD=1 rewrites the golden files, so it must never pass.
        #expect(!Golden.isRecording, "BRAMBLE_RECORD=1 is set: golden files were rewritten; unset it and run the tests again")
    }

    @Test func goldenDOTParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/payroll.dot")
        let dot = try String(contentsOf: url, encoding: .utf8)

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.nodes.count == 9, "five tree nodes, three mitigations and the legend")
        #expect(graph.edges.count == 7)
    }
}
