import BrambleGraphviz
import Foundation
import Testing

@Suite("SVG labels")
struct SVGLabelTests {
    @Test("Hostile label survives in SVG", arguments: hostileLabels)
    func hostileLabelInSVG(name: String, text: String) throws {
        let dot = "digraph { n [label=\(dotQuoted(text))] }"

        let svg = try Graphviz.render(dot: dot, format: .svg)
        let summary = try SVGSummary.parse(svg)

        #expect(summary.nodes.count == 1)
        // Graphviz writes one <text> element per line of a label.
        #expect(summary.nodes.first?.texts == text.components(separatedBy: "\n"))
    }

    @Test("Escape sequences render as Graphviz defines them")
    func escapeSequencesRender() throws {
        // \\ is a backslash, \n ends a line, \N is the node name, and \q drops the backslash.
        let dot = #"digraph { node1 [label="a\\b\nname=\N\nq\q"] }"#

        let summary = try SVGSummary.parse(try Graphviz.render(dot: dot, format: .svg))

        #expect(summary.nodes.first?.texts == [#"a\b"#, "name=node1", "qq"])
    }

    @Test("HTML-like label renders decoded")
    func htmlLabelRenders() throws {
        let dot = "digraph { a [label=<<b>Tom &amp; Jerry</b> &lt;x&gt;>] }"

        let summary = try SVGSummary.parse(try Graphviz.render(dot: dot, format: .svg))

        #expect(summary.nodes.first?.texts == ["Tom & Jerry", " <x>"])
    }

    @Test("Entity in a plain label passes through")
    func entityInPlainLabel() throws {
        // Graphviz 2.42's SVG writer leaves a character sequence that already looks like an XML
        // entity unescaped, so the plain label "x &amp; y" displays as "x & y".
        let dot = #"digraph { a [label="x &amp; y"] }"#

        let summary = try SVGSummary.parse(try Graphviz.render(dot: dot, format: .svg))

        #expect(summary.nodes.first?.texts == ["x & y"])
    }

    @Test("Double space renders as a no-break space")
    func doubleSpaceInLabel() throws {
        // The SVG writer turns the second of two spaces into &#160;.
        let dot = #"digraph { a [label="x  y"] }"#

        let summary = try SVGSummary.parse(try Graphviz.render(dot: dot, format: .svg))

        #expect(summary.nodes.first?.texts == ["x \u{00A0}y"])
    }
}
