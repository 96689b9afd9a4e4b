import BrambleRender
import Foundation
import Testing

/// An input and the output expected from an escaping function, worked out by hand.
struct EscapeCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String

    init(_ input: String, _ expected: String) {
        self.input = input
        self.expected = expected
    }

    var testDescription: String { input.debugDescription }
}

@Suite struct EscapingTests {
    static let markdownCases: [EscapeCase] = [
        EscapeCase("plain text", "plain text"),
        EscapeCase("", ""),
        EscapeCase("a & b", "a &amp; b"),
        EscapeCase("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        EscapeCase("&amp;", "&amp;amp;"),
        EscapeCase("x | y", #"x \| y"#),
        EscapeCase("[link](https://example.com)", #"\[link\](https://example.com)"#),
        EscapeCase("![image](x.png)", #"!\[image\](x.png)"#),
        EscapeCase("*bold* and _em_", #"\*bold\* and \_em\_"#),
        EscapeCase("`code`", #"\`code\`"#),
        EscapeCase("~~strike~~", #"\~\~strike\~\~"#),
        EscapeCase("$x$", #"\$x\$"#),
        EscapeCase(#"back\slash"#, #"back\\slash"#),
        EscapeCase(#"trailing \"#, #"trailing \\"#),
        EscapeCase("# heading", ##"\# heading"##),
        EscapeCase("- item", #"\- item"#),
        EscapeCase("+ item", #"\+ item"#),
        EscapeCase("=SUM(A1)", #"\=SUM(A1)"#),
        EscapeCase("a-b #c =d +e", "a-b #c =d +e"),
        EscapeCase("1. first", "1. first"),
        EscapeCase("one\ntwo", "one<br>two"),
        EscapeCase("one\n- two", #"one<br>\- two"#),
        EscapeCase("one\r\ntwo", "one<br>two"),
        EscapeCase("tab\there", "tab here"),
        EscapeCase("bell\u{7}", "bell "),
        EscapeCase("delete\u{7F}", "delete "),
        EscapeCase("lock 🔒", "lock 🔒"),
        EscapeCase("שלום עולם", "שלום עולם"),
    ]

    static let dotCases: [EscapeCase] = [
        EscapeCase("plain text", "plain text"),
        EscapeCase("", ""),
        EscapeCase(#"say "hi""#, #"say \"hi\""#),
        EscapeCase(#"a\b"#, #"a\\b"#),
        EscapeCase(#"trailing \"#, #"trailing \\"#),
        EscapeCase(#"\""#, #"\\\""#),
        EscapeCase(#"\N \G \l"#, #"\\N \\G \\l"#),
        EscapeCase("one\ntwo", #"one\ntwo"#),
        EscapeCase("one\r\ntwo", #"one\ntwo"#),
        EscapeCase("tab\there", "tab here"),
        EscapeCase("delete\u{7F}", "delete "),
        EscapeCase("<b> & | [x] {y} #z ;", "<b> & | [x] {y} #z ;"),
        EscapeCase("family 👨‍👩‍👧", "family 👨‍👩‍👧"),
        EscapeCase("مرحبا", "مرحبا"),
    ]

    static let htmlCases: [EscapeCase] = [
        EscapeCase("plain text", "plain text"),
        EscapeCase("", ""),
        EscapeCase("a & b", "a &amp; b"),
        EscapeCase("&amp;", "&amp;amp;"),
        EscapeCase("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        EscapeCase(#"title="x""#, "title=&quot;x&quot;"),
        EscapeCase("one\ntwo\tthree", "one\ntwo\tthree"),
        EscapeCase("bell\u{7}", "bell\u{FFFD}"),
        EscapeCase("return\r", "return\u{FFFD}"),
        EscapeCase("delete\u{7F}", "delete\u{FFFD}"),
        EscapeCase("lock 🔒", "lock 🔒"),
    ]

    @Test("Markdown inline escaping", arguments: markdownCases)
    func markdownInline(testCase: EscapeCase) {
        #expect(Escaping.markdownInline(testCase.input) == testCase.expected)
    }

    @Test("DOT string escaping", arguments: dotCases)
    func dotString(testCase: EscapeCase) {
        #expect(Escaping.dotString(testCase.input) == testCase.expected)
    }

    @Test("HTML escaping", arguments: htmlCases)
    func html(testCase: EscapeCase) {
        #expect(Escaping.html(testCase.input) == testCase.expected)
    }

    @Test func markdownOutputHasOneLine() {
        let escaped = Escaping.markdownInline("a\nb\r\nc\rd")

        #expect(!escaped.contains("\n"))
        #expect(!escaped.contains("\r"))
    }

    @Test func dotOutputHasNoBareQuote() {
        let escaped = Escaping.dotString(#"a"b\"c\\"d"#)
        var backslashRun = 0

        // A quote is escaped when an odd number of backslashes precedes it.
        for character in escaped {
            if character == "\"" {
                #expect(backslashRun % 2 == 1, "quote not escaped in \(escaped)")
            }
            backslashRun = character == "\\" ? backslashRun + 1 : 0
        }
    }
}

@Suite struct JSONValueTests {
    /// A value and its exact serialised text.
    struct SerializationCase: Sendable, CustomTestStringConvertible {
        let name: String
        let value: JSONValue
        let expected: String

        var testDescription: String { name }
    }

    static let cases: [SerializationCase] = [
        SerializationCase(name: "null", value: .null, expected: "null\n"),
        SerializationCase(name: "true", value: .bool(true), expected: "true\n"),
        SerializationCase(name: "false", value: .bool(false), expected: "false\n"),
        SerializationCase(name: "zero", value: .number(0), expected: "0\n"),
        SerializationCase(name: "negative zero", value: .number(-0.0), expected: "0\n"),
        SerializationCase(name: "whole number", value: .number(42), expected: "42\n"),
        SerializationCase(name: "negative whole number", value: .number(-7), expected: "-7\n"),
        SerializationCase(name: "fraction", value: .number(1.5), expected: "1.5\n"),
        SerializationCase(name: "shortest round trip", value: .number(0.1 + 0.2), expected: "0.30000000000000004\n"),
        SerializationCase(name: "large whole number", value: .number(123_456_789_012_345), expected: "123456789012345\n"),
        SerializationCase(name: "exponent", value: .number(1e16), expected: "1e+16\n"),
        SerializationCase(name: "small number", value: .number(1e-7), expected: "1e-07\n"),
        SerializationCase(name: "not a number", value: .number(.nan), expected: "null\n"),
        SerializationCase(name: "infinity", value: .number(.infinity), expected: "null\n"),
        SerializationCase(name: "missing number", value: .number(nil as Double?), expected: "null\n"),
        SerializationCase(name: "missing string", value: .string(nil as String?), expected: "null\n"),
        SerializationCase(name: "quote and backslash", value: .string(#"a"b\c"#), expected: #""a\"b\\c""# + "\n"),
        SerializationCase(name: "whitespace escapes", value: .string("a\nb\rc\td"), expected: #""a\nb\rc\td""# + "\n"),
        SerializationCase(name: "control characters", value: .string("\u{1}\u{1F}\u{7F}"), expected: #""\u0001\u001f\u007f""# + "\n"),
        SerializationCase(name: "line separators", value: .string("\u{2028}\u{2029}"), expected: #""\u2028\u2029""# + "\n"),
        SerializationCase(name: "slash and HTML", value: .string("</script>&"), expected: "\"</script>&\"\n"),
        SerializationCase(name: "emoji", value: .string("🔒"), expected: "\"🔒\"\n"),
        SerializationCase(name: "empty array", value: .array([]), expected: "[]\n"),
        SerializationCase(name: "empty object", value: .object([]), expected: "{}\n"),
        SerializationCase(name: "array", value: .array([.number(1), "a"]), expected: "[\n  1,\n  \"a\"\n]\n"),
        SerializationCase(
            name: "object keeps key order",
            value: .object([("b", .number(1)), ("a", .array([.null])), ("c", .object([]))]),
            expected: "{\n  \"b\": 1,\n  \"a\": [\n    null\n  ],\n  \"c\": {}\n}\n"),
    ]

    @Test("Serialisation", arguments: cases)
    func serialized(testCase: SerializationCase) {
        #expect(testCase.value.serialized() == testCase.expected)
    }

    @Test("String round trip", arguments: [
        #"say "hi""#, #"trailing \"#, "a\nb\r\nc\td", "\u{0}\u{1}\u{1F}\u{7F}", "\u{2028}\u{2029}",
        "lock 🔒 and family 👨‍👩‍👧", "مرحبا بالعالم", "</script>", String(repeating: "x", count: 2000),
    ])
    func stringRoundTrip(text: String) throws {
        let json = JSONValue.array([.string(text)]).serialized()

        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]

        #expect(parsed == [text])
    }

    @Test func numbersRoundTrip() throws {
        let numbers: [Double] = [0, 1, -1, 0.1, 1.0 / 3.0, 1e-7, 1e15, 2e20, 9_007_199_254_740_992]
        let json = JSONValue.array(numbers.map { .number($0) }).serialized()

        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [NSNumber])

        #expect(parsed.map(\.doubleValue) == numbers)
    }
}

/// The escapers return text with nothing to escape as it is, after a scan of its bytes. These
/// tests compare every escaper with the rules applied scalar by scalar, on random text mixing
/// plain letters, the characters each escaper changes, control characters and non-ASCII text.
@Suite struct EscapingShortcutTests {
    static let alphabet: [String] = [
        "a", "Z", " ", "-", "=", "|", "&", "<", ">", "\"", "\\", "\n", "\r", "\t", "\u{7F}", "\u{1}",
        "é", "\u{85}", "\u{2028}", "𝄞", "中",
    ]

    static func samples() -> [String] {
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var texts = ["", "plain title", "Ünïcödé only"]
        for _ in 0..<2000 {
            texts.append((0..<next(12)).map { _ in alphabet[next(alphabet.count)] }.joined())
        }
        return texts
    }

    /// Applies the DOT string rules scalar by scalar.
    static func dotReference(_ text: String, ampersand: Bool, backslash: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += backslash
            case "\n": output += "\\n"
            case "\r": continue
            case "&" where ampersand: output += "&amp;"
            default: output += scalar.value < 0x20 || scalar.value == 0x7F ? " " : String(scalar)
            }
        }
        return output
    }

    /// Applies the rules for DOT's HTML-like labels scalar by scalar.
    static func htmlLabelReference(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "\\": output += "\\\\"
            default: output += scalar.value < 0x20 || scalar.value == 0x7F ? " " : String(scalar)
            }
        }
        return output
    }

    @Test func dotEscapersMatchTheRules() {
        for text in Self.samples() {
            #expect(Escaping.dotString(text) == Self.dotReference(text, ampersand: false, backslash: "\\\\"), "\(text.debugDescription)")
            #expect(Escaping.dotLabel(text) == Self.dotReference(text, ampersand: true, backslash: "\\\\"), "\(text.debugDescription)")
            #expect(Escaping.dotTooltip(text) == Self.dotReference(text, ampersand: true, backslash: "\\\\\\\\"), "\(text.debugDescription)")
        }
    }

    @Test func htmlLabelEscaperMatchesTheRules() {
        for text in Self.samples() {
            #expect(Escaping.dotHTML(text) == Self.htmlLabelReference(text), "\(text.debugDescription)")
        }
    }
}
