import BrambleCore

/// Source text with position markers: `①`, `②`, ... mark where diagnostics must land. The
/// markers are removed before the text is checked, so columns refer to the clean text.
struct MarkedSource {
    static let markers: [Character] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"]

    let text: String
    /// Marker character to its 1-based line and column in `text`.
    let positions: [Character: (line: Int, column: Int)]

    init(_ marked: String) {
        var clean = ""
        var positions: [Character: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        for character in marked {
            if MarkedSource.markers.contains(character) {
                positions[character] = (line, column)
                continue
            }
            clean.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        text = clean
        self.positions = positions
    }

    func check() -> (tree: AttackTree?, diagnostics: [Diagnostic]) {
        let result = Checker.check(SourceFile(path: "test.bramble", text: text))
        return (result.tree, result.diagnostics.sorted)
    }
}

/// Returns the diagnostics with `code`, for assertions.
func diagnostics(_ list: [Diagnostic], _ code: DiagnosticCode) -> [Diagnostic] {
    list.filter { $0.code == code }
}
