/// HTML escaping for interpolation tags.
///
/// Escapes `&`, `<`, `>`, `"` and `'`. The Mustache specification requires the first four.
/// Escaping the apostrophe too keeps values safe inside single-quoted HTML attributes, and
/// the specification's tests allow it.
enum HTMLEscaping {
    /// Appends `text` to `output` with the HTML special characters replaced by entities.
    /// - Complexity: O(n) in the length of the text.
    static func append(_ text: some Sequence<UInt8>, to output: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: ampersand)
            case UInt8(ascii: "<"): output.append(contentsOf: lessThan)
            case UInt8(ascii: ">"): output.append(contentsOf: greaterThan)
            case UInt8(ascii: "\""): output.append(contentsOf: quote)
            case UInt8(ascii: "'"): output.append(contentsOf: apostrophe)
            default: output.append(byte)
            }
        }
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)
}
