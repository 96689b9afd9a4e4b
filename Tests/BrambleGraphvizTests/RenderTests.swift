import BrambleGraphviz
import Foundation
import Testing

/// A three-node graph that every layout engine can draw.
let smallGraph = """
    digraph attack {
        root [label="Steal data", shape=box]
        phish [label="Phish an admin"]
        exploit [label="Exploit the VPN"]
        root -> phish
        root -> exploit
    }
    """

let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Suite("Rendering")
struct RenderTests {
    @Test("SVG has one node group per node")
    func svgNodeGroups() throws {
        let svg = try Graphviz.render(dot: smallGraph, format: .svg)
        let summary = try SVGSummary.parse(svg)

        #expect(summary.nodes.count == 3)
        #expect(summary.edges.count == 2)
        #expect(summary.nodes.map(\.title) == ["root", "phish", "exploit"])
        #expect(summary.nodes.map(\.texts) == [["Steal data"], ["Phish an admin"], ["Exploit the VPN"]])
    }

    @Test("PNG starts with the PNG signature")
    func pngSignatureBytes() throws {
        let png = try Graphviz.render(dot: smallGraph, format: .png)

        #expect(png.count > pngSignature.count)
        #expect(Array(png.prefix(pngSignature.count)) == pngSignature)
    }

    @Test("PDF starts with %PDF")
    func pdfHeader() throws {
        let pdf = try Graphviz.render(dot: smallGraph, format: .pdf)

        #expect(pdf.count > 4)
        #expect(String(decoding: pdf.prefix(4), as: UTF8.self) == "%PDF")
    }

    @Test func pdfHasNoCreationDate() throws {
        let pdf = try Graphviz.render(dot: smallGraph, format: .pdf)
        let text = String(decoding: pdf, as: UTF8.self)

        #expect(!text.contains("/CreationDate"))
        #expect(text.contains("/Producer"))
        #expect(text.hasSuffix("%%EOF\n"))
    }

    @Test func creationDateBlankingKeepsLength() throws {
        let pdf = Data("1 0 obj << /Producer (cairo) /CreationDate (D:20261205005456Z) >> endobj".utf8)
        let blanked = Graphviz.withoutCreationDate(pdf)

        #expect(blanked.count == pdf.count)
        let spaces = String(repeating: " ", count: "/CreationDate (D:20261205005456Z)".utf8.count)
        #expect(String(decoding: blanked, as: UTF8.self) == "1 0 obj << /Producer (cairo) \(spaces) >> endobj")
    }

    @Test("Other layout engines render", arguments: ["neato", "fdp", "circo", "twopi"])
    func otherEngines(engine: String) throws {
        let svg = try Graphviz.render(dot: smallGraph, format: .svg, layout: engine)
        let summary = try SVGSummary.parse(svg)

        #expect(summary.nodes.count == 3)
    }

    @Test("Clean graph has no warnings")
    func cleanGraphWarnings() throws {
        let rendering = try Graphviz.renderCapturingWarnings(dot: smallGraph, format: .svg)

        #expect(rendering.warnings.isEmpty)
        #expect(!rendering.data.isEmpty)
    }

    @Test("Unknown shape is reported as a warning")
    func unknownShapeWarning() throws {
        let rendering = try Graphviz.renderCapturingWarnings(
            dot: "digraph { a [shape=hexagonal_prism] }",
            format: .svg
        )

        #expect(rendering.warnings == ["using box for unknown shape hexagonal_prism"])
        #expect(try SVGSummary.parse(rendering.data).nodes.count == 1)
    }

    @Test("Unknown color is reported as a render warning")
    func unknownColorWarning() throws {
        let rendering = try Graphviz.renderCapturingWarnings(
            dot: "digraph { a [color=nosuchcolor] }",
            format: .svg
        )

        #expect(rendering.warnings == ["nosuchcolor is not a known color."])
    }

    @Test("Library version is 2.x")
    func libraryVersion() throws {
        let version = try Graphviz.libraryVersion()

        #expect(version.hasPrefix("2."))
    }

    @Test("Format raw values match dot -T names")
    func formatNames() {
        #expect(GraphvizFormat.allCases.map(\.rawValue) == ["svg", "png", "pdf"])
    }
}
