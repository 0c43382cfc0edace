// The exponential distribution with a rate.
import Foundation
import Symbolic

/// The exponential distribution with density λe^{−λx} on [0, ∞).
///
/// Sampling: inversion, −log(u)/λ with u uniform on the open interval (0, 1) (one draw).
public struct ExponentialDistribution: UnivariateDistribution, Hashable {
    /// The rate λ.
    public let rate: Double
    let logRate: Double

    /// Exponential with rate λ > 0 (finite).
    public init(rate: Double) throws(DistributionError) {
        try ParameterCheck.positive(rate, "rate")
        self.rate = rate
        self.logRate = Foundation.log(rate)
    }

    /// `[0, ∞)`.
    public var support: DistributionSupport { .interval(lower: 0, upper: .infinity) }
    /// 1/λ.
    public var mean: Double { 1 / rate }
    /// 1/λ².
    public var variance: Double { 1 / (rate * rate) }

    /// λe^{−λx} for x ≥ 0.
    public func density(at x: Double) -> Double {
        x >= 0 ? rate * Foundation.exp(-rate * x) : 0
    }

    /// log λ − λx for x ≥ 0.
    public func logDensity(at x: Double) -> Double {
        x >= 0 ? logRate - rate * x : (x.isNaN ? .nan : -.infinity)
    }

    /// 1 − e^{−λx} (via expm1).
    public func cumulativeProbability(at x: Double) -> Double? {
        if x.isNaN { return .nan }
        return x <= 0 ? 0 : -Foundation.expm1(-rate * x)
    }

    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double {
        -Foundation.log(UniformBits.openUnit(&generator)) / rate
    }
}
