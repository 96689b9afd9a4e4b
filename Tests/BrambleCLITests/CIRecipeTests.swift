import Foundation
import Testing
import TestSupport

/// Runs the shell of the diff step of the GitHub Actions workflow in docs/ci.md against a
/// repository with a base branch, so that the documented recipe keeps working.
@Suite struct CIRecipeTests {
    /// Returns the `run: |` script of the workflow step named `name`, without its indentation.
    static func stepScript(named name: String) throws -> String {
        let document = try String(contentsOf: SharedFixtures.packageRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        let lines = document.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasSuffix("- name: \(name)") }, "docs/ci.md has no step named '\(name)'")
        let run = try #require(lines[start...].firstIndex { $0.hasSuffix("run: |") }, "the step '\(name)' has no 'run: |' script")
        var script: [String] = []
        var indent: Int?
        for line in lines[(run + 1)...] {
            let leading = line.prefix { $0 == " " }.count
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if indent == nil { indent = leading }
            guard leading >= indent! else { break }
            script.append(String(line.dropFirst(indent!)))
        }
        return script.joined(separator: "\n") + "\n"
    }

    /// Runs `script` with bash in `directory` and returns its exit status.
    static func bash(_ script: String, environment: [String: String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        exited.wait()
        return process.terminationStatus
    }

    @Test func diffStepRecordsTrippedGate() throws {
        let script = try Self.stepScript(named: "Diff the tree against the base branch")
        #expect(script.contains("bramble/.build/release/bramble diff \"origin/$BASE_REF:$TREE\" \"$TREE\""))
        let binary = try BinaryRunner.executable().path

        // A clone whose origin has the tree on main, with a riskier tree on the pull request's branch.
        let folder = try TemporaryDirectory()
        let origin = folder.url.appendingPathComponent("origin")
        try FileManager.default.createDirectory(at: origin.appendingPathComponent("trees"), withIntermediateDirectories: true)
        try Data(smallTreeSource.utf8).write(to: origin.appendingPathComponent("trees/x.bramble"))
        try git(["init", "-q"], in: origin)
        try git(["add", "."], in: origin)
        try git(["commit", "-q", "-m", "Base"], in: origin)
        try git(["clone", "-q", origin.path, "work"], in: folder.url)
        let work = folder.url.appendingPathComponent("work")
        try Data(riskierTreeSource.utf8).write(to: work.appendingPathComponent("trees/x.bramble"))
        let outputs = folder.path("github-output")

        let status = try Self.bash(script.replacingOccurrences(of: "bramble/.build/release/bramble", with: binary),
                                   environment: ["BASE_REF": "main", "TREE": "trees/x.bramble", "GITHUB_OUTPUT": outputs],
                                   in: work)

        #expect(status == 0)
        #expect(try String(contentsOfFile: outputs, encoding: .utf8) == "status=1\n")
        let comment = try String(contentsOf: work.appendingPathComponent("diff.md"), encoding: .utf8)
        #expect(comment.hasPrefix("### Bramble diff: origin/main:trees/x.bramble → trees/x.bramble\n"))
        #expect(comment.contains("| Gate residual-increase | | | :x: **tripped**"))
    }

    @Test func diffStepFailsOnMissingTree() throws {
        let script = try Self.stepScript(named: "Diff the tree against the base branch")
        let binary = try BinaryRunner.executable().path
        let folder = try TemporaryDirectory()
        try git(["init", "-q"], in: folder.url)
        let outputs = folder.path("github-output")

        let status = try Self.bash(script.replacingOccurrences(of: "bramble/.build/release/bramble", with: binary),
                                   environment: ["BASE_REF": "main", "TREE": "trees/x.bramble", "GITHUB_OUTPUT": outputs],
                                   in: folder.url)

        #expect(status == 66)
    }
}
