import BrambleCore
import Foundation

// bramble-bench: times reading, parsing and checking generated trees of 10k, 100k and 1M nodes
// and, with --output, rewrites the parse section of docs/benchmarks.md. `make bench` runs it
// from a release build.

let usage = """
    usage: bramble-bench [--sizes N,N,...] [--runs N] [--output FILE] [--swift-version TEXT]
           bramble-bench --file PATH [--runs N] [--cold]

      --sizes N,N,...        node counts of the generated trees (default 10000,100000,1000000)
      --runs N               timed runs per tree, in one process and in fresh processes; the best
                             counts (default 10 up to 500,000 nodes and 3 above)
      --output FILE          Markdown file whose parse section is rewritten with the results
      --swift-version TEXT   the compiler version to record in the output file
      --file PATH            time an existing file instead of generated trees, and print only
      --cold                 with --file, time one run in this fresh process after a warm-up on a
                             small tree, as the parse section does for each generated tree
      --scale                time the analyses (exact probability, mitigation effects, importance) on trees
                             with 5% shared nodes instead, and rewrite the scale section
                             (default sizes 10000,30000,100000)
    """

/// The command line, read by hand because the benchmark depends on BrambleCore only.
struct Options {
    var sizes = [10_000, 100_000, 1_000_000]
    var runs: Int?
    var output: String?
    var swiftVersion = "unknown"
    var file: String?
    var scale = false
    var cold = false
    var sizesGiven = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            func value() -> String {
                guard let value = iterator.next() else { failUsage("\(argument) needs a value") }
                return value
            }
            switch argument {
            case "--sizes":
                let text = value()
                let sizes = text.split(separator: ",").compactMap { Int($0) }
                guard !sizes.isEmpty, sizes.count == text.split(separator: ",").count, sizes.allSatisfy({ $0 >= 1 }) else {
                    failUsage("invalid --sizes '\(text)'; write positive node counts separated by commas, as in 10000,100000")
                }
                options.sizes = sizes
                options.sizesGiven = true
            case "--runs":
                let text = value()
                guard let runs = Int(text), runs >= 1 else { failUsage("invalid --runs '\(text)'; write a whole number from 1") }
                options.runs = runs
            case "--output": options.output = value()
            case "--swift-version": options.swiftVersion = value()
            case "--file": options.file = value()
            case "--scale": options.scale = true
            case "--cold": options.cold = true
            case "--help", "-h":
                print(usage)
                exit(0)
            default: failUsage("unknown argument '\(argument)'")
            }
        }
        return options
    }
}

/// Prints an invalid-argument message with the usage and exits with status 2.
func failUsage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bramble-bench: \(message)\n\(usage)\n".utf8))
    exit(2)
}

/// Prints a message and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bramble-bench: \(message)\n".utf8))
    exit(1)
}

/// Everything produced by the timed steps, returned so that it is freed after the clock stops.
struct PipelineResult {
    let file: SourceFile
    let syntax: SyntaxTree
    let tree: AttackTree?
    let diagnostics: DiagnosticList
}

/// Runs the timed work, the same three steps that `bramble check` runs on a file's bytes. It is
/// kept out of line so that a profiler can select it by name.
@inline(never)
func parseAndCheck(_ bytes: [UInt8]) -> PipelineResult {
    let file = SourceFile(path: "generated.bramble", bytes: bytes)
    let syntax = SyntaxTree.parse(file)
    let (tree, diagnostics) = Checker.check(syntax)
    return PipelineResult(file: file, syntax: syntax, tree: tree, diagnostics: diagnostics)
}

/// Returns the CPU time this thread has used, which unlike wall time leaves out the time other
/// processes on a busy machine take from it.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Returns the seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = start.duration(to: .now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// The line a `--cold` run prints its time on, read back by the process that started it.
let coldLinePrefix = "cold run seconds: "

/// Times one run on a file's bytes in a process that has not checked any large tree yet, so
/// that almost all the memory the run uses is new to the process. A run on a 100-node tree
/// comes first, so that loading code and the runtime's type data is not timed.
func timeColdRun(_ path: String) -> Never {
    guard let data = FileManager.default.contents(atPath: path) else { fail("could not read \(path)") }
    let bytes = [UInt8](data)
    _ = parseAndCheck(TreeGenerator.generate(nodes: 100, seed: 1).bytes)
    let start = ContinuousClock.now
    let result = parseAndCheck(bytes)
    let elapsed = seconds(since: start)
    guard result.tree != nil else { fail("\(path) has \(result.diagnostics.errorCount) errors") }
    print(coldLinePrefix + "\(elapsed)")
    exit(0)
}

/// Hands the memory that earlier runs freed back to the system, which the allocator keeps
/// otherwise. Memory held by another process slows a fresh process's first touches: on the
/// benchmark machine, a fresh run on the 1M-node tree took 5 to 7 s instead of 3.5 s while
/// another process held 1.6 GB.
func releaseFreedMemory() {
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(nil, "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
}

/// Writes a generated tree to a file for the fresh-process runs and flushes it to disk: otherwise
/// the kernel writes it out while the timed runs read the tree, and takes processor time from
/// them.
func writeTree(_ bytes: [UInt8], to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)),
          let handle = FileHandle(forWritingAtPath: path)
    else { fail("could not write \(path)") }
    do {
        try handle.synchronize()
        try handle.close()
    } catch {
        fail("could not flush \(path): \(error)")
    }
}

/// Runs this executable once with `--file PATH --cold` and returns the time it prints.
func coldRun(_ path: String) -> Double {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--file", path, "--cold"]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { fail("could not run \(executable): \(error)") }

    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let line = output.split(separator: "\n").first(where: { $0.hasPrefix(coldLinePrefix) }),
          let time = Double(line.dropFirst(coldLinePrefix.count))
    else { fail("the cold run on \(path) failed with status \(process.terminationStatus)") }
    return time
}

/// Times each file in fresh processes, `runs[i]` times for `paths[i]`, and returns the best
/// time of each. The runs take turns, and each round runs every file that still has runs
/// left. A slow stretch of a shared machine then falls on all the sizes, not on one of them.
func bestColdRuns(_ paths: [String], runs: [Int]) -> [Double] {
    releaseFreedMemory()
    var best = [Double](repeating: .infinity, count: paths.count)
    for round in 0..<(runs.max() ?? 0) {
        for index in paths.indices where round < runs[index] {
            best[index] = min(best[index], coldRun(paths[index]))
        }
    }
    return best
}

/// Times one existing file and prints its figures, for inputs that a fuzzer or a user reports
/// as slow.
func timeFile(_ path: String, runs: Int) -> Never {
    guard let data = FileManager.default.contents(atPath: path) else { fail("could not read \(path)") }
    let bytes = [UInt8](data)
    var best = Double.infinity
    var result: PipelineResult?
    for _ in 0..<runs {
        let start = ContinuousClock.now
        result = parseAndCheck(bytes)
        best = min(best, seconds(since: start))
    }
    let diagnostics = result?.diagnostics ?? DiagnosticList()
    print("\(path): \(bytes.count) bytes, \(result?.syntax.lines.count ?? 0) lines, \(diagnostics.errorCount) errors, \(diagnostics.warningCount) warnings, best of \(runs): \(Format.decimal(best, digits: 4)) s")
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "diff" {
    runDiffBenchmark(Array(CommandLine.arguments.dropFirst(2)))
}
let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
if let file = options.file {
    if options.cold { timeColdRun(file) }
    timeFile(file, runs: options.runs ?? 1)
}
if options.scale {
    let sizes = options.sizesGiven ? options.sizes : [10_000, 30_000, 100_000]
    ScaleBench.run(sizes: sizes, output: options.output, machine: Machine.current(swiftVersion: options.swiftVersion))
    exit(0)
}
let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("bramble-bench-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

// The generated text of each tree is not kept after its runs in this process, so that this
// process uses little memory during the fresh runs, which read the trees from files.
var measurements: [Measurement] = []
var paths: [String] = []
for size in options.sizes {
    let generated = TreeGenerator.generate(nodes: size, seed: 0x4252_414D_424C_45)
    // The best of more runs is lower on a noisy machine, so trees whose times are compared get
    // the same number of runs. Otherwise the tree with more runs would look faster than it is,
    // and their growth ratio would be skewed. Trees above 500,000 nodes get fewer runs, because
    // each takes seconds. That can only lower the smaller tree's time against theirs, which
    // makes their growth ratio larger, never smaller.
    let runs = options.runs ?? (size > 500_000 ? 3 : 10)
    let peakReset = Memory.resetPeak()
    var best = Double.infinity
    var bestCPU = Double.infinity
    var checkedNodes = 0
    var warnings = 0
    for _ in 0..<runs {
        let cpuStart = threadCPUSeconds()
        let start = ContinuousClock.now
        let result = parseAndCheck(generated.bytes)
        let elapsed = seconds(since: start)
        let cpuSeconds = threadCPUSeconds() - cpuStart
        best = min(best, elapsed)
        bestCPU = min(bestCPU, cpuSeconds)
        guard let tree = result.tree else {
            let first = result.diagnostics.sorted.first { $0.severity == .error }
            fail("the generated tree of \(size) nodes has \(result.diagnostics.errorCount) errors, the first: \(first.map { "\($0.location): \($0.message)" } ?? "none")")
        }
        checkedNodes = tree.nodes.count
        warnings = result.diagnostics.warningCount
    }
    let path = folder.appendingPathComponent("tree-\(size).bramble").path
    writeTree(generated.bytes, to: path)
    paths.append(path)
    measurements.append(Measurement(
        requestedNodes: size, nodes: checkedNodes, bytes: generated.bytes.count, maxDepth: generated.maxDepth,
        mitigations: generated.mitigations, warnings: warnings, runs: runs, seconds: best, cpuSeconds: bestCPU,
        peakRSSBytes: Memory.peakRSSBytes(), peakIsPerTree: peakReset))
}

let coldSeconds = bestColdRuns(paths, runs: measurements.map(\.runs))
for index in measurements.indices {
    measurements[index].coldSeconds = coldSeconds[index]
    print(measurements[index].summaryLine)
}

let report = Report(measurements: measurements, machine: Machine.current(swiftVersion: options.swiftVersion))
print(report.growthSummary)
if let output = options.output {
    do {
        try report.update(documentAt: output)
        print("bramble-bench: updated \(output)")
    } catch {
        fail("could not update \(output): \(error)")
    }
}
