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
        case .uniform: return ["low", "high"]
        }
    }

    /// The fewest parameters the family takes.
    public var minimumParameterCount: Int { parameterNames?.count ?? 2 }

    /// Whether `count` parameters fit the family.
    public func accepts(parameterCount count: Int) -> Bool {
        if let names = parameterNames { return count == names.count }
        return count >= minimumParameterCount
    }

    /// The parameter list as documented: `mean, variance`, `p0, p1, …`.
    public var signature: String {
        parameterNames?.joined(separator: ", ") ?? "p0, p1, …"
    }
}
