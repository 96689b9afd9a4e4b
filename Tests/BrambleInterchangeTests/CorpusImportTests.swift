import BrambleCore
import BrambleInterchange
import Foundation
import Testing
import TestSupport

/// One file of the shared corpus of trees written with other tools, and what importing it
/// must report.
struct CorpusCase: Sendable, CustomStringConvertible {
    let file: String
    let format: String
    let dialect: String
    let nodes: Int
    let edges: Int
    let mitigations: Int
    let attributes: Int
    /// The warning codes the checker may give on the imported tree, each documented in
    /// docs/interchange.md: Deciduous has no likelihoods and chains of single sources.
    let allowedWarnings: Set<String>

    var description: String { file }
}

let deciduousWarnings: Set<String> = ["missing-likelihood", "single-child-gate", "unused-mitigation"]

let corpusCases: [CorpusCase] = [
    CorpusCase(file: "adtool-xml/idcard-4domains.xml", format: "adtool", dialect: "ADTool 2 (domainId parameters)",
               nodes: 33, edges: 32, mitigations: 0, attributes: 80, allowedWarnings: []),
    CorpusCase(file: "adtool-xml/idcard-ata-dialect.xml", format: "adtool", dialect: "TREsPASS (class/name parameters)",
               nodes: 33, edges: 32, mitigations: 0, attributes: 80, allowedWarnings: []),
    CorpusCase(file: "deciduous-yaml/unrealistic-traces.yaml", format: "deciduous", dialect: "Deciduous",
               nodes: 12, edges: 17, mitigations: 5, attributes: 1, allowedWarnings: deciduousWarnings),
    CorpusCase(file: "deciduous-yaml/missing-logs.yaml", format: "deciduous", dialect: "Deciduous",
               nodes: 25, edges: 37, mitigations: 12, attributes: 5, allowedWarnings: deciduousWarnings),
    CorpusCase(file: "deciduous-yaml/thanksploitation.yml", format: "deciduous", dialect: "Deciduous",
               nodes: 30, edges: 42, mitigations: 14, attributes: 2, allowedWarnings: deciduousWarnings),
    CorpusCase(file: "deciduous-yaml/cryptominer-in-container.yaml", format: "deciduous", dialect: "Deciduous",
               nodes: 31, edges: 43, mitigations: 12, attributes: 5, allowedWarnings: deciduousWarnings),
    CorpusCase(file: "deciduous-yaml/s3-bucket-video-recordings.yaml", format: "deciduous", dialect: "Deciduous",
               nodes: 37, edges: 55, mitigations: 12, attributes: 11, allowedWarnings: deciduousWarnings),
]

/// Reads a corpus file.
func corpusInput(_ file: String) throws -> InterchangeInput {
    let url = try SharedFixtures.url("corpus/\(file)")
    return InterchangeInput(path: url.path, bytes: [UInt8](try Data(contentsOf: url)))
}

/// Imports a corpus file in its format.
func importCorpus(_ file: String, format: String) throws -> TreeImport {
    let input = try corpusInput(file)
    return format == "adtool" ? try ADToolImporter.importTree(input) : try DeciduousImporter.importTree(input)
}

@Suite("Corpus imports", .enabled(if: SharedFixtures.enabled))
struct CorpusImportTests {
    @Test("counts and dialect", arguments: corpusCases)
    func countsAndDialect(_ item: CorpusCase) throws {
        let summary = try importCorpus(item.file, format: item.format).summary
        #expect(summary.nodes == item.nodes)
        #expect(summary.edges == item.edges)
        #expect(summary.mitigations == item.mitigations)
        #expect(summary.attributes == item.attributes)
        #expect(summary.dialect.hasPrefix(item.dialect))
        #expect(summary.text.contains("dialect: \(item.dialect)"))
    }

    @Test("output checks with documented warnings only", arguments: corpusCases)
    func outputChecks(_ item: CorpusCase) throws {
        let result = try importCorpus(item.file, format: item.format)
        let check = Checker.check(SourceFile(path: "imported.bramble", text: result.source))
        #expect(check.tree != nil)
        #expect(!check.diagnostics.hasErrors)
        let codes = Set(check.diagnostics.sorted.map(\.code.rawValue))
        #expect(codes.isSubset(of: item.allowedWarnings), "unexpected diagnostics: \(codes.subtracting(item.allowedWarnings))")
    }

    @Test("output is formatted", arguments: corpusCases)
    func outputFormatted(_ item: CorpusCase) throws {
        let result = try importCorpus(item.file, format: item.format)
        let formatted = try TreeFormatter.format(SourceFile(path: "imported.bramble", text: result.source)).text
        #expect(formatted == result.source)
    }

    @Test("output scores and renders", arguments: corpusCases)
    func scoresAndRenders(_ item: CorpusCase) throws {
        let folder = try ScratchFolder()
        let result = try importCorpus(item.file, format: item.format)
        let path = try folder.write(result.source, to: "tree.bramble")
        let score = runBramble(["score", path, "--format", "json"])
        #expect(score.status == .success)
        #expect(score.console.outputText.contains("\"goal\""))
        let render = runBramble(["render", path, "--format", "dot"])
        #expect(render.status == .success)
        #expect(render.console.outputText.hasPrefix("digraph"))
    }

    @Test("import is deterministic", arguments: corpusCases)
    func deterministic(_ item: CorpusCase) throws {
        let first = try importCorpus(item.file, format: item.format)
        let second = try importCorpus(item.file, format: item.format)
        #expect(first.source == second.source)
        #expect(first.summary.text == second.summary.text)
    }

    @Test("export round trip", arguments: corpusCases)
    func exportRoundTrip(_ item: CorpusCase) throws {
        let imported = try importCorpus(item.file, format: item.format)
        let xml = try ADToolExporter.export(imported.tree)
        let back = try ADToolImporter.importTree(InterchangeInput(path: "export.xml", bytes: Array(xml.utf8)))
        try expectSameTree(imported.tree, back.tree)
    }
}

@Suite("ADTool corpus mapping", .enabled(if: SharedFixtures.enabled))
struct ADToolCorpusMappingTests {
    @Test("four domains become attributes")
    func fourDomains() throws {
        let tree = try importCorpus("adtool-xml/idcard-4domains.xml", format: "adtool").tree
        let step = try #require(tree.index(of: NodeID([1, 1, 1])).map { tree.nodes[$0] })
        #expect(step.title == "Ethan threatens Terry to execute IN Terry ITEM idcard x002 ACTOR Sydney Sydney")
        #expect(step.cost == Amount(value: 50, unit: nil))
        #expect(step.likelihood?.value == 0.75)
        #expect(step.skill?.level == "M")
        #expect(step.time?.hours == 1)
        #expect(tree.goal.gate == .and)
        #expect(tree.nodes[tree.goal.children[0]].gate == .or)
    }

    @Test("long label kept whole")
    func longLabel() throws {
        let tree = try importCorpus("adtool-xml/idcard-4domains.xml", format: "adtool").tree
        let longest = tree.nodes.map(\.title).max { $0.count < $1.count }
        #expect(longest?.count == 107)
    }

    @Test("ordinal values use declared scales")
    func ordinalScales() throws {
        let result = try importCorpus("adtool-xml/idcard-ata-dialect.xml", format: "adtool")
        #expect(result.source.contains("scale likelihood L=0.2 M=0.5 H=0.8"))
        #expect(result.source.contains("scale skill L=1 M=2 H=3 V=4"))
        let step = try #require(result.tree.index(of: NodeID([1, 1, 4, 1, 2])).map { result.tree.nodes[$0] })
        #expect(step.likelihood?.level == "L")
        #expect(step.skill?.level == "V")
        #expect(step.time?.unit == "months")
    }

    @Test("profit kept and reported")
    func profitKept() throws {
        let result = try importCorpus("adtool-xml/idcard-ata-dialect.xml", format: "adtool")
        #expect(result.tree.info.description?.contains("profit=\"1000000\"") == true)
        #expect(result.summary.notes.contains { $0.contains("profit") })
    }

    @Test("both dialects give one structure")
    func sameStructure() throws {
        let adtool = try importCorpus("adtool-xml/idcard-4domains.xml", format: "adtool").tree
        let trespass = try importCorpus("adtool-xml/idcard-ata-dialect.xml", format: "adtool").tree
        #expect(adtool.nodes.map(\.id) == trespass.nodes.map(\.id))
        #expect(adtool.nodes.map(\.title) == trespass.nodes.map(\.title))
        #expect(adtool.nodes.map(\.gate) == trespass.nodes.map(\.gate))
    }
}

@Suite("Deciduous corpus mapping", .enabled(if: SharedFixtures.enabled))
struct DeciduousCorpusMappingTests {
    @Test("every gate is or")
    func everyGateIsOr() throws {
        for item in corpusCases where item.format == "deciduous" {
            let result = try importCorpus(item.file, format: item.format)
            #expect(result.tree.nodes.allSatisfy { $0.gate == nil || $0.gate == .or }, "\(item.file)")
            #expect(result.summary.notes.contains { $0.contains("no AND gates") }, "\(item.file)")
        }
    }

    @Test("edge label with hash kept")
    func hashLabelKept() throws {
        let tree = try importCorpus("deciduous-yaml/cryptominer-in-container.yaml", format: "deciduous").tree
        let fact = try #require(tree.nodes.first { $0.title == "Publicly exposed Docker Socket" })
        #expect(fact.tags == ["fact"])
        #expect(fact.description?.contains("from attack 'shodan', edge label \"#yolosec\"") == true)
    }

    @Test("mitigation attached to countered attack")
    func mitigationAttached() throws {
        let tree = try importCorpus("deciduous-yaml/cryptominer-in-container.yaml", format: "deciduous").tree
        let shodan = try #require(tree.nodes.first { $0.title == "Run Shodan or scanning tool" })
        let names = shodan.mitigations.map { tree.mitigations[$0].name }
        #expect(names == ["private_socket"])
    }

    @Test("shared node written once")
    func sharedNode() throws {
        let tree = try importCorpus("deciduous-yaml/cryptominer-in-container.yaml", format: "deciduous").tree
        let shared = tree.sharedNodes.map { tree.nodes[$0].title }
        #expect(shared.contains("Publicly exposed Docker Socket"))
        #expect(tree.nodes.count { $0.title == "Publicly exposed Docker Socket" } == 1)
    }

    @Test("backwards edges close cycles")
    func cyclesResolved() throws {
        let result = try importCorpus("deciduous-yaml/s3-bucket-video-recordings.yaml", format: "deciduous")
        let cycles = result.summary.notes.filter { $0.hasPrefix("cycle ") }
        #expect(cycles.count == 4)
        #expect(cycles.contains { $0.contains("phishing -> compromise_admin_creds -> 2fa -> recon_on_s3 -> find_systems_with_access -> internal_only_bucket -> phishing") })
        #expect(cycles.allSatisfy { $0.contains("backwards edge") })
        #expect(cycles.allSatisfy { $0.contains("left out of the tree") })
    }

    @Test("several goals under synthetic goal")
    func severalGoals() throws {
        let result = try importCorpus("deciduous-yaml/s3-bucket-video-recordings.yaml", format: "deciduous")
        let goals = result.tree.goal.children.map { result.tree.nodes[$0].title }
        #expect(goals == ["Access video recordings in S3 bucket (attackers win)", "Access company bank account"])
        #expect(result.summary.notes.contains { $0.contains("synthetic OR goal") })
    }

    @Test("empty labels get default titles")
    func emptyLabels() throws {
        let tree = try importCorpus("deciduous-yaml/s3-bucket-video-recordings.yaml", format: "deciduous").tree
        #expect(tree.nodes.contains { $0.title == "Phishing" })
        #expect(tree.nodes.contains { $0.title == "Brute force" })
    }

    @Test("not implemented edge gives planned")
    func plannedMitigation() throws {
        let tree = try importCorpus("deciduous-yaml/s3-bucket-video-recordings.yaml", format: "deciduous").tree
        let hsm = try #require(tree.mitigations.first { $0.name == "single_tenant_hsm" })
        #expect(hsm.status == .planned)
    }

    @Test("dead ends named and reported")
    func deadEnds() throws {
        let result = try importCorpus("deciduous-yaml/missing-logs.yaml", format: "deciduous")
        #expect(result.summary.notes.contains("2 facts or attacks lead to no goal and were left out: host_clock, wrong_parsing"))
        let wrongTime = try #require(result.tree.nodes.first { $0.title == "wrong log times" })
        #expect(wrongTime.description?.contains("Leads to attack 'host_clock' (incorrect host clock), which reaches no goal") == true)
    }

    @Test("file without facts imports")
    func withoutFacts() throws {
        let tree = try importCorpus("deciduous-yaml/thanksploitation.yml", format: "deciduous").tree
        #expect(tree.goal.title == "Receive federal pardon (Rick wins)")
        #expect(!tree.nodes.contains { $0.tags.contains("fact") })
    }
}

/// Expects two trees to have the same structure, gates, titles, attributes and mitigations,
/// walking both from the goal in child order. Shared nodes must be shared in both.
func expectSameTree(_ original: AttackTree, _ copy: AttackTree, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    #expect(original.nodes.count == copy.nodes.count, sourceLocation: sourceLocation)
    #expect(original.sharedNodes.count == copy.sharedNodes.count, sourceLocation: sourceLocation)
    var pairs: [Int: Int] = [:]
    var work = [(0, 0)]
    while let (left, right) = work.popLast() {
        if let seen = pairs[left] {
            #expect(seen == right, "node \(original.nodes[left].id) is shared differently", sourceLocation: sourceLocation)
            continue
        }
        pairs[left] = right
        let a = original.nodes[left]
        let b = copy.nodes[right]
        #expect(a.title == b.title, sourceLocation: sourceLocation)
        #expect(a.gate == b.gate, "gate of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.likelihood?.value == b.likelihood?.value, "likelihood of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.impact?.value == b.impact?.value, "impact of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.cost == b.cost, "cost of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.skill == b.skill, "skill of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.time?.hours == b.time?.hours, "time of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.description == b.description, "description of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.tags == b.tags, "tags of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.references == b.references, "references of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.mitigations.map { original.mitigations[$0].name } == b.mitigations.map { copy.mitigations[$0].name },
                "mitigations of \(a.id)", sourceLocation: sourceLocation)
        #expect(a.children.count == b.children.count, "children of \(a.id)", sourceLocation: sourceLocation)
        guard a.children.count == b.children.count else { continue }
        work.append(contentsOf: zip(a.children, b.children).reversed())
    }
    #expect(original.mitigations.map(\.name) == copy.mitigations.map(\.name), sourceLocation: sourceLocation)
    for (a, b) in zip(original.mitigations, copy.mitigations) {
        #expect(a.title == b.title, sourceLocation: sourceLocation)
        #expect(a.status == b.status, "status of \(a.name)", sourceLocation: sourceLocation)
        #expect(a.effectiveness?.reduction == b.effectiveness?.reduction, "effectiveness of \(a.name)", sourceLocation: sourceLocation)
        #expect(a.owner == b.owner, sourceLocation: sourceLocation)
        #expect(a.cost == b.cost, sourceLocation: sourceLocation)
        #expect(a.ticket == b.ticket, sourceLocation: sourceLocation)
        #expect(a.due == b.due, sourceLocation: sourceLocation)
        #expect(a.description == b.description, sourceLocation: sourceLocation)
    }
    #expect(original.info.title == copy.info.title, sourceLocation: sourceLocation)
    #expect(original.likelihoodScale == copy.likelihoodScale, sourceLocation: sourceLocation)
    #expect(original.skillScale == copy.skillScale, sourceLocation: sourceLocation)
}
