// The continuous uniform distribution on [low, high].
import Foundation
import Symbolic

/// The uniform distribution on `[low, high]`.
///
/// Sampling: `low + (high − low)·u` with u the top 53 bits of one draw scaled to [0, 1).
public struct UniformDistribution: UnivariateDistribution, Hashable {
    /// The lower bound.
    public let low: Double
    /// The upper bound.
    public let high: Double
    let width: Double

    /// Uniform on `[low, high]`; throws unless both are finite, `low < high` and the width
    /// is finite.
    public init(low: Double, high: Double) throws(DistributionError) {
        try ParameterCheck.finite(low, "low")
        try ParameterCheck.finite(high, "high")
        let width = high - low
        guard low < high, width.isFinite else { throw .emptyInterval(lower: low, upper: high) }
        self.low = low
        self.high = high
        self.width = width
    }

    /// `[low, high]`.
    public var support: DistributionSupport { .interval(lower: low, upper: high) }
    /// (low + high)/2.
    public var mean: Double { 0.5 * low + 0.5 * high }
    /// (high − low)²/12.
    public var variance: Double { width * width / 12 }

    /// 1/(high − low) on the support, else 0.
    public func density(at x: Double) -> Double {
        x >= low && x <= high ? 1 / width : 0
    }

    /// −log(high − low) on the support, else −∞.
    public func logDensity(at x: Double) -> Double {
        x >= low && x <= high ? -Foundation.log(width) : (x.isNaN ? .nan : -.infinity)
    }

    /// (x − low)/(high − low), clamped to [0, 1].
    public func cumulativeProbability(at x: Double) -> Double? {
        if x.isNaN { return .nan }
        if x <= low { return 0 }
        if x >= high { return 1 }
        return (x - low) / width
    }

    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double {
        low + width * UniformBits.unit(&generator)
    }
}
