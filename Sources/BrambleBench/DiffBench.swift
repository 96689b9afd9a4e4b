import Foundation

// `bramble-bench diff`: times `bramble diff` against `diff -u` on the same pair of generated
// trees, the second with 1% of its nodes changed, and rewrites the diff section of
// docs/benchmarks.md.

let diffUsage = """
    usage: bramble-bench diff --bramble PATH [--nodes N] [--runs N] [--output FILE] [--swift-version TEXT]

      --bramble PATH         the bramble executable to time (a release build)
      --nodes N              nodes of the generated tree (default 100000)
      --runs N               timed runs of each command; the best counts (default 5)
      --output FILE          Markdown file whose diff section is rewritten with the results
      --swift-version TEXT   the compiler version to record in the output file
      --keep DIR             write the two trees to DIR and keep them, for profiling
    """

/// The pair of trees to compare, as text.
struct TreePair {
    let old: [UInt8]
    let new: [UInt8]
    let nodes: Int
    /// Steps changed by kind: likelihood, title, removed, added.
    let changed: [String: Int]
}

/// Changes one step in a hundred nodes of a generated tree, in four kinds taken in turn: a new
/// likelihood, a new title, the step removed, and a new step added after its last sibling. A
/// step whose removal would break the ids written under a later sibling gets a new
/// likelihood instead.
func makeTreePair(nodes: Int, seed: UInt64) -> TreePair {
    let generated = TreeGenerator.generate(nodes: nodes, seed: seed)
    let lines = String(decoding: generated.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // A step is a node line followed by its likelihood, which the generator always writes first.
    var steps: [Int] = []
    for index in 0..<(lines.count - 1) where lines[index + 1].trimmingCharacters(in: .whitespaces).hasPrefix("likelihood ") {
        steps.append(index)
    }
    var random = SplitMix64(seed: seed ^ 0xD1FF)
    steps.shuffle(using: &random)
    let chosen = Set(steps.prefix(generated.nodes / 100))

    var output: [String] = []
    output.reserveCapacity(lines.count + chosen.count * 2)
    var changed: [String: Int] = [:]
    // Added steps wait here until their parent's block ends, so that each is written after
    // its last sibling. A step without an id takes the number after the highest above it, so
    // written last it changes no other node's id.
    var pending: [(indent: Int, lines: [String])] = []
    var turn = 0
    var index = 0
    while index < lines.count {
        let line = lines[index]
        if !line.isEmpty {
            let indent = indentation(line)
            while let last = pending.last, last.indent > indent {
                output.append(contentsOf: last.lines)
                pending.removeLast()
            }
        }
        guard chosen.contains(index) else {
            output.append(line)
            index += 1
            continue
        }
        let indent = indentation(line)
        var end = index + 1
        while end < lines.count, !lines[end].isEmpty, indentation(lines[end]) > indent { end += 1 }
        let attributes = lines[(index + 1)..<end]
        let padding = String(repeating: " ", count: indent + 2)
        var kind = turn % 4
        if kind == 2, !canRemove(lines, step: index, indent: indent) { kind = 0 }
        switch kind {
        case 0:
            let oldLikelihood = attributes.first!.trimmingCharacters(in: .whitespaces)
            output.append(line)
            output.append(padding + (oldLikelihood == "likelihood certain" ? "likelihood rare" : "likelihood certain"))
            output.append(contentsOf: attributes.dropFirst())
            changed["likelihood", default: 0] += 1
        case 1:
            output.append(String(line.dropLast()) + " (revised)\"")
            output.append(contentsOf: attributes)
            changed["title", default: 0] += 1
        case 2:
            changed["removed", default: 0] += 1
        default:
            output.append(line)
            output.append(contentsOf: attributes)
            pending.append((indent, [String(repeating: " ", count: indent) + "\"Added step \(turn)\"", padding + "likelihood possible"]))
            changed["added", default: 0] += 1
        }
        turn += 1
        index = end
    }
    for entry in pending.reversed() { output.append(contentsOf: entry.lines) }
    return TreePair(old: generated.bytes, new: Array(output.joined(separator: "\n").utf8), nodes: generated.nodes, changed: changed)
}

/// Returns whether the step on line `step`, indented `indent`, can be removed without
/// breaking ids. A sibling written without an id takes the number after the highest one
/// above it, so removing the step may renumber it. An id written under a renumbered sibling
/// would then not fit its parent.
private func canRemove(_ lines: [String], step: Int, indent: Int) -> Bool {
    // The siblings' lines, from the parent's first child to the end of its block.
    var first = step
    while first > 0, lines[first - 1].isEmpty || indentation(lines[first - 1]) >= indent { first -= 1 }
    var siblings: [(line: Int, written: Int?, idsBelow: Bool)] = []
    var index = first
    while index < lines.count {
        let line = lines[index]
        index += 1
        if line.isEmpty { continue }
        let lineIndent = indentation(line)
        if lineIndent < indent { break }
        if lineIndent == indent {
            // The parent's own attributes are at this indentation too, and take no number.
            let content = line.dropFirst(indent)
            let word = content.prefix { $0 != " " }
            guard word.first?.isNumber == true || content.hasPrefix("\"") || ["or", "and", "sand"].contains(word) else {
                continue
            }
            let written = word.first?.isNumber == true ? word.split(separator: ".").last.flatMap { Int($0) } : nil
            siblings.append((index - 1, written, false))
        } else if line.dropFirst(lineIndent).first?.isNumber == true, !siblings.isEmpty {
            siblings[siblings.count - 1].idsBelow = true
        }
    }
    func numbers(without removed: Int?) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var last = 0
        for sibling in siblings where sibling.line != removed {
            let number = sibling.written ?? last + 1
            result[sibling.line] = number
            last = max(last, number)
        }
        return result
    }
    let before = numbers(without: nil)
    let after = numbers(without: step)
    return !siblings.contains { $0.written == nil && $0.idsBelow && $0.line != step && before[$0.line] != after[$0.line] }
}

private func indentation(_ line: String) -> Int {
    line.utf8.prefix { $0 == UInt8(ascii: " ") }.count
}

/// Runs a program with its standard output sent to `outputPath` and its standard error
/// discarded, and returns its exit status and the wall-clock seconds from start to exit. The
/// exit is awaited through a termination handler, because `Process.waitUntilExit` polls and
/// adds tens of milliseconds.
func timeProcess(_ executable: String, _ arguments: [String], outputPath: String) -> (status: Int32, seconds: Double) {
    FileManager.default.createFile(atPath: outputPath, contents: nil)
    guard let output = FileHandle(forWritingAtPath: outputPath) else { fail("could not write \(outputPath)") }
    defer { try? output.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = output
    // `bramble check` prints the generated tree's warnings, which are not what is timed.
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    let start = ContinuousClock.now
    do {
        try process.run()
    } catch {
        fail("could not run \(executable): \(error)")
    }
    exited.wait()
    let elapsed = start.duration(to: .now)
    return (process.terminationStatus, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

/// The temporary folder to remove when the benchmark exits, nil when it is kept.
nonisolated(unsafe) var diffBenchFolder: String?

/// Runs the diff benchmark and exits.
func runDiffBenchmark(_ arguments: [String]) -> Never {
    var bramble: String?
    var nodes = 100_000
    var runs = 5
    var outputFile: String?
    var swiftVersion = "unknown"
    var keep: String?
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        func value() -> String {
            guard let value = iterator.next() else { failDiffUsage("\(argument) needs a value") }
            return value
        }
        switch argument {
        case "--bramble": bramble = value()
        case "--nodes":
            let text = value()
            guard let number = Int(text), number >= 100 else { failDiffUsage("invalid --nodes '\(text)'; write a whole number from 100") }
            nodes = number
        case "--runs":
            let text = value()
            guard let number = Int(text), number >= 1 else { failDiffUsage("invalid --runs '\(text)'; write a whole number from 1") }
            runs = number
        case "--output": outputFile = value()
        case "--swift-version": swiftVersion = value()
        case "--keep": keep = value()
        case "--help", "-h":
            print(diffUsage)
            exit(0)
        default: failDiffUsage("unknown argument '\(argument)'")
        }
    }
    guard let bramble else { failDiffUsage("--bramble PATH is required") }
    guard FileManager.default.isExecutableFile(atPath: bramble) else { fail("\(bramble) is not an executable; build it with 'swift build -c release --product bramble'") }
    let diffTool = "/usr/bin/diff"
    guard FileManager.default.isExecutableFile(atPath: diffTool) else { fail("\(diffTool) not found; install the diffutils package") }

    let pair = makeTreePair(nodes: nodes, seed: 0x4252_414D_424C_45)
    let folder = keep.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("bramble-diff-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // exit() skips defer blocks, so the folder is removed through atexit.
    if keep == nil { diffBenchFolder = folder.path; atexit { if let path = diffBenchFolder { try? FileManager.default.removeItem(atPath: path) } } }
    let oldPath = folder.appendingPathComponent("old.bramble").path
    let newPath = folder.appendingPathComponent("new.bramble").path
    let outPath = folder.appendingPathComponent("out.txt").path
    FileManager.default.createFile(atPath: oldPath, contents: Data(pair.old))
    FileManager.default.createFile(atPath: newPath, contents: Data(pair.new))

    // One untimed run in JSON checks that the changes are found and warms the file cache.
    let check = timeProcess(bramble, ["diff", oldPath, newPath, "--format", "json"], outputPath: outPath)
    guard check.status == 0,
          let data = FileManager.default.contents(atPath: outPath),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let nodeChanges = json["nodes"] as? [[String: Any]],
          let risks = json["risks"] as? [Any]
    else { fail("bramble diff failed on the generated pair (status \(check.status)); run it on the files in \(folder.path)") }
    var found: [String: Int] = [:]
    for change in nodeChanges { found[change["change"] as? String ?? "?", default: 0] += 1 }
    let attackSets = (json["attackSets"] as? [String: Any])?["compared"] as? Bool ?? false
    _ = timeProcess(diffTool, ["-u", oldPath, newPath], outputPath: outPath)

    var brambleTimes: [Double] = []
    var diffTimes: [Double] = []
    var checkTimes: [Double] = []
    for _ in 0..<runs {
        let run = timeProcess(bramble, ["diff", oldPath, newPath], outputPath: outPath)
        guard run.status == 0 else { fail("bramble diff exited with status \(run.status)") }
        brambleTimes.append(run.seconds)
        let textRun = timeProcess(diffTool, ["-u", oldPath, newPath], outputPath: outPath)
        guard textRun.status == 1 else { fail("diff -u exited with status \(textRun.status), expected 1 for different files") }
        diffTimes.append(textRun.seconds)
        let checkRun = timeProcess(bramble, ["check", oldPath], outputPath: outPath)
        guard checkRun.status == 0 else { fail("bramble check exited with status \(checkRun.status)") }
        checkTimes.append(checkRun.seconds)
    }
    let bestBramble = brambleTimes.min()!
    let bestDiff = diffTimes.min()!
    let ratio = bestBramble / bestDiff
    let changed = pair.changed
    print("bramble diff: best \(Format.decimal(bestBramble, digits: 3)) s; diff -u: best \(Format.decimal(bestDiff, digits: 3)) s; ratio \(Format.decimal(ratio, digits: 2))")

    guard let outputFile else { exit(0) }
    let machine = Machine.current(swiftVersion: swiftVersion)
    let changedSteps = changed.values.reduce(0, +)
    let section = """
        <!-- bench:diff:start -->
        ## Diff against `diff -u`

        `make bench-diff` builds `bramble` and `bramble-bench` in release mode, with the Swift
        runtime and Foundation linked in as `make build` links them, and runs
        `bramble-bench diff` (Sources/BrambleBench/DiffBench.swift). It generates a tree of
        \(Format.grouped(nodes)) requested nodes (\(Format.grouped(pair.nodes)) written, \(Format.grouped(pair.old.count)) bytes) with the parse
        benchmark's generator and changes \(Format.grouped(changedSteps)) steps, 1% of the nodes, in four kinds taken
        in turn: \(changed["likelihood"] ?? 0) new likelihoods, \(changed["title"] ?? 0) new titles, \(changed["removed"] ?? 0) steps removed and \(changed["added"] ?? 0)
        steps added after the last sibling of a chosen step (a step whose removal would
        break the ids written under a later sibling gets a new likelihood instead). Both
        files are written to a temporary folder, then each run times `bramble diff OLD NEW` (text output) and
        `diff -u OLD NEW` as child processes from start to exit, with standard output sent to
        a file. `bramble check OLD` is timed the same way for reference. The runs alternate
        between the commands, and the best of \(runs) counts.

        Machine: \(machine.processors) processors (`nproc`), \(machine.cpuModel); \(machine.swiftVersion);
        measured on \(machine.date), with a 1-minute load average of \(machine.loadAverage) at the start.

        | command | best time (s) | slowest time (s) |
        |---|--:|--:|
        | `bramble diff` | \(Format.decimal(bestBramble, digits: 3)) | \(Format.decimal(brambleTimes.max()!, digits: 3)) |
        | `diff -u` | \(Format.decimal(bestDiff, digits: 3)) | \(Format.decimal(diffTimes.max()!, digits: 3)) |
        | `bramble check OLD` | \(Format.decimal(checkTimes.min()!, digits: 3)) | \(Format.decimal(checkTimes.max()!, digits: 3)) |

        Ratio of the best times: **\(Format.decimal(ratio, digits: 2))**. Goal: within 3x of `diff -u`. \(ratio <= 3 ? "Met" : "Not met").
        `bramble check OLD` reads, parses and checks one of the two trees and looks for
        warnings. `bramble diff` reads, parses and checks both trees, on two threads and for errors
        only. Each tree's scoring in three views starts as soon as that tree is read, and runs
        while the other tree is read and while the nodes of both are paired and compared. The time of
        `bramble check OLD` divided by that of `diff -u` is \(Format.decimal(checkTimes.min()! / bestDiff, digits: 2)).

        What `bramble diff` found: \(found["added"] ?? 0) nodes added, \(found["removed"] ?? 0) removed and \(found["changed"] ?? 0) changed, and the risk of
        \(risks.count) nodes listed (the changed nodes and every node whose risk or band moved, ancestors
        included). Minimal attack sets were \(attackSets ? "compared" : "not compared, because the bound on their number is far above the limit of 10,000 sets").
        <!-- bench:diff:end -->
        """
    do {
        try replaceSection(in: outputFile, start: "<!-- bench:diff:start -->", end: "<!-- bench:diff:end -->", with: section)
        print("bramble-bench: updated \(outputFile)")
    } catch {
        fail("could not update \(outputFile): \(error)")
    }
    exit(0)
}

/// Replaces the text between two markers, markers included, or appends the section when the
/// markers are missing.
func replaceSection(in path: String, start: String, end: String, with section: String) throws {
    var document = try String(contentsOfFile: path, encoding: .utf8)
    if let startRange = document.range(of: start),
       let endRange = document.range(of: end, range: startRange.upperBound..<document.endIndex)
    {
        document.replaceSubrange(startRange.lowerBound..<endRange.upperBound, with: section)
    } else {
        if !document.hasSuffix("\n") { document += "\n" }
        document += "\n" + section + "\n"
    }
    try document.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Prints an invalid-argument message with the diff usage and exits with status 2.
func failDiffUsage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bramble-bench diff: \(message)\n\(diffUsage)\n".utf8))
    exit(2)
}
