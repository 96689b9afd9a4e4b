import BrambleCore

/// Properties that must hold for every input, whatever its bytes. Each check stops the process
/// with `fatalError` and a message naming the property, so that libFuzzer records the input as
/// a crash and the message states what broke.
enum Invariants {
    // MARK: Diagnostics

    /// Checks that every diagnostic and note points inside the file and that its line and
    /// column are the ones `SourceFile` computes for its byte offset.
    static func checkDiagnostics(_ diagnostics: DiagnosticList, in file: SourceFile) {
        for diagnostic in diagnostics.items {
            let label = "diagnostic [\(diagnostic.code.rawValue)]"
            checkLocation(diagnostic.location, in: file, label: label)
            if diagnostic.length < 1 {
                fatalError("\(label) has length \(diagnostic.length); a caret spans at least one character")
            }
            for note in diagnostic.notes {
                if let location = note.location {
                    checkLocation(location, in: file, label: "a note of \(label)")
                }
            }
        }
    }

    /// Checks diagnostics that may point into any of several files, each at a valid place of
    /// the file its path names.
    static func checkDiagnostics(_ diagnostics: DiagnosticList, in files: [SourceFile]) {
        for diagnostic in diagnostics.items {
            let label = "diagnostic [\(diagnostic.code.rawValue)]"
            let locations = [diagnostic.location] + diagnostic.notes.compactMap(\.location)
            for location in locations {
                guard let file = files.first(where: { $0.path == location.path }) else {
                    fatalError("\(label) names path '\(location.path)', which is not one of the files read")
                }
                checkLocation(location, in: file, label: label)
            }
            if diagnostic.length < 1 {
                fatalError("\(label) has length \(diagnostic.length); a caret spans at least one character")
            }
        }
    }

    private static func checkLocation(_ location: SourceLocation, in file: SourceFile, label: String) {
        let place = "\(label) at \(location.line):\(location.column) (offset \(location.offset))"
        guard location.path == file.path else {
            fatalError("\(place) names path '\(location.path)' instead of '\(file.path)'")
        }
        let lineCount = file.lineStarts.count
        guard (1...lineCount).contains(location.line) else {
            fatalError("\(place) is on a line outside the file, which has \(lineCount) lines")
        }
        guard (0...file.bytes.count).contains(location.offset) else {
            fatalError("\(place) has an offset outside the file, which has \(file.bytes.count) bytes")
        }
        // A line runs from its first byte up to and including its line break, or to the end
        // of the file for the last line. The column may point just past the last character.
        let start = file.lineStarts[location.line - 1]
        let end = location.line < lineCount ? file.lineStarts[location.line] - 1 : file.bytes.count
        guard (start...end).contains(location.offset) else {
            fatalError("\(place) has an offset outside its line, which covers bytes \(start)...\(end)")
        }
        let maxColumn = 1 + file.bytes[start..<end].count { $0 & 0xC0 != 0x80 }
        guard (1...maxColumn).contains(location.column) else {
            fatalError("\(place) has a column outside its line, which has columns 1...\(maxColumn)")
        }
        let recomputed = file.location(of: location.offset)
        guard recomputed.line == location.line, recomputed.column == location.column else {
            fatalError("\(place) disagrees with SourceFile, which puts that offset at \(recomputed.line):\(recomputed.column)")
        }
    }

    /// Formats every diagnostic with and without colour. The plain output must start with the
    /// location and end its first line with the code. It must contain no control characters
    /// other than line breaks, because the printer promises that quoted text cannot move the
    /// cursor or change colours.
    static func checkFormattedDiagnostics(_ diagnostics: DiagnosticList, in file: SourceFile) {
        let plain = DiagnosticPrinter(useColor: false)
        let colored = DiagnosticPrinter(useColor: true)
        for diagnostic in diagnostics.items {
            let output = plain.format(diagnostic, file: file)
            _ = colored.format(diagnostic, file: file)
            let label = "formatted diagnostic [\(diagnostic.code.rawValue)] at \(diagnostic.location.line):\(diagnostic.location.column)"
            guard output.hasPrefix("\(diagnostic.location): ") else {
                fatalError("\(label) does not start with its location: \(output.prefix(200).debugDescription)")
            }
            let firstLine = output.prefix { $0 != "\n" }
            guard firstLine.hasSuffix("[\(diagnostic.code.rawValue)]") else {
                fatalError("\(label) does not end its first line with the code: \(firstLine.prefix(200).debugDescription)")
            }
            if let control = output.unicodeScalars.first(where: isControl) {
                fatalError("\(label) contains control character U+\(String(control.value, radix: 16, uppercase: true)): \(output.prefix(400).debugDescription)")
            }
        }
        _ = plain.summary(errors: diagnostics.errorCount, warnings: diagnostics.warningCount)
    }

    /// Returns true for a scalar that could move the cursor, change colours or reorder text in a
    /// terminal: C0 controls other than a line break, DEL, C1 controls and bidirectional overrides.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if scalar == "\n" { return false }
        return value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    // MARK: Checked trees

    /// Checks that the checker returns a tree exactly when it reports no error.
    static func checkTreePresence(_ tree: AttackTree?, _ diagnostics: DiagnosticList) {
        if tree == nil, !diagnostics.hasErrors {
            fatalError("the checker returned no tree but reported no error (\(diagnostics.items.count) diagnostics)")
        }
        if tree != nil, diagnostics.hasErrors {
            fatalError("the checker returned a tree although it reported \(diagnostics.errorCount) errors")
        }
    }

    /// Checks the layout that `AttackTree.nodes` promises. Nodes are in pre-order of where they
    /// are written, from the goal, and children are in id order. A written child's id is one
    /// level below its parent's. Parent lists, lookups and `bottomUpOrder` match the children.
    static func checkTreeOrder(_ tree: AttackTree) {
        let nodes = tree.nodes
        guard !nodes.isEmpty else { fatalError("a checked tree has no nodes") }
        guard nodes[0].parent == nil, nodes[0].parents.isEmpty else {
            fatalError("the goal (node \(nodes[0].id)) has a parent")
        }

        // Walk the nodes as written (each under the one parent it is written under) and
        // check that the walk visits them in array order.
        var visited = 0
        var stack = [0]
        while let index = stack.popLast() {
            guard index == visited else {
                fatalError("nodes are not in pre-order: position \(visited) contains node \(nodes[visited].id), but the walk from the goal reaches node \(nodes[index].id) (index \(index)) there")
            }
            visited += 1
            checkChildren(of: index, in: tree)
            let written = nodes[index].children.filter { nodes[$0].parent == index }
            stack.append(contentsOf: written.reversed())
        }
        guard visited == nodes.count else {
            fatalError("the walk from the goal reaches \(visited) of \(nodes.count) nodes")
        }

        for (index, node) in nodes.enumerated() {
            guard tree.index(of: node.id) == index else {
                fatalError("index(of: \(node.id)) returns \(String(describing: tree.index(of: node.id))) instead of \(index)")
            }
            if index > 0, node.parents.first != node.parent {
                fatalError("node \(node.id) has parent \(String(describing: node.parent)) but parents \(node.parents); the written parent comes first")
            }
            for parent in node.parents where !nodes.indices.contains(parent) || !nodes[parent].children.contains(index) {
                fatalError("node \(node.id) lists parent index \(parent), which does not have it as a child")
            }
            for mitigation in node.mitigations {
                guard tree.mitigations.indices.contains(mitigation) else {
                    fatalError("node \(node.id) names mitigation index \(mitigation), outside 0..<\(tree.mitigations.count)")
                }
                guard tree.mitigations[mitigation].covers.contains(index) else {
                    fatalError("node \(node.id) uses mitigation '\(tree.mitigations[mitigation].name)', whose covers list omits it")
                }
            }
        }
        checkBottomUpOrder(tree)
    }

    private static func checkChildren(of index: Int, in tree: AttackTree) {
        let nodes = tree.nodes
        let node = nodes[index]
        if !node.children.isEmpty, node.gate == nil {
            fatalError("node \(node.id) has \(node.children.count) children but no gate")
        }
        for (position, child) in node.children.enumerated() {
            guard nodes.indices.contains(child) else {
                fatalError("node \(node.id) has child index \(child), outside 0..<\(nodes.count)")
            }
            guard nodes[child].parents.contains(index) else {
                fatalError("node \(nodes[child].id) is a child of \(node.id) but its parents \(nodes[child].parents) omit index \(index)")
            }
            if nodes[child].parent == index, nodes[child].id.parent != node.id {
                fatalError("node \(nodes[child].id) is written under \(node.id) but its id does not extend its parent's")
            }
            if position > 0, !(nodes[node.children[position - 1]].id < nodes[child].id) {
                fatalError("children of \(node.id) are not in id order: \(nodes[node.children[position - 1]].id) comes before \(nodes[child].id)")
            }
        }
    }

    /// Checks that `bottomUpOrder` lists every node once, each after all of its children.
    private static func checkBottomUpOrder(_ tree: AttackTree) {
        let order = tree.bottomUpOrder
        guard order.sorted() == Array(tree.nodes.indices) else {
            fatalError("bottomUpOrder has \(order.count) entries and is not a permutation of the \(tree.nodes.count) nodes")
        }
        var rank = [Int](repeating: 0, count: order.count)
        for (position, node) in order.enumerated() { rank[node] = position }
        for (index, node) in tree.nodes.enumerated() {
            for child in node.children where rank[child] > rank[index] {
                fatalError("bottomUpOrder puts node \(node.id) before its child \(tree.nodes[child].id)")
            }
        }
    }

    // MARK: Analysis

    /// Checks every figure: probabilities are nil or in [0, 1], risks nil or non-negative, a
    /// blocked node has probability 0, and a node's known residual probability is at most its
    /// inherent one, its projected at most its residual.
    static func checkAnalysis(_ analysis: Analysis) {
        let tree = analysis.tree
        let evaluations = [analysis.inherent, analysis.residual, analysis.projected]
        for evaluation in evaluations {
            guard evaluation.figures.count == tree.nodes.count else {
                fatalError("the \(evaluation.view) view has \(evaluation.figures.count) figures for \(tree.nodes.count) nodes")
            }
            for (index, figures) in evaluation.figures.enumerated() {
                let label = "node \(tree.nodes[index].id) in the \(evaluation.view) view"
                if let probability = figures.probability, !(0...1).contains(probability) {
                    fatalError("\(label) has probability \(probability), outside [0, 1]")
                }
                if let risk = figures.risk, !(risk >= 0) {
                    fatalError("\(label) has risk \(risk), which is negative or not a number")
                }
                if figures.blocked, figures.probability != 0 {
                    fatalError("\(label) is blocked but has probability \(String(describing: figures.probability))")
                }
            }
        }
        // Rounding may make a product differ in the last bits, hence the tolerance.
        let tolerance = 1e-9
        for index in tree.nodes.indices {
            let inherent = analysis.inherent.figures[index].probability
            let residual = analysis.residual.figures[index].probability
            let projected = analysis.projected.figures[index].probability
            if let inherent, let residual, residual > inherent + tolerance {
                fatalError("node \(tree.nodes[index].id) has residual probability \(residual) above its inherent \(inherent)")
            }
            if let residual, let projected, projected > residual + tolerance {
                fatalError("node \(tree.nodes[index].id) has projected probability \(projected) above its residual \(residual)")
            }
        }

        guard analysis.effects.count == tree.mitigations.count else {
            fatalError("\(analysis.effects.count) mitigation effects for \(tree.mitigations.count) mitigations")
        }
        for effect in analysis.effects {
            if let reduction = effect.riskReduction, !(reduction >= 0) {
                fatalError("mitigation '\(tree.mitigations[effect.mitigation].name)' has risk reduction \(reduction)")
            }
        }
        checkEffectsAgainstEvaluation(analysis)
        let ranking = analysis.mitigationsByReduction
        guard ranking.sorted() == Array(tree.mitigations.indices) else {
            fatalError("mitigationsByReduction \(ranking) is not a permutation of the \(tree.mitigations.count) mitigations")
        }
        for step in analysis.unmitigatedSteps {
            guard tree.nodes.indices.contains(step.node), tree.nodes[step.node].isStep else {
                fatalError("unmitigatedSteps lists index \(step.node), which is not a step")
            }
        }
    }

    /// Checks that each mitigation's effect, which the analysis measures by computing again only
    /// what the mitigation changes, equals a whole evaluation of the tree with the mitigation
    /// removed (implemented ones) or added (planned ones). The first 20 mitigations are checked.
    private static func checkEffectsAgainstEvaluation(_ analysis: Analysis) {
        let tree = analysis.tree
        // An approximate score counts shared nodes once per parent, and the two ways need not
        // approximate alike.
        guard analysis.residual.method.isExact else { return }
        for effect in analysis.effects.prefix(20) {
            let mitigation = tree.mitigations[effect.mitigation]
            let measured: Double?
            let evaluation: Evaluation
            switch mitigation.status {
            case .implemented:
                measured = effect.riskIfRemoved
                evaluation = Scorer.evaluate(tree, view: .residual) { $0.status == .implemented && $0.name != mitigation.name }
            case .planned:
                measured = effect.riskIfImplemented
                evaluation = Scorer.evaluate(tree, view: .residual) { $0.status == .implemented || $0.name == mitigation.name }
            case .accepted, .transferred, .notApplicable:
                continue
            }
            // Without shared nodes both are the same bottom-up arithmetic. With them, one comes
            // from a decision diagram and the other may be conditioned, hence the tolerance.
            let expected = evaluation.goal.risk
            let agree: Bool
            switch (measured, expected) {
            case let (measured?, expected?):
                agree = tree.sharedNodes.isEmpty ? measured == expected : abs(measured - expected) <= 1e-9 * max(1, abs(expected))
            case (nil, nil):
                agree = true
            default:
                agree = false
            }
            if !agree {
                fatalError("mitigation '\(mitigation.name)' has measured risk \(String(describing: measured)) but a whole evaluation gives \(String(describing: expected))")
            }
        }
    }

    // MARK: Line endings

    /// Checks that CRLF line endings read exactly like LF, as docs/language.md promises: for an
    /// input without carriage returns, writing every LF as CRLF must give the same diagnostics
    /// at the same lines and columns.
    static func checkLineEndings(_ bytes: [UInt8], _ diagnostics: DiagnosticList) {
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        guard bytes.contains(lineFeed), !bytes.contains(carriageReturn) else { return }
        var crlf: [UInt8] = []
        crlf.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte == lineFeed { crlf.append(carriageReturn) }
            crlf.append(byte)
        }
        let converted = Checker.check(SourceFile(path: FuzzPipeline.path, bytes: crlf)).diagnostics
        let expected = summary(diagnostics)
        let actual = summary(converted)
        guard expected == actual else {
            let firstDifference = zip(expected, actual).first { $0 != $1 }
            fatalError("CRLF line endings change the diagnostics: LF gives \(expected.count), CRLF \(actual.count); first difference \(String(describing: firstDifference))")
        }
    }

    private static func summary(_ diagnostics: DiagnosticList) -> [String] {
        diagnostics.sorted.map { "\($0.code.rawValue) \($0.severity) \($0.location.line):\($0.location.column)" }
    }
}
