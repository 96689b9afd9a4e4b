/// One tag as read from the template text, before the parser places it in the tree.
struct Tag {
    enum Kind: Equatable {
        /// `{{name}}`, or `{{{name}}}` and `{{&name}}` when `escapesHTML` is false.
        case variable(escapesHTML: Bool)
        /// `{{#name}}`, or `{{^name}}` when inverted.
        case sectionOpen(isInverted: Bool)
        /// `{{/name}}`.
        case close
        /// `{{! text }}`.
        case comment
        /// `{{>name}}`.
        case partial
        /// `{{<name}}`.
        case parentOpen
        /// `{{$name}}`.
        case blockOpen
        /// `{{=<% %>=}}`.
        case setDelimiters(Delimiters)
    }

    let kind: Kind
    /// The offset of the opening delimiter.
    let start: Int
    /// The offset just after the closing delimiter.
    let end: Int
    /// The text between the sigil and the closing delimiter, without surrounding whitespace.
    let content: String

    /// Returns the tag as written with `delimiters`, for messages, for example `{{/items}}`.
    func written(with delimiters: Delimiters) -> String {
        let sigil: String
        switch kind {
        case .variable(let escapesHTML): sigil = escapesHTML ? "" : "&"
        case .sectionOpen(let isInverted): sigil = isInverted ? "^" : "#"
        case .close: sigil = "/"
        case .comment: sigil = "!"
        case .partial: sigil = ">"
        case .parentOpen: sigil = "<"
        case .blockOpen: sigil = "$"
        case .setDelimiters:
            return delimiters.openText + "=" + content + "=" + delimiters.closeText
        }
        return delimiters.openText + sigil + content + delimiters.closeText
    }
}

extension Parser {
    /// Reads the tag whose opening delimiter starts at `start`.
    /// - Throws: `MustacheError` when the tag is not closed, or when it runs into the next tag
    ///   because its closing delimiter is missing.
    func readTag(at start: Int) throws -> Tag {
        let sigilOffset = start + delimiters.open.count
        let sigil: UInt8? = sigilOffset < source.count ? source.bytes[sigilOffset] : nil

        var kind: Tag.Kind
        var closing = delimiters.close
        var contentStart = sigilOffset + 1
        switch sigil {
        case UInt8(ascii: "{"):
            kind = .variable(escapesHTML: false)
            closing = Array("}".utf8) + delimiters.close
        case UInt8(ascii: "&"): kind = .variable(escapesHTML: false)
        case UInt8(ascii: "#"): kind = .sectionOpen(isInverted: false)
        case UInt8(ascii: "^"): kind = .sectionOpen(isInverted: true)
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "<"): kind = .parentOpen
        case UInt8(ascii: "$"): kind = .blockOpen
        case UInt8(ascii: "="):
            kind = .setDelimiters(.standard)
            closing = Array("=".utf8) + delimiters.close
        default:
            kind = .variable(escapesHTML: true)
            contentStart = sigilOffset
        }

        let closingText = String(decoding: closing, as: UTF8.self)
        guard contentStart <= source.count,
            let contentEnd = source.firstOffset(of: closing, from: contentStart)
        else {
            throw error(
                "tag opened here is never closed; add \"\(closingText)\" to close it",
                at: start)
        }
        let contentRange = contentStart..<contentEnd
        // Comments may contain anything, and `{{={{ }}=}}` legitimately repeats the delimiter.
        let mayContainOpenDelimiter: Bool
        switch kind {
        case .comment, .setDelimiters: mayContainOpenDelimiter = true
        default: mayContainOpenDelimiter = false
        }
        if !mayContainOpenDelimiter, source.contains(delimiters.open, in: contentRange) {
            throw error(
                "tag opened here is not closed before the next \"\(delimiters.openText)\"; "
                    + "add \"\(closingText)\" to close it",
                at: start)
        }

        let content = Parser.trimmed(source.string(contentRange))
        let tag = Tag(kind: kind, start: start, end: contentEnd + closing.count, content: content)
        if case .setDelimiters = kind {
            return Tag(
                kind: .setDelimiters(try newDelimiters(in: tag)), start: tag.start, end: tag.end,
                content: content)
        }
        return tag
    }

    /// Parses the two delimiters of a `{{=<% %>=}}` tag.
    private func newDelimiters(in tag: Tag) throws -> Delimiters {
        let parts = tag.content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
        guard parts.count == 2 else {
            throw error(
                "invalid delimiter change \(tag.written(with: delimiters)): write the opening and "
                    + "the closing delimiter separated by a space, for example "
                    + "\(delimiters.openText)=<% %>=\(delimiters.closeText)",
                at: tag.start)
        }
        guard !parts.contains(where: { $0.contains("=") }) else {
            throw error(
                "invalid delimiter change \(tag.written(with: delimiters)): delimiters cannot "
                    + "contain \"=\"; choose others, for example <% and %>",
                at: tag.start)
        }
        return Delimiters(open: Array(parts[0].utf8), close: Array(parts[1].utf8))
    }

    /// Returns `text` without leading and trailing spaces, tabs and newlines.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !SourceText.isSpace($0) }),
            let last = bytes.lastIndex(where: { !SourceText.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
