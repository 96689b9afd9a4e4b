import BrambleCLI
import Foundation
import Testing

@Suite struct CheckCommandTests {
    /// The registry tree with the first `likelihood` attribute misspelt as `likelyhood`, and the
    /// 1-based line and column of the misspelt word.
    struct MisspeltTree {
        let text: String
        let line: Int
        let column: Int
    }

    static func misspeltRegistryTree() throws -> MisspeltTree {
        var lines = try RegistryTree.text().components(separatedBy: "\n")
        let index = try #require(lines.firstIndex {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("likelihood ")
        })
        let indentation = lines[index].prefix { $0 == " " }.count
        lines[index] = lines[index].replacingOccurrences(of: "likelihood", with: "likelyhood")
        return MisspeltTree(text: lines.joined(separator: "\n"), line: index + 1, column: indentation + 1)
    }

    /// Files in /proc report a size of 0 but have content, so reading one takes the path for a
    /// file that is larger than its reported size.
    @Test func readsFileLargerThanItsSize() {
        let run = runCLI(["check", "/proc/version"])

        #expect(run.status == .findings)
        #expect(run.error.contains("/proc/version:1:1: error: unknown keyword 'Linux'"), "\(run.error)")
    }

    @Test func registryTreeChecksClean() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let run = runCLI(["check", path])

        #expect(run.status == .success)
        #expect(run.error == "0 errors and 0 warnings found\n")
        #expect(run.output.isEmpty)
    }

    @Test func misspeltAttributeLocated() throws {
        let directory = try TemporaryDirectory()
        let tree = try Self.misspeltRegistryTree()
        let path = try directory.write(tree.text, to: "registry.bramble")

        let run = runCLI(["check", path])

        #expect(run.status == .findings)
        #expect(run.error.contains("\(path):\(tree.line):\(tree.column): error: unknown attribute 'likelyhood'"))
        #expect(run.error.contains("did you mean 'likelihood'?"))
        #expect(run.error.contains("[unknown-attribute]"))
        #expect(run.error.contains("1 error and"))
    }

    @Test func misspeltAttributeExcerptHasCaret() throws {
        let directory = try TemporaryDirectory()
        let tree = try Self.misspeltRegistryTree()
        let path = try directory.write(tree.text, to: "registry.bramble")

        let run = runCLI(["check", path])
        let lines = run.error.components(separatedBy: "\n")
        let excerpt = try #require(lines.firstIndex { $0.hasPrefix("\(tree.line) | ") && $0.contains("likelyhood") })
        let caretLine = lines[excerpt + 1]
        let gutter = "\(tree.line) | ".count

        #expect(caretLine.count == gutter + tree.column - 1 + "likelyhood".count)
        #expect(caretLine.hasSuffix("^" + String(repeating: "~", count: "likelyhood".count - 1)))
    }

    @Test func jsonDiagnosticsParse() throws {
        let directory = try TemporaryDirectory()
        let tree = try Self.misspeltRegistryTree()
        let path = try directory.write(tree.text, to: "registry.bramble")

        let run = runCLI(["check", "--format", "json", path])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.console.output)) as? [[String: Any]])
        let error = try #require(records.first { $0["code"] as? String == "unknown-attribute" })

        #expect(run.status == .findings)
        #expect(!records.isEmpty)
        for record in records {
            #expect(record["file"] is String)
            #expect(record["line"] is NSNumber)
            #expect(record["column"] is NSNumber)
            #expect(record["code"] is String)
            #expect(record["severity"] is String)
            #expect(record["message"] is String)
        }
        #expect(error["file"] as? String == path)
        #expect(error["line"] as? Int == tree.line)
        #expect(error["column"] as? Int == tree.column)
        #expect(error["severity"] as? String == "error")
        #expect((error["message"] as? String)?.contains("did you mean 'likelihood'?") == true)
    }

    @Test func jsonCleanTreeIsEmptyArray() throws {
        let directory = try TemporaryDirectory()
        let path = try RegistryTree.copy(into: directory)

        let run = runCLI(["check", "--format", "json", path])
        let records = try JSONSerialization.jsonObject(with: Data(run.console.output)) as? [Any]

        #expect(run.status == .success)
        #expect(records?.isEmpty == true)
    }

    @Test func jsonUnreadableFileRecord() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.bramble")

        let run = runCLI(["check", "--format", "json", path])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.console.output)) as? [[String: Any]])

        #expect(run.status == .inputNotFound)
        #expect(records.count == 1)
        #expect(records.first?["code"] as? String == "unreadable-file")
        #expect(records.first?["file"] as? String == path)
        #expect(records.first?["line"] is NSNull)
    }

    @Test func checkListsEveryFile() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write(invalidTreeSource, to: "first.bramble")
        let second = try directory.write(invalidTreeSource, to: "second.bramble")

        let run = runCLI(["check", first, second])

        #expect(run.status == .findings)
        #expect(run.error.contains("\(first):4:5: error:"))
        #expect(run.error.contains("\(second):4:5: error:"))
        #expect(run.error.contains("2 errors and"))
    }
}
