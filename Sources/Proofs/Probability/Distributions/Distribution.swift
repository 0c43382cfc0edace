// Any scalar distribution, as a value.
import Symbolic

/// A scalar distribution of any supported family, as one value type. Forwards the
/// `UnivariateDistribution` interface to the wrapped family (the switch happens once per
/// call, so `fill` stays a tight loop).
public enum Distribution: UnivariateDistribution, Hashable {
    /// Normal N(μ, σ²).
    case normal(NormalDistribution)
    /// Uniform on [low, high].
    case uniform(UniformDistribution)
    /// Bernoulli on {0, 1}.
    case bernoulli(BernoulliDistribution)
    /// Categorical on {0, …, k − 1}.
    case categorical(CategoricalDistribution)
    /// Beta on [0, 1].
    case beta(BetaDistribution)
    /// Gamma (shape, rate) on [0, ∞).
    case gamma(GammaDistribution)
    /// Exponential (rate) on [0, ∞).
    case exponential(ExponentialDistribution)
    /// Laplace (location, scale).
    case laplace(LaplaceDistribution)
    /// A finite mixture.
    case mixture(MixtureDistribution)
    /// A finite table of values and probabilities.
    case table(FiniteTableDistribution)

    /// A distribution of one of the `.drv` families from numeric parameters in the family's
    /// documented order (`normal(mean, variance)`, `gamma(shape, rate)`, …; `categorical`
    /// takes its probabilities).
    public init(family: DistributionFamily, parameters p: [Double]) throws(DistributionError) {
        func expect(_ n: Int) throws(DistributionError) {
            guard p.count == n else { throw .wrongParameterCount(family: family.rawValue, expected: n, got: p.count) }
        }
        switch family {
        case .bernoulli:
            try expect(1)
            self = .bernoulli(try BernoulliDistribution(p: p[0]))
        case .beta:
            try expect(2)
            self = .beta(try BetaDistribution(a: p[0], b: p[1]))
        case .categorical:
            self = .categorical(try CategoricalDistribution(probabilities: p))
        case .exponential:
            try expect(1)
            self = .exponential(try ExponentialDistribution(rate: p[0]))
        case .gamma:
            try expect(2)
            self = .gamma(try GammaDistribution(shape: p[0], rate: p[1]))
        case .laplace:
            try expect(2)
            self = .laplace(try LaplaceDistribution(location: p[0], scale: p[1]))
        case .normal:
            try expect(2)
            self = .normal(try NormalDistribution(mean: p[0], variance: p[1]))
        case .uniform:
            try expect(2)
            self = .uniform(try UniformDistribution(low: p[0], high: p[1]))
        case .normalmixture:
            guard !p.isEmpty, p.count % 3 == 0 else {
                throw .wrongParameterCount(family: family.rawValue, expected: 3 * max(1, p.count / 3), got: p.count)
            }
            var weights: [Double] = [], components: [Distribution] = []
            for i in stride(from: 0, to: p.count, by: 3) {
                weights.append(p[i])
                components.append(.normal(try NormalDistribution(mean: p[i + 1], variance: p[i + 2])))
            }
            self = .mixture(try MixtureDistribution(weights: weights, components: components))
        case .table:
            guard !p.isEmpty, p.count % 2 == 0 else {
                throw .wrongParameterCount(family: family.rawValue, expected: 2 * max(1, p.count / 2), got: p.count)
            }
            let values = stride(from: 0, to: p.count, by: 2).map { p[$0] }
            let probabilities = stride(from: 1, to: p.count, by: 2).map { p[$0] }
            self = .table(try FiniteTableDistribution(values: values, probabilities: probabilities))
        }
    }

    /// The wrapped family value, as an existential (convenient, not for hot loops).
    public var base: any UnivariateDistribution {
        switch self {
        case .normal(let d): return d
        case .uniform(let d): return d
        case .bernoulli(let d): return d
        case .categorical(let d): return d
        case .beta(let d): return d
        case .gamma(let d): return d
        case .exponential(let d): return d
        case .laplace(let d): return d
        case .mixture(let d): return d
        case .table(let d): return d
        }
    }

    /// The support of the wrapped distribution.
    public var support: DistributionSupport {
        switch self {
        case .normal(let d): return d.support
        case .uniform(let d): return d.support
        case .bernoulli(let d): return d.support
        case .categorical(let d): return d.support
        case .beta(let d): return d.support
        case .gamma(let d): return d.support
        case .exponential(let d): return d.support
        case .laplace(let d): return d.support
        case .mixture(let d): return d.support
        case .table(let d): return d.support
        }
    }

    /// The mean of the wrapped distribution.
    public var mean: Double {
        switch self {
        case .normal(let d): return d.mean
        case .uniform(let d): return d.mean
        case .bernoulli(let d): return d.mean
        case .categorical(let d): return d.mean
        case .beta(let d): return d.mean
        case .gamma(let d): return d.mean
        case .exponential(let d): return d.mean
        case .laplace(let d): return d.mean
        case .mixture(let d): return d.mean
        case .table(let d): return d.mean
        }
    }

    /// The variance of the wrapped distribution.
    public var variance: Double {
        switch self {
        case .normal(let d): return d.variance
        case .uniform(let d): return d.variance
        case .bernoulli(let d): return d.variance
        case .categorical(let d): return d.variance
        case .beta(let d): return d.variance
        case .gamma(let d): return d.variance
        case .exponential(let d): return d.variance
        case .laplace(let d): return d.variance
        case .mixture(let d): return d.variance
        case .table(let d): return d.variance
        }
    }

    /// The density or mass of the wrapped distribution.
    public func density(at x: Double) -> Double {
        switch self {
        case .normal(let d): return d.density(at: x)
        case .uniform(let d): return d.density(at: x)
        case .bernoulli(let d): return d.density(at: x)
        case .categorical(let d): return d.density(at: x)
        case .beta(let d): return d.density(at: x)
        case .gamma(let d): return d.density(at: x)
        case .exponential(let d): return d.density(at: x)
        case .laplace(let d): return d.density(at: x)
        case .mixture(let d): return d.density(at: x)
        case .table(let d): return d.density(at: x)
        }
    }

    /// The log-density of the wrapped distribution.
    public func logDensity(at x: Double) -> Double {
        switch self {
        case .normal(let d): return d.logDensity(at: x)
        case .uniform(let d): return d.logDensity(at: x)
        case .bernoulli(let d): return d.logDensity(at: x)
        case .categorical(let d): return d.logDensity(at: x)
        case .beta(let d): return d.logDensity(at: x)
        case .gamma(let d): return d.logDensity(at: x)
        case .exponential(let d): return d.logDensity(at: x)
        case .laplace(let d): return d.logDensity(at: x)
        case .mixture(let d): return d.logDensity(at: x)
        case .table(let d): return d.logDensity(at: x)
        }
    }

    /// The CDF of the wrapped distribution where cheap.
    public func cumulativeProbability(at x: Double) -> Double? {
        switch self {
        case .normal(let d): return d.cumulativeProbability(at: x)
        case .uniform(let d): return d.cumulativeProbability(at: x)
        case .bernoulli(let d): return d.cumulativeProbability(at: x)
        case .categorical(let d): return d.cumulativeProbability(at: x)
        case .beta(let d): return d.cumulativeProbability(at: x)
        case .gamma(let d): return d.cumulativeProbability(at: x)
        case .exponential(let d): return d.cumulativeProbability(at: x)
        case .laplace(let d): return d.cumulativeProbability(at: x)
        case .mixture(let d): return d.cumulativeProbability(at: x)
        case .table(let d): return d.cumulativeProbability(at: x)
        }
    }

    /// One sample of the wrapped distribution.
    public func sample(using generator: inout RandomSource) -> Double {
        switch self {
        case .normal(let d): return d.sample(using: &generator)
        case .uniform(let d): return d.sample(using: &generator)
        case .bernoulli(let d): return d.sample(using: &generator)
        case .categorical(let d): return d.sample(using: &generator)
        case .beta(let d): return d.sample(using: &generator)
        case .gamma(let d): return d.sample(using: &generator)
        case .exponential(let d): return d.sample(using: &generator)
        case .laplace(let d): return d.sample(using: &generator)
        case .mixture(let d): return d.sample(using: &generator)
        case .table(let d): return d.sample(using: &generator)
        }
    }

    /// Fills `buffer` using the wrapped family's (specialised) bulk sampler.
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout RandomSource) {
        switch self {
        case .normal(let d): d.fill(buffer, using: &generator)
        case .uniform(let d): d.fill(buffer, using: &generator)
        case .bernoulli(let d): d.fill(buffer, using: &generator)
        case .categorical(let d): d.fill(buffer, using: &generator)
        case .beta(let d): d.fill(buffer, using: &generator)
        case .gamma(let d): d.fill(buffer, using: &generator)
        case .exponential(let d): d.fill(buffer, using: &generator)
        case .laplace(let d): d.fill(buffer, using: &generator)
        case .mixture(let d): d.fill(buffer, using: &generator)
        case .table(let d): d.fill(buffer, using: &generator)
        }
    }
}
