import Mustache
import TestSupport
import Testing

/// The Mustache specification's own tests, one test per specification file.
@Suite("Mustache specification")
struct ConformanceTests {
    @Test(
        "Specification file passes", .enabled(if: SharedFixtures.enabled),
        arguments: SpecSuite.files)
    func specificationFile(_ file: String) throws {
        let cases = try SpecSuite.cases(in: file)
        #expect(!cases.isEmpty, "\(file) has no test cases")
        for specCase in cases {
            SpecSuite.check(specCase)
        }
    }
}
