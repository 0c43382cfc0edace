// The distribution families an instance may bind a density to.

/// A family of univariate distributions, written `FAMILY(variable; parameters…)` in an
/// instance: `p(z | x) = normal(z; a*x, s^2)`.
public enum DistributionFamily: String, CaseIterable, Sendable, Hashable {
    /// Bernoulli on {0, 1}: `bernoulli(z; p)`, P(z = 1) = p.
    case bernoulli
    /// Beta on (0, 1): `beta(t; a, b)`.
    case beta
    /// Categorical on {0, 1, …, k−1}: `categorical(x; p0, p1, …)`, at least two probabilities.
    case categorical
    /// Exponential on (0, ∞): `exponential(t; rate)`.
    case exponential
    /// Gamma on (0, ∞): `gamma(t; shape, rate)`.
    case gamma
    /// Laplace: `laplace(x; location, scale)`.
    case laplace
    /// Normal: `normal(x; mean, variance)` (the variance, not the standard deviation).
    case normal
    /// A mixture of normals: `normalmixture(x; w1, mean1, variance1, w2, mean2, variance2, …)`,
    /// weights summing to 1.
    case normalmixture
    /// A finite table of values and their probabilities: `table(x; v1, p1, v2, p2, …)`.
    case table
    /// Uniform on (low, high): `uniform(x; low, high)`.
    case uniform

    /// The parameter names in order; `nil` for the variadic `categorical`.
    public var parameterNames: [String]? {
        switch self {
        case .bernoulli: return ["p"]
        case .beta: return ["a", "b"]
        case .categorical: return nil
        case .exponential: return ["rate"]
        case .gamma: return ["shape", "rate"]
        case .laplace: return ["location", "scale"]
        case .normal: return ["mean", "variance"]
        case .normalmixture, .table: return nil
        case .uniform: return ["low", "high"]
        }
    }

    /// The fewest parameters the family takes.
    public var minimumParameterCount: Int { parameterNames?.count ?? (self == .categorical ? 2 : groupSize) }

    /// Variadic families take their parameters in groups of this size (categorical: one
    /// probability; table: a value and its probability; normalmixture: weight, mean, variance).
    public var groupSize: Int {
        switch self {
        case .table: return 2
        case .normalmixture: return 3
        case .bernoulli, .beta, .categorical, .exponential, .gamma, .laplace, .normal, .uniform: return 1
        }
    }

    /// Whether `count` parameters fit the family.
    public func accepts(parameterCount count: Int) -> Bool {
        if let names = parameterNames { return count == names.count }
        if self == .categorical { return count >= 2 }
        return count >= groupSize && count % groupSize == 0
    }

    /// The parameter list as documented: `mean, variance`, `p0, p1, …`.
    public var signature: String {
        if let names = parameterNames { return names.joined(separator: ", ") }
        switch self {
        case .table: return "v1, p1, v2, p2, …"
        case .normalmixture: return "w1, mean1, variance1, w2, mean2, variance2, …"
        case .bernoulli, .beta, .categorical, .exponential, .gamma, .laplace, .normal, .uniform: return "p0, p1, …"
        }
    }
}
