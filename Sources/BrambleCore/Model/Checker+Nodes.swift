/// Reading node blocks: ids, gates, titles and attributes. Nodes are read with an explicit work
/// list instead of recursion, so nesting depth is limited only by memory.
extension TreeBuilder {
    /// The parts of a node line.
    struct NodeHead {
        var id: NodeID?
        var idToken: Token?
        var gate: Gate?
        var gateToken: Token?
        /// N of a `K of N` gate.
        var countToken: Token?
        var title: String
        var anchor: Token
    }

    /// A node whose line and id are read but whose draft is made only when its body is read.
    /// Drafts are thus numbered in pre-order, the order of the checked tree's nodes.
    struct PendingNode {
        /// The file and block of the node's line.
        var file: Int
        var block: Int
        var head: NodeHead
        var id: NodeID
        var idWasWritten: Bool
        var parent: Int
        /// The fragments the node is copied from, outermost first, or none outside fragments.
        var fragmentChain: [String]
    }

    mutating func readGoal(_ block: Int) {
        if !goals.isEmpty { idsMayRepeat = true }
        // Goals are blocks of the checked file. The goal before may have left the builder on
        // an included file, whose fragment it copied last.
        current = 0
        let head = readNodeHead(block)
        let id = head.id ?? NodeID([1])
        let index = addNode(block, head: head, id: id, idWasWritten: head.id != nil, parent: nil)
        goals.append(index)
        var pending: [PendingNode] = []
        readNodeBody(block, node: index, onto: &pending)
        readPendingNodes(&pending)
    }

    /// Makes the drafts of the nodes on `pending` and of everything under them, depth first.
    ///
    /// Reading a node's body appends its children to `pending`, in order. A frame records where
    /// they start and which one is made next, and is dropped with them once all are made, so no
    /// node is moved on `pending`.
    mutating func readPendingNodes(_ pending: inout [PendingNode]) {
        var frames: [(start: Int, next: Int)] = pending.isEmpty ? [] : [(0, 0)]
        // Only the top frame is worked on, and its nodes run to the end of `pending`.
        while let top = frames.last {
            guard top.next < pending.count else {
                pending.removeLast(pending.count - top.start)
                frames.removeLast()
                continue
            }
            frames[frames.count - 1].next += 1
            let item = pending[top.next]
            current = item.file
            let index = addNode(item.block, head: item.head, id: item.id, idWasWritten: item.idWasWritten,
                                parent: item.parent)
            nodes[item.parent].children.append(index)
            if !item.fragmentChain.isEmpty { fragmentChains[index] = item.fragmentChain }
            let end = pending.count
            readNodeBody(item.block, node: index, onto: &pending)
            if pending.count > end { frames.append((end, end)) }
        }
    }

    /// Parses `[ID] [GATE] "title"` from the token at `start`, reporting what is missing or extra.
    mutating func readNodeHead(_ block: Int, from start: Int = 0) -> NodeHead {
        let tokens = syntax.tokens(block)
        var head = NodeHead(title: "", anchor: tokens[min(start, tokens.count - 1)])
        var position = start
        if let first = syntax.firstByte(ofWord: tokens[position]), first >= UInt8(ascii: "0"),
           first <= UInt8(ascii: "9"), !startsCountGate(tokens, at: position)
        {
            let token = tokens[position]
            if let id = NodeID(parsingUTF8: syntax.bytes(of: token)) {
                head.id = id
                head.idToken = token
            } else {
                error(.invalidID, at: token, "invalid node id '\(text(of: token))'; an id is whole numbers from 1 separated by dots, as in 1.2.1")
            }
            position += 1
        }
        if startsCountGate(tokens, at: position) {
            readCountGate(tokens, at: position, into: &head)
            position += 3
        } else if position < tokens.count, tokens[position].kind == .word {
            let token = tokens[position]
            if let gate = Gate(keyword: text(of: token)) {
                head.gate = gate
                head.gateToken = token
            } else {
                error(.unknownKeyword, at: token,
                      "unknown gate '\(text(of: token))'\(Suggestions.didYouMean(text(of: token), among: Keywords.gates)); a gate is and, or, sand, or K of N such as 2 of 3, written before the title")
            }
            position += 1
        }
        if position < tokens.count, tokens[position].isString {
            head.title = text(of: tokens[position])
            if head.title.isEmpty {
                error(.missingTitle, at: tokens[position], "the title is empty; say what the attacker achieves in a few words")
                head.title = " "
            }
            position += 1
        } else {
            error(.missingTitle, at: position < tokens.count ? tokens[position] : tokens[0],
                  "a node needs a title in quotes, as in '1.2 or \"Compromise the storage backend\"'")
            head.title = " "
        }
        if position < tokens.count {
            error(.unexpectedToken, at: tokens[position],
                  "unexpected '\(syntax.file.text(tokens[position].range).prefix(40))' after the title; a node line is [id] [gate] \"title\", and attributes go on the lines below it")
        }
        return head
    }

    /// Returns whether the tokens at `position` read `K of N`.
    func startsCountGate(_ tokens: TokenSpan, at position: Int) -> Bool {
        position + 2 < tokens.count && tokens[position].kind == .word && tokens[position + 1].kind == .word
            && syntax.isWord(tokens[position + 1], "of") && tokens[position + 2].kind == .word
    }

    /// Reads `K of N`. N must be the number of children, which is checked once they are known.
    mutating func readCountGate(_ tokens: TokenSpan, at position: Int, into head: inout NodeHead) {
        let kToken = tokens[position]
        let nToken = tokens[position + 2]
        head.gateToken = kToken
        guard let k = Int(text(of: kToken)), text(of: kToken).allSatisfy(\.isASCIIDigit), k >= 1, k <= 1_000_000 else {
            error(.invalidGate, at: kToken, "invalid K '\(text(of: kToken))' in a K of N gate; K is a whole number from 1, as in 2 of 3")
            return
        }
        guard let n = Int(text(of: nToken)), text(of: nToken).allSatisfy(\.isASCIIDigit), n >= k, n <= 1_000_000 else {
            error(.invalidGate, at: nToken, "invalid N '\(text(of: nToken))' in \(k) of N; N is the number of children and at least K")
            return
        }
        head.gate = .atLeast(k)
        head.countToken = nToken
    }

    /// Adds a node draft and returns its index. A duplicate id is found later, by
    /// `indexIDsIfNeeded()`.
    mutating func addNode(_ block: Int, head: NodeHead, id: NodeID, idWasWritten: Bool, parent: Int?) -> Int {
        // A duplicate is still read, so that problems inside it are reported in the same run.
        // The error that `indexIDsIfNeeded()` reports keeps it out of any tree that is built.
        let index = addDraft(id: id, title: head.title, gate: head.gate,
                             gateToken: head.gateToken.map { SourceToken(file: current, token: $0) },
                             parent: parent, idWasWritten: idWasWritten,
                             location: syntax.location(head.idToken ?? head.anchor, in: block))
        if let countToken = head.countToken { childCountTokens[index] = SourceToken(file: current, token: countToken) }
        return index
    }

    /// Appends a draft, which is a node with no children yet and its checking facts, and
    /// returns its index.
    mutating func addDraft(id: NodeID, title: String, gate: Gate?, gateToken: SourceToken?, parent: Int?,
                           idWasWritten: Bool, location: SourceLocation) -> Int {
        // Each file's path is made once and shared by the boxes of its nodes.
        while sourcePaths.count <= current {
            sourcePaths.append(Node.SourcePath(files[sourcePaths.count].file.path))
        }
        let details = Node.Details(id: id, title: title, location: location, path: sourcePaths[current])
        nodes.append(Node(gate: gate, children: [], parent: parent, details: details, likelihoodValue: .nan))
        drafts.append(DraftFacts(gateToken: gateToken, idWasWritten: idWasWritten))
        return nodes.count - 1
    }

    /// Fills the id table from the drafts in the order they were made, and reports each id
    /// used a second time, when ids may repeat or `use` lines need the table.
    ///
    /// Otherwise ids are unique without a table, which on a large tree spares a hash and a
    /// cache miss per node. Each id is its parent's id and one more number, siblings were read
    /// in strictly ascending order, and one goal is the root of every node.
    mutating func indexIDsIfNeeded() {
        guard idsMayRepeat || !usingDrafts.isEmpty else {
            // Debug builds, which the tests use, confirm the reasoning above on every tree.
            assert(Set(nodes.indices.filter { $0 != libraryRoot }.map { nodes[$0].id }).count
                       == nodes.count - (libraryRoot == nil ? 0 : 1), "two drafts have the same id")
            return
        }
        nodeIndex.reserveCapacity(nodes.count)
        for index in nodes.indices where index != libraryRoot {
            let id = nodes[index].id
            // One hash on the common path: insert, and put the first index back on a duplicate.
            guard let existing = nodeIndex.updateValue(index, forKey: id) else { continue }
            nodeIndex[id] = existing
            let noteText = drafts[existing].idWasWritten ? "first used here" : "first used here, where it was numbered automatically"
            reportDuplicate(at: nodes[index].location,
                            "node id \(id) is used twice; give this node a free id or leave the id out to number it automatically",
                            note: DiagnosticNote(at: nodes[existing].location, noteText))
        }
    }

    /// Reports a duplicate id at the token that starts at `location`: the id, or the first
    /// token of a node line without one.
    private mutating func reportDuplicate(at location: SourceLocation, _ message: String, note: DiagnosticNote) {
        let reading = current
        defer { current = reading }
        if let file = files.firstIndex(where: { $0.file.path == location.path }),
           let token = files[file].token(startingAt: location.offset)
        {
            current = file
            error(.duplicateID, at: token, message, notes: [note])
        } else {
            diagnostics.append(Diagnostic(.duplicateID, .error, at: location, message, notes: [note]))
        }
    }

    /// Reads a node's attributes and the lines of its children, and appends the children to
    /// `pending` in order. `readPendingNodes(_:)` makes their drafts.
    mutating func readNodeBody(_ block: Int, node: Int, onto pending: inout [PendingNode]) {
        let childBlocks = syntax.children(block)
        let first = pending.count
        // The lists of attributes seen and of line kinds are lent by the builder and handed
        // back emptied, so that they are not allocated again for every node.
        var seen = attributesSeen
        var kinds = bodyLineKinds
        attributesSeen = []
        bodyLineKinds = []
        defer {
            seen.removeAll(keepingCapacity: true)
            attributesSeen = seen
            kinds.removeAll(keepingCapacity: true)
            bodyLineKinds = kinds
        }
        // Each line is classified once.
        for child in childBlocks { kinds.append(bodyLine(child)) }
        let hasChildNodes = kinds.contains { $0 != .attribute }
        var lastNumber = 0
        for (child, kind) in zip(childBlocks, kinds) {
            switch kind {
            case .use:
                if let copy = readUse(child, node: node, lastNumber: &lastNumber) { pending.append(copy) }
            case .child:
                pending.append(readChild(child, parent: node, lastNumber: &lastNumber))
            case .attribute:
                readNodeAttribute(child, node: node, isGate: hasChildNodes || nodes[node].gate != nil, seen: &seen)
            }
        }
        let childCount = pending.count - first
        if childCount > 0 {
            // The children's drafts are appended one by one as they are made, so the list is
            // sized once here.
            nodes[node].children.reserveCapacity(childCount)
            for position in first + 1..<pending.count where !(pending[position - 1].id < pending[position].id) {
                markUnsorted(node)
                break
            }
        }
        if usesByDraft[node] == nil { checkStructure(of: node, childCount: childCount) }
    }

    /// Records that a draft's children are not in id order, so that assembly sorts them. Two of
    /// them may then have the same id.
    mutating func markUnsorted(_ draft: Int) {
        idsMayRepeat = true
        guard drafts[draft].childrenInIDOrder else { return }
        drafts[draft].childrenInIDOrder = false
        unsortedDrafts.append(draft)
    }

    /// Reads a child's line and gives it its id: the one written when it fits under `parent`,
    /// otherwise the next free number.
    private mutating func readChild(_ block: Int, parent: Int, lastNumber: inout Int) -> PendingNode {
        let head = readNodeHead(block)
        let parentID = nodes[parent].id
        let chain = fragmentChains.isEmpty ? [] : fragmentChains[parent] ?? []
        let id: NodeID
        var written = false
        if let explicit = head.id, chain.isEmpty, explicit.isChild(of: parentID) {
            id = explicit
            written = true
        } else {
            id = parentID.child(lastNumber + 1)
        }
        if !chain.isEmpty, let token = head.idToken {
            error(.misplacedID, at: token,
                  "nodes inside a fragment are numbered where the fragment is used; remove the id \(text(of: token))")
        } else if let explicit = head.id, let token = head.idToken {
            if !written {
                error(.misplacedID, at: token,
                      "id \(explicit) does not fit under \(parentID); a child of \(parentID) is numbered \(parentID).N, so write \(id) or leave the id out")
            }
        }
        lastNumber = max(lastNumber, id.last)
        return PendingNode(file: current, block: block, head: head, id: id, idWasWritten: written, parent: parent,
                           fragmentChain: chain)
    }

    private mutating func readNodeAttribute(_ block: Int, node: Int, isGate: Bool, seen: inout [Token]) {
        let keyword = syntax.head(block)
        guard let attribute = nodeAttribute(keyword) else {
            reportUnknownNodeAttribute(keyword)
            return
        }
        rejectNested(block)
        guard checkOnce(keyword, repeatable: attribute.isRepeatable, seen: &seen) else { return }
        switch attribute {
        case .likelihood:
            guard !isGate else {
                error(.misplacedAttribute, at: keyword,
                      "node \(nodes[node].id) has children, so its likelihood comes from them; move 'likelihood' to its steps")
                return
            }
            let likelihood = readScaled(
                block, scale: likelihoodScale, example: "likely", parse: Values.fraction,
                range: 0...1, rangeText: "a probability between 0 and 1 such as 0.3 or 30%")
            nodes[node].details.likelihoodLevel = likelihood?.level
            nodes[node].likelihoodValue = likelihood?.value ?? .nan
        case .impact:
            nodes[node].details.impact = readScaled(
                block, scale: impactScale, example: "high", parse: { Values.decimal(Substring($0)) },
                range: 0...Double.greatestFiniteMagnitude, rangeText: "a non-negative number such as 7")
        case .cost:
            guard !isGate else {
                error(.misplacedAttribute, at: keyword,
                      "node \(nodes[node].id) has children, so its cost comes from them; move 'cost' to its steps")
                return
            }
            let cost = readAmount(block)
            nodes[node].details.cost = cost
            if let cost, !costUnitsRead.contains(cost.unit ?? "") { costUnitsRead.append(cost.unit ?? "") }
        case .skill:
            guard !isGate else {
                error(.misplacedAttribute, at: keyword,
                      "node \(nodes[node].id) has children, so its skill comes from them; move 'skill' to its steps")
                return
            }
            nodes[node].details.skill = readScaled(
                block, scale: skillScale, example: "expert", parse: { _ in nil }, range: 0...0, rangeText: nil)
        case .time:
            guard !isGate else {
                error(.misplacedAttribute, at: keyword,
                      "node \(nodes[node].id) has children, so its time comes from them; move 'time' to its steps")
                return
            }
            nodes[node].details.time = readDuration(block)
        case .tag:
            nodes[node].details.tags += readTags(block)
        case .description:
            nodes[node].details.description = quotedText(block, example: "\"How the attacker does it\"")
        case .ref:
            let references = readReferences(block)
            // Assigning the first list keeps its storage instead of copying it.
            if nodes[node].details.references.isEmpty {
                nodes[node].details.references = references
            } else {
                nodes[node].details.references += references
            }
        case .mitigatedBy:
            for token in listValues(block, example: "block-public-access, audit-logging") {
                readMitigationUse(token, node: node)
            }
        }
    }

    /// The attributes a node takes, as `Keywords.node` lists them.
    enum NodeAttribute: CaseIterable {
        case likelihood, impact, cost, skill, time, description, ref, tag, mitigatedBy

        /// Whether the attribute may be given more than once, its values adding up.
        var isRepeatable: Bool { self == .ref || self == .tag || self == .mitigatedBy }
    }

    /// Returns the node attribute a keyword names, or nil for any other token. The keyword's
    /// bytes are compared in place, most common attributes first, so that no string is made
    /// for the millions of attribute lines of a large tree.
    func nodeAttribute(_ keyword: Token) -> NodeAttribute? {
        if syntax.isWord(keyword, "likelihood") { return .likelihood }
        if syntax.isWord(keyword, "ref") { return .ref }
        if syntax.isWord(keyword, "cost") { return .cost }
        if syntax.isWord(keyword, "description") { return .description }
        if syntax.isWord(keyword, "mitigated-by") { return .mitigatedBy }
        if syntax.isWord(keyword, "impact") { return .impact }
        if syntax.isWord(keyword, "tag") { return .tag }
        if syntax.isWord(keyword, "skill") { return .skill }
        if syntax.isWord(keyword, "time") { return .time }
        return nil
    }

    private mutating func readMitigationUse(_ token: Token, node: Int) {
        let name = text(of: token)
        guard let mitigation = mitigationIndex[name] else {
            // The suggestion compares with every mitigation, so it is skipped once the error is
            // no longer shown.
            guard diagnostics.accepts(.unknownMitigation) else {
                diagnostics.drop(.unknownMitigation, .error)
                return
            }
            let suggestion = Suggestions.didYouMean(name, among: mitigations.map(\.name))
            error(.unknownMitigation, at: token,
                  "unknown mitigation '\(name)'\(suggestion); define it with 'mitigation \(name) \"Title\"' at the left margin")
            return
        }
        if !nodes[node].details.mitigations.contains(mitigation) {
            nodes[node].details.mitigations.append(mitigation)
            mitigationUses.append((mitigation, node))
        }
        if mitigationUsed.count < mitigations.count {
            mitigationUsed += Array(repeating: false, count: mitigations.count - mitigationUsed.count)
        }
        mitigationUsed[mitigation] = true
    }

    private mutating func reportUnknownNodeAttribute(_ keyword: Token) {
        if Keywords.mitigation.contains(text(of: keyword)) {
            error(.misplacedAttribute, at: keyword,
                  "'\(text(of: keyword))' describes a mitigation, not a node; define a 'mitigation' block and attach it with 'mitigated-by'")
        } else if text(of: keyword) == "tree" || text(of: keyword) == "mitigation" || text(of: keyword) == "scale" {
            error(.misplacedAttribute, at: keyword, "'\(text(of: keyword))' must be written at the left margin, not inside a node")
        } else {
            let suggestion = Suggestions.didYouMean(text(of: keyword), among: Keywords.node + Keywords.gates)
            error(.unknownAttribute, at: keyword,
                  "unknown attribute '\(text(of: keyword))'\(suggestion); a node takes \(Keywords.node.joined(separator: ", ")), or a child node line")
        }
    }

    // MARK: Whole-tree checks

    mutating func checkGoals() {
        if goals.isEmpty, !diagnostics.hasErrors {
            let start = SourceLocation(path: syntax.file.path, line: 1, column: 1, offset: 0)
            diagnostics.append(Diagnostic(.missingGoal, .error, at: start,
                                          "the file declares no goal; add a node line at the left margin, as in '1 or \"Compromise the registry\"'"))
        }
        for extra in goals.dropFirst() {
            diagnostics.append(Diagnostic(.multipleGoals, .error, at: nodes[extra].location,
                                          "a tree has one goal, but node \(nodes[extra].id) is a second one at the left margin; indent it under the goal or move it to its own file",
                                          notes: [DiagnosticNote(at: nodes[goals[0]].location, "the goal is declared here")]))
        }
    }

    mutating func checkStructure() {
        // The drafts without 'use' lines were checked as their bodies were read.
        for index in usingDrafts where index != libraryRoot {
            checkStructure(of: index, childCount: nodes[index].children.count)
        }
        assert(structureChecked == nodes.count - (libraryRoot == nil ? 0 : 1), "a draft's structure was not checked")
        if let goal = goals.first, nodes[goal].details.impact == nil {
            warning(.missingImpact, at: nodes[goal].location,
                    "the goal has no impact, so no risk can be computed; add 'impact' with a level such as critical or a number")
        }
    }

    /// Checks that a draft's gate fits its `childCount` children: a step has a likelihood, a
    /// node with children has a gate, and `K of N` counts them right. The count is a parameter
    /// because the children's drafts may not be made yet.
    mutating func checkStructure(of index: Int, childCount: Int) {
        structureChecked += 1
        // Fields are read one by one: binding a whole draft would copy all its lists and texts.
        if childCount == 0 {
            if let gate = nodes[index].gate, let token = drafts[index].gateToken {
                let written = gate.written(children: 0)
                report(.gateWithoutChildren, .warning, at: token,
                       "node \(nodes[index].id) is an '\(written)' gate with no children, so its probability is unknown; add its steps, or remove '\(written)' to make it a step")
            } else if nodes[index].likelihoodValue.isNaN {
                let id = nodes[index].id
                warning(.missingLikelihood, at: nodes[index].location,
                        "step \(id) has no likelihood, so it and every node above it score as unknown; add 'likelihood' with a level or a probability")
            }
            return
        }
        guard let gate = nodes[index].gate else {
            diagnostics.append(Diagnostic(.missingGate, .error, at: nodes[index].location,
                                          "node \(nodes[index].id) has children but no gate; write 'and' (all children needed), 'or' (any child is enough), 'sand' (all, in order) or 'K of N' before its title"))
            return
        }
        if case .atLeast(let k) = gate, let countToken = childCountTokens[index] {
            if Int(text(of: countToken)) != childCount {
                report(.invalidGate, .error, at: countToken,
                      "node \(nodes[index].id) says \(k) of \(text(of: countToken)) but has \(childCount) children; write \(k) of \(childCount) or add the missing children")
            }
            return
        }
        if childCount == 1, let token = drafts[index].gateToken {
            report(.singleChildGate, .warning, at: token,
                   "the '\(gate.kind)' gate of node \(nodes[index].id) has one child, so it does nothing; add the other ways or steps, or fold the child into this node")
        }
    }

    // MARK: Assembly

    /// Builds the checked tree: nodes in pre-order of where they are written, children in id
    /// order, shared nodes linked to every parent, names resolved.
    ///
    /// Drafts are made in pre-order of where nodes are written. When no children were sorted,
    /// no node is shared and the tree has one goal, the drafts become the nodes without a copy.
    mutating func assemble(goal: Int) -> AttackTree {
        let keepsDraftOrder = unsortedDrafts.isEmpty && usingDrafts.isEmpty && libraryRoot == nil
            && goals == [0] && goal == 0
        var built: [Node] = []
        var position: [Int] = []
        var shared = false
        if keepsDraftOrder {
            swap(&built, &nodes)
            // Debug builds, which the tests use, confirm that the drafts are in pre-order.
            assert(TreeBuilder.isPreOrder(built), "the drafts are not in pre-order")
        } else {
            (built, position, shared) = assembleInNodeOrder(goal: goal)
        }
        // Each mitigation covers the nodes that name it, listed in id order.
        var covers = [[Int]](repeating: [], count: mitigations.count)
        for (mitigation, draft) in mitigationUses {
            let index = keepsDraftOrder ? draft : position[draft]
            if index >= 0 { covers[mitigation].append(index) }
        }
        let checkedMitigations = mitigations.enumerated().map { index, draft in
            Mitigation(
                name: draft.name, title: draft.title, status: draft.status ?? .planned,
                effectiveness: draft.effectiveness, owner: draft.owner, cost: draft.cost,
                effort: draft.effort, ticket: draft.ticket, due: draft.due,
                description: draft.description, justification: draft.justification,
                references: draft.references, tags: draft.tags, location: draft.location,
                covers: covers[index].sorted { built[$0].id < built[$1].id })
        }
        // Drafts are read in pre-order with children as written. When every draft is in the
        // tree and no children were sorted, that is the order of the nodes, so the cost units
        // found while reading are in the order the tree lists them, and no box is read again.
        let readingOrderIsNodeOrder = unsortedDrafts.isEmpty && built.count == drafts.count
        // The tree keeps the id table the drafts were read with, if one was made, and the
        // drafts' positions, instead of a copy of the table with its values renumbered.
        return AttackTree(
            info: info, likelihoodScale: likelihoodScale, impactScale: impactScale,
            riskScale: riskScale, skillScale: skillScale, nodes: built,
            bottomUpOrder: TreeBuilder.bottomUpOrder(built, shared: shared), mitigations: checkedMitigations,
            profiles: profiles, path: syntax.file.path,
            indexByID: nodeIndex.isEmpty ? nil : (nodeIndex, keepsDraftOrder ? Array(built.indices) : position),
            costUnits: readingOrderIsNodeOrder ? costUnitsRead : nil)
    }

    /// Builds the nodes in pre-order from `goal` when that differs from the order of the drafts.
    /// Returns them, each draft's node index (-1 for a draft not in the tree) and whether any
    /// node is shared.
    ///
    /// Each draft is copied once with draft indices, and a second pass in node order turns them
    /// into node indices.
    private mutating func assembleInNodeOrder(goal: Int) -> (nodes: [Node], position: [Int], shared: Bool) {
        // The drafts whose children are not in id order are listed by the builder, and sorted
        // here by id.
        for draft in unsortedDrafts {
            let sorted = nodes[draft].children.sorted { nodes[$0].id < nodes[$1].id }
            nodes[draft].children = sorted
        }
        var position = [Int](repeating: -1, count: nodes.count)
        var built: [Node] = []
        built.reserveCapacity(nodes.count)
        var shared = false
        var stack = [goal]
        while let draft = stack.popLast() {
            position[draft] = built.count
            // The children list moves from the draft to the node, and the second pass rewrites
            // it in place, so no list is made for it.
            var children: [Int] = []
            swap(&children, &nodes[draft].children)
            // Without 'use' lines, every child is one written under the node.
            if usesByDraft[draft] == nil {
                stack.append(contentsOf: children.reversed())
            } else {
                shared = true
                stack.append(contentsOf: children.reversed().filter { nodes[$0].parent == draft })
            }
            built.append(nodes[draft])
            built[built.count - 1].children = children
        }

        // Draft indices become node indices, reading the nodes front to back.
        built.withUnsafeMutableBufferPointer { built in
            for index in built.indices {
                built[index].parent = built[index].parent.map { position[$0] }
                for slot in built[index].children.indices {
                    built[index].children[slot] = position[built[index].children[slot]]
                }
            }
            // A node's parents are the one it is written under, then, in ascending order, those
            // that use it. Without 'use' lines, the first is the only one, which a node lists
            // from its `parent` without storing a list.
            guard shared else { return }
            var parents = [[Int]](repeating: [], count: built.count)
            for index in built.indices {
                for child in built[index].children { parents[child].append(index) }
            }
            for index in built.indices {
                var nodeParents = parents[index]
                if let parent = built[index].parent, nodeParents.first != parent {
                    if let at = nodeParents.firstIndex(of: parent) { nodeParents.remove(at: at) }
                    nodeParents.insert(parent, at: 0)
                }
                built[index].parents = nodeParents
            }
        }
        return (built, position, shared)
    }

    /// Returns whether a depth-first walk from the first node, taking children in order, visits
    /// every node once and in index order.
    static func isPreOrder(_ nodes: [Node]) -> Bool {
        var next = 0
        var stack = nodes.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            guard index == next else { return false }
            next += 1
            stack.append(contentsOf: nodes[index].children.reversed())
        }
        return next == nodes.count
    }

    /// Returns the node indices with every node after all of its children, which is the
    /// post-order of a depth-first walk from the goal that visits a shared node once. `shared`
    /// is true when some node has more than one parent.
    static func bottomUpOrder(_ nodes: [Node], shared: Bool) -> [Int] {
        guard !nodes.isEmpty else { return [] }
        guard !shared else { return walkedBottomUpOrder(nodes) }
        // Without shared nodes, the nodes form a tree listed in pre-order. A node's post-order
        // place is then its index minus its depth plus its subtree size minus one.
        // Depths and sizes are kept in 32 bits, as a tree has fewer nodes than that counts.
        var depth = [Int32](repeating: 0, count: nodes.count)
        var size = [Int32](repeating: 1, count: nodes.count)
        var order = [Int](repeating: 0, count: nodes.count)
        nodes.withUnsafeBufferPointer { nodes in
            for index in nodes.indices.dropFirst() {
                if let parent = nodes[index].parent { depth[index] = depth[parent] + 1 }
            }
            for index in nodes.indices.reversed() {
                if let parent = nodes[index].parent { size[parent] += size[index] }
                order[index - Int(depth[index]) + Int(size[index]) - 1] = index
            }
        }
        assert(order == walkedBottomUpOrder(nodes), "the post-order of a tree differs from the walk's")
        return order
    }

    /// Returns the post-order of a depth-first walk from the goal, computed without recursion.
    private static func walkedBottomUpOrder(_ nodes: [Node]) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var done = [Bool](repeating: false, count: nodes.count)
        var stack: [(node: Int, next: Int)] = [(0, 0)]
        while let top = stack.last {
            let children = nodes[top.node].children
            if top.next < children.count {
                stack[stack.count - 1].next += 1
                let child = children[top.next]
                if !done[child] { stack.append((child, 0)) }
                continue
            }
            stack.removeLast()
            if !done[top.node] {
                done[top.node] = true
                order.append(top.node)
            }
        }
        return order
    }
}
