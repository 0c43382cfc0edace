// The Bernoulli distribution on {0, 1}.
import Foundation
import Symbolic

/// The Bernoulli distribution: P(1) = p, P(0) = 1 − p.
///
/// Sampling: 1 if u < p else 0, with u the top 53 bits of one draw scaled to [0, 1) (so p = 0
/// never gives 1 and p = 1 always does).
public struct BernoulliDistribution: UnivariateDistribution, Hashable {
    /// The probability of 1.
    public let p: Double

    /// Bernoulli(p) with p in [0, 1].
    public init(p: Double) throws(DistributionError) {
        guard p.isFinite, p >= 0, p <= 1 else { throw .probabilityOutOfRange(index: 0, value: p) }
        self.p = p
    }

    /// {0, 1}.
    public var support: DistributionSupport { .finite([0, 1]) }
    /// p.
    public var mean: Double { p }
    /// p(1 − p).
    public var variance: Double { p * (1 - p) }

    /// P(X = x).
    public func density(at x: Double) -> Double {
        x == 1 ? p : (x == 0 ? 1 - p : (x.isNaN ? .nan : 0))
    }

    /// log P(X = x) (log1p for the complement).
    public func logDensity(at x: Double) -> Double {
        if x == 1 { return Foundation.log(p) }
        if x == 0 { return Foundation.log1p(-p) }
        return x.isNaN ? .nan : -.infinity
    }

    /// P(X ≤ x).
    public func cumulativeProbability(at x: Double) -> Double? {
        if x.isNaN { return .nan }
        return x < 0 ? 0 : (x < 1 ? 1 - p : 1)
    }

    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double {
        UniformBits.unit(&generator) < p ? 1 : 0
    }
}
