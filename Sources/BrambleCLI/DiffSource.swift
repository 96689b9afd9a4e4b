import BrambleCore
import Foundation

/// One side of `bramble diff`: a tree file, or `REV:PATH`, a file as it was at a git revision.
///
/// An argument that names an existing file is read as a file, even when it contains a colon.
/// Any other argument with a colon is split at its first colon into a revision and a path, and
/// the file is read with `git cat-file blob REV:PATH` in the repository of the current
/// directory: the same bytes that `git show REV:PATH` prints for a file. PATH is read as git
/// reads it: from the repository's root, or from the current directory when it starts with
/// `./` or `../`.
struct DiffSource {
    /// The argument as given, which is also the path shown in diagnostics.
    let argument: String
    /// The git revision, or nil for a plain file.
    let revision: String?
    /// The file path: inside the revision for a git side.
    let path: String

    init(_ argument: String) {
        self.argument = argument
        if FileManager.default.fileExists(atPath: argument) {
            revision = nil
            path = argument
        } else if let colon = argument.firstIndex(of: ":") {
            revision = String(argument[..<colon])
            path = String(argument[argument.index(after: colon)...])
        } else {
            revision = nil
            path = argument
        }
    }

    /// Reads and checks the side for errors only, as a diff shows no warnings. Included files of
    /// a git side are read from the same revision, except those given by an absolute path, which
    /// are read from the disk.
    func load(directory: String) throws -> TreeLoader.Loaded {
        guard let revision else { return try TreeLoader.load(path, warnings: false) }
        let file = SourceFile(path: argument, bytes: try Git.readBlob(revision: revision, path: path, directory: directory))
        let prefix = revision + ":"
        let loader: IncludeLoader = { includePath in
            if includePath.hasPrefix("/") { return try TreeLoader.includeLoader(includePath) }
            let inRevision = includePath.hasPrefix(prefix) ? String(includePath.dropFirst(prefix.count)) : includePath
            do {
                let bytes = try Git.readBlob(revision: revision, path: inRevision, directory: directory)
                return SourceFile(path: prefix + inRevision, bytes: bytes)
            } catch let failure as CommandFailure {
                throw TreeLoader.IncludeFailure(message: failure.message)
            }
        }
        let result = Checker.check(file, loader: loader, warnings: false)
        return TreeLoader.Loaded(file: file, tree: result.tree, diagnostics: result.diagnostics, files: result.files)
    }
}

/// Runs git to read files at a revision.
enum Git {
    /// Returns the bytes of PATH at REVISION in the repository that contains `directory`, or
    /// throws a failure with exit status 66 that repeats git's own message.
    static func readBlob(revision: String, path: String, directory: String) throws -> [UInt8] {
        let object = "\(revision):\(path)"
        guard !revision.isEmpty, !path.isEmpty else {
            throw CommandFailure(.inputNotFound, "\(object): file not found, and it is not of the form REV:PATH with a git revision and a path")
        }
        // git would read a revision that starts with '-' as an option.
        guard !revision.hasPrefix("-") else {
            throw CommandFailure(.inputNotFound, "\(object): file not found, and '\(revision)' is not a git revision because it starts with '-'")
        }
        let result: (status: Int32, output: Data, error: Data)
        do {
            result = try run(["git", "cat-file", "blob", object], directory: directory)
        } catch {
            throw CommandFailure(.inputNotFound, "\(object): cannot run git to read it: \(error)")
        }
        if result.status == 127 {
            throw CommandFailure(.inputNotFound, "\(object): git is not installed; install it or give a file path")
        }
        guard result.status == 0 else {
            let message = String(decoding: result.error, as: UTF8.self)
                .split(separator: "\n").first.map { String($0) } ?? "git exited with status \(result.status)"
            throw CommandFailure(.inputNotFound, "\(object): no file by that name, and git cannot read it as REV:PATH (\(message)); check the revision and the path, which git reads from the repository's root")
        }
        guard result.output.count <= TreeLoader.maximumFileSize else {
            throw CommandFailure(.invalidInput, "\(object): file is \(result.output.count) bytes, above the limit of \(TreeLoader.maximumFileSize); check that this is a tree file")
        }
        return [UInt8](result.output)
    }

    /// Runs a program found on PATH through `/usr/bin/env` and returns its status and output.
    /// The exit is awaited with a termination handler and a semaphore, because
    /// `Process.waitUntilExit` polls the run loop and adds tens of milliseconds.
    static func run(_ arguments: [String], directory: String) throws -> (status: Int32, output: Data, error: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let errorData = ErrorCollector(errorPipe.fileHandleForReading)
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        let error = errorData.wait()
        exited.wait()
        return (process.terminationStatus, output, error)
    }
}

/// Reads a pipe to its end on a background queue, so that a child that fills both pipes
/// cannot block.
private final class ErrorCollector: @unchecked Sendable {
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
