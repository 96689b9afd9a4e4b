/// The exit statuses of `bramble`, following the BSD `sysexits.h` convention for failures.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// The command did what was asked and found nothing to report.
    case success = 0
    /// The command ran and found problems: `check` found errors in a tree.
    case findings = 1
    /// The command line is wrong: an unknown command or option, or a missing argument.
    case usage = 64
    /// An input file was read but is not a valid tree.
    case invalidInput = 65
    /// An input file does not exist or cannot be read.
    case inputNotFound = 66
    /// Something failed inside Bramble or a library it uses, such as a Graphviz layout.
    case internalError = 70
    /// An output file could not be written.
    case cannotWrite = 73
}

/// An error that ends a command with a message and an exit status.
struct CommandFailure: Error {
    let exitCode: ExitCode
    let message: String

    init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }
}
