import BrambleCLI
import Testing

@Suite struct HelpTests {
    /// Each command and the long options its help must list.
    static let commandOptions: [(command: String, options: [String])] = [
        ("check", ["--format", "--color", "--help"]),
        ("score", ["--format", "--output", "--color", "--help"]),
        ("render", ["--format", "--view", "--direction", "--hide", "--output", "--color", "--help"]),
        ("report", ["--format", "--template", "--templates", "--baseline", "--output", "--color", "--help"]),
    ]

    @Test("Tool help", arguments: ["--help", "-h", "help"])
    func toolHelp(flag: String) {
        let run = runCLI([flag])

        #expect(run.status == .success)
        #expect(run.error.isEmpty)
        #expect(run.output.contains("Usage: bramble COMMAND"))
        for command in Self.commandOptions.map(\.command) {
            #expect(run.output.contains("  \(command) "))
        }
        #expect(run.output.contains("73  an output file cannot be written"))
    }

    @Test("Command help", arguments: commandOptions)
    func commandHelp(command: String, options: [String]) {
        let run = runCLI([command, "--help"])

        #expect(run.status == .success)
        #expect(run.error.isEmpty)
        #expect(run.output.contains("Usage: bramble \(command) [options]"))
        for option in options {
            #expect(run.output.contains(option))
        }
    }

    @Test("Help subcommand", arguments: commandOptions.map(\.command))
    func helpSubcommand(command: String) {
        let viaHelp = runCLI(["help", command])
        let viaFlag = runCLI([command, "-h"])

        #expect(viaHelp.status == .success)
        #expect(viaHelp.output == viaFlag.output)
    }

    @Test func helpWinsOverMissingArgument() {
        let run = runCLI(["render", "--help"])

        #expect(run.status == .success)
        #expect(run.output.contains("One of: dot, svg, png, pdf, mermaid."))
    }

    @Test("Version", arguments: ["--version", "-V"])
    func version(flag: String) {
        let run = runCLI([flag])

        #expect(run.status == .success)
        #expect(run.output == "bramble \(CLI.version)\n")
        #expect(run.error.isEmpty)
    }

    @Test func versionIsSemantic() {
        let parts = CLI.version.split(separator: ".")

        #expect(parts.count == 3)
        #expect(parts.allSatisfy { Int($0) != nil })
    }
}
