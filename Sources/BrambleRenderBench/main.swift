import BrambleCore
import BrambleGraphviz
import BrambleRender
import Foundation

// bramble-render-bench: for generated trees of 100, 1,000 and 5,000 nodes, times writing the
// DOT text, drawing it as SVG in-process with libgraphviz, and drawing the same DOT text with
// the `dot` program. Each in-process drawing runs in a fresh process (this program started
// again with the hidden --single option), as `bramble render` draws one diagram per process,
// and leaves the graph to process exit as `bramble render` and `dot` do. The two SVG outputs
// must be byte-identical. With --output it rewrites the render section of
// docs/benchmarks.md. `make bench-render` runs it from a release build.

let usage = """
    usage: bramble-render-bench [--sizes N,N,...] [--runs N] [--dot PATH] [--output FILE]

      --sizes N,N,...   node counts of the generated trees (default 100,1000,5000)
      --runs N          timed runs of each step; the best counts (default 5)
      --dot PATH        the dot program to compare with (default /usr/bin/dot)
      --output FILE     Markdown file whose render section is rewritten with the results
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bramble-render-bench: \(message)\n".utf8))
    exit(1)
}

var sizes = [100, 1_000, 5_000]
var runsOption: Int?
var dotPath = "/usr/bin/dot"
var outputPath: String?
var singleInput: String?
var singleOutput = ""
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    func value() -> String {
        guard let value = arguments.next() else { fail("\(argument) needs a value\n\(usage)") }
        return value
    }
    switch argument {
    case "--sizes":
        let text = value()
        let parsed = text.split(separator: ",").compactMap { Int($0) }
        guard !parsed.isEmpty, parsed.count == text.split(separator: ",").count, parsed.allSatisfy({ $0 >= 3 }) else {
            fail("invalid --sizes '\(text)'; write node counts of at least 3 (a root gate and its two children) separated by commas, as in 100,1000")
        }
        sizes = parsed
    case "--runs":
        let text = value()
        guard let runs = Int(text), runs >= 1 else { fail("invalid --runs '\(text)'; write a whole number from 1") }
        runsOption = runs
    case "--dot": dotPath = value()
    case "--output": outputPath = value()
    case "--single":
        singleInput = value()
        singleOutput = value()
    case "--help", "-h":
        print(usage)
        exit(0)
    default: fail("unknown argument '\(argument)'\n\(usage)")
    }
}
if let singleInput {
    renderOnce(singleInput, svgOutput: singleOutput)
}
guard FileManager.default.isExecutableFile(atPath: dotPath) else {
    fail("\(dotPath) is not an executable; install Debian's graphviz package (make deps) or pass --dot PATH")
}

/// Returns the seconds that `body` takes on the wall clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = start.duration(to: .now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Returns the CPU seconds, user and system, that this thread has used.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Returns the CPU seconds, user and system, that this process's finished children have used.
func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

/// Runs `dot -Tsvg INPUT -o OUTPUT` and waits for it with a termination handler, which on Linux
/// returns sooner than `waitUntilExit`.
func runDot(_ program: String, input: URL, output: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = ["-Tsvg", input.path, "-o", output.path]
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    done.wait()
    guard process.terminationStatus == 0 else { fail("\(program) exited with status \(process.terminationStatus)") }
}

/// Draws the DOT file at `path` as SVG once through `Graphviz.render`, writes the SVG to
/// `svgOutput`, prints "WALL CPU SVG-BYTES" (seconds, seconds, bytes) and exits: the hidden
/// `--single FILE SVG-FILE` mode. Only the `Graphviz.render` call is timed, not process start,
/// file reading or file writing. The call leaves its graph to process exit, as in
/// `bramble render`, so that this process times what `bramble render` runs.
func renderOnce(_ path: String, svgOutput: String) -> Never {
    guard let data = FileManager.default.contents(atPath: path), let dot = String(data: data, encoding: .utf8) else {
        fail("cannot read the DOT file \(path)")
    }
    var svg = Data()
    let cpuStart = threadCPUSeconds()
    let wall: Double
    do {
        wall = try seconds { svg = try Graphviz.render(dot: dot, format: .svg, teardown: .leaveToProcessExit) }
    } catch {
        fail("Graphviz.render failed on \(path): \(error)")
    }
    let cpu = threadCPUSeconds() - cpuStart
    guard FileManager.default.createFile(atPath: svgOutput, contents: svg) else {
        fail("cannot write the SVG file \(svgOutput)")
    }
    print("\(wall) \(cpu) \(svg.count)")
    exit(0)
}

/// Runs this program again with `--single INPUT OUTPUT` and returns the wall-clock seconds of
/// the whole process as seen from here, and the wall-clock seconds, thread CPU seconds and SVG
/// size that the fresh process reports for its one `Graphviz.render` call. It waits with a
/// termination handler, as `runDot` does.
func renderInFreshProcess(_ input: URL, output: URL) throws -> (process: Double, wall: Double, cpu: Double, svgBytes: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["--single", input.path, output.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    var printed = Data()
    let processSeconds = try seconds {
        try process.run()
        printed = pipe.fileHandleForReading.readDataToEndOfFile()
        done.wait()
    }
    let text = String(decoding: printed, as: UTF8.self)
    let fields = text.split(whereSeparator: \.isWhitespace)
    guard process.terminationStatus == 0, fields.count == 3, let wall = Double(fields[0]), let cpu = Double(fields[1]),
          let svgBytes = Int(fields[2]) else {
        fail("the --single run on \(input.path) exited with status \(process.terminationStatus) and printed '\(text)'")
    }
    return (processSeconds, wall, cpu, svgBytes)
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bramble-render-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

var results: [RenderMeasurement] = []
for size in sizes {
    var generator = RenderTreeGenerator(seed: 0x4252_414D_424C_45)
    let source = generator.source(nodes: size)
    let (checked, diagnostics) = Checker.check(SourceFile(path: "generated.bramble", text: source))
    guard let tree = checked else {
        fail("the generated tree of \(size) nodes does not check: \(diagnostics.sorted.first { $0.severity == .error }?.message ?? "unknown error")")
    }
    let analysis = Analysis(tree)
    let runs = runsOption ?? 5
    let input = folder.appendingPathComponent("tree-\(size).dot")
    let output = folder.appendingPathComponent("tree-\(size).svg")
    let inProcessOutput = folder.appendingPathComponent("tree-\(size)-in-process.svg")

    var dot = ""
    var emit = Double.infinity, inProcess = Double.infinity, program = Double.infinity, wholeProcess = Double.infinity
    var inProcessCPU = Double.infinity, programCPU = Double.infinity
    var svgBytes = 0
    for _ in 0..<runs {
        emit = min(emit, seconds { dot = DOTWriter().write(analysis) })
    }
    try Data(dot.utf8).write(to: input)
    for _ in 0..<runs {
        // Each in-process render runs in a fresh process, as `bramble render` draws one diagram
        // per process. Alternate with `dot`, so that a change in machine load hits both alike.
        let single = try renderInFreshProcess(input, output: inProcessOutput)
        wholeProcess = min(wholeProcess, single.process)
        inProcess = min(inProcess, single.wall)
        inProcessCPU = min(inProcessCPU, single.cpu)
        svgBytes = single.svgBytes
        let childrenStart = childrenCPUSeconds()
        program = min(program, try seconds { try runDot(dotPath, input: input, output: output) })
        programCPU = min(programCPU, childrenCPUSeconds() - childrenStart)
    }
    // Both paths must do the same work up to the output bytes.
    guard let inProcessSVG = FileManager.default.contents(atPath: inProcessOutput.path),
          let programSVG = FileManager.default.contents(atPath: output.path) else {
        fail("cannot read the SVG files of the \(size)-node tree in \(folder.path)")
    }
    guard inProcessSVG == programSVG else {
        fail("the in-process SVG of the \(size)-node tree (\(inProcessSVG.count) bytes) differs from the SVG of \(dotPath) (\(programSVG.count) bytes)")
    }
    let measurement = RenderMeasurement(nodes: tree.nodes.count, dotBytes: dot.utf8.count, svgBytes: svgBytes, runs: runs,
                                        emitSeconds: emit, inProcessSeconds: inProcess, programSeconds: program,
                                        inProcessCPUSeconds: inProcessCPU, programCPUSeconds: programCPU,
                                        inProcessWholeSeconds: wholeProcess)
    print(measurement.summaryLine)
    results.append(measurement)
}

if let outputPath {
    let version = (try? Graphviz.libraryVersion()) ?? "unknown"
    try RenderReport(measurements: results, graphvizVersion: version).rewrite(outputPath)
    print("bramble-render-bench: wrote the render section of \(outputPath)")
}
