// Fuzzing the parser, the sort checker and the checker with mutated `.drv` text: no crash, no
// hang, every error located in the file, the same output twice.
import Foundation
import Testing
@testable import Proofs
@testable import Symbolic

/// The seed files of the fuzz corpus: the real derivations, the errata, the language
/// reference examples and the small hostile fixtures.
enum FuzzCorpus {
    /// Seeds whose mutants take tens of seconds each to check in a debug build (nested
    /// expectations by quadrature); left out of the CI corpus, kept in the long campaign.
    static let slowSeeds: Set<String> = ["docs/examples/vae-mi.drv"]

    static func seeds(includingSlow: Bool = false) throws -> [String] {
        var paths = Repository.drvFiles(in: "derivations") + Repository.drvFiles(in: "derivations/errata")
            + Repository.drvFiles(in: "docs/examples")
        paths += Repository.drvFiles(in: "Tests/ProofsTests/Fixtures/hostile")
        // Bytes, decoded leniently: a seed may be deliberately invalid UTF-8 (invalid-utf8.drv).
        return try paths.filter { includingSlow || !slowSeeds.contains($0) }.map { path in
            String(decoding: try Data(contentsOf: RepositoryPaths.root.appendingPathComponent(path)), as: UTF8.self)
        }
    }

    /// Runs inputs `range` of a campaign on both cores; returns (index, findings) of the bad
    /// ones, how many reached the checker, how many still verified, and the most CPU time one
    /// input took (seconds). An input over `cpuBound` seconds of CPU is a `slow` finding.
    static func campaign(seed: UInt64, range: Range<Int>, harness: FuzzHarness, cpuBound: Double = 20, rerunEvery: Int = 8,
                         includingSlow: Bool = false)
        async throws -> (bad: [(Int, [FuzzFinding], [String])], reached: Int, held: Int, slowest: Double) {
        // One claim or derivation per seed (with its file's declarations): whole derivation
        // files take tens of seconds per input in a debug build.
        let fuzzer = DrvFuzzer(seeds: try seeds(includingSlow: includingSlow).flatMap(DrvFuzzer.units(of:)), seed: seed)
        let workers = 2
        return await withTaskGroup(of: ([(Int, [FuzzFinding], [String])], Int, Int, Double).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var bad: [(Int, [FuzzFinding], [String])] = []
                    var reached = 0, held = 0
                    var slowest = 0.0
                    for i in stride(from: range.lowerBound + w, to: range.upperBound, by: workers) {
                        let input = fuzzer.input(i)
                        // The bound is on this thread's CPU time (`run` does not suspend), so
                        // tests running beside this one on the same cores cannot make an input
                        // "slow".
                        let cpuBefore = threadCPUSeconds()
                        let outcome = harness.run(input.bytes)
                        let cpu = threadCPUSeconds() - cpuBefore
                        var findings = outcome.findings.filter { $0.kind != .slow }
                        if cpu > cpuBound { findings.append(FuzzFinding(.slow, "\(cpu) s of CPU > \(cpuBound) s")) }
                        slowest = max(slowest, cpu)
                        if i % rerunEvery == 0, harness.run(input.bytes).rendered != outcome.rendered {
                            findings.append(FuzzFinding(.nondeterministic, "two runs differ"))
                        }
                        if outcome.reachedChecker { reached += 1 }
                        if outcome.holds { held += 1 }
                        if !findings.isEmpty { bad.append((i, findings, input.operations)) }
                    }
                    return (bad, reached, held, slowest)
                }
            }
            var all: [(Int, [FuzzFinding], [String])] = []
            var reached = 0, held = 0
            var slowest = 0.0
            for await (b, r, h, s) in group {
                all += b
                reached += r
                held += h
                slowest = max(slowest, s)
            }
            return (all.sorted { $0.0 < $1.0 }, reached, held, slowest)
        }
    }
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

@Suite("fuzzing")
struct FuzzTests {
    @Test("the fuzzer is deterministic and writes varied inputs")
    func generator() throws {
        let fuzzer = DrvFuzzer(seeds: try FuzzCorpus.seeds(), seed: 1)
        let a = (0..<200).map { fuzzer.input($0) }
        let b = (0..<200).map { fuzzer.input($0) }
        #expect(a.map(\.bytes) == b.map(\.bytes))
        #expect(Set(a.map(\.bytes)).count > 190, "inputs should differ")
        let kinds = Set(a.flatMap { $0.operations.dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" } })
        #expect(kinds.isSuperset(of: ["flip-byte", "delete", "splice", "nest", "number", "bytes", "truncate"]), "\(kinds)")
        let other = DrvFuzzer(seeds: try FuzzCorpus.seeds(), seed: 2)
        #expect((0..<50).map { other.input($0).bytes } != a.prefix(50).map(\.bytes))
    }

    @Test("the invariants catch an unlocated error and a range outside the file")
    func invariants() {
        let unlocated = Diagnostic(.error, .stepRefuted, "step 1 does not hold", at: nil)
        let outside = Diagnostic(.error, .parseError, "x", at: SourceRange(5, 12))
        let fine = Diagnostic(.error, .nothingToCheck, "nothing", at: nil)
        let found = FuzzHarness.invariantViolations(diagnostics: [unlocated, outside, fine], byteCount: 10)
        #expect(found.map(\.kind) == [.unlocatedError, .rangeOutsideFile])
    }

    /// The CI corpus: a few thousand inputs with seed 2026. No input may crash (the test
    /// process would die), hang or take over 20 s of CPU, leave an error unlocated, point outside
    /// the file, or render differently on a second run.
    @Test("a seeded corpus of mutated files: no crash, no hang, every error located, deterministic")
    func ciCorpus() async throws {
        let harness = FuzzHarness()
        let count = Int(ProcessInfo.processInfo.environment["STEPWISE_FUZZ_CI_COUNT"] ?? "") ?? 3_000
        let (bad, reached, _, slowest) = try await FuzzCorpus.campaign(seed: 2026, range: 0..<count, harness: harness)
        print("fuzz CI corpus: \(count) inputs, \(reached) reached the checker, slowest \(slowest) s of CPU")
        #expect(bad.isEmpty, "\(bad.prefix(10).map { "input \($0.0) (\($0.2.joined(separator: ", "))): \($0.1)" })")
        #expect(reached > count / 20, "only \(reached) of \(count) inputs reached the checker")
    }

    /// The long campaign, for a background run: `STEPWISE_FUZZ_COUNT=1000000 swift test
    /// --filter FuzzTests/longCampaign` (the `stepwise-fuzz` executable does the same faster).
    @Test("a long campaign, when STEPWISE_FUZZ_COUNT is set",
          .enabled(if: ProcessInfo.processInfo.environment["STEPWISE_FUZZ_COUNT"] != nil))
    func longCampaign() async throws {
        let count = Int(ProcessInfo.processInfo.environment["STEPWISE_FUZZ_COUNT"] ?? "") ?? 0
        let seed = UInt64(ProcessInfo.processInfo.environment["STEPWISE_FUZZ_SEED"] ?? "") ?? 1
        let (bad, _, _, _) = try await FuzzCorpus.campaign(seed: seed, range: 0..<count, harness: FuzzHarness(), rerunEvery: 64,
                                                        includingSlow: true)
        #expect(bad.isEmpty, "\(bad.prefix(20).map { "input \($0.0) (\($0.2.joined(separator: ", "))): \($0.1)" })")
    }
}
