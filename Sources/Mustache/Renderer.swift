/// The state of one call to `Template.render(_:)`: the output, the context stack, the
/// indentation in force and the partials parsed so far.
///
/// A renderer is used for one render only and is not shared between threads.
final class Renderer {
    /// The maximum number of sections, blocks, partials, parents and lambda results that may
    /// be open at one time. Each level takes a few recursive calls on the stack.
    // NOTE: a debug build on Linux x86_64 used about 3 KB of stack per level (measured with
    // a self-including partial), so 512 levels need about 1.6 MB. That fits the 8 MB stack of
    // Linux main and test threads but not a thread created with a 512 KB stack.
    static let maxRenderDepth = 512

    let partials: (any PartialResolver)?
    let maxPartialDepth: Int
    /// The bytes rendered so far.
    var output: [UInt8] = []
    /// The context stack. The innermost context is last.
    var contextStack: [MustacheValue]
    /// The indentation applied at each line start of the nodes being rendered.
    var indentation = LineIndentation()
    /// The name of the template whose nodes are being rendered, for error messages.
    var templateName: String?
    var partialDepth = 0
    var renderDepth = 0
    var parsedPartials: [String: [Node]] = [:]
    var missingPartials: Set<String> = []
    /// The escaping of `{{name}}` values; nil means HTML escaping.
    var escape: (@Sendable (String) -> String)?

    init(
        context: MustacheValue, partials: (any PartialResolver)?, maxPartialDepth: Int,
        templateName: String?
    ) {
        self.contextStack = [context]
        self.partials = partials
        self.maxPartialDepth = maxPartialDepth
        self.templateName = templateName
    }

    /// Renders `nodes` at the end of the output. `blocks` holds the block overrides in force,
    /// keyed by block name.
    /// - Complexity: O(n) in the size of the output, apart from lookups in the context stack.
    func render(_ nodes: [Node], blocks: [String: BlockNode]) throws {
        for node in nodes {
            switch node {
            case .text(let text, let startsLine):
                writeTemplateText(text, startsLine: startsLine)
            case .variable(let variable):
                if variable.startsLine {
                    beginLine()
                }
                try writeVariable(variable)
            case .section(let section):
                if section.startsLine {
                    beginLine()
                }
                try renderSection(section, blocks: blocks)
            case .partial(let partial):
                if partial.startsLine {
                    beginLine()
                }
                try renderPartial(partial, blocks: blocks)
            case .block(let block):
                if block.startsLine {
                    beginLine()
                }
                try renderBlock(block, blocks: blocks)
            case .parent(let parent):
                if parent.startsLine {
                    beginLine()
                }
                try renderParent(parent, blocks: blocks)
            }
        }
    }

    private func writeVariable(_ variable: VariableNode) throws {
        let value = lookUp(variable.name)
        if case .lambda(let lambda) = value {
            try writeLambdaResult(lambda, escapesHTML: variable.escapesHTML)
            return
        }
        let text = value.interpolatedText
        if variable.escapesHTML {
            appendEscaped(text.utf8)
        } else {
            output.append(contentsOf: text.utf8)
        }
    }

    /// Appends text escaped with the render's escaping.
    func appendEscaped(_ text: some Collection<UInt8>) {
        if let escape {
            output.append(contentsOf: escape(String(decoding: text, as: UTF8.self)).utf8)
        } else {
            HTMLEscaping.append(text, to: &output)
        }
    }

    private func renderSection(_ section: SectionNode, blocks: [String: BlockNode]) throws {
        let value = lookUp(section.name)
        if section.isInverted {
            if !value.isTruthy {
                try descend { try render(section.children, blocks: blocks) }
            }
            return
        }

        switch value {
        case .array(let items):
            try descend {
                for item in items {
                    contextStack.append(item)
                    try render(section.children, blocks: blocks)
                    contextStack.removeLast()
                }
            }
        case .lambda(let lambda):
            try renderLambdaSection(lambda, section: section, blocks: blocks)
        default:
            guard value.isTruthy else { return }
            try descend {
                contextStack.append(value)
                try render(section.children, blocks: blocks)
                contextStack.removeLast()
            }
        }
    }

    /// Returns the value that `name` refers to, or `.null` when it is missing.
    ///
    /// The first key is searched from the innermost context outwards. The other keys are
    /// looked up only in the value found, so a broken chain gives `.null` and never falls back
    /// to an outer context.
    func lookUp(_ name: DottedName) -> MustacheValue {
        guard let firstKey = name.keys.first else {
            return contextStack.last ?? .null
        }
        var found: MustacheValue?
        for context in contextStack.reversed() {
            if case .object(let members) = context, let value = members[firstKey] {
                found = value
                break
            }
        }
        guard var current = found else { return .null }
        for key in name.keys.dropFirst() {
            guard case .object(let members) = current, let value = members[key] else {
                return .null
            }
            current = value
        }
        return current
    }

    /// Runs `body` one nesting level deeper.
    /// - Throws: `MustacheError` of kind `.recursionLimitExceeded` beyond `maxRenderDepth`.
    func descend(_ body: () throws -> Void) throws {
        guard renderDepth < Renderer.maxRenderDepth else {
            throw MustacheError(
                kind: .recursionLimitExceeded,
                message: "sections, blocks and partials are nested more than "
                    + "\(Renderer.maxRenderDepth) levels deep while rendering; check for a "
                    + "partial or block that includes itself",
                templateName: templateName)
        }
        renderDepth += 1
        defer { renderDepth -= 1 }
        try body()
    }
}
