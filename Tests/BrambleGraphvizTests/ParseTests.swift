import BrambleGraphviz
import Testing
import TestSupport

@Suite("Parsing")
struct ParseTests {
    @Test("Graph, nodes, edges and attributes read back")
    func structureReadsBack() throws {
        let dot = """
            strict digraph G {
                rankdir=LR
                node [shape=box]
                a [label="A", tooltip="The root", URL="https://example.com/?a=1&b=2"]
                b
                a -> b [label="first"]
                c -> a
                b -> c
            }
            """

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.name == "G")
        #expect(graph.isDirected)
        #expect(graph.isStrict)
        #expect(graph.attributes["rankdir"] == "LR")
        #expect(graph.nodes.map(\.name) == ["a", "b", "c"])
        #expect(graph.nodes.allSatisfy { $0.attributes["shape"] == "box" })

        let root = try #require(graph.node(named: "a"))
        #expect(root.attributes["label"] == "A")
        #expect(root.attributes["tooltip"] == "The root")
        #expect(root.attributes["URL"] == "https://example.com/?a=1&b=2")
        // gvContext() declares the node label attribute with the default \N, the node name.
        #expect(graph.node(named: "b")?.attributes["label"] == #"\N"#)

        // Declaration order, although agfstout lists a's and b's edges before c's.
        #expect(graph.edges.map(\.tail) == ["a", "c", "b"])
        #expect(graph.edges.map(\.head) == ["b", "a", "c"])
        #expect(graph.edgePairs.map { "\($0.tail)->\($0.head)" } == ["a->b", "c->a", "b->c"])
        #expect(graph.edges[0].attributes["label"] == "first")
        #expect(graph.edges[1].attributes["label"] == nil)
    }

    @Test("Undirected and anonymous graph")
    func undirectedAnonymousGraph() throws {
        let graph = try Graphviz.parse(dot: "graph { x -- y }")

        #expect(!graph.isDirected)
        #expect(!graph.isStrict)
        #expect(graph.name.hasPrefix("%"))
        #expect(graph.edges == [ParsedEdge(tail: "x", head: "y", attributes: ParsedAttributes())])
    }

    @Test("Nodes in subgraphs belong to the graph")
    func subgraphNodes() throws {
        let dot = """
            digraph { subgraph cluster_left { label="Left"; l1 -> l2 } r1; l2 -> r1 }
            """

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.nodes.map(\.name) == ["l1", "l2", "r1"])
        #expect(graph.edgePairs.map { "\($0.tail)->\($0.head)" } == ["l1->l2", "l2->r1"])
        #expect(graph.attributes["label"] == nil)
        #expect(graph.node(named: "l1")?.attributes["label"] == #"\N"#)
    }

    @Test("Hostile label reads back", arguments: hostileLabels)
    func hostileLabelReadsBack(name: String, text: String) throws {
        let dot = "digraph { n [label=\(dotQuoted(text)), tooltip=\(dotQuoted(text))] }"

        let graph = try Graphviz.parse(dot: dot)

        let node = try #require(graph.node(named: "n"))
        #expect(node.attributes["label"] == cgraphValue(text))
        #expect(node.attributes["tooltip"] == cgraphValue(text))
        #expect(!node.attributes.isHTML("label"))
    }

    @Test("All hostile labels read back from one graph")
    func hostileLabelsInOneGraph() throws {
        var dot = "digraph {\n"
        for (index, label) in hostileLabels.enumerated() {
            dot += "  n\(index) [label=\(dotQuoted(label.text))]\n"
        }
        dot += "}\n"

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.nodes.count == hostileLabels.count)
        for (index, label) in hostileLabels.enumerated() {
            #expect(graph.node(named: "n\(index)")?.attributes["label"] == cgraphValue(label.text), "\(label.name)")
        }
    }

    @Test("Line continuation is removed")
    func lineContinuation() throws {
        // A backslash before a newline joins the lines, unless the backslash is escaped itself.
        let graph = try Graphviz.parse(dot: "digraph { a [label=\"ab\\\ncd\"]; b [label=\"x\\\\\ny\"] }")

        #expect(graph.node(named: "a")?.attributes["label"] == "abcd")
        #expect(graph.node(named: "b")?.attributes["label"] == "x\\\\\ny")
    }

    @Test("Escapes are kept as written")
    func escapesKeptAsWritten() throws {
        // cgraph removes only the backslash of \" and keeps \\, \n and \l as written.
        let graph = try Graphviz.parse(dot: #"digraph { a [label="q\"x\\y\nz\lw"] }"#)

        #expect(graph.node(named: "a")?.attributes["label"] == #"q"x\\y\nz\lw"#)
    }

    @Test("Hostile node IDs read back")
    func hostileNodeIDs() throws {
        let first = #"node "one" \ end"#
        let second = "ノード 🔒 <x>"
        let dot = "digraph { \(dotQuoted(first)) -> \(dotQuoted(second)) }"

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.nodes.map(\.name) == [cgraphValue(first), second])
        #expect(graph.edges.first?.tail == cgraphValue(first))
    }

    @Test("HTML-like label reads back undecoded")
    func htmlLabel() throws {
        let html = "<b>Tom &amp; Jerry</b> &lt;x&gt; &#x263A; &quot;q&quot;"
        let dot = "digraph { a [label=<\(html)>]; b [label=\"<b>plain</b>\"] }"

        let graph = try Graphviz.parse(dot: dot)

        let htmlNode = try #require(graph.node(named: "a"))
        #expect(htmlNode.attributes["label"] == html)
        #expect(htmlNode.attributes.isHTML("label"))
        let plainNode = try #require(graph.node(named: "b"))
        #expect(plainNode.attributes["label"] == "<b>plain</b>")
        #expect(!plainNode.attributes.isHTML("label"))
    }

    @Test("Text after the first graph is ignored")
    func textAfterFirstGraph() throws {
        let first = try Graphviz.parse(dot: "digraph A { a } digraph B { b }")
        // Without a scanner flush, cgraph 2.42 would read the leftover "digraph B" here.
        let second = try Graphviz.parse(dot: "digraph C { c }")
        let third = try Graphviz.parse(dot: "digraph D { d } trailing words")
        let fourth = try Graphviz.parse(dot: "digraph E { e }")

        #expect(first.name == "A")
        #expect(second.name == "C")
        #expect(third.name == "D")
        #expect(fourth.name == "E")
    }
}
