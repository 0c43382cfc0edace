// Shared helpers for the probability tests: statistical checks with stated false-failure
// rates, and python3 (scipy, mpmath) as an oracle, skipped cleanly when absent.
import Foundation
import Testing
@testable import Proofs
import Symbolic

/// Statistical checks. Every check below fails a *correct* sampler with probability at most
/// `falseFailureRate` = 1e-7 (two-sided, asymptotically — the CLT regime, n ≥ 10⁴ here), so
/// with the ~200 checks of this suite a false alarm on some seed has probability < 2·10⁻⁵.
/// The seeds are fixed arguments, so a run is deterministic anyway; the rate is what one
/// risks when changing seeds.
enum StatCheck {
    /// The per-check false-failure rate.
    static let falseFailureRate = 1e-7
    /// Φ⁻¹(1 − 1e-7/2) = 5.326723886384496 (scipy.stats.norm.isf(0.5e-7)), hard-coded so the
    /// checks do not depend on the code under test.
    static let zThreshold = 5.326723886384496

    /// Draws `n` samples with `fill`.
    static func samples(_ d: some UnivariateDistribution, n: Int, seed: UInt64) -> [Double] {
        var g = RandomSource(seed: seed)
        var out = [Double](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer { d.fill($0, using: &g) }
        return out
    }

    /// z of the sample mean against `mean` with known variance.
    static func meanZ(_ xs: [Double], mean: Double, variance: Double) -> Double {
        let m = xs.reduce(0, +) / Double(xs.count)
        return (m - mean) / (variance / Double(xs.count)).squareRoot()
    }

    /// z of the sample variance against `variance`, with the standard error
    /// √((m̂₄ − s⁴)/n) estimated from the sample's fourth central moment.
    static func varianceZ(_ xs: [Double], variance: Double) -> Double {
        let n = Double(xs.count)
        let m = xs.reduce(0, +) / n
        var m2 = 0.0, m4 = 0.0
        for x in xs {
            let d = (x - m) * (x - m)
            m2 += d
            m4 += d * d
        }
        let s2 = m2 / (n - 1)
        let se = ((m4 / n - s2 * s2) / n).squareRoot()
        return (s2 - variance) / se
    }

    /// The asymptotic Kolmogorov–Smirnov p-value of a sample against a continuous CDF
    /// (Stephens' finite-n correction).
    static func kolmogorovSmirnovPValue(_ xs: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = xs.sorted()
        return kolmogorovSmirnovPValue(sortedCDFValues: sorted.map(cdf))
    }

    /// The KS p-value given F(x₍ᵢ₎) at the sorted sample.
    static func kolmogorovSmirnovPValue(sortedCDFValues f: [Double]) -> Double {
        let n = Double(f.count)
        var d = 0.0
        for (i, fi) in f.enumerated() {
            d = max(d, Double(i + 1) / n - fi, fi - Double(i) / n)
        }
        let sn = n.squareRoot()
        let t = (sn + 0.12 + 0.11 / sn) * d
        // Q_KS(t) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²t²}.
        var q = 0.0
        for k in 1...100 {
            let term = 2 * exp(-2 * Double(k * k) * t * t)
            q += k % 2 == 1 ? term : -term
            if term < 1e-300 { break }
        }
        return min(max(q, 0), 1)
    }

    /// P(χ²_k > x), exactly (closed forms for integer k).
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        if x <= 0 { return 1 }
        if k % 2 == 0 {
            var term = 1.0, sum = 1.0
            for j in 1..<(k / 2) {
                term *= (x / 2) / Double(j)
                sum += term
            }
            return exp(-x / 2) * sum
        }
        var sum = 0.0
        if k >= 3 {
            var term = (2 * x / Double.pi).squareRoot()
            sum = term
            var j = 1
            while 2 * j + 1 <= k - 2 {
                term *= x / Double(2 * j + 1)
                sum += term
                j += 1
            }
        }
        return erfc((x / 2).squareRoot()) + exp(-x / 2) * sum
    }

    /// Pearson's chi-square p-value of observed counts against expected probabilities
    /// (cells with expected count < 5 are pooled with their neighbour).
    static func chiSquarePValue(observed: [Int], probabilities: [Double]) -> Double {
        let n = Double(observed.reduce(0, +))
        var cells = [(o: Double, e: Double)]()
        var o = 0.0, e = 0.0
        for (count, p) in zip(observed, probabilities) {
            o += Double(count)
            e += p * n
            if e >= 5 {
                cells.append((o, e))
                o = 0
                e = 0
            }
        }
        if e > 0 || o > 0 {
            if cells.isEmpty { cells.append((o, e)) } else { cells[cells.count - 1].o += o; cells[cells.count - 1].e += e }
        }
        let stat = cells.reduce(0.0) { $0 + ($1.o - $1.e) * ($1.o - $1.e) / $1.e }
        return chiSquareSurvival(stat, degreesOfFreedom: cells.count - 1)
    }
}

/// ∫ₐᵇ of a distribution's density by quadrature, centred on the distribution. For a beta
/// density the part above ½ is computed by reflection, ∫ₐᵇ p_{a,b} = ∫_{1−b}^{1−a} p_{b,a},
/// because doubles near 1 are 10⁻¹⁶ apart and an endpoint singularity there (shape < 1) puts
/// mass within one ulp of 1 that no quadrature in x can resolve (for Beta(0.05, 0.1) about
/// 1% of it); near 0 doubles are dense enough.
func integrateDensity(_ d: Distribution, from a: Double, to b: Double) throws -> Double {
    let options = QuadratureOptions(center: d.mean, scale: d.standardDeviation)
    if case .beta(let beta) = d {
        let reflected = Distribution.beta(try BetaDistribution(a: beta.b, b: beta.a))
        var total = 0.0
        if a < 0.5 {
            total += try Quadrature.integrate(from: a, to: min(b, 0.5), options: options) { d.density(at: $0) }.value
        }
        if b > 0.5 {
            total += try Quadrature.integrate(from: 1 - b, to: 1 - max(a, 0.5), options: options) { reflected.density(at: $0) }.value
        }
        return total
    }
    return try Quadrature.integrate(from: a, to: b, options: options) { d.density(at: $0) }.value
}

/// python3 with scipy and mpmath as an oracle.
enum ProbabilityOracle {
    /// Whether `python3` can import scipy and mpmath.
    static let isAvailable: Bool = Python3.canImport(["scipy", "mpmath"])

    /// Runs a script and returns its standard output.
    static func run(_ script: String) throws -> String { try Python3.run(script) }

    /// Runs a script that prints one float per line (repr) and parses them.
    static func numbers(_ script: String) throws -> [Double] {
        try run(script).split(whereSeparator: \.isNewline).map { line in
            guard let v = Double(line.trimmingCharacters(in: .whitespaces)) else { throw OracleError.failed }
            return v
        }
    }

    enum OracleError: Error { case failed }
}

/// Relative difference |a − b|/|b| (absolute when b = 0).
func relativeError(_ a: Double, _ b: Double) -> Double {
    b == 0 ? abs(a) : abs(a - b) / abs(b)
}
