import Foundation
import BrambleCore

/// Number formats shared by every renderer, so that a figure reads the same in a diagram, a
/// table and a report.
public enum Formatting {
    /// Formats a probability as a percentage with up to two decimals, such as `23.5%`, or
    /// `unknown`.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        let scaled = (value * 10000).rounded() / 100
        if scaled == 0, value > 0 { return "<0.01%" }
        return trimmed(scaled, decimals: 2) + "%"
    }

    /// Formats a risk or impact with up to two decimals, or `unknown`.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        return trimmed((value * 100).rounded() / 100, decimals: 2)
    }

    /// Formats a value with at most `decimals` decimals and no trailing zeros.
    static func trimmed(_ value: Double, decimals: Int) -> String {
        var text = fixed(value, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    /// Formats a value with exactly `decimals` decimals, rounded as C's `printf` rounds. It
    /// calls `vsnprintf` directly because Foundation's `String(format:)` is slower, which
    /// shows in a diff that lists thousands of figures.
    static func fixed(_ value: Double, decimals: Int) -> String {
        withVaList([Int32(clamping: decimals), value]) { arguments in
            // 64 bytes hold values below about 10^40. For a longer result, vsnprintf returns the
            // full length, and the value is formatted again into a buffer of that size.
            var buffer = [CChar](repeating: 0, count: 64)
            let length = Int(vsnprintf(&buffer, buffer.count, "%.*f", arguments))
            if length >= buffer.count {
                buffer = [CChar](repeating: 0, count: length + 1)
                _ = withVaList([Int32(clamping: decimals), value]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Splits text into lines of at most `width` characters at word boundaries; a longer word
    /// gets a line of its own.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count <= width {
                    current += " " + word
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            lines.append(current)
        }
        return lines
    }
}
