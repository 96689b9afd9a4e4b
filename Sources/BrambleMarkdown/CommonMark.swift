import CCmarkGFM
import Foundation

/// Markdown to HTML through libcmark-gfm, with GitHub's table extension.
///
/// Raw HTML in the input is not passed through: cmark-gfm replaces it with a comment and
/// empties `javascript:` links, since Bramble never passes `CMARK_OPT_UNSAFE`. Callers still
/// escape text from trees before it reaches Markdown. Calls are serialised by one lock,
/// because registering the extensions is not thread-safe.
public enum CommonMark {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = false

    /// Converts CommonMark with GitHub tables to an HTML fragment.
    public static func html(_ markdown: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            cmark_gfm_core_extensions_ensure_registered()
            registered = true
        }
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            // The buffer ends with a NUL that is not part of the text.
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
