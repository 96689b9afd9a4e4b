import Foundation

/// Locations of the project's files and of the shared fixture folder that sits beside the
/// checkout (reference inputs, conformance suites, benchmark models).
public enum SharedFixtures {
    /// The package root, found from this file's own path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The shared fixture folder: `BRAMBLE_SHARED` when set, otherwise the folder `shared` beside the
    /// package root.
    public static var sharedRoot: URL {
        if let override = ProcessInfo.processInfo.environment["BRAMBLE_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// Whether tests that read the shared folder should run. They always run under `CI=true`,
    /// so that a missing folder fails there instead of being skipped.
    public static var enabled: Bool {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        return FileManager.default.fileExists(atPath: sharedRoot.path)
    }

    /// Returns the URL of `relativePath` inside the shared folder, or throws an error that names
    /// where the folder was expected and how to point the tests at it.
    public static func url(_ relativePath: String) throws -> URL {
        let url = sharedRoot.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(path: url.path)
        }
        return url
    }
}

/// The error thrown when a shared fixture is missing.
public struct MissingFixture: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "shared fixture not found: \(path). Place the shared folder beside the checkout "
            + "or set BRAMBLE_SHARED to its path."
    }
}
