// Every real derivation verifies; every erratum is refuted.
import Foundation
import Testing
@testable import Proofs
@testable import Symbolic

/// Paths of the repository, found from this file's location.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func drvFiles(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".drv") }.sorted().map { "\(folder)/\($0)" }
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }
}

/// Parses, sort-checks and checks a file's text.
func checkText(_ text: String, name: String, seed: UInt64 = 0, only: [String] = []) -> FileCheckResult {
    let (file, parseDiagnostics) = DrvParser.parse(text: text, name: name)
    var diagnostics = parseDiagnostics
    if !parseDiagnostics.contains(where: { $0.severity == .error }) {
        diagnostics += SortChecker.analyze(file).diagnostics
    }
    var options = CheckOptions()
    options.seed = seed
    options.only = only
    return DerivationChecker(options: options).check(file, inputDiagnostics: diagnostics)
}

func describeFailures(_ r: FileCheckResult) -> String {
    let renderer = DiagnosticRenderer(file: r.file)
    return renderer.render(DiagnosticRenderer.sorted(r.diagnostics))
}

@Suite("corpus")
struct CorpusTests {
    @Test("every derivation in derivations/ verifies", arguments: Repository.drvFiles(in: "derivations"))
    func verifies(path: String) throws {
        let r = checkText(try Repository.text(path), name: path)
        let steps = r.stepCount, holds = r.holds
        #expect(steps > 0, "\(path) checked no steps")
        #expect(holds, "\(path):\n\(describeFailures(r))")
    }

    @Test("every erratum in derivations/errata/ is refuted", arguments: Repository.drvFiles(in: "derivations/errata"))
    func refuted(path: String) throws {
        let r = checkText(try Repository.text(path), name: path)
        let inputErrors = r.hasInputErrors
        #expect(!inputErrors, "\(path) has input errors:\n\(describeFailures(r))")
        let refutedSteps = r.chains.flatMap(\.steps).filter { $0.verdict == .refuted }
        #expect(!refutedSteps.isEmpty, "\(path) was not refuted:\n\(TextReport().render(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency }, "\(path): \(describeFailures(r))")
    }

    @Test("the corpus verifies under other seeds", arguments: [1, 7, 12345] as [UInt64])
    func otherSeeds(seed: UInt64) throws {
        for path in Repository.drvFiles(in: "derivations") {
            let r = checkText(try Repository.text(path), name: path, seed: seed)
            let holds = r.holds
            #expect(holds, "\(path) with seed \(seed):\n\(describeFailures(r))")
        }
    }
}

@Suite("language reference examples")
struct DocumentationExampleTests {
    @Test("every example in docs/examples verifies", arguments: Repository.drvFiles(in: "docs/examples"))
    func verifies(path: String) throws {
        let r = checkText(try Repository.text(path), name: path)
        let inputErrors = r.hasInputErrors, holds = r.holds
        #expect(!inputErrors, "\(describeFailures(r))")
        #expect(holds, "\(path):\n\(describeFailures(r))")
    }
}

@Suite("determinism")
struct DeterminismTests {
    /// The fuzzer found this file's counterexample values changing between runs: evaluators
    /// memoised node identities of derivatives built on the fly and freed, whose addresses
    /// were then reused by other nodes. Reruns in one process must render identically.
    @Test("a step with several unevaluated derivatives renders identically on every rerun")
    func unevaluatedDerivatives() throws {
        let path = "derivations/errata/rmsprop-f3-kramers.drv"
        let text = try Repository.text(path)
        let first = TextReport().render(checkText(text, name: path))
        for _ in 0..<8 {
            let again = TextReport().render(checkText(text, name: path))
            #expect(again == first)
        }
    }
}
