/// Lambdas: functions in the data whose result is rendered as a template.
extension Renderer {
    /// Calls a lambda from an interpolation tag and writes its rendered result, HTML-escaped
    /// when the tag escapes. The result is parsed with the default delimiters.
    func writeLambdaResult(_ lambda: MustacheLambda, escapesHTML: Bool) throws {
        let nodes = try Parser.parse(try lambda.body(nil), templateName: "lambda result")
        // Render into an empty buffer, then append the result to the enclosing output. After
        // an error the output is discarded, so it needs no restoring.
        var enclosingOutput: [UInt8] = []
        swap(&enclosingOutput, &output)
        try renderLambdaResult(nodes, blocks: [:])
        let rendered = output
        output = enclosingOutput
        if escapesHTML {
            appendEscaped(rendered)
        } else {
            output.append(contentsOf: rendered)
        }
    }

    /// Calls a lambda from a section with the section's unrendered text and renders its
    /// result with the delimiters in force at the section.
    func renderLambdaSection(
        _ lambda: MustacheLambda, section: SectionNode, blocks: [String: BlockNode]
    ) throws {
        let text = try lambda.body(section.sourceText)
        let nodes = try Parser.parse(
            text, templateName: "lambda result", delimiters: section.delimiters)
        try renderLambdaResult(nodes, blocks: blocks)
    }

    /// Renders a lambda's parsed result without indentation, counting it as one partial level
    /// so that a lambda that returns its own tag cannot recurse forever.
    private func renderLambdaResult(_ nodes: [Node], blocks: [String: BlockNode]) throws {
        guard partialDepth < maxPartialDepth else {
            throw MustacheError(
                kind: .recursionLimitExceeded,
                message: "lambda results are nested more than \(maxPartialDepth) levels deep; "
                    + "a lambda probably returns a tag that calls itself",
                templateName: templateName)
        }
        let savedIndentation = indentation
        indentation = LineIndentation()
        partialDepth += 1
        defer {
            indentation = savedIndentation
            partialDepth -= 1
        }
        try descend { try render(nodes, blocks: blocks) }
    }
}
