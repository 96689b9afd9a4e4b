import BrambleCore
import Testing

/// Formats `text` and returns the canonical text, or fails the test when the formatter rejects it.
func formatted(_ text: String, renumber: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    try formatOutput(text, renumber: renumber, sourceLocation: sourceLocation).text
}

/// Formats `text` and returns the whole output, renames included.
func formatOutput(
    _ text: String, renumber: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> TreeFormatter.Output {
    let file = SourceFile(path: "sample.bramble", text: text)
    do {
        return try TreeFormatter.format(file, options: TreeFormatter.Options(renumber: renumber))
    } catch {
        let codes = error.diagnostics.items.map(\.code.rawValue)
        Issue.record("the formatter rejected the text: \(codes)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Returns the diagnostic codes of checking `text`, in file order.
func diagnosticCodes(_ text: String) -> [String] {
    Checker.check(SourceFile(path: "sample.bramble", text: text)).diagnostics.sorted.map(\.code.rawValue)
}

/// Checks two trees field by field, with one expectation per field so that a failure names the
/// node or mitigation and the field that differ. Locations are not compared, because formatting
/// moves text.
func expectEqualTrees(_ lhs: AttackTree, _ rhs: AttackTree, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(lhs.info.title == rhs.info.title, "tree title", sourceLocation: sourceLocation)
    #expect(lhs.info.version == rhs.info.version, "tree version", sourceLocation: sourceLocation)
    #expect(lhs.info.authors == rhs.info.authors, "tree authors", sourceLocation: sourceLocation)
    #expect(lhs.info.date == rhs.info.date, "tree date", sourceLocation: sourceLocation)
    #expect(lhs.info.scope == rhs.info.scope, "tree scope", sourceLocation: sourceLocation)
    #expect(lhs.info.description == rhs.info.description, "tree description", sourceLocation: sourceLocation)
    #expect(lhs.likelihoodScale == rhs.likelihoodScale, "likelihood scale", sourceLocation: sourceLocation)
    #expect(lhs.impactScale == rhs.impactScale, "impact scale", sourceLocation: sourceLocation)
    #expect(lhs.riskScale == rhs.riskScale, "risk scale", sourceLocation: sourceLocation)
    #expect(lhs.skillScale == rhs.skillScale, "skill scale", sourceLocation: sourceLocation)

    #expect(lhs.nodes.map(\.id) == rhs.nodes.map(\.id), "node ids in order", sourceLocation: sourceLocation)
    for (left, right) in zip(lhs.nodes, rhs.nodes) where left.id == right.id {
        let node = "node \(left.id)"
        #expect(left.title == right.title, "\(node): title", sourceLocation: sourceLocation)
        #expect(left.gate == right.gate, "\(node): gate", sourceLocation: sourceLocation)
        #expect(left.children.map { lhs.nodes[$0].id } == right.children.map { rhs.nodes[$0].id },
                "\(node): children", sourceLocation: sourceLocation)
        #expect(left.parent.map { lhs.nodes[$0].id } == right.parent.map { rhs.nodes[$0].id },
                "\(node): parent", sourceLocation: sourceLocation)
        #expect(left.parents.map { lhs.nodes[$0].id } == right.parents.map { rhs.nodes[$0].id },
                "\(node): parents", sourceLocation: sourceLocation)
        #expect(left.likelihood?.value == right.likelihood?.value, "\(node): likelihood value", sourceLocation: sourceLocation)
        #expect(left.likelihood?.level == right.likelihood?.level, "\(node): likelihood level", sourceLocation: sourceLocation)
        #expect(left.impact?.value == right.impact?.value, "\(node): impact value", sourceLocation: sourceLocation)
        #expect(left.impact?.level == right.impact?.level, "\(node): impact level", sourceLocation: sourceLocation)
        #expect(left.cost == right.cost, "\(node): cost", sourceLocation: sourceLocation)
        #expect(left.skill == right.skill, "\(node): skill", sourceLocation: sourceLocation)
        #expect(left.time == right.time, "\(node): time", sourceLocation: sourceLocation)
        #expect(left.description == right.description, "\(node): description", sourceLocation: sourceLocation)
        #expect(left.references == right.references, "\(node): references", sourceLocation: sourceLocation)
        #expect(left.tags == right.tags, "\(node): tags", sourceLocation: sourceLocation)
        #expect(left.mitigations.map { lhs.mitigations[$0].name } == right.mitigations.map { rhs.mitigations[$0].name },
                "\(node): mitigations", sourceLocation: sourceLocation)
    }

    #expect(lhs.mitigations.map(\.name) == rhs.mitigations.map(\.name), "mitigation names in order", sourceLocation: sourceLocation)
    for (left, right) in zip(lhs.mitigations, rhs.mitigations) where left.name == right.name {
        let mitigation = "mitigation \(left.name)"
        #expect(left.title == right.title, "\(mitigation): title", sourceLocation: sourceLocation)
        #expect(left.status == right.status, "\(mitigation): status", sourceLocation: sourceLocation)
        #expect(left.effectiveness == right.effectiveness, "\(mitigation): effectiveness", sourceLocation: sourceLocation)
        #expect(left.owner == right.owner, "\(mitigation): owner", sourceLocation: sourceLocation)
        #expect(left.cost == right.cost, "\(mitigation): cost", sourceLocation: sourceLocation)
        #expect(left.effort == right.effort, "\(mitigation): effort", sourceLocation: sourceLocation)
        #expect(left.ticket == right.ticket, "\(mitigation): ticket", sourceLocation: sourceLocation)
        #expect(left.due == right.due, "\(mitigation): due", sourceLocation: sourceLocation)
        #expect(left.description == right.description, "\(mitigation): description", sourceLocation: sourceLocation)
        #expect(left.justification == right.justification, "\(mitigation): justification", sourceLocation: sourceLocation)
        #expect(left.references == right.references, "\(mitigation): references", sourceLocation: sourceLocation)
        #expect(left.tags == right.tags, "\(mitigation): tags", sourceLocation: sourceLocation)
        #expect(left.covers.map { lhs.nodes[$0].id } == right.covers.map { rhs.nodes[$0].id },
                "\(mitigation): covered nodes", sourceLocation: sourceLocation)
    }
}

/// Messy but readable inputs that the property tests format: every layout the formatter has to
/// normalise, with and without checker errors.
enum FormatterSamples {
    static let all: [(name: String, text: String)] = [
        ("spacing", """
        tree   "Spacing"   # header comment
            version   "1.0"
            author "A"
            author    "B"
        1    or   "Goal"
            impact    high
            1.1   and "Both"
                    1.1.1 "First"
                        likelihood    30%
                        ref CWE-732,T1530 ,   https://example.com/a?b=c#frag
                        cost 500   USD
                    1.1.2 "Second"
                        likelihood rare
            1.2 "Other"
                likelihood likely
                mitigated-by   m1 ,m2
        mitigation m1 "One"
            status   implemented
            effectiveness   90%
        mitigation m2 "Two"
            status planned
            effectiveness 0.5
            due 2027-01-15
        """),
        ("comments", """


        # file comment
        #no space after the hash
        #

        tree "Comments"  #   trailing, spaced
        # above the goal
        1 or "Goal"   # goal comment
            impact high
              # between levels
            1.1 "Step"
                likelihood rare  #x
                    # deeper than anything
            # back at the child level
            1.2 "Step two"
                likelihood possible


          # end of the goal block
        # before the mitigation
        mitigation m "M"
            status accepted
            justification "Because"
        # last line
        """),
        ("strings", #"""
        1 or "Goal \"quoted\" \u{41}\u{1b}\u{2192} tab\tnew\nline back\\slash"
          impact high
          description "\u{7F} and \u{85} stay escaped"
          1.1 "Step"
            likelihood rare
            description """
                Raw \text with "quotes" and \u{41}.

                  Indented more.
                # not a comment
                """
          1.2 "Empty block"
            likelihood rare
            description """
            """
        """#),
        ("block strings", """
        tree "Blocks"
          description \"\"\"   # about the description
                Deeply indented content
              less indented than the closing line
                \"\"\"   # closing comment
        1 "Goal"
          impact 3
          likelihood 0.5
          description \"\"\"
          Text at the closing line's level
          \"\"\"
        """),
        ("semantic errors", """
        1 or "Goal"
            impact severe
            1.1 "Step"
                likelihood likley
                mitigated-by missing-control
            1.1 "Duplicate id"
                likelihood rare
            1.5.1 "Misplaced id"
                likelihood rare
        """),
        ("extensions", """
        tree "Extensions"
            scale skill layman=1 expert=3
        1   sand "Goal"
            impact high
            1.1  2   of   3 "Two of three"
                1.1.1 "A"
                    likelihood rare
                    skill   expert
                    time 3   days
                    tag   network ,  initial-access
                1.1.2 "B"
                    likelihood rare
                use    1.2.1
            1.2 or "Shared parent"
                1.2.1 "Shared step"
                    likelihood possible
        mitigation m "M"
            status planned
            effectiveness 50%
            effort   5 person-days
            tag   detective
        """),
        ("profiles", """
        tree "Profiles"
            profile   script-kiddie    "Opportunistic attacker"
                max-skill   proficient
                max-cost 500   USD   # per step
                max-time   2 days
            scale skill layman=1 proficient=2 expert=3
            profile insider
              max-skill expert
        1   or "Goal"
            impact high
            1.1 "A"
                likelihood rare
                skill expert
        """),
        ("fragments", """
        include   "library.bramble"
        include "more.bramble"
        1   or "Goal"
            impact high
            use   steal-token
            1.2 "Other"
                likelihood rare
        fragment   steal-token  or "Steal a token"
            "From the CI logs"
                likelihood rare
            "From a laptop"
                likelihood unlikely
        """),
        ("no ids", """
        or "Goal"
          impact high
          "First"
            likelihood rare
          and "Second"
            "Inner"
              likelihood rare
            "Inner two"
              likelihood rare
        """),
        ("empty", ""),
        ("only comments", "# one\n\n\n# two"),
    ]
}
