import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The destination of a command's output: the standard streams in the process, a capture in tests.
public protocol Console: AnyObject {
    func writeOutput(_ bytes: [UInt8])
    func writeError(_ text: String)
    var outputIsTerminal: Bool { get }
    var errorIsTerminal: Bool { get }
}

extension Console {
    func writeOutput(_ text: String) { writeOutput(Array(text.utf8)) }
}

/// The process's standard output and standard error.
public final class StandardConsole: Console {
    public init() {}

    public func writeOutput(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    public func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A console that keeps everything written to it, for tests.
public final class CapturingConsole: Console {
    public private(set) var output: [UInt8] = []
    public private(set) var error = ""

    public init() {}

    public var outputText: String { String(decoding: output, as: UTF8.self) }

    public func writeOutput(_ bytes: [UInt8]) { output += bytes }
    public func writeError(_ text: String) { error += text }
    public var outputIsTerminal: Bool { false }
    public var errorIsTerminal: Bool { false }
}
