import BrambleCore
import BrambleInterchange
import Foundation
import TestSupport

/// Reads benchmark models from the shared fixture folder.
enum Models {
    /// Returns the inputs of a benchmark model: its files in the folder `benchmarks/open-psa`.
    static func inputs(_ names: [String]) throws -> [InterchangeInput] {
        try names.map { name in
            let url = try SharedFixtures.url("benchmarks/open-psa/\(name)")
            return InterchangeInput(path: url.path, bytes: [UInt8](try Data(contentsOf: url)))
        }
    }

    /// Imports a benchmark model.
    static func imported(_ names: [String]) throws -> OpenPSAImport {
        try OpenPSAImporter.importTree(inputs(names))
    }
}

/// Imports MEF text written in a test, as the file `name`.
func importXML(_ xml: String, name: String = "model.xml", top: String? = nil) throws -> OpenPSAImport {
    try OpenPSAImporter.importTree([InterchangeInput(path: name, bytes: Array(xml.utf8))], top: top)
}

/// Returns the message of the error that importing `xml` throws, or nil when it succeeds.
func importError(_ xml: String, name: String = "model.xml", top: String? = nil) -> String? {
    do {
        _ = try importXML(xml, name: name, top: top)
        return nil
    } catch let error as InterchangeError {
        return error.message
    } catch {
        return "\(error)"
    }
}

/// Checks Bramble source text that a test wrote, and returns the tree.
func checkedTree(_ text: String) throws -> AttackTree {
    let result = Checker.check(SourceFile(path: "test.bramble", text: text))
    guard let tree = result.tree else {
        throw TreeErrors(messages: result.diagnostics.sorted.map(\.message))
    }
    return tree
}

/// The errors of a tree a test wrote.
struct TreeErrors: Error {
    let messages: [String]
}

/// Wraps gate and event definitions in an `<opsa-mef>` document with one fault tree.
func mef(_ body: String) -> String {
    """
    <?xml version="1.0"?>
    <opsa-mef>
      <define-fault-tree name="Test">
    \(body)
      </define-fault-tree>
    </opsa-mef>

    """
}
