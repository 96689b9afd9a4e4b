/// The indentation that the renderer applies at each line start of the template text it
/// renders: standalone partials add their indentation, and blocks swap the indentation of
/// the place where they are defined for that of the place where they are expanded.
struct LineIndentation {
    /// Whitespace removed from the start of each template line, when present.
    var removed: String = ""
    /// Text written at the start of each template line.
    var added: String = ""
    /// Whether the next line start writes nothing, because the output already continues a
    /// line there. A block whose first line follows text in the output sets it.
    var skipsNextLineStart = false

    var isEmpty: Bool {
        removed.isEmpty && added.isEmpty && !skipsNextLineStart
    }

    /// Returns the indentation of a template line that begins with `leadingSpace`, after
    /// removing and adding indentation, and clears `skipsNextLineStart`.
    mutating func indentation(ofLineWith leadingSpace: String) -> String {
        let removedLength = commonPrefixLength(leadingSpace)
        let remainingSpace = String(
            decoding: leadingSpace.utf8.dropFirst(removedLength), as: UTF8.self)
        if skipsNextLineStart {
            skipsNextLineStart = false
            return remainingSpace
        }
        return added + remainingSpace
    }

    /// Returns how many bytes at the start of `text` match `removed`.
    func commonPrefixLength(_ text: some Collection<UInt8>) -> Int {
        var length = 0
        for (byte, removedByte) in zip(text, removed.utf8) {
            guard byte == removedByte else { break }
            length += 1
        }
        return length
    }

    func commonPrefixLength(_ text: String) -> Int {
        commonPrefixLength(text.utf8)
    }
}

extension Renderer {
    /// Writes the indentation for a line start, or nothing when `skipsNextLineStart` is set.
    func beginLine() {
        if indentation.skipsNextLineStart {
            indentation.skipsNextLineStart = false
        } else {
            output.append(contentsOf: indentation.added.utf8)
        }
    }

    /// Writes literal template text, applying the indentation at its line starts.
    /// - Complexity: O(n) in the length of the text.
    func writeTemplateText(_ text: String, startsLine: Bool) {
        if indentation.isEmpty {
            output.append(contentsOf: text.utf8)
            return
        }

        let bytes = Array(text.utf8)
        var index = 0
        if startsLine {
            index = indentation.commonPrefixLength(bytes)
            beginLine()
        }
        while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
            output.append(contentsOf: bytes[index...newline])
            index = newline + 1
            // A final newline ends the text; the next node marks its own line start.
            guard index < bytes.count else { return }
            index += indentation.commonPrefixLength(bytes[index...])
            beginLine()
        }
        output.append(contentsOf: bytes[index...])
    }
}
