// The univariate normal distribution N(μ, σ²).
import Foundation
import Symbolic

/// The normal distribution N(μ, σ²), parameterised by mean and **variance** (as in
/// `normal(x; mean, variance)`).
///
/// Sampling: μ + σ·z with z from the 256-layer ziggurat (`StandardNormal.sample`), one
/// 64-bit draw per sample in about 99% of cases.
public struct NormalDistribution: UnivariateDistribution, Hashable {
    /// The mean μ.
    public let mean: Double
    /// The variance σ².
    public let variance: Double
    /// The standard deviation σ.
    public let standardDeviation: Double
    /// log σ + log √(2π).
    let logNormalizer: Double

    /// N(mean, variance). Throws unless both are finite and the variance is positive.
    public init(mean: Double, variance: Double) throws(DistributionError) {
        try ParameterCheck.finite(mean, "mean")
        try ParameterCheck.positive(variance, "variance")
        self.mean = mean
        self.variance = variance
        self.standardDeviation = variance.squareRoot()
        self.logNormalizer = 0.5 * Foundation.log(variance) + StandardNormal.logSquareRootTwoPi
    }

    /// N(mean, standardDeviation²). Throws unless both are finite and σ is positive (and
    /// σ² does not overflow or underflow to 0).
    public init(mean: Double, standardDeviation: Double) throws(DistributionError) {
        try ParameterCheck.positive(standardDeviation, "standard deviation")
        try self.init(mean: mean, variance: standardDeviation * standardDeviation)
    }

    /// N(0, 1).
    public static let standard = NormalDistribution(uncheckedMean: 0, variance: 1)

    private init(uncheckedMean mean: Double, variance: Double) {
        self.mean = mean
        self.variance = variance
        self.standardDeviation = variance.squareRoot()
        self.logNormalizer = 0.5 * Foundation.log(variance) + StandardNormal.logSquareRootTwoPi
    }

    /// The real line.
    public var support: DistributionSupport { .realLine }

    /// The density.
    public func density(at x: Double) -> Double {
        Foundation.exp(logDensity(at: x))
    }

    /// −(x − μ)²/(2σ²) − log σ − log √(2π), exact in the tails.
    public func logDensity(at x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - logNormalizer
    }

    /// Φ((x − μ)/σ).
    public func cumulativeProbability(at x: Double) -> Double? {
        StandardNormal.cdf((x - mean) / standardDeviation)
    }

    /// log Φ((x − μ)/σ), accurate far into the lower tail.
    public func logCumulativeProbability(at x: Double) -> Double {
        StandardNormal.logCDF((x - mean) / standardDeviation)
    }

    /// The quantile μ + σ·Φ⁻¹(p).
    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * StandardNormal.quantile(p)
    }

    /// One sample.
    public func sample(using generator: inout RandomSource) -> Double {
        mean + standardDeviation * StandardNormal.sample(using: &generator)
    }

    /// Fills `buffer` with samples (ziggurat and the affine map in one pass).
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource) {
        guard let base = buffer.baseAddress else { return }
        let tables = Ziggurat.tables
        let x = tables.x, f = tables.f
        let m = mean, s = standardDeviation
        for i in 0..<buffer.count { base[i] = m + s * Ziggurat.next(x, f, &generator) }
    }
}
