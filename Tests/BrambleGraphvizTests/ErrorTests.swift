import BrambleGraphviz
import Testing

/// Returns the Graphviz message of a parse failure, or nil for any other outcome.
private func parseFailureMessage(_ dot: String) -> String? {
    do {
        _ = try Graphviz.parse(dot: dot)
        return nil
    } catch {
        guard case .parseFailed(let message) = error else {
            return nil
        }
        return message
    }
}

@Suite("Errors")
struct ErrorTests {
    @Test("Syntax error includes Graphviz's message")
    func syntaxErrorMessage() throws {
        let dot = "digraph {\n  a -> b\n  c -> ;\n}"

        let error = #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: dot, format: .svg)
        }

        #expect(error == .parseFailed(graphvizMessage: "syntax error in line 3 near ';'"))
        #expect(error?.description == "invalid DOT: syntax error in line 3 near ';'")
    }

    @Test("Validate rejects a syntax error")
    func validateSyntaxError() {
        #expect(throws: GraphvizError.parseFailed(graphvizMessage: "syntax error in line 1 near '}'")) {
            try Graphviz.validate(dot: "graph { a -- }")
        }
    }

    @Test("Validate accepts a valid graph")
    func validateValidGraph() throws {
        try Graphviz.validate(dot: smallGraph)
    }

    @Test("Unterminated string is reported")
    func unterminatedString() {
        let message = parseFailureMessage("digraph {\n a [label=\"never closed] }")

        #expect(message?.hasPrefix("syntax error in line 2 scanning a quoted string") == true)
    }

    @Test("Long offending token is kept whole", arguments: [1_100, 3_000])
    func longTokenMessage(length: Int) {
        // cgraph's agseterrf callback path mangles messages of 1,024 bytes or more, so this
        // checks that the captured message is complete.
        let token = String(repeating: "x", count: length)

        let message = parseFailureMessage("digraph { a [label \(token)] }")

        #expect(message == "syntax error in line 1 near '\(token)'")
    }

    @Test("Line numbers restart for each input")
    func lineNumbersRestart() throws {
        _ = try Graphviz.parse(dot: "digraph {\n\n\n\n\n a\n\n\n}\n")

        let message = parseFailureMessage("digraph {\n a -> }")

        #expect(message == "syntax error in line 2 near '}'")
    }

    @Test("Parse succeeds after a syntax error")
    func recoveryAfterSyntaxError() throws {
        #expect(parseFailureMessage("digraph { \"open }") != nil)

        let graph = try Graphviz.parse(dot: "digraph after { a -> b }")

        #expect(graph.name == "after")
    }

    @Test("Empty input is rejected", arguments: ["", " ", "\n\t  \n"])
    func emptyInput(dot: String) {
        #expect(throws: GraphvizError.emptyInput) {
            try Graphviz.render(dot: dot, format: .svg)
        }
    }

    @Test("Input without a graph is rejected")
    func commentOnlyInput() {
        let error = #expect(throws: GraphvizError.self) {
            try Graphviz.parse(dot: "/* only a comment */ // and another")
        }

        #expect(error == .parseFailed(graphvizMessage: nil))
        #expect(error?.description.contains("contains no graph") == true)
    }

    @Test("NUL character in DOT is rejected")
    func nulInDOT() {
        #expect(throws: GraphvizError.nulCharacter(argument: "dot")) {
            try Graphviz.render(dot: "digraph { a }\u{0}digraph { b }", format: .svg)
        }
    }

    @Test("NUL character in layout is rejected")
    func nulInLayout() {
        #expect(throws: GraphvizError.nulCharacter(argument: "layout")) {
            try Graphviz.render(dot: smallGraph, format: .svg, layout: "dot\u{0}x")
        }
    }

    @Test("Unknown layout engine is rejected", arguments: ["no-such-engine", "", "DOT", " dot"])
    func unknownLayout(engine: String) throws {
        let error = #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: smallGraph, format: .svg, layout: engine)
        }

        guard case .unknownLayoutEngine(let name, let available) = error else {
            Issue.record("expected unknownLayoutEngine, got \(String(describing: error))")
            return
        }
        #expect(name == engine)
        #expect(available.contains("dot"))
        #expect(available.contains("neato"))
        #expect(error?.description.hasPrefix("unknown Graphviz layout engine \"\(engine)\". Available engines: ") == true)
    }

    @Test("Engine name with a plugin suffix is accepted")
    func engineWithPluginSuffix() throws {
        // gvLayout selects the engine by the part before ":", as `dot -Kdot:dot_layout` does.
        let svg = try Graphviz.render(dot: smallGraph, format: .svg, layout: "dot:dot_layout")

        #expect(try SVGSummary.parse(svg).nodes.count == 3)
    }

    @Test("Malformed HTML-like label fails the layout")
    func malformedHTMLLabel() throws {
        let error = #expect(throws: GraphvizError.self) {
            try Graphviz.render(dot: "digraph { a [label=<<b>unclosed>] }", format: .svg)
        }

        guard case .layoutFailed("dot", let message?) = error else {
            Issue.record("expected layoutFailed with a message, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("mismatched tag in line 1"))
        #expect(message.hasSuffix("in label of node a"))
    }

    @Test("Error descriptions name the failing step")
    func errorDescriptions() {
        #expect(
            GraphvizError.layoutFailed(engine: "dot", graphvizMessage: "boom").description
                == "Graphviz layout with engine \"dot\" failed: boom"
        )
        #expect(
            GraphvizError.renderFailed(format: .png, graphvizMessage: nil).description
                == "Graphviz rendering to png failed without a message."
        )
        #expect(GraphvizError.emptyInput.description.hasPrefix("DOT input is empty"))
    }
}
