import BrambleCore
import Testing

@Suite struct DiagnosticTests {
    /// Checks that exactly one diagnostic with `code` lands at `marker` and returns it.
    func expectOne(
        _ source: MarkedSource, _ code: DiagnosticCode, at marker: Character,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        let found = diagnostics(source.check().diagnostics, code)
        #expect(found.count == 1, "expected one \(code.rawValue), got \(found.map(\.message))", sourceLocation: sourceLocation)
        guard let first = found.first, let position = source.positions[marker] else { return nil }
        #expect(first.location.line == position.line, sourceLocation: sourceLocation)
        #expect(first.location.column == position.column, sourceLocation: sourceLocation)
        return first
    }

    @Test func misspeltAttributeSuggestsFix() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "Step"
            ①likelyhood likely
          1.2 "Other"
            likelihood rare
        """)
        let diagnostic = try #require(expectOne(source, .unknownAttribute, at: "①"))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("did you mean 'likelihood'?"))
    }

    @Test func misspeltGateSuggestsFix() throws {
        let source = MarkedSource("""
        1 ①ro "Goal"
          impact high
          1.1 "Step"
            likelihood rare
        """)
        let diagnostic = try #require(expectOne(source, .unknownKeyword, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'or'?"))
    }

    @Test func unknownLevelSuggestsFix() throws {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood ①likley
        """)
        let diagnostic = try #require(expectOne(source, .unknownLevel, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'likely'?"))
    }

    @Test func unknownMitigationSuggestsFix() throws {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood rare
          mitigated-by ①block-public-acess

        mitigation block-public-access "Block public access"
          status implemented
          effectiveness 90%
        """)
        let diagnostic = try #require(expectOne(source, .unknownMitigation, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'block-public-access'?"))
    }

    @Test func duplicateIDPointsAtFirst() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          ②1.1 "Step"
            likelihood rare
          ①1.1 "Again"
            likelihood rare
        """)
        let diagnostic = try #require(expectOne(source, .duplicateID, at: "①"))
        let note = try #require(diagnostic.notes.first?.location)
        #expect(note.line == source.positions["②"]!.line)
        #expect(note.column == source.positions["②"]!.column)
    }

    @Test func duplicateOfAutomaticID() throws {
        // The unnumbered step takes 1.2, and the written 1.2 after it repeats that id.
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "Step"
            likelihood rare
          ②"Numbered automatically"
            likelihood rare
          ①1.2 "Written"
            likelihood rare
        """)
        let diagnostic = try #require(expectOne(source, .duplicateID, at: "①"))
        #expect(diagnostic.length == 3)
        #expect(diagnostic.notes.first?.message == "first used here, where it was numbered automatically")
        #expect(diagnostic.notes.first?.location?.line == source.positions["②"]!.line)
    }

    @Test func duplicateGoalWithoutID() throws {
        // A goal without an id is numbered 1, like the goal before it. The error underlines
        // the gate, the first token of the line.
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "Step"
            likelihood rare
        ①or "Second goal"
          1.1 "Other step"
            likelihood rare
        """)
        let found = diagnostics(source.check().diagnostics, .duplicateID)
        #expect(found.count == 2)
        let goal = try #require(found.first { $0.location.line == source.positions["①"]!.line })
        #expect(goal.location.column == source.positions["①"]!.column)
        #expect(goal.length == 2)
    }

    @Test func duplicateAmongUnsortedSiblings() throws {
        // Siblings in ascending order rule out repeats, so siblings out of order bring the
        // check for them back.
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "A"
            likelihood rare
          1.3 and "B"
            1.3.2 "C"
              likelihood rare
            1.3.1 "D"
              likelihood rare
            ①1.3.2 "E"
              likelihood rare
          1.2 "F"
            likelihood rare
        """)
        _ = try #require(expectOne(source, .duplicateID, at: "①"))
    }

    @Test func misplacedIDSaysWhichFits() throws {
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "Step"
            likelihood rare
          ①1.3.1 "Wrong place"
            likelihood rare
        """)
        let diagnostic = try #require(expectOne(source, .misplacedID, at: "①"))
        #expect(diagnostic.message.contains("write 1.2"))
    }

    @Test func unterminatedStringAtQuote() {
        let source = MarkedSource("""
        1 ①"Goal
          impact high
        """)
        _ = expectOne(source, .unterminatedString, at: "①")
    }

    @Test func invalidEscapeReported() {
        let source = MarkedSource(#"""
        1 "C:①\dir"
          impact high
          likelihood rare
        """#)
        _ = expectOne(source, .invalidEscape, at: "①")
    }

    @Test func tabIndentationReported() {
        let source = MarkedSource("1 \"Goal\"\n①\timpact high\n")
        _ = expectOne(source, .tabIndentation, at: "①")
    }

    @Test func inconsistentIndentationReported() {
        let source = MarkedSource("""
        1 or "Goal"
            impact high
            1.1 "Step"
              likelihood rare
          ①1.2 "Dedented to no level"
            likelihood rare
        """)
        _ = expectOne(source, .inconsistentIndentation, at: "①")
    }

    @Test func likelihoodOnGateRejected() {
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          ①likelihood likely
          1.1 "Step"
            likelihood rare
          1.2 "Step"
            likelihood rare
        """)
        _ = expectOne(source, .misplacedAttribute, at: "①")
    }

    @Test func probabilityAboveOneRejected() {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood ①1.5
        """)
        _ = expectOne(source, .valueOutOfRange, at: "①")
    }

    @Test func referenceFormChecked() {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood rare
          ref CWE-732, ①CWE-abc, T1530
        """)
        _ = expectOne(source, .invalidReference, at: "①")
    }

    @Test func childrenWithoutGateRejected() {
        let source = MarkedSource("""
        ①1 "Goal"
          impact high
          1.1 "Step"
            likelihood rare
          1.2 "Step"
            likelihood rare
        """)
        _ = expectOne(source, .missingGate, at: "①")
    }

    @Test func secondGoalRejected() {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood rare
        ①2 "Another goal"
          likelihood rare
        """)
        _ = expectOne(source, .multipleGoals, at: "①")
    }

    @Test func mitigationProblemsReported() {
        let source = MarkedSource("""
        1 "Goal"
          impact high
          likelihood rare
          mitigated-by a, b

        ①mitigation a "Planned without effectiveness"
          status planned
        mitigation b "Status misspelt"
          status ②implemnted
          effectiveness ③150%
        ④mitigation c "Accepted without reason"
          status accepted
        """)
        _ = expectOne(source, .missingEffectiveness, at: "①")
        let status = expectOne(source, .invalidStatus, at: "②")
        #expect(status?.message.contains("did you mean 'implemented'?") == true)
        _ = expectOne(source, .valueOutOfRange, at: "③")
        _ = expectOne(source, .missingJustification, at: "④")
        _ = expectOne(source, .unusedMitigation, at: "④")
    }

    @Test func warningsForIncompleteTree() {
        let source = MarkedSource("""
        ①1 or "Goal"
          1.1 ②or "Only child"
            ③1.1.1 "Step without likelihood"
          1.2 "Step"
            likelihood rare
        """)
        _ = expectOne(source, .missingImpact, at: "①")
        _ = expectOne(source, .singleChildGate, at: "②")
        _ = expectOne(source, .missingLikelihood, at: "③")
    }

    @Test func everyProblemReportedInOneRun() {
        let source = MarkedSource("""
        1 or "Goal"
          impact high
          1.1 "Step"
            likelyhood likely
          1.2 "Step"
            likelihood sometimes
          1.2 "Duplicate"
            likelihood rare
            mitigated-by nothing
        """)
        let codes = Set(source.check().diagnostics.map(\.code))
        #expect(codes.isSuperset(of: [.unknownAttribute, .unknownLevel, .duplicateID, .unknownMitigation]))
    }

    @Test func printerShowsCaretUnderProblem() {
        let text = "1 \"Goal\"\n  impact high\n  likelyhood rare\n"
        let file = SourceFile(path: "t.bramble", text: text)
        let diagnostic = Checker.check(file).diagnostics.sorted.first { $0.code == .unknownAttribute }!
        let printed = DiagnosticPrinter(useColor: false).format(diagnostic, file: file)
        #expect(printed.hasPrefix("t.bramble:3:3: error: unknown attribute 'likelyhood' (did you mean 'likelihood'?)"))
        #expect(printed.contains("3 |   likelyhood rare\n  |   ^~~~~~~~~~\n"))
    }

    @Test func printerNeutralisesControlCharacters() {
        let text = "1 \"Goal\"\n  impact high\n  \u{1B}[31mbad rare\n"
        let file = SourceFile(path: "t.bramble", text: text)
        let printed = Checker.check(file).diagnostics.sorted
            .map { DiagnosticPrinter(useColor: false).format($0, file: file) }.joined()
        #expect(!printed.contains("\u{1B}"))
    }
}

@Suite struct DiagnosticLimitTests {
    @Test func diagnosticsCappedPerCode() {
        let text = "1 \"" + String(repeating: "\\q", count: 250) + "\"\n  impact 1\n  likelihood rare\n"
        let diagnostics = Checker.check(SourceFile(path: "t.bramble", text: text)).diagnostics
        #expect(diagnostics.items.count { $0.code == .invalidEscape } == DiagnosticList.limitPerCode)
        #expect(diagnostics.errorCount == 250)
        #expect(diagnostics.droppedSummary == ["150 more invalid-escape errors not shown"])
    }

    @Test func otherCodesStillReported() {
        let text = "1 \"" + String(repeating: "\\q", count: 250) + "\"\n  impact 1\n  likelyhood rare\n"
        let diagnostics = Checker.check(SourceFile(path: "t.bramble", text: text)).diagnostics
        #expect(diagnostics.items.contains { $0.code == .unknownAttribute })
    }
}
