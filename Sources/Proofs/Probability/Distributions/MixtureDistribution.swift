// Finite mixtures of distributions.
//
// Implementation notes
// --------------------
// Density Σ wᵢpᵢ(x); the log-density is a log-sum-exp of log wᵢ + log pᵢ(x), so it stays
// accurate where every component density underflows. Mean Σ wᵢμᵢ and variance
// Σ wᵢ(σᵢ² + (μᵢ − μ)²) (law of total variance, centred to avoid cancellation). Sampling
// draws the component index by inversion over the weights (one draw, as
// `FiniteTableDistribution`) and then one sample of that component.
import Foundation
import Symbolic

/// A mixture Σ wᵢ·Dᵢ of distributions that are all continuous or all discrete.
///
/// Sampling: one draw picks the component (inversion over the weights), then the component
/// samples.
public struct MixtureDistribution: UnivariateDistribution, Hashable {
    /// The weights (summing to 1 within 1e-12).
    public let weights: [Double]
    /// The components.
    public let components: [Distribution]
    let selector: FiniteTableDistribution
    /// Σ wᵢμᵢ.
    public let mean: Double
    /// Σ wᵢ(σᵢ² + (μᵢ − μ)²).
    public let variance: Double
    /// The union of the supports of the positive-weight components (for continuous
    /// components: the smallest interval containing them).
    public let support: DistributionSupport

    /// A mixture; throws unless the weights are probabilities summing to 1 (within 1e-12),
    /// the counts match, and the components are all discrete or all continuous.
    public init(weights: [Double], components: [Distribution]) throws(DistributionError) {
        guard weights.count == components.count else {
            throw .countMismatch(values: components.count, probabilities: weights.count)
        }
        try ParameterCheck.probabilities(weights)
        let discrete = components[0].isDiscrete
        guard components.allSatisfy({ $0.isDiscrete == discrete }) else { throw .mixedSupports }
        self.weights = weights
        self.components = components
        selector = FiniteTableDistribution(sortedValues: weights.indices.map(Double.init), probabilities: weights)
        var m = CompensatedSum()
        for (w, c) in zip(weights, components) where w > 0 { m.add(w * c.mean) }
        let mean = m.value
        var v = CompensatedSum()
        for (w, c) in zip(weights, components) where w > 0 {
            let d = c.mean - mean
            v.add(w * (c.variance + d * d))
        }
        self.mean = mean
        self.variance = v.value
        let active = zip(weights, components).filter { $0.0 > 0 }.map(\.1)
        if discrete {
            var all = [Double]()
            for c in active {
                if case .finite(let values) = c.support { all.append(contentsOf: values) }
            }
            all.sort()
            var unique = [Double]()
            for x in all where unique.last != x { unique.append(x) }
            support = .finite(unique)
        } else {
            var lower = Double.infinity, upper = -Double.infinity
            for c in active {
                let b = c.support.bounds
                lower = min(lower, b.lower)
                upper = max(upper, b.upper)
            }
            support = lower == -.infinity && upper == .infinity ? .realLine : .interval(lower: lower, upper: upper)
        }
    }

    /// Σ wᵢpᵢ(x).
    public func density(at x: Double) -> Double {
        var s = CompensatedSum()
        for (w, c) in zip(weights, components) where w > 0 { s.add(w * c.density(at: x)) }
        return s.value
    }

    /// log Σ exp(log wᵢ + log pᵢ(x)).
    public func logDensity(at x: Double) -> Double {
        if x.isNaN { return .nan }
        // Streaming log-sum-exp: m is the running maximum, s the sum of exp(term − m).
        var m = -Double.infinity, s = 0.0
        for (w, c) in zip(weights, components) where w > 0 {
            let t = Foundation.log(w) + c.logDensity(at: x)
            if t.isNaN || t == .infinity { return t }
            if t == -.infinity { continue }
            if t > m {
                s = s * Foundation.exp(m - t) + 1
                m = t
            } else {
                s += Foundation.exp(t - m)
            }
        }
        return m == -.infinity ? m : m + Foundation.log(s)
    }

    /// Σ wᵢFᵢ(x) when every positive-weight component has a cheap CDF.
    public func cumulativeProbability(at x: Double) -> Double? {
        var s = CompensatedSum()
        for (w, c) in zip(weights, components) where w > 0 {
            guard let f = c.cumulativeProbability(at: x) else { return nil }
            s.add(w * f)
        }
        return min(max(s.value, 0), 1)
    }

    /// One sample: one draw for the component, then the component's sample.
    public func sample(using generator: inout RandomSource) -> Double {
        let k = selector.index(for: UniformBits.unit(&generator))
        return components[k].sample(using: &generator)
    }
}
