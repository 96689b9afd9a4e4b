import BrambleCLI
import Foundation
import Testing

@Suite struct ExitCodeTests {
    // MARK: 0 and 1

    @Test func checkCleanTreeSucceeds() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["check", path])

        #expect(run.status == .success)
        #expect(run.status.rawValue == 0)
        #expect(run.error.contains("0 errors and 0 warnings found"))
    }

    @Test func checkInvalidTreeReportsFindings() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(invalidTreeSource, to: "invalid.bramble")

        let run = runCLI(["check", path])

        #expect(run.status == .findings)
        #expect(run.status.rawValue == 1)
        #expect(run.error.contains("1 error and"))
    }

    @Test func checkWarningsOnlySucceeds() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("1 or \"Goal\"\n  1.1 \"Step\"\n    likelihood rare\n", to: "warnings.bramble")

        let run = runCLI(["check", path])

        #expect(run.status == .success)
        #expect(run.error.contains("0 errors and 2 warnings found"))
    }

    // MARK: 64, usage errors

    @Test func unknownCommandSuggestsClosest() {
        let run = runCLI(["chek", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.status.rawValue == 64)
        #expect(run.error.contains("unknown command 'chek'"))
        #expect(run.error.contains("did you mean 'check'?"))
    }

    @Test func unknownOptionSuggestsClosest() {
        let run = runCLI(["check", "--fromat", "json", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("unknown option '--fromat'"))
        #expect(run.error.contains("did you mean '--format'?"))
    }

    @Test func unknownShortOptionRejected() {
        let run = runCLI(["score", "-x", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("unknown option '-x'"))
    }

    @Test("Missing argument", arguments: ["check", "score", "render", "report"])
    func missingArgument(command: String) {
        let run = runCLI([command])

        #expect(run.status == .usage)
        #expect(run.error.contains("missing argument"))
    }

    @Test func extraArgumentRejected() {
        let run = runCLI(["score", "a.bramble", "b.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("unexpected argument 'b.bramble'"))
    }

    @Test func badFormatValueRejected() {
        let run = runCLI(["score", "--format", "yaml", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("invalid value 'yaml' for '--format'"))
        #expect(run.error.contains("use one of text, json"))
    }

    @Test func misspeltFormatValueSuggested() {
        let run = runCLI(["render", "--format", "svgg", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("did you mean 'svg'?"))
    }

    @Test func optionWithoutValueRejected() {
        let run = runCLI(["score", "tree.bramble", "--format"])

        #expect(run.status == .usage)
        #expect(run.error.contains("option '--format' needs a value"))
    }

    @Test func repeatedOptionRejected() {
        let run = runCLI(["score", "--format", "json", "--format", "text", "tree.bramble"])

        #expect(run.status == .usage)
        #expect(run.error.contains("option '--format' is given twice"))
    }

    @Test func noArgumentsPrintsHelp() {
        let run = runCLI([])

        #expect(run.status == .usage)
        #expect(run.error.contains("Usage: bramble COMMAND"))
        #expect(run.output.isEmpty)
    }

    @Test func binaryOutputToTerminalRejected() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "small.bramble")
        let console = TerminalConsole()

        let status = runCLI(["render", "--format", "png", path], console: console)

        #expect(status == .usage)
        #expect(console.error.contains("png output is binary"))
        #expect(console.output.isEmpty)
    }

    @Test func outputOverInputRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "small.bramble")

        let run = runCLI(["score", "-o", path, path])

        #expect(run.status == .usage)
        #expect(run.error.contains("refusing to write output over the input file"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == smallTreeSource)
    }

    @Test func outputOverInputThroughSymlinkRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "small.bramble")
        let link = directory.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)

        let run = runCLI(["render", "-o", link, path])

        #expect(run.status == .usage)
        #expect(run.error.contains("refusing to write output over the input file"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == smallTreeSource)
    }

    @Test func outputOverTemplateRefused() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let template = try directory.write("# {{title}}\n", to: "plan.mustache")

        let run = runCLI(["report", "--template", template, "-o", template, tree])

        #expect(run.status == .usage)
        #expect(run.error.contains("refusing to write output over the input file"))
        #expect(try String(contentsOfFile: template, encoding: .utf8) == "# {{title}}\n")
    }

    // MARK: 65, invalid input

    @Test("Invalid tree", arguments: ["score", "render", "report"])
    func invalidTree(command: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(invalidTreeSource, to: "invalid.bramble")

        let run = runCLI([command, path])

        #expect(run.status == .invalidInput)
        #expect(run.status.rawValue == 65)
        #expect(run.error.contains("has 1 error"))
        #expect(run.error.contains("unknown attribute 'likelyhood'"))
        #expect(run.output.isEmpty)
    }

    @Test func malformedTemplateRejected() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let template = try directory.write("# {{title}}\n{{#nodes}}\n", to: "plan.mustache")

        let run = runCLI(["report", "--template", template, tree])

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("section \"nodes\" opened here is never closed"))
        #expect(run.output.isEmpty)
    }

    @Test func nonUTF8TemplateRejected() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let template = try directory.write(Data([0xFF, 0xFE, 0x41]), to: "plan.mustache")

        let run = runCLI(["report", "--template", template, tree])

        #expect(run.status == .invalidInput)
        #expect(run.error.contains("template is not valid UTF-8"))
    }

    // MARK: 66, unreadable input

    @Test("Missing input file", arguments: ["check", "score", "render", "report"])
    func missingInputFile(command: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.bramble")

        let run = runCLI([command, path])

        #expect(run.status == .inputNotFound)
        #expect(run.status.rawValue == 66)
        #expect(run.error.contains("\(path): file not found"))
    }

    @Test("Directory as input", arguments: ["check", "score", "render", "report"])
    func directoryAsInput(command: String) throws {
        let directory = try TemporaryDirectory()

        let run = runCLI([command, directory.url.path])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("is a directory"))
    }

    @Test func missingTemplateFile() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let template = directory.path("absent.mustache")

        let run = runCLI(["report", "--template", template, tree])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("\(template): file not found"))
    }

    @Test func checkUnreadableBeatsFindings() throws {
        let directory = try TemporaryDirectory()
        let invalid = try directory.write(invalidTreeSource, to: "invalid.bramble")
        let absent = directory.path("absent.bramble")

        let run = runCLI(["check", invalid, absent])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("unknown attribute 'likelyhood'"))
        #expect(run.error.contains("file not found"))
    }

    // MARK: 73, output not writable

    @Test("Output directory missing", arguments: ["score", "render", "report"])
    func outputDirectoryMissing(command: String) throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("absent/out.txt")

        let run = runCLI([command, "-o", output, tree])

        #expect(run.status == .cannotWrite)
        #expect(run.status.rawValue == 73)
        #expect(run.error.contains("does not exist; create it first"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func outputIsDirectory() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(smallTreeSource, to: "small.bramble")
        let output = directory.path("folder")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)

        let run = runCLI(["score", "-o", output, tree])

        #expect(run.status == .cannotWrite)
        #expect(run.error.contains("it is a directory"))
    }

    // MARK: The table itself

    @Test func exitCodeValuesFollowSysexits() {
        let values = ExitCode.allCases.map(\.rawValue)

        #expect(values == [0, 1, 64, 65, 66, 70, 73])
    }
}
