import BrambleCLI
import Foundation
import TestSupport

/// The result of one in-process `bramble` run.
struct CLIRun {
    let status: ExitCode
    let console: CapturingConsole

    var output: String { console.outputText }
    var error: String { console.error }
}

/// Runs `bramble` in-process with `arguments` and a console that keeps what is written.
/// `processExitsAfterRun` is passed on to `CLI.run`. Set it only in tests that check it,
/// because it leaves Graphviz graphs allocated in the test process.
func runCLI(_ arguments: [String], environment: [String: String] = [:], processExitsAfterRun: Bool = false) -> CLIRun {
    let console = CapturingConsole()
    let status = CLI.run(arguments, environment: environment, console: console, processExitsAfterRun: processExitsAfterRun)
    return CLIRun(status: status, console: console)
}

/// Runs `bramble` in-process with `console`, so that a test can pick what the console reports
/// as a terminal.
func runCLI(_ arguments: [String], environment: [String: String] = [:], console: TerminalConsole) -> ExitCode {
    CLI.run(arguments, environment: environment, console: console)
}

/// A console that keeps what is written and reports both streams as terminals, as an
/// interactive shell would.
final class TerminalConsole: Console {
    private(set) var output: [UInt8] = []
    private(set) var error = ""

    func writeOutput(_ bytes: [UInt8]) { output += bytes }
    func writeError(_ text: String) { error += text }
    var outputIsTerminal: Bool { true }
    var errorIsTerminal: Bool { true }
}

/// A folder under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("bramble-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Returns the absolute path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `text` as UTF-8 to `name` inside the folder and returns the file's path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try write(Data(text.utf8), to: name)
    }

    /// Writes `data` to `name` inside the folder and returns the file's path.
    @discardableResult
    func write(_ data: Data, to name: String) throws -> String {
        let path = path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Returns the names of the entries in the folder, hidden files included, sorted.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

/// The example tree shipped in `trees/`, which checks without errors or warnings.
enum RegistryTree {
    static let url = SharedFixtures.packageRoot.appendingPathComponent("trees/registry-storage.bramble")

    /// Reads the tree's source text.
    static func text() throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// Copies the tree into `directory` and returns the copy's path.
    static func copy(into directory: TemporaryDirectory, as name: String = "registry.bramble") throws -> String {
        try directory.write(try text(), to: name)
    }

    /// Returns the node ids declared in `text`, in file order. A node line starts, after its
    /// indentation, with an id, an optional gate and a quoted title.
    static func nodeIDs(in text: String) throws -> [String] {
        let pattern = try NSRegularExpression(pattern: #"^ *([0-9]+(\.[0-9]+)*) +((and|or) +)?""#)
        return text.components(separatedBy: "\n").compactMap { line in
            let range = NSRange(line.startIndex..., in: line)
            guard let match = pattern.firstMatch(in: line, range: range),
                  let idRange = Range(match.range(at: 1), in: line)
            else { return nil }
            return String(line[idRange])
        }
    }

    /// Returns the names of the mitigations declared in `text`, in file order.
    static func mitigationNames(in text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard line.hasPrefix("mitigation ") else { return nil }
            return line.split(separator: " ").dropFirst().first.map(String.init)
        }
    }
}

/// Splits a dotted id such as `1.2.10` into its numbers, for comparing ids number by number.
func idComponents(_ id: String) -> [Int] {
    id.split(separator: ".").compactMap { Int($0) }
}

/// A small valid tree with a goal, two steps and one mitigation.
let smallTreeSource = """
    tree "Small tree"
    1 or "Steal the data"
      impact high
      1.1 "Phish an administrator"
        likelihood possible
        mitigated-by training
      1.2 "Exploit the VPN"
        likelihood rare

    mitigation training "Train administrators"
      status implemented
      effectiveness 50%

    """

/// `smallTreeSource` with one attribute misspelt, which `check` reports as an error.
let invalidTreeSource = """
    1 or "Steal the data"
      impact high
      1.1 "Phish an administrator"
        likelyhood possible
      1.2 "Exploit the VPN"
        likelihood rare

    """

/// The escape character that starts every ANSI colour sequence.
let escape: Character = "\u{1B}"
