import Foundation

/// The figures for one generated tree.
struct Measurement {
    let requestedNodes: Int
    /// Nodes in the checked tree.
    let nodes: Int
    let bytes: Int
    let maxDepth: Int
    let mitigations: Int
    let warnings: Int
    let runs: Int
    /// The best of `runs` wall-clock timings, in seconds.
    let seconds: Double
    /// The best of `runs` thread CPU times, in seconds.
    let cpuSeconds: Double
    /// The best of `runs` timings of a single run in a fresh process, in seconds. It is set
    /// once every tree's runs in this process are done, because the fresh runs take turns.
    var coldSeconds = Double.nan
    /// The process's peak resident set size after the runs, or nil when /proc is unreadable.
    let peakRSSBytes: Int?
    /// Whether the peak was reset before this tree's runs; otherwise it may come from an
    /// earlier, larger tree.
    let peakIsPerTree: Bool

    /// Throughput in megabytes (10^6 bytes) per second.
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }
    var nodesPerSecond: Double { Double(nodes) / seconds }

    var label: String {
        switch requestedNodes {
        case 1_000_000...: "\(Format.decimal(Double(requestedNodes) / 1e6, digits: requestedNodes % 1_000_000 == 0 ? 0 : 1))M"
        case 1_000...: "\(Format.decimal(Double(requestedNodes) / 1e3, digits: requestedNodes % 1_000 == 0 ? 0 : 1))k"
        default: "\(requestedNodes)"
        }
    }

    var summaryLine: String {
        "\(label): \(bytes) bytes, \(nodes) nodes, depth \(maxDepth), \(warnings) warnings, best of \(runs): \(Format.decimal(seconds, digits: 4)) s (CPU \(Format.decimal(cpuSeconds, digits: 4)) s, fresh process \(Format.decimal(coldSeconds, digits: 4)) s), "
            + "\(Format.decimal(megabytesPerSecond, digits: 1)) MB/s, \(Format.decimal(nodesPerSecond / 1e6, digits: 2))M nodes/s, "
            + "peak RSS \(peakRSSBytes.map { Format.decimal(Double($0) / 1e6, digits: 0) } ?? "unknown") MB"
    }
}

/// The machine and toolchain a run was made on.
struct Machine {
    let processors: Int
    let cpuModel: String
    let swiftVersion: String
    /// The day of the run, `YYYY-MM-DD` in UTC.
    let date: String
    /// The 1-minute load average when the run started, from /proc/loadavg.
    let loadAverage: String

    static func current(swiftVersion: String) -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").first.map(String.init) ?? "unknown"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return Machine(processors: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model,
                       swiftVersion: swiftVersion, date: formatter.string(from: Date()), loadAverage: load)
    }
}

/// Reads and resets the peak resident set size through /proc (Linux only).
enum Memory {
    /// Resets the kernel's peak RSS counter (VmHWM) to the current RSS by writing 5 to
    /// /proc/self/clear_refs (Linux 4.0 and later). Returns whether the reset worked.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// Returns VmHWM from /proc/self/status in bytes.
    static func peakRSSBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }
}

enum Format {
    /// Formats a number with a fixed number of decimals, as in `12.35`.
    static func decimal(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Formats a whole number with thousands separators, as in `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}

/// The parse section of docs/benchmarks.md, and the goals it is judged against.
struct Report {
    let measurements: [Measurement]
    let machine: Machine

    static let startMarker = "<!-- bench:parse:start -->"
    static let endMarker = "<!-- bench:parse:end -->"
    /// Goal: ten times the nodes may cost at most this many times the time.
    static let maxGrowthPerTenfold = 11.0
    /// Goal: the lowest acceptable throughput on one core, in MB/s.
    static let minMegabytesPerSecond = 50.0

    /// One step from a tree to the next larger one: the ratios of nodes and of times, and the
    /// time ratios scaled to a tenfold node count, so that trees a few nodes short of their
    /// target size compare fairly.
    struct Growth {
        let from: Measurement
        let to: Measurement
        let nodeRatio: Double
        /// Repeated runs in one process.
        let timeRatio: Double
        let perTenfold: Double
        /// Single runs in fresh processes.
        let coldTimeRatio: Double
        let coldPerTenfold: Double
    }

    var growth: [Growth] {
        zip(measurements, measurements.dropFirst()).map { small, large in
            let nodeRatio = Double(large.nodes) / Double(small.nodes)
            let timeRatio = large.seconds / small.seconds
            let coldTimeRatio = large.coldSeconds / small.coldSeconds
            let exponent = 1 / log10(nodeRatio)
            return Growth(from: small, to: large, nodeRatio: nodeRatio, timeRatio: timeRatio,
                          perTenfold: pow(timeRatio, exponent), coldTimeRatio: coldTimeRatio,
                          coldPerTenfold: pow(coldTimeRatio, exponent))
        }
    }

    /// Whether every growth ratio of repeated runs meets the goal; nil with fewer than two trees.
    var growthGoalMet: Bool? {
        growth.isEmpty ? nil : growth.allSatisfy { $0.perTenfold <= Report.maxGrowthPerTenfold }
    }

    /// Whether every growth ratio of single runs in fresh processes meets the goal.
    var coldGrowthGoalMet: Bool? {
        growth.isEmpty ? nil : growth.allSatisfy { $0.coldPerTenfold <= Report.maxGrowthPerTenfold }
    }

    var throughputGoalMet: Bool { measurements.allSatisfy { $0.megabytesPerSecond >= Report.minMegabytesPerSecond } }

    var growthSummary: String {
        let ratios = growth.map {
            "time(\($0.to.label))/time(\($0.from.label)) = \(Format.decimal($0.timeRatio, digits: 2)) in one process, \(Format.decimal($0.coldTimeRatio, digits: 2)) in fresh processes, for \(Format.decimal($0.nodeRatio, digits: 2))x the nodes"
        }
        let verdict = { (met: Bool?) in met.map { $0 ? "met" : "not met" } ?? "not measured" }
        return (ratios + [
            "linear growth goal (at most \(Format.decimal(Report.maxGrowthPerTenfold, digits: 0))x the time for 10x the nodes): \(verdict(coldGrowthGoalMet)) in fresh processes, \(verdict(growthGoalMet)) in one process",
            "throughput goal (at least \(Format.decimal(Report.minMegabytesPerSecond, digits: 0)) MB/s): \(throughputGoalMet ? "met" : "not met")",
        ]).joined(separator: "\n")
    }

    /// The section between the markers, markers included.
    var section: String {
        var lines: [String] = [Report.startMarker, "## Parsing and checking", ""]
        lines += [
            "`make bench` builds `bramble-bench` (Sources/BrambleBench) in release mode, with the Swift runtime",
            "and Foundation linked in as `make build` links `bramble`, and runs it. It generates",
            "trees in memory from a fixed seed and times `SourceFile(path:bytes:)`, `SyntaxTree.parse` and",
            "`Checker.check` together, on one thread. Generating the text and freeing the results are not",
            "timed. Each tree is timed in two ways, and each time is the best of several runs (the runs",
            "column). Trees of up to 500,000 nodes get the same number of runs, because the best of more",
            "runs is lower on a noisy machine and would skew their ratio. A larger tree gets fewer, which",
            "can only make its ratio to the smaller one larger:",
            "",
            "- **One process:** the runs follow one another in the process that generated the tree. From",
            "  the second run on, the tree's text, and for a small tree most of the memory the run uses,",
            "  are still in the processor's cache.",
            "- **Fresh process:** the tree is written to a temporary file, and each run is a new",
            "  `bramble-bench --file FILE --cold` process. It checks a 100-node tree first, so that",
            "  loading code and the runtime's type data is not timed, then times one run on the file.",
            "  Almost all the memory the run uses is new to the process, as in one `bramble check` of",
            "  the file. The fresh runs of all the trees take turns, one run per tree in each round,",
            "  so that a slow stretch of a shared machine does not fall on one tree's runs only.",
            "",
            "The trees are written as a reviewer would write them. Each has a header with version, author,",
            "date, scope and three scales. Its `or` and `and` gates have 3 to 5 children and uneven subtree",
            "sizes, nested up to 12 levels. Every step has a likelihood (a level, a decimal or a",
            "percentage), 40% have a cost, 35% a one-line or block-string description, 30% references",
            "(CWE, CAPEC, ATT&CK, URLs) and 10% mitigations. There is one mitigation block per 100 nodes.",
            "Every tree checks without errors, so the figures measure the normal path, not error",
            "reporting. The warnings column counts the warnings the checker reports, which are part of",
            "the timed work.",
            "",
            "Machine: \(machine.processors) processors (`nproc`), \(machine.cpuModel); \(machine.swiftVersion);",
            "measured on \(machine.date), with a 1-minute load average of \(machine.loadAverage) at the start.",
            "",
            "| tree | bytes | nodes | depth | warnings | runs | best time (s) | CPU time (s) | fresh process (s) | MB/s | nodes/s | peak RSS (MB) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for m in measurements {
            let rss = m.peakRSSBytes.map { Format.decimal(Double($0) / 1e6, digits: 0) } ?? "unknown"
            lines.append("| \(m.label) | \(Format.grouped(m.bytes)) | \(Format.grouped(m.nodes)) | \(m.maxDepth) | \(Format.grouped(m.warnings)) | \(m.runs) | \(Format.decimal(m.seconds, digits: 4)) | \(Format.decimal(m.cpuSeconds, digits: 4)) | \(Format.decimal(m.coldSeconds, digits: 4)) | \(Format.decimal(m.megabytesPerSecond, digits: 1)) | \(Format.grouped(Int(m.nodesPerSecond.rounded()))) | \(rss) |")
        }
        lines += [
            "",
            "Best time is the wall-clock time in one process. Fresh process is the wall-clock time of",
            "the one timed run in each fresh process. CPU time is the thread's own in one process",
            "(CLOCK_THREAD_CPUTIME_ID), and a large gap between it and the best time means other",
            "processes were running. MB/s and nodes/s use the best time, and MB is 10^6 bytes. Peak RSS is the",
            "process's high-water mark (VmHWM in /proc/self/status),",
            measurements.allSatisfy(\.peakIsPerTree)
                ? "reset before each tree's runs, so it includes the generated text and the runtime's own memory."
                : "which could not be reset between trees, so a figure may come from an earlier tree.",
            "",
            "| growth | node ratio | time ratio, one process | per 10x nodes | time ratio, fresh processes | per 10x nodes |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for step in growth {
            lines.append("| \(step.from.label) to \(step.to.label) | \(Format.decimal(step.nodeRatio, digits: 2)) | \(Format.decimal(step.timeRatio, digits: 2)) | \(Format.decimal(step.perTenfold, digits: 2)) | \(Format.decimal(step.coldTimeRatio, digits: 2)) | \(Format.decimal(step.coldPerTenfold, digits: 2)) |")
        }
        let slowest = measurements.min { $0.megabytesPerSecond < $1.megabytesPerSecond }
        lines += [
            "",
            "Goals:",
            "",
            "- Linear growth: 10x the nodes costs at most \(Format.decimal(Report.maxGrowthPerTenfold, digits: 0))x the time. "
                + (growth.isEmpty ? "Not measured (one tree only)." :
                    "In fresh processes: \(coldGrowthGoalMet == true ? "met" : "not met"), the largest ratio per 10x nodes is \(Format.decimal(growth.map(\.coldPerTenfold).max() ?? 0, digits: 2)). "
                    + "In one process: \(growthGoalMet == true ? "met" : "not met"), the largest is \(Format.decimal(growth.map(\.perTenfold).max() ?? 0, digits: 2))."),
            "- Throughput: at least \(Format.decimal(Report.minMegabytesPerSecond, digits: 0)) MB/s on one core at every size. "
                + "\(throughputGoalMet ? "Met" : "Not met"): the lowest is \(Format.decimal(slowest?.megabytesPerSecond ?? 0, digits: 1)) MB/s (\(slowest?.label ?? "none")).",
            Report.endMarker,
        ]
        return lines.joined(separator: "\n")
    }

    /// Replaces the section between the markers in the file at `path`, appends it when the
    /// markers are missing, and creates the file with a title when it does not exist.
    func update(documentAt path: String) throws {
        var document: String
        if FileManager.default.fileExists(atPath: path) {
            document = try String(contentsOfFile: path, encoding: .utf8)
        } else {
            document = """
                # Benchmarks

                Measured performance of Bramble. Each section is written by the command it names, between
                its marker comments; text outside the markers is kept when a section is rewritten.

                """
        }
        if let start = document.range(of: Report.startMarker),
           let end = document.range(of: Report.endMarker, range: start.upperBound..<document.endIndex)
        {
            document.replaceSubrange(start.lowerBound..<end.upperBound, with: section)
        } else {
            if !document.hasSuffix("\n") { document += "\n" }
            document += "\n" + section + "\n"
        }
        try document.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
