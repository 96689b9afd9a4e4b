import BrambleCLI
import BrambleCore
import Foundation
import Testing

@Suite struct FmtCommandTests {
    /// `smallTreeSource` laid out badly: four-space indentation, extra spaces, no blank line
    /// between the goal and the mitigation, and no final newline.
    static let messySource = """
        tree   "Small tree"
        1 or "Steal the data"
            impact high
            1.1  "Phish an administrator"
                likelihood possible
                mitigated-by training
            1.2 "Exploit the VPN"
                likelihood   rare
        mitigation training "Train administrators"
            status implemented
            effectiveness 50%
        """

    static let canonicalSource = """
        tree "Small tree"

        1 or "Steal the data"
          impact high
          1.1 "Phish an administrator"
            likelihood possible
            mitigated-by training
          1.2 "Exploit the VPN"
            likelihood rare

        mitigation training "Train administrators"
          status implemented
          effectiveness 50%

        """

    static let syntaxErrorSource = "1 or \"Goal\n  impact high\n"

    func contents(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func attributes(_ path: String) throws -> [FileAttributeKey: Any] {
        try FileManager.default.attributesOfItem(atPath: path)
    }

    /// Returns a numeric file attribute, such as the permissions or the inode number.
    func number(_ key: FileAttributeKey, of path: String) throws -> Int {
        try #require(attributes(path)[key] as? NSNumber).intValue
    }

    /// Sets a file's modification time to an hour ago and returns it, so that a rewrite is seen
    /// even on file systems with coarse timestamps.
    func ageFile(_ path: String) throws -> Date {
        let past = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded())
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: path)
        return try #require(attributes(path)[.modificationDate] as? Date)
    }

    // MARK: Standard output

    @Test func printsCanonicalText() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.messySource, to: "messy.bramble")

        let run = runCLI(["fmt", path])

        #expect(run.status == .success)
        #expect(run.output == Self.canonicalSource)
        #expect(run.error.isEmpty)
        #expect(try contents(path) == Data(Self.messySource.utf8))
    }

    @Test func severalFilesNeedMode() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write(Self.canonicalSource, to: "a.bramble")
        let second = try directory.write(Self.canonicalSource, to: "b.bramble")

        let run = runCLI(["fmt", first, second])

        #expect(run.status == .usage)
        #expect(run.error.contains("add --write or --check"))
        #expect(run.output.isEmpty)
    }

    @Test func missingFileNotFound() throws {
        let directory = try TemporaryDirectory()

        let run = runCLI(["fmt", directory.path("absent.bramble")])

        #expect(run.status == .inputNotFound)
        #expect(run.error.contains("absent.bramble: file not found"))
    }

    // MARK: Check

    @Test func checkPassesCanonicalFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.canonicalSource, to: "small.bramble")

        let run = runCLI(["fmt", "--check", path])

        #expect(run.status == .success)
        #expect(run.output.isEmpty)
        #expect(run.error.isEmpty)
    }

    @Test func checkPassesRegistryTree() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let run = runCLI(["fmt", "--check", path])

        #expect(run.status == .success)
        #expect(run.output.isEmpty)
    }

    @Test func checkPrintsUnifiedDiff() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.messySource, to: "messy.bramble")

        let run = runCLI(["fmt", "--check", path])

        #expect(run.status == .findings)
        #expect(run.output.hasPrefix("--- \(path)\n+++ \(path) (formatted)\n@@ -1,"))
        #expect(run.output.contains("\n-tree   \"Small tree\"\n+tree \"Small tree\"\n"))
        #expect(run.output.contains("\n-        likelihood   rare\n"))
        #expect(run.output.contains("\n+    likelihood rare\n"))
        #expect(run.output.contains("\\ No newline at end of file\n"))
        #expect(run.error.contains("\(path) is not formatted; run 'bramble fmt --write \(path)'"))
        #expect(try contents(path) == Data(Self.messySource.utf8))
    }

    @Test func checkFailsWhenAnyFileDiffers() throws {
        let directory = try TemporaryDirectory()
        let canonical = try directory.write(Self.canonicalSource, to: "a.bramble")
        let messy = try directory.write(Self.messySource, to: "b.bramble")

        let run = runCLI(["fmt", "--check", canonical, messy])

        #expect(run.status == .findings)
        #expect(!run.output.contains("--- \(canonical)\n"))
        #expect(run.output.contains("--- \(messy)\n"))
    }

    @Test func checkNamesLineEndingsAndBOM() throws {
        let directory = try TemporaryDirectory()
        let crlf = Self.canonicalSource.replacingOccurrences(of: "\n", with: "\r\n")
        let path = try directory.write(Data([0xEF, 0xBB, 0xBF] + Array(crlf.utf8)), to: "crlf.bramble")

        let run = runCLI(["fmt", "--check", path])

        #expect(run.status == .findings)
        #expect(run.error.contains("it starts with a byte order mark and it has CRLF line endings"))
        #expect(run.output.isEmpty)
    }

    // MARK: Write

    @Test func writeLeavesCanonicalFileUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.canonicalSource, to: "small.bramble")
        let before = try ageFile(path)
        let inode = try number(.systemFileNumber, of: path)

        let run = runCLI(["fmt", "--write", path])

        #expect(run.status == .success)
        #expect(run.output.isEmpty)
        #expect(try attributes(path)[.modificationDate] as? Date == before)
        #expect(try number(.systemFileNumber, of: path) == inode)
    }

    @Test func writeRewritesMessyFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.messySource, to: "messy.bramble")
        let before = try ageFile(path)

        let run = runCLI(["fmt", "--write", path])

        #expect(run.status == .success)
        #expect(run.output.isEmpty)
        #expect(try contents(path) == Data(Self.canonicalSource.utf8))
        #expect(try attributes(path)[.modificationDate] as? Date != before)
        #expect(try directory.entries() == ["messy.bramble"])
    }

    @Test func writeKeepsPermissions() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.messySource, to: "messy.bramble")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)

        let run = runCLI(["fmt", "--write", path])

        #expect(run.status == .success)
        #expect(try number(.posixPermissions, of: path) == 0o640)
    }

    @Test func writeFollowsSymbolicLink() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write(Self.messySource, to: "target.bramble")
        let link = directory.path("link.bramble")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let run = runCLI(["fmt", "--write", link])

        #expect(run.status == .success)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try contents(target) == Data(Self.canonicalSource.utf8))
    }

    @Test func writeFormatsEveryFile() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write(Self.messySource, to: "a.bramble")
        let second = try directory.write(Self.messySource, to: "b.bramble")

        let run = runCLI(["fmt", "--write", first, second])

        #expect(run.status == .success)
        #expect(try contents(first) == Data(Self.canonicalSource.utf8))
        #expect(try contents(second) == Data(Self.canonicalSource.utf8))
    }

    // MARK: Syntax errors

    @Test func syntaxErrorRejected() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.syntaxErrorSource, to: "broken.bramble")

        let run = runCLI(["fmt", path])

        #expect(run.status == .invalidInput)
        #expect(run.output.isEmpty)
        #expect(run.error.contains("\(path):1:6: error: string has no closing quote"))
        #expect(run.error.contains("\(path) has 1 syntax error, so it is left unformatted"))
    }

    @Test func writeSkipsBrokenFile() throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write(Self.syntaxErrorSource, to: "broken.bramble")
        let messy = try directory.write(Self.messySource, to: "messy.bramble")

        let run = runCLI(["fmt", "--write", broken, messy])

        #expect(run.status == .invalidInput)
        #expect(try contents(broken) == Data(Self.syntaxErrorSource.utf8))
        #expect(try contents(messy) == Data(Self.canonicalSource.utf8))
    }

    @Test func semanticErrorsFormatted() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("1 \"Goal\"\n    likelihood likley\n", to: "semantic.bramble")

        let run = runCLI(["fmt", path])

        #expect(run.status == .success)
        #expect(run.output == "1 \"Goal\"\n  likelihood likley\n")
    }

    // MARK: Renumbering

    static let misnumberedSource = "1 or \"Goal\"\n  1.2 \"A\"\n    likelihood rare\n  1.1 and \"B\"\n    use 1.2\n    \"C\"\n      likelihood rare\n"
    static let renumberedSource = "1 or \"Goal\"\n  1.1 \"A\"\n    likelihood rare\n  1.2 and \"B\"\n    use 1.1\n    1.2.1 \"C\"\n      likelihood rare\n"

    @Test func renumberPrintsText() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.misnumberedSource, to: "tree.bramble")

        let run = runCLI(["fmt", "--renumber", path])

        #expect(run.status == .success)
        #expect(run.output == Self.renumberedSource)
        #expect(try contents(path) == Data(Self.misnumberedSource.utf8))
    }

    @Test func renumberWritesMapAndFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.misnumberedSource, to: "tree.bramble")
        let map = directory.path("renames.txt")

        let run = runCLI(["fmt", "--renumber", "--write", "--rename-map", map, path])

        #expect(run.status == .success)
        #expect(try contents(path) == Data(Self.renumberedSource.utf8))
        let mapText = try String(contentsOfFile: map, encoding: .utf8)
        #expect(mapText == "# bramble rename map: old id -> new id\n1.1 -> 1.2\n1.2 -> 1.1\n")
        #expect(try RenameMap.parse(mapText) == [NodeID([1, 1]): NodeID([1, 2]), NodeID([1, 2]): NodeID([1, 1])])
    }

    @Test func renumberCheckFindsOldIDs() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.misnumberedSource, to: "tree.bramble")

        let run = runCLI(["fmt", "--renumber", "--check", path])

        #expect(run.status == .findings)
        #expect(run.output.contains("\n-  1.2 \"A\"\n"))
    }

    @Test("Conflicting options are usage errors", arguments: [
        (["--write", "--check"], "--write and --check exclude each other"),
        (["--rename-map", "map.txt"], "--rename-map needs --renumber"),
        (["--renumber", "--check", "--rename-map", "map.txt"], "--rename-map writes a file, but --check changes no file"),
    ])
    func conflictingOptionsRejected(options: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.messySource, to: "messy.bramble")

        let run = runCLI(["fmt"] + options + [path])

        #expect(run.status == .usage)
        #expect(run.error.contains(message))
        #expect(try directory.entries() == ["messy.bramble"])
    }

    @Test func renameMapTakesOneFile() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write(Self.messySource, to: "a.bramble")
        let second = try directory.write(Self.messySource, to: "b.bramble")

        let run = runCLI(["fmt", "--renumber", "--write", "--rename-map", directory.path("map.txt"), first, second])

        #expect(run.status == .usage)
        #expect(run.error.contains("--rename-map takes one file, but 2 were given"))
    }

    @Test func helpListsFmt() {
        let run = runCLI(["--help"])
        let commandHelp = runCLI(["fmt", "--help"])

        #expect(run.output.contains("  fmt      Format trees in canonical layout"))
        #expect(commandHelp.status == .success)
        #expect(commandHelp.output.contains("--rename-map PATH"))
    }
}
