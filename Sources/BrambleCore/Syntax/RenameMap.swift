/// The rename map file that `bramble fmt --renumber --rename-map PATH` writes: one line per
/// renamed node, `OLD -> NEW`, sorted by old id number by number, after a comment line.
///
/// ```
/// # bramble rename map: old id -> new id
/// 1.2 -> 1.3
/// 1.10 -> 1.2
/// ```
public enum RenameMap {
    /// The comment line the map file starts with.
    public static let header = "# bramble rename map: old id -> new id"

    /// The error thrown for a malformed map, with the 1-based line it is on.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "line \(line): \(message)" }
    }

    /// Writes a map as the text of a map file.
    public static func text(_ renames: [NodeID: NodeID]) -> String {
        var text = header + "\n"
        for old in renames.keys.sorted() {
            text += "\(old) -> \(renames[old]!)\n"
        }
        return text
    }

    /// Reads the text of a map file. Blank lines and lines starting with `#` are skipped; every
    /// other line must be `OLD -> NEW` with two valid ids. An old id may appear once, and so may
    /// a new id, because two nodes cannot take the same id.
    public static func parse(_ text: String) throws(ParseError) -> [NodeID: NodeID] {
        var renames: [NodeID: NodeID] = [:]
        var oldLines: [NodeID: Int] = [:]
        var newLines: [NodeID: (line: Int, old: NodeID)] = [:]
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // "\r\n" is one Character in Swift, so both line endings are split on explicitly.
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let line = trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let (old, new) = try entry(line, lineNumber: lineNumber)
            if let first = oldLines[old] {
                throw ParseError(line: lineNumber, message: "old id \(old) is renamed twice (first on line \(first)); keep one of the two lines")
            }
            if let first = newLines[new] {
                throw ParseError(line: lineNumber, message: "new id \(new) is given to both \(first.old) (line \(first.line)) and \(old); each new id must appear once")
            }
            oldLines[old] = lineNumber
            newLines[new] = (lineNumber, old)
            renames[old] = new
        }
        return renames
    }

    /// Reads one `OLD -> NEW` line.
    private static func entry(_ line: Substring, lineNumber: Int) throws(ParseError) -> (NodeID, NodeID) {
        let parts = line.split(separator: "->", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ParseError(line: lineNumber, message: "expected 'OLD -> NEW', such as '1.2 -> 1.3', but found '\(line.prefix(60))'")
        }
        var ids: [NodeID] = []
        for (part, role) in zip(parts, ["old", "new"]) {
            let text = String(trimmed(part))
            guard let id = NodeID(parsing: text) else {
                let found = text.isEmpty ? "nothing" : "'\(text.prefix(40))'"
                throw ParseError(line: lineNumber, message: "invalid \(role) id: found \(found); an id is whole numbers from 1 separated by dots, as in 1.2.1")
            }
            ids.append(id)
        }
        return (ids[0], ids[1])
    }

    /// Returns a line without surrounding spaces, tabs and carriage returns.
    private static func trimmed(_ text: Substring) -> Substring {
        let blanks: Set<Character> = [" ", "\t", "\r"]
        var result = text
        while let first = result.first, blanks.contains(first) { result = result.dropFirst() }
        while let last = result.last, blanks.contains(last) { result = result.dropLast() }
        return result
    }
}
