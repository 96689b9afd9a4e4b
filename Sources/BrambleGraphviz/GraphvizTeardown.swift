/// The cleanup that `Graphviz.render` runs once the output is copied out: freeing the graph
/// and its layout, or leaving them for process exit.
public enum GraphvizTeardown: Sendable {
    /// Frees the layout with gvFreeLayout and closes the graph with agclose before returning.
    /// Use this in every process that goes on running after the call.
    case free

    /// Leaves the graph and its layout allocated after a successful render, so that the
    /// operating system releases them when the process exits.
    ///
    /// The `dot` program does the same for the last graph it draws: it frees a graph only when
    /// it reads the next one, and it exits after the last. Freeing took about 43 million
    /// instructions for a 1,000-node tree, about 1.5% of the render (callgrind, libgraphviz
    /// 2.42). Use this only in a process that exits soon after the call, such as a command
    /// that draws one diagram, because every call leaves its graph in memory. A failed call
    /// still frees everything.
    case leaveToProcessExit
}
