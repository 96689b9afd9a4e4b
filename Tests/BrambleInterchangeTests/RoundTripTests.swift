import BrambleCore
import BrambleInterchange
import Foundation
import Testing
import TestSupport

/// Expects two trees to have the same nodes, gates, children, likelihoods, titles and tags.
func expectSameStructure(_ first: AttackTree, _ second: AttackTree) {
    #expect(first.nodes.count == second.nodes.count)
    #expect(first.sharedNodes.count == second.sharedNodes.count)
    for (a, b) in zip(first.nodes, second.nodes) {
        #expect(a.id == b.id)
        #expect(a.gate == b.gate)
        #expect(a.title == b.title)
        #expect(a.likelihood?.value == b.likelihood?.value)
        #expect(a.tags == b.tags)
        #expect(a.children.map { first.nodes[$0].id } == b.children.map { second.nodes[$0].id })
    }
}

/// Exports a tree and imports the result.
func roundTrip(_ tree: AttackTree) throws -> OpenPSAImport {
    let xml = try OpenPSAExporter.export(tree)
    return try OpenPSAImporter.importTree([InterchangeInput(path: "exported.xml", bytes: Array(xml.utf8))])
}

@Suite("Export and import round trip")
struct RoundTripTests {
    @Test("benchmark model round trip", .enabled(if: SharedFixtures.enabled), arguments: benchmarkModels)
    func benchmarkRoundTrip(model: BenchmarkModel) throws {
        let original = try Models.imported(model.files)
        let again = try roundTrip(original.tree)
        expectSameStructure(original.tree, again.tree)
        #expect(Analysis(again.tree).inherent.goal.probability == Analysis(original.tree).inherent.goal.probability)
    }

    @Test("written tree round trip")
    func writtenTreeRoundTrip() throws {
        let tree = try checkedTree("""
        tree "Steal <the> \\"crown\\" & run"
        1 or "Goal with 'quotes' & <angle> brackets"
          impact 1
          1.1 2 of 3 "Two of three"
            1.1.1 "Step A"
              likelihood 0.00001
            1.1.2 "Step B"
              likelihood 0.5
            1.1.3 "House"
              likelihood 1
              tag house-event
          1.2 and "Both"
            use 1.1.1
            1.2.1 "Step C"
              likelihood 0.123456789012345
        """)
        let again = try roundTrip(tree)
        expectSameStructure(tree, again.tree)
        #expect(again.tree.info.title == "Steal <the> \"crown\" & run")
    }

    @Test("sand gate exported as and")
    func sandExportedAsAnd() throws {
        let tree = try checkedTree("""
        1 sand "In order"
          1.1 "First"
            likelihood 0.5
          1.2 "Second"
            likelihood 0.5
        """)
        let xml = try OpenPSAExporter.export(tree)
        #expect(xml.contains("<!-- sand gate: MEF has no ordered conjunction"))
        #expect(xml.contains("<and>"))
        #expect(try roundTrip(tree).tree.goal.gate == .and)
    }

    @Test("export names derive from ids")
    func exportNames() throws {
        let tree = try checkedTree("""
        1 or "Goal"
          1.1 and "Gate"
            1.1.1 "Step"
              likelihood 0.5
        """)
        let xml = try OpenPSAExporter.export(tree)
        #expect(xml.contains("<define-gate name=\"G1_1\">"))
        #expect(xml.contains("<basic-event name=\"E1_1_1\"/>"))
        #expect(xml.contains("<define-basic-event name=\"E1_1_1\">"))
    }

    @Test("step without likelihood rejected")
    func stepWithoutLikelihood() throws {
        let tree = try checkedTree("""
        1 or "Goal"
          1.1 "Unknown step"
        """)
        #expect {
            try OpenPSAExporter.export(tree)
        } throws: { error in
            ((error as? InterchangeError)?.message ?? "").contains("step '1.1' has no likelihood")
        }
    }
}
