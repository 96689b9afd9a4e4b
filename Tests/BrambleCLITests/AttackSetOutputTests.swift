import BrambleCLI
import Foundation
import Testing

@Suite struct AttackSetOutputTests {
    static let tree = """
    1 or "Goal"
      impact 1
      1.1 and "Both"
        1.1.1 "A"
          likelihood 0.5
        1.1.2 "B"
          likelihood 0.5
      1.2 "C"
        likelihood 0.5
      1.3 and "Shared pair"
        use 1.1.1
        1.3.1 "D"
          likelihood 0.5
    """

    func scoreJSON(_ extra: [String]) throws -> [String: Any] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bramble-sets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.bramble")
        try Self.tree.write(to: file, atomically: true, encoding: .utf8)
        let console = CapturingConsole()
        let status = CLI.run(["score", file.path, "--format", "json"] + extra, environment: [:], console: console)
        #expect(status == .success, "\(console.error)")
        let object = try JSONSerialization.jsonObject(with: Data(console.output))
        return try #require(object as? [String: Any])
    }

    @Test func setsCountedByOrder() throws {
        let sets = try #require(try scoreJSON([])["attackSets"] as? [String: Any])
        #expect(sets["count"] as? Int == 3)
        #expect(sets["distribution"] as? [Int] == [1, 2])
        #expect(sets["sets"] as? [[String]] == [["1.2"], ["1.1.1", "1.1.2"], ["1.1.1", "1.3.1"]])
    }

    @Test func orderLimitLeavesOutLargeSets() throws {
        let sets = try #require(try scoreJSON(["--max-order", "1"])["attackSets"] as? [String: Any])
        #expect(sets["count"] as? Int == 1)
        #expect(sets["maxOrder"] as? Int == 1)
    }

    @Test func setLimitStillCountsAll() throws {
        let sets = try #require(try scoreJSON(["--max-sets", "1"])["attackSets"] as? [String: Any])
        #expect(sets["count"] as? Int == 3)
        #expect(sets["listed"] as? Int == 1)
    }

    @Test func invalidOrderIsUsageError() {
        let console = CapturingConsole()
        #expect(CLI.run(["score", "x.bramble", "--max-order", "zero"], environment: [:], console: console) == .usage)
        #expect(console.error.contains("--max-order"))
    }
}
