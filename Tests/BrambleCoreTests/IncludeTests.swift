import BrambleCore
import Testing

/// An in-memory file system for include tests.
struct MemoryFiles {
    let files: [String: String]

    var loader: IncludeLoader {
        let files = files
        return { path in
            guard let text = files[path] else { throw MissingFile(path: path) }
            return SourceFile(path: path, text: text)
        }
    }

    func check(_ path: String) -> CheckResult {
        Checker.check(SourceFile(path: path, text: files[path]!), today: "2026-01-01", loader: loader)
    }
}

struct MissingFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path): file not found" }
}

@Suite struct IncludeTests {
    static let library = """
    fragment steal-token or "Steal a CI token"
      "Read it from a job log"
        likelihood 0.5
        mitigated-by mask-secrets
      "Phish a maintainer"
        likelihood 0.2

    mitigation mask-secrets "Mask secrets in job logs"
      status implemented
      effectiveness 90%
    """

    /// A loader that returns the same library for every path, as a file system where every
    /// directory contains the file would. The fuzzer found that a path growing with each include
    /// then read files without end.
    static func everywhere(_ text: String) -> IncludeLoader {
        { path in SourceFile(path: path, text: text) }
    }

    @Test func growingIncludePathStops() throws {
        let library = "include \"lib/x.bramble\"\n" + Self.library
        let main = SourceFile(path: "main.bramble", text: "include \"lib/x.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.5\n")
        let result = Checker.check(main, today: "2026-01-01", loader: Self.everywhere(library))
        let failed = result.diagnostics.items.filter { $0.code == .includeFailed }
        #expect(failed.count == 1)
        #expect(try #require(failed.first).message.contains("more than \(Checker.maxIncludeDepth) files deep"))
        #expect(result.files.count == Checker.maxIncludeDepth)
    }

    @Test func secondGoalAfterIncludedFragment() throws {
        // The first goal ends with a copy of a fragment from the library, which left the
        // builder reading the library when it came to the second goal. The fuzzer found that
        // the second goal's line was then looked up among the library's lines, past their end
        // when the library is the shorter file.
        let files = MemoryFiles(files: [
            "lib.bramble": "fragment probe \"Probe\"\n  likelihood 0.5\n",
            "main.bramble": """
            include "lib.bramble"
            1 or "Goal"
              impact 1
              1.1 "Step one"
                likelihood 0.5
              1.2 "Step two"
                likelihood 0.5
              use probe
            2 or "Second goal"
              impact 1
              2.1 "Step"
                likelihood 0.5
            """,
        ])
        let result = files.check("main.bramble")
        #expect(result.tree == nil)
        let second = try #require(result.diagnostics.items.first { $0.code == .multipleGoals })
        #expect(second.location.path == "main.bramble")
        #expect(second.location.line == 9)
        #expect(second.message.contains("node 2 is a second one"))
    }

    @Test func fanningOutIncludesStop() {
        // Each file includes two others one directory further down, so the files double at each
        // level. The total stops at its limit long before the depth does. The files contain
        // nothing else, so that reading a thousand of them takes little memory while other
        // tests run.
        let library = "include \"a/x.bramble\"\ninclude \"b/x.bramble\"\n"
        let main = SourceFile(path: "main.bramble", text: "include \"x.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.5\n")
        let result = Checker.check(main, today: "2026-01-01", loader: Self.everywhere(library))
        // The tree's own file, then the most files it may include.
        #expect(result.files.count == Checker.maxIncludedFiles + 1)
        #expect(result.diagnostics.hasErrors)
    }

    /// Gate problems in a fragment from an included file are found once every node is read,
    /// while the builder is on the including file. They must point into the included file and
    /// quote it, even where the included file is far longer than the including one.
    @Test func gateProblemsInIncludedFragment() {
        let files = MemoryFiles(files: [
            "lib.bramble": String(repeating: "# padding\n", count: 400) + """
            fragment steal or "Steal the key"
              2 of 3 "Pick two"
                "A"
                  likelihood 0.5
                "B"
                  likelihood 0.5
              and "Empty gate"
            """,
            "main.bramble": """
            include "lib.bramble"
            1 or "Goal"
              impact 5
              use steal
            """,
        ])
        let diagnostics = files.check("main.bramble").diagnostics.items
        let count = diagnostics.first { $0.code == .invalidGate }
        #expect(count?.location.description == "lib.bramble:402:8")
        #expect(count?.message.contains("says 2 of 3 but has 2 children") == true)
        let empty = diagnostics.first { $0.code == .gateWithoutChildren }
        #expect(empty?.location.description == "lib.bramble:407:3")
    }

    @Test func fragmentCopiedWhereUsed() throws {
        let files = MemoryFiles(files: [
            "trees/lib/common.bramble": Self.library,
            "trees/build.bramble": """
            include "lib/common.bramble"

            1 or "Compromise the build"
              impact 10
              1.1 and "Push a poisoned image"
                use steal-token
                1.1.2 "Bypass signing"
                  likelihood 0.1
              1.2 "Other"
                likelihood 0.1
            """,
        ])
        let result = files.check("trees/build.bramble")
        let tree = try #require(result.tree, "\(result.diagnostics.items.map(\.message))")
        #expect(tree.nodes.map(\.id.description) == ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.2", "1.1.2", "1.2"])
        let copy = tree.nodes[tree.index(of: NodeID([1, 1, 1]))!]
        #expect(copy.title == "Steal a CI token")
        #expect(copy.gate == .or)
        #expect(copy.location.path == "trees/lib/common.bramble")
        #expect(tree.mitigations.map(\.name) == ["mask-secrets"])
        #expect(result.files.map(\.path) == ["trees/build.bramble", "trees/lib/common.bramble"])
        let analysis = Analysis(tree)
        // 1.1.1 residual = 1 - (1 - 0.05)(1 - 0.2) = 0.24; 1.1 = 0.024; goal = 1 - 0.976 × 0.9
        #expect(abs(analysis.residual.goal.probability! - (1 - 0.976 * 0.9)) < 1e-12)
    }

    @Test func fragmentUsedTwiceGivesTwoCopies() throws {
        let files = MemoryFiles(files: [
            "lib.bramble": Self.library,
            "tree.bramble": """
            include "lib.bramble"
            1 and "Goal"
              impact 1
              use steal-token
              use steal-token
            """,
        ])
        let tree = try #require(files.check("tree.bramble").tree)
        #expect(tree.nodes.filter { $0.title == "Steal a CI token" }.map(\.id.description) == ["1.1", "1.2"])
        #expect(tree.sharedNodes.isEmpty)
    }

    @Test func includeCycleReportedWithChain() throws {
        let files = MemoryFiles(files: [
            "a.bramble": "include \"b.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.1\n",
            "b.bramble": "include \"a.bramble\"\n",
        ])
        let diagnostics = files.check("a.bramble").diagnostics.items
        let cycle = try #require(diagnostics.first { $0.code == .includeCycle })
        #expect(cycle.message.contains("a.bramble -> b.bramble -> a.bramble"))
        #expect(cycle.location.path == "b.bramble")
        #expect(cycle.location.line == 1)
        #expect(cycle.location.column == 9)
    }

    @Test func missingIncludeReported() throws {
        let files = MemoryFiles(files: ["a.bramble": "include \"gone.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.1\n"])
        let failure = try #require(files.check("a.bramble").diagnostics.items.first { $0.code == .includeFailed })
        #expect(failure.message.contains("gone.bramble: file not found"))
        #expect(failure.location.line == 1)
    }

    @Test func includeWithoutLoaderReported() {
        let (_, diagnostics) = Checker.check(SourceFile(path: "a.bramble", text: "include \"x.bramble\"\n1 \"G\"\n  impact 1\n  likelihood 0.1\n"))
        #expect(diagnostics.items.contains { $0.code == .includeFailed })
    }

    @Test func diamondIncludeReadOnce() throws {
        let files = MemoryFiles(files: [
            "a.bramble": "include \"b.bramble\"\ninclude \"c.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.1\n  mitigated-by m\n",
            "b.bramble": "include \"c.bramble\"\n",
            "c.bramble": "mitigation m \"M\"\n  status implemented\n  effectiveness 10%\n",
        ])
        let result = files.check("a.bramble")
        #expect(result.diagnostics.items.isEmpty)
        #expect(result.files.count == 3)
    }

    @Test func relativePathsResolved() {
        #expect(IncludePaths.resolve("lib/x.bramble", from: "trees/a.bramble") == "trees/lib/x.bramble")
        #expect(IncludePaths.resolve("../shared/x.bramble", from: "trees/a.bramble") == "shared/x.bramble")
        #expect(IncludePaths.resolve("./x.bramble", from: "a.bramble") == "x.bramble")
        #expect(IncludePaths.resolve("/abs/x.bramble", from: "trees/a.bramble") == "/abs/x.bramble")
        #expect(IncludePaths.resolve("../x.bramble", from: "a.bramble") == "../x.bramble")
        #expect(IncludePaths.resolve("x.bramble", from: "/a.bramble") == "/x.bramble")
        #expect(IncludePaths.resolve("../../x.bramble", from: "/t/a.bramble") == "/x.bramble")
        #expect(IncludePaths.resolve("x.bramble", from: "lib//a/") == "lib/x.bramble")
        #expect(IncludePaths.resolve("/abs/./y/../x.bramble/", from: "a") == "/abs/x.bramble")
    }

    /// Includes through a file whose path is one character. Foundation's path method stopped the
    /// process there, which the fuzzer found with a file `o` that included another file.
    @Test func oneCharacterPathsResolved() {
        #expect(IncludePaths.resolve("x.bramble", from: "o") == "x.bramble")
        #expect(IncludePaths.resolve("o", from: "o") == "o")
        #expect(IncludePaths.resolve("p", from: "lib/o") == "lib/p")
        let files = MemoryFiles(files: [
            "t": "include \"o\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.1\n  mitigated-by m\n",
            "o": "include \"p\"\n",
            "p": "mitigation m \"M\"\n  status implemented\n  effectiveness 10%\n",
        ])
        let result = files.check("t")
        #expect(result.diagnostics.items.isEmpty)
        #expect(result.files.map(\.path) == ["t", "o", "p"])
    }

    @Test func unknownFragmentSuggested() throws {
        let files = MemoryFiles(files: [
            "lib.bramble": Self.library,
            "tree.bramble": "include \"lib.bramble\"\n1 or \"Goal\"\n  impact 1\n  use steal-tokn\n  1.2 \"x\"\n    likelihood 0.1\n",
        ])
        let unknown = try #require(files.check("tree.bramble").diagnostics.items.first { $0.code == .unknownFragment })
        #expect(unknown.message.contains("did you mean 'steal-token'?"))
        #expect(unknown.location.line == 4)
    }

    @Test func fragmentCycleReported() throws {
        let files = MemoryFiles(files: [
            "tree.bramble": """
            fragment a or "A"
              use b
              "x"
                likelihood 0.1
            fragment b or "B"
              use a
              "y"
                likelihood 0.1

            1 or "Goal"
              impact 1
              use a
              1.2 "z"
                likelihood 0.1
            """,
        ])
        let cycle = try #require(files.check("tree.bramble").diagnostics.items.first { $0.code == .fragmentCycle })
        #expect(cycle.message.contains("a -> b -> a"))
    }

    @Test func idInsideFragmentRejected() {
        let files = MemoryFiles(files: [
            "lib.bramble": "fragment f or \"F\"\n  1.1 \"x\"\n    likelihood 0.1\n  \"y\"\n    likelihood 0.1\n",
        ])
        let diagnostics = files.check("lib.bramble").diagnostics.items
        let misplaced = diagnostics.first { $0.code == .misplacedID }
        #expect(misplaced != nil)
        #expect(misplaced?.location.line == 2)
    }

    @Test func libraryCheckedOnItsOwn() {
        let files = MemoryFiles(files: [
            "lib.bramble": "fragment f or \"F\"\n  \"x\"\n    likelyhood 0.1\n  \"y\"\n    likelihood 0.1\n",
        ])
        let result = files.check("lib.bramble")
        #expect(result.tree == nil)
        #expect(result.diagnostics.items.map(\.code).contains(.unknownAttribute))
        #expect(!result.diagnostics.items.map(\.code).contains(.missingGoal))
    }

    @Test func goalInIncludedFileRejected() {
        let files = MemoryFiles(files: [
            "a.bramble": "include \"b.bramble\"\n1 \"Goal\"\n  impact 1\n  likelihood 0.1\n",
            "b.bramble": "1 \"Another goal\"\n  likelihood 0.1\n",
        ])
        let diagnostics = files.check("a.bramble").diagnostics.items
        let misplaced = diagnostics.first { $0.code == .misplacedAttribute }
        #expect(misplaced != nil)
        #expect(misplaced?.location.path == "b.bramble")
    }
}
