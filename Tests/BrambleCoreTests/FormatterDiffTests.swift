import BrambleCore
import Testing

/// The unified diff that `bramble fmt --check` prints.
@Suite struct FormatterDiffTests {
    func diff(_ old: String, _ new: String) -> String {
        LineDiff.unified(old: old, new: new, oldLabel: "a.bramble", newLabel: "a.bramble (formatted)")
    }

    func numbered(_ range: ClosedRange<Int>) -> String {
        range.map { "line \($0)\n" }.joined()
    }

    @Test func equalTextsHaveNoDiff() {
        #expect(diff("a\nb\n", "a\nb\n") == "")
        #expect(diff("", "") == "")
    }

    @Test func changeShownWithThreeLinesContext() {
        let old = numbered(1...10)
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let expected = """
        --- a.bramble
        +++ a.bramble (formatted)
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """
        #expect(diff(old, new) == expected)
    }

    @Test func distantChangesMakeTwoHunks() {
        let old = numbered(1...20)
        let new = old.replacingOccurrences(of: "line 2\n", with: "").replacingOccurrences(of: "line 18\n", with: "line 18\nadded\n")
        let output = diff(old, new)
        #expect(output.contains("@@ -1,5 +1,4 @@\n line 1\n-line 2\n line 3\n"))
        #expect(output.contains("@@ -16,5 +15,6 @@\n line 16\n line 17\n line 18\n+added\n line 19\n line 20\n"))
    }

    @Test func nearChangesShareOneHunk() {
        let old = numbered(1...12)
        let new = old.replacingOccurrences(of: "line 3\n", with: "three\n").replacingOccurrences(of: "line 9\n", with: "nine\n")
        let output = diff(old, new)
        #expect(output.components(separatedBy: "@@ ").count == 2)
        #expect(output.contains("@@ -1,12 +1,12 @@\n"))
    }

    @Test func insertionIntoEmptyFile() {
        #expect(diff("", "a\n") == "--- a.bramble\n+++ a.bramble (formatted)\n@@ -0,0 +1 @@\n+a\n")
    }

    @Test func missingFinalNewlineMarked() {
        let expected = "--- a.bramble\n+++ a.bramble (formatted)\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        #expect(diff("a\nb", "a\nb\n") == expected)
    }

    @Test func longestCommonSubsequenceKept() {
        let output = diff("a\nb\nc\nd\n", "b\nx\nd\ne\n")
        #expect(output.hasSuffix("@@ -1,4 +1,4 @@\n-a\n b\n-c\n+x\n d\n+e\n"))
    }
}
