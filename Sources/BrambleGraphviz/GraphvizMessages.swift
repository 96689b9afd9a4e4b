import CGraphviz
import Foundation

/// Access to the messages that libgraphviz reports, which the caller must read while
/// holding the library lock.
///
/// libgraphviz 2.42 can report messages in two ways. A callback set with `agseterrf` gets
/// mangled text for messages of 1,024 bytes or more, because cgraph's formatter reuses a
/// `va_list`. A syntax error near an 1,100-character token produced garbage that way. So
/// this code calls `agseterr(AGMAX)` instead. cgraph then appends every message to a
/// temporary file, not to stderr, and `aglasterr()` returns the newest one.
///
/// NOTE: `aglasterr()` returns only the newest message, so when one step reports several
/// messages, the earlier ones are lost.
enum GraphvizMessages {
    /// Clears the recorded error level and starts an empty log entry.
    static func begin() {
        agreseterrors()
        bramble_mark_message_start()
    }

    /// Whether libgraphviz reported a message of level AGERR since `begin()`.
    static var errorReported: Bool {
        agerrors() >= Int32(AGERR.rawValue)
    }

    /// Removes and returns the newest message since `begin()` or the previous call, or nil
    /// when libgraphviz reported none.
    static func takeLatest() -> String? {
        guard let text = aglasterr() else {
            return nil
        }
        let message = String(cString: text)
        free(text)
        bramble_mark_message_start()

        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
