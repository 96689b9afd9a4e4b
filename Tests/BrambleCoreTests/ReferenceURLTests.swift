import BrambleCore
import Foundation
import Testing

/// URLs of the plain shape most references have are checked byte by byte, and the rest are
/// parsed with `URLComponents`. A URL must be accepted exactly when `URLComponents` finds a
/// host in it, whichever way it is checked.
@Suite struct ReferenceURLTests {
    static let urls = [
        "https://example.com", "http://example.com/", "https://security.example.com/advisories/2027-397#impact",
        "https://a.b-c.d:8443/path/to/page?x=1&y=2;z=3#top", "https://example.com/%41%7e",
        "https://example.com/%4", "https://example.com/%zz", "https://example.com/a#b#c",
        "https://example.com:", "https://example.com:123456", "https:///path", "https://:80/x",
        "http://user@example.com/", "https://exa_mple.com/", "https://example.com/a[1]",
        "https://[::1]:8080/x", "https://example.com/caf\u{E9}", "https://ex\u{E4}mple.com/",
        "https://example.com/a|b", "https://example.com/a^b", "https://example.com/~user/(1)!$*+'",
        "https://example.com?q", "https://example.com#frag", "https://example.com/a\\b",
        "http://-.com", "https://example.com/a{b}", "https://example.com/<x>",
    ]

    static func acceptedByURLComponents(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        return !host.isEmpty
    }

    @Test(arguments: urls) func acceptedAsURLComponentsAccepts(_ url: String) {
        let text = """
        1 "Goal"
          impact 1
          likelihood 0.5
          ref \(url)
        """
        let (tree, diagnostics) = Checker.check(SourceFile(path: "refs.bramble", text: text), today: "2026-01-01")
        let rejected = diagnostics.items.contains { $0.code == .invalidReference }
        #expect(rejected == !Self.acceptedByURLComponents(url), "\(url)")
        if !rejected { #expect(tree?.goal.references.map(\.text) == [url]) }
    }
}
