/// Writes one statement in canonical form: its indentation, its tokens separated by one space
/// (a comma gets no space before it), strings re-quoted, and the trailing comment two spaces
/// after the last token.
struct LineRenderer {
    let file: SourceFile
    let depth: Int

    /// A rendered statement, and the comments that could not stay where they were written.
    struct Rendered {
        var text: String
        /// Comments to write on their own lines above the statement. A block string that has
        /// to be written as a quoted string loses the line its opening comment was on.
        var displacedComments: [String] = []
    }

    static func indentation(_ depth: Int) -> String {
        String(repeating: " ", count: depth * TreeFormatter.indentWidth)
    }

    /// Returns comment text without trailing spaces and tabs, which no reader can see.
    static func trimmedComment(_ comment: String) -> String {
        var scalars = Substring(comment).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    func render(tokens: [WrittenToken], comment: String?) -> Rendered {
        var rendered = Rendered(text: Self.indentation(depth))
        for (position, token) in tokens.enumerated() {
            if position > 0, token.kind != .comma { rendered.text += " " }
            switch token.kind {
            case .comma:
                rendered.text += ","
            case .word:
                rendered.text += token.text
            case .string:
                rendered.text += Self.quoted(token.text)
            case .blockString:
                appendBlockString(token, to: &rendered)
            }
        }
        if let comment {
            rendered.text += "  #" + Self.trimmedComment(comment)
        }
        return rendered
    }

    // MARK: Strings

    /// Returns `text` as a quoted string with the fewest escapes that read back to it: `\"`,
    /// `\\`, `\n`, `\t`, and `\u{...}` for every other control character.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Appends a block string: `"""` with any comment written after it, each content line one
    /// level deeper than the statement, and the closing `"""` at that same depth, so that the
    /// lexer removes exactly the indentation added here.
    private func appendBlockString(_ token: WrittenToken, to rendered: inout Rendered) {
        let opening = openingComment(of: token)
        // An empty block string has no content lines. Writing one empty line instead would read
        // back the same, but the form with none is shorter.
        let contentLines = token.text.isEmpty ? [] : token.text.split(separator: "\n", omittingEmptySubsequences: false)
        // The lexer drops one carriage return before each line feed, so a content line that ends
        // in one would lose it. Such text is written as a quoted string, which keeps it.
        guard !contentLines.contains(where: { $0.unicodeScalars.last == "\r" }) else {
            rendered.text += Self.quoted(token.text)
            if let opening { rendered.displacedComments.append(opening) }
            return
        }
        let inner = Self.indentation(depth + 1)
        rendered.text += "\"\"\""
        if let opening { rendered.text += "  #" + opening }
        for line in contentLines {
            rendered.text += "\n" + (line.isEmpty ? "" : inner + line)
        }
        rendered.text += "\n" + inner + "\"\"\""
    }

    /// Returns the comment after a block string's opening `"""`, which the lexer skips because
    /// the logical line continues on the closing line.
    private func openingComment(of token: WrittenToken) -> String? {
        let bytes = file.bytes
        var index = token.range.lowerBound + 3
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else { return nil }
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > index + 1, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Self.trimmedComment(file.text(index + 1..<end))
    }
}
