import BrambleCore
import BrambleInterchange
import Testing

@Suite("Open-PSA import mapping")
struct ImportMappingTests {
    @Test("shared event written once")
    func sharedEventWrittenOnce() throws {
        let result = try importXML(mef("""
            <define-gate name="Top"><or><gate name="A"/><gate name="B"/></or></define-gate>
            <define-gate name="A"><and><basic-event name="S"/><basic-event name="P"/></and></define-gate>
            <define-gate name="B"><and><event name="S"/><basic-event name="Q"/></and></define-gate>
            <define-basic-event name="S"><float value="0.5"/></define-basic-event>
            <define-basic-event name="P"><float value="0.4"/></define-basic-event>
            <define-basic-event name="Q"><float value="0.3"/></define-basic-event>
        """))
        #expect(result.source.contains("use 1.1.1"))
        #expect(result.tree.sharedNodes.count == 1)
        #expect(result.summary.sharedNodes == 1)
        let probability = try #require(Analysis(result.tree).inherent.goal.probability)
        #expect(abs(probability - 0.29) < 1e-12)
    }

    @Test("goal gets impact and description")
    func goalAttributes() throws {
        let result = try importXML(mef("""
            <define-gate name="GT3"><or><basic-event name="B"/></or></define-gate>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
        """))
        #expect(result.tree.goal.impact?.value == 1)
        #expect(result.tree.goal.description == "Open-PSA gate GT3")
        #expect(result.tree.info.title == "Test")
    }

    @Test("small probability written plainly")
    func smallProbability() throws {
        let result = try importXML(mef("""
            <define-gate name="A"><or><basic-event name="B"/></or></define-gate>
            <define-basic-event name="B"><float value="1e-05"/></define-basic-event>
        """))
        #expect(result.source.contains("likelihood 0.00001\n"))
        #expect(result.tree.nodes[1].likelihood?.value == 1e-05)
    }

    @Test("atleast becomes K of N")
    func atLeastGate() throws {
        let result = try importXML(mef("""
            <define-gate name="A">
              <atleast min="2"><event name="B"/><event name="C"/><event name="D"/></atleast>
            </define-gate>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
            <define-basic-event name="C"><float value="0.5"/></define-basic-event>
            <define-basic-event name="D"><float value="0.5"/></define-basic-event>
        """))
        #expect(result.tree.goal.gate == .atLeast(2))
        #expect(result.source.contains("1 2 of 3 \"A\""))
    }

    @Test("nested formula becomes gate")
    func nestedFormula() throws {
        let result = try importXML(mef("""
            <define-gate name="A">
              <or>
                <and><event name="B"/><event name="C"/></and>
                <event name="D"/>
              </or>
            </define-gate>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
            <define-basic-event name="C"><float value="0.5"/></define-basic-event>
            <define-basic-event name="D"><float value="0.5"/></define-basic-event>
        """))
        let nested = try #require(result.tree.nodes.first { $0.id == NodeID([1, 1]) })
        #expect(nested.gate == .and)
        #expect(nested.title == "A: nested and formula 1")
        #expect(result.summary.nestedFormulas == 1)
    }

    @Test("house events become tagged steps")
    func houseEvents() throws {
        let result = try importXML(mef("""
            <define-gate name="A"><and><house-event name="On"/><house-event name="Off"/></and></define-gate>
            <define-house-event name="On"><constant value="true"/></define-house-event>
            <define-house-event name="Off"><label>Switch off</label></define-house-event>
        """))
        let on = result.tree.nodes[1]
        let off = result.tree.nodes[2]
        #expect(on.likelihood?.value == 1)
        #expect(on.tags == ["house-event"])
        #expect(off.likelihood?.value == 0)
        #expect(off.title == "Switch off")
        #expect(off.description == "Open-PSA house event Off")
    }

    @Test("several top gates need --top")
    func severalTops() throws {
        let xml = mef("""
            <define-gate name="A"><or><basic-event name="E"/></or></define-gate>
            <define-gate name="B"><or><basic-event name="E"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """)
        let message = importError(xml)
        #expect(message?.contains("'A' (model.xml:4), 'B' (model.xml:5)") == true)
        #expect(message?.contains("--top NAME") == true)
        let chosen = try importXML(xml, top: "B")
        #expect(chosen.tree.goal.description == "Open-PSA gate B")
        #expect(chosen.summary.unreachableDefinitions == 1)
    }

    @Test("definitions split across files")
    func splitAcrossFiles() throws {
        let gates = mef("""
            <define-gate name="A"><or><basic-event name="E"/></or></define-gate>
        """)
        let events = """
        <opsa-mef><model-data>
          <define-basic-event name="E"><float value="0.25"/></define-basic-event>
        </model-data></opsa-mef>
        """
        let result = try OpenPSAImporter.importTree([
            InterchangeInput(path: "gates.xml", bytes: Array(gates.utf8)),
            InterchangeInput(path: "events.xml", bytes: Array(events.utf8)),
        ])
        #expect(result.tree.nodes[1].likelihood?.value == 0.25)
    }

    @Test("label text escaped in titles")
    func labelEscaping() throws {
        let result = try importXML(mef("""
            <define-gate name="A"><label>Say "hi" \\ <![CDATA[<now>]]></label><or><basic-event name="E"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """))
        #expect(result.tree.goal.title == "Say \"hi\" \\ <now>")
    }

    @Test("private component names resolve")
    func privateComponent() throws {
        let result = try importXML(mef("""
            <define-gate name="Top"><and><gate name="c.Top"/><basic-event name="E"/></and></define-gate>
            <define-component name="c" role="private">
              <define-gate name="Top"><or><basic-event name="E"/><basic-event name="F"/></or></define-gate>
              <define-basic-event name="F"><float value="0.5"/></define-basic-event>
            </define-component>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """))
        #expect(result.summary.gates == 2)
        #expect(result.tree.nodes[1].description == "Open-PSA gate Test.c.Top")
        #expect(result.tree.sharedNodes.count == 1)
    }

    @Test("repeated argument of and dropped")
    func repeatedArgument() throws {
        let result = try importXML(mef("""
            <define-gate name="A"><and><event name="E"/><event name="E"/></and></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """))
        #expect(result.tree.goal.children.count == 1)
    }
}

@Suite("Plain decimal text")
struct DecimalTextTests {
    @Test("probabilities round-trip as plain decimals", arguments: [0.5, 1e-05, 2.5e-07, 0.123456789012345, 1, 0, 0.02, 1.19999e-5, 0.1 + 0.2])
    func roundTrips(value: Double) throws {
        let tree = try checkedTree("""
        1 or "Goal"
          1.1 "Step"
            likelihood \(try importedLikelihood(value))
        """)
        #expect(tree.nodes[1].likelihood?.value == value)
    }

    /// Imports a basic event with probability `value` and returns the likelihood text written.
    private func importedLikelihood(_ value: Double) throws -> String {
        let source = try importXML(mef("""
            <define-gate name="A"><or><basic-event name="E"/></or></define-gate>
            <define-basic-event name="E"><float value="\(value)"/></define-basic-event>
        """)).source
        let line = try #require(source.split(separator: "\n").first { $0.contains("likelihood") })
        let text = String(line.split(separator: " ").last!)
        #expect(!text.contains("e"))
        return text
    }
}
