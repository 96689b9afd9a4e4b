import BrambleGraphviz
import Foundation
import Testing

/// Returns a small graph whose node names and count depend on `seed`.
private func numberedGraph(_ seed: Int) -> (dot: String, nodeCount: Int) {
    let nodeCount = 2 + seed % 5
    var dot = "digraph g\(seed) {\n"
    for index in 0..<nodeCount {
        dot += "  n\(index) [label=\"node \(index) of graph \(seed)\"]\n"
    }
    for index in 1..<nodeCount {
        dot += "  n0 -> n\(index)\n"
    }
    return (dot + "}\n", nodeCount)
}

/// Records an issue unless `data` is a valid output of `format` for a graph of `nodeCount` nodes.
private func checkOutput(_ data: Data, format: GraphvizFormat, nodeCount: Int) throws {
    switch format {
    case .svg:
        #expect(try SVGSummary.parse(data).nodes.count == nodeCount)
    case .png:
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    case .pdf:
        #expect(String(decoding: data.prefix(4), as: UTF8.self) == "%PDF")
    }
}

@Suite("Load")
struct LoadTests {
    @Test("Concurrent renders from 8 tasks")
    func concurrentRenders() async throws {
        let formats = GraphvizFormat.allCases

        let results = try await withThrowingTaskGroup(of: [(GraphvizFormat, Int, Data)].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var outputs: [(GraphvizFormat, Int, Data)] = []
                    for iteration in 0..<20 {
                        let graph = numberedGraph(task * 20 + iteration)
                        let format = formats[(task + iteration) % formats.count]
                        let data = try Graphviz.render(dot: graph.dot, format: format)
                        outputs.append((format, graph.nodeCount, data))
                    }
                    return outputs
                }
            }
            var all: [(GraphvizFormat, Int, Data)] = []
            for try await outputs in group {
                all += outputs
            }
            return all
        }

        #expect(results.count == 160)
        for (format, nodeCount, data) in results {
            try checkOutput(data, format: format, nodeCount: nodeCount)
        }
    }

    @Test("Concurrent parses and renders mix")
    func concurrentParsesAndRenders() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for iteration in 0..<20 {
                        let graph = numberedGraph(task + iteration)
                        if iteration.isMultiple(of: 2) {
                            let parsed = try Graphviz.parse(dot: graph.dot)
                            #expect(parsed.nodes.count == graph.nodeCount)
                        } else {
                            #expect(throws: GraphvizError.self) {
                                try Graphviz.parse(dot: "digraph { n\(task) -> }")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("500 renders in a row")
    func repeatedRenders() throws {
        // This checks only that every render succeeds. It does not measure memory, which needs
        // a render loop run under valgrind.
        for iteration in 0..<500 {
            let graph = numberedGraph(iteration)
            let svg = try Graphviz.render(dot: graph.dot, format: .svg)
            #expect(svg.starts(with: Array("<?xml".utf8)))
        }
    }
}
