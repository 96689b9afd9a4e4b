/// A place in an interchange file: its path and 1-based line.
public struct FileLine: Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// The error thrown when a file cannot be imported or a tree cannot be exported. The message
/// names what is wrong, where, and what to do.
public struct InterchangeError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    /// Creates an error located at `place`, written `path:line: message`.
    public init(at place: FileLine, _ message: String) {
        self.message = "\(place): \(message)"
    }

    public var description: String { message }
}
