import Foundation

/// Parsers for the value forms the language accepts. Each returns nil for text that is not of
/// its form, and the checker turns that into a diagnostic.
enum Values {
    /// Parses a plain decimal: digits, optionally a dot and more digits. Signs, exponents,
    /// `inf` and `nan` are not accepted.
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.count <= 40 else { return nil }
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for character in text {
            if character == "." {
                if seenDot { return nil }
                seenDot = true
            } else if character.isASCIIDigit {
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return nil
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0 else { return nil }
        return Double(text)
    }

    /// Parses a probability written as a decimal (`0.8`) or a percentage (`80%`). The range is
    /// checked by the caller, so that its message can name the bound that was crossed.
    static func fraction(_ text: String) -> Double? {
        if text.hasSuffix("%") {
            return decimal(text.dropLast()).map { $0 / 100 }
        }
        return decimal(Substring(text))
    }

    /// Parses `YYYY-MM-DD` and checks that the day exists.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// Parses a reference: `CWE-n`, `CAPEC-n`, an ATT&CK technique `Tnnnn` or `Tnnnn.nnn`, or an
    /// http(s) URL with a host.
    static func reference(_ text: String) -> Reference? {
        func digits(after prefix: String) -> Bool {
            let rest = text.dropFirst(prefix.count)
            return !rest.isEmpty && rest.count <= 7 && rest.allSatisfy(\.isASCIIDigit) && rest.first != "0"
        }
        if text.hasPrefix("CWE-") { return digits(after: "CWE-") ? Reference(kind: .cwe, text: text) : nil }
        if text.hasPrefix("CAPEC-") { return digits(after: "CAPEC-") ? Reference(kind: .capec, text: text) : nil }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty
            else { return nil }
            return Reference(kind: .url, text: text)
        }
        if text.first == "T" {
            let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            let technique = parts.count >= 1 && parts[0].count == 4 && parts[0].allSatisfy(\.isASCIIDigit)
            let sub = parts.count == 1 || (parts.count == 2 && parts[1].count == 3 && parts[1].allSatisfy(\.isASCIIDigit))
            if technique && sub { return Reference(kind: .attack, text: text) }
        }
        return nil
    }

    /// Whether a word can name a mitigation or a scale level: letters, digits, `-` and `_`,
    /// starting with a letter.
    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
