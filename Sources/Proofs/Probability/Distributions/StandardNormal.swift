// The standard normal distribution: density, CDF, log-CDF and quantile to full double
// accuracy, and the fast sampler.
//
// Implementation notes
// --------------------
// CDF. Φ(x) = ½·erfc(−x/√2). The argument −x/√2 is rounded, and erfc amplifies a relative
// argument error by about 2z² (z = x/√2), which costs up to ~10⁻¹³ relative accuracy at
// x = −37. We therefore compute the rounding error of the product exactly
// (`fma(x, c_hi, −z)` plus `x·c_lo`, where `c_hi + c_lo = 1/√2` to 106 bits) and apply the
// first-order correction erfc(z + δ) ≈ erfc(z) − (2/√π)·e^{−z²}·δ. What remains is libm's
// own erfc error (a few ulps in glibc).
//
// Log-CDF. log Φ(x) is `log1p(−Q(x))` for x > 0, `log(Φ(x))` down to x = −35 and below
// that the asymptotic series log φ(x) − log(−x) + log(1 − 1/x² + 3/x⁴ − 15/x⁶ + …) with
// 16 terms (the omitted term is below 10⁻³⁰ there).
//
// Quantile. Acklam's rational approximation (relative error < 1.2·10⁻⁹) refined by two
// Halley steps on Φ(x) − p, which is cubically convergent, so the result is at the accuracy
// of Φ itself. For p < 10⁻³⁰⁰ (where φ(x) underflows) the refinement is Newton on
// log Φ(x) − log p instead. For p > ½ the quantile is −quantile(1 − p), and 1 − p is exact
// there (Sterbenz).
//
// Sampling is the 256-layer ziggurat (see `Ziggurat`).
import Foundation
import Symbolic

/// The standard normal distribution N(0, 1): special functions to full double accuracy.
public enum StandardNormal {
    /// log √(2π).
    public static let logSquareRootTwoPi = 0.9189385332046728
    /// 1/√(2π).
    static let inverseSquareRootTwoPi = 0.3989422804014327
    /// 1/√2 split as a high and a low double.
    static let sqrtHalfHigh = 0.7071067811865476
    static let sqrtHalfLow = -4.833646656726457e-17
    /// 2/√π.
    static let twoOverSquareRootPi = 1.1283791670955126

    /// The density φ(x) = e^{−x²/2}/√(2π).
    public static func density(_ x: Double) -> Double {
        Foundation.exp(-0.5 * x * x) * inverseSquareRootTwoPi
    }

    /// log φ(x) = −x²/2 − log √(2π).
    public static func logDensity(_ x: Double) -> Double {
        -0.5 * x * x - logSquareRootTwoPi
    }

    /// Φ(x) = P(Z ≤ x), accurate to a few ulps over the whole range, including the far
    /// lower tail (relative accuracy) and subnormal results.
    public static func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 1 }
        if x == -.infinity { return 0 }
        return halfErfc(-x)
    }

    /// Q(x) = 1 − Φ(x) = P(Z > x), accurate in the upper tail.
    public static func complementaryCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 0 }
        if x == -.infinity { return 1 }
        return halfErfc(x)
    }

    /// ½·erfc(y/√2) = Q(y), with the rounding of y/√2 compensated.
    static func halfErfc(_ y: Double) -> Double {
        let z = y * sqrtHalfHigh
        // Exact residual of the product y·c_hi, plus the contribution of c_lo.
        let residual = fma(y, sqrtHalfHigh, -z) + y * sqrtHalfLow
        let e = erfc(z)
        if residual == 0 || e == 0 { return 0.5 * e }
        let slope = twoOverSquareRootPi * Foundation.exp(-z * z)
        return 0.5 * (e - slope * residual)
    }

    /// log Φ(x), accurate for every x (including x → −∞, where Φ underflows).
    public static func logCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 0 }
        if x == -.infinity { return -.infinity }
        if x > 0 { return Foundation.log1p(-complementaryCDF(x)) }
        if x >= -35 { return Foundation.log(cdf(x)) }
        // Asymptotic series: Φ(x) = φ(x)/|x| · Σ (−1)^k (2k−1)!!/x^{2k}.
        let inverseSquare = 1 / (x * x)
        var term = 1.0, series = 1.0
        for k in 1...16 {
            term *= -Double(2 * k - 1) * inverseSquare
            series += term
        }
        return logDensity(x) - Foundation.log(-x) + Foundation.log(series)
    }

    /// The quantile Φ⁻¹(p): the x with Φ(x) = p. Returns −∞ at 0, +∞ at 1 and NaN outside
    /// [0, 1]. Accurate to the accuracy of Φ (a few ulps), except that near p = ½ the
    /// accuracy is absolute (about 10⁻¹⁶), as p itself carries no more information there.
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// The upper quantile: the x with Q(x) = P(Z > x) = q, i.e. −Φ⁻¹(q). Use it for tail
    /// thresholds (e.g. `upperQuantile(α/2)` for a two-sided test at level α), which keeps
    /// full relative accuracy for tiny q.
    public static func upperQuantile(_ q: Double) -> Double {
        -quantile(q)
    }

    /// Φ⁻¹(p) for 0 < p ≤ ½.
    static func lowerQuantile(_ p: Double) -> Double {
        var x = acklam(p)
        if p < 1e-300 {
            // Newton on g(x) = log Φ(x) − log p, g'(x) = φ(x)/Φ(x).
            let logP = Foundation.log(p)
            for _ in 0..<4 {
                let logPhi = logCDF(x)
                let step = (logPhi - logP) * Foundation.exp(logPhi - logDensity(x))
                x -= step
            }
            return x
        }
        for _ in 0..<2 {
            let e = cdf(x) - p
            let u = e / density(x)
            x -= u / (1 + 0.5 * x * u)
        }
        return x
    }

    /// Acklam's rational approximation to Φ⁻¹(p) for 0 < p ≤ ½ (relative error < 1.2·10⁻⁹).
    static func acklam(_ p: Double) -> Double {
        let a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
        let b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01)
        let c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
        let d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00)
        if p < 0.02425 {
            let q = (-2 * Foundation.log(p)).squareRoot()
            let num = ((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5
            let den = (((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1
            return num / den
        }
        let q = p - 0.5
        let r = q * q
        let num = (((((a.0 * r + a.1) * r + a.2) * r + a.3) * r + a.4) * r + a.5) * q
        let den = ((((b.0 * r + b.1) * r + b.2) * r + b.3) * r + b.4) * r + 1
        return num / den
    }

    /// One standard normal sample (ziggurat; one 64-bit draw in about 99% of calls).
    @inline(__always)
    public static func sample(using generator: inout RandomSource) -> Double {
        let tables = Ziggurat.tables
        return Ziggurat.next(tables.x, tables.f, &generator)
    }

    /// Fills `buffer` with standard normal samples, without allocating; identical to calling
    /// `sample` once per element.
    public static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        let tables = Ziggurat.tables
        let x = tables.x, f = tables.f
        for i in 0..<count { base[i] = Ziggurat.next(x, f, &generator) }
    }
}
