/// The canonical formatter: rewrites a parsed tree file in one fixed layout without changing what
/// it means, and optionally renumbers its node ids to match the nesting.
///
/// The formatter works on tokens, not on the checked model, so it keeps every statement and
/// comment in source order, including statements the checker does not know, and blank lines up
/// to one in a row. It never reorders nodes, attributes or mitigations.
///
/// The name is not `Formatter` because Foundation declares a class of that name, and code that
/// imports both modules could then not name either without qualifying it.
public enum TreeFormatter {
    /// Choices that change what the formatter writes besides the layout.
    public struct Options: Sendable, Hashable {
        /// Whether to rewrite node ids to match the nesting, and `use` references with them.
        public var renumber: Bool

        public init(renumber: Bool = false) {
            self.renumber = renumber
        }
    }

    /// The canonical text of a file and the node ids that renumbering changed.
    public struct Output: Sendable {
        /// The formatted file: LF line endings, no byte order mark, a final newline unless the
        /// file contains nothing.
        public let text: String
        /// Old written id to new id, for each written id that renumbering changed. Empty when
        /// `renumber` is off.
        public let renames: [NodeID: NodeID]
    }

    /// The error thrown for a file whose lexing or indentation has errors. Formatting such a file
    /// could lose text, because the formatter would have to guess what the broken lines mean.
    public struct SyntaxErrors: Error, Sendable {
        /// Every diagnostic found while reading the file, errors and otherwise.
        public let diagnostics: DiagnosticList
    }

    /// The number of spaces per nesting level.
    public static let indentWidth = 2

    /// Formats a parsed file, or throws `SyntaxErrors` when lexing or indentation found errors.
    /// - Complexity: O(n) in the size of the file, O(n log n) with `renumber`.
    public static func format(_ syntax: SyntaxTree, options: Options = Options()) throws(SyntaxErrors) -> Output {
        guard !syntax.diagnostics.hasErrors else { throw SyntaxErrors(diagnostics: syntax.diagnostics) }
        let plan = options.renumber ? Renumbering(syntax) : nil
        var layout = Layout(syntax: syntax, plan: plan)
        let text = layout.render()
        return Output(text: text, renames: plan?.renames ?? [:])
    }

    /// Reads and formats source text.
    public static func format(_ file: SourceFile, options: Options = Options()) throws(SyntaxErrors) -> Output {
        try format(SyntaxTree.parse(file), options: options)
    }
}

/// A statement at the left margin, as used to decide the blank lines between top-level blocks.
private struct TopLevel {
    /// The first word of a statement with nothing nested under it, such as `include`. It is nil
    /// for a block or a line that starts with a string. Consecutive one-line statements that
    /// start with the same word form a group that is not split by blank lines.
    let groupWord: String?
}

/// One line or group of lines of the formatted file.
private enum OutputItem {
    case blank
    /// A comment-only line at a nesting depth; `text` follows the `#`.
    case comment(depth: Int, text: String)
    /// A statement, already rendered with its indentation; a block string makes it span lines.
    case statement(text: String, topLevel: TopLevel?)

    var isBlank: Bool {
        if case .blank = self { return true }
        return false
    }

    var isTopLevelComment: Bool {
        if case .comment(depth: 0, _) = self { return true }
        return false
    }
}

/// Places every line of a file at its depth and spaces the top-level blocks.
private struct Layout {
    let syntax: SyntaxTree
    let plan: Renumbering?
    /// The nesting depth of each statement line, by index into `syntax.lines`.
    private var depthOfLine: [Int]
    /// The block of each top-level statement, by index into `syntax.lines`.
    private var topLevelBlocks: [Int: Int] = [:]

    init(syntax: SyntaxTree, plan: Renumbering?) {
        self.syntax = syntax
        self.plan = plan
        depthOfLine = [Int](repeating: 0, count: syntax.lines.count)
        var work = syntax.topLevel.map { (block: $0, depth: 0) }
        for block in syntax.topLevel { topLevelBlocks[syntax.blocks[block].line] = block }
        while let item = work.popLast() {
            depthOfLine[syntax.blocks[item.block].line] = item.depth
            for child in syntax.children(item.block) { work.append((child, item.depth + 1)) }
        }
    }

    mutating func render() -> String {
        let items = spaced(collectItems())
        guard !items.isEmpty else { return "" }
        var text = ""
        for item in items {
            switch item {
            case .blank: break
            case .comment(let depth, let comment): text += LineRenderer.indentation(depth) + "#" + comment
            case .statement(let statement, _): text += statement
            }
            text += "\n"
        }
        return text
    }

    /// Turns each source line into an item, in source order.
    private func collectItems() -> [OutputItem] {
        var items: [OutputItem] = []
        // The statements that enclose the current line, outermost first, with their source
        // indentation, so that a comment-only line can be placed in the block it was written in.
        var open: [(indent: Int, depth: Int)] = []
        for (index, line) in syntax.lines.enumerated() {
            guard !line.isBlank else {
                if let comment = syntax.comment(ofLine: index) {
                    items.append(.comment(depth: Self.commentDepth(indent: line.indent, open: open),
                                          text: LineRenderer.trimmedComment(comment)))
                } else {
                    items.append(.blank)
                }
                continue
            }
            let depth = depthOfLine[index]
            while let last = open.last, last.depth >= depth { open.removeLast() }
            open.append((line.indent, depth))
            let renderer = LineRenderer(file: syntax.file, depth: depth)
            let written = syntax.tokens(ofLine: index).map(syntax.written)
            let tokens = plan?.rewrittenTokens(line: index, tokens: written) ?? written
            let rendered = renderer.render(tokens: tokens, comment: syntax.comment(ofLine: index))
            for comment in rendered.displacedComments {
                items.append(.comment(depth: depth, text: comment))
            }
            items.append(.statement(text: rendered.text, topLevel: topLevel(line: index)))
        }
        return items
    }

    private func topLevel(line index: Int) -> TopLevel? {
        guard let block = topLevelBlocks[index] else { return nil }
        let head = syntax.head(block)
        let isOneLine = syntax.children(block).isEmpty && head.kind == .word
        return TopLevel(groupWord: isOneLine ? syntax.text(head) : nil)
    }

    /// Returns the depth of a comment-only line: that of the innermost open statement at the
    /// same indentation, or one deeper than the innermost one indented less.
    private static func commentDepth(indent: Int, open: [(indent: Int, depth: Int)]) -> Int {
        for entry in open.reversed() where entry.indent <= indent {
            return entry.indent == indent ? entry.depth : entry.depth + 1
        }
        return 0
    }

    /// Drops blank lines at the start and end, keeps at most one blank line in a row, and puts
    /// one blank line before each top-level block. Comment-only lines at the left margin directly
    /// above a top-level statement belong to it, so the blank line goes above them. A group of
    /// one-line statements such as `include` lines keeps the blank lines written inside it.
    private func spaced(_ items: [OutputItem]) -> [OutputItem] {
        var result: [OutputItem] = []
        var previousGroupWord: String?
        for item in items {
            switch item {
            case .blank:
                if let last = result.last, !last.isBlank { result.append(.blank) }
            case .statement(_, topLevel: let topLevel?):
                defer { previousGroupWord = topLevel.groupWord }
                if let word = topLevel.groupWord, word == previousGroupWord {
                    result.append(item)
                    continue
                }
                var insertAt = result.count
                while insertAt > 0, result[insertAt - 1].isTopLevelComment { insertAt -= 1 }
                if insertAt > 0, !result[insertAt - 1].isBlank { result.insert(.blank, at: insertAt) }
                result.append(item)
            default:
                result.append(item)
            }
        }
        while let last = result.last, last.isBlank { result.removeLast() }
        return result
    }
}
