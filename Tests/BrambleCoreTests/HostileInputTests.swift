import BrambleCore
import Foundation
import Testing

@Suite struct HostileInputTests {
    static let plain = "1 or \"Goal\"\n  impact high\n  1.1 \"Step\"\n    likelihood rare\n  1.2 \"Other\"\n    likelihood unlikely\n"

    func check(_ bytes: [UInt8]) -> (AttackTree?, DiagnosticList) {
        Checker.check(SourceFile(path: "hostile.bramble", bytes: bytes))
    }

    @Test func crlfReadsLikeLF() throws {
        let crlf = Array(Self.plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let (tree, diagnostics) = check(crlf)
        #expect(diagnostics.items.isEmpty)
        let lf = try #require(check(Array(Self.plain.utf8)).0)
        let parsed = try #require(tree)
        #expect(parsed.nodes.map(\.title) == lf.nodes.map(\.title))
        #expect(parsed.nodes.map(\.id) == lf.nodes.map(\.id))
    }

    @Test func byteOrderMarkIgnored() throws {
        let (tree, diagnostics) = check([0xEF, 0xBB, 0xBF] + Array(Self.plain.utf8))
        #expect(diagnostics.items.isEmpty)
        #expect(try #require(tree).goal.title == "Goal")
    }

    @Test func invalidUTF8Located() throws {
        var bytes = Array("1 \"Goal\"\n  impact high\n  likelihood rare\n  description \"ok ".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"\n".utf8)
        let (tree, diagnostics) = check(bytes)
        #expect(tree == nil)
        let error = try #require(diagnostics.items.first { $0.code == .invalidEncoding })
        #expect(error.location.line == 4)
        #expect(error.location.column == 19)
    }

    @Test func nulByteLocated() throws {
        let bytes = Array("1 \"Goal\"\n  impact high\n  likelihood rare\u{0}\n".utf8)
        let (tree, diagnostics) = check(bytes)
        #expect(tree == nil)
        let error = try #require(diagnostics.items.first { $0.code == .nulByte })
        #expect(error.location.line == 3)
    }

    @Test func truncatedFileReported() {
        let (tree, diagnostics) = check(Array("1 or \"Goal\n".utf8))
        #expect(tree == nil)
        #expect(diagnostics.items.contains { $0.code == .unterminatedString })
    }

    @Test func emptyFileHasNoGoal() {
        let (tree, diagnostics) = check([])
        #expect(tree == nil)
        #expect(diagnostics.items.map(\.code) == [.missingGoal])
    }

    @Test func deepNestingDoesNotOverflow() throws {
        // Ten thousand levels, indented one space per level and numbered automatically, so the
        // file stays near 50 MB; with two spaces and written ids it would pass 200 MB.
        let depth = 10_000
        var text = "and \"Level 1\"\n impact high\n"
        text.reserveCapacity(depth * depth / 2 + depth * 24)
        for level in 2...depth {
            let gate = level == depth ? "" : "and "
            text += String(repeating: " ", count: level - 1) + "\(gate)\"Level \(level)\"\n"
        }
        text += String(repeating: " ", count: depth) + "likelihood rare\n"
        let (tree, diagnostics) = check(Array(text.utf8))
        let parsed = try #require(tree)
        #expect(parsed.nodes.count == depth)
        #expect(parsed.nodes.last?.id.components.count == depth)
        // Every gate but the last has one child, so each gets a warning and nothing else.
        #expect(diagnostics.items.allSatisfy { $0.code == .singleChildGate })
        let analysis = Analysis(parsed)
        #expect(analysis.inherent.goal.probability == 0.05)
    }

    @Test func tenMegabyteLineHandled() {
        let title = String(repeating: "a", count: 10 * 1024 * 1024)
        let (tree, diagnostics) = check(Array("1 \"\(title)\"\n  impact high\n  likelihood rare\n".utf8))
        #expect(diagnostics.items.isEmpty)
        #expect(tree?.goal.title.utf8.count == title.utf8.count)
    }

    @Test func tenMegabyteGarbageLineReported() {
        let garbage = String(repeating: "x", count: 10 * 1024 * 1024)
        let (tree, diagnostics) = check(Array(garbage.utf8))
        #expect(tree == nil)
        #expect(diagnostics.hasErrors)
    }

    @Test func binaryNoiseNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = check(bytes)
        }
    }

    @Test func blockStringKeepsMarkdown() throws {
        let text = "1 \"Goal\"\n  impact high\n  likelihood rare\n  description \"\"\"\n    First *line* with \\backslash.\n\n      Indented code\n    \"\"\"\n"
        let tree = try #require(check(Array(text.utf8)).0)
        #expect(tree.goal.description == "First *line* with \\backslash.\n\n  Indented code")
    }

    @Test func escapesDecoded() throws {
        let text = #"1 "Quote \" backslash \\ newline \n arrow \u{2192}""# + "\n  impact high\n  likelihood rare\n"
        let tree = try #require(check(Array(text.utf8)).0)
        #expect(tree.goal.title == "Quote \" backslash \\ newline \n arrow →")
    }
}
