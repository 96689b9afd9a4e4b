import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One interchange file: its path, for messages, and its bytes.
public struct InterchangeInput: Sendable {
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Reads MEF files into an `OpenPSAModel` with a streaming (SAX) parser.
///
/// A document that declares a DTD or an entity is rejected before parsing, so that entity
/// expansion ("billion laughs") and external entities (file or network reads) never happen.
enum OpenPSAReader {
    /// Reads every file into one model, so that definitions may be split across files.
    static func read(_ inputs: [InterchangeInput]) throws(InterchangeError) -> OpenPSAModel {
        var model = OpenPSAModel()
        for input in inputs {
            try SafeXML.rejectUnsafeMarkup(input)
            let handler = MEFHandler(path: input.path, model: model)
            let parser = XMLParser(data: Data(input.bytes))
            parser.shouldResolveExternalEntities = false
            parser.shouldProcessNamespaces = false
            parser.delegate = handler
            let succeeded = parser.parse()
            if let failure = handler.failure { throw failure }
            guard succeeded else {
                let code = (parser.parserError as NSError?)?.code ?? -1
                // The parser's position after `parse()` returns is the end of the input, so the
                // position recorded when the error was reported is preferred.
                let position = handler.errorPosition ?? (parser.lineNumber, parser.columnNumber)
                throw InterchangeError(at: FileLine(path: input.path, line: position.line),
                                       "malformed XML at column \(position.column) (XML parser error \(code)); fix the markup at this place")
            }
            model = handler.model
        }
        return model
    }
}

/// The SAX delegate that turns MEF elements into definitions. It stops at the first problem
/// and keeps it in `failure`.
private final class MEFHandler: NSObject, XMLParserDelegate {
    /// An open element and what its children mean.
    private enum Frame {
        case document
        /// A `<define-fault-tree>` or `<define-component>`: its path and default role.
        case container(path: String, faultTree: String, isPrivate: Bool, treeIndex: Int?)
        case modelData
        case gate(Int)
        /// A connective; its arguments are collected in `builders`.
        case formula
        case basicEvent(Int)
        case houseEvent(Int)
        case label
        case attributes
        /// An element that may contain nothing: a reference, `<float>`, `<constant>` or `<attribute>`.
        case empty(String)
    }

    /// A connective whose arguments are being read.
    private struct Builder {
        let connective: Connective
        var arguments: [Formula] = []
        let location: FileLine
    }

    /// The definition that a `<label>` belongs to.
    private enum LabelTarget {
        case gate(Int), basicEvent(Int), houseEvent(Int), faultTree(Int), none
    }

    let path: String
    var model: OpenPSAModel
    var failure: InterchangeError?
    private weak var parser: XMLParser?
    private var frames: [Frame] = []
    private var builders: [Builder] = []
    private var labelTarget = LabelTarget.none
    private var labelText = ""

    init(path: String, model: OpenPSAModel) {
        self.path = path
        self.model = model
    }

    private func here(_ parser: XMLParser) -> FileLine { FileLine(path: path, line: parser.lineNumber) }

    private func fail(_ parser: XMLParser, _ error: InterchangeError) {
        guard failure == nil else { return }
        failure = error
        parser.abortParsing()
    }

    /// The line and column of the first syntax error, read while the parser is still there.
    var errorPosition: (line: Int, column: Int)?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPosition == nil { errorPosition = (parser.lineNumber, parser.columnNumber) }
    }

    // MARK: DTD declarations: rejected, never expanded

    // NOTE: swift-corelibs-foundation 6.3 on Linux never calls the declaration callbacks below and
    // expands internal entities, so `rejectUnsafeMarkup` is the defence there. The callbacks stay
    // for Foundation on Apple platforms, which calls them.

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, InterchangeError(at: here(parser), "the document declares the entity '\(name)'; entity declarations are rejected because expanding them can exhaust memory. Remove the declaration"))
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, InterchangeError(at: here(parser), "the document declares the external entity '\(name)'; external entities are rejected because resolving them reads other files or the network. Remove the declaration"))
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        fail(parser, InterchangeError(at: here(parser), "the document contains a DTD; document type declarations are rejected. Remove it"))
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
        fail(parser, InterchangeError(at: here(parser), "the document declares the entity '\(name)'; entity declarations are rejected. Remove the declaration"))
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(parser, InterchangeError(at: here(parser), "the document refers to the external entity '\(name)'; external entities are never resolved. Remove the reference"))
        return nil
    }

    // MARK: Elements

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard failure == nil else { return }
        do {
            let frame = try open(elementName, attributes: attributes, at: here(parser))
            frames.append(frame)
        } catch {
            fail(parser, error)
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, let frame = frames.popLast() else { return }
        do {
            try close(frame, elementName: elementName, at: here(parser))
        } catch {
            fail(parser, error)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        if case .label = frames.last {
            labelText += string
        } else if !string.allSatisfy(\.isWhitespace) {
            let element = frames.isEmpty ? "the document" : "this element"
            fail(parser, InterchangeError(at: here(parser), "unexpected text '\(string.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40))' in \(element); only <label> contains text"))
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil else { return }
        if case .label = frames.last {
            labelText += String(decoding: CDATABlock, as: UTF8.self)
        } else {
            fail(parser, InterchangeError(at: here(parser), "unexpected CDATA section; only <label> contains text"))
        }
    }

    /// Returns the frame for a new element, registering definitions as they open.
    private func open(_ name: String, attributes: [String: String], at place: FileLine) throws(InterchangeError) -> Frame {
        guard let parent = frames.last else {
            guard name == "opsa-mef" else {
                throw InterchangeError(at: place, "the root element is <\(name)>, not <opsa-mef>; give an Open-PSA MEF file")
            }
            return .document
        }
        switch parent {
        case .document:
            switch name {
            case "define-fault-tree":
                let treeName = try required("name", of: name, attributes, at: place)
                model.faultTrees.append(FaultTreeDefinition(name: treeName))
                let isPrivate = try role(attributes, default: false, at: place)
                return .container(path: treeName, faultTree: treeName, isPrivate: isPrivate, treeIndex: model.faultTrees.count - 1)
            case "model-data": return .modelData
            case "label": return startLabel(.none)
            case "attributes": return .attributes
            default: throw unexpected(name, in: "opsa-mef", at: place)
            }
        case .container(let containerPath, let faultTree, let isPrivate, let treeIndex):
            switch name {
            case "define-component":
                let componentName = try required("name", of: name, attributes, at: place)
                let componentPrivate = try role(attributes, default: isPrivate, at: place)
                return .container(path: containerPath + "." + componentName, faultTree: faultTree,
                                  isPrivate: componentPrivate, treeIndex: nil)
            case "define-gate":
                let id = try definitionID(name, attributes, basePath: containerPath, defaultPrivate: isPrivate, at: place)
                model.gates.append(GateDefinition(id: id, basePath: containerPath, faultTree: faultTree, location: place))
                try model.register(.gate(model.gates.count - 1), id: id)
                return .gate(model.gates.count - 1)
            case "define-basic-event", "define-house-event":
                return try openEvent(name, attributes, basePath: containerPath, defaultPrivate: isPrivate, at: place)
            case "label": return startLabel(treeIndex.map { .faultTree($0) } ?? .none)
            case "attributes": return .attributes
            default: throw unexpected(name, in: "define-fault-tree", at: place)
            }
        case .modelData:
            switch name {
            case "define-basic-event", "define-house-event":
                return try openEvent(name, attributes, basePath: "", defaultPrivate: false, at: place)
            case "label": return startLabel(.none)
            case "attributes": return .attributes
            default: throw unexpected(name, in: "model-data", at: place)
            }
        case .gate(let index):
            switch name {
            case "label": return startLabel(.gate(index))
            case "attributes": return .attributes
            default: return try openFormula(name, attributes, basePath: model.gates[index].basePath, at: place)
            }
        case .formula:
            let basePath: String = {
                for frame in frames.reversed() { if case .gate(let index) = frame { return model.gates[index].basePath } }
                return ""
            }()
            return try openFormula(name, attributes, basePath: basePath, at: place)
        case .basicEvent(let index):
            switch name {
            case "label": return startLabel(.basicEvent(index))
            case "attributes": return .attributes
            case "float":
                guard model.basicEvents[index].probability == nil else {
                    throw InterchangeError(at: place, "basic event '\(model.basicEvents[index].id)' has more than one <float>; keep one")
                }
                let text = try required("value", of: name, attributes, at: place)
                guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0, value <= 1 else {
                    throw InterchangeError(at: place, "basic event '\(model.basicEvents[index].id)' has the probability '\(text)', which is not a number from 0 to 1; correct the value")
                }
                model.basicEvents[index].probability = value
                return .empty(name)
            default:
                throw InterchangeError(at: place, "basic event '\(model.basicEvents[index].id)' has the expression <\(name)>, which Bramble does not evaluate; give the event its probability as <float value=\"P\"/>")
            }
        case .houseEvent(let index):
            switch name {
            case "label": return startLabel(.houseEvent(index))
            case "attributes": return .attributes
            case "constant":
                let text = try required("value", of: name, attributes, at: place)
                switch text {
                case "true": model.houseEvents[index].state = true
                case "false": model.houseEvents[index].state = false
                default: throw InterchangeError(at: place, "house event '\(model.houseEvents[index].id)' has the constant '\(text)'; use true or false")
                }
                return .empty(name)
            default: throw unexpected(name, in: "define-house-event", at: place)
            }
        case .attributes:
            guard name == "attribute" else { throw unexpected(name, in: "attributes", at: place) }
            return .empty(name)
        case .label:
            throw unexpected(name, in: "label", at: place)
        case .empty(let parentName):
            throw unexpected(name, in: parentName, at: place)
        }
    }

    private func openEvent(_ name: String, _ attributes: [String: String], basePath: String,
                           defaultPrivate: Bool, at place: FileLine) throws(InterchangeError) -> Frame {
        let id = try definitionID(name, attributes, basePath: basePath, defaultPrivate: defaultPrivate, at: place)
        if name == "define-basic-event" {
            model.basicEvents.append(BasicEventDefinition(id: id, location: place))
            try model.register(.basicEvent(model.basicEvents.count - 1), id: id)
            return .basicEvent(model.basicEvents.count - 1)
        }
        model.houseEvents.append(HouseEventDefinition(id: id, location: place))
        try model.register(.houseEvent(model.houseEvents.count - 1), id: id)
        return .houseEvent(model.houseEvents.count - 1)
    }

    /// Opens a formula element inside a gate definition or another formula.
    private func openFormula(_ name: String, _ attributes: [String: String], basePath: String,
                             at place: FileLine) throws(InterchangeError) -> Frame {
        switch name {
        case "and", "or":
            builders.append(Builder(connective: name == "and" ? .and : .or, location: place))
            return .formula
        case "atleast":
            let text = try required("min", of: name, attributes, at: place)
            guard let minimum = Int(text), minimum >= 1 else {
                throw InterchangeError(at: place, "<atleast min=\"\(text)\"> needs a whole number of at least 1 as min; correct it")
            }
            builders.append(Builder(connective: .atLeast(minimum), location: place))
            return .formula
        case "gate", "basic-event", "house-event", "event":
            let target = try required("name", of: name, attributes, at: place)
            try append(.reference(ReferenceKind(rawValue: name)!, name: target, basePath: basePath, place), at: place)
            return .empty(name)
        case "not", "nand", "nor", "xor", "iff", "imply":
            let connective: Connective = switch name {
            case "not": .not
            case "nand": .nand
            case "nor": .nor
            case "xor": .xor
            case "iff": .iff
            default: .imply
            }
            builders.append(Builder(connective: connective, location: place))
            return .formula
        case "cardinality":
            throw InterchangeError(at: place, "the formula <cardinality> sets an upper bound, which attack trees cannot express; only <and>, <or> and <atleast> can be imported")
        case "constant":
            throw InterchangeError(at: place, "a <constant> inside a formula cannot be imported; define a house event with the constant and reference it")
        default:
            throw InterchangeError(at: place, "unknown formula element <\(name)>; a gate contains <and>, <or>, <atleast> or a reference (<gate>, <basic-event>, <house-event>, <event>)")
        }
    }

    /// Adds a finished formula to the connective being read, or makes it the gate's formula.
    private func append(_ formula: Formula, at place: FileLine) throws(InterchangeError) {
        if case .formula = frames.last {
            builders[builders.count - 1].arguments.append(formula)
            return
        }
        guard case .gate(let index) = frames.last else { return }
        guard model.gates[index].formula == nil else {
            throw InterchangeError(at: place, "gate '\(model.gates[index].id)' has more than one formula; wrap them in <and> or <or>")
        }
        model.gates[index].formula = formula
    }

    private func close(_ frame: Frame, elementName: String, at place: FileLine) throws(InterchangeError) {
        switch frame {
        case .formula:
            let builder = builders.removeLast()
            guard !builder.arguments.isEmpty else {
                throw InterchangeError(at: builder.location, "<\(elementName)> has no arguments; give it at least one event")
            }
            if let arity = builder.connective.requiredArity, builder.arguments.count != arity {
                throw InterchangeError(at: builder.location, "<\(elementName)> has \(builder.arguments.count) arguments but takes exactly \(arity); correct the formula")
            }
            try append(.connective(builder.connective, builder.arguments, builder.location), at: place)
        case .gate(let index):
            if model.gates[index].formula == nil {
                throw InterchangeError(at: model.gates[index].location, "gate '\(model.gates[index].id)' has no formula; give it <and>, <or> or <atleast>")
            }
        case .label:
            let text = labelText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let label = text.isEmpty ? nil : text
            switch labelTarget {
            case .gate(let index): model.gates[index].label = label
            case .basicEvent(let index): model.basicEvents[index].label = label
            case .houseEvent(let index): model.houseEvents[index].label = label
            case .faultTree(let index): model.faultTrees[index].label = label
            case .none: break
            }
        default:
            break
        }
    }

    private func startLabel(_ target: LabelTarget) -> Frame {
        labelTarget = target
        labelText = ""
        return .label
    }

    private func required(_ attribute: String, of element: String, _ attributes: [String: String],
                          at place: FileLine) throws(InterchangeError) -> String {
        guard let value = attributes[attribute], !value.isEmpty else {
            throw InterchangeError(at: place, "<\(element)> has no \(attribute) attribute; add \(attribute)=\"...\"")
        }
        return value
    }

    private func role(_ attributes: [String: String], default isPrivate: Bool, at place: FileLine) throws(InterchangeError) -> Bool {
        switch attributes["role"] {
        case nil: return isPrivate
        case "public": return false
        case "private": return true
        case let other?: throw InterchangeError(at: place, "role=\"\(other)\" is not a MEF role; use public or private")
        }
    }

    /// Returns the id of a definition: its name when public, its container path and name when
    /// private.
    private func definitionID(_ element: String, _ attributes: [String: String], basePath: String,
                              defaultPrivate: Bool, at place: FileLine) throws(InterchangeError) -> String {
        let name = try required("name", of: element, attributes, at: place)
        let isPrivate = try role(attributes, default: defaultPrivate, at: place)
        return isPrivate && !basePath.isEmpty ? basePath + "." + name : name
    }

    private func unexpected(_ name: String, in parent: String, at place: FileLine) -> InterchangeError {
        let unsupported: Set<String> = [
            "define-parameter", "define-CCF-group", "define-event-tree", "define-sequence",
            "define-initiating-event", "define-rule", "define-consequence", "define-consequence-group",
            "define-alignment", "define-substitution", "define-extern-function", "define-functional-event",
        ]
        if unsupported.contains(name) {
            return InterchangeError(at: place, "<\(name)> is not supported: Bramble imports fault trees of gates, basic events with <float> probabilities and house events only. Remove it or give the events their probabilities directly")
        }
        return InterchangeError(at: place, "unknown element <\(name)> inside <\(parent)>; check the spelling against the Open-PSA MEF")
    }
}
