import BrambleCore
import Foundation
import Testing
import TestSupport

@Suite struct RegistryTreeTests {
    static let path = SharedFixtures.packageRoot.appendingPathComponent("trees/registry-storage.bramble").path

    static func load() throws -> (AttackTree?, DiagnosticList) {
        let data = try #require(FileManager.default.contents(atPath: path))
        return Checker.check(SourceFile(path: "trees/registry-storage.bramble", bytes: [UInt8](data)))
    }

    @Test func registryTreeChecksClean() throws {
        let (tree, diagnostics) = try Self.load()
        let printer = DiagnosticPrinter(useColor: false)
        let text = diagnostics.sorted.map { printer.format($0, file: nil) }.joined()
        #expect(diagnostics.items.isEmpty, "\(text)")
        #expect(tree != nil)
    }

    @Test func registryTreeHasStorageBranch() throws {
        let tree = try #require(try Self.load().0)
        let branch = try #require(tree.index(of: NodeID(parsing: "1.2.1.1")!))
        #expect(tree.nodes[branch].title == "Misconfigured storage permissions")
        #expect(tree.nodes[branch].gate == .or)
        #expect(tree.nodes[branch].children.count == 5)
    }

    @Test func registryTreeResidualBelowInherent() throws {
        let tree = try #require(try Self.load().0)
        let analysis = Analysis(tree)
        let inherent = try #require(analysis.inherent.goal.risk)
        let residual = try #require(analysis.residual.goal.risk)
        let projected = try #require(analysis.projected.goal.risk)
        #expect(residual < inherent)
        #expect(projected < residual)
        for effect in analysis.effects {
            print(tree.mitigations[effect.mitigation].name, effect.riskReduction ?? -1)
        }
        print(inherent, residual, projected)
    }
}
