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

    init(_ text: String, name: String, seed: UInt64 = 1, only: [String] = [], threads: Int = DerivationChecker.defaultThreads,
         options base: CheckOptions = CheckOptions(), cache: inout VerdictCache?) {
        let (file, parseDiagnostics) = DrvParser.parse(text: text, name: name)
        var input = parseDiagnostics
        if !parseDiagnostics.contains(where: { $0.severity == .error }) {
            input += SortChecker.analyze(file).diagnostics
        }
        var options = base
        options.seed = seed
        options.only = only
        let checker = DerivationChecker(options: options, threads: threads)
        if var stored = cache.take() {
            result = checker.check(file, inputDiagnostics: input, cache: &stored)
            cache = stored
        } else {
            result = checker.check(file, inputDiagnostics: input)
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

    /// Chains that take a second or more in debug builds.
    static let slowChains: Set<String> = [
        "GRAM-5 Cauchy-Binet n x k", "RMS-11 J12", "RMS-11 J21", "DIM-2 marginalisation", "DROP-3 the argmin is the model average",
        "DIM-7 it is a maximum", "MOM-8 beta < 1", "GRAM-5 Gram determinants are nonnegative",
    ]

    /// The chains checked: every chain in release builds; in debug builds (to keep the suite
    /// to seconds) every fourth chain of a derivation, without the slow ones, and every chain
    /// of an erratum.
    static func chains(of text: String, path: String) -> [String] {
        #if DEBUG
        guard !path.contains("errata") else { return [] }
        let names = DrvParser.parse(text: text, name: path).0.chains.map { $0.name.value }
        return names.enumerated().filter { $0.offset % 4 == 0 && !slowChains.contains($0.element) }.map { $0.element }
        #else
        return []
        #endif
    }

    @Test("a warm cache reuses every cacheable step and prints the same bytes as no cache", arguments: files)
    func warmEqualsUncached(path: String) throws {
        let text = try Repository.text(path)
        let only = Self.chains(of: text, path: path)
        var none: VerdictCache?
        let uncached = CachedRun(text, name: path, only: only, cache: &none)
        var cache: VerdictCache? = VerdictCache()
        let cold = CachedRun(text, name: path, only: only, cache: &cache)
        let coldStats = try #require(cache?.statistics)
        #expect(cold.output == uncached.output, "\(path): the cold cached run differs")
        #expect(coldStats.reused == 0 && coldStats.steps == uncached.result.stepCount)
        // Through the file format, as `verify --cache` does.
        let bytes = try #require(cache?.encoded())
        cache = try VerdictCache(decoding: bytes)
        let warm = CachedRun(text, name: path, only: only, cache: &cache)
        let warmStats = try #require(cache?.statistics)
        #expect(warm.output == uncached.output, "\(path): the warm cached run differs")
        #expect(warmStats.reused == coldStats.recorded, "\(path): \(warmStats) after \(coldStats)")
        #expect(warmStats.recorded == 0 && warmStats.uncacheable == coldStats.uncacheable)
        // Derivations: every step is cacheable (none is undecided or hit a limit).
        if !path.contains("errata") { #expect(coldStats.uncacheable == 0, "\(path): \(coldStats)") }
        // The file written back is byte-identical.
        #expect(cache?.encoded() == bytes)
    }

    /// `text` with `insertion` added at the end of the expression of step `step` of chain
    /// `chain` (0-based); that chain's name; and the names of it and the first and last chains
    /// (the chains the test checks).
    static func editing(_ text: String, chain: Int, step: Int, insertion: String) -> (String, String, [String]) {
        let (file, _) = DrvParser.parse(text: text, name: "edit")
        let c = file.chains[chain]
        let offset = c.steps[step].rhs.range.upperBound
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: Array(insertion.utf8), at: offset)
        let names = file.chains.map { $0.name.value }
        let checked = Set([names[0], c.name.value, names[names.count - 1]])
        return (String(decoding: bytes, as: UTF8.self), c.name.value, names.filter { checked.contains($0) })
    }

    @Test("editing one step re-checks only it and the next step of its chain",
          arguments: [("derivations/vae-mi.drv", 0, 0), ("derivations/vae-mi.drv", 1, 1), ("derivations/errata/gram-det-e5-sign.drv", 0, 0)])
    func editOneStep(path: String, chain: Int, step: Int) throws {
        let original = try Repository.text(path)
        let (edited, chainName, only) = Self.editing(original, chain: chain, step: step, insertion: " + 0")
        var cache: VerdictCache? = VerdictCache()
        _ = CachedRun(original, name: path, only: only, cache: &cache)
        let before = try #require(cache?.statistics)
        let warm = CachedRun(edited, name: path, only: only, cache: &cache)
        var none: VerdictCache?
        let uncached = CachedRun(edited, name: path, only: only, cache: &none)
        #expect(warm.output == uncached.output)
        let after = try #require(cache?.statistics)
        let checked = (after.recorded - before.recorded) + (after.uncacheable - before.uncacheable)
        let members = uncached.result.chains.filter { $0.name == chainName }.count
        let steps = try #require(uncached.result.chains.first { $0.name == chainName }?.steps.count)
        let expected = members * (step + 1 < steps ? 2 : 1)
        #expect(checked == expected, "re-checked \(checked) steps, expected \(expected)")
        #expect(after.reused - before.reused == uncached.result.stepCount - checked)
        #expect(uncached.result.chains.count > members || only.count == 1)
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

    static let key = String(repeating: "a", count: 64)
    static let header = "stepwise-verdict-cache \(VerdictCache.formatVersion)\n"
    static let duplicate: String = header + String(repeating: String(repeating: "b", count: 64) + " 1\nx\n", count: 2)
    static let malformedFiles: [(String, VerdictCacheError)] = [
        ("", .notACache),
        ("hello\n", .notACache),
        ("stepwise-verdict-cache 99\n", .unsupportedVersion("99")),
        (header + "zz 3\nabc\n", .malformedFile("bad entry header at byte 25")),
        (header + key + " 10\nabc\n", .malformedFile("bad entry header at byte 25")),
        (header + key + " 3\nabcd", .malformedFile("entry at byte 25 is cut short")),
        (header + key + " -1\n\n", .malformedFile("bad entry header at byte 25")),
        (header + key, .malformedFile("unterminated entry header at byte 25")),
        (duplicate, .malformedFile("duplicate key " + String(repeating: "b", count: 64))),
    ]

    @Test("malformed cache files throw a typed error", arguments: malformedFiles)
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
                                            Diagnostic(.note, .sampledSizes, "", at: nil)],
                              algebraWork: 1_234_567)
        let decoded = try CachedStep(decoding: step.encoded())
        #expect(decoded == step)
        #expect(decoded.evidence.maxDeviation?.sign == .minus)
        // Ranges that could not have been stored (negative, huge) are corrupt, not moved.
        for bad in ["i-1;i3;", "i0;i\(Int.max);"] {
            let text = String(decoding: step.encoded(), as: UTF8.self).replacingOccurrences(of: "i0;i3;", with: bad)
            #expect(throws: VerdictCacheError.self) { try CachedStep(decoding: Array(text.utf8)) }
        }
        // Truncated payloads throw, never trap.
        let bytes = step.encoded()
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: VerdictCacheError.self) { try CachedStep(decoding: Array(bytes[..<cut])) }
        }
    }

    static func fields(_ value: Any) -> Int { Mirror(reflecting: value).children.count }

    static let fieldCountTable: [(String, Int, Int)] = {
        let counterexample = Counterexample(assignment: [], lhsValue: "", rhsValue: "", isExact: false)
        let order = ConvergenceOrder(steps: [1, 0.5, 0.25], errors: [1, 0.5, 0.25]).map { fields($0) } ?? 0
        let stepResult = StepResult(index: 1, relation: .equal, lhs: .integer(0), rhs: .integer(0), orderTerm: nil, hints: [],
                                    range: SourceRange(0, 0), verdict: .proved, evidence: Evidence())
        let cached = CachedStep(orderTerm: nil, hints: [], verdict: .proved, evidence: Evidence(), instances: [], diagnostics: [])
        return [
            ("Evidence", fields(Evidence()), CachedStep.evidenceFieldCount),
            ("Counterexample", fields(counterexample), 5),
            ("InstanceCheck", fields(InstanceCheck(instance: "", verdict: .proved, summary: "")), 3),
            ("Diagnostic", fields(Diagnostic(.note, .unsupported, "", at: nil)), 5),
            ("Note", fields(Note("")), 2),
            ("ConvergenceOrder", order, 8),
            ("StepResult", fields(stepResult), 10),
            ("CachedStep", fields(cached), 7),
        ]
    }()

    /// Field counts of the types the payload codec writes by hand: a field added to one of
    /// them must be added to `CachedStep` (or the hit path of the checker) too.
    @Test("the codec covers every stored field", arguments: fieldCountTable)
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
