import BrambleCore

// libFuzzer entry point: `make fuzz` builds this target with `-sanitize=fuzzer,address` and
// `-parse-as-library`, so the file contains declarations only and libFuzzer supplies `main`.
//
// Each input goes through the whole pipeline (SourceFile, SyntaxTree.parse, Checker.check,
// Analysis, DiagnosticPrinter.format), and `Invariants` stops the process with a message when
// a property that the core promises does not hold. libFuzzer then saves the input as a crash.

/// Runs one fuzz input through the pipeline; libFuzzer calls it once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    FuzzPipeline.run(bytes)
    return 0
}

/// The steps applied to every input, kept apart from the C entry point so that the checks read
/// as plain Swift.
enum FuzzPipeline {
    static let path = "fuzz.bramble"

    static func run(_ bytes: [UInt8]) {
        let file = SourceFile(path: path, bytes: bytes)
        let syntax = SyntaxTree.parse(file)
        let (tree, diagnostics) = Checker.check(syntax)

        Invariants.checkDiagnostics(diagnostics, in: file)
        Invariants.checkFormattedDiagnostics(diagnostics, in: file)
        Invariants.checkTreePresence(tree, diagnostics)
        if let tree {
            Invariants.checkTreeOrder(tree)
            Invariants.checkAnalysis(Analysis(tree))
        }
        Invariants.checkLineEndings(bytes, diagnostics)
        checkIncludes(bytes)

        // MARK: Formatter checks
        // TreeFormatter's properties: fmt(fmt(x)) == fmt(x), with and without renumbering, and
        // checking the formatted text reports the same diagnostic codes as the original.
        checkFormatter(syntax, diagnostics)
    }

    /// The line that splits an input into a tree and a file it includes.
    static let includeMarker = Array("\n%%\n".utf8)

    /// Checks an input that contains a line `%%` as two files: the text before the line, and
    /// the text after it, which every `include` in either file reads. Fragments and mitigations
    /// from another file, include cycles and diagnostics in the included file are then checked
    /// too.
    static func checkIncludes(_ bytes: [UInt8]) {
        guard let split = bytes.indices.first(where: { bytes[$0...].starts(with: includeMarker) }) else { return }
        let library = Array(bytes[(split + includeMarker.count)...])
        let main = SourceFile(path: path, bytes: Array(bytes[..<(split + 1)]))
        let result = Checker.check(main, loader: { includedPath in SourceFile(path: includedPath, bytes: library) })
        Invariants.checkDiagnostics(result.diagnostics, in: result.files)
        Invariants.checkTreePresence(result.tree, result.diagnostics)
        if let tree = result.tree {
            Invariants.checkTreeOrder(tree)
            Invariants.checkAnalysis(Analysis(tree))
        }
    }

    /// Formats the parsed file and checks that formatting is idempotent and keeps the
    /// diagnostic codes. Files with lexing or indentation errors are skipped, because the
    /// formatter rejects them by design.
    static func checkFormatter(_ syntax: SyntaxTree, _ diagnostics: DiagnosticList) {
        guard let first = try? TreeFormatter.format(syntax) else { return }
        let formattedSyntax = SyntaxTree.parse(SourceFile(path: path, text: first.text))
        let second: TreeFormatter.Output
        do {
            second = try TreeFormatter.format(formattedSyntax)
        } catch {
            let firstError = error.diagnostics.sorted.first { $0.severity == .error }
            fatalError("the formatter's output has syntax errors: \(firstError.map { "\($0.location): \($0.message)" } ?? "none")\n\(first.text.prefix(2000))")
        }
        checkSameText(first.text, second.text, property: "formatting is not idempotent")

        let before = codes(diagnostics)
        let after = codes(Checker.check(formattedSyntax).diagnostics)
        if before != after {
            fatalError("checking the formatted text reports different codes: before \(before), after \(after)\n\(first.text.prefix(2000))")
        }

        let renumbering = TreeFormatter.Options(renumber: true)
        guard let renumbered = try? TreeFormatter.format(syntax, options: renumbering) else {
            fatalError("the formatter accepts the file without renumbering but rejects it with renumbering")
        }
        guard let again = try? TreeFormatter.format(SourceFile(path: path, text: renumbered.text), options: renumbering) else {
            fatalError("the formatter rejects its own renumbered output\n\(renumbered.text.prefix(2000))")
        }
        checkSameText(renumbered.text, again.text, property: "formatting with renumbering is not idempotent")
    }

    private static func codes(_ diagnostics: DiagnosticList) -> [String] {
        diagnostics.items.map(\.code.rawValue).sorted()
    }

    private static func checkSameText(_ expected: String, _ actual: String, property: String) {
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let lineText = { (lines: [Substring]) in line < lines.count ? lines[line].debugDescription : "end of text" }
        fatalError("\(property): line \(line + 1) is \(lineText(expectedLines)) after one pass and \(lineText(actualLines)) after two\n\(expected.prefix(2000))")
    }
}
