import CYAML

/// A place in a YAML document: 1-based line and column.
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// One node of a YAML document. Aliases are already replaced by the node their anchor names.
public indirect enum YAMLNode: Sendable {
    /// A scalar's text; `isPlain` is true for an unquoted scalar, whose text may mean null,
    /// true or false.
    case scalar(String, isPlain: Bool, YAMLMark)
    case sequence([YAMLNode], YAMLMark)
    /// A mapping's entries in document order. Keys are unique: a repeated key is an error.
    case mapping([(key: YAMLNode, value: YAMLNode)], YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// The text of a scalar, or nil for a sequence or mapping.
    public var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// Whether this node is the YAML null: an empty plain scalar, `~` or `null`.
    public var isNull: Bool {
        guard case .scalar(let text, true, _) = self else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The boolean value of a plain scalar `true` or `false` (YAML 1.2 core schema spellings).
    public var boolValue: Bool? {
        guard case .scalar(let text, true, _) = self else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A short name of the node's kind, for messages.
    public var kindName: String {
        switch self {
        case .scalar: isNull ? "null" : "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}

/// The error thrown when a YAML document cannot be read: the place and what is wrong.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public let mark: YAMLMark
    public let message: String

    public var description: String { "\(mark): \(message)" }
}

/// Limits that keep a hostile document from exhausting memory or time.
public struct YAMLLimits: Sendable {
    /// The number of nodes the document may have with every alias expanded. An alias is stored
    /// once, but a reader that walks the document visits its expansion, so an alias bomb
    /// ("billion laughs") is rejected by this count.
    public var maximumExpandedNodes: Int
    /// The deepest nesting of sequences and mappings.
    public var maximumDepth: Int

    public init(maximumExpandedNodes: Int = 1_000_000, maximumDepth: Int = 512) {
        self.maximumExpandedNodes = maximumExpandedNodes
        self.maximumDepth = maximumDepth
    }
}

/// Reads one YAML document with libyaml's event (streaming) parser.
///
/// libyaml reports aliases as events and never expands them, and it does not detect repeated
/// mapping keys. This reader resolves aliases itself, counting the expanded size against
/// `YAMLLimits`, and rejects a repeated key with the line of both uses.
public enum YAMLDocument {
    /// Parses `bytes` (UTF-8) and returns the root node; an empty document returns a null scalar.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> YAMLNode {
        var builder = Builder(limits: limits)
        // The parser is large and libyaml keeps pointers into it, so it lives on the heap.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(mark: YAMLMark(line: 1, column: 1), message: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }

        // libyaml reads the input through the pointer given here until parsing ends, so the
        // buffer must stay alive for the whole loop below.
        let result: Result<YAMLNode, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else {
                    return .failure(parserError(parser, bytes: buffer))
                }
                let done = event.type == YAML_STREAM_END_EVENT
                do throws(YAMLError) {
                    try builder.handle(&event)
                } catch {
                    yaml_event_delete(&event)
                    return .failure(error)
                }
                yaml_event_delete(&event)
                if done { break }
            }
            return .success(builder.root ?? .scalar("", isPlain: true, YAMLMark(line: 1, column: 1)))
        }
        return try result.get()
    }

    private static func parserError(_ parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        let context = state.context.map { String(cString: $0) }
        let mark = YAMLMark(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1)
        var message: String
        switch state.error {
        case YAML_READER_ERROR:
            // libyaml reports a reader error with a byte offset only, so the line is counted here.
            let offset = min(Int(state.problem_offset), bytes.count)
            let prefix = bytes[..<offset]
            let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
            let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            return YAMLError(mark: YAMLMark(line: line, column: offset - lineStart + 1),
                             message: "the input is not valid UTF-8 (\(problem), byte \(offset)); convert the file to UTF-8")
        case YAML_MEMORY_ERROR:
            message = "libyaml ran out of memory"
        default:
            message = "invalid YAML: \(problem)"
            if let context { message += " \(context)" }
        }
        return YAMLError(mark: mark, message: message)
    }
}

/// Builds nodes from events with an explicit stack, so deep nesting uses no recursion.
private struct Builder {
    private enum Open {
        case sequence([YAMLNode], YAMLMark, anchor: String?, weight: Int)
        case mapping([(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?, keys: [String: YAMLMark],
                     YAMLMark, anchor: String?, weight: Int)
    }

    let limits: YAMLLimits
    var root: YAMLNode?
    private var stack: [Open] = []
    private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    private var expandedNodes = 0
    private var documents = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func handle(_ event: inout yaml_event_t) throws(YAMLError) {
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError(mark: mark, message: "the file holds more than one YAML document (a second '---'); keep one")
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = YAMLNode.scalar(text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark)
            try add(node, weight: 1, anchor: Self.string(scalar.anchor), at: mark)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw YAMLError(mark: mark, message: "the alias '*\(name)' names no anchor defined above it; define '&\(name)' first")
            }
            try add(target.node, weight: target.weight, anchor: nil, at: mark)
        case YAML_SEQUENCE_START_EVENT:
            try push(.sequence([], mark, anchor: Self.string(event.data.sequence_start.anchor), weight: 1), at: mark)
        case YAML_MAPPING_START_EVENT:
            try push(.mapping([], pendingKey: nil, keys: [:], mark,
                              anchor: Self.string(event.data.mapping_start.anchor), weight: 1), at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let open = stack.popLast() else { return }
            switch open {
            case .sequence(let items, let start, let anchor, let weight):
                try add(.sequence(items, start), weight: weight, anchor: anchor, at: start, counted: true)
            case .mapping(let entries, _, _, let start, let anchor, let weight):
                try add(.mapping(entries, start), weight: weight, anchor: anchor, at: start, counted: true)
            }
        default:
            break
        }
    }

    private mutating func push(_ open: Open, at mark: YAMLMark) throws(YAMLError) {
        guard stack.count < limits.maximumDepth else {
            throw YAMLError(mark: mark, message: "the document nests sequences and mappings more than \(limits.maximumDepth) levels deep; flatten it")
        }
        try count(1, at: mark)
        stack.append(open)
    }

    private mutating func count(_ weight: Int, at mark: YAMLMark) throws(YAMLError) {
        expandedNodes += weight
        guard expandedNodes <= limits.maximumExpandedNodes else {
            throw YAMLError(mark: mark, message: "the document expands to more than \(limits.maximumExpandedNodes) nodes once its aliases are resolved; this is rejected to bound memory and time (an alias bomb). Write the data out without nested aliases")
        }
    }

    /// Adds a finished node to the open collection, or makes it the root. `counted` is true for
    /// a collection whose own node was counted when it opened and whose items were counted
    /// as they were added.
    private mutating func add(_ node: YAMLNode, weight: Int, anchor: String?, at mark: YAMLMark,
                              counted: Bool = false) throws(YAMLError) {
        if !counted { try count(weight, at: mark) }
        if let anchor { anchors[anchor] = (node, weight) }
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let start, let openAnchor, let total):
            items.append(node)
            stack.append(.sequence(items, start, anchor: openAnchor, weight: total + weight))
        case .mapping(var entries, let pendingKey, var keys, let start, let openAnchor, let total):
            if let key = pendingKey {
                entries.append((key, node))
                stack.append(.mapping(entries, pendingKey: nil, keys: keys, start, anchor: openAnchor, weight: total + weight))
            } else {
                let keyText: String
                switch node {
                case .scalar(let text, _, _): keyText = text
                default:
                    throw YAMLError(mark: mark, message: "a mapping key is a \(node.kindName); only scalar keys are accepted")
                }
                if let first = keys[keyText] {
                    throw YAMLError(mark: mark, message: "the key '\(keyText)' appears twice in one mapping (first at line \(first.line)); keep one")
                }
                keys[keyText] = mark
                stack.append(.mapping(entries, pendingKey: node, keys: keys, start, anchor: openAnchor, weight: total + weight))
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
