import Foundation
import Testing

/// End-to-end runs of the built `bramble` executable through ADTool and Deciduous files.
@Suite struct InterchangeBinaryTests {
    @Test func adtoolExportImportCheck() throws {
        let directory = try TemporaryDirectory()
        let tree = try RegistryTree.copy(into: directory)
        let xml = directory.path("registry.xml")
        let back = directory.path("back.bramble")

        let export = try BinaryRunner.run(["export", tree, "--to", "adtool", "-o", xml])
        let importRun = try BinaryRunner.run(["import", xml, "--from", "adtool", "-o", back])
        let check = try BinaryRunner.run(["check", back])

        #expect(export.status == 0)
        #expect(importRun.status == 0)
        #expect(importRun.errorText.hasPrefix("read ADTool XML, dialect: ADTool 2 (domainId parameters), written by bramble export\n"))
        #expect(check.status == 0)
        #expect(check.errorText == "0 errors and 0 warnings found\n")
    }

    @Test func deciduousImportPrintsSummary() throws {
        let directory = try TemporaryDirectory()
        let input = try directory.write("""
            attacks:
            - a: Guess the password
              from:
              - reality: "#yolo"
            goals:
            - g: Log in
              from:
              - a
            """, to: "tree.yaml")

        let result = try BinaryRunner.run(["import", input, "--from", "deciduous"])

        #expect(result.status == 0)
        #expect(result.outputText.hasPrefix("tree \"Log in\"\n"))
        #expect(result.errorText.contains("2 nodes, 2 edges, 0 mitigations, 1 attributes"))
    }

    @Test func yamlAliasBombExits65() throws {
        let directory = try TemporaryDirectory()
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let input = try directory.write(yaml, to: "bomb.yaml")

        let result = try BinaryRunner.run(["import", input, "--from", "deciduous"])

        #expect(result.status == 65)
        #expect(result.errorText.contains("expands to more than 1000000 nodes"))
        #expect(result.output.isEmpty)
    }
}
