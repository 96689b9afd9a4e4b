import BrambleCore
import Foundation

/// `bramble-bench --scale`: times the analyses on generated trees with shared subtrees and
/// rewrites the scale section of docs/benchmarks.md.
enum ScaleBench {
    static let startMarker = "<!-- bench:scale:start -->"
    static let endMarker = "<!-- bench:scale:end -->"

    /// One timed analysis: a column of the table. Adding a measure is one more entry here.
    struct Task: Sendable {
        let name: String
        let run: @Sendable (AttackTree) throws -> Void
    }

    static let tasks: [Task] = [
        Task(name: "exact goal probability") { tree in
            let analysis = try ExactAnalysis(tree: tree, view: .residual, nodeLimit: Scorer.diagramNodeLimit)
            _ = analysis.probability()
        },
        Task(name: "three views and every mitigation's effect") { tree in
            _ = Analysis(tree)
        },
        Task(name: "importance of every step") { tree in
            _ = Analysis(tree).importance(view: .residual)
        },
    ]

    struct Row {
        let label: String
        let nodes: Int
        let shared: Int
        let mitigations: Int
        let seconds: [Double]
        let peakRSSBytes: Int?
    }

    static func run(sizes: [Int], output: String?, machine: Machine) {
        var rows: [Row] = []
        for size in sizes {
            let generated = TreeGenerator.generate(nodes: size, seed: 0x5343_414C_45, sharedFraction: 0.05)
            let result = parseAndCheck(generated.bytes)
            guard let tree = result.tree, !result.diagnostics.hasErrors else {
                fail("the generated tree of \(size) nodes has errors: \(result.diagnostics.sorted.first.map { "\($0.location): \($0.message)" } ?? "none")")
            }
            _ = Memory.resetPeak()
            var seconds: [Double] = []
            for task in tasks {
                let start = ContinuousClock.now
                do {
                    try task.run(tree)
                } catch {
                    fail("\(task.name) failed on \(size) nodes: \(error)")
                }
                let elapsed = start.duration(to: .now)
                seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                print("\(size) nodes: \(task.name) \(Format.decimal(seconds.last!, digits: 3)) s")
            }
            let label = size % 1000 == 0 ? "\(size / 1000)k" : "\(size)"
            rows.append(Row(label: label, nodes: tree.nodes.count, shared: tree.sharedNodes.count,
                            mitigations: tree.mitigations.count, seconds: seconds, peakRSSBytes: Memory.peakRSSBytes()))
        }
        let section = render(rows, machine: machine)
        print(section)
        if let output { replaceSection(section, in: output) }
    }

    static func render(_ rows: [Row], machine: Machine) -> String {
        var lines = [
            startMarker,
            "## Analyses at scale",
            "",
            "`make bench-scale` builds `bramble-bench` in release mode and runs it with `--scale`. It generates",
            "trees as the parse benchmark does, from a fixed seed, and adds `use ID` lines so that about",
            "5% of the nodes get a second parent. Each shared node is a subtree written shortly before.",
            "Each analysis runs once, in one process. Parsing and checking are not timed. The exact goal",
            "probability builds the decision diagram of every node in the residual view. The second column",
            "is `Analysis(tree)`: the inherent, residual and projected views and the goal's risk with each",
            "mitigation removed (implemented ones) or added (planned ones), which `bramble score` always",
            "computes. The third builds the same analysis, then Birnbaum, Fussell-Vesely, RAW and RRW of",
            "every step in the residual view, so the importance alone is the difference of the two.",
            "",
            "Machine: \(machine.processors) processors, \(machine.cpuModel); \(machine.swiftVersion);",
            "measured on \(machine.date), with a 1-minute load average of \(machine.loadAverage) at the start.",
            "",
            "| tree | nodes | shared nodes | mitigations | " + tasks.map { "\($0.name) (s)" }.joined(separator: " | ")
                + " | peak RSS (MB) |",
            "|---|--:|--:|--:|" + tasks.map { _ in "--:|" }.joined() + "--:|",
        ]
        for row in rows {
            lines.append("| \(row.label) | \(Format.grouped(row.nodes)) | \(Format.grouped(row.shared)) | \(Format.grouped(row.mitigations)) | "
                         + row.seconds.map { Format.decimal($0, digits: 2) }.joined(separator: " | ")
                         + " | \(row.peakRSSBytes.map { Format.decimal(Double($0) / 1e6, digits: 0) } ?? "unknown") |")
        }
        if rows.count > 1 {
            lines += ["", "| growth | node ratio | " + tasks.map { "\($0.name): time ratio" }.joined(separator: " | ") + " |",
                      "|---|--:|" + tasks.map { _ in "--:|" }.joined()]
            for (small, large) in zip(rows, rows.dropFirst()) {
                let ratios = zip(small.seconds, large.seconds).map { Format.decimal($1 / max($0, 1e-9), digits: 1) }
                lines.append("| \(small.label) to \(large.label) | \(Format.decimal(Double(large.nodes) / Double(small.nodes), digits: 1)) | "
                             + ratios.joined(separator: " | ") + " |")
            }
        }
        lines.append(endMarker)
        return lines.joined(separator: "\n")
    }

    static func replaceSection(_ section: String, in path: String) {
        guard var document = try? String(contentsOfFile: path, encoding: .utf8) else { fail("could not read \(path)") }
        if let start = document.range(of: startMarker),
           let end = document.range(of: endMarker, range: start.upperBound..<document.endIndex) {
            document.replaceSubrange(start.lowerBound..<end.upperBound, with: section)
        } else {
            if !document.hasSuffix("\n") { document += "\n" }
            document += "\n" + section + "\n"
        }
        do {
            try document.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fail("could not write \(path): \(error)")
        }
        print("bramble-bench: updated \(path)")
    }
}
