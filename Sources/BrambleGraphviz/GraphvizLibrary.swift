import CGraphviz
import Foundation
import Synchronization

/// The shared Graphviz context and the layout engines that its plugins provide.
struct GraphvizContext {
    /// The `GVC_t *` from gvContext().
    let pointer: OpaquePointer

    /// Names of the available layout engines, such as "dot" and "neato", read once from
    /// gvPluginList.
    let layoutEngines: [String]
}

/// Serialized access to libgraphviz and its single process-wide context.
enum GraphvizLibrary {
    /// The shared context, created on first use and never freed.
    ///
    /// libgraphviz 2.42 is not thread-safe, because the DOT scanner, the layout engines and the
    /// message log keep state in C globals. So every call into the library runs while this
    /// mutex is held, even calls such as agread that take no context. One context serves
    /// the whole process because each gvContext() leaks 3,662 bytes, even after
    /// gvFreeContext (measured with valgrind on 2.42.2).
    private static let sharedContext = Mutex<GraphvizContext?>(nil)

    /// Runs `body` with the shared context while holding the process-wide lock.
    static func withContext<Value: Sendable>(
        _ body: (GraphvizContext) throws(GraphvizError) -> Value
    ) throws(GraphvizError) -> Value {
        try sharedContext.withLock { (stored: inout sending GraphvizContext?) throws(GraphvizError) -> Value in
            // Set on every call, before gvContext() can report a plugin problem, so that no
            // message goes to stderr.
            agseterr(AGMAX)
            if let context = stored {
                return try body(context)
            }
            guard let pointer = gvContext() else {
                throw .contextUnavailable
            }
            let context = GraphvizContext(pointer: pointer, layoutEngines: listLayoutEngines(pointer))
            stored = context
            return try body(context)
        }
    }

    /// Reads the first graph in `dot` as agmemread does, through the shim's faster reader,
    /// and returns it.
    ///
    /// The caller must hold the lock and must close the graph with agclose, unless the process
    /// exits soon after (`GraphvizTeardown.leaveToProcessExit`). Text after the first graph is
    /// discarded without a message, as agmemread does.
    static func readGraph(_ dot: String) throws(GraphvizError) -> UnsafeMutablePointer<Agraph_t> {
        if containsNul(dot) {
            throw .nulCharacter(argument: "dot")
        }
        if dot.allSatisfy(\.isWhitespace) {
            throw .emptyInput
        }

        GraphvizMessages.begin()
        let length = dot.utf8.count
        let graph = dot.withCString { bramble_read_graph($0, length) }
        bramble_reset_scanner()

        guard let graph else {
            throw .parseFailed(graphvizMessage: GraphvizMessages.takeLatest())
        }
        if GraphvizMessages.errorReported {
            let message = GraphvizMessages.takeLatest()
            agclose(graph)
            throw .parseFailed(graphvizMessage: message)
        }
        return graph
    }

    /// Returns whether `text` contains a NUL byte, which would cut the C string short.
    ///
    /// memchr on the contiguous UTF-8 storage is used because `utf8.contains(0)` walks the
    /// bytes one at a time: about 16 million instructions for a 550 KB DOT text, measured with
    /// callgrind, half a percent of drawing it.
    static func containsNul(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0)
    }

    /// Returns the names of the layout engines that the context's plugins provide.
    private static func listLayoutEngines(_ context: OpaquePointer) -> [String] {
        var count: Int32 = 0
        guard let list = gvPluginList(context, "layout", &count, nil) else {
            return []
        }
        defer { free(list) }

        var names: [String] = []
        for index in 0..<Int(count) {
            if let name = list[index] {
                names.append(String(cString: name))
                free(name)
            }
        }
        return names
    }
}
