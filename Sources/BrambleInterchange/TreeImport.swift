import BrambleCore

/// The counts and notes of an ADTool or Deciduous import, printed after the import.
public struct TreeImportSummary: Sendable {
    /// The input format, such as "ADTool XML".
    public let format: String
    /// The dialect detected in the file, such as "ADTool 2 (domainId parameters)".
    public let dialect: String
    /// Nodes read from the file, of every kind (for Deciduous: facts, attacks, mitigations and
    /// goals; for ADTool: attack and defence nodes).
    public let nodes: Int
    /// Edges read: parent-child links in ADTool, `from:` entries in Deciduous.
    public let edges: Int
    /// Mitigations written: Deciduous mitigations, or distinct ADTool countermeasures.
    public let mitigations: Int
    /// Attribute values read: ADTool `<parameter>` elements, Deciduous edge labels and flags.
    public let attributes: Int
    /// One sentence per mapping decision where the formats differ, and per item that has no
    /// Bramble form, with the place where it was kept.
    public let notes: [String]

    /// The summary as printed by `bramble import`, one fact per line.
    public var text: String {
        var lines = ["read \(format), dialect: \(dialect)",
                     "  \(nodes) nodes, \(edges) edges, \(mitigations) mitigations, \(attributes) attributes"]
        lines += notes.map { "  note: " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The result of an ADTool or Deciduous import: formatted tree source, the checked tree, and
/// what was read.
public struct TreeImport: Sendable {
    /// Bramble source text, formatted by `TreeFormatter`.
    public let source: String
    public let tree: AttackTree
    public let summary: TreeImportSummary
}

/// Formats and checks the source text that an importer generated.
enum GeneratedSource {
    /// Returns the formatted text and its tree. Generated text with errors means either a bug in
    /// the importer or, for ADTool files written by Bramble, comments edited by hand, so the
    /// message gives the first error with its line in the generated text.
    static func check(_ text: String, input path: String) throws(InterchangeError) -> (text: String, tree: AttackTree) {
        let name = "imported.bramble"
        let formatted: String
        do {
            formatted = try TreeFormatter.format(SourceFile(path: name, text: text)).text
        } catch {
            let detail = error.diagnostics.sorted.first.map { "\($0.location): \($0.message)" } ?? "unknown problem"
            throw InterchangeError("\(path): the generated tree cannot be formatted (\(detail)); please report this with the input file")
        }
        let result = Checker.check(SourceFile(path: name, text: formatted))
        guard let tree = result.tree, !result.diagnostics.hasErrors else {
            let first = result.diagnostics.sorted.first { $0.severity == .error }
            let detail = first.map { "\($0.location): \($0.message)" } ?? "no tree"
            throw InterchangeError("\(path): the generated tree has errors (\(detail)); please report this with the input file")
        }
        return (formatted, tree)
    }
}

/// Helpers for writing tree-language lines.
enum SourceText {
    static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

    /// Returns a mitigation name made from `text`: lower-case letters and digits, other runs of
    /// characters as one `-`, starting with a letter (`prefix` is put in front otherwise), at
    /// most 48 characters, and not in `taken`.
    static func name(from text: String, prefix: String, taken: Set<String>) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, !name.hasSuffix("-") {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        if name.count > 48 {
            name = String(name.prefix(48))
            while name.hasSuffix("-") { name.removeLast() }
        }
        if name.isEmpty || !(name.unicodeScalars.first.map { ("a"..."z").contains($0) } ?? false) {
            name = prefix + (name.isEmpty ? "" : "-" + name)
        }
        var candidate = name
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(name)-\(number)"
            number += 1
        }
        return candidate
    }
}
