import BrambleCLI
import BrambleCore
import Foundation
import Testing
import TestSupport

/// The result of one in-process `bramble` run.
struct CommandRun {
    let status: ExitCode
    let console: CapturingConsole
}

/// Runs `bramble` in-process with a console that keeps what is written.
func runBramble(_ arguments: [String]) -> CommandRun {
    let console = CapturingConsole()
    let status = CLI.run(arguments, environment: [:], console: console)
    return CommandRun(status: status, console: console)
}

/// A folder under the system temporary directory, removed when the value is released.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bramble-interchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Returns the path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    /// Returns the text of `name`.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
}

let smallModel = mef("""
    <define-gate name="Top"><and><basic-event name="A"/><basic-event name="B"/></and></define-gate>
    <define-basic-event name="A"><float value="0.5"/></define-basic-event>
    <define-basic-event name="B"><float value="0.2"/></define-basic-event>
""")

@Suite("Import and export commands")
struct CommandTests {
    @Test("import writes tree and summary")
    func importWrites() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(smallModel, to: "model.xml")
        let run = runBramble(["import", "--from", "open-psa", model, "-o", folder.path("tree.bramble")])
        #expect(run.status == .success)
        #expect(run.console.error.contains("1 gates, 0 nested formulas, 2 basic events, 0 house events, 0 shared nodes"))
        #expect(try folder.read("tree.bramble").contains("1 and \"Top\""))
    }

    @Test("import to standard output")
    func importToStandardOutput() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(smallModel, to: "model.xml")
        let run = runBramble(["import", model, "--from", "open-psa"])
        #expect(run.status == .success)
        #expect(run.console.outputText.hasPrefix("tree \"Test\"\n"))
    }

    @Test("import without --from is usage error")
    func importWithoutFrom() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(smallModel, to: "model.xml")
        let run = runBramble(["import", model])
        #expect(run.status == .usage)
        #expect(run.console.error.contains("--from open-psa"))
    }

    @Test("import unknown format is usage error")
    func importUnknownFormat() {
        let run = runBramble(["import", "--from", "galileo", "model.dft"])
        #expect(run.status == .usage)
    }

    @Test("import missing file exits 66")
    func importMissingFile() {
        let run = runBramble(["import", "--from", "open-psa", "/nonexistent/model.xml"])
        #expect(run.status == .inputNotFound)
    }

    @Test("import invalid model exits 65")
    func importInvalidModel() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(mef("""
            <define-gate name="A"><not><event name="B"/></not></define-gate>
            <define-basic-event name="B"><float value="0.1"/></define-basic-event>
            """), to: "model.xml")
        let run = runBramble(["import", "--from", "open-psa", model])
        #expect(run.status == .invalidInput)
        #expect(run.console.error.contains("model.xml:4:"))
    }

    @Test("import --top picks goal")
    func importTop() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(mef("""
            <define-gate name="A"><or><basic-event name="E"/></or></define-gate>
            <define-gate name="B"><or><basic-event name="E"/></or></define-gate>
            <define-basic-event name="E"><float value="0.5"/></define-basic-event>
        """), to: "model.xml")
        #expect(runBramble(["import", "--from", "open-psa", model]).status == .invalidInput)
        let run = runBramble(["import", "--from", "open-psa", "--top", "B", model])
        #expect(run.status == .success)
        #expect(run.console.outputText.contains("1 or \"B\""))
    }

    @Test("export writes MEF")
    func exportWrites() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("1 or \"Goal\"\n  1.1 \"Step\"\n    likelihood 0.5\n", to: "tree.bramble")
        let run = runBramble(["export", tree, "--to", "open-psa", "-o", folder.path("tree.xml")])
        #expect(run.status == .success)
        #expect(try folder.read("tree.xml").contains("<float value=\"0.5\"/>"))
    }

    @Test("export notes left-out mitigations")
    func exportNotesMitigations() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("""
        1 or "Goal"
          1.1 "Step"
            likelihood 0.5
            mitigated-by mfa

        mitigation mfa "Require MFA"
          status implemented
          effectiveness 90%

        """, to: "tree.bramble")
        let run = runBramble(["export", tree, "--to", "open-psa"])
        #expect(run.status == .success)
        #expect(run.console.error.contains("1 mitigation is not exported"))
        #expect(run.console.outputText.contains("<float value=\"0.5\"/>"))
    }

    @Test("export then import via commands")
    func exportThenImport() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(smallModel, to: "model.xml")
        #expect(runBramble(["import", "--from", "open-psa", model, "-o", folder.path("a.bramble")]).status == .success)
        #expect(runBramble(["export", folder.path("a.bramble"), "--to", "open-psa", "-o", folder.path("b.xml")]).status == .success)
        let again = runBramble(["import", "--from", "open-psa", folder.path("b.xml")])
        #expect(again.status == .success)
        #expect(again.console.outputText.contains("likelihood 0.2"))
    }

    @Test("export without --to is usage error")
    func exportWithoutTo() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("1 or \"Goal\"\n  1.1 \"Step\"\n    likelihood 0.5\n", to: "tree.bramble")
        #expect(runBramble(["export", tree]).status == .usage)
    }

    @Test("export missing file exits 66")
    func exportMissingFile() {
        #expect(runBramble(["export", "/nonexistent/tree.bramble", "--to", "open-psa"]).status == .inputNotFound)
    }

    @Test("export unknown likelihood exits 65")
    func exportUnknownLikelihood() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("1 or \"Goal\"\n  impact 1\n  1.1 \"Step\"\n", to: "tree.bramble")
        let run = runBramble(["export", tree, "--to", "open-psa"])
        #expect(run.status == .invalidInput)
        #expect(run.console.error.contains("has no likelihood"))
    }

    @Test("export invalid tree exits 65")
    func exportInvalidTree() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("1 or \"Goal\"\n  1.1 \"Step\"\n    likelihood 7\n", to: "tree.bramble")
        #expect(runBramble(["export", tree, "--to", "open-psa"]).status == .invalidInput)
    }
}
