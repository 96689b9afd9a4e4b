import BrambleCLI
import Foundation
import Testing

@Suite struct RenderCommandTests {
    @Test func mermaidToStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render", "--format", "mermaid", tree])

        #expect(run.status == .success)
        #expect(run.output.hasPrefix("%%{init: {\"theme\": \"default\"}}%%\nflowchart LR\n"))
        #expect(run.error.isEmpty)
    }

    @Test func markdownFileGetsFence() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("diagram.md")

        let run = runCLI(["render", tree, "-o", output])
        let text = try String(contentsOfFile: output, encoding: .utf8)

        #expect(run.status == .success)
        #expect(text.hasPrefix("```mermaid\n%%{init"))
        #expect(text.hasSuffix("\n```\n"))
    }

    @Test func mmdFileIsPlainMermaid() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("diagram.mmd")

        let run = runCLI(["render", tree, "-o", output])

        #expect(run.status == .success)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("%%{init"))
    }

    @Test func unknownRootRejected() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render", "--root", "1.9", tree])

        #expect(run.status == .usage)
        #expect(run.error.contains("no node with id 1.9 in"))
        #expect(run.output.isEmpty)
    }

    @Test("Invalid root or depth", arguments: [["--root", "1..2"], ["--depth", "-1"], ["--depth", "two"]])
    func invalidValuesRejected(option: [String]) throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render"] + option + [tree])

        #expect(run.status == .usage)
        #expect(run.error.contains("invalid \(option[0]) '\(option[1])'"))
    }

    @Test func rootAndDepthDrawPart() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render", "--root", "1", "--depth", "0", tree])

        #expect(run.status == .success)
        #expect(run.output.contains("\"more-1\" [id=\"more-1\", class=\"collapsed\", label=\"+2 more\""))
        #expect(!run.output.contains("\"node-1.1\" [id="))
    }

    @Test func cheapestWithoutCostsWarns() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render", "--highlight", "cheapest", tree])

        #expect(run.status == .success)
        #expect(run.error == "bramble: warning: no cheapest attack is highlighted: no attack set of node 1 has a cost on every step\n")
        #expect(!run.output.contains("attack-path"))
    }

    @Test("Exiting process draws the same diagrams")
    func exitingProcessSameOutput() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let (old, new) = try writeDiffPair(directory)
        let commands = [
            ["render", "--format", "svg", tree],
            ["diff", old, new, "--format", "svg"],
            ["report", "--format", "html", tree],
        ]

        for arguments in commands {
            let freeing = runCLI(arguments)
            let exiting = runCLI(arguments, processExitsAfterRun: true)

            #expect(freeing.status == .success, "\(arguments): \(freeing.error)")
            #expect(exiting.status == .success, "\(arguments): \(exiting.error)")
            #expect(freeing.output.contains("<svg"), "\(arguments)")
            #expect(exiting.output == freeing.output, "\(arguments)")
        }
    }

    @Test("Trees kept until exit, same output")
    func keptTreesSameOutput() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let (old, new) = try writeDiffPair(directory)
        let commands = [["check", tree], ["diff", old, new], ["diff", old, new, "--format", "json"]]

        for arguments in commands {
            let freeing = runCLI(arguments)
            let exiting = runCLI(arguments, processExitsAfterRun: true)

            #expect(exiting.status == freeing.status, "\(arguments)")
            #expect(exiting.output == freeing.output, "\(arguments)")
            #expect(exiting.error == freeing.error, "\(arguments)")
        }
    }

    @Test func themeAndSVGTitle() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["render", "--format", "svg", "--theme", "dark", tree])

        #expect(run.status == .success)
        #expect(run.output.contains("<title>Small tree</title>"))
        #expect(run.output.contains("fill=\"#1e1e1e\""))
    }
}
