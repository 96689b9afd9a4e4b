// Shim over the libgraphviz C API (libgraphviz-dev 2.42.2 on Debian 12, which reports
// itself as version 2.43.0). Swift cannot import C macros or call variadic functions, so
// these wrappers expose the few that BrambleGraphviz needs.
#ifndef BRAMBLE_CGRAPHVIZ_H
#define BRAMBLE_CGRAPHVIZ_H

#include <stdint.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

// Flushes cgraph's flex scanner buffer. libcgraph exports this function but declares it
// only in a private header. cgraph calls it itself after a failed parse.
extern void aglexbad(void);

/// Discards any input that the DOT scanner read ahead but did not parse.
///
/// agmemread stops after the first graph and leaves the rest of its input in the scanner
/// buffer, so without this call the next agmemread parses that leftover text first.
static inline void bramble_reset_scanner(void) {
    aglexbad();
}

/// Starts a new entry in cgraph's message log without adding any text.
///
/// With agseterr(AGMAX), cgraph appends every message to a temporary file, and aglasterr()
/// returns the text from the start of the newest entry. After this call, aglasterr()
/// returns an empty string until the library reports a message.
static inline void bramble_mark_message_start(void) {
    agerr(AGWARN, "%s", "");
}

/// Returns the tail node of an edge (the `agtail` macro).
static inline Agnode_t *bramble_agtail(Agedge_t *edge) {
    return agtail(edge);
}

/// Returns the head node of an edge (the `aghead` macro).
static inline Agnode_t *bramble_aghead(Agedge_t *edge) {
    return aghead(edge);
}

/// Returns an object's creation sequence number (the `AGSEQ` macro).
static inline uint64_t bramble_agseq(void *object) {
    return (uint64_t)AGSEQ(object);
}

/// Returns the graph-attribute kind (`AGRAPH`).
static inline int bramble_kind_graph(void) { return AGRAPH; }

/// Returns the node-attribute kind (`AGNODE`).
static inline int bramble_kind_node(void) { return AGNODE; }

/// Returns the edge-attribute kind (`AGEDGE`).
static inline int bramble_kind_edge(void) { return AGEDGE; }

#endif
