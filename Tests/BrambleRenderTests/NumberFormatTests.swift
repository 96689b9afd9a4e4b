import BrambleRender
import Foundation
import Testing

/// Figures are formatted by the C library directly, for speed. These tests compare them with
/// the same format written with Foundation's `String(format:)`, on values of every size.
@Suite struct NumberFormatTests {
    /// Returns `Formatting.number`'s text made with `String(format:)`: two decimals, then no
    /// trailing zeros.
    static func reference(_ value: Double) -> String {
        var text = String(format: "%.2f", (value * 100).rounded() / 100)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    static var values: [Double] {
        var values: [Double] = [0, -0.0, 0.004, 0.005, 0.0051, 1, -1, 2.675, 123.455, 1e-9, 1e20, -1e20, 1e300,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity]
        for step in 0..<2000 {
            let base = Double(step) * 0.001234567 - 1
            values += [base, base * 1000, base * 1e9, base / 7]
        }
        return values
    }

    @Test func numbersMatchStringFormat() {
        for value in Self.values {
            #expect(Formatting.number(value) == Self.reference(value), "\(value)")
        }
    }

    @Test func notANumber() {
        #expect(Formatting.number(.nan) == Self.reference(.nan))
    }
}
