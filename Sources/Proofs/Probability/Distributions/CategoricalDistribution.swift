// The categorical distribution on {0, 1, …, k − 1}.
import Symbolic

/// The categorical distribution: P(X = i) = probabilities[i] for i = 0, …, k − 1.
///
/// Sampling: inversion by binary search over the cumulative probabilities (one draw), as
/// `FiniteTableDistribution`.
public struct CategoricalDistribution: UnivariateDistribution, Hashable {
    /// The underlying table on 0, …, k − 1.
    let table: FiniteTableDistribution

    /// Categorical with probabilities in [0, 1] summing to 1 within 1e-12.
    public init(probabilities: [Double]) throws(DistributionError) {
        try ParameterCheck.probabilities(probabilities)
        table = FiniteTableDistribution(sortedValues: probabilities.indices.map(Double.init), probabilities: probabilities)
    }

    /// The probabilities of 0, …, k − 1.
    public var probabilities: [Double] { table.probabilities }
    /// {0, …, k − 1}.
    public var support: DistributionSupport { table.support }
    /// Σ i·pᵢ.
    public var mean: Double { table.mean }
    /// Σ (i − mean)²·pᵢ.
    public var variance: Double { table.variance }
    /// P(X = x).
    public func density(at x: Double) -> Double { table.density(at: x) }
    /// log P(X = x).
    public func logDensity(at x: Double) -> Double { table.logDensity(at: x) }
    /// P(X ≤ x).
    public func cumulativeProbability(at x: Double) -> Double? { table.cumulativeProbability(at: x) }
    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double { table.sample(using: &generator) }
}
