import BrambleCore
import Testing

/// One test per diagnostic code not covered elsewhere, each marking where it must land.
@Suite struct RemainingDiagnosticTests {
    func one(
        _ source: MarkedSource, _ code: DiagnosticCode, at marker: Character,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        let found = Checker.check(SourceFile(path: "t.bramble", text: source.text), today: "2026-01-01")
            .diagnostics.sorted.filter { $0.code == code }
        #expect(found.count == 1, "expected one \(code.rawValue), got \(found.map(\.message))", sourceLocation: sourceLocation)
        guard let first = found.first, let position = source.positions[marker] else { return nil }
        #expect(first.location.line == position.line, sourceLocation: sourceLocation)
        #expect(first.location.column == position.column, sourceLocation: sourceLocation)
        return first
    }

    @Test func attributeWithoutValue() {
        _ = one(MarkedSource("1 \"Goal\"\n  impact high\n  ①likelihood\n"), .missingValue, at: "①")
    }

    @Test func mitigationWithoutStatus() {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood rare
          mitigated-by m
        ①mitigation m "M"
          effectiveness 10%
        """)
        _ = one(source, .missingValue, at: "①")
    }

    @Test func attributeGivenTwice() throws {
        let source = MarkedSource("1 \"Goal\"\n  ②impact high\n  likelihood rare\n  ①impact low\n")
        let diagnostic = try #require(one(source, .duplicateAttribute, at: "①"))
        #expect(diagnostic.notes.first?.location?.line == source.positions["②"]?.line)
    }

    @Test func nodeWithoutTitle() {
        _ = one(MarkedSource("1 or \"Goal\"\n  impact 1\n  ①1.1\n    likelihood rare\n  1.2 \"x\"\n    likelihood rare\n"), .missingTitle, at: "①")
    }

    @Test func emptyTitleRejected() {
        _ = one(MarkedSource("1 ①\"\"\n  impact 1\n  likelihood rare\n"), .missingTitle, at: "①")
    }

    @Test func secondHeaderRejected() {
        let source = MarkedSource("tree \"A\"\n①tree \"B\"\n1 \"Goal\"\n  impact 1\n  likelihood rare\n")
        _ = one(source, .duplicateHeader, at: "①")
    }

    @Test func fragmentDefinedTwice() {
        let source = MarkedSource("""
        fragment f or "F"
          "x"
            likelihood rare
          "y"
            likelihood rare
        fragment ①f "Again"
          likelihood rare
        """)
        _ = one(source, .duplicateFragment, at: "①")
    }

    @Test func malformedID() {
        _ = one(MarkedSource("1 or \"Goal\"\n  impact 1\n  ①1.02 \"x\"\n    likelihood rare\n  1.3 \"y\"\n    likelihood rare\n"), .invalidID, at: "①")
    }

    @Test func gateWithoutChildrenWarned() {
        let source = MarkedSource("1 or \"Goal\"\n  impact 1\n  1.1 ①and \"Empty\"\n  1.2 \"y\"\n    likelihood rare\n")
        _ = one(source, .gateWithoutChildren, at: "①")
    }

    @Test func costNotANumber() {
        _ = one(MarkedSource("1 \"Goal\"\n  impact 1\n  likelihood rare\n  cost ①cheap\n"), .invalidNumber, at: "①")
    }

    @Test func signedNumberRejected() {
        _ = one(MarkedSource("1 \"Goal\"\n  impact 1\n  likelihood rare\n  cost ①-5 USD\n"), .invalidNumber, at: "①")
    }

    @Test func scaleNotIncreasing() {
        let source = MarkedSource("tree \"T\"\n  scale likelihood low=0.5 ①high=0.2\n1 \"Goal\"\n  impact 1\n  likelihood low\n")
        _ = one(source, .invalidScale, at: "①")
    }

    @Test func unknownScaleName() throws {
        let source = MarkedSource("tree \"T\"\n  scale ①impakt low=1\n1 \"Goal\"\n  impact 1\n  likelihood rare\n")
        let diagnostic = try #require(one(source, .invalidScale, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'impact'?"))
    }

    @Test func impossibleDateRejected() {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood rare
          mitigated-by m
        mitigation m "M"
          status planned
          effectiveness 10%
          due ①2027-02-30
        """)
        _ = one(source, .invalidDate, at: "①")
    }

    @Test func mitigationDefinedTwice() throws {
        let source = MarkedSource("""
        1 "Goal"
          impact 1
          likelihood rare
          mitigated-by m
        ②mitigation m "M"
          status implemented
          effectiveness 10%
        mitigation ①m "Again"
          status implemented
          effectiveness 10%
        """)
        let diagnostic = try #require(one(source, .duplicateMitigation, at: "①"))
        #expect(diagnostic.notes.first?.location?.line == source.positions["②"]?.line)
    }

    static let goal = "\n1 \"Goal\"\n  impact 1\n  likelihood rare\n"

    @Test func profileDeclaredTwice() throws {
        let source = MarkedSource("tree \"T\"\n  profile ②kiddie\n    max-skill layman\n  profile ①kiddie\n" + Self.goal)
        let diagnostic = try #require(one(source, .duplicateProfile, at: "①"))
        #expect(diagnostic.notes.first?.location?.line == source.positions["②"]?.line)
    }

    @Test func unknownProfileAttributeSuggestsTheClosest() throws {
        let source = MarkedSource("tree \"T\"\n  profile kiddie\n    ①max-skil layman\n" + Self.goal)
        let diagnostic = try #require(one(source, .unknownAttribute, at: "①"))
        #expect(diagnostic.message.contains("did you mean 'max-skill'?"))
    }

    @Test func profileSkillMustBeALevel() throws {
        let source = MarkedSource("tree \"T\"\n  profile kiddie\n    max-skill ①guru\n" + Self.goal)
        let diagnostic = try #require(one(source, .unknownLevel, at: "①"))
        #expect(diagnostic.message.contains("layman"))
    }

    @Test func profileSkillUsesTheDeclaredScaleWrittenLater() {
        let source = MarkedSource("tree \"T\"\n  profile kiddie\n    max-skill novice\n  scale skill novice=1 guru=2\n" + Self.goal)
        let result = Checker.check(SourceFile(path: "t.bramble", text: source.text), today: "2026-01-01")
        #expect(result.tree?.profiles.first?.maxSkill?.value == 1)
    }

    @Test func profileCostMustBeANumber() {
        _ = one(MarkedSource("tree \"T\"\n  profile kiddie\n    max-cost ①lots\n" + Self.goal), .invalidNumber, at: "①")
    }

    @Test func profileTimeNeedsAKnownUnit() throws {
        let source = MarkedSource("tree \"T\"\n  profile kiddie\n    max-time 3 ①fortnights\n" + Self.goal)
        _ = try #require(one(source, .invalidUnit, at: "①"))
    }

    @Test func profileNeedsAName() {
        _ = one(MarkedSource("tree \"T\"\n  ①profile\n" + Self.goal), .missingValue, at: "①")
    }
}
