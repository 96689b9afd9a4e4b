import BrambleCore

/// The tree's title and version written into an SVG that Graphviz drew.
///
/// Graphviz names the document after the DOT graph, and a DOT graph name cannot hold every
/// title as written (a trailing backslash has no spelling in a quoted DOT ID). So the title
/// goes into a `<title>` and a `<desc>` element inserted as the first children of `<svg>`,
/// escaped for XML here.
public enum SVGMetadata {
    /// Returns `svg` with `<title>` (the tree's title) and `<desc>` (version, view and
    /// generator) inserted after the opening `<svg>` tag, or `svg` unchanged when it has none.
    public static func insert(into svg: [UInt8], tree: AttackTree, view: View) -> [UInt8] {
        guard let start = find(Array("<svg".utf8), in: svg, from: 0),
              let end = svg[start...].firstIndex(of: UInt8(ascii: ">"))
        else { return svg }
        var details: [String] = []
        if let version = tree.info.version { details.append("version \(version)") }
        details.append("\(view.rawValue) risk")
        details.append("attack tree drawn by Bramble")
        let title = tree.info.title.isEmpty ? tree.goal.title : tree.info.title
        let inserted = "\n<title>\(Escaping.html(title))</title>\n<desc>\(Escaping.html(details.joined(separator: " · ")))</desc>"
        return Array(svg[...end]) + Array(inserted.utf8) + Array(svg[(end + 1)...])
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from offset: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = offset
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
