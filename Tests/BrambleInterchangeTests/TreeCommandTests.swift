import BrambleCLI
import BrambleCore
import Foundation
import Testing
import TestSupport

let smallDeciduous = """
    title: Small
    attacks:
    - a: Guess the password
      from:
      - reality
    goals:
    - g: Log in
      from:
      - a
    """

let smallADTool = """
    <?xml version="1.0" encoding="UTF-8"?>
    <adtree>
      <node refinement="conjunctive">
        <label>Goal</label>
        <node refinement="disjunctive"><label>A</label><parameter domainId="ProbSucc">0.5</parameter></node>
        <node refinement="disjunctive"><label>B</label><parameter domainId="ProbSucc">0.2</parameter></node>
      </node>
      <domain id="ProbSucc"><class>lu.uni.adtool.domains.predefined.ProbSucc</class><tool>ADTool</tool></domain>
    </adtree>
    """

@Suite("ADTool and Deciduous commands")
struct TreeCommandTests {
    @Test("import deciduous writes tree and summary")
    func importDeciduous() throws {
        let folder = try ScratchFolder()
        let input = try folder.write(smallDeciduous, to: "tree.yaml")
        let run = runBramble(["import", input, "--from", "deciduous", "-o", folder.path("tree.bramble")])
        #expect(run.status == .success)
        #expect(run.console.error.contains("read Deciduous YAML, dialect: Deciduous"))
        #expect(run.console.error.contains("2 nodes, 2 edges, 0 mitigations, 0 attributes"))
        #expect(run.console.error.contains("no AND gates"))
        #expect(try folder.read("tree.bramble").hasPrefix("tree \"Small\"\n"))
    }

    @Test("import adtool to standard output")
    func importADToolStandardOutput() throws {
        let folder = try ScratchFolder()
        let input = try folder.write(smallADTool, to: "tree.xml")
        let run = runBramble(["import", input, "--from", "adtool"])
        #expect(run.status == .success)
        #expect(run.console.outputText.contains("1 and \"Goal\""))
        #expect(run.console.error.contains("dialect: ADTool 2 (domainId parameters)"))
    }

    @Test("import bad input exits 65 with line")
    func importInvalid() throws {
        let folder = try ScratchFolder()
        let input = try folder.write("attacks:\n- a: A\n  from:\n  - missing\ngoals:\n- g: G\n  from: [a]\n", to: "tree.yaml")
        let run = runBramble(["import", input, "--from", "deciduous"])
        #expect(run.status == .invalidInput)
        #expect(run.console.error.contains("tree.yaml:4: 'missing'"))
        #expect(run.console.outputText.isEmpty)
    }

    @Test("import missing file exits 66")
    func importMissing() throws {
        let folder = try ScratchFolder()
        let run = runBramble(["import", folder.path("absent.xml"), "--from", "adtool"])
        #expect(run.status == .inputNotFound)
    }

    @Test("import two files is usage error")
    func importTwoFiles() throws {
        let folder = try ScratchFolder()
        let first = try folder.write(smallDeciduous, to: "a.yaml")
        let second = try folder.write(smallDeciduous, to: "b.yaml")
        let run = runBramble(["import", first, second, "--from", "deciduous"])
        #expect(run.status == .usage)
        #expect(run.console.error.contains("reads one file"))
    }

    @Test("import --top with adtool is usage error")
    func importTopRejected() throws {
        let folder = try ScratchFolder()
        let input = try folder.write(smallADTool, to: "tree.xml")
        let run = runBramble(["import", input, "--from", "adtool", "--top", "G"])
        #expect(run.status == .usage)
    }

    @Test("import unwritable output exits 73")
    func importCannotWrite() throws {
        let folder = try ScratchFolder()
        let input = try folder.write(smallADTool, to: "tree.xml")
        let run = runBramble(["import", input, "--from", "adtool", "-o", folder.path("missing-folder/tree.bramble")])
        #expect(run.status == .cannotWrite)
    }

    @Test("export adtool then import via commands")
    func exportThenImport() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("""
            1 and "Goal"
              impact high
              1.1 "A"
                likelihood 0.5
                mitigated-by lock
              1.2 "B"
                likelihood 0.2

            mitigation lock "Lock the door"
              status implemented
              effectiveness 80%
            """, to: "tree.bramble")
        let export = runBramble(["export", tree, "--to", "adtool", "-o", folder.path("tree.xml")])
        #expect(export.status == .success)
        #expect(try folder.read("tree.xml").contains("switchRole=\"yes\""))
        let back = runBramble(["import", folder.path("tree.xml"), "--from", "adtool", "-o", folder.path("back.bramble")])
        #expect(back.status == .success)
        let text = try folder.read("back.bramble")
        #expect(text.contains("mitigated-by lock"))
        #expect(text.contains("effectiveness 0.8"))
        #expect(text.contains("impact high"))
    }

    @Test("export K of N exits 65")
    func exportKOfN() throws {
        let folder = try ScratchFolder()
        let tree = try folder.write("""
            1 1 of 2 "Goal"
              1.1 "A"
                likelihood 0.5
              1.2 "B"
                likelihood 0.2
            """, to: "tree.bramble")
        let run = runBramble(["export", tree, "--to", "adtool"])
        #expect(run.status == .invalidInput)
        #expect(run.console.error.contains("K-of-N"))
    }
}
