// The multivariate normal with a diagonal covariance: a product of univariate normals.
import Foundation
import Symbolic

/// N(μ, diag(σ²)) on ℝᵈ: independent normal coordinates.
///
/// Sampling: the d coordinates in order, each by the ziggurat (`NormalDistribution`).
public struct DiagonalNormalDistribution: Sendable, Hashable {
    /// The coordinates.
    public let coordinates: [NormalDistribution]

    /// N(means, diag(variances)); throws unless the dimensions agree (≥ 1) and every
    /// coordinate is a valid normal.
    public init(means: [Double], variances: [Double]) throws(DistributionError) {
        guard !means.isEmpty else { throw .noOutcomes }
        guard means.count == variances.count else { throw .dimensionMismatch(expected: means.count, got: variances.count) }
        var coordinates = [NormalDistribution]()
        coordinates.reserveCapacity(means.count)
        for (m, v) in zip(means, variances) { coordinates.append(try NormalDistribution(mean: m, variance: v)) }
        self.coordinates = coordinates
    }

    /// The dimension d.
    public var dimension: Int { coordinates.count }
    /// The mean vector.
    public var mean: [Double] { coordinates.map(\.mean) }
    /// The diagonal of the covariance.
    public var variance: [Double] { coordinates.map(\.variance) }

    /// Σ log pᵢ(xᵢ); throws on a dimension mismatch.
    public func logDensity(at x: UnsafeBufferPointer<Double>) throws(DistributionError) -> Double {
        guard x.count == dimension else { throw .dimensionMismatch(expected: dimension, got: x.count) }
        var s = 0.0
        for i in 0..<dimension { s += coordinates[i].logDensity(at: x[i]) }
        return s
    }

    /// Σ log pᵢ(xᵢ); throws on a dimension mismatch.
    public func logDensity(at x: [Double]) throws(DistributionError) -> Double {
        guard x.count == dimension else { throw .dimensionMismatch(expected: dimension, got: x.count) }
        var s = 0.0
        for i in 0..<dimension { s += coordinates[i].logDensity(at: x[i]) }
        return s
    }

    /// ∏ pᵢ(xᵢ) = exp(Σ log pᵢ(xᵢ)).
    public func density(at x: [Double]) throws(DistributionError) -> Double {
        Foundation.exp(try logDensity(at: x))
    }

    /// One sample vector.
    public func sample(using generator: inout RandomSource) -> [Double] {
        coordinates.map { $0.sample(using: &generator) }
    }

    /// Fills `buffer` with `buffer.count / d` sample vectors, row-major (coordinate i of
    /// sample k at `k·d + i`); throws unless the count is a multiple of d. Identical to that
    /// many `sample` calls.
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource) throws(DistributionError) {
        let d = dimension
        guard buffer.count % d == 0 else { throw .dimensionMismatch(expected: d, got: buffer.count % d) }
        guard let base = buffer.baseAddress else { return }
        var k = 0
        while k < buffer.count {
            for i in 0..<d { base[k + i] = coordinates[i].sample(using: &generator) }
            k += d
        }
    }
}
