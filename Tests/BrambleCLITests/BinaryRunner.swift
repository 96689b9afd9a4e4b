import Foundation
import TestSupport

/// What a finished `bramble` process wrote and how it exited.
struct ProcessResult {
    let status: Int32
    let output: Data
    let error: Data

    var outputText: String { String(decoding: output, as: UTF8.self) }
    var errorText: String { String(decoding: error, as: UTF8.self) }
}

/// The error thrown when the built binary cannot be found or does not finish.
struct BinaryRunnerError: Error, CustomStringConvertible {
    let description: String
}

/// Runs the built `bramble` executable as a child process.
enum BinaryRunner {
    /// The maximum time a run may take before it is killed and the test fails.
    static let timeout: DispatchTimeInterval = .seconds(60)

    /// Places where the build puts `bramble`, most specific first: beside the test bundle,
    /// beside the test runner, then the package's default build folder.
    static var candidates: [URL] {
        var urls = [
            Bundle.main.bundleURL.appendingPathComponent("bramble"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bramble"),
        ]
        if let executable = Bundle.main.executableURL {
            urls.append(executable.deletingLastPathComponent().appendingPathComponent("bramble"))
        }
        urls.append(SharedFixtures.packageRoot.appendingPathComponent(".build/debug/bramble"))
        return urls
    }

    /// Returns the `bramble` executable, or throws an error that lists where it was looked for.
    static func executable() throws -> URL {
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) {
            return url
        }
        let searched = candidates.map(\.path).joined(separator: ", ")
        throw BinaryRunnerError(description: "bramble executable not found; searched \(searched). Build it with 'swift build --build-tests' first.")
    }

    /// Runs `bramble` with `arguments`, in `directory` when one is given, and returns its exit
    /// status and everything it wrote.
    ///
    /// The exit is awaited through a termination handler and a semaphore, because
    /// `Process.waitUntilExit` polls the run loop and adds tens of milliseconds to each run.
    /// Both pipes are read to the end while the child runs, so that a child that writes more
    /// than a pipe buffer holds does not block.
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let errorReader = PipeReader(errorPipe.fileHandleForReading)
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        let error = errorReader.wait()

        guard exited.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            throw BinaryRunnerError(description: "bramble \(arguments.joined(separator: " ")) did not exit within \(timeout)")
        }
        return ProcessResult(status: process.terminationStatus, output: output, error: error)
    }
}

/// Reads a file handle to its end on a background queue.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once on the background queue before `done` is signalled, read after the wait.
    private var data = Data()

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
