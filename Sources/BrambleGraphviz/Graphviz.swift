import CGraphviz
import Foundation

/// In-process DOT rendering and parsing through libgraphviz.
///
/// All calls share one lazily created Graphviz context and one process-wide lock, so they
/// are safe to make from any thread or task but run one at a time. With agseterr(AGMAX),
/// libgraphviz writes its messages to a log that this module reads, not to stderr. Other
/// libraries that Graphviz loads, such as fontconfig or pango, may still write to stderr.
public enum Graphviz {
    /// Lays out `dot` with the engine `layout` and renders it to `format` in memory.
    ///
    /// Warnings are discarded. Call `renderCapturingWarnings` to read them. `teardown` sets
    /// whether the graph is freed before the call returns. Keep the default `.free` unless
    /// the process exits right after the call (see `GraphvizTeardown.leaveToProcessExit`).
    /// - Throws: `GraphvizError` when the input is empty or invalid, when the layout engine
    ///   is unknown, when the layout or render step fails, or when libgraphviz reports a
    ///   message of level AGERR.
    public static func render(
        dot: String,
        format: GraphvizFormat,
        layout: String = "dot",
        teardown: GraphvizTeardown = .free
    ) throws(GraphvizError) -> Data {
        try renderCapturingWarnings(dot: dot, format: format, layout: layout, teardown: teardown).data
    }

    /// Lays out `dot` with the engine `layout`, renders it to `format` in memory and returns
    /// the output together with the warnings that libgraphviz reported.
    ///
    /// A message of level AGERR fails the call even when libgraphviz returns success, as it
    /// makes `dot` exit with a non-zero status. An example is a malformed HTML-like label,
    /// which Graphviz then draws as plain text.
    ///
    /// With `teardown: .leaveToProcessExit`, a successful call returns without freeing the
    /// graph and its layout, as the `dot` program leaves its last graph to process exit. The
    /// output is byte for byte the same in both modes, and the call holds the library lock
    /// for its whole length in both.
    /// - Throws: `GraphvizError`, as `render` does.
    public static func renderCapturingWarnings(
        dot: String,
        format: GraphvizFormat,
        layout: String = "dot",
        teardown: GraphvizTeardown = .free
    ) throws(GraphvizError) -> GraphvizRendering {
        if layout.utf8.contains(0) {
            throw .nulCharacter(argument: "layout")
        }

        return try GraphvizLibrary.withContext { (context) throws(GraphvizError) -> GraphvizRendering in
            try checkLayoutEngine(layout, in: context)
            let graph = try GraphvizLibrary.readGraph(dot)
            // Set only after a successful render, so every failure path frees the graph.
            var leaveAllocated = false
            defer {
                if !leaveAllocated { agclose(graph) }
            }
            var warnings: [String] = []
            if let message = GraphvizMessages.takeLatest() {
                warnings.append(message)
            }

            let layoutStatus = layout.withCString { gvLayout(context.pointer, graph, $0) }
            // gvFreeLayout is safe after a failed gvLayout, and it must run before agclose,
            // which this defer guarantees because defers run in reverse order.
            defer {
                if !leaveAllocated { gvFreeLayout(context.pointer, graph) }
            }
            let layoutMessage = GraphvizMessages.takeLatest()
            guard layoutStatus == 0, !GraphvizMessages.errorReported else {
                throw .layoutFailed(engine: layout, graphvizMessage: layoutMessage)
            }
            if let layoutMessage {
                warnings.append(layoutMessage)
            }

            var data = try renderLaidOutGraph(graph, context: context.pointer, format: format)
            if format == .pdf { data = withoutCreationDate(data) }
            if let renderMessage = GraphvizMessages.takeLatest() {
                warnings.append(renderMessage)
            }
            leaveAllocated = teardown == .leaveToProcessExit
            return GraphvizRendering(data: data, warnings: warnings)
        }
    }

    /// Returns `pdf` with the `/CreationDate (D:...)` entry of its document information
    /// overwritten by spaces. Cairo 1.16 writes the current time there and ignores
    /// SOURCE_DATE_EPOCH, so two renders of one tree would differ. Spaces of the same length
    /// keep every byte offset in the cross-reference table valid.
    public static func withoutCreationDate(_ pdf: Data) -> Data {
        var bytes = [UInt8](pdf)
        let key = Array("/CreationDate (".utf8)
        guard let start = bytes.firstRange(of: key)?.lowerBound,
              let close = bytes[start...].firstIndex(of: UInt8(ascii: ")"))
        else { return pdf }
        for index in start...close { bytes[index] = UInt8(ascii: " ") }
        return Data(bytes)
    }

    /// Reads `dot` through cgraph and returns its nodes, edges and attribute values as cgraph
    /// stores them.
    ///
    /// Only the first graph in the input is read. cgraph keeps escString sequences such as
    /// `\n` and `\\` in attribute values unchanged. It removes only the backslash of `\"` and
    /// backslash-newline line continuations, so a label written as `"a\\b"` comes back as
    /// `a\\b`.
    /// - Throws: `GraphvizError.emptyInput`, `.nulCharacter` or `.parseFailed`.
    public static func parse(dot: String) throws(GraphvizError) -> ParsedGraph {
        try GraphvizLibrary.withContext { (_) throws(GraphvizError) -> ParsedGraph in
            let graph = try GraphvizLibrary.readGraph(dot)
            defer { agclose(graph) }
            return ParsedGraph(reading: graph)
        }
    }

    /// Checks that cgraph can read a graph from `dot`, without laying it out.
    /// - Throws: `GraphvizError`, as `parse` does.
    public static func validate(dot: String) throws(GraphvizError) {
        _ = try parse(dot: dot)
    }

    /// Returns the version string of the loaded libgraphviz, such as "2.43.0" for the Debian 12
    /// package 2.42.2.
    public static func libraryVersion() throws(GraphvizError) -> String {
        try GraphvizLibrary.withContext { (context) throws(GraphvizError) -> String in
            guard let version = gvcVersion(context.pointer) else {
                return ""
            }
            return String(cString: version)
        }
    }

    /// Throws `unknownLayoutEngine` unless the part of `layout` before any ":" names an
    /// available engine, matched case-sensitively as gvLayout matches it.
    ///
    /// gvLayout reports an unknown engine itself, but libgvc 2.42 leaks the engine list that
    /// it builds for that message (about 60 bytes per call, measured with valgrind).
    private static func checkLayoutEngine(
        _ layout: String,
        in context: GraphvizContext
    ) throws(GraphvizError) {
        let engine = layout.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map(String.init) ?? ""
        guard context.layoutEngines.contains(engine) else {
            throw .unknownLayoutEngine(name: layout, available: context.layoutEngines)
        }
    }

    /// Renders a graph that gvLayout has laid out and copies the output. The caller must hold
    /// the library lock.
    ///
    /// gvRenderData copies each write into one buffer with memcpy and grows it with realloc.
    /// An `open_memstream` stream copies short writes byte by byte instead. Measured with
    /// callgrind on a 1.5 MB SVG, this step took 284 million instructions with gvRenderData
    /// and 313 million with `open_memstream`.
    private static func renderLaidOutGraph(
        _ graph: UnsafeMutablePointer<Agraph_t>,
        context: OpaquePointer,
        format: GraphvizFormat
    ) throws(GraphvizError) -> Data {
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        let status = format.rawValue.withCString { gvRenderData(context, graph, $0, &buffer, &length) }
        // NOTE: after a failed render, libgvc 2.42 leaves `buffer` pointing at its first
        // allocation, which a later realloc may have freed, so it is not freed here.
        guard status == 0 else {
            throw .renderFailed(format: format, graphvizMessage: GraphvizMessages.takeLatest())
        }
        defer { gvFreeRenderData(buffer) }

        guard let buffer, !GraphvizMessages.errorReported else {
            throw .renderFailed(format: format, graphvizMessage: GraphvizMessages.takeLatest())
        }
        return Data(bytes: buffer, count: Int(length))
    }
}

/// The output of a render, with the warnings that libgraphviz reported while producing it.
public struct GraphvizRendering: Sendable, Equatable {
    /// The rendered bytes: SVG text, a PNG image or a PDF document.
    public var data: Data

    /// Warnings such as "using box for unknown shape foo", without a "Warning:" prefix.
    ///
    /// NOTE: libgraphviz 2.42 keeps only its newest message readable, so this list contains at
    /// most one warning from each step (parse, layout, render).
    public var warnings: [String]

    /// Creates a rendering from its bytes and warnings.
    public init(data: Data, warnings: [String]) {
        self.data = data
        self.warnings = warnings
    }
}
