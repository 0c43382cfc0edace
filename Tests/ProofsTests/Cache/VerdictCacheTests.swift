// The verdict cache: reports identical with and without it, hits after edits elsewhere,
// misses after any change a check can read, and a file format that never traps.
import Foundation
import Testing
@testable import Proofs
import Symbolic

/// One check of a file's text, with or without a cache, and everything it prints.
struct CachedRun {
    var result: FileCheckResult
    /// The text report, the JSON report and the rendered diagnostics.
    var text: String
    var json: String
    var diagnostics: String

    init(_ text: String, name: String, seed: UInt64 = 1, cache: inout VerdictCache?) {
        let (file, parseDiagnostics) = DrvParser.parse(text: text, name: name)
        var input = parseDiagnostics
        if !parseDiagnostics.contains(where: { $0.severity == .error }) {
            input += SortChecker.analyze(file).diagnostics
        }
        var options = CheckOptions()
        options.seed = seed
        if var stored = cache.take() {
            result = DerivationChecker(options: options).check(file, inputDiagnostics: input, cache: &stored)
            cache = stored
        } else {
            result = DerivationChecker(options: options).check(file, inputDiagnostics: input)
        }
        self.text = TextReport(color: false).render(result)
        self.json = JSONReport.render([result])
        self.diagnostics = DiagnosticRenderer(file: file).render(DiagnosticRenderer.sorted(result.diagnostics))
    }

    /// Everything printed, for byte comparison.
    var output: String { text + "\u{0}" + json + "\u{0}" + diagnostics }
}

@Suite("verdict cache")
struct VerdictCacheTests {
    /// The files checked with and without the cache: every derivation, and the errata that
    /// are quick in debug builds (every erratum in release builds).
    static let files: [String] = {
        #if DEBUG
        let errata = ["dropout-e2-first-order", "f-gan-e4-conjugate-domain", "gan-qp-e4-factor-two", "gram-det-e5-sign",
                      "infomax-e2-eq11", "rmsprop-e2-finite-time", "lipschitz-e6-batchnorm", "vae-mi-e4-prior-in-eq2"]
            .map { "derivations/errata/\($0).drv" }
        #else
        let errata = Repository.drvFiles(in: "derivations/errata")
        #endif
        return Repository.drvFiles(in: "derivations") + errata
    }()

    @Test("a warm cache reuses every cacheable step and prints the same bytes as no cache", arguments: files)
    func warmEqualsUncached(path: String) throws {
        let text = try Repository.text(path)
        var none: VerdictCache?
        let uncached = CachedRun(text, name: path, cache: &none)
        var cache: VerdictCache? = VerdictCache()
        let cold = CachedRun(text, name: path, cache: &cache)
        let coldStats = try #require(cache?.statistics)
        #expect(cold.output == uncached.output, "\(path): the cold cached run differs")
        #expect(coldStats.reused == 0 && coldStats.steps == uncached.result.stepCount)
        // Through the file format, as `verify --cache` does.
        let bytes = try #require(cache?.encoded())
        cache = try VerdictCache(decoding: bytes)
        let warm = CachedRun(text, name: path, cache: &cache)
        let warmStats = try #require(cache?.statistics)
        #expect(warm.output == uncached.output, "\(path): the warm cached run differs")
        #expect(warmStats.reused == coldStats.recorded, "\(path): \(warmStats) after \(coldStats)")
        #expect(warmStats.recorded == 0 && warmStats.uncacheable == coldStats.uncacheable)
        // Derivations: every step is cacheable (none is undecided or hit a limit).
        if !path.contains("errata") { #expect(coldStats.uncacheable == 0, "\(path): \(coldStats)") }
        // The file written back is byte-identical.
        #expect(cache?.encoded() == bytes)
    }

    /// The text of `path` with `insertion` added at the end of step `step` of chain `chain`'s
    /// expression (0-based), and that step's chain name.
    static func editing(_ text: String, chain: Int, step: Int, insertion: String) -> (String, String) {
        let (file, _) = DrvParser.parse(text: text, name: "edit")
        let c = file.chains[chain]
        let offset = c.steps[step].rhs.range.upperBound
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: Array(insertion.utf8), at: offset)
        return (String(decoding: bytes, as: UTF8.self), c.name.value)
    }

    @Test("editing one step re-checks only it and the next step of its chain",
          arguments: [("derivations/infomax.drv", 2, 0), ("derivations/vae-mi.drv", 0, 0), ("derivations/errata/gram-det-e5-sign.drv", 0, 0)])
    func editOneStep(path: String, chain: Int, step: Int) throws {
        let original = try Repository.text(path)
        var cache: VerdictCache? = VerdictCache()
        _ = CachedRun(original, name: path, cache: &cache)
        let (edited, chainName) = Self.editing(original, chain: chain, step: step, insertion: " + 0")
        let before = try #require(cache?.statistics)
        let warm = CachedRun(edited, name: path, cache: &cache)
        var none: VerdictCache?
        let uncached = CachedRun(edited, name: path, cache: &none)
        #expect(warm.output == uncached.output)
        let after = try #require(cache?.statistics)
        let checked = (after.recorded - before.recorded) + (after.uncacheable - before.uncacheable)
        let members = uncached.result.chains.filter { $0.name == chainName }.count
        let steps = try #require(uncached.result.chains.first { $0.name == chainName }?.steps.count)
        let expected = members * (step + 1 < steps ? 2 : 1)
        #expect(checked == expected, "re-checked \(checked) steps, expected \(expected)")
        #expect(after.reused - before.reused == uncached.result.stepCount - checked)
    }

    @Test("moving everything (a comment and blank lines at the top) re-checks nothing; diagnostics move along")
    func movedText() throws {
        let path = "derivations/errata/gan-qp-e4-factor-two.drv"
        let original = try Repository.text(path)
        var cache: VerdictCache? = VerdictCache()
        _ = CachedRun(original, name: path, cache: &cache)
        let moved = "# moved\n\n\n" + original
        let before = try #require(cache?.statistics)
        let warm = CachedRun(moved, name: path, cache: &cache)
        var none: VerdictCache?
        let uncached = CachedRun(moved, name: path, cache: &none)
        #expect(warm.output == uncached.output)
        let after = try #require(cache?.statistics)
        #expect(after.recorded == before.recorded)
        #expect(after.reused - before.reused == before.recorded)
    }

    /// The ways of changing what a check reads that must miss every cached step.
    enum Change: String, CaseIterable, Sendable {
        case seed, assumption, declaration, version, option
    }

    @Test("a change to the seed, an assumption, a declaration, the build or an option misses", arguments: Change.allCases)
    func invalidation(change: Change) throws {
        let path = "derivations/errata/gan-qp-e3-frozen-critic-gradient.drv"
        let original = try Repository.text(path)
        var cache: VerdictCache? = VerdictCache()
        let first = CachedRun(original, name: path, cache: &cache)
        let recorded = try #require(cache?.statistics.recorded)
        #expect(recorded > 0)
        var text = original
        var seed: UInt64 = 1
        var options = CheckOptions()
        options.seed = 1
        switch change {
        case .seed:
            seed = 2
        case .assumption:
            let assumption = try #require(first.result.file.assumptions.first)
            var bytes = Array(text.utf8)
            bytes.insert(contentsOf: Array(" + 0".utf8), at: assumption.rhs.range.upperBound)
            text = String(decoding: bytes, as: UTF8.self)
        case .declaration:
            text = "real unused_zz\n" + text
        case .version:
            cache = try VerdictCache(decoding: try #require(cache?.encoded()), toolIdentity: "another build")
        case .option:
            options.numericPoints += 1
        }
        let before = try #require(cache?.statistics)
        let (file, parse) = DrvParser.parse(text: text, name: path)
        var stored = try #require(cache)
        options.seed = seed
        let result = DerivationChecker(options: options).check(file, inputDiagnostics: parse + SortChecker.analyze(file).diagnostics,
                                                               cache: &stored)
        #expect(stored.statistics.reused == before.reused, "\(change): \(stored.statistics)")
        #expect(result.stepCount > 0)
    }

    @Test("the file's name is not part of the key")
    func fileNameIsNotRead() throws {
        let path = "derivations/errata/gan-qp-e4-factor-two.drv"
        let text = try Repository.text(path)
        var a: VerdictCache? = VerdictCache()
        var b: VerdictCache? = VerdictCache()
        _ = CachedRun(text, name: path, cache: &a)
        _ = CachedRun(text, name: "another/name.drv", cache: &b)
        // The file's name is not read by the check; the keys (and the whole file) agree.
        #expect(a?.encoded() == b?.encoded())
    }

    // MARK: - File format

    @Test("malformed cache files throw a typed error", arguments: [
        ("", VerdictCacheError.notACache),
        ("hello\n", .notACache),
        ("stepwise-verdict-cache 99\n", .unsupportedVersion("99")),
        ("stepwise-verdict-cache 1\nzz 3\nabc\n", .malformedFile("bad entry header at byte 25")),
        ("stepwise-verdict-cache 1\n" + String(repeating: "a", count: 64) + " 10\nabc\n", .malformedFile("bad entry header at byte 25")),
        ("stepwise-verdict-cache 1\n" + String(repeating: "a", count: 64) + " 3\nabcd", .malformedFile("entry at byte 25 is cut short")),
        ("stepwise-verdict-cache 1\n" + String(repeating: "a", count: 64) + " -1\n\n", .malformedFile("bad entry header at byte 25")),
        ("stepwise-verdict-cache 1\n" + String(repeating: "a", count: 64), .malformedFile("unterminated entry header at byte 25")),
        ("stepwise-verdict-cache 1\n" + String(repeating: String(repeating: "b", count: 64) + " 1\nx\n", count: 2),
         .malformedFile("duplicate key " + String(repeating: "b", count: 64))),
    ])
    func malformed(text: String, error: VerdictCacheError) {
        #expect(throws: error) { try VerdictCache(decoding: Array(text.utf8)) }
    }

    @Test("an entry whose payload does not decode is a miss, and is replaced")
    func corruptEntry() throws {
        let path = "derivations/errata/gan-qp-e4-factor-two.drv"
        let text = try Repository.text(path)
        var cache: VerdictCache? = VerdictCache()
        let reference = CachedRun(text, name: path, cache: &cache)
        let good = try #require(cache?.encoded())
        // Replace the first byte of every payload: each entry is framed correctly, decodes as a file,
        // and fails as a payload.
        var bytes = good
        var position = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 1
        var entries = 0
        while position < bytes.count {
            let lineEnd = try #require(bytes[position...].firstIndex(of: UInt8(ascii: "\n")))
            let length = try #require(Int(String(decoding: bytes[(position + 65) ..< lineEnd], as: UTF8.self)))
            bytes[lineEnd + 1] = UInt8(ascii: "?")
            position = lineEnd + 1 + length + 1
            entries += 1
        }
        #expect(entries > 0)
        cache = try VerdictCache(decoding: bytes)
        let again = CachedRun(text, name: path, cache: &cache)
        #expect(again.output == reference.output)
        let stats = try #require(cache?.statistics)
        #expect(stats.corrupt == entries && stats.reused == 0 && stats.recorded == entries)
        #expect(cache?.encoded() == good)
    }

    @Test("payloads round-trip exactly, including doubles' bit patterns and every optional")
    func payloadRoundTrip() throws {
        var evidence = Evidence()
        evidence.method = "canonical form"
        evidence.rules = ["a", "b:c"]
        evidence.assumedConditions = ["x > 0"]
        evidence.points = 20
        evidence.tolerance = 1e-9
        evidence.seed = UInt64.max
        evidence.maxDeviation = -0.0
        evidence.residual = "x\ny"
        evidence.margin = "0.1 at x = 2"
        evidence.errorBound = "2^-40"
        evidence.counterexample = Counterexample(assignment: [.init(name: "x", value: "1/2")], instance: "toy",
                                                 lhsValue: "1", rhsValue: "2", isExact: true)
        evidence.samples = ["toy: 1.0 ± 0.1"]
        evidence.notes = ["é ∑ s3:x"]
        let fit = try #require(ConvergenceOrder(steps: [0.1, 0.05, 0.025, 0.0125], errors: [1e-2, 2.6e-3, 6e-4, 1.6e-4]))
        evidence.convergence = [ConvergencePlot(title: "t", stepName: "h", claimedOrder: 2, fit: fit)]
        #expect(Mirror(reflecting: evidence.convergence[0]).children.count == 4, "ConvergencePlot gained a field the codec does not know")
        let step = CachedStep(orderTerm: "O(h^2) as h -> 0", hints: ["algebra", ""], verdict: .numeric, evidence: evidence,
                              instances: [InstanceCheck(instance: "toy", verdict: .sampled, summary: "ok")],
                              diagnostics: [Diagnostic(.warning, .sideConditionAssumed, "m", at: SourceRange(0, 3),
                                                       notes: [Note("n"), Note("r", at: SourceRange(1, 2))]),
                                            Diagnostic(.note, .sampledSizes, "", at: nil)])
        let decoded = try CachedStep(decoding: step.encoded())
        #expect(decoded == step)
        #expect(decoded.evidence.maxDeviation?.sign == .minus)
        // Truncated payloads throw, never trap.
        let bytes = step.encoded()
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: VerdictCacheError.self) { try CachedStep(decoding: Array(bytes[..<cut])) }
        }
    }

    /// Field counts of the types the payload codec writes by hand: a field added to one of
    /// them must be added to `CachedStep` (or the hit path of the checker) too.
    @Test("the codec covers every stored field", arguments: [
        ("Evidence", Mirror(reflecting: Evidence()).children.count, CachedStep.evidenceFieldCount),
        ("Counterexample", Mirror(reflecting: Counterexample(assignment: [], lhsValue: "", rhsValue: "", isExact: false)).children.count, 5),
        ("InstanceCheck", Mirror(reflecting: InstanceCheck(instance: "", verdict: .proved, summary: "")).children.count, 3),
        ("Diagnostic", Mirror(reflecting: Diagnostic(.note, .unsupported, "", at: nil)).children.count, 5),
        ("Note", Mirror(reflecting: Note("")).children.count, 2),
        ("ConvergenceOrder", Mirror(reflecting: ConvergenceOrder(steps: [1, 0.5, 0.25], errors: [1, 0.5, 0.25]) as Any).children.first
            .map { Mirror(reflecting: $0.value).children.count } ?? 0, 8),
        ("StepResult", Mirror(reflecting: StepResult(index: 1, relation: .equal, lhs: .integer(0), rhs: .integer(0), orderTerm: nil,
                                                     hints: [], range: SourceRange(0, 0), verdict: .proved,
                                                     evidence: Evidence())).children.count, 10),
        ("CachedStep", Mirror(reflecting: CachedStep(orderTerm: nil, hints: [], verdict: .proved, evidence: Evidence(),
                                                     instances: [], diagnostics: [])).children.count, 6),
    ])
    func fieldCounts(type: String, count: Int, expected: Int) {
        #expect(count == expected, "\(type) has \(count) stored fields; the cache codec knows \(expected)")
    }

    @Test("keys describe expressions injectively where text would not", arguments: [
        ("x + y", "x + (y)"), ("1/2", "2/4"),
    ])
    func sameExpressions(a: String, b: String) throws {
        // Structurally equal expressions describe equally; the description is of the tree.
        var da = CanonicalDescription(rangeMode: .omitted)
        var db = CanonicalDescription(rangeMode: .omitted)
        let ea = try Expr(parsing: a), eb = try Expr(parsing: b)
        da.expression(ea)
        db.expression(eb)
        #expect((da.bytes == db.bytes) == (ea == eb))
    }

    @Test("descriptions of different values differ", arguments: [
        ("x*y", "y*x"), ("x - y", "x + y"), ("f(x, y)", "f(y, x)"), ("E_{x ~ p}[x]", "E_{x ~ q}[x]"), ("2^3", "8"),
    ])
    func differentExpressions(a: String, b: String) throws {
        var da = CanonicalDescription(rangeMode: .omitted)
        var db = CanonicalDescription(rangeMode: .omitted)
        da.expression(try Expr(parsing: a))
        db.expression(try Expr(parsing: b))
        #expect(da.bytes != db.bytes)
    }
}
