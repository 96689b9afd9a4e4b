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

    /// Formats a value with exactly `decimals` decimals, rounded as C's `printf` rounds.
    /// Foundation's `String(format:)` is slower, which shows in a diff that lists thousands of
    /// figures, so the C library formats the value directly. It uses `strfromd` where the C
    /// library has it, because that takes the value as a plain argument. Otherwise it uses
    /// `vsnprintf`, whose argument list costs a type check per value.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let decimals = min(max(decimals, 0), formats.count - 1)
        // 64 bytes hold values below about 10^40. For a longer result, the C functions return
        // the full length, and the value is formatted again into a buffer of that size.
        var buffer = [CChar](repeating: 0, count: 64)
        var length = format(value, decimals: decimals, into: &buffer)
        if length >= buffer.count {
            buffer = [CChar](repeating: 0, count: length + 1)
            length = format(value, decimals: decimals, into: &buffer)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes the value into `buffer` with the format of `decimals` decimals and returns the
    /// length of the whole text, which may be more than the buffer holds.
    private static func format(_ value: Double, decimals: Int, into buffer: inout [CChar]) -> Int {
        if let stringFromDouble {
            return Int(formats[decimals].withUnsafeBufferPointer { stringFromDouble(&buffer, buffer.count, $0.baseAddress, value) })
        }
        return withVaList([Int32(decimals), value]) { arguments in
            Int(vsnprintf(&buffer, buffer.count, "%.*f", arguments))
        }
    }

    /// `%.0f` through `%.17f` as C strings: `strfromd` takes the precision in the format only.
    private static let formats: [[CChar]] = (0...17).map { Array("%.\($0)f".utf8CString) }

    /// The C library's `strfromd`, looked up at run time because the C headers declare it only
    /// for some feature settings. It formats exactly as `snprintf` does.
    private typealias StringFromDouble = @convention(c) (
        UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32
    private static let stringFromDouble: StringFromDouble? = dlsym(nil, "strfromd").map {
        unsafeBitCast($0, to: StringFromDouble.self)
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
