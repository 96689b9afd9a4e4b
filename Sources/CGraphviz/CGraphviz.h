// Shim over the libgraphviz C API (libgraphviz-dev 2.42.2 on Debian 12, which reports
// itself as version 2.43.0). Swift cannot import C macros or call variadic functions, so
// these wrappers expose the few that BrambleGraphviz needs.
#ifndef BRAMBLE_CGRAPHVIZ_H
#define BRAMBLE_CGRAPHVIZ_H

#include <stdint.h>
#include <string.h>
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

/// DOT text in memory that `bramble_read_graph` hands to cgraph's scanner.
typedef struct {
    const char *bytes;
    size_t length;
    size_t offset;
} bramble_dot_reader;

/// Copies the next line of a `bramble_dot_reader`, newline included, or the first `capacity`
/// bytes of a longer line, into `buffer`, and returns the number of bytes copied (0 at the end).
///
/// It hands the scanner the same pieces as agmemread's reader, which copies byte by byte up
/// to each newline, but finds the newline with memchr and copies with memcpy. On a 550 KB DOT
/// text that reader took 5.5 million instructions and this one 0.3 million (callgrind).
static int bramble_read_dot_line(void *channel, char *buffer, int capacity) {
    bramble_dot_reader *reader = (bramble_dot_reader *)channel;
    if (capacity <= 0 || reader->offset >= reader->length) {
        return 0;
    }
    size_t available = reader->length - reader->offset;
    size_t limit = available < (size_t)capacity ? available : (size_t)capacity;
    const char *start = reader->bytes + reader->offset;
    const char *newline = (const char *)memchr(start, '\n', limit);
    size_t count = newline != NULL ? (size_t)(newline - start) + 1 : limit;
    memcpy(buffer, start, count);
    reader->offset += count;
    return (int)count;
}

/// The I/O discipline of graphs that `bramble_read_graph` reads. The graph keeps a pointer
/// to it, so it has static storage, as agmemread's has.
static Agiodisc_t bramble_dot_io_discipline = { bramble_read_dot_line, NULL, NULL };

/// Reads the first graph in the `length` bytes at `bytes`, as agmemread does for a C string.
///
/// The bytes must contain no NUL, and the caller must hold the library lock, because cgraph's
/// scanner keeps its state in globals and this function writes the shared discipline.
static inline Agraph_t *bramble_read_graph(const char *bytes, size_t length) {
    bramble_dot_reader reader = { bytes, length, 0 };
    // Writing output through the graph, as agwrite does, goes to a FILE * as with agread.
    bramble_dot_io_discipline.putstr = AgIoDisc.putstr;
    bramble_dot_io_discipline.flush = AgIoDisc.flush;
    Agdisc_t discipline = { &AgMemDisc, &AgIdDisc, &bramble_dot_io_discipline };
    Agraph_t *graph = agread(&reader, &discipline);
    // agmemread in libcgraph 2.42 does the same after agread, so that the line numbers in
    // the messages about the next input start again at 1.
    agsetfile(NULL);
    return graph;
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
