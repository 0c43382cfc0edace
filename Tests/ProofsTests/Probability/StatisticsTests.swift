// Monte Carlo statistics: Welford accumulators, paired differences, z-tests, power, and
// the normal CDF/quantile against mpmath/scipy.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("Monte Carlo statistics")
struct StatisticsTests {
    static func data(seed: UInt64, n: Int) -> [Double] {
        // Shifted far from 0 so naive formulas would lose digits.
        StatCheck.samples(try! NormalDistribution(mean: 1e6, variance: 4), n: n, seed: seed)
    }

    @Test("Welford matches a two-pass reference; merging chunks in a fixed order is deterministic and agrees",
          arguments: [1, 2] as [UInt64])
    func welford(seed: UInt64) {
        let xs = Self.data(seed: seed, n: 100_003)
        var single = MeanAccumulator()
        for x in xs { single.add(x) }
        // Two-pass reference in compensated arithmetic.
        var sum = CompensatedSum()
        for x in xs { sum.add(x) }
        let mean = sum.value / Double(xs.count)
        var ss = CompensatedSum()
        for x in xs { ss.add((x - mean) * (x - mean)) }
        // A-priori rounding bounds: Welford's mean drifts like √n·ε relative (≈ 3.5e-14 here);
        // the variance of data with mean/sd = 5·10⁵ loses about log10(mean/sd) digits more
        // (√n·ε·mean/sd ≈ 2e-8 worst case; observed ~1.5e-11).
        let meanBound = 1e-13, varianceBound = 1e-9
        #expect(single.count == xs.count)
        #expect(relativeError(single.mean, mean) <= meanBound)
        #expect(relativeError(single.variance, ss.value / Double(xs.count - 1)) <= varianceBound)
        // Chunks of 1000 merged left to right, twice, and via the buffer path.
        func chunked(_ useBuffer: Bool) -> MeanAccumulator {
            var total = MeanAccumulator()
            for start in stride(from: 0, to: xs.count, by: 1000) {
                var part = MeanAccumulator()
                let slice = xs[start..<min(start + 1000, xs.count)]
                if useBuffer {
                    slice.withUnsafeBufferPointer { part.add(contentsOf: $0) }
                } else {
                    for x in slice { part.add(x) }
                }
                total.merge(part)
            }
            return total
        }
        let merged = chunked(false), again = chunked(false), buffered = chunked(true)
        #expect(merged == again)
        #expect(merged.count == single.count && buffered.count == single.count)
        #expect(relativeError(merged.mean, mean) <= meanBound && relativeError(buffered.mean, mean) <= meanBound)
        #expect(relativeError(merged.variance, single.variance) <= varianceBound)
        #expect(relativeError(buffered.variance, single.variance) <= varianceBound)
        // The buffered path is two-pass within chunks, so its only rounding is in the ~100
        // Chan merges: the running mean carries ~ε·|mean| = 1e-10 absolute error into each
        // δ (≈ sd/√1000), i.e. ~2e-9 relative on δ²-terms that hold ~1e-3 of M2: ~2e-12.
        #expect(relativeError(buffered.variance, ss.value / Double(xs.count - 1)) <= 1e-11)
    }

    @Test("chunks accumulated concurrently and merged in index order give the bits of the sequential run",
          arguments: [1, 2] as [UInt64])
    func concurrentChunks(seed: UInt64) async {
        let chunks = 16, perChunk = 5_000
        @Sendable func chunk(_ i: Int) -> MeanAccumulator {
            var g = RandomSource(seed: seed, stream: [UInt64(i)])
            var acc = MeanAccumulator()
            for _ in 0..<perChunk { acc.add(StandardNormal.sample(using: &g)) }
            return acc
        }
        var sequential = MeanAccumulator()
        for i in 0..<chunks { sequential.merge(chunk(i)) }
        // Tasks finish in any order; results are stored by chunk index and merged in order.
        var results = [MeanAccumulator](repeating: MeanAccumulator(), count: chunks)
        await withTaskGroup(of: (Int, MeanAccumulator).self) { group in
            for i in 0..<chunks { group.addTask { (i, chunk(i)) } }
            for await (i, acc) in group { results[i] = acc }
        }
        var parallel = MeanAccumulator()
        for acc in results { parallel.merge(acc) }
        #expect(parallel == sequential)
        #expect(parallel.count == chunks * perChunk)
    }

    @Test("merging one-sample accumulators in order is exactly the single pass")
    func singletonMerges() {
        let xs = Self.data(seed: 9, n: 10_000)
        var single = MeanAccumulator(), merged = MeanAccumulator()
        for x in xs {
            single.add(x)
            var one = MeanAccumulator()
            one.add(x)
            merged.merge(one)
        }
        #expect(merged == single)
    }

    @Test("merging with empty accumulators is exactly the identity; a NaN sample poisons the mean and is counted")
    func mergeIdentity() {
        var a = MeanAccumulator()
        for x in [1.5, 2.25, -7.0] { a.add(x) }
        #expect(a.merging(MeanAccumulator()) == a)
        #expect(MeanAccumulator().merging(a) == a)
        var b = a
        b.add(.nan)
        #expect(b.mean.isNaN && b.nonFiniteCount == 1)
        #expect(MeanAccumulator().variance.isNaN && MeanAccumulator().standardError.isNaN)
        #expect(a.standardError == (a.variance / 3).squareRoot())
    }

    @Test("paired differences: common random numbers give a far smaller standard error", arguments: [1, 2] as [UInt64])
    func paired(seed: UInt64) {
        var g = RandomSource(seed: seed)
        var pairs = PairedAccumulator()
        for _ in 0..<50_000 {
            let x = StandardNormal.sample(using: &g)
            // E[(x+1)²] = E[x² + 2x + 1]: identical per sample up to rounding.
            pairs.add(lhs: (x + 1) * (x + 1), rhs: x * x + 2 * x + 1)
        }
        #expect(pairs.count == 50_000)
        #expect(pairs.difference.standardError < 1e-15)
        #expect(pairs.lhs.standardError > 0.005)
        let policy = try! ZTestPolicy(familyWiseRate: 1e-6, numberOfTests: 1)
        #expect(policy.test(pairs).verdict == .consistent)
    }

    @Test("Šidák per-test rates and thresholds against scipy", .enabled(if: ProbabilityOracle.isAvailable, "python3 with scipy/mpmath is not installed"),
          arguments: [(1e-6, 1), (1e-6, 20), (1e-3, 7), (0.05, 100), (1e-12, 1000)])
    func thresholdsAgainstScipy(alpha: Double, tests: Int) throws {
        let policy = try ZTestPolicy(familyWiseRate: alpha, numberOfTests: tests)
        let out = try ProbabilityOracle.numbers("""
            import math
            from scipy.stats import norm
            a1 = -math.expm1(math.log1p(-\(alpha.description)) / \(tests))
            print(repr(float(a1))); print(repr(float(norm.isf(a1 / 2))))
            """)
        #expect(relativeError(policy.perTestRate, out[0]) <= 1e-14)
        #expect(relativeError(policy.threshold, out[1]) <= 1e-14)
        // Šidák is never stricter than Bonferroni.
        #expect(policy.perTestRate >= alpha / Double(tests))
    }

    @Test("z-test verdicts, including zero and NaN standard errors")
    func verdicts() throws {
        let policy = try ZTestPolicy(familyWiseRate: 1e-6, numberOfTests: 1)
        #expect(abs(policy.threshold - 4.891638475699) <= 1e-9)
        #expect(policy.test(estimate: 1.0, expected: 1.0, standardError: 0.1).verdict == .consistent)
        #expect(policy.test(estimate: 1.5, expected: 1.0, standardError: 0.1).verdict == .discrepant)
        #expect(policy.test(estimate: 1.0, expected: 1.0, standardError: 0).verdict == .consistent)
        #expect(policy.test(estimate: 1.0 + 1e-15, expected: 1.0, standardError: 0).verdict == .discrepant)
        #expect(policy.test(estimate: .nan, expected: 1.0, standardError: 0.1).verdict == .undetermined)
        #expect(policy.test(estimate: 1.0, expected: 1.0, standardError: .nan).verdict == .undetermined)
        #expect(throws: StatisticsError.rateOutOfRange(name: "family-wise rate", value: 0)) {
            try ZTestPolicy(familyWiseRate: 0, numberOfTests: 3)
        }
        #expect(throws: StatisticsError.invalidTestCount(0)) { try ZTestPolicy(familyWiseRate: 0.01, numberOfTests: 0) }
    }

    @Test("power: the smallest detectable difference is detected with probability ≥ 1 − β, and barely more",
          arguments: [(1e-6, 10, 0.01), (1e-3, 1, 0.1), (0.05, 3, 0.5)])
    func power(alpha: Double, tests: Int, beta: Double) throws {
        let policy = try ZTestPolicy(familyWiseRate: alpha, numberOfTests: tests)
        let se = 0.003
        let delta = try policy.smallestDetectableDifference(standardError: se, missRate: beta)
        let power = policy.power(difference: delta, standardError: se)
        #expect(power >= 1 - beta - 1e-15)
        #expect(power <= 1 - beta + 1e-6)
        #expect(policy.power(difference: 0.9 * delta, standardError: se) < 1 - beta)
        let statement = try policy.detection(standardError: se, missRate: beta)
        #expect(statement.description.hasPrefix("a difference larger than "))
        let n = try #require(try policy.requiredSampleCount(standardDeviation: 2, difference: delta, missRate: beta))
        // With σ = 2 the SE at n samples is 2/√n; n is the smallest count reaching SE ≤ se.
        #expect(2 / Double(n).squareRoot() <= se * (1 + 1e-12))
        #expect(2 / Double(n - 1).squareRoot() > se * (1 - 1e-12))
    }

    @Test("a simulated discrepancy of δ* is detected at about the promised rate", arguments: [5] as [UInt64])
    func simulatedPower(seed: UInt64) throws {
        // 2000 simulated tests of a mean with true offset δ* at β = 0.2: detections ~ Bin(2000, ≥ 0.8).
        let policy = try ZTestPolicy(familyWiseRate: 1e-3, numberOfTests: 1)
        var g = RandomSource(seed: seed)
        let n = 400, se = 1 / Double(n).squareRoot()
        let delta = try policy.smallestDetectableDifference(standardError: se, missRate: 0.2)
        var detected = 0
        for _ in 0..<2000 {
            var acc = MeanAccumulator()
            for _ in 0..<n { acc.add(delta + StandardNormal.sample(using: &g)) }
            if policy.test(estimate: acc.mean, expected: 0, standardError: acc.standardError).verdict == .discrepant { detected += 1 }
        }
        // Binomial z-check at 1e-7 against 0.8 (one-sided: fewer detections than promised).
        let z = (Double(detected) - 1600) / (2000 * 0.8 * 0.2).squareRoot()
        #expect(z >= -StatCheck.zThreshold, "detected \(detected) of 2000")
    }
}

@Suite("Standard normal special functions")
struct StandardNormalTests {
    static let points: [Double] = [-38.4, -37.5, -30, -20, -10, -8.3, -5, -3.3, -2, -1, -0.7, -0.5, -1e-3, -1e-9, 0,
                                   1e-9, 0.3, 0.7071, 1, 2.5, 5, 8.2, 10, 25, 37]

    @Test("Φ, Q and log Φ against mpmath to a few ulps", .enabled(if: ProbabilityOracle.isAvailable, "python3 with scipy/mpmath is not installed"))
    func cdf() throws {
        let list = Self.points.map(\.description).joined(separator: ", ")
        let out = try ProbabilityOracle.numbers("""
            import mpmath
            mpmath.mp.dps = 60
            for x in [\(list)]:
                x = mpmath.mpf(x)
                print(repr(float(mpmath.ncdf(x)))); print(repr(float(mpmath.ncdf(-x)))); print(repr(float(mpmath.log(mpmath.ncdf(x)))))
            """)
        for (i, x) in Self.points.enumerated() {
            let (phi, q, logPhi) = (out[3 * i], out[3 * i + 1], out[3 * i + 2])
            // Subnormal results carry fewer digits: compare them absolutely.
            #expect(relativeError(StandardNormal.cdf(x), phi) <= 1e-15 || abs(StandardNormal.cdf(x) - phi) <= 0x1p-1060, "Φ(\(x))")
            #expect(relativeError(StandardNormal.complementaryCDF(x), q) <= 1e-15 || abs(StandardNormal.complementaryCDF(x) - q) <= 0x1p-1060, "Q(\(x))")
            #expect(relativeError(StandardNormal.logCDF(x), logPhi) <= 1e-15 || abs(StandardNormal.logCDF(x) - logPhi) <= 1e-300, "log Φ(\(x))")
        }
        // Beyond the range of Φ as a double: log Φ from the asymptotic series.
        #expect(relativeError(StandardNormal.logCDF(-1e5), -5e9 - log(1e5) - StandardNormal.logSquareRootTwoPi) <= 1e-15)
    }

    static let probabilities: [Double] = [Double.leastNonzeroMagnitude, 0x1p-1030, 1e-300, 1e-200, 1e-50, 1e-10, 2e-5, 0.02, 0.02425, 0.1, 0.3, 0.49,
                                          0.5, 0.5000001, 0.7, 0.9, 0.97575, 0.999, 0.9999999, 1 - 1e-16]

    @Test("Φ⁻¹ against mpmath (root of ncdf at 60 digits)", .enabled(if: ProbabilityOracle.isAvailable, "python3 with scipy/mpmath is not installed"))
    func quantile() throws {
        let list = Self.probabilities.map(\.description).joined(separator: ", ")
        let out = try ProbabilityOracle.numbers("""
            import mpmath
            from scipy.stats import norm
            mpmath.mp.dps = 60
            for p in [\(list)]:
                p = mpmath.mpf(p)
                lo, hi = mpmath.mpf(-40), mpmath.mpf(40)
                for _ in range(400):
                    mid = (lo + hi) / 2
                    if mpmath.ncdf(mid) < p: lo = mid
                    else: hi = mid
                print(repr(float((lo + hi) / 2)))
            """)
        for (p, exact) in zip(Self.probabilities, out) {
            let x = StandardNormal.quantile(p)
            #expect(abs(x - exact) <= 2e-16 * max(1, abs(exact)), "Φ⁻¹(\(p)) = \(x), exact \(exact)")
        }
        #expect(StandardNormal.quantile(0) == -.infinity && StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(-0.1).isNaN && StandardNormal.quantile(1.1).isNaN && StandardNormal.quantile(.nan).isNaN)
        #expect(StandardNormal.upperQuantile(1e-300) == -StandardNormal.quantile(1e-300))
    }
}
