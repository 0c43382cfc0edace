// Checking on several threads: the same output, byte for byte, as on one thread — reports,
// family stops, and the verdict cache's contents.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("parallel checking")
struct ParallelCheckTests {
    static let files = Repository.drvFiles(in: "derivations") + Repository.drvFiles(in: "derivations/errata")

    @Test("every derivation and erratum prints the same on one thread as on two", arguments: files)
    func sameReports(path: String) throws {
        let text = try Repository.text(path)
        var none: VerdictCache?
        let one = CachedRun(text, name: path, threads: 1, cache: &none)
        let two = CachedRun(text, name: path, threads: 2, cache: &none)
        #expect(one.result.stepCount > 0)
        #expect(two.output == one.output, "\(path): the reports differ between 1 and 2 threads")
    }

    /// A family whose members grow (each member's sum written out is longer), so its budgets
    /// stop it part way: the member it stops at must not depend on which members ran ahead.
    static let growing = "natural n\nvector x[n]\nfor n in 1..1000\nclaim \"growing\": sum_{i = 1..n}[x[i]^2] >= 0\n"
    static let longVectors = "natural n\nvector x[n], y[n]\nfor n in 2..1000\n"
        + "claim \"long\": norm(x)^2*norm(y)^2*(1 - (x^T*y/(norm(x)*norm(y)))^2) = det([x, y]^T*[x, y])\n"

    @Test("a family stops at the same member, with the same error, on 1, 2 and 4 threads",
          arguments: [(growing, 2_000, Int.max), (longVectors, Int.max / 2, 3_000_000)])
    func familyStops(text: String, maxWork: Int, maxAlgebra: Int) {
        var options = CheckOptions()
        options.numericPoints = 2
        options.maxFamilyWork = maxWork
        options.maxFamilyAlgebraWork = maxAlgebra
        var none: VerdictCache?
        let one = CachedRun(text, name: "family.drv", threads: 1, options: options, cache: &none)
        let stop = one.result.diagnostics.first { $0.id == .limitExceeded }
        #expect(stop?.message.contains("family checked only up to its member") == true, "\(one.diagnostics)")
        #expect(one.result.chains.count > 2 && one.result.chains.count < 200, "\(one.result.chains.count) members")
        for threads in [2, 4] {
            let many = CachedRun(text, name: "family.drv", threads: threads, options: options, cache: &none)
            #expect(many.output == one.output, "\(threads) threads")
        }
    }

    static let cachedFile = """
    real x, y
    natural n
    vector v[n]
    assume x > 0
    claim "square": (x + 1)^2 = x^2 + 2*x + 1
    derive "logs"
          log(x*exp(y))
        = log(x) + y
        = y + log(x)
    end
    for n in 1..6
    claim "norms": norm(v)^2 = sum_{i = 1..n}[v[i]^2]
    claim "wrong": (x + 1)^2 = x^2 + 1
    """

    @Test("a cache filled on two threads is byte-identical to one filled on one thread, and reused the same way")
    func cacheContents() throws {
        var options = CheckOptions()
        options.numericPoints = 4
        var one: VerdictCache? = VerdictCache(toolIdentity: "test")
        var two: VerdictCache? = VerdictCache(toolIdentity: "test")
        let coldOne = CachedRun(Self.cachedFile, name: "c.drv", threads: 1, options: options, cache: &one)
        let coldTwo = CachedRun(Self.cachedFile, name: "c.drv", threads: 2, options: options, cache: &two)
        #expect(coldTwo.output == coldOne.output)
        #expect(one?.encoded() == two?.encoded())
        #expect(one?.statistics == two?.statistics)
        #expect((one?.statistics.recorded ?? 0) > 8, "\(String(describing: one?.statistics))")
        let warmOne = CachedRun(Self.cachedFile, name: "c.drv", threads: 1, options: options, cache: &one)
        let warmTwo = CachedRun(Self.cachedFile, name: "c.drv", threads: 2, options: options, cache: &two)
        #expect(warmOne.output == coldOne.output && warmTwo.output == coldOne.output)
        #expect(one?.statistics == two?.statistics)
        #expect(one?.encoded() == two?.encoded())
    }
}

@Suite("parallel jobs")
struct ParallelJobsTests {
    @Test("results come back by job index whatever the number of threads", arguments: [1, 2, 3, 8])
    func resultsByIndex(threads: Int) {
        let results = ParallelJobs.run(count: 500, threads: threads) { i, worker -> Int? in
            // Uneven jobs, so the workers interleave.
            var x = 0
            for k in 0..<(i % 7) * 200 { x &+= k &* worker }
            _ = x
            return i % 5 == 0 ? nil : i * i
        }
        #expect(results.count == 500)
        #expect(results.enumerated().allSatisfy { i, r in r == (i % 5 == 0 ? nil : i * i) })
    }

    @Test("a checker's thread count is at least 1 and at most maxThreads", arguments: [(-3, 1), (0, 1), (2, 2), (10_000, DerivationChecker.maxThreads)])
    func threadBounds(asked: Int, used: Int) {
        #expect(DerivationChecker(threads: asked).threads == used)
    }

    @Test("no jobs, and fewer jobs than threads")
    func smallCounts() {
        #expect(ParallelJobs.run(count: 0, threads: 4) { i, _ in i }.isEmpty)
        #expect(ParallelJobs.run(count: 2, threads: 8) { i, _ in i } == [0, 1])
    }
}

@Suite("family budget")
struct FamilyBudgetTests {
    @Test("the member a family stops at depends on the figures, not the order they arrive in", arguments: [0, 1, 2, 3] as [UInt64])
    func orderIndependent(seed: UInt64) {
        // Sizes 10 each (budget 55: members 0...4 fit, 5 passes); algebra 0.
        let sizes = Array(repeating: 10, count: 12)
        var order = Array(0..<12)
        var rng = RandomSource(seed: seed)
        order.shuffle(using: &rng)
        let budget = FamilyBudget(members: 12, maxWork: 55, maxAlgebra: 1_000)
        for m in order {
            budget.note(size: sizes[m], of: m)
            budget.note(algebra: 0, of: m)
        }
        #expect((0..<5).allSatisfy { budget.stop(at: $0) == nil })
        #expect(budget.stop(at: 5) == .size)
        #expect(!budget.isNeeded(5) && !budget.isNeeded(11) && budget.isNeeded(4))
    }

    @Test("known figures are lower bounds: a member is not needed once they pass a budget")
    func lowerBounds() {
        let budget = FamilyBudget(members: 10, maxWork: 1_000, maxAlgebra: 100)
        // Member 6's algebra alone passes the budget: no member after 6 is needed, whatever
        // the members before it cost.
        budget.note(algebra: 150, of: 6)
        #expect(budget.isNeeded(6) && !budget.isNeeded(7) && !budget.isNeeded(9))
        // Member 0 always runs, even past the size budget.
        budget.note(size: 5_000, of: 0)
        #expect(budget.isNeeded(0) && !budget.isNeeded(1))
        #expect(budget.stop(at: 0) == nil)
        budget.note(size: 1, of: 1)
        #expect(budget.stop(at: 1) == .size)
    }

    @Test("the algebra budget counts the members before the one it stops")
    func algebraBefore() {
        let budget = FamilyBudget(members: 4, maxWork: 1_000, maxAlgebra: 100)
        for m in 0..<4 { budget.note(size: 1, of: m) }
        budget.note(algebra: 60, of: 0)
        budget.note(algebra: 60, of: 1)
        #expect(budget.stop(at: 1) == nil)
        #expect(budget.stop(at: 2) == .algebra)
        #expect(budget.isNeeded(1) && !budget.isNeeded(2))
    }
}
