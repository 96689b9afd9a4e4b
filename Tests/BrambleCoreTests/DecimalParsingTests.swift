import BrambleCore
import Foundation
import Testing

/// The checker reads short decimals without the standard parser. These tests hold its values
/// to the standard parser's, bit for bit.
@Suite struct DecimalParsingTests {
    /// Decimals near the cases that go wrong when a parser rounds twice: many digits, halfway
    /// cases, powers of two and ten, and values just inside the probability range.
    static let edgeCases = [
        "0", "0.0", "1", "1.0", "0.1", "0.2", "0.3", "0.7", "0.9", "0.25", "0.125", "0.0625",
        "0.333333333333333", "0.999999999999999", "0.000000000000001", "0.100000000000001",
        "0.5000000000000001", "0.30000000000000004", "0.1234567890123456789", "1.000000000000000",
        "7", "12.5", "2600", "999999999999999", "1000000000000000", "9007199254740993",
        "123456789012345.6", "0.0000001", "000.5", "08", "4503599627370497.5",
    ]

    /// Returns the likelihood and impact the checker reads from a tree that writes `text` as the
    /// impact and as the likelihood: a percentage when the number is above 1, and 0.5 instead
    /// when it is above 100.
    static func read(_ text: String) -> (likelihood: Double?, impact: Double?) {
        let value = Double(text)!
        var likelihood = "0.5"
        if value <= 1 {
            likelihood = text
        } else if value <= 100 {
            likelihood = "\(text)%"
        }
        let source = """
        1 "Goal"
          impact \(text)
          likelihood \(likelihood)
        """
        let (tree, _) = Checker.check(SourceFile(path: "decimal.bramble", text: source), today: "2026-01-01")
        return (tree?.goal.likelihood?.value, tree?.goal.impact?.value)
    }

    @Test(arguments: edgeCases) func edgeCaseMatchesStandardParser(_ text: String) {
        let expected = Double(text)!
        let read = Self.read(text)
        #expect(read.impact?.bitPattern == expected.bitPattern, "impact \(text)")
        if expected <= 1 {
            #expect(read.likelihood?.bitPattern == expected.bitPattern, "likelihood \(text)")
        } else if expected <= 100 {
            #expect(read.likelihood?.bitPattern == (expected / 100).bitPattern, "likelihood \(text)%")
        }
    }

    @Test func randomDecimalsMatchStandardParser() {
        var generator = SystemRandomNumberGenerator()
        var lines: [String] = []
        var expected: [Double] = []
        for index in 0..<4000 {
            let before = Int.random(in: 0...(index % 3 == 0 ? 999_999 : 9), using: &generator)
            let places = Int.random(in: 1...17, using: &generator)
            let after = (0..<places).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let text = "\(before).\(after)"
            lines.append(text)
            expected.append(Double(text)!)
        }
        var source = "1 or \"Goal\"\n  impact 1\n"
        for (index, text) in lines.enumerated() {
            source += "  1.\(index + 1) \"Step \(index + 1)\"\n    impact \(text)\n    likelihood 0.5\n"
        }
        let (tree, diagnostics) = Checker.check(SourceFile(path: "decimals.bramble", text: source), today: "2026-01-01")
        #expect(!diagnostics.hasErrors)
        guard let tree else { return }
        for (index, text) in lines.enumerated() {
            let node = tree.nodes[tree.index(of: NodeID([1, index + 1]))!]
            #expect(node.impact?.value.bitPattern == expected[index].bitPattern, "\(text)")
        }
    }
}
