import BrambleGraphviz
import Foundation
import Testing

/// Returns a DOT graph of `count` labelled nodes in a binary tree, each with an edge from its
/// parent.
private func binaryTreeGraph(nodes count: Int) -> String {
    var dot = "digraph tree {\n  node [shape=box]\n"
    for index in 0..<count {
        dot += "  n\(index) [label=\"step \(index)\\nlikelihood 0.\(index % 10)\"]\n"
        if index > 0 {
            dot += "  n\((index - 1) / 2) -> n\(index)\n"
        }
    }
    return dot + "}\n"
}

/// Returns the resident memory of this process in bytes, after glibc's `malloc_trim` has
/// returned the free pages of the heap to the system, so that the figure follows the memory
/// in use. Swift's Glibc module does not import `malloc.h`, so `malloc_trim` is looked up with
/// dlsym.
private func residentBytesAfterTrim() -> Int {
    typealias MallocTrim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") {
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite("Teardown")
struct TeardownTests {
    @Test("Leaving the graph gives the same output", arguments: GraphvizFormat.allCases)
    func sameOutputInBothModes(format: GraphvizFormat) throws {
        // Orthogonal edges cannot place edge labels, so libgraphviz warns on every render,
        // and the warnings are compared too.
        let dot = binaryTreeGraph(nodes: 30)
            .replacingOccurrences(of: "node [shape=box]", with: "splines=ortho\n  node [shape=box]")
            .replacingOccurrences(of: "n0 -> n1\n", with: "n0 -> n1 [label=\"first\"]\n")

        let freed = try Graphviz.renderCapturingWarnings(dot: dot, format: format)
        let left = try Graphviz.renderCapturingWarnings(dot: dot, format: format, teardown: .leaveToProcessExit)

        #expect(!freed.warnings.isEmpty)
        #expect(left.warnings == freed.warnings)
        #expect(left.data == freed.data)
    }

    @Test("Renders after a left graph still work")
    func rendersAfterLeftGraph() throws {
        let first = try Graphviz.render(dot: binaryTreeGraph(nodes: 5), format: .svg, teardown: .leaveToProcessExit)
        let second = try Graphviz.render(dot: binaryTreeGraph(nodes: 7), format: .svg)

        #expect(try SVGSummary.parse(first).nodes.count == 5)
        #expect(try SVGSummary.parse(second).nodes.count == 7)
    }

    @Test("Invalid input throws when leaving the graph")
    func invalidInputThrows() {
        #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: "digraph { a -> }", format: .svg, teardown: .leaveToProcessExit)
        }
        #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: "digraph { a }", format: .svg, layout: "no-such-engine", teardown: .leaveToProcessExit)
        }
    }

    @Test("Default teardown frees each graph")
    func defaultTeardownFrees() throws {
        let dot = binaryTreeGraph(nodes: 400)
        // The first render loads plugins and fills font caches, which stay allocated.
        _ = try Graphviz.render(dot: dot, format: .svg)

        // Resident memory is process-wide, and other tests allocate and free memory while
        // this one runs. A leak shows in every attempt, so one clean attempt is enough. Each
        // attempt leaves one graph of about 2 MB in the test process.
        var attempts: [String] = []
        for _ in 0..<8 {
            let beforeLeft = residentBytesAfterTrim()
            _ = try Graphviz.render(dot: dot, format: .svg, teardown: .leaveToProcessExit)
            let left = residentBytesAfterTrim() - beforeLeft

            let beforeFreed = residentBytesAfterTrim()
            for _ in 0..<40 {
                _ = try Graphviz.render(dot: dot, format: .svg)
            }
            let growth = residentBytesAfterTrim() - beforeFreed

            // Forty renders that each left their graph would grow memory by about forty times
            // `left`, so ten times `left` separates freeing from leaking with room for noise.
            if left > 100_000, growth < 10 * left {
                return
            }
            attempts.append("one left graph held \(left) bytes, forty freed renders grew resident memory by \(growth) bytes")
        }
        Issue.record("The default teardown did not free the graphs: \(attempts.joined(separator: "; "))")
    }
}
