import BrambleCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// The error thrown when test input does not check or test output does not parse.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// Checks `source` as a `.bramble` file and returns the analysis of the tree, or throws an
/// error that lists the diagnostics.
func analyze(_ source: String, path: String = "test.bramble") throws -> Analysis {
    let (tree, diagnostics) = Checker.check(SourceFile(path: path, text: source))
    let printer = DiagnosticPrinter(useColor: false)
    let listing = diagnostics.sorted.map { printer.format($0, file: nil) }.joined()
    guard let tree, diagnostics.items.isEmpty else {
        throw FixtureError(description: "test tree does not check cleanly:\n\(listing)")
    }
    return Analysis(tree)
}

/// Returns `text` as a quoted `.bramble` string, with `\`, `"` and line breaks escaped.
func brambleString(_ text: String) -> String {
    var literal = "\""
    for character in text {
        switch character {
        case "\\": literal += "\\\\"
        case "\"": literal += "\\\""
        case "\n": literal += "\\n"
        default: literal.append(character)
        }
    }
    return literal + "\""
}

/// Returns how cgraph reports a plain label that DOTWriter wrote for `text`: `&` written as
/// `&amp;`, then the DOT escapes that cgraph keeps.
func cgraphLabel(_ text: String) -> String {
    cgraphValue(text.replacingOccurrences(of: "&", with: "&amp;"))
}

/// Returns how cgraph reports a tooltip that DOTWriter wrote for `text`: `&` written as
/// `&amp;` and each backslash doubled, because Graphviz unescapes tooltips twice.
func cgraphTooltip(_ text: String) -> String {
    cgraphValue(text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\\", with: "\\\\"))
}


/// Counts the `|` characters of a Markdown line that a backslash does not escape.
func unescapedPipeCount<Text: StringProtocol>(_ line: Text) -> Int {
    var count = 0
    var escaped = false
    for character in line {
        if escaped {
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "|" {
            count += 1
        }
    }
    return count
}

/// Splits a Markdown document into its tables, which are runs of lines that start with `|`.
func markdownTables(_ markdown: String) -> [[Substring]] {
    var tables: [[Substring]] = []
    var current: [Substring] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("|") {
            current.append(line)
        } else if !current.isEmpty {
            tables.append(current)
            current = []
        }
    }
    if !current.isEmpty { tables.append(current) }
    return tables
}

/// A Graphviz SVG read with `XMLDocument` after a strict well-formedness check.
struct SVGDocument {
    let root: XMLElement

    /// Parses `data`, or throws when it is not well-formed XML with an `<svg>` root.
    ///
    /// `XMLDocument` on Linux parses in libxml2's recovery mode and accepts some malformed XML,
    /// such as a mismatched end tag, so `XMLParser` checks the data first and every error it
    /// reports fails the parse.
    init(_ data: Data) throws {
        let parser = XMLParser(data: data)
        let collector = ParseErrorCollector()
        parser.delegate = collector
        let parsed = parser.parse()
        guard parsed, collector.errors.isEmpty, parser.parserError == nil else {
            let reason = collector.errors.first.map { "\($0)" } ?? "unknown error"
            throw FixtureError(description: "SVG is not well-formed XML: \(reason)")
        }
        // External entities stay off, so the SVG DTD named in the DOCTYPE is never fetched.
        let document = try XMLDocument(data: data, options: [.nodeLoadExternalEntitiesNever])
        guard let root = document.rootElement(), root.localName == "svg" else {
            throw FixtureError(description: "SVG has no <svg> root element")
        }
        self.root = root
    }

    /// Returns the value of the attribute `name`, read from the attribute list.
    /// `XMLElement.attribute(forName:)` in swift-corelibs-foundation looks an unprefixed name up
    /// in the element's default namespace, so it returns nil for every attribute of an SVG element.
    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// Returns every element under `element`, itself included, in document order.
    static func descendants(of element: XMLElement) -> [XMLElement] {
        var result = [element]
        for child in element.children ?? [] {
            if let child = child as? XMLElement { result += descendants(of: child) }
        }
        return result
    }

    /// The `<g>` groups whose class is `node` or starts with `node `.
    var nodeGroups: [XMLElement] {
        Self.descendants(of: root).filter { element in
            guard element.localName == "g", let className = Self.attribute("class", of: element) else { return false }
            return className == "node" || className.hasPrefix("node ")
        }
    }

    /// Returns the group whose `id` attribute is `id`.
    func group(id: String) -> XMLElement? {
        Self.descendants(of: root).first { $0.localName == "g" && Self.attribute("id", of: $0) == id }
    }

    /// The text of the `<title>` element directly under `<svg>`.
    var title: String? { rootChildText("title") }

    /// Returns the text of the first element named `name` directly under `<svg>`.
    func rootChildText(_ name: String) -> String? {
        root.children?.compactMap { $0 as? XMLElement }.first { $0.localName == name }?.stringValue
    }

    /// The `<g>` group whose class is `graph`, which holds the diagram's own label.
    var graphGroup: XMLElement? {
        Self.descendants(of: root).first { $0.localName == "g" && Self.attribute("class", of: $0) == "graph" }
    }

    /// Returns the text of each `<text>` element that is a direct child of `group`.
    static func directTextLines(of group: XMLElement) -> [String] {
        (group.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == "text" }.map { $0.stringValue ?? "" }
    }

    /// Returns the `xlink:href` of every `<a>` element under `element`, in document order.
    static func links(in element: XMLElement) -> [String] {
        descendants(of: element).filter { $0.localName == "a" }.compactMap { link in
            link.attributes?.first { $0.localName == "href" }?.stringValue
        }
    }

    /// Returns the text of each `<text>` element in `group`, one per label line.
    static func textLines(of group: XMLElement) -> [String] {
        descendants(of: group).filter { $0.localName == "text" }.map { $0.stringValue ?? "" }
    }
}

/// An `XMLParser` delegate that keeps every parse error.
private final class ParseErrorCollector: NSObject, XMLParserDelegate {
    var errors: [Error] = []

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        errors.append(parseError)
    }
}

/// Golden files: expected outputs kept in `Golden/` beside the test that compares them.
///
/// With `BRAMBLE_RECORD=1` in the environment, `verify` writes the actual output to the golden
/// file and records an issue, so a run that records always fails and cannot be left on by
/// accident.
enum Golden {
    static var isRecording: Bool {
        ProcessInfo.processInfo.environment["BRAMBLE_RECORD"] == "1"
    }

    /// Compares `actual` with the golden file `name`, or records it.
    static func verify(
        _ actual: String, name: String, filePath: String = #filePath, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name)
        if isRecording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(url.path); unset BRAMBLE_RECORD and run the tests again", sourceLocation: sourceLocation)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(url.path) is missing; run the tests with BRAMBLE_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        let matches = Data(actual.utf8) == data
        #expect(matches, "\(name) differs from the golden file \(difference(expected, actual)); if the change is intended, run the tests with BRAMBLE_RECORD=1 and review the diff", sourceLocation: sourceLocation)
    }

    /// Describes the first line where `expected` and `actual` differ.
    static func difference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let expectedLine = index < expectedLines.count ? expectedLines[index] : "<end of file>"
            let actualLine = index < actualLines.count ? actualLines[index] : "<end of file>"
            if expectedLine != actualLine {
                return "at line \(index + 1): expected \(expectedLine.debugDescription), got \(actualLine.debugDescription)"
            }
        }
        return "in its bytes"
    }
}
