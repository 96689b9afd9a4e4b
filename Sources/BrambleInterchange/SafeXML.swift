import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks that an XML document is safe to hand to Foundation's `XMLParser`.
///
/// A document that declares a DTD or an entity is rejected before parsing, so that entity
/// expansion ("billion laughs") and external entities (file or network reads) never happen.
/// Every XML reader in this module calls `rejectUnsafeMarkup` first.
enum SafeXML {
    /// Rejects a document that is not UTF-8 or that contains a document type declaration or an
    /// entity declaration. The check reads the raw bytes, so any encoding in which `<!DOCTYPE`
    /// is spelled differently (UTF-16, UTF-7, EBCDIC) is rejected first.
    static func rejectUnsafeMarkup(_ input: InterchangeInput) throws(InterchangeError) {
        let first = FileLine(path: input.path, line: 1)
        var bytes = input.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.contains(0) {
            throw InterchangeError(at: first, "the file is not UTF-8 (it is UTF-16 or contains NUL bytes); convert it to UTF-8")
        }
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        if let start = bytes.first(where: { !whitespace.contains($0) }), start != UInt8(ascii: "<") {
            throw InterchangeError(at: first, "the file does not start with '<', so it is not XML in UTF-8; convert it to UTF-8")
        }
        if let encoding = declaredEncoding(Array(bytes)),
           !["utf-8", "utf8", "us-ascii", "ascii"].contains(encoding.lowercased()) {
            throw InterchangeError(at: first, "the document declares the encoding '\(encoding)'; only UTF-8 is accepted, because the safety checks read the bytes as UTF-8. Convert the file to UTF-8")
        }
        for marker in ["<!DOCTYPE", "<!ENTITY"] {
            if let offset = find(Array(marker.utf8), in: input.bytes) {
                let line = input.bytes[..<offset].count { $0 == UInt8(ascii: "\n") } + 1
                throw InterchangeError(at: FileLine(path: input.path, line: line),
                                       "the document contains '\(marker)'; document type and entity declarations are rejected because expanding them can exhaust memory or read other files. Remove the declaration and write the text out")
            }
        }
    }

    /// Returns the `encoding` value of the XML declaration at the start of `bytes`, if any.
    private static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: bytes) else { return nil }
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start
            }
            start += 1
        }
        return nil
    }
}

/// One element of a parsed XML document: its name, attributes, text and child elements.
struct XMLElementNode: Sendable {
    let name: String
    let attributes: [String: String]
    /// The element's own character data and CDATA, in document order, entities decoded.
    var text: String
    var children: [XMLElementNode]
    /// The text of the comments directly inside the element, in document order.
    var comments: [String]
    /// The line of the element's start tag.
    let line: Int
}

/// Reads a whole XML document into `XMLElementNode`s with Foundation's streaming parser,
/// after `SafeXML.rejectUnsafeMarkup`. The document is built with an explicit stack, and its
/// nesting is bounded, so a deeply nested file is an error rather than a stack overflow.
enum XMLElementReader {
    /// The deepest element nesting accepted.
    static let maximumDepth = 1_000

    static func read(_ input: InterchangeInput) throws(InterchangeError) -> XMLElementNode {
        try SafeXML.rejectUnsafeMarkup(input)
        // The parser reports an empty document at line 0 with no error code, which tells the
        // reader nothing, so an input of only a byte order mark and white space is named here.
        let content = input.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? input.bytes.dropFirst(3) : input.bytes[...]
        if content.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw InterchangeError(at: FileLine(path: input.path, line: 1),
                                   "the file contains no XML element; an ADTool file has one <adtree> root element")
        }
        let handler = ElementTreeHandler(path: input.path)
        let parser = XMLParser(data: Data(input.bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = handler
        let succeeded = parser.parse()
        if let failure = handler.failure { throw failure }
        guard succeeded, let root = handler.root else {
            let code = (parser.parserError as NSError?)?.code ?? -1
            let position = handler.errorPosition ?? (parser.lineNumber, parser.columnNumber)
            throw InterchangeError(at: FileLine(path: input.path, line: position.line),
                                   "malformed XML at column \(position.column) (XML parser error \(code)); fix the markup at this place")
        }
        return root
    }
}

/// The SAX delegate that collects elements into a tree.
private final class ElementTreeHandler: NSObject, XMLParserDelegate {
    let path: String
    var root: XMLElementNode?
    var failure: InterchangeError?
    var errorPosition: (line: Int, column: Int)?
    private var stack: [XMLElementNode] = []

    init(path: String) {
        self.path = path
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        guard failure == nil else { return }
        failure = InterchangeError(at: FileLine(path: path, line: parser.lineNumber), message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPosition == nil { errorPosition = (parser.lineNumber, parser.columnNumber) }
    }

    // NOTE: swift-corelibs-foundation 6.3 never calls these declaration callbacks, so
    // `SafeXML.rejectUnsafeMarkup` is the defence on Linux; they reject declarations on
    // platforms that report them.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, "the document declares the entity '\(name)'; entity declarations are rejected because expanding them can exhaust memory. Remove the declaration")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, "the document declares the external entity '\(name)'; external entities are rejected because resolving them reads other files or the network. Remove the declaration")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(parser, "the document refers to the external entity '\(name)'; external entities are never resolved. Remove the reference")
        return nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard failure == nil else { return }
        guard stack.count < XMLElementReader.maximumDepth else {
            fail(parser, "elements are nested more than \(XMLElementReader.maximumDepth) levels deep; flatten the tree")
            return
        }
        if root != nil, stack.isEmpty {
            fail(parser, "the document has a second root element <\(elementName)>; keep one")
            return
        }
        stack.append(XMLElementNode(name: elementName, attributes: attributes, text: "", children: [], comments: [], line: parser.lineNumber))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundComment comment: String) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].comments.append(comment)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
