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

    /// How many mitigations are measured one by one; the effects of all mitigations take
    /// that time divided by this count, times the number of mitigations.
    static let sampledMitigations = 5

    static let tasks: [Task] = [
        Task(name: "exact goal probability") { tree in
            let analysis = try ExactAnalysis(tree: tree, view: .residual, nodeLimit: Scorer.diagramNodeLimit)
            _ = analysis.probability()
        },
        Task(name: "effect of \(sampledMitigations) mitigations") { tree in
            // The same evaluation that `Analysis` runs once per mitigation.
            for mitigation in tree.mitigations.prefix(sampledMitigations) {
                _ = Scorer.evaluate(tree, view: .residual) { $0.status == .implemented && $0.name != mitigation.name }
            }
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
            "Each analysis runs once, in one process, on the residual view. Parsing and checking are not",
            "timed. The exact goal probability builds the decision diagram of every node. The mitigation",
            "column times \(sampledMitigations) of the evaluations that `Analysis` runs, one per mitigation; the last",
            "column scales it to all mitigations, which is what `bramble score` spends on them.",
            "",
            "Machine: \(machine.processors) processors, \(machine.cpuModel); \(machine.swiftVersion);",
            "measured on \(machine.date), with a 1-minute load average of \(machine.loadAverage) at the start.",
            "",
            "| tree | nodes | shared nodes | mitigations | " + tasks.map { "\($0.name) (s)" }.joined(separator: " | ")
                + " | all mitigation effects, scaled (s) | peak RSS (MB) |",
            "|---|--:|--:|--:|" + tasks.map { _ in "--:|" }.joined() + "--:|--:|",
        ]
        for row in rows {
            let perMitigation = row.seconds[1] / Double(min(sampledMitigations, max(1, row.mitigations)))
            lines.append("| \(row.label) | \(Format.grouped(row.nodes)) | \(Format.grouped(row.shared)) | \(Format.grouped(row.mitigations)) | "
                         + row.seconds.map { Format.decimal($0, digits: 2) }.joined(separator: " | ")
                         + " | \(Format.decimal(perMitigation * Double(row.mitigations), digits: 0))"
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
        lines += [
            "",
            "NOTE: `Analysis` measures each mitigation by evaluating the whole tree again, so the",
            "effects of all mitigations grow with mitigations × nodes: quadratically when both grow",
            "with the tree. Building the decision diagram once, with every mitigation as a variable,",
            "would turn each measurement into one pass over the diagram's probabilities.",
        ]
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
