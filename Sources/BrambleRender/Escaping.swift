/// Escaping of user text for each output context. Every string that came from a tree file goes
/// through one of these before it reaches an output.
public enum Escaping {
    /// Escapes text for a double-quoted DOT string (an ID or a plain label). Quotes and
    /// backslashes are escaped, and line breaks become Graphviz's centred-line escape `\n`.
    public static func dotString(_ text: String) -> String {
        dotEscaped(text, ampersand: false, backslash: "\\\\")
    }

    /// Escapes text for a DOT label. Graphviz decodes HTML entities in plain labels, so `&` is
    /// written as `&amp;` to keep text such as `&lt;` as written.
    public static func dotLabel(_ text: String) -> String {
        dotEscaped(text, ampersand: true, backslash: "\\\\")
    }

    /// Escapes text for a DOT tooltip. Graphviz 2.42 applies its backslash escapes (`\N`,
    /// `\G`, ...) to tooltips twice, so each backslash is doubled before the DOT escaping
    /// doubles it again. `&` is written as `&amp;` because entities are decoded too.
    public static func dotTooltip(_ text: String) -> String {
        dotEscaped(text, ampersand: true, backslash: "\\\\\\\\")
    }

    /// Escapes text for a quoted DOT string in one pass: `"` as `\"`, each backslash as
    /// `backslash`, `&` as `&amp;` when `ampersand` is set, a line break as `\n`, and other
    /// control characters as spaces.
    private static func dotEscaped(_ text: String, ampersand: Bool, backslash: String) -> String {
        if !needsEscaping(text, special: ampersand ? dotSpecialWithAmpersand : dotSpecial) { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += backslash
            case "\n": output += "\\n"
            case "\r": continue
            case "&" where ampersand: output += "&amp;"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { output += " " } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// A set of ASCII bytes as a 128-bit mask, which is tested with a shift and no hashing.
    struct ASCIISet {
        private var words: (UInt64, UInt64) = (0, 0)

        init(_ characters: String) {
            for byte in characters.utf8 where byte < 0x80 {
                if byte < 64 { words.0 |= 1 << UInt64(byte) } else { words.1 |= 1 << UInt64(byte - 64) }
            }
        }

        func contains(_ byte: UInt8) -> Bool {
            if byte < 64 { return words.0 & (1 << UInt64(byte)) != 0 }
            return byte < 128 && words.1 & (1 << UInt64(byte - 64)) != 0
        }
    }

    /// The bytes that the DOT escapers change, besides control characters.
    static let dotSpecial = ASCIISet("\"\\")
    static let dotSpecialWithAmpersand = ASCIISet("\"\\&")
    static let dotHTMLSpecial = ASCIISet("&<>\"\\")

    /// Returns whether an escaper would change `text`: whether it contains a control character
    /// (below 0x20, or 0x7F) or one of `special`. Most titles contain none, and are then
    /// returned as they are, without being copied scalar by scalar.
    static func needsEscaping(_ text: String, special: ASCIISet) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || special.contains($0) }
    }

    /// Escapes text for HTML and XML content and attribute values.
    public static func html(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                if (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// Escapes text for inline Markdown, table cells included. Characters that start inline
    /// markup anywhere (`\ ` * _ [ ] | ~ $`) are backslash-escaped; `<`, `>` and `&` become
    /// entities so no HTML is formed; line breaks become `<br>` so a table row stays on one
    /// line; and a leading `-`, `+`, `#` or `=` is escaped so it cannot start a block. A
    /// leading `1.` is left alone: it can only turn a line into a list item.
    public static func markdownInline(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        var atStart = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\n":
                output += "<br>"
                atStart = true
                continue
            case "\r": continue
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$":
                output += "\\"
                output.unicodeScalars.append(scalar)
            case _ where atStart && "-+#=".unicodeScalars.contains(scalar):
                output += "\\"
                output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    output += " "
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
            atStart = false
        }
        return output
    }
}
