import BrambleCLI
import Foundation
import Testing

let nonCoherentModel = mef("""
    <define-gate name="Top"><or><and><basic-event name="A"/><basic-event name="B"/></and>
      <and><not><basic-event name="A"/></not><basic-event name="C"/></and></or></define-gate>
    <define-basic-event name="A"><float value="0.5"/></define-basic-event>
    <define-basic-event name="B"><float value="0.2"/></define-basic-event>
    <define-basic-event name="C"><float value="0.1"/></define-basic-event>
""")

@Suite("cutsets command")
struct CutSetsCommandTests {
    @Test("lists the sets as text")
    func text() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(nonCoherentModel, to: "model.xml")
        let run = runBramble(["cutsets", "--from", "open-psa", model])
        #expect(run.status == .success)
        #expect(run.console.outputText.contains("Minimal cut sets: 2 (1 of order 1, 1 of order 2)"))
        #expect(run.console.outputText.contains("  {C}\n  {A, B}\n"))
        #expect(run.console.outputText.contains("(with negation)"))
    }

    @Test("writes JSON with the order limit")
    func json() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(nonCoherentModel, to: "model.xml")
        let run = runBramble(["cutsets", "--from", "open-psa", model, "--max-order", "1", "--format", "json",
                              "-o", folder.path("sets.json")])
        #expect(run.status == .success)
        let object = try JSONSerialization.jsonObject(with: Data(folder.read("sets.json").utf8)) as? [String: Any]
        #expect(object?["count"] as? Int == 1)
        #expect(object?["maxOrder"] as? Int == 1)
        #expect(object?["nonCoherent"] as? Bool == true)
        #expect(object?["sets"] as? [[String]] == [["C"]])
    }

    @Test("cutsets exit codes")
    func exitCodes() throws {
        let folder = try ScratchFolder()
        let model = try folder.write(nonCoherentModel, to: "model.xml")
        let broken = try folder.write(mef("<define-gate name=\"Top\"><not/></define-gate>"), to: "broken.xml")
        #expect(runBramble(["cutsets", model]).status == .usage)
        #expect(runBramble(["cutsets", "--from", "open-psa", model, "--max-order", "0"]).status == .usage)
        let bad = runBramble(["cutsets", "--from", "open-psa", broken])
        #expect(bad.status == .invalidInput)
        #expect(bad.console.error.contains("broken.xml:4"))
        #expect(runBramble(["cutsets", "--from", "open-psa", folder.path("absent.xml")]).status == .inputNotFound)
    }
}
