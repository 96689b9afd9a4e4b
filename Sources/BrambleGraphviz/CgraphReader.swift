import CGraphviz

extension ParsedGraph {
    /// Copies the names, edges and attributes of a graph out of cgraph. The caller must hold
    /// the library lock.
    init(reading graph: UnsafeMutablePointer<Agraph_t>) {
        var nodes: [ParsedNode] = []
        var edges: [(sequence: UInt64, edge: ParsedEdge)] = []

        var node = agfstnode(graph)
        while let current = node {
            nodes.append(ParsedNode(
                name: String(cString: agnameof(current)),
                attributes: readAttributes(of: current, kind: bramble_kind_node(), in: graph)
            ))

            var edge = agfstout(graph, current)
            while let currentEdge = edge {
                let parsed = ParsedEdge(
                    tail: String(cString: agnameof(bramble_agtail(currentEdge))),
                    head: String(cString: agnameof(bramble_aghead(currentEdge))),
                    attributes: readAttributes(of: currentEdge, kind: bramble_kind_edge(), in: graph)
                )
                edges.append((bramble_agseq(currentEdge), parsed))
                edge = agnxtout(graph, currentEdge)
            }
            node = agnxtnode(graph, current)
        }

        // agfstout lists edges grouped by tail node. Sorting by sequence number restores the
        // order of declaration.
        edges.sort { $0.sequence < $1.sequence }

        self.init(
            name: String(cString: agnameof(graph)),
            isDirected: agisdirected(graph) != 0,
            isStrict: agisstrict(graph) != 0,
            attributes: readAttributes(of: graph, kind: bramble_kind_graph(), in: graph),
            nodes: nodes,
            edges: edges.map(\.edge)
        )
    }
}

/// Reads the non-empty values of every attribute of `kind` declared in `graph` from `object`.
private func readAttributes(
    of object: UnsafeMutableRawPointer,
    kind: Int32,
    in graph: UnsafeMutablePointer<Agraph_t>
) -> ParsedAttributes {
    var attributes = ParsedAttributes()

    var symbol = agnxtattr(graph, kind, nil)
    while let current = symbol {
        if let value = agxget(object, current), value.pointee != 0 {
            let name = String(cString: current.pointee.name)
            attributes.values[name] = String(cString: value)
            if aghtmlstr(value) != 0 {
                attributes.htmlNames.insert(name)
            }
        }
        symbol = agnxtattr(graph, kind, current)
    }
    return attributes
}
