extension Parser {
    /// Parses the name of a variable or section tag: `.` or keys joined by dots.
    func dottedName(of tag: Tag) throws -> DottedName {
        try checkSingleWord(tag.content, in: tag)
        return try dottedName(tag.content, in: tag)
    }

    /// Parses the name of a partial or parent tag: a fixed name, or `*` and a dotted name that
    /// is looked up in the context while rendering.
    func partialName(of tag: Tag) throws -> PartialName {
        let name = Parser.normalizedName(tag.content)
        try checkSingleWord(name, in: tag)
        guard name.hasPrefix("*") else {
            return .fixed(name)
        }
        let path = String(name.dropFirst())
        guard !path.isEmpty else {
            throw error(
                "tag \(tag.written(with: delimiters)) has no name after \"*\"; write the key "
                    + "that contains the partial name, for example "
                    + example(for: tag, name: "*name"),
                at: tag.start)
        }
        return .dynamic(try dottedName(path, in: tag))
    }

    /// Parses the name of a block tag, which is any text without whitespace.
    func blockName(of tag: Tag) throws -> String {
        try checkSingleWord(tag.content, in: tag)
        return tag.content
    }

    /// Returns a tag name with the space after a leading `*` removed, so that `{{> * name}}`
    /// and `{{/*name}}` name the same thing.
    static func normalizedName(_ content: String) -> String {
        guard content.hasPrefix("*") else {
            return content
        }
        return "*" + Parser.trimmed(String(content.dropFirst()))
    }

    private func dottedName(_ name: String, in tag: Tag) throws -> DottedName {
        if name == "." {
            return DottedName(keys: [])
        }
        let keys = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else {
            throw error(
                "tag \(tag.written(with: delimiters)) has an invalid dotted name; write keys "
                    + "separated by single dots, for example a.b, or \".\" for the current item",
                at: tag.start)
        }
        return DottedName(keys: keys)
    }

    /// Throws unless `name` is non-empty and contains no whitespace.
    private func checkSingleWord(_ name: String, in tag: Tag) throws {
        if name.isEmpty {
            throw error(
                "tag \(tag.written(with: delimiters)) has no name; write one between the "
                    + "delimiters, for example \(example(for: tag, name: "name"))",
                at: tag.start)
        }
        if name.utf8.contains(where: SourceText.isSpace) {
            throw error(
                "tag \(tag.written(with: delimiters)) has a name with whitespace in it; names "
                    + "are single words, so remove the space or use a dotted name such as a.b",
                at: tag.start)
        }
    }

    /// Returns `tag` written with `name`, as an example for a message.
    private func example(for tag: Tag, name: String) -> String {
        Tag(kind: tag.kind, start: tag.start, end: tag.end, content: name).written(with: delimiters)
    }
}
