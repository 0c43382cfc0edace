// The Laplace (double exponential) distribution.
import Foundation
import Symbolic

/// The Laplace distribution with density e^{−|x−μ|/b}/(2b).
///
/// Sampling: μ ± b·E with E = −log(u), u uniform on (0, 1) from the top 53 bits of one draw
/// and the sign from its lowest bit (disjoint bits, so one draw per sample).
public struct LaplaceDistribution: UnivariateDistribution, Hashable {
    /// The location μ (mean and median).
    public let location: Double
    /// The scale b.
    public let scale: Double
    let logTwoScale: Double

    /// Laplace with finite location and positive finite scale.
    public init(location: Double, scale: Double) throws(DistributionError) {
        try ParameterCheck.finite(location, "location")
        try ParameterCheck.positive(scale, "scale")
        self.location = location
        self.scale = scale
        self.logTwoScale = Foundation.log(2 * scale)
    }

    /// The real line.
    public var support: DistributionSupport { .realLine }
    /// μ.
    public var mean: Double { location }
    /// 2b².
    public var variance: Double { 2 * scale * scale }

    /// e^{−|x−μ|/b}/(2b).
    public func density(at x: Double) -> Double {
        Foundation.exp(logDensity(at: x))
    }

    /// −|x−μ|/b − log 2b.
    public func logDensity(at x: Double) -> Double {
        -abs(x - location) / scale - logTwoScale
    }

    /// ½e^{(x−μ)/b} below μ, 1 − ½e^{−(x−μ)/b} above.
    public func cumulativeProbability(at x: Double) -> Double? {
        if x.isNaN { return .nan }
        let t = (x - location) / scale
        return t < 0 ? 0.5 * Foundation.exp(t) : 1 - 0.5 * Foundation.exp(-t)
    }

    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double {
        let bits = generator.next()
        let e = -Foundation.log((Double(bits >> 11) + 0.5) * 0x1.0p-53)
        return bits & 1 == 0 ? location + scale * e : location - scale * e
    }
}
