import Foundation

/// The layout of a source file: each non-blank logical line becomes a block, and a line indented
/// more than the one before it becomes that line's child.
///
/// The structure is flat (an array of blocks with child indices), so that a tree nested ten
/// thousand levels deep is built and walked without recursion.
public struct SyntaxTree: Sendable {
    /// One statement and the statements nested under it.
    public struct Block: Sendable {
        // Stored in 32 bits, like token offsets, which keeps a block at 8 bytes.
        private let storedLine: UInt32
        /// The position in `childBlocks` of the block's first child. The children end where the
        /// next block's start, since each block's children follow those of the blocks before it.
        fileprivate var firstChild: UInt32 = 0

        init(line: Int) { storedLine = UInt32(clamping: line) }

        /// Index into `lines`.
        public var line: Int { Int(storedLine) }
    }

    public let file: SourceFile
    /// Every logical line, blank and comment-only lines included.
    public let lines: [SourceLine]
    /// The tokens of every line in order. Each line's `tokenRange` gives the positions of its
    /// own tokens.
    public let allTokens: [Token]
    /// The values of strings with escapes and of block strings, which tokens name by position.
    let decodedValues: [String]
    public private(set) var blocks: [Block] = []
    /// The children of every block, each block's together and in source order. One list for
    /// the whole file costs one allocation instead of one per block with children. Block
    /// numbers are stored in 32 bits, like the blocks' own fields.
    private var childBlocks: [UInt32] = []
    /// Indices into `blocks` of the statements at the left margin.
    public private(set) var topLevel: [Int] = []
    /// Problems found while reading the file.
    public private(set) var diagnostics: DiagnosticList

    /// Reads `file` into lines and blocks, reporting every problem found.
    /// - Complexity: O(n) in the size of the file.
    public static func parse(_ file: SourceFile) -> SyntaxTree {
        let (lines, tokens, decodedValues, diagnostics) = Lexer.lines(of: file)
        var tree = SyntaxTree(file: file, lines: lines, tokens: tokens, decodedValues: decodedValues,
                              diagnostics: diagnostics)
        tree.buildBlocks()
        return tree
    }

    private init(file: SourceFile, lines: [SourceLine], tokens: [Token], decodedValues: [String],
                 diagnostics: DiagnosticList) {
        self.file = file
        self.lines = lines
        self.allTokens = tokens
        self.decodedValues = decodedValues
        self.diagnostics = diagnostics
    }

    private mutating func buildBlocks() {
        // The open blocks, outermost first, with their indentation.
        var open: [(indent: Int, block: Int)] = []
        // Each block's number of children. The list of children is filled once the counts are
        // known, so that it is allocated once at its final size. Until then, each block's
        // `firstChild` contains its parent block plus 1, or 0 at the left margin.
        var childCounts: [UInt32] = []
        blocks.reserveCapacity(lines.count)
        childCounts.reserveCapacity(lines.count)
        for lineIndex in lines.indices where !lines[lineIndex].isBlank {
            let line = lines[lineIndex]
            while let last = open.last, last.indent >= line.indent { open.removeLast() }
            let block = blocks.count
            blocks.append(Block(line: lineIndex))
            childCounts.append(0)
            if let parent = open.last?.block {
                // Blocks are numbered in source order, so a block's first child follows it.
                checkSiblingIndent(of: line, firstSibling: childCounts[parent] > 0 ? parent + 1 : nil)
                blocks[block].firstChild = UInt32(clamping: parent + 1)
                childCounts[parent] += 1
            } else {
                if line.indent > 0, topLevel.isEmpty {
                    report(line, "the first statement is indented; start it at the left margin")
                } else if let first = topLevel.first, line.indent != lines[blocks[first].line].indent {
                    checkSiblingIndent(of: line, firstSibling: first)
                }
                topLevel.append(block)
            }
            open.append((line.indent, block))
        }
        // Each block's children go after those of the blocks before it. One pass in block order
        // turns each count into the place of the block's next child and puts each block at its
        // parent's place, which is set because a parent comes before its children.
        childBlocks = [UInt32](repeating: 0, count: blocks.count - topLevel.count)
        var next: UInt32 = 0
        for block in blocks.indices {
            let parent = Int(blocks[block].firstChild) - 1
            blocks[block].firstChild = next
            let count = childCounts[block]
            childCounts[block] = next
            next += count
            if parent >= 0 {
                childBlocks[Int(childCounts[parent])] = UInt32(clamping: block)
                childCounts[parent] += 1
            }
        }
    }

    /// Returns the range of a block's children in `childBlocks`.
    private func childRange(_ block: Int) -> Range<Int> {
        let end = block + 1 < blocks.count ? Int(blocks[block + 1].firstChild) : childBlocks.count
        return Int(blocks[block].firstChild)..<end
    }

    /// Reports a line whose indentation differs from that of its earlier siblings, which happens
    /// when a line is dedented to a level that no enclosing block uses.
    private mutating func checkSiblingIndent(of line: SourceLine, firstSibling: Int?) {
        guard let firstSibling else { return }
        let expected = lines[blocks[firstSibling].line].indent
        guard line.indent != expected else { return }
        report(line, "this line is indented \(line.indent) spaces but the lines it follows at this level are indented \(expected); line it up with them or with its parent")
    }

    private mutating func report(_ line: SourceLine, _ message: String) {
        diagnostics.append(Diagnostic(.inconsistentIndentation, .error,
                                      at: file.location(of: line.contentOffset), message))
    }

    /// Returns the indices into `blocks` of a block's children, in source order.
    public func children(_ block: Int) -> LazyMapCollection<ArraySlice<UInt32>, Int> {
        childBlocks[childRange(block)].lazy.map { Int($0) }
    }

    /// Returns the first token of a block's line.
    public func head(_ block: Int) -> Token { allTokens[lines[blocks[block].line].tokenRange.lowerBound] }

    /// Returns the tokens of a block's line.
    public func tokens(_ block: Int) -> TokenSpan { TokenSpan(allTokens, lines[blocks[block].line].tokenRange) }

    /// Returns the tokens of a line, blank lines included, given its index in `lines`.
    public func tokens(ofLine line: Int) -> TokenSpan { TokenSpan(allTokens, lines[line].tokenRange) }

    /// Returns the comment at the end of a line, without its `#`, or nil when it has none.
    public func comment(ofLine line: Int) -> String? {
        guard let start = lines[line].commentOffset else { return nil }
        let bytes = file.bytes
        var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return file.text(start..<end)
    }

    /// Returns a token's value: a word as written, or a string with escapes resolved and
    /// without its quotes. The token must come from this file.
    public func text(_ token: Token) -> String {
        let decoded = Int(token.decodedValue)
        if decoded > 0, decoded <= decodedValues.count { return decodedValues[decoded - 1] }
        return file.text(token.valueRange)
    }

    /// Returns whether a token is the word `word`, compared byte by byte without making a
    /// string.
    public func isWord(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .word else { return false }
        let range = token.range
        guard range.count == word.utf8CodeUnitCount, range.upperBound <= file.bytes.count else { return false }
        return file.bytes.withUnsafeBufferPointer { bytes in
            memcmp(bytes.baseAddress! + range.lowerBound, word.utf8Start, range.count) == 0
        }
    }

    /// Returns the bytes a token covers, quotes included.
    public func bytes(of token: Token) -> ArraySlice<UInt8> { file.bytes[token.range] }

    /// Returns whether two tokens of this file are written the same, byte for byte.
    public func sameText(_ first: Token, _ second: Token) -> Bool {
        first.kind == second.kind && file.bytes[first.range].elementsEqual(file.bytes[second.range])
    }

    /// Returns the first byte of a word, or nil for any other token.
    public func firstByte(ofWord token: Token) -> UInt8? {
        guard token.kind == .word, !token.range.isEmpty else { return nil }
        return file.bytes[token.range.lowerBound]
    }

    /// Returns a token with its value, for code that works on values rather than positions.
    public func written(_ token: Token) -> WrittenToken {
        WrittenToken(kind: token.kind, text: text(token), range: token.range)
    }

    /// Returns the location of a token.
    public func location(_ token: Token) -> SourceLocation { file.location(of: token.range.lowerBound) }

    /// Returns the token that starts at a byte offset, found by binary search, since tokens
    /// are in file order; nil when no token starts there.
    func token(startingAt offset: Int) -> Token? {
        var low = 0
        var high = allTokens.count
        while low < high {
            let middle = (low + high) / 2
            if allTokens[middle].range.lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        guard low < allTokens.count, allTokens[low].range.lowerBound == offset else { return nil }
        return allTokens[low]
    }

    /// Returns the location of a token of `block`'s line, found without searching the file's
    /// lines when the token is on the line's first physical line.
    public func location(_ token: Token, in block: Int) -> SourceLocation {
        file.location(of: token.range.lowerBound, onLine: lines[blocks[block].line].lineNumber)
    }
}
