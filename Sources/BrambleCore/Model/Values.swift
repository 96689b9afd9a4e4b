import Foundation

/// Parsers for the value forms the language accepts. Each returns nil for text that is not of
/// its form, and the checker turns that into a diagnostic.
enum Values {
    /// Parses a plain decimal: digits, optionally a dot and more digits. Signs, exponents,
    /// `inf` and `nan` are not accepted.
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 40 else { return nil }
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        var digits: UInt64 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
                // Wraps only past 19 digits, where the value below is not used.
                digits = digits &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0 else { return nil }
        // With at most 15 digits, the digits as a whole number and the power of ten are both
        // exact doubles, and one division rounds correctly, so the result is the one the
        // standard parser gives, found without copying the text.
        if digitsBefore + digitsAfter <= 15 {
            return Double(digits) / powersOfTen[digitsAfter]
        }
        return Double(text)
    }

    /// 10^0 through 10^15, each exact as a double.
    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
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
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            if isPlainURL(text) { return Reference(kind: .url, text: text) }
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty
            else { return nil }
            return Reference(kind: .url, text: text)
        }
        // The bytes are read in place, because copying them into an array costs an allocation
        // for every reference of a large tree.
        var storage = text
        let kind = storage.withUTF8 { bytes -> Reference.Kind? in
            func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
            func digits(after prefix: Int) -> Bool {
                let rest = bytes[prefix...]
                return !rest.isEmpty && rest.count <= 7 && rest.allSatisfy(isDigit) && rest.first != UInt8(ascii: "0")
            }
            if bytes.starts(with: "CWE-".utf8) { return digits(after: 4) ? .cwe : nil }
            if bytes.starts(with: "CAPEC-".utf8) { return digits(after: 6) ? .capec : nil }
            if bytes.first == UInt8(ascii: "T") {
                // Tnnnn or Tnnnn.nnn
                let plain = bytes.count == 5 && bytes[1...].allSatisfy(isDigit)
                let sub = bytes.count == 9 && bytes[1..<5].allSatisfy(isDigit) && bytes[5] == UInt8(ascii: ".")
                    && bytes[6...].allSatisfy(isDigit)
                return plain || sub ? .attack : nil
            }
            return nil
        }
        return kind.map { Reference(kind: $0, text: text) }
    }

    /// The ASCII bytes a path, query or fragment may hold unescaped, besides `#` and `%`.
    private static let plainURLBytes: [Bool] = (0..<128).map { byte in
        let character = Character(Unicode.Scalar(UInt8(byte)))
        return character.isLetter || character.isNumber || "-._~!$&'()*+,;=:@/?".contains(character)
    }

    /// Returns whether a URL has the plain shape most references have, checked byte by byte.
    /// That shape is `http://` or `https://`, a host of letters, digits, dots and hyphens and an
    /// optional port. Then come only characters that RFC 3986 allows unescaped in a path, query
    /// or fragment, `%` before two hex digits, and at most one `#`. Every such URL is valid, and
    /// checking it this way costs far less than parsing it with `URLComponents`, as other URLs
    /// are.
    static func isPlainURL(_ text: String) -> Bool {
        var bytes = Substring(text).utf8.makeIterator()
        for expected in text.hasPrefix("https://") ? "https://".utf8 : "http://".utf8 {
            guard bytes.next() == expected else { return false }
        }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        func isHex(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
        }
        // The host, then an optional port.
        var hostLength = 0
        var next = bytes.next()
        while let byte = next, isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
            hostLength += 1
            next = bytes.next()
        }
        guard hostLength > 0 else { return false }
        if next == UInt8(ascii: ":") {
            var portLength = 0
            next = bytes.next()
            while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                portLength += 1
                next = bytes.next()
            }
            guard portLength > 0, portLength <= 5 else { return false }
        }
        guard let first = next else { return true }
        guard first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "#") else { return false }
        // The path, query and fragment.
        var fragments = first == UInt8(ascii: "#") ? 1 : 0
        while let byte = bytes.next() {
            if byte < 128, Values.plainURLBytes[Int(byte)] { continue }
            if byte == UInt8(ascii: "#") {
                fragments += 1
                guard fragments == 1 else { return false }
                continue
            }
            guard byte == UInt8(ascii: "%"), let high = bytes.next(), let low = bytes.next(), isHex(high), isHex(low)
            else { return false }
        }
        return true
    }

    /// Returns whether a word can name a mitigation or a scale level: letters, digits, `-` and `_`,
    /// starting with a letter.
    static func isName(_ text: String) -> Bool {
        // Most names are ASCII: check them byte by byte before looking up Unicode properties.
        var ascii = true
        for (position, byte) in text.utf8.enumerated() {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if byte >= 0x80 {
                ascii = false
                break
            }
            guard letter || (position > 0 && (digit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_"))) else { return false }
        }
        if ascii { return !text.isEmpty }
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
