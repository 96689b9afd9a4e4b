/// Returns the value that cgraph stores for `text` written into a quoted DOT string by a correct
/// writer. cgraph removes only the backslash of `\"` and keeps escString sequences, so a
/// backslash stays doubled and a line break stays the two characters `\n`.
public func cgraphValue(_ text: String) -> String {
    var value = ""
    for character in text {
        switch character {
        case "\\": value += "\\\\"
        case "\n": value += "\\n"
        default: value.append(character)
        }
    }
    return value
}
