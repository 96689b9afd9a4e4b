import BrambleCLI
import Foundation
import Testing

/// The small tree of the CLI tests with its first step's likelihood raised, which raises the
/// goal's residual risk.
let riskierTreeSource = smallTreeSource.replacingOccurrences(of: "likelihood possible", with: "likelihood certain")

/// Writes the small tree and a changed copy, and returns both paths.
func writeDiffPair(_ directory: TemporaryDirectory, new: String = riskierTreeSource) throws -> (old: String, new: String) {
    (try directory.write(smallTreeSource, to: "old.bramble"), try directory.write(new, to: "new.bramble"))
}

/// Runs git in `directory` and fails the test when it fails.
func git(_ arguments: [String], in directory: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=Bramble Tests", "-c", "user.email=tests@example.com",
                         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    exited.wait()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
}

/// A temporary git repository whose tag v1 contains the small tree as `trees/tree.bramble`, with
/// the riskier tree in the working copy.
func makeDiffRepository() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("trees"), withIntermediateDirectories: true)
    try directory.write(smallTreeSource, to: "trees/tree.bramble")
    try directory.write(invalidTreeSource, to: "trees/invalid.bramble")
    try git(["init", "-q"], in: directory.url)
    try git(["add", "."], in: directory.url)
    try git(["commit", "-q", "-m", "First version"], in: directory.url)
    try git(["tag", "v1"], in: directory.url)
    try directory.write(riskierTreeSource, to: "trees/tree.bramble")
    return directory
}

@Suite struct DiffCommandTests {
    @Test func sameFileExitsZero() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "tree.bramble")

        let run = runCLI(["diff", path, path])

        #expect(run.status == .success)
        #expect(run.output.hasPrefix("No changes: \(path) -> \(path)\n"))
        #expect(run.error.isEmpty)
    }

    @Test func formattedRegistryTreeIsEmpty() throws {
        let directory = try TemporaryDirectory()
        let messy = try RegistryTree.text().replacingOccurrences(of: "\n", with: "\r\n")
        let old = try directory.write(messy, to: "old.bramble")
        let format = runCLI(["fmt", old])
        let new = try directory.write(format.output, to: "new.bramble")

        let run = runCLI(["diff", old, new, "--fail-on", "residual-increase"])

        #expect(format.status == .success)
        #expect(run.status == .success)
        #expect(run.output.hasPrefix("No changes: "))
    }

    @Test func changesWithoutGateExitZero() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let run = runCLI(["diff", old, new])

        #expect(run.status == .success)
        #expect(run.output.contains("  ~ 1.1 \"Phish an administrator\"\n      likelihood: possible -> certain\n"))
    }

    @Test func residualIncreaseGateExitsOne() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let run = runCLI(["diff", old, new, "--fail-on", "residual-increase"])

        #expect(run.status == .findings)
        #expect(run.error.contains("bramble diff: gate tripped: residual-increase: the goal's residual risk rose from"))
        #expect(run.error.contains("; nodes: 1, 1.1\n"))
    }

    @Test func residualDecreaseGatePasses() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let run = runCLI(["diff", new, old, "--fail-on", "residual-increase"])

        #expect(run.status == .success)
        #expect(run.output.contains("  passed residual-increase: "))
    }

    @Test func bandGateExitsOne() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let tripped = runCLI(["diff", old, new, "--fail-on", "band:medium"])
        let passed = runCLI(["diff", old, new, "--fail-on", "band:critical"])

        #expect(tripped.status == .findings)
        #expect(tripped.error.contains("gate tripped: band:medium: the goal's residual risk is in band"))
        #expect(passed.status == .success)
    }

    @Test func maxRiskGateExitsOne() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let tripped = runCLI(["diff", old, new, "--max-risk", "0.5"])
        let passed = runCLI(["diff", old, new, "--max-risk", "100"])

        #expect(tripped.status == .findings)
        #expect(tripped.error.contains("gate tripped: max-risk 0.5: "))
        #expect(passed.status == .success)
    }

    @Test func invalidRuleExits64() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let rule = runCLI(["diff", old, new, "--fail-on", "residual-rise"])
        let band = runCLI(["diff", old, new, "--fail-on", "band:severe"])
        let risk = runCLI(["diff", old, new, "--max-risk", "high"])
        let missing = runCLI(["diff", old])

        #expect(rule.status == .usage)
        #expect(rule.error.contains("invalid rule 'residual-rise' for '--fail-on'"))
        #expect(band.status == .usage)
        #expect(band.error.contains("invalid band 'severe' for '--fail-on band:NAME'; the new tree's risk bands are low, medium, high, critical"))
        #expect(risk.status == .usage)
        #expect(missing.status == .usage)
    }

    @Test func invalidTreeExits65() throws {
        let directory = try TemporaryDirectory()
        let old = try directory.write(smallTreeSource, to: "old.bramble")
        let new = try directory.write(invalidTreeSource, to: "new.bramble")

        let run = runCLI(["diff", old, new])

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("\(new):4:5: error: unknown attribute 'likelyhood'"))
        #expect(run.error.contains("bramble diff: \(new) has 1 error, so it cannot be compared"))
        #expect(run.output.isEmpty)
    }

    @Test func invalidRenameMapExits65() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)
        let map = try directory.write("1.1 => 1.2\n", to: "renames.txt")

        let run = runCLI(["diff", old, new, "--renames", map])

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("\(map):1: invalid rename map: expected 'OLD -> NEW'"))
    }

    @Test func missingFileExits66() throws {
        let directory = try TemporaryDirectory()
        let old = try directory.write(smallTreeSource, to: "old.bramble")

        let run = runCLI(["diff", old, directory.path("absent.bramble")])
        let map = runCLI(["diff", old, old, "--renames", directory.path("absent.txt")])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("absent.bramble: file not found"))
        #expect(map.status == .inputNotFound)
    }

    @Test func revisionLikeOptionRejected() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "tree.bramble")

        let run = runCLI(["diff", "--", "--output=x:tree.bramble", path])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("'--output=x' is not a git revision because it starts with '-'"))
    }

    @Test func fileNameWithColonIsFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "v1:tree.bramble")

        let run = runCLI(["diff", path, path])

        #expect(run.status == .success)
        #expect(run.output.hasPrefix("No changes"))
    }

    @Test func renameMapFromFmt() throws {
        let directory = try TemporaryDirectory()
        // 1.1 is written as 1.5, so renumbering gives it 1.1 and writes 1.5 -> 1.1.
        let old = try directory.write(smallTreeSource.replacingOccurrences(of: "1.1 \"Phish", with: "1.5 \"Phish"), to: "old.bramble")
        let new = try directory.write(smallTreeSource.replacingOccurrences(of: "1.1 \"Phish", with: "1.5 \"Phish"), to: "new.bramble")
        let map = directory.path("renames.txt")
        let fmt = runCLI(["fmt", "--write", "--renumber", "--rename-map", map, new])
        #expect(fmt.status == .success)

        let guessed = runCLI(["diff", old, new])
        let mapped = runCLI(["diff", old, new, "--renames", map])

        #expect(guessed.output.contains("renumbered 1.5 -> 1.1 (a guess from the title and position"))
        #expect(mapped.status == .success)
        #expect(mapped.output.contains("      renumbered 1.5 -> 1.1\n"))
    }

    @Test func sarifStructure() throws {
        let directory = try TemporaryDirectory()
        let removed = smallTreeSource.replacingOccurrences(of: "  1.2 \"Exploit the VPN\"\n    likelihood rare\n", with: "")
        let (old, new) = try writeDiffPair(directory, new: removed.replacingOccurrences(of: "likelihood possible", with: "likelihood certain"))
        let output = directory.path("diff.sarif")

        let run = runCLI(["diff", old, new, "--format", "sarif", "-o", output, "--fail-on", "residual-increase"])

        #expect(run.status == .findings)
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run0 = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run0["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "bramble")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = Set(rules.compactMap { $0["id"] as? String })
        let results = try #require(run0["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleIDs.contains(ruleID))
            #expect(["note", "warning", "error"].contains(result["level"] as? String))
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String
            #expect(uri == "file://" + new)
            let line = try #require((location["region"] as? [String: Any])?["startLine"] as? Int)
            #expect(line >= 1)
        }
        let removedResult = try #require(results.first { $0["ruleId"] as? String == "node-removed" })
        let message = try #require((removedResult["message"] as? [String: Any])?["text"] as? String)
        #expect(message.contains("shown at its parent's line"))
        let region = (removedResult["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        // The goal, the removed step's parent, is on line 2 of the new file.
        #expect((region?["region"] as? [String: Any])?["startLine"] as? Int == 2)
        let gateResult = try #require(results.first { $0["ruleId"] as? String == "gate-tripped" })
        #expect(gateResult["level"] as? String == "error")
    }

    @Test func markdownAndJSONFormats() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let markdown = runCLI(["diff", old, new, "--format", "md"])
        let json = runCLI(["diff", old, new, "--format", "json"])

        #expect(markdown.output.hasPrefix("### Bramble diff: "))
        #expect(markdown.output.contains("<details><summary>Node changes (1)</summary>"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(parsed["empty"] as? Bool == false)
        #expect((parsed["nodes"] as? [[String: Any]])?.first?["id"] as? String == "1.1")
    }

    @Test func diagramFormats() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)

        let dot = runCLI(["diff", old, new, "--format", "dot"])
        let svg = runCLI(["diff", old, new, "--format", "svg"])

        #expect(dot.output.hasPrefix("digraph \"bramble-diff\" {\n"))
        #expect(dot.output.contains("class=\"diff-changed\""))
        #expect(svg.status == .success)
        #expect(svg.output.contains("<svg"))
        // Graphviz writes the hyphen in class names as an entity.
        #expect(svg.output.contains("class=\"node diff&#45;changed\""))
    }

    @Test func colorFollowsOptionAndNoColor() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)
        let escape = "\u{1B}["

        let always = runCLI(["diff", old, new, "--color", "always"])
        let captured = runCLI(["diff", old, new])
        let terminal = TerminalConsole()
        _ = runCLI(["diff", old, new], console: terminal)
        let noColor = TerminalConsole()
        _ = runCLI(["diff", old, new], environment: ["NO_COLOR": "1"], console: noColor)

        #expect(always.output.contains(escape))
        #expect(!captured.output.contains(escape))
        #expect(String(decoding: terminal.output, as: UTF8.self).contains(escape))
        #expect(!String(decoding: noColor.output, as: UTF8.self).contains(escape))
    }
}

/// `bramble diff` run as a child process, for exit codes and git revisions.
@Suite struct DiffBinaryTests {
    @Test func exitCodesThroughBinary() throws {
        let directory = try TemporaryDirectory()
        let (old, new) = try writeDiffPair(directory)
        let invalid = try directory.write(invalidTreeSource, to: "invalid.bramble")

        #expect(try BinaryRunner.run(["diff", old, new]).status == 0)
        #expect(try BinaryRunner.run(["diff", old, new, "--fail-on", "residual-increase"]).status == 1)
        #expect(try BinaryRunner.run(["diff", old, new, "--max-risk", "0.1"]).status == 1)
        #expect(try BinaryRunner.run(["diff", old, new, "--fail-on", "band:nope"]).status == 64)
        #expect(try BinaryRunner.run(["diff", old]).status == 64)
        #expect(try BinaryRunner.run(["diff", old, invalid]).status == 65)
        #expect(try BinaryRunner.run(["diff", old, directory.path("absent.bramble")]).status == 66)
    }

    @Test func gitRevisionSide() throws {
        let repository = try makeDiffRepository()

        let result = try BinaryRunner.run(["diff", "v1:trees/tree.bramble", "trees/tree.bramble", "--fail-on", "residual-increase"],
                                          directory: repository.url)

        #expect(result.status == 1)
        #expect(result.outputText.hasPrefix("Changes: v1:trees/tree.bramble -> trees/tree.bramble\n"))
        #expect(result.outputText.contains("likelihood: possible -> certain"))
    }

    @Test func gitSideComparedWithItself() throws {
        let repository = try makeDiffRepository()

        let result = try BinaryRunner.run(["diff", "v1:trees/tree.bramble", "HEAD:trees/tree.bramble"], directory: repository.url)

        #expect(result.status == 0)
        #expect(result.outputText.hasPrefix("No changes"))
    }

    @Test func gitBadRevisionExits66() throws {
        let repository = try makeDiffRepository()

        let revision = try BinaryRunner.run(["diff", "v9:trees/tree.bramble", "trees/tree.bramble"], directory: repository.url)
        let path = try BinaryRunner.run(["diff", "v1:trees/absent.bramble", "trees/tree.bramble"], directory: repository.url)

        #expect(revision.status == 66)
        #expect(revision.errorText.contains("v9:trees/tree.bramble: no file by that name, and git cannot read it as REV:PATH"))
        #expect(path.status == 66)
        #expect(path.errorText.contains("v1:trees/absent.bramble: no file by that name"))
    }

    @Test func gitDiagnosticsKeepRevisionName() throws {
        let repository = try makeDiffRepository()

        let result = try BinaryRunner.run(["diff", "v1:trees/invalid.bramble", "trees/tree.bramble"], directory: repository.url)

        #expect(result.status == 65)
        #expect(result.errorText.contains("v1:trees/invalid.bramble:4:5: error: unknown attribute 'likelyhood'"))
    }

    @Test func gitSideReadsIncludesFromRevision() throws {
        let repository = try TemporaryDirectory()
        let library = """
            fragment steal-token or "Steal a CI token"
              "Read it from a job log"
                likelihood possible
              "Phish a maintainer"
                likelihood unlikely

            """
        let tree = """
            include "lib/ci.bramble"

            1 or "Compromise the build"
              impact critical
              use steal-token
              1.2 "Bypass image signing"
                likelihood unlikely

            """
        try FileManager.default.createDirectory(at: repository.url.appendingPathComponent("trees/lib"), withIntermediateDirectories: true)
        try repository.write(library, to: "trees/lib/ci.bramble")
        try repository.write(tree, to: "trees/build.bramble")
        try git(["init", "-q"], in: repository.url)
        try git(["add", "."], in: repository.url)
        try git(["commit", "-q", "-m", "First version"], in: repository.url)
        try repository.write(library.replacingOccurrences(of: "likelihood possible", with: "likelihood likely"), to: "trees/lib/ci.bramble")

        let result = try BinaryRunner.run(["diff", "HEAD:trees/build.bramble", "trees/build.bramble"], directory: repository.url)

        #expect(result.status == 0)
        #expect(result.outputText.contains("  ~ 1.1.1 \"Read it from a job log\"\n      likelihood: possible -> likely\n"))
    }

    @Test func gitSARIFUsesRepositoryPath() throws {
        let repository = try makeDiffRepository()

        let result = try BinaryRunner.run(["diff", "v1:trees/tree.bramble", "HEAD:trees/tree.bramble", "--format", "sarif"],
                                          directory: repository.url)
        let other = try BinaryRunner.run(["diff", "HEAD:trees/tree.bramble", "trees/tree.bramble", "--format", "sarif"],
                                         directory: repository.url)

        #expect(result.status == 0)
        #expect(other.status == 0)
        #expect(other.outputText.contains("\"uri\": \"trees/tree.bramble\""))
    }
}
