import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation
import Testing

/// A tree with every gate kind, a shared step, costs on every step, and one step that an
/// implemented mitigation blocks.
let gateKindsTreeSource = """
    tree "Gate kinds"
    1 or "Take over the build server"
      impact low
      1.1 sand "Chain an exploit"
        1.1.1 "Find the exposed port"
          likelihood likely
          cost 100 EUR
        1.1.2 "Send the exploit"
          likelihood possible
          cost 2000 EUR
      1.2 2 of 3 "Collect two of three keys"
        1.2.1 "Key from the laptop"
          likelihood unlikely
          cost 50 EUR
        1.2.2 "Key from the backup"
          likelihood unlikely
          cost 60 EUR
          mitigated-by encrypted-backups
        use 1.3.1
      1.3 and "Bribe and walk in"
        1.3.1 "Bribe the night guard"
          likelihood rare
          cost 10 EUR
        1.3.2 "Walk into the server room"
          likelihood certain
          cost 5 EUR

    mitigation encrypted-backups "Encrypt every backup"
      status implemented
      effectiveness blocks
    """

@Suite struct DiagramTests {
    static func graph(_ source: String = gateKindsTreeSource, _ configure: (inout DiagramOptions) -> Void = { _ in }) throws -> ParsedGraph {
        var options = DiagramOptions()
        configure(&options)
        return try Graphviz.parse(dot: DOTWriter(options: options).write(try analyze(source)))
    }

    static func classes(_ graph: ParsedGraph, _ name: String) -> [String] {
        (graph.node(named: name)?.attributes["class"] ?? "").split(separator: " ").map(String.init)
    }

    @Test func mostLikelyAttackHighlighted() throws {
        // 1.1 needs 80% and 50% (40%); 1.2 needs two of 20%, blocked and 5%; 1.3 needs 5% and 95%.
        let graph = try Self.graph()
        let highlighted = graph.nodes.filter { $0.attributes["class"]?.contains("attack-path") == true }.map(\.name)
        let highlightedEdges = graph.edges.filter { $0.attributes["class"] == "attack-path" }.map { "\($0.tail)->\($0.head)" }

        #expect(highlighted == ["node-1", "node-1.1", "node-1.1.1", "node-1.1.2"])
        #expect(highlightedEdges == ["node-1->node-1.1", "node-1.1->node-1.1.1", "node-1.1->node-1.1.2"])
        #expect(graph.node(named: "legend")?.attributes["label"]?.contains("Most likely attack: 2 steps, P 40%") == true)
    }

    @Test func cheapestAttackHighlighted() throws {
        // 1.3 costs 15 EUR, 1.2 costs 60 EUR (laptop and guard; the backup is blocked), 1.1 2100 EUR.
        let graph = try Self.graph { $0.highlight = .cheapest }
        let highlighted = graph.nodes.filter { $0.attributes["class"]?.contains("attack-path") == true }.map(\.name)

        #expect(highlighted == ["node-1", "node-1.3", "node-1.3.1", "node-1.3.2"])
        #expect(graph.node(named: "legend")?.attributes["label"]?.contains("Cheapest attack: 2 steps, cost 15 EUR") == true)
    }

    @Test func cheapestWithoutCostsWarns() throws {
        var options = DiagramOptions()
        options.highlight = .cheapest

        let rendered = DOTWriter(options: options).render(try analyze(hostileTreeSource("No costs")))

        #expect(!rendered.text.contains("attack-path"))
        #expect(rendered.warnings == ["no cheapest attack is highlighted: no attack set of node 1 has a cost on every step"])
    }

    @Test func highlightNoneDrawsNoPath() throws {
        let graph = try Self.graph { $0.highlight = .none }

        #expect(graph.nodes.allSatisfy { $0.attributes["class"]?.contains("attack-path") != true })
        #expect(graph.edges.allSatisfy { $0.attributes["class"] != "attack-path" })
    }

    @Test func highlightFollowsView() throws {
        // In the residual view four-eyes is not applied, so bribing (50%) is the likeliest;
        // 1.1 is blocked by the pinned host key in every view but the inherent one.
        let residual = try Self.graph(payrollTreeSource)
        let inherent = try Self.graph(payrollTreeSource) { $0.view = .inherent }

        #expect(Self.classes(residual, "node-1.2").contains("attack-path"))
        #expect(Self.classes(inherent, "node-1.2").contains("attack-path"))
        #expect(!Self.classes(residual, "node-1.1.1").contains("attack-path"))
    }

    @Test func gateKindsDrawnDistinctly() throws {
        let graph = try Self.graph()
        let sand = try #require(graph.node(named: "node-1.1"))
        let kOfN = try #require(graph.node(named: "node-1.2"))
        let and = try #require(graph.node(named: "node-1.3"))
        let or = try #require(graph.node(named: "node-1"))
        let step = try #require(graph.node(named: "node-1.3.1"))

        #expect(sand.attributes["peripheries"] == "2")
        #expect(and.attributes["peripheries"] == "2")
        #expect(kOfN.attributes["style"]?.contains("diagonals") == true)
        #expect(or.attributes["style"] == "filled")
        #expect(step.attributes["style"] == "rounded,filled")
        #expect(sand.attributes["label"]?.contains("<b>SAND  1.1</b>") == true)
        #expect(kOfN.attributes["label"]?.contains("<b>2 OF 3  1.2</b>") == true)
    }

    @Test func sandEdgesNumberedInOrder() throws {
        let graph = try Self.graph()
        let sandEdges = graph.edges.filter { $0.tail == "node-1.1" }

        #expect(sandEdges.map(\.head) == ["node-1.1.1", "node-1.1.2"])
        #expect(sandEdges.map { $0.attributes["label"] } == ["1", "2"])
        #expect(sandEdges.allSatisfy { $0.attributes["arrowhead"] == "normal" })
    }

    @Test func sharedStepDrawnOnce() throws {
        let graph = try Self.graph()

        #expect(graph.nodes.filter { $0.name == "node-1.3.1" }.count == 1)
        #expect(graph.edges.filter { $0.head == "node-1.3.1" }.map(\.tail) == ["node-1.2", "node-1.3"])
    }

    @Test func blockedStepMarked() throws {
        let graph = try Self.graph()
        let blocked = try #require(graph.node(named: "node-1.2.2"))
        let blockEdge = try #require(graph.edges.first { $0.head == "mitigation-encrypted-backups" })

        #expect(Self.classes(graph, "node-1.2.2").contains("blocked"))
        #expect(blocked.attributes["label"]?.contains("BLOCKED") == true)
        #expect(blocked.attributes["style"]?.contains("dashed") == true)
        #expect(blockEdge.attributes["class"] == "blocks")
        #expect(blockEdge.attributes["label"] == "blocks")
    }

    @Test func blockedOnlyInViewsThatApply() throws {
        let graph = try Self.graph { $0.view = .inherent }

        #expect(!Self.classes(graph, "node-1.2.2").contains("blocked"))
        #expect(graph.edges.first { $0.head == "mitigation-encrypted-backups" }?.attributes["class"] == nil)
    }

    @Test func mitigationStyledByStatus() throws {
        let graph = try Self.graph(payrollTreeSource)

        #expect(graph.node(named: "mitigation-host-keys")?.attributes["style"] == "filled")
        #expect(graph.node(named: "mitigation-four-eyes")?.attributes["style"] == "filled,dashed")
        #expect(graph.node(named: "mitigation-insurance")?.attributes["style"] == "filled,dotted")
        #expect(graph.edges.first { $0.head == "mitigation-four-eyes" }?.attributes["style"] == "dashed")
        #expect(graph.edges.first { $0.head == "mitigation-insurance" }?.attributes["style"] == "dotted")
    }

    @Test func legendListsDrawnKinds() throws {
        let legend = try #require(try Self.graph().node(named: "legend")?.attributes["label"])
        let payrollLegend = try #require(try Self.graph(payrollTreeSource).node(named: "legend")?.attributes["label"])

        for kind in ["<b>OR</b>", "<b>AND</b>", "<b>SAND</b>", "<b>K OF N</b>", "BLOCKED", "implemented"] {
            #expect(legend.contains(kind), "legend lacks \(kind)")
        }
        #expect(!payrollLegend.contains("<b>SAND</b>"))
        #expect(payrollLegend.contains("transferred"))
        for band in ["low", "medium", "high", "critical"] {
            #expect(legend.contains(">\(band)</font>"), "legend lacks band \(band)")
        }
    }

    @Test func rootDrawsSubtree() throws {
        let graph = try Self.graph { $0.root = NodeID([1, 2]) }
        let treeNodes = graph.nodes.map(\.name).filter { $0.hasPrefix("node-") }

        #expect(treeNodes == ["node-1.2", "node-1.2.1", "node-1.2.2", "node-1.3.1"])
        #expect(graph.attributes["label"]?.contains("subtree 1.2") == true)
        #expect(graph.node(named: "mitigation-encrypted-backups") != nil)
    }

    @Test func depthCollapsesDeeperLevels() throws {
        let graph = try Self.graph { $0.depth = 1 }
        let treeNodes = graph.nodes.map(\.name).filter { $0.hasPrefix("node-") }
        let collapsed = graph.nodes.filter { $0.name.hasPrefix("more-") }

        #expect(treeNodes == ["node-1", "node-1.1", "node-1.2", "node-1.3"])
        #expect(collapsed.map(\.name) == ["more-1.1", "more-1.2", "more-1.3"])
        #expect(collapsed.map { $0.attributes["label"] } == ["+2 more", "+3 more", "+2 more"])
        #expect(graph.edges.filter { $0.head.hasPrefix("more-") }.map(\.tail) == ["node-1.1", "node-1.2", "node-1.3"])
        #expect(graph.node(named: "mitigation-encrypted-backups") == nil)
    }

    @Test func depthZeroDrawsRootOnly() throws {
        let graph = try Self.graph { $0.depth = 0 }

        #expect(graph.nodes.map(\.name).filter { $0.hasPrefix("node-") } == ["node-1"])
        #expect(graph.node(named: "more-1")?.attributes["label"] == "+9 more")
    }

    @Test func highlightContinuesIntoCollapsed() throws {
        let graph = try Self.graph { $0.depth = 1 }
        let edge = try #require(graph.edges.first { $0.head == "more-1.1" })

        #expect(edge.attributes["class"] == "attack-path")
        #expect(graph.edges.first { $0.head == "more-1.2" }?.attributes["class"] == nil)
    }

    @Test("Themes", arguments: DiagramOptions.Theme.allCases)
    func themeColours(theme: DiagramOptions.Theme) throws {
        let graph = try Self.graph { $0.theme = theme }
        let fills = Set(graph.nodes.compactMap { $0.attributes["fillcolor"] })

        switch theme {
        case .light: #expect(graph.attributes["bgcolor"] == "#ffffff")
        case .dark: #expect(graph.attributes["bgcolor"] == "#1e1e1e")
        case .print:
            // Greys only: red, green and blue equal in every fill.
            for fill in fills {
                let digits = Array(fill.dropFirst())
                #expect(digits[0...1] == digits[2...3], "\(fill) is not a grey")
                #expect(digits[2...3] == digits[4...5], "\(fill) is not a grey")
            }
        }
        #expect(try Graphviz.renderCapturingWarnings(dot: DOTWriter(options: { var o = DiagramOptions(); o.theme = theme; return o }()).write(try analyze(gateKindsTreeSource)), format: .svg).warnings.isEmpty)
    }

    @Test func referenceLinksInSVG() throws {
        let source = """
            1 or "Goal"
              impact high
              1.1 "Step"
                likelihood rare
                ref CWE-732, https://example.com/advisory?id=1&lang=en
              1.2 "Other"
                likelihood rare
            """
        let svg = try Graphviz.render(dot: DOTWriter().write(try analyze(source)), format: .svg)
        let document = try SVGDocument(svg)
        let step = try #require(document.group(id: "node-1.1"))
        let links = SVGDocument.links(in: step)

        #expect(links == ["https://cwe.mitre.org/data/definitions/732.html", "https://example.com/advisory?id=1&lang=en"])
        #expect(SVGDocument.textLines(of: step).contains("example.com"))
    }

    @Test func svgMetadataHasTitleAndVersion() throws {
        let analysis = try analyze(payrollTreeSource)
        let drawn = try Graphviz.render(dot: DOTWriter().write(analysis), format: .svg)

        let document = try SVGDocument(Data(SVGMetadata.insert(into: [UInt8](drawn), tree: analysis.tree, view: .projected)))
        let description = document.rootChildText("desc")

        #expect(document.title == "Payroll export")
        #expect(description == "version 2.1 · projected risk · attack tree drawn by Bramble")
    }

    @Test func greedyAndExactAgree() throws {
        // A tree of 60 two-step `and` gates under an `or` has 60 sets; a tree whose bound passes
        // the enumeration limit is searched greedily. Without shared nodes both must pick the
        // same set.
        func source(pairs: Int) -> String {
            var text = "1 or \"Goal\"\n  impact low\n"
            for pair in 1...pairs {
                let likelihood = Double(pair % 17 + 1) / 20
                text += "  1.\(pair) and \"Pair \(pair)\"\n"
                text += "    1.\(pair).1 \"First\"\n      likelihood \(likelihood)\n"
                text += "    1.\(pair).2 \"Second\"\n      likelihood 0.9\n"
            }
            return text
        }
        let small = try Self.graph(source(pairs: 60))
        // 3 of 60 over the same pairs: a bound of 60^3 sets, past the enumeration limit.
        let large = try Self.graph(source(pairs: 60).replacingOccurrences(of: "1 or \"Goal\"", with: "1 3 of 60 \"Goal\""))

        let smallPath = small.nodes.filter { $0.attributes["class"]?.contains("attack-path") == true }.map(\.name)
        let largePath = large.nodes.filter { $0.attributes["class"]?.contains("attack-path") == true }.map(\.name)

        #expect(smallPath == ["node-1", "node-1.16", "node-1.16.1", "node-1.16.2"])
        #expect(largePath == ["node-1", "node-1.16", "node-1.16.1", "node-1.16.2", "node-1.33", "node-1.33.1", "node-1.33.2", "node-1.50", "node-1.50.1", "node-1.50.2"])
    }
}

@Suite struct MermaidWriterTests {
    @Test func idsNeverUserText() throws {
        let source = """
            tree "end"
            1 or "end"
              impact high
              1.1 "graph"
                likelihood rare
                mitigated-by end
              1.2 "subgraph end"
                likelihood rare

            mitigation end "end"
              status planned
              effectiveness 50%
            """
        let text = MermaidWriter().write(try analyze(source))
        let diagram = try MermaidDiagram(text)

        #expect(diagram.nodes.map(\.id).filter { !$0.hasPrefix("k") } == ["n0", "n1", "n2", "m0"])
        #expect(diagram.node("n0")?.label == "OR  1\nend\nP 9.75% · low")
        #expect(diagram.node("m0")?.label == "end\nplanned · 50%")
        #expect(text.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == "end" }.count == 1)
    }

    @Test func shapesAndLinksMatchKinds() throws {
        let diagram = try MermaidDiagram(MermaidWriter().write(try analyze(gateKindsTreeSource)))

        #expect(diagram.node("n0")?.shape == "[")
        #expect(diagram.node("n1")?.shape == "[[")
        #expect(diagram.node("n4")?.shape == "[/")
        #expect(diagram.node("n2")?.shape == "(")
        #expect(diagram.node("m0")?.shape == "{{")
        #expect(diagram.links.filter { $0.from == "n1" }.map(\.arrow) == [#"-->|"1"|"#, #"-->|"2"|"#])
        #expect(diagram.links.contains { $0.from == "m0" && $0.arrow == #"--x|"blocks"|"# && $0.to == "n6" })
        #expect(diagram.classes["blocked"] == ["n6"])
        #expect(diagram.classes["attackPath"] == ["k10", "n0", "n1", "n2", "n3"])
    }

    @Test func sharedStepDefinedOnce() throws {
        let diagram = try MermaidDiagram(MermaidWriter().write(try analyze(gateKindsTreeSource)))

        #expect(diagram.nodes.filter { $0.label.hasPrefix("1.3.1\n") }.count == 1)
        #expect(diagram.links.filter { $0.to == "n8" && !$0.from.hasPrefix("m") }.map(\.from) == ["n4", "n7"])
    }

    @Test func sameInputSameText() throws {
        let first = MermaidWriter().write(try analyze(payrollTreeSource))
        let second = MermaidWriter().write(try analyze(payrollTreeSource))

        #expect(first == second)
    }

    @Test func directionAndThemeOptions() throws {
        var options = DiagramOptions()
        options.direction = "TB"
        options.theme = .dark

        let text = MermaidWriter(options: options).write(try analyze(payrollTreeSource))

        #expect(text.hasPrefix("%%{init: {\"theme\": \"dark\"}}%%\nflowchart TB\n"))
        #expect(try MermaidDiagram(text).direction == "TB")
    }

    @Test func smallDiagramHasNoWarnings() throws {
        let diagram = MermaidWriter().render(try analyze(payrollTreeSource))

        #expect(diagram.warnings.isEmpty)
        #expect(diagram.edgeCount == (try MermaidDiagram(diagram.text)).links.count)
    }

    @Test func tooManyLinksWarns() throws {
        var source = "1 or \"Goal\"\n  impact high\n"
        for number in 1...520 { source += "  1.\(number) \"Step \(number)\"\n    likelihood rare\n" }

        let diagram = MermaidWriter().render(try analyze(source))

        #expect(diagram.edgeCount == 520)
        #expect(diagram.warnings.count == 1)
        #expect(diagram.warnings.first?.contains("520 links, more than the 500") == true)
        #expect(diagram.warnings.first?.contains("--root ID") == true)
        #expect(diagram.warnings.first?.contains("--depth N") == true)
    }

    @Test func longTextWarns() throws {
        let title = String(repeating: "a", count: 400)
        var source = "1 or \"Goal\"\n  impact high\n"
        for number in 1...150 { source += "  1.\(number) \"\(title)\"\n    likelihood rare\n" }

        let diagram = MermaidWriter().render(try analyze(source))

        #expect(diagram.text.utf16.count > MermaidWriter.maxTextSize)
        #expect(diagram.warnings.count == 1)
        #expect(diagram.warnings.first?.contains("more than the 50000 that Mermaid accepts") == true)
    }

    @Test func depthKeepsLargeTreeInLimits() throws {
        var source = "1 or \"Goal\"\n  impact high\n"
        for number in 1...30 {
            source += "  1.\(number) or \"Branch \(number)\"\n"
            for leaf in 1...20 { source += "    1.\(number).\(leaf) \"Leaf\"\n      likelihood rare\n" }
        }
        var options = DiagramOptions()
        options.depth = 1

        let full = MermaidWriter().render(try analyze(source))
        let shallow = MermaidWriter(options: options).render(try analyze(source))

        #expect(!full.warnings.isEmpty)
        #expect(shallow.warnings.isEmpty)
        #expect(try MermaidDiagram(shallow.text).nodes.filter { $0.shape == "([" }.count == 30)
    }

    @Test func markdownBlockFencesText() {
        #expect(MermaidWriter.markdownBlock("flowchart LR\n") == "```mermaid\nflowchart LR\n```\n")
    }
}

@Suite struct DiagramDepthTests {
    /// Returns a checked tree whose levels below the goal hold `widths[0]` gates, each with
    /// `widths[1]` children, and so on, with steps on the last level.
    static func tree(widths: [Int]) throws -> AttackTree {
        var text = "1 or \"Goal\"\n  impact high\n"
        func add(_ id: String, level: Int, indent: String) {
            guard level < widths.count else { return }
            for number in 1...widths[level] {
                let child = "\(id).\(number)"
                let isStep = level == widths.count - 1
                text += "\(indent)\(child)\(isStep ? "" : " or") \"Node \(child)\"\n"
                if isStep { text += "\(indent)  likelihood 0.5\n" }
                add(child, level: level + 1, indent: indent + "  ")
            }
        }
        add("1", level: 0, indent: "  ")
        let (tree, diagnostics) = Checker.check(SourceFile(path: "t.bramble", text: text))
        return try #require(tree, "\(diagnostics.items.map(\.message))")
    }

    @Test func wholeTreeFits() throws {
        // 1 + 3 + 9 = 13 nodes.
        #expect(DiagramOptions.depth(fitting: 13, in: try Self.tree(widths: [3, 3])) == nil)
    }

    @Test func deepestLevelThatFits() throws {
        // Levels of 1, 3, 9 and 27 nodes: 13 fit within 13 and within 39, 40 do not fit in 39.
        let tree = try Self.tree(widths: [3, 3, 3])
        #expect(DiagramOptions.depth(fitting: 13, in: tree) == 2)
        #expect(DiagramOptions.depth(fitting: 39, in: tree) == 2)
        #expect(DiagramOptions.depth(fitting: 12, in: tree) == 1)
        #expect(DiagramOptions.depth(fitting: 40, in: tree) == nil)
    }

    @Test func goalAloneWhenItsChildrenDoNotFit() throws {
        #expect(DiagramOptions.depth(fitting: 3, in: try Self.tree(widths: [5])) == 0)
    }
}
