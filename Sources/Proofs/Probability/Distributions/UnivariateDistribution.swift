// The common interface of the scalar distributions.
import Symbolic

/// A probability distribution on the real line, continuous (with a density) or discrete
/// (with a probability mass function on a finite set).
///
/// Conventions shared by every conforming type:
/// * `density(at:)` is the density for continuous distributions and the probability mass for
///   discrete ones; both are 0 outside the support, and `logDensity(at:)` is then `-∞`.
///   `logDensity` is computed directly in log space, so it stays accurate where the density
///   underflows (far tails).
/// * Sampling consumes a documented number of draws from the generator and is deterministic:
///   `fill` produces exactly the values that the same number of `sample` calls would.
/// * `mean` and `variance` are closed forms.
public protocol UnivariateDistribution: Sendable {
    /// Where the distribution puts its mass.
    var support: DistributionSupport { get }
    /// The mean (closed form).
    var mean: Double { get }
    /// The variance (closed form).
    var variance: Double { get }
    /// The density (continuous) or probability mass (discrete) at `x`.
    func density(at x: Double) -> Double
    /// The natural logarithm of `density(at:)`, computed in log space.
    func logDensity(at x: Double) -> Double
    /// P(X ≤ x) where it is cheap to compute accurately; `nil` for families without a
    /// cheap CDF (beta, gamma, mixtures of those).
    func cumulativeProbability(at x: Double) -> Double?
    /// One sample.
    func sample(using generator: inout RandomSource) -> Double
    /// Fills `buffer` with independent samples, without allocating per sample.
    func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource)
}

extension UnivariateDistribution {
    /// Whether the distribution is discrete (finite support).
    public var isDiscrete: Bool { support.isFinite }

    /// The standard deviation, `sqrt(variance)`.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Fills `buffer` by calling `sample` once per element.
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource) {
        for i in buffer.indices { buffer[i] = sample(using: &generator) }
    }
}
