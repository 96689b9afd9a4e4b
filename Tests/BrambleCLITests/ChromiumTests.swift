import Foundation
import Testing
import TestSupport

/// Opens the HTML plan in headless Chromium, as a reader's browser would: the page must
/// render (a screenshot is taken), show the expected headings, and run no script from the
/// tree's text. Under CI=true a missing browser fails the test; elsewhere the test is skipped.
@Suite(.enabled(if: Chromium.enabled, "chromium is not installed; run 'make deps' to install it"))
struct ChromiumTests {
    @Test func registryPlanRendersWithItsHeadings() throws {
        let directory = try TemporaryDirectory()
        let page = directory.path("registry.html")
        let run = runCLI(["report", RegistryTree.url.path, "--format", "html", "-o", page])
        #expect(run.status == .success, "\(run.error)")

        let result = try Chromium.load(page, in: directory)

        for heading in ["Remediation plan: Compromise the container registry", "Summary", "The plan: what to fix first",
                        "Controls to keep", "The riskiest attacks", "High-risk steps with no mitigation",
                        "Accepted risks", "Diagram", "Appendix: every node"] {
            #expect(result.dom.contains(">\(heading)</h"), "heading \(heading) missing from the rendered page")
        }
        #expect(result.dom.contains("<svg"))
        #expect(result.screenshot.count > 20_000, "screenshot has only \(result.screenshot.count) bytes")
        #expect(result.screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func scriptsInTitlesAreShownNotRun() throws {
        let directory = try TemporaryDirectory()
        let tree = try directory.write(hostileReportTreeSource, to: "hostile.bramble")
        let page = directory.path("hostile.html")
        let run = runCLI(["report", tree, "--format", "html", "-o", page])
        #expect(run.status == .success, "\(run.error)")

        let result = try Chromium.load(page, in: directory)

        // Each script would set this attribute on the body; the titles' text shows the
        // attribute name only inside quotes.
        #expect(!result.dom.contains("data-ran=\""), "a script from the tree ran")
        #expect(result.dom.contains("&lt;script&gt;document.body.setAttribute('data-ran', 'step')&lt;/script&gt;"))
        #expect(result.dom.contains("&lt;img src=x onerror="))
        #expect(result.dom.contains("Remediation plan: &lt;script&gt;"))
        #expect(result.screenshot.count > 5_000)
    }
}

/// Runs Debian's `chromium` headless on a local file.
enum Chromium {
    static let executable = "/usr/bin/chromium"

    /// Whether the tests run: always under CI=true, so that a missing browser fails there.
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" || FileManager.default.isExecutableFile(atPath: executable)
    }

    struct Result {
        /// The DOM after the page's scripts ran, serialised as HTML.
        let dom: String
        let screenshot: Data
    }

    /// Loads `page` once with a fresh profile folder inside `directory`, printing the DOM and
    /// taking a screenshot in the same run.
    static func load(_ page: String, in directory: TemporaryDirectory) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BinaryRunnerError(description: "\(executable) is missing; the HTML report test needs Debian's chromium package ('make deps' installs it)")
        }
        let url = URL(fileURLWithPath: page).absoluteString
        let shot = directory.path("page.png")
        let dom = try run(["--dump-dom", "--screenshot=\(shot)", "--window-size=1200,1600", url], profile: directory.path("profile"))
        let screenshot = try Data(contentsOf: URL(fileURLWithPath: shot))
        return Result(dom: String(decoding: dom, as: UTF8.self), screenshot: screenshot)
    }

    /// Runs chromium and returns what it wrote to standard output. Exit is awaited with a
    /// termination handler and a semaphore; a run longer than a minute is killed.
    static func run(_ arguments: [String], profile: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // As root, Chromium starts only without its sandbox.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--user-data-dir=\(profile)"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let errorReader = PipeReader(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errorReader.wait(), as: UTF8.self)
        guard exited.wait(timeout: .now() + 60) == .success else {
            process.terminate()
            throw BinaryRunnerError(description: "chromium did not finish within 60 s")
        }
        guard process.terminationStatus == 0 else {
            throw BinaryRunnerError(description: "chromium exited with status \(process.terminationStatus): \(errorText.suffix(2000))")
        }
        return data
    }
}
