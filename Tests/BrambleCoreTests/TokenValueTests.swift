import Testing
import BrambleCore

/// Tokens and lines hold positions only, and the syntax tree reads their values from the file.
/// These tests check every way a value is stored: a word, a plain string, a string with
/// escapes, a block string, and a comment, with LF and CRLF line endings.
@Suite struct TokenValueTests {
    static let source = """
        1 or "Steal the \\"signing\\" key"  # the goal
          1.1 "Phish an admin"
            likelihood likely
            description \"\"\"
              First line.
                Indented line.
              \"\"\"
            ref CWE-79, https://example.com/a?b=c#d
        """

    func parsed(_ text: String) -> SyntaxTree {
        SyntaxTree.parse(SourceFile(path: "tokens.bramble", text: text))
    }

    func values(_ syntax: SyntaxTree) -> [[String]] {
        syntax.lines.indices.map { line in syntax.tokens(ofLine: line).map(syntax.text) }
    }

    @Test func readsEveryKindOfValue() {
        let syntax = parsed(Self.source)
        #expect(values(syntax).filter { !$0.isEmpty } == [
            ["1", "or", "Steal the \"signing\" key"],
            ["1.1", "Phish an admin"],
            ["likelihood", "likely"],
            ["description", "First line.\n  Indented line."],
            ["ref", "CWE-79", ",", "https://example.com/a?b=c#d"],
        ])
        #expect(syntax.comment(ofLine: 0) == " the goal")
        #expect(syntax.comment(ofLine: 1) == nil)
    }

    @Test func crlfReadsTheSameAsLF() {
        let lf = parsed(Self.source + "\n")
        let crlf = parsed(Self.source.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        #expect(values(crlf) == values(lf))
        #expect(crlf.comment(ofLine: 0) == " the goal")
    }

    @Test func commentAtTheEndOfTheFile() {
        let syntax = parsed("1 \"Goal\" #last")
        #expect(syntax.comment(ofLine: 0) == "last")
        let empty = parsed("1 \"Goal\" #")
        #expect(empty.comment(ofLine: 0) == "")
    }

    @Test func comparesWordsByBytes() {
        let syntax = parsed("use 1.2\n  usE x\n  use-it y\n  \"use\" z")
        let heads = syntax.lines.indices.map { syntax.tokens(ofLine: $0)[0] }
        #expect(heads.map { syntax.isWord($0, "use") } == [true, false, false, false])
        #expect(syntax.sameText(heads[0], heads[0]))
        #expect(!syntax.sameText(heads[0], heads[1]))
        // A string is never the same as a word, even with the same letters.
        #expect(!syntax.sameText(heads[0], heads[3]))
        #expect(heads.map { syntax.firstByte(ofWord: $0) } == [UInt8(ascii: "u"), UInt8(ascii: "u"), UInt8(ascii: "u"), nil])
    }

    @Test func unterminatedStringKeepsWhatWasRead() {
        let syntax = parsed("1 \"Open ended")
        #expect(values(syntax)[0] == ["1", "Open ended"])
        #expect(syntax.diagnostics.hasErrors)
    }

    @Test func idsParseFromBytesAsFromText() {
        for text in ["1", "1.2.3", "1.256", String(repeating: "1.", count: 15) + "1", "1.0", "x", ""] {
            #expect(NodeID(parsingUTF8: Array(text.utf8)) == NodeID(parsing: text), "\(text)")
        }
    }
}
