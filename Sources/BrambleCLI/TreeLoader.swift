import BrambleCore
import Foundation

/// Reads and checks tree files for the commands.
enum TreeLoader {
    /// The result of reading one file.
    struct Loaded {
        let file: SourceFile
        let tree: AttackTree?
        let diagnostics: DiagnosticList
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.inputNotFound, "\(path): cannot be read; check its permissions")
        }
        return SourceFile(path: path, bytes: [UInt8](data))
    }

    static func load(_ path: String) throws -> Loaded {
        let file = try readSource(path)
        let (tree, diagnostics) = Checker.check(file)
        return Loaded(file: file, tree: tree, diagnostics: diagnostics)
    }

    /// Loads a tree that a command needs to be valid. Diagnostics go to standard error; errors
    /// end the command with the invalid-input status.
    static func loadValid(_ path: String, context: CommandContext) throws -> AttackTree {
        let loaded = try load(path)
        context.printDiagnostics(loaded.diagnostics, file: loaded.file)
        guard let tree = loaded.tree else {
            let count = loaded.diagnostics.errorCount
            let errors = count == 1 ? "1 error; fix it" : "\(count) errors; fix them"
            throw CommandFailure(.invalidInput, "\(path) has \(errors) and run the command again ('bramble check \(path)' lists every problem)")
        }
        return tree
    }
}
