import BrambleCore
import BrambleInterchange
import Foundation
import Testing

/// Imports Deciduous YAML written in a test.
func importDeciduous(_ yaml: String, name: String = "tree.yaml") throws(InterchangeError) -> TreeImport {
    try DeciduousImporter.importTree(InterchangeInput(path: name, bytes: Array(yaml.utf8)))
}

/// Returns the message of the error that importing Deciduous bytes throws, or nil.
func deciduousError(_ bytes: [UInt8]) -> String? {
    do {
        _ = try DeciduousImporter.importTree(InterchangeInput(path: "tree.yaml", bytes: bytes))
        return nil
    } catch {
        return error.message
    }
}

func deciduousError(_ yaml: String) -> String? { deciduousError(Array(yaml.utf8)) }

@Suite("Deciduous import")
struct DeciduousImportTests {
    @Test("chain becomes nested or gates")
    func chain() throws {
        let result = try importDeciduous("""
            title: Chain
            attacks:
            - a: First
              from:
              - reality
            - b: Second
              from:
              - a: "#label"
            goals:
            - g: Goal
              from:
              - b
              - a
            """)
        let tree = result.tree
        #expect(tree.info.title == "Chain")
        #expect(tree.nodes.map(\.id.description) == ["1", "1.1", "1.1.1"])
        #expect(tree.goal.gate == .or)
        #expect(tree.sharedNodes.count == 1)
        #expect(try node(tree, "1.1").description?.contains("edge label \"#label\"") == true)
    }

    @Test("mitigation leads to next attack")
    func mitigationRoute() throws {
        let tree = try importDeciduous("""
            attacks:
            - phish: Phish a password
              from:
              - reality
            - bypass: Bypass 2FA
              from:
              - mfa
            mitigations:
            - mfa: Require 2FA
              from:
              - phish
            goals:
            - win: Log in
              from:
              - phish
              - bypass
            """).tree
        let bypass = try node(tree, "1.2")
        #expect(bypass.title == "Bypass 2FA")
        #expect(bypass.gate == .or)
        #expect(bypass.children.map { tree.nodes[$0].title } == ["Phish a password"])
        let phish = try node(tree, "1.1")
        #expect(phish.mitigations.map { tree.mitigations[$0].name } == ["mfa"])
        #expect(tree.mitigations[0].effectiveness == .blocks)
    }

    @Test("entry step for mixed routes")
    func entryStep() throws {
        let tree = try importDeciduous("""
            attacks:
            - a: A
              from:
              - reality
            - b: B
              from:
              - a
              - reality: "#direct"
            goals:
            - g: Goal
              from:
              - b
            """).tree
        let b = try node(tree, "1.1")
        #expect(b.children.map { tree.nodes[$0].title } == ["A", "B, from the start"])
        #expect(try node(tree, "1.1.2").tags == ["deciduous-entry"])
    }

    @Test("cycle without backwards edge rejected with path")
    func unresolvableCycle() {
        let message = deciduousError("""
            attacks:
            - a: A
              from:
              - b
            - b: B
              from:
              - a
            goals:
            - g: Goal
              from:
              - a
            """)
        #expect(message?.contains("the edges form a cycle: a -> b -> a") == true)
        #expect(message?.contains("no edge on it is marked backwards") == true)
    }

    @Test("cycle with backwards edge resolved")
    func resolvedCycle() throws {
        let result = try importDeciduous("""
            attacks:
            - a: A
              from:
              - reality
              - b:
                backwards: true
            - b: B
              from:
              - a
            goals:
            - g: Goal
              from:
              - b
            """)
        #expect(result.summary.notes.contains { $0.hasPrefix("cycle b -> a -> b: the route b -> a has a backwards edge (line 5)") })
        #expect(result.tree.nodes.count == 3)
    }

    @Test("unknown source names line")
    func unknownSource() {
        let message = deciduousError("""
            attacks:
            - a: A
              from:
              - nowhere
            goals:
            - g: Goal
              from:
              - a
            """)
        #expect(message == "tree.yaml:4: 'nowhere' in the from: list of 'a' names no fact, attack, mitigation or goal; define it, or correct the name")
    }

    @Test("duplicate node name rejected")
    func duplicateName() {
        let message = deciduousError("""
            attacks:
            - a: A
            goals:
            - a: Goal
            """)
        #expect(message?.contains("'a' is defined twice (first at line 2)") == true)
    }

    @Test("no goals rejected")
    func noGoals() {
        #expect(deciduousError("attacks:\n- a: A\n")?.contains("the file has no goals") == true)
    }

    @Test("several goals said in notes")
    func severalGoals() throws {
        let result = try importDeciduous("""
            attacks:
            - a: A
            goals:
            - g1: One
              from: [a]
            - g2: Two
              from: [a]
            """)
        #expect(result.tree.goal.children.count == 2)
        #expect(result.summary.notes.contains { $0.contains("2 goals (g1, g2)") })
    }

    @Test("CRLF and BOM read like LF")
    func crlfAndBOM() throws {
        let text = "title: T\nattacks:\n- a: A\n  from:\n  - reality\ngoals:\n- g: G\n  from:\n  - a\n"
        let plain = try importDeciduous(text)
        let crlf = try DeciduousImporter.importTree(InterchangeInput(
            path: "tree.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
        #expect(crlf.source == plain.source)
    }

    @Test("mitigation name made valid")
    func mitigationName() throws {
        let tree = try importDeciduous("""
            attacks:
            - a: A
            mitigations:
            - 2fa: Two factors
              from: [a]
            goals:
            - g: Goal
              from: [a]
            """).tree
        #expect(tree.mitigations.map(\.name) == ["mitigation-2fa"])
    }
}

@Suite("Hostile YAML")
struct HostileYAMLTests {
    @Test("alias bomb bounded")
    func aliasBomb() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        yaml += "goals:\n- g: Goal\n  from: *a9\n"
        let clock = ContinuousClock()
        let start = clock.now
        let message = deciduousError(yaml)
        #expect(message?.contains("expands to more than 1000000 nodes") == true)
        #expect(clock.now - start < .seconds(5))
    }

    @Test("repeated key rejected")
    func repeatedKey() {
        let message = deciduousError("goals:\n- g: Goal\n  from: [a]\n  from: [b]\n")
        #expect(message == "tree.yaml:4: column 3: the key 'from' appears twice in one mapping (first at line 3); keep one")
    }

    @Test("repeated top-level key rejected")
    func repeatedTopKey() {
        #expect(deciduousError("attacks: []\nattacks: []\n")?.contains("the key 'attacks' appears twice") == true)
    }

    @Test("invalid UTF-8 names line")
    func invalidUTF8() {
        var bytes = Array("title: ok\nattacks:\n- a: ".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        let message = deciduousError(bytes)
        #expect(message?.hasPrefix("tree.yaml:3: ") == true)
        #expect(message?.contains("not valid UTF-8") == true)
    }

    @Test("deep nesting bounded")
    func deepNesting() {
        let yaml = "title: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        #expect(deciduousError(yaml)?.contains("more than 512 levels deep") == true)
    }

    @Test("undefined alias rejected")
    func undefinedAlias() {
        #expect(deciduousError("title: *nothing\n")?.contains("names no anchor") == true)
    }

    @Test("second document rejected")
    func secondDocument() {
        #expect(deciduousError("title: a\n---\ntitle: b\n")?.contains("more than one YAML document") == true)
    }

    @Test("malformed YAML names line")
    func malformed() {
        let message = deciduousError("attacks:\n- a: [unclosed\n")
        #expect(message?.hasPrefix("tree.yaml:") == true)
        #expect(message?.contains("invalid YAML") == true)
    }

    @Test("mapping root required")
    func scalarRoot() {
        #expect(deciduousError("just text\n")?.contains("is a scalar, not a mapping") == true)
    }
}

@Suite("Hostile ADTool XML")
struct HostileADToolTests {
    @Test("billion laughs rejected")
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE adtree [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        xml += "]>\n<adtree><node><label>&lol9;</label></node></adtree>\n"
        let clock = ContinuousClock()
        let start = clock.now
        let message = adtoolError(xml)
        #expect(message?.contains("'<!DOCTYPE'") == true)
        #expect(clock.now - start < .seconds(2))
    }

    @Test("external entity rejected")
    func externalEntity() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE adtree [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n<adtree><node><label>&secret;</label></node></adtree>"
        #expect(adtoolError(xml)?.contains("document type and entity declarations are rejected") == true)
    }

    @Test("deep nesting bounded")
    func deepNesting() {
        let xml = "<adtree>" + String(repeating: "<node><label>x</label>", count: 5_000) + String(repeating: "</node>", count: 5_000) + "</adtree>"
        let message = adtoolError(xml)
        #expect(message != nil)
        #expect(message?.hasPrefix("tree.xml:") == true)
    }

    @Test("invalid UTF-8 rejected")
    func invalidUTF8() throws {
        var bytes = Array("<adtree><node><label>".utf8)
        bytes += [0xFF, 0xFE, 0x41]
        bytes += Array("</label></node></adtree>".utf8)
        do {
            _ = try ADToolImporter.importTree(InterchangeInput(path: "tree.xml", bytes: bytes))
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.message.hasPrefix("tree.xml:1: "))
        }
    }
}
