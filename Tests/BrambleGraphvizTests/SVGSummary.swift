import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The node and edge groups of an SVG that Graphviz rendered, read with XMLParser.
struct SVGSummary {
    /// One `<g class="node">` or `<g class="edge">` element.
    struct Group {
        /// The text of the group's `<title>`, which is the node name or "tail->head".
        var title: String = ""

        /// The text of each `<text>` element in the group, XML-unescaped, one per label line.
        var texts: [String] = []
    }

    var nodes: [Group] = []
    var edges: [Group] = []

    /// Parses `data` as XML and collects its node and edge groups.
    static func parse(_ data: Data) throws -> SVGSummary {
        let collector = GroupCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else {
            throw SVGParseError(
                message: parser.parserError.map { "\($0)" } ?? "unknown XMLParser error"
            )
        }
        return collector.summary
    }
}

/// The error thrown when rendered SVG is not well-formed XML.
struct SVGParseError: Error, CustomStringConvertible {
    var message: String
    var description: String { "rendered SVG is not well-formed XML: \(message)" }
}

/// An XMLParser delegate that records the title and text lines of each node and edge group.
private final class GroupCollector: NSObject, XMLParserDelegate {
    private enum GroupKind { case node, edge }

    var summary = SVGSummary()

    private var depth = 0
    private var openGroup: (kind: GroupKind, depth: Int, group: SVGSummary.Group)?
    private var characters: String?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if elementName == "g", openGroup == nil {
            switch attributes["class"] {
            case "node": openGroup = (.node, depth, SVGSummary.Group())
            case "edge": openGroup = (.edge, depth, SVGSummary.Group())
            default: break
            }
        }
        if openGroup != nil, elementName == "title" || elementName == "text" {
            characters = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters? += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        defer { depth -= 1 }
        guard var open = openGroup else {
            return
        }

        if let text = characters {
            if elementName == "title" {
                open.group.title = text
            } else if elementName == "text" {
                open.group.texts.append(text)
            }
            characters = nil
        }

        if elementName == "g", depth == open.depth {
            switch open.kind {
            case .node: summary.nodes.append(open.group)
            case .edge: summary.edges.append(open.group)
            }
            openGroup = nil
        } else {
            openGroup = open
        }
    }
}
