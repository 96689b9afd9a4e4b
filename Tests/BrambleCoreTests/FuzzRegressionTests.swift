import BrambleCore
import Foundation
import Testing

/// Inputs that made the fuzz target (Sources/BrambleFuzz) exceed its 10-second timeout,
/// replayed through the same steps: read, parse, check, and analyse when a tree results.
///
/// Each input repeats one pattern `count` times, so it is built in place. Each hang came from
/// work that grows with the square of the input. A test therefore times the input at two sizes
/// and expects four times the input to cost less than eight times the time. Linear work costs
/// about 4x and quadratic work about 16x. A ratio holds in debug and release builds and on slow
/// machines, where a fixed time limit would not.
@Suite(.serialized) struct FuzzRegressionTests {
    /// Checks `bytes` as the fuzz target does and returns the diagnostics.
    @discardableResult
    func replay(_ bytes: [UInt8]) -> DiagnosticList {
        let (tree, diagnostics) = Checker.check(SourceFile(path: "fuzz.bramble", bytes: bytes))
        if let tree { _ = Analysis(tree) }
        return diagnostics
    }

    /// Returns the best of three timings of `replay`, in seconds of this thread's CPU time.
    /// CPU time, unlike wall-clock time, does not count the time the thread waits while other
    /// tests and processes use the processors, which made wall-clock ratios fail on a busy
    /// machine.
    func bestSeconds(_ bytes: [UInt8]) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUSeconds()
            replay(bytes)
            best = min(best, threadCPUSeconds() - start)
        }
        return best
    }

    func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Expects the input for `4 * count` to take less than eight times as long as the input
    /// for `count`. The count is doubled first until the smaller input takes at least 20 ms,
    /// because a run of a millisecond or less is mostly timer noise. A quadratic cost reaches 20 ms after few doublings, so the check stays quick.
    func expectLinear(count: Int, _ input: (Int) -> [UInt8]) {
        var count = count
        var small = bestSeconds(input(count))
        while small < 0.02, count < 1 << 22 {
            count *= 2
            small = bestSeconds(input(count))
        }
        let large = bestSeconds(input(4 * count))
        #expect(large < 8 * small, "4x the input took \(large / small)x the time (\(small) s, then \(large) s)")
    }

    /// Counts the diagnostics with `code`, those kept and those only counted.
    func count(_ diagnostics: DiagnosticList, _ code: DiagnosticCode) -> Int {
        diagnostics.items.count { $0.code == code } + (diagnostics.dropped[code]?.count ?? 0)
    }

    // Each invalid-escape diagnostic on this one line computed its column with
    // SourceFile.location(of:), which scans from the start of the line. The line therefore
    // cost O(n^2): 32,000 escapes (64 KB) took 0.7 s in a release build, 500,000 (1 MB) 593 s.
    @Test func invalidEscapesOnOneLine() {
        let input = { (count: Int) in
            Array("1 \"".utf8) + Array(String(repeating: "\\q", count: count).utf8) + Array("\"\n".utf8)
        }
        #expect(count(replay(input(2_000)), .invalidEscape) == 2_000)
        expectLinear(count: 2_000, input)
    }

    // The encoding check once called SourceFile.location(of:) for every NUL byte to learn its
    // line, and that call also counts the columns from the start of the line. Release builds drop
    // the unused count, but debug and fuzz builds do O(n^2) work: 64 KB took 112 s in the
    // fuzz build.
    @Test func nulBytesOnOneLine() throws {
        let input = { (count: Int) in Array("1 \"Goal\"\n".utf8) + [UInt8](repeating: 0, count: count) }
        let diagnostics = replay(input(4_000))
        let error = try #require(diagnostics.items.first { $0.code == .nulByte })
        #expect(count(diagnostics, .nulByte) == 1)
        #expect(error.location.line == 2)
        expectLinear(count: 4_000, input)
    }

    // The same per-byte location(of:) call for invalid UTF-8, here lone continuation bytes:
    // 64 KB took 132 s in the fuzz build.
    @Test func invalidUTF8OnOneLine() throws {
        let input = { (count: Int) in Array("1 \"Goal\"\n".utf8) + [UInt8](repeating: 0x80, count: count) }
        let diagnostics = replay(input(4_000))
        let error = try #require(diagnostics.items.first { $0.code == .invalidEncoding })
        #expect(count(diagnostics, .invalidEncoding) == 1)
        #expect(error.location.line == 2)
        expectLinear(count: 4_000, input)
    }

    // Each unknown-node error compared the missing id with every node id for a "did you
    // mean" suggestion (TreeBuilder.resolveUses), so the work was unknown ids x nodes.
    // 1,500 of each (55 KB) took 0.9 s in a release build, and 3,000 of each 8.7 s.
    @Test func unknownUseIDs() {
        let input = { (count: Int) -> [UInt8] in
            var text = "1 or \"Goal\"\n"
            for number in 1...count { text += "  1.\(number) \"Step\"\n    likelihood 0.5\n" }
            for number in 1...count { text += "  use 9.\(number)\n" }
            return Array(text.utf8)
        }
        #expect(count(replay(input(200)), .unknownNode) == 200)
        expectLinear(count: 200, input)
    }

    // Each unknown-mitigation error compared the name with every defined mitigation for a
    // suggestion, so the work was unknown names x mitigations. 1,500 of each (89 KB) took
    // 1.3 s in a release build, and 3,000 of each 5.8 s.
    @Test func unknownMitigationNames() {
        let input = { (count: Int) -> [UInt8] in
            var text = "1 \"Goal\"\n  impact 1\n  likelihood 0.5\n"
            for number in 1...count { text += "  mitigated-by zz\(number)\n" }
            for number in 1...count { text += "mitigation m\(number) \"Control\"\n  status accepted\n" }
            return Array(text.utf8)
        }
        #expect(count(replay(input(200)), .unknownMitigation) == 200)
        expectLinear(count: 200, input)
    }

    /// True when the tests were compiled with optimisation, because SwiftPM defines DEBUG only
    /// in debug builds.
    static var isOptimized: Bool {
        #if DEBUG
        return false
        #else
        return true
        #endif
    }

    // Twelve shared nodes (the conditioning limit), 385 steps and 300 implemented mitigations.
    // Analysis scored the tree once per mitigation, and each score conditioned on all 2^12
    // combinations of the shared nodes. The work was mitigations x 2^12 x nodes, and this
    // 39 KB file took 63 s of CPU time in a release build. The work grows linearly in the
    // number of mitigations, so a ratio cannot tell it apart from a fix. The test expects the
    // fuzz target's limit of 10 s instead and runs only in optimised builds (`make test`).
    @Test(.enabled(if: isOptimized)) func sharedNodesWithManyMitigations() {
        var lines = ["1 or \"Goal\"", "  impact 5"]
        for number in 1...12 {
            lines += ["  1.\(number) \"Shared step \(number)\"", "    likelihood 0.5", "    mitigated-by m\(number)"]
        }
        for user in 13...14 {
            lines.append("  1.\(user) \(user == 13 ? "and" : "or") \"Uses every shared step\"")
            for number in 1...12 { lines.append("    use 1.\(number)") }
        }
        for number in 15..<400 {
            lines += ["  1.\(number) \"Step\"", "    likelihood 0.1", "    mitigated-by m\(number % 300 + 1)"]
        }
        for number in 1...300 {
            lines += ["mitigation m\(number) \"Control\"", "  status implemented", "  effectiveness 50%"]
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let start = ContinuousClock.now
        let diagnostics = replay(bytes)
        let elapsed = start.duration(to: .now)
        #expect(!diagnostics.hasErrors)
        #expect(elapsed < .seconds(10), "checking and analysing took \(elapsed)")
    }
}
