import BrambleCore
import Testing

@Suite struct RenameMapTests {
    func id(_ text: String) -> NodeID { NodeID(parsing: text)! }

    @Test func textSortedNumberByNumber() {
        let map = [id("1.10"): id("1.2"), id("1.2"): id("1.3"), id("1.9.1"): id("1.1.1")]
        let expected = "# bramble rename map: old id -> new id\n1.2 -> 1.3\n1.9.1 -> 1.1.1\n1.10 -> 1.2\n"
        #expect(RenameMap.text(map) == expected)
    }

    @Test func emptyMapHasHeaderOnly() {
        #expect(RenameMap.text([:]) == RenameMap.header + "\n")
    }

    @Test func writtenMapParsesBack() throws {
        let map = [id("1.10"): id("1.2"), id("1.2"): id("1.3"), id("3"): id("1"), id("1.1.1.1"): id("1.4")]
        #expect(try RenameMap.parse(RenameMap.text(map)) == map)
    }

    @Test func renumberMapParsesBack() throws {
        let output = try formatOutput("1 or \"Goal\"\n  1.2 \"A\"\n  1.1 or \"B\"\n    1.1.4 \"C\"\n", renumber: true)
        #expect(try RenameMap.parse(RenameMap.text(output.renames)) == output.renames)
        #expect(output.renames.count == 3)
    }

    @Test func parseSkipsBlanksAndComments() throws {
        let text = "\u{FEFF}# header\r\n\r\n  1.2   ->  1.3  \r\n\t# note\n1.4->1.5"
        #expect(try RenameMap.parse(text) == [id("1.2"): id("1.3"), id("1.4"): id("1.5")])
    }

    @Test("Malformed maps name their line", arguments: [
        ("1.2 -> 1.3\n1.2\n", 2, "expected 'OLD -> NEW'"),
        ("# map\n\n1.2 -> 1.3 -> 1.4\n", 3, "expected 'OLD -> NEW'"),
        ("1.x -> 1.3\n", 1, "invalid old id: found '1.x'"),
        ("1.2 -> \n", 1, "invalid new id: found nothing"),
        ("1.2 -> 0.1\n", 1, "invalid new id: found '0.1'"),
        ("1.2 -> 1.3\n1.2 -> 1.4\n", 2, "old id 1.2 is renamed twice (first on line 1)"),
        ("1.2 -> 1.3\n1.4 -> 1.3\n", 2, "new id 1.3 is given to both 1.2 (line 1) and 1.4"),
    ])
    func malformedMapsNameLine(text: String, line: Int, message: String) {
        do {
            let map = try RenameMap.parse(text)
            Issue.record("parsed without an error: \(map)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("line \(line): "))
        }
    }
}
