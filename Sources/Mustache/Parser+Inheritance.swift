/// Blocks, parents and closing tags.
///
/// Text directly inside a parent tag is ignored, which changes the standalone rules there.
/// A parent's opening tag needs only whitespace before it and its closing tag needs only
/// whitespace after it, because the text between them is not rendered. For the same reason an
/// override block's opening tag needs only a line end after it, and its closing tag only
/// whitespace before it. Indentation follows the inheritance specification: a block's own
/// indentation is removed from its lines where it is defined and the indentation of the
/// place where it is expanded is added.
extension Parser {
    mutating func openBlock(_ tag: Tag) throws -> Int {
        let name = try blockName(of: tag)
        try checkNestingDepth(at: tag)
        let isOverride = frames[frames.count - 1].isParent
        let lineStart = source.lineStartIfBlank(before: tag.start)
        let lineEnd = source.lineEndIfBlank(after: tag.end)

        var indentation: String?
        var startsLine = false
        let opensStandalone: Bool
        let resumeOffset: Int
        if let lineEnd, isOverride || lineStart != nil {
            opensStandalone = true
            appendText(upTo: lineStart ?? tag.start)
            // The block's lines are indented like the line after the opening tag.
            indentation = source.leadingSpace(at: lineEnd)
            atLineStart = true
            resumeOffset = lineEnd
        } else {
            opensStandalone = false
            appendText(upTo: tag.start)
            if !isOverride, let lineStart {
                indentation = source.string(lineStart..<tag.start)
            }
            startsLine = atLineStart && !isOverride
            atLineStart = false
            resumeOffset = tag.end
        }

        let kind = ParserFrame.Kind.block(
            name, isOverride: isOverride, opensStandalone: opensStandalone,
            indentation: indentation)
        frames.append(
            ParserFrame(
                kind: kind, closingName: name, openTag: tag, delimiters: delimiters,
                startsLine: startsLine))
        return resumeOffset
    }

    mutating func openParent(_ tag: Tag) throws -> Int {
        let name = try partialName(of: tag)
        try checkNestingDepth(at: tag)
        let location = tracker.location(of: tag.start, in: source)
        let leadingSpace = source.lineStartIfBlank(before: tag.start).map {
            source.string($0..<tag.start)
        }
        appendText(upTo: tag.start)
        let kind = ParserFrame.Kind.parent(name, leadingSpace: leadingSpace, location: location)
        frames.append(
            ParserFrame(
                kind: kind, closingName: Parser.normalizedName(tag.content), openTag: tag,
                delimiters: delimiters, startsLine: atLineStart))
        // The parent's content is not rendered, so it starts in the middle of a line.
        atLineStart = false
        return tag.end
    }

    mutating func close(_ tag: Tag) throws -> Int {
        let closingName = Parser.normalizedName(tag.content)
        guard frames.count > 1 else {
            throw error(
                "closing tag \(tag.written(with: delimiters)) has no matching opening tag; "
                    + "remove it or add "
                    + "\(delimiters.openText)#\(closingName)\(delimiters.closeText) before it",
                at: tag.start)
        }
        let frame = frames[frames.count - 1]
        guard closingName == frame.closingName else {
            let opened = source.location(of: frame.openTag.start)
            throw error(
                "closing tag \(tag.written(with: delimiters)) does not match the open "
                    + "\(frame.description) from line \(opened.line), column \(opened.column); "
                    + "add \(delimiters.openText)/\(frame.closingName)\(delimiters.closeText) "
                    + "before it or fix the name",
                at: tag.start)
        }

        switch frame.kind {
        case .root:
            preconditionFailure("the root frame is never closed")
        case .section(let name, let isInverted):
            let resumeOffset = placeSilentTag(tag)
            let content = frames.removeLast()
            let node = SectionNode(
                name: name, isInverted: isInverted, children: content.nodes,
                sourceText: source.string(frame.openTag.end..<tag.start),
                delimiters: frame.delimiters, startsLine: frame.startsLine)
            append(.section(node))
            return resumeOffset
        case .block(let name, let isOverride, let opensStandalone, let indentation):
            let resumeOffset: Int
            if isOverride {
                // The rest of the line belongs to the parent's ignored content.
                appendText(upTo: source.lineStartIfBlank(before: tag.start) ?? tag.start)
                atLineStart = false
                resumeOffset = tag.end
            } else {
                resumeOffset = placeSilentTag(tag)
            }
            let content = frames.removeLast()
            let node = BlockNode(
                name: name, children: content.nodes, opensStandalone: opensStandalone,
                indentation: indentation, startsLine: frame.startsLine)
            append(.block(node))
            return resumeOffset
        case .parent(let name, let leadingSpace, let location):
            return closeParent(tag, name: name, leadingSpace: leadingSpace, location: location)
        }
    }

    private mutating func closeParent(
        _ tag: Tag, name: PartialName, leadingSpace: String?, location: SourceLocation
    ) -> Int {
        let content = frames.removeLast()
        var overrides: [String: BlockNode] = [:]
        for case .block(let block) in content.nodes {
            overrides[block.name] = block
        }

        // The pair is standalone when only whitespace precedes the opening tag and follows
        // the closing tag on their lines, even when both tags share one line.
        if let leadingSpace, let lineEnd = source.lineEndIfBlank(after: tag.end) {
            trimLastText(by: leadingSpace.utf8.count)
            let node = ParentNode(
                name: name, overrides: overrides, indentation: leadingSpace, startsLine: false,
                location: location)
            append(.parent(node))
            atLineStart = true
            return lineEnd
        }
        let node = ParentNode(
            name: name, overrides: overrides, indentation: nil, startsLine: content.startsLine,
            location: location)
        append(.parent(node))
        atLineStart = false
        return tag.end
    }
}
