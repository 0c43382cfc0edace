// The beta distribution on [0, 1].
import Foundation
import Symbolic

/// The beta distribution with density x^{a−1}(1 − x)^{b−1}/B(a, b) on [0, 1].
///
/// Sampling: X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Marsaglia–Tsang); when a shape is
/// below 1 it is formed from log X and log Y as 1/(1 + e^{log Y − log X}) so tiny shapes do
/// not underflow to 0/0.
public struct BetaDistribution: UnivariateDistribution, Hashable {
    /// The first shape a.
    public let a: Double
    /// The second shape b.
    public let b: Double
    let logBeta: Double
    let samplerA: MarsagliaTsang
    let samplerB: MarsagliaTsang

    /// Beta(a, b) with both shapes positive and finite.
    public init(a: Double, b: Double) throws(DistributionError) {
        try ParameterCheck.positive(a, "a")
        try ParameterCheck.positive(b, "b")
        self.a = a
        self.b = b
        self.logBeta = SpecialFunctions.logBeta(a, b)
        self.samplerA = MarsagliaTsang(shape: a)
        self.samplerB = MarsagliaTsang(shape: b)
    }

    /// `[0, 1]`.
    public var support: DistributionSupport { .interval(lower: 0, upper: 1) }
    /// a/(a + b).
    public var mean: Double { a / (a + b) }
    /// ab/((a + b)²(a + b + 1)).
    public var variance: Double {
        let s = a + b
        return a * b / (s * s * (s + 1))
    }

    /// The density (+∞ at an endpoint whose shape is below 1).
    public func density(at x: Double) -> Double {
        Foundation.exp(logDensity(at: x))
    }

    /// (a − 1) log x + (b − 1) log(1 − x) − log B(a, b).
    public func logDensity(at x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x > 1 { return -.infinity }
        if x == 0 { return endpoint(a) }
        if x == 1 { return endpoint(b) }
        return (a - 1) * Foundation.log(x) + (b - 1) * Foundation.log1p(-x) - logBeta
    }

    private func endpoint(_ shape: Double) -> Double {
        if shape < 1 { return .infinity }
        return shape == 1 ? -logBeta : -.infinity
    }

    /// Not cheap (regularised incomplete beta): `nil`.
    public func cumulativeProbability(at x: Double) -> Double? { nil }

    /// One sample.
    public func sample(using generator: inout RandomSource) -> Double {
        if a >= 1 && b >= 1 {
            // Neither gamma variate can underflow: plain X/(X + Y).
            let x = samplerA.sample(using: &generator), y = samplerB.sample(using: &generator)
            return x / (x + y)
        }
        let lx = samplerA.logSample(using: &generator)
        let ly = samplerB.logSample(using: &generator)
        let d = ly - lx
        if d.isNaN { return .nan }
        if d > 0 {
            let e = Foundation.exp(-d)
            return e / (1 + e)
        }
        return 1 / (1 + Foundation.exp(d))
    }
}
