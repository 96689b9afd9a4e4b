import BrambleMarkdown
import Testing

@Suite struct CommonMarkTests {
    @Test func headingsParagraphsAndLists() {
        let html = CommonMark.html("# Plan\n\nSome *text*.\n\n- one\n- two\n")

        #expect(html == "<h1>Plan</h1>\n<p>Some <em>text</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")
    }

    @Test func tablesExtension() {
        let html = CommonMark.html("| a | b |\n|---|---|\n| 1 | x \\| y |\n")

        #expect(html.contains("<table>"))
        #expect(html.contains("<th>a</th>"))
        #expect(html.contains("<td>x | y</td>"))
    }

    @Test func rawHTMLIsDropped() {
        let html = CommonMark.html("<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)>\n")

        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func javascriptLinksAreEmptied() {
        let html = CommonMark.html("[click](javascript:alert(1))\n")

        #expect(!html.contains("javascript:"))
    }

    @Test func escapedEntitiesStayText() {
        #expect(CommonMark.html("&lt;b&gt; &amp;\n") == "<p>&lt;b&gt; &amp;</p>\n")
    }

    @Test func emptyInputGivesEmptyOutput() {
        #expect(CommonMark.html("") == "")
    }

    @Test func concurrentCallsAgree() async {
        let expected = CommonMark.html("| a |\n|---|\n| 1 |\n")
        await withTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { CommonMark.html("| a |\n|---|\n| 1 |\n") } }
            for await result in group { #expect(result == expected) }
        }
    }
}
