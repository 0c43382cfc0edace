// Quadrature: the rule's exactness, known integrals, Gaussian moments, KL, failures.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("Quadrature")
struct QuadratureTests {
    @Test("K15 integrates x^k exactly for k ≤ 22 and G7 for k ≤ 13")
    func ruleExactness() {
        let xs = GaussKronrod15.nodes, wk = GaussKronrod15.kronrodWeights, wg = GaussKronrod15.gaussWeights
        for k in 0...22 {
            // ∫_{-1}^{1} x^k = 2/(k+1) for even k, 0 for odd.
            let exact = k % 2 == 0 ? 2 / Double(k + 1) : 0
            var kronrod = wk[7] * pow(0, Double(k))
            for j in 0..<7 { kronrod += wk[j] * (pow(xs[j], Double(k)) + pow(-xs[j], Double(k))) }
            #expect(abs(kronrod - exact) <= 4e-16, "Kronrod, k = \(k)")
            if k <= 13 {
                var gauss = wg[3] * pow(0, Double(k))
                for j in 0..<3 { gauss += wg[j] * (pow(xs[2 * j + 1], Double(k)) + pow(-xs[2 * j + 1], Double(k))) }
                #expect(abs(gauss - exact) <= 4e-16, "Gauss, k = \(k)")
            }
        }
        // Degree 24 is not exact: the rule is what it claims to be, no more.
        var k24 = 0.0
        for j in 0..<7 { k24 += wk[j] * 2 * pow(xs[j], 24) }
        #expect(abs(k24 - 2.0 / 25) > 1e-10)
    }

    struct Known: Sendable, CustomTestStringConvertible {
        let name: String
        let lower: Double
        let upper: Double
        let f: @Sendable (Double) -> Double
        let exact: Double
        var testDescription: String { name }
    }

    /// ∫₀¹⁰ e^{−x} sin 10x = (10 − e^{−10}(sin 100 + 10 cos 100))/101.
    static let dampedSine: Double = {
        let tail: Double = exp(-10.0) * (sin(100.0) + 10 * cos(100.0))
        return (10 - tail) / 101
    }()

    static let known: [Known] = [
        Known(name: "∫₀^π sin = 2", lower: 0, upper: .pi, f: { (x: Double) -> Double in sin(x) }, exact: 2),
        Known(name: "∫₀¹ √x = 2/3 (endpoint singularity of the derivative)", lower: 0, upper: 1, f: { (x: Double) -> Double in x.squareRoot() }, exact: 2.0 / 3),
        Known(name: "∫₀¹ log x = −1 (integrable singularity)", lower: 0, upper: 1, f: { (x: Double) -> Double in log(x) }, exact: -1),
        Known(name: "∫₀¹ x^{−1/2} = 2", lower: 0, upper: 1, f: { (x: Double) -> Double in 1 / x.squareRoot() }, exact: 2),
        Known(name: "∫₋₁¹ |x| = 1 (kink)", lower: -1, upper: 1, f: { (x: Double) -> Double in abs(x) }, exact: 1),
        Known(name: "∫₀¹⁰ e^{−x} sin 10x", lower: 0, upper: 10, f: { (x: Double) -> Double in exp(-x) * sin(10 * x) },
              exact: dampedSine),
        Known(name: "reversed bounds: ∫₁⁰ x² = −1/3", lower: 1, upper: 0, f: { (x: Double) -> Double in x * x }, exact: -1.0 / 3),
        Known(name: "∫_{−∞}^{∞} e^{−x²} = √π", lower: -.infinity, upper: .infinity, f: { (x: Double) -> Double in exp(-x * x) }, exact: Double.pi.squareRoot()),
        Known(name: "∫₀^∞ e^{−x} = 1", lower: 0, upper: .infinity, f: { (x: Double) -> Double in exp(-x) }, exact: 1),
        Known(name: "∫_{−∞}^0 e^{3x} = 1/3", lower: -.infinity, upper: 0, f: { (x: Double) -> Double in exp(3 * x) }, exact: 1.0 / 3),
        Known(name: "∫_{−∞}^{∞} 1/(1+x²) = π (power-law tails)", lower: -.infinity, upper: .infinity, f: { (x: Double) -> Double in 1 / (1 + x * x) }, exact: .pi),
        Known(name: "∫₁^∞ x^{−3/2} = 2 (tail still significant after 48 shells)", lower: 1, upper: .infinity,
              f: { (x: Double) -> Double in pow(x, -1.5) }, exact: 2),
        Known(name: "∫₀^∞ x² e^{−x²/2} = √(π/2)", lower: 0, upper: .infinity,
              f: { (x: Double) -> Double in x * x * exp(-x * x / 2) }, exact: (Double.pi / 2).squareRoot()),
        Known(name: "∫₀^{10²⁰} e^{−x/10¹⁹} (a range longer than 48 dyadic shells)", lower: 0, upper: 1e20,
              f: { (x: Double) -> Double in exp(-x / 1e19) }, exact: 1e19 * -expm1(-10.0)),
        Known(name: "∫_{−10²⁰}^{−1} e^{x/10¹⁹} (the same, below the centre)", lower: -1e20, upper: -1,
              f: { (x: Double) -> Double in exp(x / 1e19) }, exact: 1e19 * (exp(-1e-19) - exp(-10.0))),
        Known(name: "∫₀^∞ Gamma(0.3) density = 1", lower: 0, upper: .infinity,
              f: { (x: Double) -> Double in exp(-0.7 * log(x) - x - lgamma(0.3)) }, exact: 1),
    ]

    @Test("known integrals to 1e-9 relative, within the error estimate", arguments: known)
    func knownIntegrals(_ k: Known) throws {
        let r = try Quadrature.integrate(from: k.lower, to: k.upper) { k.f($0) }
        #expect(relativeError(r.value, k.exact) <= 1e-9, "\(r.value) vs \(k.exact)")
        #expect(abs(r.value - k.exact) <= max(r.errorEstimate, 1e-15 * abs(k.exact)) * 1.01, "error estimate \(r.errorEstimate) too small")
    }

    @Test("Gaussian moments E X^k under N(μ, σ²), k = 0…8", arguments: [(0.0, 1.0), (1.0, 2.0), (-3.0, 0.01), (50.0, 4.0)])
    func gaussianMoments(mean: Double, variance: Double) throws {
        let d = try NormalDistribution(mean: mean, variance: variance)
        var moments = [1.0, mean]
        for k in 2...8 { moments.append(mean * moments[k - 1] + Double(k - 1) * variance * moments[k - 2]) }
        let options = QuadratureOptions(center: mean, scale: d.standardDeviation)
        for k in 0...8 {
            let r = try Quadrature.integrate(from: -.infinity, to: .infinity, options: options) { x in
                pow(x, Double(k)) * d.density(at: x)
            }
            #expect(abs(r.value - moments[k]) <= 1e-9 * max(1, abs(moments[k])), "k = \(k): \(r.value) vs \(moments[k])")
        }
    }

    @Test("KL between Gaussians by log-space quadrature equals ½(log σ₂²/σ₁² + (σ₁² + (μ₁−μ₂)²)/σ₂² − 1)", arguments: [
        (0.0, 1.0, 1.0, 2.0), (0.0, 1.0, 0.5, 1.0), (2.0, 0.25, -1.0, 3.0), (0.0, 1.0, 0.0, 1.0), (0.0, 1e-4, 0.0, 1.0), (0.0, 1.0, 5.0, 0.5),
    ])
    func gaussianKL(m1: Double, v1: Double, m2: Double, v2: Double) throws {
        let p = try NormalDistribution(mean: m1, variance: v1), q = try NormalDistribution(mean: m2, variance: v2)
        let exact = 0.5 * (log(v2 / v1) + (v1 + (m1 - m2) * (m1 - m2)) / v2 - 1)
        let r = try Quadrature.integrateInLogSpace(from: -.infinity, to: .infinity,
                                                   options: QuadratureOptions(center: m1, scale: p.standardDeviation)) { x in
            let lp = p.logDensity(at: x), d = lp - q.logDensity(at: x)
            return d == 0 ? .zero : SignedLog(sign: d > 0 ? 1 : -1, logMagnitude: lp + log(abs(d)))
        }
        #expect(abs(r.value - exact) <= 1e-9 * max(1, exact), "\(r.value) vs \(exact)")
    }

    @Test("failures are typed: subdivision limit, evaluation limit, options, NaN bounds")
    func limits() {
        var few = QuadratureOptions()
        few.maxSubdivisions = 5
        #expect {
            _ = try Quadrature.integrate(from: 0, to: 1, options: few) { sin(1 / $0) }
        } throws: { error in
            guard case .subdivisionLimit = error as? QuadratureFailure else { return false }
            return true
        }
        var cheap = QuadratureOptions()
        cheap.maxEvaluations = 100
        #expect(throws: QuadratureFailure.evaluationLimit(limit: 100)) {
            _ = try Quadrature.integrate(from: 0, to: 1, options: cheap) { sin(1 / $0) }
        }
        #expect {
            _ = try Quadrature.integrate(from: 0, to: .nan) { $0 }
        } throws: { error in
            guard case .invalidRange(0, let upper) = error as? QuadratureFailure else { return false }
            return upper.isNaN
        }
        #expect {
            _ = try Quadrature.integrate(from: 0, to: 1, options: QuadratureOptions(absoluteTolerance: 0, relativeTolerance: 0)) { $0 }
        } throws: { error in
            guard case .invalidOptions = error as? QuadratureFailure else { return false }
            return true
        }
        let empty = try? Quadrature.integrate(from: 2, to: 2) { _ in .nan }
        #expect(empty?.value == 0)
    }

    struct Bad: Error {}

    @Test("isolated bad points are avoided; a bad interval is reported")
    func undefinedIntegrand() throws {
        // Throws exactly at the K15 centre node of [−1, 1] and is NaN at 0.25: negligible.
        let r = try Quadrature.integrate(from: -1, to: 1) { x in
            if x == 0 { throw Bad() }
            if x == 0.25 { return .nan }
            return x * x
        }
        #expect(abs(r.value - 2.0 / 3) <= 1e-12)
        // sin(x)/x written naively is 0/0 at x = 0, the centre node.
        let sinc = try Quadrature.integrate(from: -1, to: 1) { sin($0) / $0 }
        #expect(abs(sinc.value - 1.8921661407343662) <= 1e-12)
        // Undefined on [0.4, 0.6]: not negligible.
        #expect {
            _ = try Quadrature.integrate(from: 0, to: 1) { x in
                if x >= 0.4 && x <= 0.6 { throw Bad() }
                return x
            }
        } throws: { error in
            guard case .undefinedIntegrand(let at, _) = error as? QuadratureFailure else { return false }
            return at >= 0.4 && at <= 0.6
        }
        // log of a negative number on half the range.
        #expect {
            _ = try Quadrature.integrate(from: -1, to: 1) { log($0 + 0.5) }
        } throws: { error in
            guard case .undefinedIntegrand = error as? QuadratureFailure else { return false }
            return true
        }
    }

    @Test("a narrow peak far from the default centre is found when the centre and scale are given")
    func centreAndScale() throws {
        let d = try NormalDistribution(mean: 1000, variance: 1e-4)
        let r = try Quadrature.integrate(from: -.infinity, to: .infinity,
                                         options: QuadratureOptions(center: 1000, scale: 0.01)) { d.density(at: $0) }
        #expect(abs(r.value - 1) <= 1e-10)
        let semi = try Quadrature.integrate(from: -1e6, to: .infinity,
                                            options: QuadratureOptions(center: 1000, scale: 0.01)) { d.density(at: $0) }
        #expect(abs(semi.value - 1) <= 1e-10)
    }
}
