import BrambleCore
import BrambleInterchange
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// Imports ADTool XML written in a test.
func importADTool(_ xml: String, name: String = "tree.xml") throws(InterchangeError) -> TreeImport {
    try ADToolImporter.importTree(InterchangeInput(path: name, bytes: Array(xml.utf8)))
}

/// Returns the message of the error that importing ADTool XML throws, or nil.
func adtoolError(_ xml: String) -> String? {
    do {
        _ = try importADTool(xml)
        return nil
    } catch {
        return error.message
    }
}

/// Returns the node with `id` in `tree`.
func node(_ tree: AttackTree, _ id: String) throws -> Node {
    let parsed = try #require(NodeID(parsing: id))
    let index = try #require(tree.index(of: parsed))
    return tree.nodes[index]
}

let countermeasureTree = """
    <?xml version="1.0" encoding="UTF-8"?>
    <adtree>
      <node refinement="disjunctive">
        <label>Open the safe</label>
        <node refinement="conjunctive">
          <label>Pick the lock</label>
          <node refinement="disjunctive">
            <label>Get lock picks</label>
            <parameter domainId="ProbSucc1">0.9</parameter>
          </node>
          <node refinement="disjunctive">
            <label>Pick it</label>
            <parameter domainId="ProbSucc1">0.5</parameter>
            <node refinement="disjunctive" switchRole="yes">
              <label>Pick-resistant lock</label>
              <parameter domainId="ProbSucc1">0.8</parameter>
              <node refinement="disjunctive" switchRole="yes">
                <label>Drill the lock</label>
                <parameter domainId="ProbSucc1">0.25</parameter>
              </node>
            </node>
          </node>
        </node>
        <node refinement="disjunctive">
          <label>Learn the combination
    from the owner &amp; "friends" &lt;3</label>
          <parameter domainId="ProbSucc1">0.1</parameter>
          <node refinement="disjunctive" switchRole="yes">
            <label>Train staff</label>
          </node>
        </node>
        <node refinement="disjunctive">
          <label>Find the combination written down</label>
          <parameter domainId="ProbSucc1">0.2</parameter>
          <node refinement="disjunctive" switchRole="yes">
            <label>Train staff</label>
          </node>
        </node>
      </node>
      <domain id="ProbSucc1">
        <class>lu.uni.adtool.domains.adtpredefined.ProbSucc</class>
        <tool>ADTool2</tool>
      </domain>
    </adtree>
    """

@Suite("ADTool import")
struct ADToolImportTests {
    @Test("ids follow position")
    func idsFollowPosition() throws {
        let tree = try importADTool(countermeasureTree).tree
        #expect(tree.nodes.map(\.id.description) == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.3"])
        #expect(try node(tree, "1.1").gate == .and)
        #expect(tree.goal.gate == .or)
    }

    @Test("countermeasure becomes mitigation")
    func countermeasureMitigation() throws {
        let result = try importADTool(countermeasureTree)
        let step = try node(result.tree, "1.1.2")
        let mitigation = result.tree.mitigations[try #require(step.mitigations.first)]
        #expect(mitigation.title == "Pick-resistant lock")
        #expect(mitigation.status == .implemented)
        // 0.8 x (1 - 0.25): the drill counter-attack undermines the lock.
        #expect(abs((mitigation.effectiveness?.reduction ?? 0) - 0.6) < 1e-12)
        #expect(mitigation.description?.contains("counter: Drill the lock (ProbSucc1 0.25)") == true)
        #expect(result.summary.notes.contains { $0.contains("1 counter-attacks") })
    }

    @Test("identical countermeasures merged")
    func identicalCountermeasures() throws {
        let result = try importADTool(countermeasureTree)
        #expect(result.summary.mitigations == 2)
        let first = try node(result.tree, "1.2").mitigations
        let second = try node(result.tree, "1.3").mitigations
        #expect(first == second)
        #expect(result.tree.mitigations[first[0]].effectiveness == .blocks)
    }

    @Test("label newline and entities kept")
    func labelKept() throws {
        let tree = try importADTool(countermeasureTree).tree
        #expect(try node(tree, "1.2").title == "Learn the combination\nfrom the owner & \"friends\" <3")
    }

    @Test("counts include defence nodes")
    func counts() throws {
        let summary = try importADTool(countermeasureTree).summary
        #expect(summary.nodes == 10)
        #expect(summary.edges == 9)
        #expect(summary.attributes == 6)
    }

    @Test("unknown domain kept in description")
    func unknownDomain() throws {
        let xml = """
            <adtree><node refinement="disjunctive"><label>Goal</label>
            <node><label>A</label><parameter domainId="SatScenario">1</parameter></node>
            <node><label>B</label><parameter domainId="MinCost">3</parameter></node>
            </node></adtree>
            """
        let result = try importADTool(xml)
        #expect(try node(result.tree, "1.1").description == "ADTool parameters without a Bramble attribute: SatScenario = 1")
        #expect(try node(result.tree, "1.2").cost == Amount(value: 3, unit: nil))
        #expect(result.summary.notes.contains { $0.contains("1 parameters have no Bramble attribute") })
    }

    @Test("probability out of range names line")
    func probabilityOutOfRange() {
        let xml = """
            <adtree>
            <node refinement="disjunctive"><label>Goal</label>
            <node><label>A</label>
            <parameter domainId="ProbSucc">1.5</parameter></node>
            </node></adtree>
            """
        #expect(adtoolError(xml) == "tree.xml:4: <parameter> ProbSucc is 1.5, but a probability is between 0 and 1; correct the value")
    }

    @Test("unknown element names line")
    func unknownElement() {
        let xml = "<adtree>\n<node><label>Goal</label>\n<widget/></node></adtree>"
        #expect(adtoolError(xml) == "tree.xml:3: unknown element <widget> inside <node>; a node contains <label>, <parameter> and <node>")
    }

    @Test("wrong root element")
    func wrongRoot() {
        #expect(adtoolError("<opsa-mef/>")?.contains("the root element is <opsa-mef>, not <adtree>") == true)
    }

    @Test("empty document names the problem", arguments: ["", "  \n\n", "\u{FEFF}", "\u{FEFF}\r\n"])
    func emptyDocument(xml: String) {
        #expect(adtoolError(xml) == "tree.xml:1: the file contains no XML element; an ADTool file has one <adtree> root element")
    }

    @Test("mixed dialects rejected")
    func mixedDialects() {
        let xml = """
            <adtree><node><label>Goal</label>
            <node><label>A</label><parameter domainId="MinCost">1</parameter></node>
            <node><label>B</label><parameter class="numeric" name="cost">1</parameter></node>
            </node></adtree>
            """
        #expect(adtoolError(xml)?.contains("mixes ADTool 2 parameters") == true)
    }

    @Test("bramble comment cannot add nodes")
    func commentRestricted() {
        let xml = """
            <adtree><node><!-- bramble:1.1 "Injected" --><label>Goal</label>
            <node><label>A</label></node><node><label>B</label></node></node></adtree>
            """
        #expect(adtoolError(xml)?.contains("only node attributes") == true)
    }
}

@Suite("ADTool export")
struct ADToolExportTests {
    static let registryPath = SharedFixtures.packageRoot.appendingPathComponent("trees/registry-storage.bramble").path

    static func registryTree() throws -> AttackTree {
        let text = try String(contentsOfFile: registryPath, encoding: .utf8)
        return try checkedTree(text)
    }

    @Test("registry tree round trip")
    func registryRoundTrip() throws {
        let tree = try Self.registryTree()
        let xml = try ADToolExporter.export(tree)
        let back = try importADTool(xml, name: "registry.xml")
        try expectSameTree(tree, back.tree)
        #expect(back.summary.dialect.contains("written by bramble export"))
    }

    @Test("registry export is ADTool XML")
    func registryExportShape() throws {
        let xml = try ADToolExporter.export(try Self.registryTree())
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<adtree>\n"))
        #expect(xml.hasSuffix("</adtree>\n"))
        let validation = try ADToolShape.validate(xml)
        #expect(validation.isEmpty, "\(validation)")
    }

    @Test("export of import keeps corpus XML")
    func corpusShape() throws {
        guard SharedFixtures.enabled else { return }
        let imported = try importCorpus("adtool-xml/idcard-4domains.xml", format: "adtool")
        let xml = try ADToolExporter.export(imported.tree)
        #expect(try ADToolShape.validate(xml).isEmpty)
        #expect(xml.contains("<parameter domainId=\"MinCost\">50</parameter>"))
        #expect(xml.contains("<class>lu.uni.adtool.domains.predefined.ProbSucc</class>"))
    }

    @Test("export is deterministic")
    func deterministic() throws {
        let tree = try Self.registryTree()
        #expect(try ADToolExporter.export(tree) == ADToolExporter.export(tree))
    }

    @Test("use before definition round trip")
    func useBeforeDefinition() throws {
        let tree = try checkedTree("""
            1 or "Goal"
              1.1 and "First"
                use 1.2.1
                1.1.1 "X"
                  likelihood 0.1
              1.2 and "Second"
                1.2.1 "Shared"
                  likelihood 0.5
                  mitigated-by lock
                1.2.2 "Y"
                  likelihood 0.2

            mitigation lock "Lock"
              status planned
              effectiveness blocks
            """)
        let xml = try ADToolExporter.export(tree)
        #expect(xml.components(separatedBy: "<label>Shared</label>").count == 3)
        let back = try importADTool(xml)
        try expectSameTree(tree, back.tree)
        #expect(back.tree.sharedNodes.map { back.tree.nodes[$0].id.description } == ["1.2.1"])
    }

    @Test("K of N gate rejected")
    func kOfNRejected() throws {
        let tree = try checkedTree("""
            1 2 of 3 "Goal"
              1.1 "A"
                likelihood 0.1
              1.2 "B"
                likelihood 0.2
              1.3 "C"
                likelihood 0.3
            """)
        #expect(throws: InterchangeError.self) { try ADToolExporter.export(tree) }
        do {
            _ = try ADToolExporter.export(tree)
        } catch {
            #expect(error.message.contains("ADTool has no K-of-N refinement"))
        }
    }

    @Test("sand and hostile titles round trip")
    func sandAndTitles() throws {
        let tree = try checkedTree("""
            tree "Title with -- dashes and \\\\ backslash"
            1 sand "Goal <&> \\"quoted\\" --x"
              impact 7
              1.1 "Line one\\nline two"
                likelihood 0.25
                cost 3 person-days
                time 2 weeks
                skill expert
                description "a -- b --- c ----"
                tag a--b
              1.2 "=cmd|x"
                likelihood 30%
            """)
        let xml = try ADToolExporter.export(tree)
        #expect(try ADToolShape.validate(xml).isEmpty)
        let back = try importADTool(xml)
        try expectSameTree(tree, back.tree)
        #expect(back.tree.goal.gate == .sand)
    }
}

/// Checks a document against the ADTool XML form as the corpus files and ADTool's manual
/// show it: `<adtree>` holds one `<node>` and `<domain>` declarations; a node holds one
/// `<label>`, `<parameter domainId>` elements naming declared domains, and child nodes;
/// `refinement` is conjunctive or disjunctive; `switchRole` is yes when present.
enum ADToolShape {
    static func validate(_ xml: String) throws -> [String] {
        let document = try XMLDocument(data: Data(xml.utf8))
        var problems: [String] = []
        guard let root = document.rootElement(), root.name == "adtree" else { return ["root is not <adtree>"] }
        let nodes = root.elements(forName: "node")
        if nodes.count != 1 { problems.append("<adtree> has \(nodes.count) root nodes") }
        let declared = Set(root.elements(forName: "domain").compactMap { $0.attribute(forName: "id")?.stringValue })
        for domain in root.elements(forName: "domain") {
            let className = domain.elements(forName: "class").first?.stringValue ?? ""
            if !className.hasPrefix("lu.uni.adtool.domains.") { problems.append("domain class \(className)") }
            if domain.elements(forName: "tool").first?.stringValue != "ADTool" { problems.append("domain tool") }
        }
        var work = nodes
        while let node = work.popLast() {
            let refinement = node.attribute(forName: "refinement")?.stringValue ?? ""
            if !["conjunctive", "disjunctive"].contains(refinement) { problems.append("refinement \(refinement)") }
            if let role = node.attribute(forName: "switchRole")?.stringValue, role != "yes" { problems.append("switchRole \(role)") }
            if node.elements(forName: "label").count != 1 { problems.append("node without one label") }
            for parameter in node.elements(forName: "parameter") {
                let domain = parameter.attribute(forName: "domainId")?.stringValue ?? ""
                if !declared.contains(domain) { problems.append("undeclared domain \(domain)") }
                if Double(parameter.stringValue ?? "") == nil, domain != "DiffLMHE" { problems.append("value \(parameter.stringValue ?? "")") }
            }
            for child in node.children ?? [] where child.kind == .element {
                if !["label", "parameter", "node"].contains(child.name ?? "") { problems.append("element \(child.name ?? "")") }
            }
            work += node.elements(forName: "node")
        }
        return problems
    }
}
