/// Partials, parents and blocks.
extension Renderer {
    func renderPartial(_ partial: PartialNode, blocks: [String: BlockNode]) throws {
        guard let name = resolvedName(partial.name),
            let nodes = try loadPartial(named: name, at: partial.location)
        else { return }
        try expand(
            nodes, named: name, indentation: partial.indentation, at: partial.location,
            blocks: blocks)
    }

    /// Renders a parent: its template with the parent's blocks as overrides. Overrides from
    /// an enclosing parent win, so the outermost template decides each block.
    func renderParent(_ parent: ParentNode, blocks: [String: BlockNode]) throws {
        guard let name = resolvedName(parent.name),
            let nodes = try loadPartial(named: name, at: parent.location)
        else { return }
        let merged = parent.overrides.merging(blocks) { _, outer in outer }
        try expand(
            nodes, named: name, indentation: parent.indentation, at: parent.location,
            blocks: merged)
    }

    /// Renders a block: the override in force for its name, or else its own content.
    ///
    /// An override's lines lose the indentation they have where the override is defined and
    /// get the indentation of the block's place in the parent template.
    func renderBlock(_ block: BlockNode, blocks: [String: BlockNode]) throws {
        guard let override = blocks[block.name] else {
            try descend { try render(block.children, blocks: blocks) }
            return
        }

        var placeIndentation: String
        if block.opensStandalone {
            placeIndentation = indentation.indentation(ofLineWith: block.indentation ?? "")
        } else {
            placeIndentation = indentation.added
            if let own = block.indentation {
                let removedLength = indentation.commonPrefixLength(own)
                placeIndentation += String(
                    decoding: own.utf8.dropFirst(removedLength), as: UTF8.self)
            }
        }

        var overrideIndentation = LineIndentation(
            removed: override.indentation ?? "", added: placeIndentation)
        if block.opensStandalone && !override.opensStandalone {
            // The override's first line follows its opening tag, so it has no line start.
            output.append(contentsOf: placeIndentation.utf8)
        } else if !block.opensStandalone && override.opensStandalone {
            // The output already continues a line where the override's first line starts.
            overrideIndentation.skipsNextLineStart = true
        }

        let saved = indentation
        indentation = overrideIndentation
        defer { indentation = saved }
        try descend { try render(override.children, blocks: blocks) }
    }

    /// Renders the nodes of a partial or parent template called `name`, indented by
    /// `indentation` when the tag is standalone.
    /// - Throws: `MustacheError` of kind `.recursionLimitExceeded` beyond `maxPartialDepth`.
    private func expand(
        _ nodes: [Node], named name: String, indentation tagIndentation: String?,
        at location: SourceLocation, blocks: [String: BlockNode]
    ) throws {
        guard partialDepth < maxPartialDepth else {
            throw MustacheError(
                kind: .recursionLimitExceeded,
                message: "partial \"\(name)\" is nested more than \(maxPartialDepth) levels deep; "
                    + "a partial probably includes itself without a section that stops the "
                    + "recursion",
                templateName: templateName, line: location.line, column: location.column)
        }

        // Computed before saving, because it clears a pending `skipsNextLineStart`.
        let lineIndentation = tagIndentation.map { indentation.indentation(ofLineWith: $0) }
        let savedIndentation = indentation
        let savedName = templateName
        indentation = LineIndentation(added: lineIndentation ?? "")
        templateName = name
        partialDepth += 1
        defer {
            indentation = savedIndentation
            templateName = savedName
            partialDepth -= 1
        }
        try descend { try render(nodes, blocks: blocks) }
    }

    /// Returns the parsed partial `name`, or nil when the resolver has none. Each partial is
    /// read and parsed once per render.
    private func loadPartial(named name: String, at location: SourceLocation) throws -> [Node]? {
        if let nodes = parsedPartials[name] {
            return nodes
        }
        guard let partials, !missingPartials.contains(name) else { return nil }

        let source: String?
        do {
            source = try partials.partialSource(named: name)
        } catch var error as MustacheError where error.line == nil {
            // Point at the tag that asked for the partial.
            error.templateName = templateName
            error.line = location.line
            error.column = location.column
            throw error
        }
        guard let source else {
            missingPartials.insert(name)
            return nil
        }
        let nodes = try Parser.parse(source, templateName: name)
        parsedPartials[name] = nodes
        return nodes
    }

    /// Returns the partial name of a tag: the fixed name, or the value that a dynamic name
    /// (`{{>*key}}`) refers to. Returns nil when that value is missing or not text.
    private func resolvedName(_ name: PartialName) -> String? {
        switch name {
        case .fixed(let name):
            return name
        case .dynamic(let key):
            switch lookUp(key) {
            case .string(let text) where !text.isEmpty:
                return text
            case .int(let number):
                return String(number)
            default:
                return nil
            }
        }
    }
}
