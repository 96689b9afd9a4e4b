import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation
import Testing

@Suite struct DOTWriterTests {
    /// A goal with twelve steps written in the order 1.12, 1.11, ..., 1.1, so that file order,
    /// string order and numeric order all differ.
    static let twelveStepsSource: String = {
        var source = "1 or \"Goal\"\n  impact high\n"
        for number in (1...12).reversed() {
            source += "  1.\(number) \"Step \(number)\"\n    likelihood rare\n"
        }
        return source
    }()

    static let numericOrder = (1...12).map { "node-1.\($0)" }

    @Test func sameInputSameBytes() throws {
        let first = DOTWriter().write(try analyze(payrollTreeSource))
        let second = DOTWriter().write(try analyze(payrollTreeSource))

        #expect(first == second)
        #expect(Data(first.utf8) == Data(second.utf8))
    }

    @Test func repeatedWritesIdentical() throws {
        let analysis = try analyze(Self.twelveStepsSource)
        let writer = DOTWriter()
        let reference = writer.write(analysis)

        for _ in 0..<20 {
            #expect(writer.write(analysis) == reference)
        }
    }

    @Test("Every view is deterministic", arguments: View.allCases)
    func viewDeterministic(view: View) throws {
        var options = DOTWriter.Options()
        options.view = view

        let first = DOTWriter(options: options).write(try analyze(payrollTreeSource))
        let second = DOTWriter(options: options).write(try analyze(payrollTreeSource))

        #expect(first == second)
        #expect(first.contains("· \(view.rawValue) risk</font>"))
    }

    @Test func siblingStatementsInNumericOrder() throws {
        let dot = DOTWriter().write(try analyze(Self.twelveStepsSource))
        let statements = dot.components(separatedBy: "\n").filter { $0.hasPrefix("  \"node-1.") && $0.contains(" [id=") }
        let names = statements.map { String($0.dropFirst(3).prefix { $0 != "\"" }) }

        #expect(names == Self.numericOrder)
    }

    @Test func siblingEdgesInNumericOrder() throws {
        let dot = DOTWriter().write(try analyze(Self.twelveStepsSource))

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.edgePairs.map(\.head) == Self.numericOrder)
        #expect(graph.edgePairs.allSatisfy { $0.tail == "node-1" })
    }

    @Test func twoBeforeTen() throws {
        let dot = DOTWriter().write(try analyze(Self.twelveStepsSource))
        let two = try #require(dot.range(of: "\"node-1.2\" [id="))
        let ten = try #require(dot.range(of: "\"node-1.10\" [id="))

        #expect(two.lowerBound < ten.lowerBound)
    }

    @Test func parsedNodesInNumericOrder() throws {
        let dot = DOTWriter().write(try analyze(Self.twelveStepsSource))

        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.nodes.map(\.name) == ["legend", "node-1"] + Self.numericOrder)
    }

    @Test func nodeClassesMatchKinds() throws {
        let graph = try Graphviz.parse(dot: DOTWriter().write(try analyze(payrollTreeSource)))

        #expect(graph.node(named: "node-1")?.attributes["class"] == "gate gate-or attack-path")
        #expect(graph.node(named: "node-1.1")?.attributes["class"] == "gate gate-and")
        #expect(graph.node(named: "node-1.2")?.attributes["class"] == "step attack-path")
        #expect(graph.node(named: "mitigation-host-keys")?.attributes["class"] == "mitigation mitigation-implemented")
        #expect(graph.node(named: "mitigation-four-eyes")?.attributes["class"] == "mitigation mitigation-planned")
    }

    @Test func hiddenMitigationsLeaveTreeOnly() throws {
        var options = DOTWriter.Options()
        options.showMitigations = false

        let graph = try Graphviz.parse(dot: DOTWriter(options: options).write(try analyze(payrollTreeSource)))

        #expect(graph.nodes.map(\.name) == ["legend", "node-1", "node-1.1", "node-1.1.1", "node-1.1.2", "node-1.2"])
        #expect(graph.edges.count == 4)
    }

    @Test("Direction option", arguments: ["TB", "LR"])
    func directionOption(direction: String) throws {
        var options = DOTWriter.Options()
        options.direction = direction

        let graph = try Graphviz.parse(dot: DOTWriter(options: options).write(try analyze(payrollTreeSource)))

        #expect(graph.attributes["rankdir"] == direction)
    }

    @Test func unknownDirectionFallsBackToLR() throws {
        var options = DOTWriter.Options()
        options.direction = "BT; node [shape=none]"

        let dot = DOTWriter(options: options).write(try analyze(payrollTreeSource))
        let graph = try Graphviz.parse(dot: dot)

        #expect(graph.attributes["rankdir"] == "LR")
        #expect(!dot.contains("shape=none"))
    }
}
