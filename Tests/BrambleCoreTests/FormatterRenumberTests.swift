import BrambleCore
import Testing

/// Renumbering: ids rewritten to match the nesting, `use` references rewritten with them, and the
/// map of the written ids that changed.
@Suite struct FormatterRenumberTests {
    func id(_ text: String) -> NodeID { NodeID(parsing: text)! }

    @Test func movedNodesRenumbered() throws {
        let input = """
        1 or "Goal"
          1.2 "Was second, now first"
          1.1 or "Was first, now second"
            1.1.1 "Child"
          1.3.1 "Moved here from under 1.3"
        """
        let expected = """
        1 or "Goal"
          1.1 "Was second, now first"
          1.2 or "Was first, now second"
            1.2.1 "Child"
          1.3 "Moved here from under 1.3"

        """
        let output = try formatOutput(input, renumber: true)
        #expect(output.text == expected)
        #expect(output.renames == [id("1.2"): id("1.1"), id("1.1"): id("1.2"), id("1.1.1"): id("1.2.1"), id("1.3.1"): id("1.3")])
    }

    @Test func missingIDsWritten() throws {
        let input = "or \"Goal\"\n  \"First\"\n  and \"Second\"\n    \"Inner\"\n  2 of 3 \"Vote\"\n"
        let expected = "1 or \"Goal\"\n  1.1 \"First\"\n  1.2 and \"Second\"\n    1.2.1 \"Inner\"\n  1.3 2 of 3 \"Vote\"\n"
        let output = try formatOutput(input, renumber: true)
        #expect(output.text == expected)
        #expect(output.renames.isEmpty)
    }

    @Test func goalKeepsWrittenID() throws {
        let output = try formatOutput("7 or \"Goal\"\n  7.3 \"Step\"\n", renumber: true)
        #expect(output.text == "7 or \"Goal\"\n  7.1 \"Step\"\n")
        #expect(output.renames == [id("7.3"): id("7.1")])
    }

    @Test func invalidIDReplaced() throws {
        let output = try formatOutput("1 or \"Goal\"\n  1.01 \"Step\"\n  1.x \"Other\"\n", renumber: true)
        #expect(output.text == "1 or \"Goal\"\n  1.1 \"Step\"\n  1.2 \"Other\"\n")
        #expect(output.renames.isEmpty)
    }

    @Test func idTokenKeepsGateAndCount() throws {
        let output = try formatOutput("1 or \"Goal\"\n  1.4 2 of 2 \"Vote\"\n    \"A\"\n    \"B\"\n", renumber: true)
        #expect(output.text == "1 or \"Goal\"\n  1.1 2 of 2 \"Vote\"\n    1.1.1 \"A\"\n    1.1.2 \"B\"\n")
    }

    @Test func useReferencesFollowRenames() throws {
        let input = """
        1 or "Goal"
          1.2 or "Second"
            1.2.1 "Shared"
          1.1 and "First"
            use 1.2.1
            1.1.1 "Own"
        """
        let expected = """
        1 or "Goal"
          1.1 or "Second"
            1.1.1 "Shared"
          1.2 and "First"
            use 1.1.1
            1.2.1 "Own"

        """
        #expect(try formatted(input, renumber: true) == expected)
    }

    @Test func useLinesTakeNoNumber() throws {
        let input = "1 or \"Goal\"\n  use 1.3\n  \"A\"\n  1.3 \"B\"\n"
        let expected = "1 or \"Goal\"\n  use 1.2\n  1.1 \"A\"\n  1.2 \"B\"\n"
        #expect(try formatted(input, renumber: true) == expected)
    }

    @Test func useOfNumberedNodeFollows() throws {
        // The checker numbers "A" 1.5, after the written 1.4, so `use 1.5` means "A".
        let input = "1 or \"Goal\"\n  1.4 \"Z\"\n  \"A\"\n  and \"C\"\n    use 1.5\n    \"D\"\n"
        let expected = "1 or \"Goal\"\n  1.1 \"Z\"\n  1.2 \"A\"\n  1.3 and \"C\"\n    use 1.2\n    1.3.1 \"D\"\n"
        let output = try formatOutput(input, renumber: true)
        #expect(output.text == expected)
        #expect(output.renames == [id("1.4"): id("1.1")])
    }

    @Test func useOfMovedNodeFollows() throws {
        // 1.9.1 no longer fits under 1.1, so the checker numbers it 1.1.1, but a `use` of its
        // written id still means it.
        let input = "1 or \"Goal\"\n  1.1 or \"A\"\n    1.9.1 \"Moved\"\n  1.2 and \"B\"\n    use 1.9.1\n    1.2.1 \"C\"\n"
        let expected = "1 or \"Goal\"\n  1.1 or \"A\"\n    1.1.1 \"Moved\"\n  1.2 and \"B\"\n    use 1.1.1\n    1.2.1 \"C\"\n"
        let output = try formatOutput(input, renumber: true)
        #expect(output.text == expected)
        #expect(output.renames == [id("1.9.1"): id("1.1.1")])
    }

    static let fragmentSource = """
        1 or "Goal"
          impact high
          1.4 "First"
            likelihood rare
          use steal-token
          1.2 and "Third"
            use 1.5.2
            use 1.4
            "Inner"
              likelihood rare

        fragment steal-token or "Steal a token"
          "From the CI logs"
            likelihood rare
          "From a laptop"
            likelihood rare
        """

    @Test func fragmentUseTakesNumber() throws {
        let expected = """
        1 or "Goal"
          impact high
          1.1 "First"
            likelihood rare
          use steal-token
          1.3 and "Third"
            use 1.2.2
            use 1.1
            1.3.1 "Inner"
              likelihood rare

        fragment steal-token or "Steal a token"
          "From the CI logs"
            likelihood rare
          "From a laptop"
            likelihood rare

        """
        let output = try formatOutput(Self.fragmentSource, renumber: true)
        #expect(output.text == expected)
        #expect(output.renames == [id("1.4"): id("1.1"), id("1.2"): id("1.3")])
    }

    @Test func renumberedFragmentTreeChecks() throws {
        let before = try #require(Checker.check(SourceFile(path: "before.bramble", text: Self.fragmentSource)).tree)
        let output = try formatted(Self.fragmentSource, renumber: true)
        let (tree, diagnostics) = Checker.check(SourceFile(path: "after.bramble", text: output))

        #expect(!diagnostics.hasErrors, "\(diagnostics.items.map(\.message))")
        let after = try #require(tree)
        #expect(after.nodes.map(\.title).sorted() == before.nodes.map(\.title).sorted())
        #expect(after.nodes.map(\.id.description) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "1.3", "1.3.1"])
        let third = try #require(after.index(of: id("1.3")))
        #expect(after.nodes[third].children.map { after.nodes[$0].id.description } == ["1.1", "1.2.2", "1.3.1"])
    }

    @Test func unknownUseLeftAlone() throws {
        let input = "1 or \"Goal\"\n  1.2 \"A\"\n  use 4.4\n  use not-an-id\n"
        #expect(try formatted(input, renumber: true) == "1 or \"Goal\"\n  1.1 \"A\"\n  use 4.4\n  use not-an-id\n")
    }

    @Test func duplicateIDMapsFirstNode() throws {
        let output = try formatOutput("1 or \"Goal\"\n  1.3 \"A\"\n  1.3 \"B\"\n", renumber: true)
        #expect(output.text == "1 or \"Goal\"\n  1.1 \"A\"\n  1.2 \"B\"\n")
        #expect(output.renames == [id("1.3"): id("1.1")])
    }

    @Test func renumberKeepsComments() throws {
        let input = "1 or \"Goal\"  # goal\n  # about B\n  1.2 \"B\"  # b\n"
        #expect(try formatted(input, renumber: true) == "1 or \"Goal\"  # goal\n  # about B\n  1.1 \"B\"  # b\n")
    }

    @Test func mitigationsUntouched() throws {
        let input = "1 \"Goal\"\n  mitigated-by m\n\nmitigation m \"M 1.2\"\n  status planned\n  ticket 1.2\n"
        #expect(try formatted(input, renumber: true) == input)
    }

    @Test func renumberedTreeChecksClean() throws {
        let input = """
        1 or "Goal"
          impact high
          1.3 "B"
            likelihood rare
          1.1 and "A"
            1.1.2 "A2"
              likelihood rare
            1.1.1 "A1"
              likelihood likely
        """
        let output = try formatted(input, renumber: true)
        let (tree, diagnostics) = Checker.check(SourceFile(path: "renumbered.bramble", text: output))
        #expect(!diagnostics.hasErrors)
        let checked = try #require(tree)
        #expect(checked.nodes.map(\.id.description) == ["1", "1.1", "1.2", "1.2.1", "1.2.2"])
        #expect(checked.nodes.map(\.title) == ["Goal", "B", "A", "A2", "A1"])
    }
}
