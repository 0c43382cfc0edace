// The gamma distribution (shape, rate) and the Marsaglia–Tsang sampler.
//
// Implementation notes
// --------------------
// Sampling (Marsaglia & Tsang 2000, "A simple method for generating gamma variables"): for
// shape α ≥ 1 let d = α − 1/3, c = 1/√(9d); draw z ~ N(0, 1) and v = (1 + cz)³ until v > 0
// and, with u uniform on (0, 1), either u < 1 − 0.0331z⁴ (the squeeze) or
// log u < z²/2 + d(1 − v + log v); then d·v ~ Gamma(α, 1). Acceptance is above 95% for
// every α ≥ 1. For α < 1 we use Gamma(α) = Gamma(α + 1)·U^{1/α}, computed in log space
// (`logStandardSample`) so that Beta sampling with tiny shapes does not underflow. The
// result is divided by the rate.
import Foundation
import Symbolic

/// The gamma distribution with density β^α x^{α−1} e^{−βx}/Γ(α) on [0, ∞), parameterised by
/// shape α and **rate** β (as in `gamma(t; shape, rate)`).
///
/// Sampling: Marsaglia–Tsang (one normal and one uniform per attempt, acceptance > 95%);
/// shapes below 1 are boosted by U^{1/α}.
public struct GammaDistribution: UnivariateDistribution, Hashable {
    /// The shape α.
    public let shape: Double
    /// The rate β.
    public let rate: Double
    let logNormalizer: Double
    let sampler: MarsagliaTsang

    /// Gamma(shape, rate) with both positive and finite.
    public init(shape: Double, rate: Double) throws(DistributionError) {
        try ParameterCheck.positive(shape, "shape")
        try ParameterCheck.positive(rate, "rate")
        self.shape = shape
        self.rate = rate
        self.logNormalizer = shape * Foundation.log(rate) - SpecialFunctions.logGamma(shape)
        self.sampler = MarsagliaTsang(shape: shape)
    }

    /// `[0, ∞)`.
    public var support: DistributionSupport { .interval(lower: 0, upper: .infinity) }
    /// α/β.
    public var mean: Double { shape / rate }
    /// α/β².
    public var variance: Double { shape / (rate * rate) }

    /// The density (+∞ at 0 when α < 1).
    public func density(at x: Double) -> Double {
        Foundation.exp(logDensity(at: x))
    }

    /// α log β + (α − 1) log x − βx − log Γ(α).
    public func logDensity(at x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 { return -.infinity }
        if x == 0 {
            if shape < 1 { return .infinity }
            return shape == 1 ? logNormalizer : -.infinity
        }
        if x == .infinity { return -.infinity }
        return logNormalizer + (shape - 1) * Foundation.log(x) - rate * x
    }

    /// Not cheap (regularised incomplete gamma): `nil`.
    public func cumulativeProbability(at x: Double) -> Double? { nil }

    /// One sample.
    public func sample(using generator: inout RandomSource) -> Double {
        sampler.sample(using: &generator) / rate
    }
}

/// Marsaglia–Tsang sampling of Gamma(α, 1), with the constants precomputed.
struct MarsagliaTsang: Sendable, Hashable {
    /// The shape.
    let shape: Double
    /// d = α' − 1/3 and c = 1/√(9d) for α' = α if α ≥ 1, else α + 1.
    let d: Double
    let c: Double

    init(shape: Double) {
        self.shape = shape
        let boosted = shape < 1 ? shape + 1 : shape
        d = boosted - 1.0 / 3.0
        c = 1 / (9 * d).squareRoot()
    }

    /// A Gamma(α', 1) sample for α' ≥ 1 (NaN after `maximumRejectionAttempts` rejections).
    @inline(__always)
    func core(using generator: inout RandomSource) -> Double {
        for _ in 0..<maximumRejectionAttempts {
            let z = StandardNormal.sample(using: &generator)
            let t = 1 + c * z
            if t <= 0 { continue }
            let v = t * t * t
            let u = UniformBits.openUnit(&generator)
            let z2 = z * z
            if u < 1 - 0.0331 * z2 * z2 { return d * v }
            if Foundation.log(u) < 0.5 * z2 + d * (1 - v + Foundation.log(v)) { return d * v }
        }
        return .nan
    }

    /// A Gamma(α, 1) sample.
    func sample(using generator: inout RandomSource) -> Double {
        let g = core(using: &generator)
        if shape >= 1 { return g }
        return g * Foundation.pow(UniformBits.openUnit(&generator), 1 / shape)
    }

    /// log of a Gamma(α, 1) sample, without underflow for tiny α.
    func logSample(using generator: inout RandomSource) -> Double {
        let g = core(using: &generator)
        if shape >= 1 { return Foundation.log(g) }
        return Foundation.log(g) + Foundation.log(UniformBits.openUnit(&generator)) / shape
    }
}
