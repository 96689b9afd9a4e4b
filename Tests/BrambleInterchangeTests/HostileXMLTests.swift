import BrambleInterchange
import Foundation
import Testing

@Suite("Hostile and invalid XML")
struct HostileXMLTests {
    @Test("billion laughs rejected")
    func billionLaughs() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        ]>
        <opsa-mef><define-fault-tree name="&lol3;"/></opsa-mef>
        """
        let message = importError(xml, name: "laughs.xml")
        #expect(message?.contains("laughs.xml:2:") == true)
        #expect(message?.contains("<!DOCTYPE") == true)
    }

    @Test("external entity rejected")
    func externalEntity() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE opsa-mef [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <opsa-mef><define-fault-tree name="T"><define-gate name="&secret;"><or><event name="A"/></or></define-gate></define-fault-tree></opsa-mef>
        """
        let message = importError(xml)
        #expect(message?.contains("model.xml:2:") == true)
        #expect(message?.contains("rejected") == true)
    }

    @Test("entity declaration without DOCTYPE rejected")
    func bareEntityDeclaration() {
        let message = importError("<opsa-mef><!ENTITY x \"y\"></opsa-mef>")
        #expect(message?.contains("<!ENTITY") == true)
    }

    @Test("UTF-16 document rejected")
    func utf16Rejected() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("<opsa-mef/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: InterchangeError.self) {
            try OpenPSAImporter.importTree([InterchangeInput(path: "wide.xml", bytes: bytes)])
        }
    }

    @Test("UTF-7 declaration rejected")
    func utf7Rejected() {
        let message = importError("<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n+ADw-opsa-mef/+AD4-")
        #expect(message?.contains("'UTF-7'") == true)
    }

    @Test("non-XML start rejected")
    func nonXMLStart() {
        let ebcdic: [UInt8] = [0x4C, 0x6F, 0xA7, 0x94, 0x93]
        #expect(throws: InterchangeError.self) {
            try OpenPSAImporter.importTree([InterchangeInput(path: "ebcdic.xml", bytes: ebcdic)])
        }
    }

    @Test("UTF-8 declaration accepted")
    func utf8DeclarationAccepted() throws {
        let xml = mef("""
            <define-gate name="A"><or><basic-event name="E"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """).replacingOccurrences(of: "<?xml version=\"1.0\"?>", with: "<?xml version='1.0' encoding='UTF-8'?>")
        #expect(xml.contains("encoding='UTF-8'"))
        #expect(try importXML(xml).tree.nodes.count == 2)
    }

    @Test("unknown element rejected with line")
    func unknownElement() {
        let message = importError(mef("""
            <define-gate name="A">
              <or><basic-event name="B"/><frobnicate/></or>
            </define-gate>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
        """))
        #expect(message?.contains("model.xml:5:") == true)
        #expect(message?.contains("<frobnicate>") == true)
    }

    @Test("negation rejected with line")
    func negationRejected() {
        let message = importError(mef("""
            <define-gate name="A">
              <and>
                <basic-event name="B"/>
                <not><basic-event name="C"/></not>
              </and>
            </define-gate>
            <define-basic-event name="B"><float value="0.1"/></define-basic-event>
            <define-basic-event name="C"><float value="0.1"/></define-basic-event>
        """))
        #expect(message?.contains("model.xml:7:") == true)
        #expect(message?.contains("<not>") == true)
    }

    @Test("xor rejected")
    func xorRejected() {
        let message = importError(mef("""
            <define-gate name="A"><xor><event name="B"/><event name="C"/></xor></define-gate>
            <define-basic-event name="B"><float value="0.1"/></define-basic-event>
            <define-basic-event name="C"><float value="0.1"/></define-basic-event>
        """))
        #expect(message?.contains("<xor>") == true)
    }

    @Test("cycle reported with path")
    func cycleReported() {
        let message = importError(mef("""
            <define-gate name="Top"><or><gate name="A"/><basic-event name="E"/></or></define-gate>
            <define-gate name="A"><and><gate name="B"/><basic-event name="E"/></and></define-gate>
            <define-gate name="B"><or><gate name="A"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """))
        #expect(message?.contains("A -> B -> A") == true)
    }

    @Test("cycle without top reported")
    func cycleWithoutTop() {
        let message = importError(mef("""
            <define-gate name="A"><or><gate name="B"/></or></define-gate>
            <define-gate name="B"><or><gate name="A"/></or></define-gate>
        """))
        #expect(message?.contains("cycle A -> B -> A") == true)
    }

    @Test("cycle found behind leaf gate")
    func cycleBehindLeafGate() {
        let message = importError(mef("""
            <define-gate name="X"><or><basic-event name="E"/></or></define-gate>
            <define-gate name="A"><or><gate name="X"/><gate name="B"/></or></define-gate>
            <define-gate name="B"><or><gate name="A"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """))
        #expect(message?.contains("cycle A -> B -> A") == true)
    }

    @Test("undefined references listed")
    func undefinedReferences() {
        let message = importError(mef("""
            <define-gate name="A"><or><event name="Missing1"/><basic-event name="Missing2"/></or></define-gate>
        """))
        #expect(message?.contains("'Missing1' (model.xml:4)") == true)
        #expect(message?.contains("'Missing2' (model.xml:4)") == true)
    }

    @Test("malformed XML reports line")
    func malformedXML() {
        let xml = """
        <?xml version="1.0"?>
        <opsa-mef>
          <define-fault-tree name="T">
            <define-gate name="A"><or><event name="B"/></and></define-gate>
          </define-fault-tree>
        </opsa-mef>
        """
        let message = importError(xml, name: "broken.xml")
        #expect(message?.contains("broken.xml:4:") == true)
        #expect(message?.contains("malformed XML") == true)
    }

    @Test("wrong root element rejected")
    func wrongRoot() {
        let message = importError("<svg/>")
        #expect(message?.contains("<svg>") == true)
    }

    @Test("parameter expression rejected")
    func parameterExpression() {
        let message = importError(mef("""
            <define-gate name="A"><or><basic-event name="B"/></or></define-gate>
            <define-basic-event name="B"><exponential/></define-basic-event>
        """))
        #expect(message?.contains("<exponential>") == true)
    }

    @Test("probability above one rejected")
    func probabilityOutOfRange() {
        let message = importError(mef("""
            <define-gate name="A"><or><basic-event name="B"/></or></define-gate>
            <define-basic-event name="B"><float value="1.5"/></define-basic-event>
        """))
        #expect(message?.contains("'1.5'") == true)
    }

    @Test("duplicate definition rejected")
    func duplicateDefinition() {
        let message = importError(mef("""
            <define-gate name="A"><or><basic-event name="B"/></or></define-gate>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
            <define-basic-event name="B"><float value="0.5"/></define-basic-event>
        """))
        #expect(message?.contains("'B' is defined twice") == true)
    }
}
