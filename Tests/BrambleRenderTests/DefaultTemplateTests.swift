import BrambleRender
import Foundation
import Mustache
import Testing
import TestSupport

@Suite struct DefaultTemplateTests {
    static let templateURL = SharedFixtures.packageRoot.appendingPathComponent("templates/remediation-plan.md.mustache")

    @Test func builtInMatchesShippedFile() throws {
        let file = try Data(contentsOf: Self.templateURL)

        #expect(Data(DefaultTemplates.remediationPlanMarkdown.utf8) == file)
    }

    @Test func builtInParses() throws {
        let template = try Template(source: DefaultTemplates.remediationPlanMarkdown, name: "remediation-plan.md.mustache")

        #expect(template.name == "remediation-plan.md.mustache")
    }

    @Test func shippedFileParses() throws {
        let template = try Template(contentsOf: Self.templateURL)

        #expect(template.name == "remediation-plan.md.mustache")
    }

    @Test func shippedFileRendersLikeBuiltIn() throws {
        // Both templates must produce the same plan, apart from the final newline that only
        // the shipped file has.
        let analysis = try analyze(payrollTreeSource)
        let shipped = try Template(contentsOf: Self.templateURL)

        let fromFile = try RemediationPlan.markdown(analysis, template: shipped)
        let builtIn = try RemediationPlan.markdown(analysis)

        #expect(fromFile.hasPrefix(builtIn))
        #expect(fromFile.count - builtIn.count <= 1)
    }
}

@Suite struct DefaultHTMLTemplateTests {
    static let templateURL = SharedFixtures.packageRoot.appendingPathComponent("templates/remediation-plan.html.mustache")

    @Test func builtInMatchesShippedFile() throws {
        let file = try Data(contentsOf: Self.templateURL)

        #expect(Data(DefaultTemplates.remediationPlanHTML.utf8) == file)
    }

    @Test func pageIsSelfContained() throws {
        let source = DefaultTemplates.remediationPlanHTML

        #expect(!source.contains("http://"))
        #expect(!source.contains("<link"))
        #expect(!source.contains("<script"))
        #expect(!source.contains("@import"))
    }
}
