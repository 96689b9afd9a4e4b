/// A graph read back from DOT through cgraph.
public struct ParsedGraph: Equatable, Sendable {
    /// The graph's name. cgraph 2.42 names an anonymous graph `%` followed by a number.
    public var name: String

    /// Whether the graph is a `digraph`.
    public var isDirected: Bool

    /// Whether the graph is declared `strict`.
    public var isStrict: Bool

    /// Graph attributes, such as `rankdir` or the graph's `label`.
    public var attributes: ParsedAttributes

    /// Nodes in cgraph's order, which is the order of first mention in the DOT text.
    public var nodes: [ParsedNode]

    /// Edges in the order in which the DOT text declares them.
    public var edges: [ParsedEdge]

    /// Creates a parsed graph from its parts.
    public init(
        name: String,
        isDirected: Bool,
        isStrict: Bool,
        attributes: ParsedAttributes,
        nodes: [ParsedNode],
        edges: [ParsedEdge]
    ) {
        self.name = name
        self.isDirected = isDirected
        self.isStrict = isStrict
        self.attributes = attributes
        self.nodes = nodes
        self.edges = edges
    }

    /// Returns the node named `name`, or nil when the graph has none.
    public func node(named name: String) -> ParsedNode? {
        nodes.first { $0.name == name }
    }

    /// The edges as (tail, head) pairs of node names, in declaration order.
    public var edgePairs: [(tail: String, head: String)] {
        edges.map { (tail: $0.tail, head: $0.head) }
    }
}

/// A node read back from DOT through cgraph.
public struct ParsedNode: Equatable, Sendable {
    /// The node ID as cgraph stores it, with the backslash of `\"` removed.
    public var name: String

    /// The node's attributes.
    public var attributes: ParsedAttributes

    /// Creates a parsed node from its name and attributes.
    public init(name: String, attributes: ParsedAttributes) {
        self.name = name
        self.attributes = attributes
    }
}

/// An edge read back from DOT through cgraph.
public struct ParsedEdge: Equatable, Sendable {
    /// The name of the tail node, which is the left-hand node in `a -> b` or `a -- b`.
    public var tail: String

    /// The name of the head node, which is the right-hand node in `a -> b` or `a -- b`.
    public var head: String

    /// The edge's attributes.
    public var attributes: ParsedAttributes

    /// Creates a parsed edge from its end nodes and attributes.
    public init(tail: String, head: String, attributes: ParsedAttributes) {
        self.tail = tail
        self.head = head
        self.attributes = attributes
    }
}

/// Attribute values of one graph, node or edge, as cgraph stores them.
///
/// cgraph gives every object a value for every attribute declared anywhere in the graph.
/// The default is usually empty, except that gvContext() declares the node attribute
/// `label` with the default `\N` (the node name) for every graph, so a node without a label
/// reads back `\N`. This type keeps only non-empty values.
/// NOTE: so an attribute set explicitly to "" reads the same as an unset one.
public struct ParsedAttributes: Equatable, Sendable {
    /// Non-empty attribute values by attribute name. An HTML-like value (`label=<...>`) is
    /// stored without its outer angle brackets and with entities such as `&amp;` undecoded.
    public var values: [String: String]

    /// Names of the attributes whose value is an HTML-like string (`<...>` in DOT).
    public var htmlNames: Set<String>

    /// Creates attributes from values and the names of HTML-like values.
    public init(values: [String: String] = [:], htmlNames: Set<String> = []) {
        self.values = values
        self.htmlNames = htmlNames
    }

    /// Returns the value of attribute `name`, or nil when it is unset or empty.
    public subscript(name: String) -> String? {
        values[name]
    }

    /// Returns whether attribute `name` has an HTML-like value.
    public func isHTML(_ name: String) -> Bool {
        htmlNames.contains(name)
    }
}
