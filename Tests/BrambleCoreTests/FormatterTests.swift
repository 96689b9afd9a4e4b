import BrambleCore
import Testing

/// Golden cases: messy input and the exact canonical text expected for it.
@Suite struct FormatterTests {
    @Test func spacingAndIndentationNormalised() throws {
        let input = """
        tree   "T"
            version    "1.0"
        1   or    "Goal"
            impact   high
            1.1    "Step"
                  ref CWE-732,T1530 ,   CWE-250
                  mitigated-by   a ,b
                  cost 500   USD
        """
        let expected = """
        tree "T"
          version "1.0"

        1 or "Goal"
          impact high
          1.1 "Step"
            ref CWE-732, T1530, CWE-250
            mitigated-by a, b
            cost 500 USD

        """
        #expect(try formatted(input) == expected)
    }

    @Test func tabsBetweenTokensBecomeSpaces() throws {
        #expect(try formatted("1\tor\t\"Goal\"\n  impact\thigh\n") == "1 or \"Goal\"\n  impact high\n")
    }

    @Test func fileHeaderCommentKept() throws {
        let input = "# Tree of the registry.\n#\n#   indented note   \n1 \"Goal\"\n"
        #expect(try formatted(input) == "# Tree of the registry.\n#\n#   indented note\n1 \"Goal\"\n")
    }

    @Test func trailingCommentsTwoSpacesAway() throws {
        let input = "tree \"T\"#glued\n1 or \"Goal\"      #   far away   \n  impact high # one space\n"
        let expected = "tree \"T\"  #glued\n\n1 or \"Goal\"  #   far away\n  impact high  # one space\n"
        #expect(try formatted(input) == expected)
    }

    @Test func hashInsideWordNotComment() throws {
        let input = "1 \"Goal\"\n  ref https://example.com/page#section\n"
        #expect(try formatted(input) == input)
    }

    @Test func commentLinesFollowTheirBlock() throws {
        let input = """
        1 or "Goal"
            # first child comes next
            1.1 "Step"
                likelihood rare
                  # between the attribute and deeper
              # between the levels
            # back at child level
            1.2 "Other"
                likelihood rare
        # at the margin
        """
        let expected = """
        1 or "Goal"
          # first child comes next
          1.1 "Step"
            likelihood rare
              # between the attribute and deeper
            # between the levels
          # back at child level
          1.2 "Other"
            likelihood rare
        # at the margin

        """
        #expect(try formatted(input) == expected)
    }

    @Test func blankLinesCollapsedToOne() throws {
        let input = "\n\n1 or \"Goal\"\n\n\n\n  impact high\n\n\n  1.1 \"Step\"\n\n\n"
        #expect(try formatted(input) == "1 or \"Goal\"\n\n  impact high\n\n  1.1 \"Step\"\n")
    }

    @Test func topLevelBlocksSeparatedByBlank() throws {
        let input = """
        tree "T"
          version "1"
        1 "Goal"
          impact high
        mitigation a "A"
          status planned
        mitigation b "B"
          status planned
        """
        let expected = """
        tree "T"
          version "1"

        1 "Goal"
          impact high

        mitigation a "A"
          status planned

        mitigation b "B"
          status planned

        """
        #expect(try formatted(input) == expected)
    }

    @Test func marginCommentStaysWithNextBlock() throws {
        let input = """
        1 "Goal"
          impact high
        # Controls for the goal.
        # Second line.
        mitigation a "A"
          status planned
        """
        let expected = """
        1 "Goal"
          impact high

        # Controls for the goal.
        # Second line.
        mitigation a "A"
          status planned

        """
        #expect(try formatted(input) == expected)
    }

    @Test func oneLineStatementsStayGrouped() throws {
        let input = """
        include "a.bramble"
        include   "b.bramble"

        include "c.bramble"
        tree "T"
        fragment shared
          "Step"
        1 "Goal"
        """
        let expected = """
        include "a.bramble"
        include "b.bramble"

        include "c.bramble"

        tree "T"

        fragment shared
          "Step"

        1 "Goal"

        """
        #expect(try formatted(input) == expected)
    }

    @Test func indentedCommentStaysInBlock() throws {
        let input = "1 \"Goal\"\n  impact high\n  # end of the goal\nmitigation a \"A\"\n  status planned\n"
        let expected = "1 \"Goal\"\n  impact high\n  # end of the goal\n\nmitigation a \"A\"\n  status planned\n"
        #expect(try formatted(input) == expected)
    }

    @Test func finalNewlineAdded() throws {
        #expect(try formatted("1 \"Goal\"") == "1 \"Goal\"\n")
    }

    @Test func emptyFileStaysEmpty() throws {
        #expect(try formatted("") == "")
        #expect(try formatted("\n\n  \n") == "")
    }

    // MARK: Strings

    @Test func stringsRequotedMinimally() throws {
        let input = #"1 "A \u{41} \u{2192} \"q\" \\ \u{9} \u{a} \u{1b} \u{7f} é""# + "\n"
        let expected = #"1 "A A → \"q\" \\ \t \n \u{1B} \u{7F} é""# + "\n"
        #expect(try formatted(input) == expected)
    }

    @Test func emptyStringKept() throws {
        let input = "1 \"\"\n"
        #expect(try formatted(input) == input)
    }

    @Test func wordBeforeStringSeparated() throws {
        #expect(try formatted("1 or\"Goal\"\n  ref CWE-1,CWE-2\n") == "1 or \"Goal\"\n  ref CWE-1, CWE-2\n")
    }

    @Test func blockStringReindented() throws {
        let input = """
        1 "Goal"
            description \"\"\"
                  First line, indented two more.
                Second line.

                Fourth line after a blank one.
                \"\"\"
        """
        let expected = """
        1 "Goal"
          description \"\"\"
              First line, indented two more.
            Second line.

            Fourth line after a blank one.
            \"\"\"

        """
        #expect(try formatted(input) == expected)
    }

    @Test func blockStringContentKeptExactly() throws {
        let input = """
        1 "Goal"
          description \"\"\"
            Raw \\n and \\u{41} and "quotes", trailing spaces:  \u{20}
            # a hash line is content
            \"\"\"
        """
        let output = try formatted(input)
        #expect(output.contains(#"    Raw \n and \u{41} and "quotes", trailing spaces:   "#))
        #expect(output.contains("\n    # a hash line is content\n"))
    }

    @Test func underindentedBlockLineMovesIn() throws {
        let input = "1 \"Goal\"\n  description \"\"\"\n  short\n      deeper\n    \"\"\"\n"
        let expected = "1 \"Goal\"\n  description \"\"\"\n    short\n      deeper\n    \"\"\"\n"
        #expect(try formatted(input) == expected)
    }

    @Test func blockStringCommentsKept() throws {
        let input = "1 \"Goal\"\n  description \"\"\"    # opening   \n    Text\n    \"\"\"   # closing\n"
        let expected = "1 \"Goal\"\n  description \"\"\"  # opening\n    Text\n    \"\"\"  # closing\n"
        #expect(try formatted(input) == expected)
    }

    @Test func emptyBlockStringHasNoLines() throws {
        let input = "1 \"Goal\"\n  description \"\"\"\n\n  \"\"\"\n"
        #expect(try formatted(input) == "1 \"Goal\"\n  description \"\"\"\n    \"\"\"\n")
    }

    @Test func carriageReturnInBlockBecomesQuoted() throws {
        let input = "1 \"Goal\"\n  description \"\"\"  # note\n    ends in CR\r\r\n    \"\"\"\n"
        let expected = "1 \"Goal\"\n  # note\n  description \"ends in CR\\u{D}\"\n"
        #expect(try formatted(input) == expected)
    }

    // MARK: Encodings

    @Test func crlfBecomesLF() throws {
        let input = "tree \"T\"\r\n  version \"1\"\r\n\r\n1 \"Goal\"  # c\r\n  description \"\"\"\r\n    Text\r\n    \"\"\"\r\n"
        let expected = "tree \"T\"\n  version \"1\"\n\n1 \"Goal\"  # c\n  description \"\"\"\n    Text\n    \"\"\"\n"
        #expect(try formatted(input) == expected)
    }

    @Test func byteOrderMarkDropped() throws {
        let file = SourceFile(path: "bom.bramble", bytes: [0xEF, 0xBB, 0xBF] + Array("1 \"Goal\"\r\n".utf8))
        #expect(try TreeFormatter.format(file).text == "1 \"Goal\"\n")
    }

    // MARK: Language extensions

    @Test func extensionLinesPassThrough() throws {
        let input = """
        1   sand   "Goal"
            1.1   2  of  3   "Two of three"
                use   1.2.1
                1.1.1 "A"
                    skill   expert
                    time   3 days
                    tag  network,initial-access
            1.2 "B"
        mitigation m "M"
            effort   5   person-days
            tag detective
        """
        let expected = """
        1 sand "Goal"
          1.1 2 of 3 "Two of three"
            use 1.2.1
            1.1.1 "A"
              skill expert
              time 3 days
              tag network, initial-access
          1.2 "B"

        mitigation m "M"
          effort 5 person-days
          tag detective

        """
        #expect(try formatted(input) == expected)
    }

    @Test func unknownStatementsKept() throws {
        let input = "1 \"Goal\"\n  frobnicate   the  \"widget\" , now\n"
        #expect(try formatted(input) == "1 \"Goal\"\n  frobnicate the \"widget\", now\n")
    }

    // MARK: Errors

    @Test("Syntax errors reject the file", arguments: [
        ("tab indentation", "1 \"Goal\"\n\timpact high\n", DiagnosticCode.tabIndentation),
        ("unterminated string", "1 \"Goal\n", .unterminatedString),
        ("unterminated block", "1 \"Goal\"\n  description \"\"\"\n    text\n", .unterminatedString),
        ("invalid escape", "1 \"Go\\qal\"\n", .invalidEscape),
        ("text after opening", "1 \"Goal\"\n  description \"\"\" text\n    \"\"\"\n", .unexpectedToken),
        ("inconsistent indentation", "1 or \"Goal\"\n    1.1 \"A\"\n  1.2 \"B\"\n", .inconsistentIndentation),
        ("indented first line", "  1 \"Goal\"\n", .inconsistentIndentation),
    ])
    func syntaxErrorsReject(name: String, text: String, code: DiagnosticCode) {
        let file = SourceFile(path: "broken.bramble", text: text)
        #expect(throws: TreeFormatter.SyntaxErrors.self, "\(name)") {
            try TreeFormatter.format(file)
        }
        do {
            _ = try TreeFormatter.format(file)
        } catch {
            #expect(error.diagnostics.items.contains { $0.code == code }, "\(name)")
        }
    }

    @Test func semanticErrorsStillFormat() throws {
        let input = "1 \"Goal\"\n    likelihood likley\n    mitigated-by nowhere\n"
        #expect(try formatted(input) == "1 \"Goal\"\n  likelihood likley\n  mitigated-by nowhere\n")
    }
}

/// The attacker profiles of the tree header keep their nested limits.
@Suite struct ProfileFormatterTests {
    @Test func profileBlockIsIndentedOneLevelBelowTheHeader() throws {
        let input = "tree \"T\"\n    profile   kiddie   \"K\"\n            max-skill  layman\n1 \"Goal\"\n  impact 1\n  likelihood rare\n"
        let expected = "tree \"T\"\n  profile kiddie \"K\"\n    max-skill layman\n\n1 \"Goal\"\n  impact 1\n  likelihood rare\n"
        #expect(try formatted(input) == expected)
        #expect(try formatted(expected) == expected)
    }
}
