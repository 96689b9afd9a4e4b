import BrambleCore

/// Writes an attack tree as a Mermaid flowchart, the diagram language that GitHub draws from a
/// ```` ```mermaid ```` block in Markdown.
///
/// Node ids are generated (`n0`, `n1`, ... for tree nodes by index, `m0`, ... for mitigations,
/// `c0`, ... for collapsed subtrees, `k0`, ... for the legend) and never contain user text, so
/// a title such as `end` cannot break the syntax. Every label is quoted and encoded with
/// `Escaping.mermaidLabel`. The output is deterministic, in the same order as `DOTWriter`.
public struct MermaidWriter: Sendable {
    /// A diagram with its size, measured as Mermaid counts it.
    public struct Diagram: Sendable {
        public let text: String
        /// The number of links, the figure Mermaid compares with `maxEdges`.
        public let edgeCount: Int
        /// One sentence per default limit of Mermaid that the diagram passes, with the fix.
        public let warnings: [String]
    }

    /// Mermaid's default `maxEdges`: a flowchart with more links is not drawn.
    public static let maxEdges = 500
    /// Mermaid's default `maxTextSize`, in UTF-16 code units: a longer diagram is not drawn.
    public static let maxTextSize = 50_000

    public let options: DiagramOptions

    public init(options: DiagramOptions = DiagramOptions()) {
        self.options = options
    }

    /// Returns the Mermaid text of the diagram.
    public func write(_ analysis: Analysis) -> String {
        render(analysis).text
    }

    /// Returns the Mermaid text with its size and the warnings for Mermaid's default limits.
    public func render(_ analysis: Analysis) -> Diagram {
        let content = DiagramContent(analysis, options: options)
        var builder = Builder(content: content)
        builder.build()
        let text = builder.lines.joined(separator: "\n") + "\n"
        var warnings = content.highlightWarning.map { [$0] } ?? []
        let fix = "draw a subtree with --root ID or fewer levels with --depth N"
        if builder.edgeCount > Self.maxEdges {
            warnings.append("the Mermaid diagram has \(builder.edgeCount) links, more than the \(Self.maxEdges) that Mermaid draws by default, so GitHub will show an error instead; \(fix)")
        }
        let size = text.utf16.count
        if size > Self.maxTextSize {
            warnings.append("the Mermaid diagram is \(size) characters long, more than the \(Self.maxTextSize) that Mermaid accepts by default, so GitHub will show an error instead; \(fix)")
        }
        return Diagram(text: text, edgeCount: builder.edgeCount, warnings: warnings)
    }

    /// Returns `text` inside a fenced ```` ```mermaid ```` block for a Markdown document.
    public static func markdownBlock(_ text: String) -> String {
        "```mermaid\n" + text + "```\n"
    }
}

/// Collects the lines of one Mermaid diagram and numbers its links for `linkStyle`.
private struct Builder {
    let content: DiagramContent
    let palette: DiagramPalette
    var lines: [String] = []
    var edgeCount = 0
    /// Link numbers by style, written as `linkStyle` lines at the end.
    var linkStyles: [(links: [Int], style: String)] = []
    /// Node ids by class name, written as `class` lines at the end.
    var classes: [(name: String, ids: [String])] = []

    init(content: DiagramContent) {
        self.content = content
        palette = DiagramPalette.of(content.options.theme)
    }

    var tree: AttackTree { content.tree }
    var options: DiagramOptions { content.options }

    mutating func build() {
        let theme: String
        switch options.theme {
        case .light: theme = "default"
        case .dark: theme = "dark"
        case .print: theme = "neutral"
        }
        lines.append("%%{init: {\"theme\": \"\(theme)\"}}%%")
        lines.append("flowchart \(options.direction == "TB" ? "TB" : "LR")")
        writeLegend()

        var bandMembers = [[String]](repeating: [], count: palette.bandFills.count)
        var unknown: [String] = []
        var blocked: [String] = []
        for index in content.nodes {
            let node = tree.nodes[index]
            let figures = content.analysis.figures(index, options.view)
            let label = "<b>\(Escaping.mermaidLabel(DOTWriter.heading(node)))</b><br/>"
                + Formatting.wrap(node.title, width: 28).map(Escaping.mermaidLabel).joined(separator: "<br/>")
                + "<br/>" + Escaping.mermaidLabel(DOTWriter.figuresLine(figures))
            lines.append("    n\(index)\(Self.shape(node.gate, label))")
            if figures.blocked {
                blocked.append("n\(index)")
            } else if let slot = palette.bandSlot(figures.band, levels: tree.riskScale.levels.map(\.name)) {
                bandMembers[slot].append("n\(index)")
            } else {
                unknown.append("n\(index)")
            }
        }
        for (offset, collapsed) in content.collapsed.enumerated() {
            lines.append("    c\(offset)([\"+\(collapsed.hiddenCount) more\"])")
        }

        var pathLinks: [Int] = []
        for edge in content.edges {
            let link = tree.nodes[edge.parent].gate == .sand ? "-->|\"\(edge.position)\"|" : "---"
            if content.highlightedEdges.contains(edge) { pathLinks.append(edgeCount) }
            addLink("n\(edge.parent) \(link) n\(edge.child)")
        }
        var collapsedLinks: [Int] = []
        for (offset, collapsed) in content.collapsed.enumerated() {
            if content.highlightedCollapsed.contains(collapsed.parent) { pathLinks.append(edgeCount) } else { collapsedLinks.append(edgeCount) }
            addLink("n\(collapsed.parent) -.- c\(offset)")
        }

        var mitigationClasses: [MitigationStatus: [String]] = [:]
        var mitigationLinks: [Int] = []
        var blockLinks: [Int] = []
        for drawn in content.mitigations {
            let mitigation = tree.mitigations[drawn.index]
            let status = mitigation.status.rawValue + (mitigation.effectiveness.map { " · \($0)" } ?? "")
            let label = Formatting.wrap(mitigation.title, width: 30).map(Escaping.mermaidLabel).joined(separator: "<br/>")
                + "<br/>" + Escaping.mermaidLabel(status)
            lines.append("    m\(drawn.index){{\"\(label)\"}}")
            mitigationClasses[mitigation.status, default: []].append("m\(drawn.index)")
            for covered in drawn.covers {
                if content.blocks(mitigation) {
                    blockLinks.append(edgeCount)
                    addLink("m\(drawn.index) --x|\"blocks\"| n\(covered)")
                } else {
                    mitigationLinks.append(edgeCount)
                    addLink("n\(covered) \(mitigation.status == .implemented ? "---" : "-.-") m\(drawn.index)")
                }
            }
        }

        for (slot, members) in bandMembers.enumerated() where !members.isEmpty {
            addClass("band\(slot)", members)
        }
        if !unknown.isEmpty { addClass("unknown", unknown) }
        if !blocked.isEmpty { addClass("blocked", blocked) }
        for status in MitigationStatus.allCases {
            if let ids = mitigationClasses[status] { addClass(Self.className(status), ids) }
        }
        if !content.highlightedNodes.isEmpty {
            addClass("attackPath", content.nodes.filter { content.highlightedNodes.contains($0) }.map { "n\($0)" })
        }
        if !collapsedLinks.isEmpty { linkStyles.append((collapsedLinks, "stroke:\(palette.edge),stroke-dasharray:4 4")) }
        if !mitigationLinks.isEmpty { linkStyles.append((mitigationLinks, "stroke:\(palette.mitigationBorder)")) }
        if !blockLinks.isEmpty { linkStyles.append((blockLinks, "stroke:\(palette.blockedBorder),stroke-width:2px")) }
        if !pathLinks.isEmpty { linkStyles.append((pathLinks, "stroke:\(palette.highlight),stroke-width:4px")) }
        writeStyles()
    }

    /// Adds `ids` to the class `name`, so that each class has one `class` line.
    mutating func addClass(_ name: String, _ ids: [String]) {
        if let position = classes.firstIndex(where: { $0.name == name }) {
            classes[position].ids += ids
        } else {
            classes.append((name, ids))
        }
    }

    mutating func addLink(_ statement: String) {
        lines.append("    " + statement)
        edgeCount += 1
    }

    /// Returns a node with the shape of its kind: rounded for a step, a rectangle for `or`, a
    /// subroutine box (double side lines) for `and` and `sand`, and a parallelogram for `K of N`.
    static func shape(_ gate: Gate?, _ label: String) -> String {
        switch gate {
        case nil: "(\"\(label)\")"
        case .or: "[\"\(label)\"]"
        case .and, .sand: "[[\"\(label)\"]]"
        case .atLeast: "[/\"\(label)\"/]"
        }
    }

    static func className(_ status: MitigationStatus) -> String {
        switch status {
        case .implemented: "mitigationImplemented"
        case .planned: "mitigationPlanned"
        case .accepted: "mitigationAccepted"
        case .transferred: "mitigationTransferred"
        case .notApplicable: "mitigationNotApplicable"
        }
    }

    /// Writes the legend as a subgraph of sample nodes, with the tree's title, version and view
    /// as its heading.
    mutating func writeLegend() {
        let title = tree.info.title.isEmpty ? tree.goal.title : tree.info.title
        var heading = [title]
        if let version = tree.info.version { heading.append("version \(version)") }
        heading.append("\(options.view.rawValue) risk")
        if content.root != 0 { heading.append("subtree \(tree.nodes[content.root].id)") }
        lines.append("    subgraph legend [\"\(Escaping.mermaidLabel(heading.joined(separator: " · ")))\"]")
        var samples: [(shape: String, className: String?)] = []
        samples.append(("(\"step: an attack step\")", nil))
        for kind in content.gateKinds {
            switch kind {
            case "or": samples.append(("[\"OR: any one child is enough\"]", nil))
            case "and": samples.append(("[[\"AND: every child is needed\"]]", nil))
            case "sand": samples.append(("[[\"SAND: every child, in the numbered order\"]]", nil))
            default: samples.append(("[/\"K OF N: at least K of the N children\"/]", nil))
            }
        }
        let levels = tree.riskScale.levels
        for (position, level) in levels.enumerated() {
            let slot = palette.bandSlot(level.name, levels: levels.map(\.name)) ?? 0
            let upper = position + 1 < levels.count ? " to \(Formatting.number(levels[position + 1].value))" : " and above"
            let text = "\(level.name): \(options.view.rawValue) risk \(Formatting.number(level.value))\(upper)"
            samples.append(("[\"\(Escaping.mermaidLabel(text))\"]", "band\(slot)"))
        }
        for status in content.mitigationStatuses {
            let counted = options.view.applies(status) ? "counted in this view" : "not counted in this view"
            samples.append(("{{\"\(Escaping.mermaidLabel("\(status.rawValue) mitigation: \(counted)"))\"}}", Self.className(status)))
        }
        if let summary = content.pathSummary {
            samples.append(("[\"\(Escaping.mermaidLabel("thick outline: \(summary)"))\"]", "attackPath"))
        }
        for (offset, sample) in samples.enumerated() {
            lines.append("        k\(offset)\(sample.shape)")
            if let name = sample.className { addClass(name, ["k\(offset)"]) }
        }
        lines.append("    end")
    }

    mutating func writeStyles() {
        for (slot, fill) in palette.bandFills.enumerated() {
            lines.append("    classDef band\(slot) fill:\(fill),color:\(palette.bandText[slot]),stroke:\(palette.nodeBorder)")
        }
        lines.append("    classDef unknown fill:\(palette.unknownFill),color:\(palette.unknownText),stroke:\(palette.nodeBorder)")
        lines.append("    classDef blocked fill:\(palette.blockedFill),color:\(palette.text),stroke:\(palette.blockedBorder),stroke-dasharray:5 5")
        lines.append("    classDef mitigationImplemented fill:\(palette.implementedFill),color:\(palette.mitigationText),stroke:\(palette.mitigationBorder)")
        lines.append("    classDef mitigationPlanned fill:\(palette.plannedFill),color:\(palette.mitigationText),stroke:\(palette.mitigationBorder),stroke-dasharray:5 5")
        for status in [MitigationStatus.accepted, .transferred, .notApplicable] {
            lines.append("    classDef \(Self.className(status)) fill:\(palette.otherFill),color:\(palette.mitigationText),stroke:\(palette.mitigationBorder),stroke-dasharray:2 2")
        }
        lines.append("    classDef attackPath stroke:\(palette.highlight),stroke-width:4px")
        // Band classes first and the path last, so the path's outline wins.
        let ordered = classes.filter { $0.name != "attackPath" } + classes.filter { $0.name == "attackPath" }
        for entry in ordered {
            lines.append("    class \(entry.ids.joined(separator: ",")) \(entry.name)")
        }
        for entry in linkStyles {
            lines.append("    linkStyle \(entry.links.map(String.init).joined(separator: ",")) \(entry.style)")
        }
    }
}
