import BrambleCLI
import Foundation
import Testing

/// Colour in diagnostics. `TerminalConsole` reports a terminal, so `auto` would colour there.
/// A test that expects no colour on it shows that something other than a missing terminal
/// turned colour off.
@Suite struct ColorTests {
    static func invalidTree(in directory: TemporaryDirectory) throws -> String {
        try directory.write(invalidTreeSource, to: "invalid.bramble")
    }

    @Test func autoColorsOnTerminal() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)
        let console = TerminalConsole()

        let status = runCLI(["check", path], console: console)

        #expect(status == .findings)
        #expect(console.error.contains(escape))
        #expect(console.error.contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test("NO_COLOR disables colour", arguments: ["1", "true", "anything"])
    func noColorDisables(value: String) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)
        let console = TerminalConsole()

        let status = runCLI(["check", path], environment: ["NO_COLOR": value], console: console)

        #expect(status == .findings)
        #expect(console.error.contains("error: unknown attribute"))
        #expect(!console.error.contains(escape))
    }

    @Test func emptyNoColorKeepsColour() throws {
        // The NO_COLOR convention counts the variable only when it is set and not empty.
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)
        let console = TerminalConsole()

        _ = runCLI(["check", path], environment: ["NO_COLOR": ""], console: console)

        #expect(console.error.contains(escape))
    }

    @Test func dumbTerminalDisables() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)
        let console = TerminalConsole()

        _ = runCLI(["check", path], environment: ["TERM": "dumb"], console: console)

        #expect(!console.error.contains(escape))
    }

    @Test func colorNeverDisables() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)
        let console = TerminalConsole()

        let status = runCLI(["check", "--color", "never", path], console: console)

        #expect(status == .findings)
        #expect(console.error.contains("error: unknown attribute"))
        #expect(!console.error.contains(escape))
    }

    @Test func colorAlwaysWithoutTerminal() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)

        let run = runCLI(["check", "--color", "always", path])

        #expect(run.status == .findings)
        #expect(run.error.contains(escape))
    }

    @Test func colorAlwaysBeatsNoColor() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)

        let run = runCLI(["check", "--color", "always", path], environment: ["NO_COLOR": "1"])

        #expect(run.error.contains(escape))
    }

    @Test func autoWithoutTerminalPlain() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)

        let run = runCLI(["check", path])

        #expect(run.status == .findings)
        #expect(!run.error.contains(escape))
    }

    @Test("Colour applies to every command", arguments: ["score", "render", "report"])
    func colorAlwaysOtherCommands(command: String) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.invalidTree(in: directory)

        let colored = runCLI([command, "--color", "always", path])
        let plain = runCLI([command, "--color", "never", path])

        #expect(colored.error.contains(escape))
        #expect(!plain.error.contains(escape))
        #expect(!plain.output.contains(escape))
    }

    @Test func outputsNeverColored() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(smallTreeSource, to: "small.bramble")
        let console = TerminalConsole()

        let status = runCLI(["score", path], console: console)

        #expect(status == .success)
        #expect(!console.output.contains(0x1B))
    }
}
