// Densities: normalisation by quadrature, agreement with the CDFs, log-densities in the
// tails, and the exact finite distributions.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("Densities")
struct DensityTests {
    @Test("continuous densities integrate to 1", arguments: SamplerCase.all.filter { !$0.distribution.isDiscrete })
    func normalised(_ c: SamplerCase) throws {
        let d = c.distribution
        let (lower, upper) = d.support.bounds
        let total = try integrateDensity(d, from: lower, to: upper)
        #expect(abs(total - 1) <= 1e-9, "∫ density = \(total)")
    }

    @Test("discrete masses sum to 1 and the CDF is their running sum", arguments: SamplerCase.all.filter(\.distribution.isDiscrete))
    func masses(_ c: SamplerCase) {
        guard case .finite(let values) = c.distribution.support else { return }
        let masses = values.map { c.distribution.density(at: $0) }
        #expect(abs(masses.reduce(0, +) - 1) <= 1e-12)
        var running = 0.0
        for (v, m) in zip(values, masses) {
            running += m
            #expect(abs((c.distribution.cumulativeProbability(at: v) ?? .nan) - running) <= 1e-12)
            #expect(abs(c.distribution.logDensity(at: v) - log(m)) <= 1e-15)
        }
        #expect(c.distribution.density(at: values[0] - 0.25) == 0)
        #expect(c.distribution.cumulativeProbability(at: values[0] - 0.25) == 0)
    }

    @Test("CDF = ∫ density from the lower end", arguments: SamplerCase.all.filter {
        !$0.distribution.isDiscrete && $0.distribution.cumulativeProbability(at: 0) != nil
    })
    func cdfMatchesDensity(_ c: SamplerCase) throws {
        let d = c.distribution
        let lower = d.support.bounds.lower
        for k in -4...4 {
            let x = d.mean + Double(k) * 0.7 * d.standardDeviation
            let r = try Quadrature.integrate(from: lower, to: x,
                                             options: QuadratureOptions(center: d.mean, scale: d.standardDeviation)) { d.density(at: $0) }
            let cdf = try #require(d.cumulativeProbability(at: x))
            #expect(abs(r.value - cdf) <= 1e-10, "x = \(x): ∫ = \(r.value), CDF = \(cdf)")
        }
    }

    @Test("log-density equals log(density) where the density is representable, and stays finite beyond",
          arguments: SamplerCase.all.filter { !$0.distribution.isDiscrete })
    func logDensity(_ c: SamplerCase) {
        let d = c.distribution
        for k in -6...6 {
            let x = d.mean + Double(k) * 0.5 * d.standardDeviation
            let p = d.density(at: x)
            if p > 1e-300 {
                #expect(abs(d.logDensity(at: x) - log(p)) <= 1e-12 * max(1, abs(log(p))), "x = \(x)")
            }
        }
    }

    @Test("normal log-density is exact far in the tails (no underflow)")
    func normalTails() throws {
        let d = try NormalDistribution(mean: 1, variance: 2)
        #expect(d.density(at: 80) == 0)
        let expected = -0.5 * 79 * 79 / 2 - 0.5 * log(2 * Double.pi * 2)
        #expect(relativeError(d.logDensity(at: 80), expected) <= 1e-15)
        let mixture = try MixtureDistribution(weights: [0.5, 0.5], components: [.normal(d), .normal(.standard)])
        // At x = 80 the N(1, 2) term dominates by e^{1600}: log ½ + its log-density.
        #expect(relativeError(mixture.logDensity(at: 80), log(0.5) + expected) <= 1e-15)
        #expect(mixture.density(at: 80) == 0)
    }

    @Test("beta reflection: p_{a,b}(x) = p_{b,a}(1 − x)", arguments: [(0.5, 0.5), (0.05, 0.1), (2, 3), (1, 4)])
    func betaReflection(a: Double, b: Double) throws {
        let p = try BetaDistribution(a: a, b: b), r = try BetaDistribution(a: b, b: a)
        for x in [0.5, 0.625, 0.75, 0.875, 0.96875] {
            #expect(abs(p.logDensity(at: x) - r.logDensity(at: 1 - x)) <= 1e-13 * max(1, abs(p.logDensity(at: x))))
        }
    }

    @Test("a singularity at 1 is reported as a round-off limit, with an estimate, not as undefined")
    func singularityAtOne() throws {
        let d = try BetaDistribution(a: 2, b: 0.5)
        #expect {
            _ = try Quadrature.integrate(from: 0, to: 1) { d.density(at: $0) }
        } throws: { error in
            guard case .roundoffLimit(let estimate, _, let at) = error as? QuadratureFailure else { return false }
            // The mass within ~1e-16 of 1 is ~ δ^{1/2}/(b·B(a, b)) ≈ 1e-8.
            return abs(estimate - 1) <= 1e-6 && at > 0.999
        }
    }

    @Test("densities at support edges", arguments: [
        (0.5, 1.0, 0.0, Double.infinity), (1.0, 2.0, 0.0, log(2.0)), (2.0, 1.0, 0.0, -Double.infinity),
        (2.0, 0.5, 1.0, Double.infinity), (2.0, 3.0, -0.1, -Double.infinity), (2.0, 3.0, 1.1, -Double.infinity),
    ])
    func betaEdges(a: Double, b: Double, x: Double, expected: Double) throws {
        #expect(try BetaDistribution(a: a, b: b).logDensity(at: x) == expected)
    }

    @Test("gamma density at 0 and below", arguments: [(0.5, -Double.infinity, Double.infinity), (1.0, -Double.infinity, log(3.0)),
                                                       (2.0, -Double.infinity, -Double.infinity)])
    func gammaEdges(shape: Double, below: Double, atZero: Double) throws {
        let d = try GammaDistribution(shape: shape, rate: 3)
        #expect(d.logDensity(at: -1) == below)
        #expect(d.logDensity(at: 0) == atZero)
    }

    @Test("normal quantile inverts the CDF", arguments: [1e-300, 1e-20, 0.001, 0.3, 0.5, 0.9, 0.999999])
    func normalQuantile(p: Double) throws {
        let d = try NormalDistribution(mean: 2, variance: 9)
        let x = d.quantile(p)
        #expect(relativeError(try #require(d.cumulativeProbability(at: x)), p) <= 1e-13)
    }
}

@Suite("Exact finite distributions")
struct ExactFiniteTests {
    static func q(_ n: Int, _ d: Int) -> Rational { Rational(n, d) ?? .zero }

    @Test("probabilities sum to exactly 1 and moments are exact")
    func exactMoments() throws {
        // Note 05, 4.2: p̃ = (1/2, 3/10, 1/5) on {0, 1, 2}.
        let p = try ExactFiniteDistribution.categorical([Self.q(1, 2), Self.q(3, 10), Self.q(1, 5)])
        #expect(p.totalProbability == .one)
        #expect(p.mean == Self.q(7, 10))
        #expect(p.variance == Self.q(1, 2) * Self.q(49, 100) + Self.q(3, 10) * Self.q(9, 100) + Self.q(1, 5) * Self.q(169, 100))
        #expect(p.probability(of: Rational(1)) == Self.q(3, 10))
        #expect(p.probability(of: Self.q(1, 2)) == .zero)
        // p(z) = Σ_x p̃(x) p(z=1|x) = 41/100 exactly (note 05, 4.2).
        let pz1 = try p.expectation { x in
            switch x.asInt {
            case 0: return Self.q(1, 10)
            case 1: return Self.q(3, 5)
            case 2: return Self.q(9, 10)
            default: throw DistributionError.noOutcomes
            }
        }
        #expect(pz1 == Self.q(41, 100))
    }

    @Test("bernoulli and tables; the floating-point approximation matches")
    func tables() throws {
        let b = try ExactFiniteDistribution.bernoulli(Self.q(2, 7))
        #expect(b.mean == Self.q(2, 7))
        #expect(b.variance == Self.q(10, 49))
        let t = try ExactFiniteDistribution(values: [Self.q(5, 2), Rational(-1), .zero],
                                            probabilities: [Self.q(1, 3), Self.q(1, 6), Self.q(1, 2)])
        #expect(t.values == [Rational(-1), .zero, Self.q(5, 2)])
        #expect(t.mean == Self.q(2, 3))
        let a = t.approximation
        #expect(a.values == [-1, 0, 2.5])
        #expect(abs(a.mean - 2.0 / 3) <= 1e-15)
        #expect(abs(a.probabilities.reduce(0, +) - 1) <= 1e-15)
    }

    @Test("exact validation errors", arguments: [
        ([1, 1], [2, 3], DistributionError.exactProbabilitiesDoNotSumToOne(sum: Rational(5, 6) ?? .zero)),
        ([1, 1, -1], [2, 2, 4], DistributionError.exactProbabilityOutOfRange(index: 2, value: Rational(-1, 4) ?? .zero)),
    ] as [([Int], [Int], DistributionError)])
    func exactErrors(numerators: [Int], denominators: [Int], expected: DistributionError) {
        let ps = zip(numerators, denominators).map { n, d in Rational(n, d) ?? .zero }
        #expect(throws: expected) { try ExactFiniteDistribution.categorical(ps) }
    }

    @Test("exact table rejects duplicates, count mismatches and empty input")
    func exactTableErrors() {
        #expect(throws: DistributionError.duplicateValue(index: 2)) {
            try ExactFiniteDistribution(values: [.one, .zero, .one], probabilities: [Self.q(1, 3), Self.q(1, 3), Self.q(1, 3)])
        }
        #expect(throws: DistributionError.countMismatch(values: 1, probabilities: 2)) {
            try ExactFiniteDistribution(values: [.one], probabilities: [Self.q(1, 2), Self.q(1, 2)])
        }
        #expect(throws: DistributionError.noOutcomes) { try ExactFiniteDistribution.categorical([]) }
        #expect(throws: DistributionError.exactProbabilityOutOfRange(index: 0, value: Self.q(3, 2))) {
            try ExactFiniteDistribution.bernoulli(Self.q(3, 2))
        }
    }
}
