import Foundation

/// Partials stored as files `NAME.mustache` in one folder.
///
/// Names that contain `/`, `\`, `..` or a NUL character are rejected, so that a template, or
/// data that picks a partial through a dynamic name (`{{>*name}}`), cannot read a file outside
/// the folder. Symbolic links inside the folder are followed.
public struct DirectoryPartials: PartialResolver {
    /// The folder that contains the partial files.
    public let directory: URL
    /// The file extension of partial files, without the dot.
    public let fileExtension: String
    /// Whether a missing partial throws `MustacheError` of kind `.partialNotFound` instead of
    /// rendering as the empty string.
    public let failOnMissing: Bool

    /// Creates a resolver that reads `NAME.fileExtension` files from the folder at `url`.
    public init(url: URL, fileExtension: String = "mustache", failOnMissing: Bool = false) {
        self.directory = url
        self.fileExtension = fileExtension
        self.failOnMissing = failOnMissing
    }

    /// Reads the partial `name` from its file, or returns nil when the file does not exist
    /// and `failOnMissing` is false.
    /// - Throws: `MustacheError` of kind `.invalidPartialName` for a rejected name,
    ///   `.partialNotFound` for a missing file when `failOnMissing` is true, and
    ///   `.unreadablePartial` when the file is not readable UTF-8 text.
    public func partialSource(named name: String) throws -> String? {
        try DirectoryPartials.validate(name)
        let file = directory.appendingPathComponent(name + "." + fileExtension)

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else {
            if failOnMissing {
                throw MustacheError(
                    kind: .partialNotFound,
                    message: "partial \"\(name)\" not found: no file \(file.path); "
                        + "create it or fix the name in the tag"
                )
            }
            return nil
        }

        do {
            return try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw MustacheError(
                kind: .unreadablePartial,
                message: "partial \"\(name)\" could not be read from \(file.path) as UTF-8 text: "
                    + "\(error.localizedDescription)"
            )
        }
    }

    /// Throws unless `name` is a plain file name that stays inside the folder.
    static func validate(_ name: String) throws {
        let problem: String?
        if name.isEmpty {
            problem = "it is empty"
        } else if name.contains("/") || name.contains("\\") {
            problem = "it contains a path separator"
        } else if name.contains("..") {
            problem = "it contains \"..\""
        } else if name.unicodeScalars.contains("\u{0}") {
            problem = "it contains a NUL character"
        } else {
            problem = nil
        }
        if let problem {
            let printable = name.replacingOccurrences(of: "\u{0}", with: "\\0")
            throw MustacheError(
                kind: .invalidPartialName,
                message: "invalid partial name \"\(printable)\" because \(problem); use the file "
                    + "name without folder or extension, for example \"row\" for row.mustache"
            )
        }
    }
}
