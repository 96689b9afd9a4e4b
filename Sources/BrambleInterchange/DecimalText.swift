/// Formats numbers as plain decimals, the only number form the tree language accepts.
enum DecimalText {
    /// Returns `value` as a plain decimal with the fewest digits that read back as the same
    /// `Double`, such as `0.00001` for 1e-05. Finite, non-negative values only.
    static func plain(_ value: Double) -> String {
        precondition(value.isFinite && value >= 0, "plain decimals are finite and non-negative")
        // Swift's description is the shortest text that round-trips, possibly with an exponent.
        let shortest = "\(value)"
        let parts = shortest.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let integerDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = Array(mantissa.filter { $0 != "." })
        let point = integerDigits + exponent
        var text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            text = String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            text = String(digits[..<point]) + "." + String(digits[point...])
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        while text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { text.removeFirst() }
        return text
    }
}
