#if canImport(FoundationXML)
import FoundationXML
#endif
import BrambleCLI
import Foundation
import Testing
import TestSupport

/// `output/` contains what `make demo` writes from `trees/`. These tests regenerate the text
/// outputs in a temporary folder and compare them byte for byte with the committed files, so a
/// change to the tree or to Bramble that changes an output must come with the regenerated file.
@Suite struct OutputUpToDateTests {
    static let root = SharedFixtures.packageRoot
    static let trees: [String] = {
        let folder = root.appendingPathComponent("trees")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".bramble") }.map { String($0.dropLast(".bramble".count)) }.sorted()
    }()

    /// Runs `bramble` in-process and returns the file it wrote.
    func generate(_ arguments: [String], file: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bramble-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent(file)
        let console = CapturingConsole()
        let status = CLI.run(arguments + ["-o", target.path], environment: [:], console: console)
        #expect(status == .success, "\(console.error)")
        return try Data(contentsOf: target)
    }

    func committed(_ tree: String, _ file: String) throws -> Data {
        let url = Self.root.appendingPathComponent("output/\(tree)/\(file)")
        return try #require(FileManager.default.contents(atPath: url.path),
                            "output/\(tree)/\(file) is missing; run 'make demo' and commit it")
    }

    @Test func treesExist() {
        #expect(Self.trees.contains("registry-storage"))
    }

    @Test(arguments: trees) func textOutputsCurrent(tree: String) throws {
        let source = Self.root.appendingPathComponent("trees/\(tree).bramble").path
        let cases: [([String], String)] = [
            (["score", source, "--format", "json"], "scores.json"),
            (["render", source, "--format", "dot"], "diagram.dot"),
            (["render", source, "--format", "mermaid"], "diagram.md"),
            (["report", source], "remediation-plan.md"),
            (["report", source, "--format", "json"], "remediation-plan.json"),
            (["report", source, "--format", "csv"], "remediation-plan.csv"),
        ]
        for (arguments, file) in cases {
            let fresh = try generate(arguments, file: file)
            let saved = try committed(tree, file)
            #expect(fresh == saved, "output/\(tree)/\(file) is out of date; run 'make demo' and commit it")
        }
    }

    /// The HTML plan embeds an SVG whose bytes depend on the Graphviz version and fonts, so it
    /// is compared without the SVG, and the SVG by the number of tree nodes it draws.
    @Test(arguments: trees) func htmlPlanCurrent(tree: String) throws {
        let source = Self.root.appendingPathComponent("trees/\(tree).bramble").path
        let fresh = String(decoding: try generate(["report", source, "--format", "html"], file: "plan.html"), as: UTF8.self)
        let saved = String(decoding: try committed(tree, "remediation-plan.html"), as: UTF8.self)

        #expect(Self.withoutSVG(fresh) == Self.withoutSVG(saved),
                "output/\(tree)/remediation-plan.html is out of date; run 'make demo' and commit it")
        #expect(Self.svgNodeCount(fresh) == Self.svgNodeCount(saved))
        #expect(Self.svgNodeCount(saved) > 0)
    }

    /// Returns the page with the inline `<svg>...</svg>` element left out.
    static func withoutSVG(_ html: String) -> String {
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return String(html[..<start.lowerBound]) + String(html[end.upperBound...])
    }

    /// Counts the tree nodes the inline SVG draws.
    static func svgNodeCount(_ html: String) -> Int {
        html.components(separatedBy: "class=\"node step\"").count - 1 + html.components(separatedBy: "class=\"node gate").count - 1
    }

    @Test(arguments: trees) func diagramsWellFormed(tree: String) throws {
        let png = try committed(tree, "diagram.png")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let pdf = try committed(tree, "diagram.pdf")
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let svg = try committed(tree, "diagram.svg")
        let document = try XMLDocument(data: svg)
        let groups = try document.nodes(forXPath: "//*[local-name()='g']")
        // On Linux, attribute(forName:) looks in the SVG default namespace and finds nothing,
        // so the attribute is read from the list.
        let classes = groups.compactMap { group in
            (group as? XMLElement)?.attributes?.first { $0.name == "class" }?.stringValue
        }
        let treeNodes = classes.filter { $0.hasPrefix("node step") || $0.hasPrefix("node gate") }
        let source = try String(contentsOf: Self.root.appendingPathComponent("trees/\(tree).bramble"), encoding: .utf8)
        let nodeLines = source.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true
        }
        #expect(treeNodes.count == nodeLines.count)
    }
}
