/// Escaping of user text for each output context. Every string that came from a tree file goes
/// through one of these before it reaches an output.
public enum Escaping {
    /// Escapes text for a double-quoted DOT string (an ID or a plain label). Quotes and
    /// backslashes are escaped, and line breaks become Graphviz's centred-line escape `\n`.
    public static func dotString(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { output += " " } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
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

    /// Escapes text for inline Markdown, table cells included: ASCII punctuation that Markdown
    /// gives a meaning to is backslash-escaped, `<`, `>` and `&` become entities so no HTML is
    /// formed, and line breaks become `<br>` so a table row stays on one line.
    public static func markdownInline(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\n": output += "<br>"
            case "\r": continue
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", "!", "|", "~", "\"", "$", "=":
                output += "\\"
                output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { output += " " } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}
