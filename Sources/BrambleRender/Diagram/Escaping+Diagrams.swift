/// Escaping for the contexts of diagrams that the plain DOT string does not cover.
extension Escaping {
    /// Escapes one line of text for an HTML-like DOT label. `&`, `<`, `>` and `"` become
    /// entities. Graphviz 2.42 decodes the entities and then applies its escString rules
    /// (`\N` is the node name, `\\` a backslash), so each backslash is doubled. Control
    /// characters, line breaks included, become spaces: a caller splits lines itself and
    /// joins them with `<br/>`.
    public static func dotHTML(_ text: String) -> String {
        if !needsEscaping(text, special: dotHTMLSpecial) { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "\\": output += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { output += " " } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// Returns a URL that can be written into SVG as it is: Graphviz 2.42 copies `href` and
    /// `URL` values into the SVG without escaping them. Characters that are not allowed in a
    /// URL are percent-encoded, and so is `\`, which Graphviz would treat as an escape. `&`
    /// becomes `&amp;` so the XML stays well-formed and reads back as the same URL.
    public static func svgURL(_ url: String) -> String {
        var output = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;"
            case 0x21, 0x23...0x25, 0x27...0x3B, 0x3D, 0x3F...0x5B, 0x5D, 0x5F, 0x61...0x7A, 0x7E:
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Escapes text for a quoted Mermaid label. Mermaid reads `#NAME;` and `#NUMBER;` as
    /// character codes, so every ASCII character other than letters, digits, space and
    /// `.,:-()%'/?!+=` is written as its decimal code, such as `#35;` for `#`. That keeps
    /// quotes, brackets, pipes, `<`, `&`, backslashes and semicolons from ending the label or
    /// forming HTML. Letters beyond ASCII (emoji, Arabic, Hebrew) stay as written, except the
    /// invisible bidirectional controls, which are encoded so the source text shows them.
    /// Line breaks become `<br/>`; other control characters become spaces.
    public static func mermaidLabel(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: output += "<br/>"
            case 0x0D: continue
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x20:
                output.unicodeScalars.append(scalar)
            case _ where ".,:-()%'/?!+=".unicodeScalars.contains(scalar):
                output.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0x7F: output += " "
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                output += "#\(scalar.value);"
            case 0x21...0x7E: output += "#\(scalar.value);"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
