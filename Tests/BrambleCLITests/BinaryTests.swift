import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// End-to-end runs of the built `bramble` executable on the example tree.
@Suite struct BinaryTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test func checkCleanExitsZero() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let result = try BinaryRunner.run(["check", path])

        #expect(result.status == 0)
        #expect(result.errorText == "0 errors and 0 warnings found\n")
        #expect(result.output.isEmpty)
    }

    @Test func checkInvalidExitsOne() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(invalidTreeSource, to: "invalid.bramble")

        let result = try BinaryRunner.run(["check", path])

        #expect(result.status == 1)
        #expect(result.errorText.contains("\(path):4:5: error: unknown attribute 'likelyhood'"))
    }

    @Test func unknownCommandExits64() throws {
        let result = try BinaryRunner.run(["chek"])

        #expect(result.status == 64)
        #expect(result.errorText.contains("did you mean 'check'?"))
    }

    @Test func versionPrinted() throws {
        let result = try BinaryRunner.run(["--version"])

        #expect(result.status == 0)
        #expect(result.outputText.hasPrefix("bramble "))
    }

    @Test func scoreTextShowsGoal() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let result = try BinaryRunner.run(["score", path])

        #expect(result.status == 0)
        #expect(result.outputText.hasPrefix("Compromise the container registry (version 1.0)\n"))
        #expect(result.outputText.contains("\nGoal 1: Compromise the container registry\n"))
    }

    @Test func renderSVGHasNodeGroups() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)
        let text = try RegistryTree.text()
        let nodeIDs = try RegistryTree.nodeIDs(in: text)
        let mitigations = RegistryTree.mitigationNames(in: text)

        let result = try BinaryRunner.run(["render", "--format", "svg", path])
        let groups = try SVGNodeGroups.read(result.output)
        let treeGroups = groups.filter { $0.className.hasPrefix("node step") || $0.className.hasPrefix("node gate ") }
        let mitigationGroups = groups.filter { $0.className.hasPrefix("node mitigation ") }

        #expect(result.status == 0)
        #expect(!nodeIDs.isEmpty)
        #expect(treeGroups.count == nodeIDs.count)
        #expect(treeGroups.map(\.id).sorted() == nodeIDs.map { "node-\($0)" }.sorted())
        #expect(mitigationGroups.count == mitigations.count)
        #expect(groups.filter { $0.className == "node legend" }.count == 1)
        #expect(groups.count == treeGroups.count + mitigationGroups.count + 1)
    }

    @Test func renderPNGToStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let result = try BinaryRunner.run(["render", "--format", "png", path])

        #expect(result.status == 0)
        #expect(result.output.count > 65_536)
        #expect(Array(result.output.prefix(8)) == Self.pngSignature)
        #expect(result.errorText.isEmpty)
    }

    @Test func renderPDFToFile() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)
        let output = directory.path("registry.pdf")

        let result = try BinaryRunner.run(["render", "-o", output, path])
        let pdf = try Data(contentsOf: URL(fileURLWithPath: output))

        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
    }

    @Test func reportMentionsEveryMitigation() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)
        let output = directory.path("plan.md")
        let names = RegistryTree.mitigationNames(in: try RegistryTree.text())

        let result = try BinaryRunner.run(["report", "-o", output, path])
        let markdown = try String(contentsOfFile: output, encoding: .utf8)

        #expect(result.status == 0)
        #expect(names.count == 26)
        #expect(markdown.hasPrefix("# Remediation plan: Compromise the container registry\n"))
        for name in names {
            #expect(markdown.contains(name), "the report does not mention mitigation \(name)")
        }
    }
}

/// The `<g>` elements of a Graphviz SVG whose class starts with `node`.
enum SVGNodeGroups {
    struct Group {
        let id: String
        let className: String
    }

    /// Checks that `data` is well-formed XML, then reads it with `XMLDocument` and returns the
    /// node groups in document order.
    ///
    /// `XMLDocument` on Linux parses in libxml2's recovery mode and accepts some malformed XML,
    /// so well-formedness is checked first with `XMLParser`, which reports every error.
    static func read(_ data: Data) throws -> [Group] {
        let parser = XMLParser(data: data)
        let errors = ParseErrorCollector()
        parser.delegate = errors
        let parsed = parser.parse()
        guard parsed, errors.errors.isEmpty, parser.parserError == nil else {
            throw BinaryRunnerError(description: "SVG is not well-formed XML: \(errors.errors.first.map { "\($0)" } ?? "unknown error")")
        }

        // External entities stay off, so the SVG DTD named in the DOCTYPE is never fetched.
        let document = try XMLDocument(data: data, options: [.nodeLoadExternalEntitiesNever])
        guard let root = document.rootElement(), root.localName == "svg" else {
            throw BinaryRunnerError(description: "the root element is not <svg>")
        }
        var groups: [Group] = []
        collect(root, into: &groups)
        return groups
    }

    /// Returns the value of the attribute `name`, read from the attribute list.
    /// `XMLElement.attribute(forName:)` in swift-corelibs-foundation looks an unprefixed name up
    /// in the element's default namespace, so it returns nil for every attribute of an SVG element.
    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    private static func collect(_ element: XMLElement, into groups: inout [Group]) {
        if element.localName == "g", let className = attribute("class", of: element),
           className == "node" || className.hasPrefix("node ")
        {
            groups.append(Group(id: attribute("id", of: element) ?? "", className: className))
        }
        for child in element.children ?? [] {
            if let child = child as? XMLElement { collect(child, into: &groups) }
        }
    }
}

/// An `XMLParser` delegate that keeps every parse error.
private final class ParseErrorCollector: NSObject, XMLParserDelegate {
    var errors: [Error] = []

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        errors.append(parseError)
    }
}
