/// The node ids of a file renumbered to match its nesting, and the token rewrites that write
/// them.
///
/// The goal keeps its written id, or gets `1` when it has none or an invalid one. Each node's
/// children are numbered 1, 2, 3... in source order under the parent's new id. A `use NAME` line
/// copies a fragment in as a child, so it takes a number too, but a `use ID` line is a reference
/// and takes none. Every `use ID` is rewritten with the same map. Fragment definitions are left
/// alone, because their nodes are numbered where they are used.
struct Renumbering {
    /// The new id of each node line, by index into `SyntaxTree.lines`, and the position of its
    /// written id token, if it has one.
    private var newIDs: [Int: (id: NodeID, idToken: Int?)] = [:]
    /// Indices into `SyntaxTree.lines` of the `use` lines under nodes.
    private var useLines: Set<Int> = []
    /// Old id to new id for `use` references. An old id is first looked up among the ids the
    /// checker gives the nodes: written ids that fit, and numbers given to the others. Written
    /// ids that do not fit come next, so that a `use` of a moved node follows it.
    private var references: [NodeID: NodeID] = [:]
    /// The id the checker gives each fragment copy, to its new id. A `use` of a node inside a
    /// copy is rewritten by replacing this prefix of its id.
    private var copies: [NodeID: NodeID] = [:]
    /// Written id to new id, for the written ids that changed.
    private(set) var renames: [NodeID: NodeID] = [:]

    /// A node line to visit, with its new id and the id the checker gives it.
    private struct Visit {
        let block: Int
        let newID: NodeID
        let checkedID: NodeID
    }

    init(_ syntax: SyntaxTree) {
        // Nodes in the order the checker reads them: all children of a node, then the
        // children of each in turn. A written id used twice belongs to its first node there.
        var written: [(old: NodeID, new: NodeID)] = []
        var checked: [(old: NodeID, new: NodeID)] = []
        var work: [Visit] = []
        for block in syntax.topLevel where NodeLine.isNodeLine(syntax.tokens(block).map(syntax.written)) {
            let (idToken, writtenID) = NodeLine.writtenID(syntax.tokens(block).map(syntax.written))
            let id = writtenID ?? NodeID([1])
            newIDs[syntax.blocks[block].line] = (id, idToken)
            if let writtenID { written.append((writtenID, id)) }
            checked.append((id, id))
            work.append(Visit(block: block, newID: id, checkedID: id))
        }
        while let visit = work.popLast() {
            var number = 0
            var lastCheckedNumber = 0
            var children: [Visit] = []
            for child in syntax.children(visit.block) {
                let tokens = syntax.tokens(child).map(syntax.written)
                let line = syntax.blocks[child].line
                if tokens[0].kind == .word, tokens[0].text == Keywords.use {
                    useLines.insert(line)
                    if tokens.count > 1, NodeLine.isFragmentName(tokens[1]) {
                        number += 1
                        lastCheckedNumber += 1
                        copies[visit.checkedID.child(lastCheckedNumber)] = visit.newID.child(number)
                    }
                    continue
                }
                guard NodeLine.isNodeLine(tokens) else { continue }
                number += 1
                let newID = visit.newID.child(number)
                let (idToken, writtenID) = NodeLine.writtenID(tokens)
                // The checker's rule: a written id that fits under the parent is kept, any other
                // node gets the number after the highest one used above it.
                var checkedID = visit.checkedID.child(lastCheckedNumber + 1)
                if let writtenID, writtenID.parent == visit.checkedID { checkedID = writtenID }
                lastCheckedNumber = max(lastCheckedNumber, checkedID.last)
                newIDs[line] = (newID, idToken)
                if let writtenID { written.append((writtenID, newID)) }
                checked.append((checkedID, newID))
                children.append(Visit(block: child, newID: newID, checkedID: checkedID))
            }
            work.append(contentsOf: children.reversed())
        }

        var seenWritten = Set<NodeID>()
        for (old, new) in written where seenWritten.insert(old).inserted && old != new {
            renames[old] = new
        }
        for (old, new) in checked + written where references[old] == nil {
            references[old] = new
        }
    }

    /// Returns a line's tokens with its node id, or the ids of its `use` line, rewritten.
    func rewrittenTokens(line: Int, tokens: [WrittenToken]) -> [WrittenToken] {
        if let entry = newIDs[line] {
            var result = tokens
            let text = entry.id.description
            if let position = entry.idToken {
                result[position] = WrittenToken(kind: .word, text: text, range: tokens[position].range)
            } else {
                let start = tokens[0].range.lowerBound
                result.insert(WrittenToken(kind: .word, text: text, range: start..<start), at: 0)
            }
            return result
        }
        guard useLines.contains(line) else { return tokens }
        return tokens.enumerated().map { position, token in
            guard position > 0, token.kind == .word, let old = NodeID(parsing: token.text),
                  let new = newID(referencedAs: old)
            else { return token }
            return WrittenToken(kind: .word, text: new.description, range: token.range)
        }
    }

    /// Returns the new id of the node that `use old` names, or nil when no node has that id.
    private func newID(referencedAs old: NodeID) -> NodeID? {
        if let new = references[old] { return new }
        // A fragment copy or a node inside one: the copy's id is the longest prefix that is one.
        for length in stride(from: old.depth, through: 1, by: -1) {
            let prefix = NodeID(Array(old.components.prefix(length)))
            if let new = copies[prefix] {
                return NodeID(new.components + old.components.dropFirst(length))
            }
        }
        return nil
    }
}

/// The shape of a node line, `[ID] [GATE] "title"`, as far as renumbering needs it. It follows
/// the checker, so that the same lines count as nodes.
enum NodeLine {
    /// Returns whether a statement declares a node: it starts with a title, an id, a `K of N`
    /// gate or a gate word.
    static func isNodeLine(_ tokens: [WrittenToken]) -> Bool {
        guard let head = tokens.first else { return false }
        if head.isString { return true }
        guard head.kind == .word, let first = head.text.first else { return false }
        return first.isASCIIDigit || Keywords.gates.contains(head.text)
    }

    /// Returns the position of a node line's id token, if it has one, and the id when it is
    /// valid. A line that starts with `K of N` has no id.
    static func writtenID(_ tokens: [WrittenToken]) -> (position: Int?, id: NodeID?) {
        guard let head = tokens.first, head.kind == .word, head.text.first?.isASCIIDigit == true,
              !startsCountGate(tokens)
        else { return (nil, nil) }
        return (0, NodeID(parsing: head.text))
    }

    /// Returns whether the word after `use` names a fragment rather than a node id, as the
    /// checker decides it.
    static func isFragmentName(_ token: WrittenToken) -> Bool {
        token.kind == .word && token.text.first?.isASCIIDigit == false && Values.isName(token.text)
    }

    /// Returns whether a line starts with `K of N`: a word, the word `of` and another word.
    static func startsCountGate(_ tokens: [WrittenToken]) -> Bool {
        tokens.count > 2 && tokens[0].kind == .word && tokens[1].kind == .word && tokens[1].text == "of"
            && tokens[2].kind == .word
    }
}
