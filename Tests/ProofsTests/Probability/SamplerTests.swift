// Samplers against closed forms and goodness-of-fit tests, every seed an argument.
// False-failure rates: see `StatCheck` (1e-7 per check).
import Foundation
import Testing
@testable import Proofs
import Symbolic

/// A distribution with its textbook mean and variance (written out independently of the
/// code under test).
struct SamplerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    let mean: Double
    let variance: Double
    var testDescription: String { name }

    static let all: [SamplerCase] = {
        func c(_ name: String, _ make: () throws -> Distribution, _ mean: Double, _ variance: Double) -> SamplerCase {
            // The parameters are valid constants; were one rejected, the stand-in bernoulli(0)
            // would fail the closed-form test.
            let d = (try? make()) ?? .bernoulli(try! BernoulliDistribution(p: 0))
            return SamplerCase(name: name, distribution: d, mean: mean, variance: variance)
        }
        return [
            c("normal(1, 2)", { .normal(try NormalDistribution(mean: 1, variance: 2)) }, 1, 2),
            c("normal(-3, 0.01)", { .normal(try NormalDistribution(mean: -3, variance: 0.01)) }, -3, 0.01),
            c("uniform(-1, 3)", { .uniform(try UniformDistribution(low: -1, high: 3)) }, 1, 16.0 / 12),
            c("exponential(2)", { .exponential(try ExponentialDistribution(rate: 2)) }, 0.5, 0.25),
            c("laplace(1, 0.5)", { .laplace(try LaplaceDistribution(location: 1, scale: 0.5)) }, 1, 0.5),
            c("gamma(2.5, 2)", { .gamma(try GammaDistribution(shape: 2.5, rate: 2)) }, 1.25, 0.625),
            c("gamma(0.3, 1)", { .gamma(try GammaDistribution(shape: 0.3, rate: 1)) }, 0.3, 0.3),
            c("gamma(1, 3)", { .gamma(try GammaDistribution(shape: 1, rate: 3)) }, 1.0 / 3, 1.0 / 9),
            c("beta(2, 3)", { .beta(try BetaDistribution(a: 2, b: 3)) }, 0.4, 0.04),
            c("beta(0.5, 0.5)", { .beta(try BetaDistribution(a: 0.5, b: 0.5)) }, 0.5, 0.125),
            c("beta(0.05, 0.1)", { .beta(try BetaDistribution(a: 0.05, b: 0.1)) }, 1.0 / 3, 0.005 / (0.0225 * 1.15)),
            c("bernoulli(0.3)", { .bernoulli(try BernoulliDistribution(p: 0.3)) }, 0.3, 0.21),
            c("categorical(.1,.2,.3,.25,.15)", { .categorical(try CategoricalDistribution(probabilities: [0.1, 0.2, 0.3, 0.25, 0.15])) }, 2.15, 1.4275),
            c("table(-1,.5,2 | .2,.5,.3)", { .table(try FiniteTableDistribution(values: [2, -1, 0.5], probabilities: [0.3, 0.2, 0.5])) }, 0.65, 1.1025),
            c("mixture .3 N(-2,1) + .7 N(1,.25)", {
                .mixture(try MixtureDistribution(weights: [0.3, 0.7], components: [
                    .normal(try NormalDistribution(mean: -2, variance: 1)),
                    .normal(try NormalDistribution(mean: 1, variance: 0.25)),
                ]))
            }, 0.1, 2.365),
            c("mixture .5 bernoulli(.2) + .5 categorical(.5,.25,.25)", {
                .mixture(try MixtureDistribution(weights: [0.5, 0.5], components: [
                    .bernoulli(try BernoulliDistribution(p: 0.2)),
                    .categorical(try CategoricalDistribution(probabilities: [0.5, 0.25, 0.25])),
                ]))
            }, 0.475, 0.499375),
        ]
    }()
}

@Suite("Samplers")
struct SamplerTests {
    @Test("closed-form mean and variance", arguments: SamplerCase.all)
    func closedForms(_ c: SamplerCase) {
        #expect(relativeError(c.distribution.mean, c.mean) <= 1e-14 || abs(c.distribution.mean - c.mean) <= 1e-15)
        #expect(relativeError(c.distribution.variance, c.variance) <= 1e-14)
    }

    @Test("sample mean and variance agree with the closed forms (each check at 1e-7)",
          arguments: SamplerCase.all, [1, 2, 3] as [UInt64])
    func moments(_ c: SamplerCase, seed: UInt64) {
        let xs = StatCheck.samples(c.distribution, n: 100_000, seed: seed)
        #expect(xs.allSatisfy { $0.isFinite })
        let zm = StatCheck.meanZ(xs, mean: c.mean, variance: c.variance)
        let zv = StatCheck.varianceZ(xs, variance: c.variance)
        #expect(abs(zm) <= StatCheck.zThreshold, "mean z = \(zm)")
        #expect(abs(zv) <= StatCheck.zThreshold, "variance z = \(zv)")
    }

    @Test("every sample lies in the support", arguments: SamplerCase.all)
    func support(_ c: SamplerCase) {
        let xs = StatCheck.samples(c.distribution, n: 20_000, seed: 7)
        #expect(xs.allSatisfy { c.distribution.support.contains($0) })
    }

    @Test("fill gives exactly the values of repeated sample calls, deterministically", arguments: SamplerCase.all)
    func fillMatchesSample(_ c: SamplerCase) {
        let filled = StatCheck.samples(c.distribution, n: 1_000, seed: 11)
        var g = RandomSource(seed: 11)
        let sampled = (0..<1_000).map { _ in c.distribution.sample(using: &g) }
        #expect(filled.map(\.bitPattern) == sampled.map(\.bitPattern))
        #expect(StatCheck.samples(c.distribution, n: 1_000, seed: 11).map(\.bitPattern) == filled.map(\.bitPattern))
    }

    @Test("Kolmogorov–Smirnov against the CDF (p ≥ 1e-7)", arguments: SamplerCase.all.filter {
        !$0.distribution.isDiscrete && $0.distribution.cumulativeProbability(at: 0) != nil
    }, [1, 2] as [UInt64])
    func kolmogorovSmirnov(_ c: SamplerCase, seed: UInt64) {
        let xs = StatCheck.samples(c.distribution, n: 50_000, seed: seed)
        let p = StatCheck.kolmogorovSmirnovPValue(xs) { c.distribution.cumulativeProbability(at: $0) ?? .nan }
        #expect(p >= StatCheck.falseFailureRate, "KS p = \(p)")
    }

    @Test("chi-square against bin probabilities from quadrature of the density (p ≥ 1e-7)",
          arguments: SamplerCase.all.filter { !$0.distribution.isDiscrete && $0.distribution.cumulativeProbability(at: 0) == nil },
          [1, 2] as [UInt64])
    func chiSquareByQuadrature(_ c: SamplerCase, seed: UInt64) throws {
        let d = c.distribution
        // 40 bins with edges at the quantiles of an independent pilot sample.
        let pilot = StatCheck.samples(d, n: 4_000, seed: seed + 1_000).sorted()
        var edges = (1..<40).map { pilot[$0 * pilot.count / 40] }
        edges = edges.reduce(into: [Double]()) { if $0.last != $1 { $0.append($1) } }
        let (lower, upper) = d.support.bounds
        let bounds = [lower] + edges + [upper]
        var probabilities = [Double]()
        for i in 0..<(bounds.count - 1) {
            probabilities.append(try integrateDensity(d, from: bounds[i], to: bounds[i + 1]))
        }
        #expect(abs(probabilities.reduce(0, +) - 1) <= 1e-9)
        let xs = StatCheck.samples(d, n: 100_000, seed: seed)
        var observed = [Int](repeating: 0, count: probabilities.count)
        for x in xs { observed[FiniteSearch.countAtOrBelow(x, in: edges)] += 1 }
        let p = StatCheck.chiSquarePValue(observed: observed, probabilities: probabilities)
        #expect(p >= StatCheck.falseFailureRate, "chi-square p = \(p)")
    }

    @Test("chi-square of discrete samplers against the pmf (p ≥ 1e-7)",
          arguments: SamplerCase.all.filter(\.distribution.isDiscrete), [1, 2] as [UInt64])
    func chiSquareDiscrete(_ c: SamplerCase, seed: UInt64) throws {
        guard case .finite(let values) = c.distribution.support else {
            Issue.record("not finite")
            return
        }
        let probabilities = values.map { c.distribution.density(at: $0) }
        let xs = StatCheck.samples(c.distribution, n: 100_000, seed: seed)
        var observed = [Int](repeating: 0, count: values.count)
        for x in xs {
            let i = try #require(FiniteSearch.index(of: x, in: values))
            observed[i] += 1
        }
        let p = StatCheck.chiSquarePValue(observed: observed, probabilities: probabilities)
        #expect(p >= StatCheck.falseFailureRate, "chi-square p = \(p)")
    }

    @Test("outcomes of probability zero are never drawn")
    func zeroProbabilityOutcomes() throws {
        let d = try CategoricalDistribution(probabilities: [0, 0.5, 0, 0.5, 0])
        let xs = StatCheck.samples(d, n: 50_000, seed: 3)
        #expect(Set(xs) == [1, 3])
        let never = try BernoulliDistribution(p: 0), always = try BernoulliDistribution(p: 1)
        #expect(StatCheck.samples(never, n: 10_000, seed: 1).allSatisfy { $0 == 0 })
        #expect(StatCheck.samples(always, n: 10_000, seed: 1).allSatisfy { $0 == 1 })
    }

    @Test("diagonal normal: coordinates have their own moments; fill is row-major", arguments: [1, 2] as [UInt64])
    func diagonalNormal(seed: UInt64) throws {
        let d = try DiagonalNormalDistribution(means: [0.5, -1], variances: [0.25, 2])
        let n = 100_000
        var buffer = [Double](repeating: 0, count: 2 * n)
        var g = RandomSource(seed: seed)
        try buffer.withUnsafeMutableBufferPointer { try d.fill($0, using: &g) }
        let first = stride(from: 0, to: 2 * n, by: 2).map { buffer[$0] }
        let second = stride(from: 1, to: 2 * n, by: 2).map { buffer[$0] }
        #expect(abs(StatCheck.meanZ(first, mean: 0.5, variance: 0.25)) <= StatCheck.zThreshold)
        #expect(abs(StatCheck.meanZ(second, mean: -1, variance: 2)) <= StatCheck.zThreshold)
        #expect(abs(StatCheck.varianceZ(second, variance: 2)) <= StatCheck.zThreshold)
        var h = RandomSource(seed: seed)
        #expect(d.sample(using: &h) == Array(buffer[0..<2]))
        // DIM-6 (note 02, 4.5): the summed KL of this prior to N(0, I) is 3/4 + ½ ln 2.
        let kl = zip(d.mean, d.variance).reduce(0.0) { $0 + 0.5 * ($1.1 + $1.0 * $1.0 - 1 - log($1.1)) }
        #expect(abs(kl - (0.75 + 0.5 * log(2.0))) <= 1e-15)
        #expect(abs(try d.logDensity(at: [0.5, -1]) - (-log(2 * Double.pi) - 0.5 * log(0.5))) <= 1e-14)
        #expect(throws: DistributionError.dimensionMismatch(expected: 2, got: 3)) { try d.logDensity(at: [0, 0, 0]) }
        var odd = [Double](repeating: 0, count: 3)
        #expect(throws: DistributionError.self) { try odd.withUnsafeMutableBufferPointer { try d.fill($0, using: &g) } }
    }

    @Test("ziggurat: the tables close (f(x₂₅₅) + v/x₂₅₅ = 1) and the tail frequency beyond r is 2Q(r)",
          arguments: [1, 2] as [UInt64])
    func zigguratTail(seed: UInt64) {
        #expect(abs(Ziggurat.tables.closure - 1) <= 1e-9)
        let n = 2_000_000
        let xs = StatCheck.samples(NormalDistribution.standard, n: n, seed: seed)
        let r = Ziggurat.r
        let beyond = Double(xs.filter { abs($0) > r }.count)
        let p = 2 * StandardNormal.complementaryCDF(r)
        let z = (beyond - Double(n) * p) / (Double(n) * p * (1 - p)).squareRoot()
        #expect(abs(z) <= StatCheck.zThreshold, "tail z = \(z)")
        // And far in the tail: beyond 4.5 (probability 6.8e-6 each side).
        let far = Double(xs.filter { abs($0) > 4.5 }.count)
        let q = 2 * StandardNormal.complementaryCDF(4.5)
        let zf = (far - Double(n) * q) / (Double(n) * q).squareRoot()
        #expect(abs(zf) <= StatCheck.zThreshold, "far-tail z = \(zf)")
    }
}
