// Invalid inputs beside their exact expected diagnostics, like Mathlib's `#guard_msgs`.
import Foundation
import Proofs
import Symbolic
import Testing

@Suite("invalid .drv fixtures")
struct FixtureTests {
    static let names = RepositoryPaths.names(in: RepositoryPaths.invalidFixtures, withExtension: "drv")

    @Test("there are fixtures")
    func fixturesExist() {
        #expect(FixtureTests.names.count >= 40)
    }

    /// Parses and sort-checks `Fixtures/invalid/NAME.drv` and compares the plain rendering
    /// (with IDs) to `NAME.expected`; `UPDATE_EXPECTED=1` rewrites the expected file.
    @Test("fixture diagnostics", arguments: FixtureTests.names)
    func fixture(name: String) throws {
        let directory = RepositoryPaths.invalidFixtures
        let bytes = try #require(RepositoryPaths.bytes(directory.appendingPathComponent(name + ".drv")))
        let result = FrontEnd.analyze(bytes: bytes, name: name + ".drv")
        let rendered = DiagnosticRenderer(file: result.file, options: DiagnosticRenderer.Options(showsIDs: true))
            .render(result.diagnostics)
        #expect(!result.diagnostics.isEmpty, "an invalid fixture must produce at least one diagnostic")
        let expectedURL = directory.appendingPathComponent(name + ".expected")
        if isUpdatingExpectedFiles {
            try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: expectedURL, encoding: .utf8) else {
            Issue.record("missing \(name).expected; run with UPDATE_EXPECTED=1 and review it")
            return
        }
        #expect(rendered == expected, "\(name).expected differs:\n\(lineDiff(expected: expected, actual: rendered))")
    }
}
