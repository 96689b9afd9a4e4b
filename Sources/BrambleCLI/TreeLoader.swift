import BrambleCore
import Foundation

/// Reads and checks tree files for the commands.
enum TreeLoader {
    /// The result of reading one file.
    struct Loaded: Sendable {
        let file: SourceFile
        let tree: AttackTree?
        let diagnostics: DiagnosticList
        /// The file and every file it includes, for source excerpts in diagnostics.
        let files: [SourceFile]
    }

    /// The largest tree file Bramble reads, so that a wrong path to a huge file fails at once
    /// instead of exhausting memory.
    static let maximumFileSize = 1 << 30

    /// Reads an included file for the checker, with the same checks as a file on the command
    /// line.
    static let includeLoader: IncludeLoader = { path in
        do {
            return try readSource(path)
        } catch let failure as CommandFailure {
            throw IncludeFailure(message: failure.message)
        }
    }

    /// The reason an included file could not be read.
    struct IncludeFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Reads a file's bytes, or throws a failure that explains why it cannot be read.
    static func readSource(_ path: String) throws -> SourceFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(.inputNotFound, "\(path): file not found")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure(.inputNotFound, "\(path): is a directory; give a .bramble file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileSize else {
            throw CommandFailure(.invalidInput, "\(path): file is \(size) bytes, above the limit of \(maximumFileSize); check that this is a tree file")
        }
        guard let bytes = readBytes(path, expectedSize: size) else {
            throw CommandFailure(.inputNotFound, "\(path): cannot be read; check its permissions")
        }
        guard bytes.count <= maximumFileSize else {
            throw CommandFailure(.invalidInput, "\(path): file is \(bytes.count) bytes, above the limit of \(maximumFileSize); check that this is a tree file")
        }
        return SourceFile(path: path, bytes: bytes)
    }

    /// Reads a whole file straight into an array, which saves the copy that reading it as
    /// `Data` first would cost. A file that grows while it is read is read again as `Data`.
    static func readBytes(_ path: String, expectedSize: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // One byte more than expected, so that a file that has grown is noticed.
        let capacity = max(expectedSize, 0) + 1
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let got = read(descriptor, buffer.baseAddress! + count, capacity - count)
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                count += got
            }
        }
        if failed { return nil }
        if bytes.count < capacity { return bytes }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func load(_ path: String, warnings: Bool = true) throws -> Loaded {
        let file = try readSource(path)
        let result = Checker.check(file, loader: includeLoader, warnings: warnings)
        return Loaded(file: file, tree: result.tree, diagnostics: result.diagnostics, files: result.files)
    }

    /// Loads a tree that a command needs to be valid. Diagnostics go to standard error; errors
    /// end the command with the invalid-input status.
    static func loadValid(_ path: String, context: CommandContext) throws -> AttackTree {
        let loaded = try load(path)
        context.printDiagnostics(loaded.diagnostics, files: loaded.files)
        guard let tree = loaded.tree else {
            if !loaded.diagnostics.hasErrors {
                throw CommandFailure(.invalidInput, "\(path) is a library of fragments with no goal; include it from a tree and score that tree")
            }
            let count = loaded.diagnostics.errorCount
            let errors = count == 1 ? "1 error; fix it" : "\(count) errors; fix them"
            throw CommandFailure(.invalidInput, "\(path) has \(errors) and run the command again ('bramble check \(path)' lists every problem)")
        }
        return tree
    }
}
