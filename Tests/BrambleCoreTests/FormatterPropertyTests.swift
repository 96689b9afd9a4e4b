import BrambleCore
import Foundation
import Testing
import TestSupport

/// Properties every formatted file must have: formatting twice changes nothing, and the
/// formatted file checks to the same model with the same diagnostics.
@Suite struct FormatterPropertyTests {
    /// The example trees shipped in `trees/`, by file name.
    static let treeFiles: [String] = {
        let folder = SharedFixtures.packageRoot.appendingPathComponent("trees")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".bramble") }.sorted()
    }()

    static func treeText(_ name: String) throws -> String {
        let url = SharedFixtures.packageRoot.appendingPathComponent("trees").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    static let sampleNames = FormatterSamples.all.map(\.name)

    static func sample(_ name: String) -> String {
        FormatterSamples.all.first { $0.name == name }!.text
    }

    @Test func treeFilesFound() {
        #expect(Self.treeFiles.contains("registry-storage.bramble"))
    }

    @Test(arguments: treeFiles)
    func treeFileIsCanonical(name: String) throws {
        let text = try Self.treeText(name)
        #expect(try formatted(text) == text, "trees/\(name) is not canonical; compare it with 'bramble fmt trees/\(name)'")
    }

    @Test(arguments: treeFiles)
    func treeFileRoundTrips(name: String) throws {
        try expectRoundTrip(try Self.treeText(name), name: name)
    }

    @Test(arguments: sampleNames)
    func sampleFormatIsIdempotent(name: String) throws {
        let once = try formatted(Self.sample(name))
        #expect(try formatted(once) == once, "\(name)")
    }

    @Test(arguments: sampleNames)
    func sampleRenumberIsIdempotent(name: String) throws {
        let once = try formatted(Self.sample(name), renumber: true)
        let twice = try formatOutput(once, renumber: true)
        #expect(twice.text == once, "\(name)")
        #expect(twice.renames.isEmpty, "\(name)")
    }

    @Test(arguments: sampleNames)
    func sampleKeepsDiagnosticCodes(name: String) throws {
        let text = Self.sample(name)
        #expect(diagnosticCodes(try formatted(text)) == diagnosticCodes(text), "\(name)")
    }

    @Test(arguments: ["spacing", "comments", "strings", "block strings", "no ids"])
    func sampleRoundTrips(name: String) throws {
        try expectRoundTrip(Self.sample(name), name: name)
    }

    @Test func registryTreeRenumberChangesNothing() throws {
        let text = try Self.treeText("registry-storage.bramble")
        let output = try formatOutput(text, renumber: true)
        #expect(output.text == text)
        #expect(output.renames.isEmpty)
    }

    @Test func crlfAndBOMRoundTrip() throws {
        let text = Self.sample("spacing").replacingOccurrences(of: "\n", with: "\r\n")
        let file = SourceFile(path: "crlf.bramble", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let output = try TreeFormatter.format(file).text
        let before = try #require(Checker.check(file).tree)
        let after = try #require(Checker.check(SourceFile(path: "crlf.bramble", text: output)).tree)
        expectEqualTrees(before, after)
        #expect(!output.contains("\r"))
    }

    /// Checks that `text` and its formatted form check to equal trees with the same diagnostics.
    func expectRoundTrip(_ text: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let output = try formatted(text, sourceLocation: sourceLocation)
        #expect(diagnosticCodes(output) == diagnosticCodes(text), "\(name)", sourceLocation: sourceLocation)
        let before = try #require(Checker.check(SourceFile(path: "before.bramble", text: text)).tree,
                                  "\(name) does not check", sourceLocation: sourceLocation)
        let after = try #require(Checker.check(SourceFile(path: "after.bramble", text: output)).tree,
                                 "formatted \(name) does not check", sourceLocation: sourceLocation)
        expectEqualTrees(before, after, sourceLocation: sourceLocation)
    }
}
