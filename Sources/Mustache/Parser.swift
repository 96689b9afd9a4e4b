/// Turns template text into a tree of nodes in one pass, applying the standalone-line rules.
///
/// A tag is standalone when only spaces and tabs share its line. A standalone section, comment,
/// partial, delimiter, block or parent tag removes its whole line, including the newline.
/// The parser keeps an explicit stack of open sections instead of recursing, so deep nesting
/// cannot overflow the call stack.
struct Parser {
    /// The maximum number of sections, blocks and parents open at one time. The renderer
    /// recurses once per level, so this limit keeps rendering within the thread's stack.
    static let maxNestingDepth = 256

    let source: SourceText
    let templateName: String?
    var delimiters: Delimiters

    var frames: [ParserFrame]
    /// The start of the text that is not yet part of a node.
    var textStart = 0
    /// Whether the next node begins a line of the output (see `Node`).
    var atLineStart = true
    var tracker = LocationTracker()

    /// Parses `text` into nodes.
    /// - Throws: `MustacheError` of kind `.invalidTemplate` with the line and column of the
    ///   first problem.
    /// - Complexity: O(n) in the length of the text.
    static func parse(_ text: String, templateName: String?, delimiters: Delimiters = .standard)
        throws -> [Node]
    {
        var parser = Parser(
            source: SourceText(text), templateName: templateName, delimiters: delimiters)
        return try parser.parse()
    }

    private init(source: SourceText, templateName: String?, delimiters: Delimiters) {
        self.source = source
        self.templateName = templateName
        self.delimiters = delimiters
        // The root frame is never closed, so its opening tag is only a placeholder.
        let root = Tag(kind: .comment, start: 0, end: 0, content: "")
        frames = [ParserFrame(kind: .root, closingName: "", openTag: root, delimiters: delimiters)]
    }

    private mutating func parse() throws -> [Node] {
        var cursor = 0
        while let tagStart = source.firstOffset(of: delimiters.open, from: cursor) {
            let tag = try readTag(at: tagStart)
            cursor = try place(tag)
            textStart = cursor
        }
        appendText(upTo: source.count)

        if let unclosed = frames.last, frames.count > 1 {
            throw error(
                "\(unclosed.description) opened here is never closed; add "
                    + "\(delimiters.openText)/\(unclosed.closingName)\(delimiters.closeText)",
                at: unclosed.openTag.start)
        }
        return frames[0].nodes
    }

    /// Adds `tag` to the tree and returns the offset where parsing continues.
    private mutating func place(_ tag: Tag) throws -> Int {
        switch tag.kind {
        case .variable(let escapesHTML):
            let name = try dottedName(of: tag)
            appendText(upTo: tag.start)
            append(
                .variable(
                    VariableNode(name: name, escapesHTML: escapesHTML, startsLine: atLineStart)))
            atLineStart = false
            return tag.end
        case .comment:
            return placeSilentTag(tag)
        case .setDelimiters(let newDelimiters):
            let resumeOffset = placeSilentTag(tag)
            delimiters = newDelimiters
            return resumeOffset
        case .sectionOpen(let isInverted):
            return try openSection(tag, isInverted: isInverted)
        case .blockOpen:
            return try openBlock(tag)
        case .parentOpen:
            return try openParent(tag)
        case .partial:
            return try placePartial(tag)
        case .close:
            return try close(tag)
        }
    }

    private mutating func openSection(_ tag: Tag, isInverted: Bool) throws -> Int {
        let name = try dottedName(of: tag)
        try checkNestingDepth(at: tag)
        let (startsLine, resumeOffset) = placeOpeningTag(tag)
        frames.append(
            ParserFrame(
                kind: .section(name, isInverted: isInverted), closingName: tag.content,
                openTag: tag,
                delimiters: delimiters, startsLine: startsLine))
        return resumeOffset
    }

    private mutating func placePartial(_ tag: Tag) throws -> Int {
        let name = try partialName(of: tag)
        let location = tracker.location(of: tag.start, in: source)
        let node: PartialNode
        let resumeOffset: Int
        if let lineStart = source.lineStartIfBlank(before: tag.start),
            let lineEnd = source.lineEndIfBlank(after: tag.end)
        {
            appendText(upTo: lineStart)
            node = PartialNode(
                name: name, indentation: source.string(lineStart..<tag.start), startsLine: false,
                location: location)
            atLineStart = true
            resumeOffset = lineEnd
        } else {
            appendText(upTo: tag.start)
            node = PartialNode(
                name: name, indentation: nil, startsLine: atLineStart, location: location)
            atLineStart = false
            resumeOffset = tag.end
        }
        append(.partial(node))
        return resumeOffset
    }

    /// Places the opening tag of a section, removing its line when it is standalone. Returns
    /// whether a non-standalone tag begins a line, and the offset where parsing continues.
    mutating func placeOpeningTag(_ tag: Tag) -> (startsLine: Bool, resumeOffset: Int) {
        if let lineStart = source.lineStartIfBlank(before: tag.start),
            let lineEnd = source.lineEndIfBlank(after: tag.end)
        {
            appendText(upTo: lineStart)
            atLineStart = true
            return (false, lineEnd)
        }
        appendText(upTo: tag.start)
        let startsLine = atLineStart
        atLineStart = false
        return (startsLine, tag.end)
    }

    /// Places a tag that writes no output: a comment, a delimiter change, or the closing tag of
    /// a section or of a block outside a parent. Returns the offset where parsing continues.
    mutating func placeSilentTag(_ tag: Tag) -> Int {
        if let lineStart = source.lineStartIfBlank(before: tag.start),
            let lineEnd = source.lineEndIfBlank(after: tag.end)
        {
            appendText(upTo: lineStart)
            atLineStart = true
            return lineEnd
        }
        appendText(upTo: tag.start)
        appendLineStartMarker()
        return tag.end
    }

    // MARK: - Tree building

    /// Turns the pending text before `end` into a text node.
    mutating func appendText(upTo end: Int) {
        guard end > textStart else { return }
        append(.text(source.string(textStart..<end), startsLine: atLineStart))
        atLineStart = source.bytes[end - 1] == UInt8(ascii: "\n")
        textStart = end
    }

    /// Marks a line start taken by a tag that renders nothing, such as an inline comment at the
    /// start of a line, so that indentation is still written there.
    mutating func appendLineStartMarker() {
        if atLineStart {
            append(.text("", startsLine: true))
        }
        atLineStart = false
    }

    mutating func append(_ node: Node) {
        frames[frames.count - 1].nodes.append(node)
    }

    /// Removes `count` bytes of trailing whitespace from the last text node of the innermost
    /// frame. The caller guarantees that the node ends with that whitespace.
    mutating func trimLastText(by count: Int) {
        guard count > 0, case .text(let text, let startsLine)? = frames[frames.count - 1].nodes.last
        else {
            return
        }
        let trimmed = String(decoding: text.utf8.dropLast(count), as: UTF8.self)
        frames[frames.count - 1].nodes.removeLast()
        if !trimmed.isEmpty {
            append(.text(trimmed, startsLine: startsLine))
        }
    }

    func checkNestingDepth(at tag: Tag) throws {
        guard frames.count <= Parser.maxNestingDepth else {
            throw error(
                "sections, blocks and parents are nested more than \(Parser.maxNestingDepth) "
                    + "levels deep here; move the inner part into a partial",
                at: tag.start)
        }
    }

    /// Creates an `.invalidTemplate` error located at `offset`.
    func error(_ message: String, at offset: Int) -> MustacheError {
        let location = source.location(of: offset)
        return MustacheError(
            kind: .invalidTemplate, message: message, templateName: templateName,
            line: location.line, column: location.column)
    }
}
