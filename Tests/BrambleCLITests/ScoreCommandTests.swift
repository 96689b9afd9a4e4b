import BrambleCLI
import Foundation
import Testing

@Suite struct ScoreCommandTests {
    static let views = ["inherent", "residual", "projected"]
    static let figures = ["likelihood", "impact", "risk"]

    /// Runs `score --format json` on `path` and returns the parsed top-level object.
    static func scoreJSON(_ path: String) throws -> (run: CLIRun, object: [String: Any]) {
        let run = runCLI(["score", "--format", "json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.console.output)) as? [String: Any])
        return (run, object)
    }

    /// Records an issue for each view of `object` that lacks a numeric likelihood, impact or
    /// risk.
    static func expectFigures(_ object: [String: Any], context: String) {
        for view in views {
            let figures = object[view] as? [String: Any]
            #expect(figures != nil, "\(context) has no \(view) object")
            for name in Self.figures {
                #expect(figures?[name] is NSNumber, "\(context).\(view).\(name) is not a number")
            }
        }
    }

    @Test func deepChainTableFinishes() throws {
        // A chain of 2,000 unnumbered nodes gets ids of up to 4,000 characters, so every row
        // of the node table is padded with thousands of spaces. Trimming them once took
        // minutes; the test fails by hanging.
        let depth = 2_000
        var lines = ["or \"Goal\""]
        for level in 1..<depth { lines.append(String(repeating: " ", count: level) + "or \"Level \(level)\"") }
        lines.append(String(repeating: " ", count: depth) + "\"Leaf\"")
        lines.append(String(repeating: " ", count: depth + 1) + "likelihood likely")
        let directory = try TemporaryDirectory()
        let tree = try directory.write(lines.joined(separator: "\n") + "\n", to: "chain.bramble")

        let run = runCLI(["score", tree])

        #expect(run.status == .success, "\(run.error.suffix(500))")
        #expect(run.output.contains("Leaf"))
        #expect(!run.output.split(separator: "\n").contains { $0.last == " " })
    }

    @Test func registryJSONHasNodes() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)
        let declared = try RegistryTree.nodeIDs(in: try RegistryTree.text())

        let (run, object) = try Self.scoreJSON(path)
        let nodes = try #require(object["nodes"] as? [[String: Any]])

        #expect(run.status == .success)
        #expect(run.error.isEmpty)
        #expect(nodes.count == declared.count)
        for node in nodes {
            let id = node["id"] as? String ?? "?"
            #expect(node["id"] is String)
            #expect((node["title"] as? String)?.isEmpty == false, "node \(id) has no title")
            Self.expectFigures(node, context: "node \(id)")
        }
        #expect(Set(nodes.compactMap { $0["id"] as? String }) == Set(declared))
    }

    @Test func registryJSONHasGoal() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let (_, object) = try Self.scoreJSON(path)
        let goal = try #require(object["goal"] as? [String: Any])

        #expect(goal["id"] as? String == "1")
        #expect(goal["title"] as? String == "Compromise the container registry")
        Self.expectFigures(goal, context: "goal")
        let inherent = try #require((goal["inherent"] as? [String: Any])?["risk"] as? Double)
        let residual = try #require((goal["residual"] as? [String: Any])?["risk"] as? Double)
        #expect(residual < inherent)
    }

    @Test func registryNodesInIdOrder() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let (_, object) = try Self.scoreJSON(path)
        let ids = try #require(object["nodes"] as? [[String: Any]]).compactMap { $0["id"] as? String }

        #expect(ids.first == "1")
        for (previous, next) in zip(ids, ids.dropFirst()) {
            #expect(idComponents(previous).lexicographicallyPrecedes(idComponents(next)), "\(previous) is listed before \(next)")
        }
    }

    @Test func siblingsOrderedNumerically() throws {
        // Twelve steps written in reverse order: JSON lists them 1.1, 1.2, ..., 1.9, 1.10, 1.11, 1.12.
        var source = "1 or \"Goal\"\n  impact high\n"
        for number in (1...12).reversed() {
            source += "  1.\(number) \"Step \(number)\"\n    likelihood rare\n"
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write(source, to: "siblings.bramble")

        let (run, object) = try Self.scoreJSON(path)
        let ids = try #require(object["nodes"] as? [[String: Any]]).compactMap { $0["id"] as? String }

        #expect(run.status == .success)
        #expect(ids == ["1"] + (1...12).map { "1.\($0)" })
    }

    @Test func scoreJSONByteIdentical() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let first = runCLI(["score", "--format", "json", path])
        let second = runCLI(["score", "--format", "json", path])

        #expect(first.status == .success)
        #expect(!first.console.output.isEmpty)
        #expect(first.console.output == second.console.output)
    }

    @Test func scoreTextShowsGoal() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let run = runCLI(["score", path])

        #expect(run.status == .success)
        #expect(run.output.contains("Goal 1: Compromise the container registry\n"))
        #expect(run.output.contains("  residual   probability "))
    }
}
