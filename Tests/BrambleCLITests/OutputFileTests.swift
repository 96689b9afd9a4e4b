import BrambleCLI
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct OutputFileTests {
    /// Returns the names of leftover temporary files, which are hidden and end in `.tmp`.
    static func temporaryFiles(in directory: TemporaryDirectory) throws -> [String] {
        try directory.entries().filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
    }

    @Test("Output option writes the file", arguments: ["-o", "--output"])
    func outputWritesFile(option: String) throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("score.json")
        let expected = runCLI(["score", "--format", "json", tree]).console.output

        let run = runCLI(["score", "--format", "json", option, output, tree])

        #expect(run.status == .success)
        #expect(run.console.output.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(expected))
    }

    @Test func inlineOutputValueWritesFile() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("diagram.dot")

        let run = runCLI(["render", "--output=\(output)", tree])

        #expect(run.status == .success)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("digraph \"attack-tree\" {"))
    }

    @Test func dashMeansStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["score", "-o", "-", tree])

        #expect(run.status == .success)
        #expect(run.output.contains("Goal 1: Steal the data"))
        #expect(try Self.temporaryFiles(in: directory).isEmpty)
    }

    @Test("No temporary file left", arguments: ["score", "render", "report"])
    func noTemporaryFileLeft(command: String) throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI([command, "-o", directory.path("out.txt"), tree])

        #expect(run.status == .success)
        #expect(try directory.entries() == ["out.txt", "small.bramble"])
        #expect(try Self.temporaryFiles(in: directory).isEmpty)
    }

    @Test func noTemporaryFileAfterFailure() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        try FileManager.default.createDirectory(atPath: directory.path("out"), withIntermediateDirectories: false)

        let run = runCLI(["score", "-o", directory.path("out"), tree])

        #expect(run.status == .cannotWrite)
        #expect(try Self.temporaryFiles(in: directory).isEmpty)
    }

    @Test func uncreatableOutputNamesSystemReason() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        // The kernel rejects new files in /proc, even for root, so this fails on every Linux.
        let run = runCLI(["render", "-o", "/proc/bramble-output.dot", tree])

        #expect(run.status == .cannotWrite)
        #expect(run.error.contains("cannot write /proc/bramble-output.dot: "), "\(run.error)")
        #expect(run.error.contains(String(cString: strerror(ENOENT))), "\(run.error)")
        #expect(!run.error.contains("The operation could not be completed"), "\(run.error)")
    }

    @Test func existingOutputReplaced() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = try directory.write(String(repeating: "old contents\n", count: 1000), to: "plan.md")

        let run = runCLI(["report", "-o", output, tree])
        let text = try String(contentsOfFile: output, encoding: .utf8)

        #expect(run.status == .success)
        #expect(text.hasPrefix("# Remediation plan: Small tree\n"))
        #expect(!text.contains("old contents"))
        #expect(try Self.temporaryFiles(in: directory).isEmpty)
    }

    @Test func replacementIsRenameNotRewrite() throws {
        // A rename gives the path a new file, so a hard link to the old file keeps the old
        // bytes. Writing in place would change them, and a reader could see half a file.
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = try directory.write("old contents\n", to: "score.txt")
        let link = directory.path("old-score.txt")
        try FileManager.default.linkItem(atPath: output, toPath: link)

        let run = runCLI(["score", "-o", output, tree])

        #expect(run.status == .success)
        #expect(try String(contentsOfFile: link, encoding: .utf8) == "old contents\n")
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("Goal 1: Steal the data"))
    }

    @Test func failedRunKeepsOldOutput() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(invalidTreeSource, to: "invalid.bramble")
        let output = try directory.write("old contents\n", to: "score.txt")

        let run = runCLI(["score", "-o", output, tree])

        #expect(run.status == .invalidInput)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "old contents\n")
    }

    @Test("Format from extension", arguments: [
        ("diagram.dot", "digraph"), ("diagram.gv", "digraph"), ("diagram.svg", "<?xml"),
    ])
    func formatFromExtension(name: String, prefix: String) throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path(name)

        let run = runCLI(["render", "-o", output, tree])

        #expect(run.status == .success)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix(prefix))
    }
}
