// Finite distributions written inline after `~`: `e ~ bernoulli(p)`, `c ~ categorical(p0, p1, p2)`.
//
// Implementation notes
// --------------------
// An inline distribution names its family and its parameters directly, so an expectation
// over it has a meaning without an instance: `E_{e ~ bernoulli(p)}[e^n]` is the finite sum
// (1 − p)·0ⁿ + p·1ⁿ for a symbolic p. Only families with finite support are inline (the
// continuous families stay on declared densities bound by instances). Outcomes are numbered
// as instances number them: bernoulli takes 0 and 1, categorical(p0, …, p_{k−1}) takes
// 0, …, k − 1. A declared density that happens to be called `bernoulli` wins over the
// family (the caller passes the declared names).
import Symbolic

/// A finite distribution written inline in an expectation's binding.
public struct InlineDistribution: Sendable, Hashable {
    /// The inline families (all with finite support).
    public enum Family: String, CaseIterable, Sendable, Hashable {
        /// `bernoulli(p)`: 1 with probability p, 0 with probability 1 − p.
        case bernoulli
        /// `categorical(p0, …, p_{k−1})`: k with probability p_k.
        case categorical
    }

    /// The family.
    public var family: Family
    /// The parameters as written (they may mention earlier clause variables).
    public var parameters: [Expr]

    /// The family names that may follow `~` inline.
    public static let familyNames: Set<String> = Set(Family.allCases.map(\.rawValue))

    /// The most outcomes one categorical may have.
    public static let maxCategories = 1_000

    /// Creates a distribution from its family and parameters.
    public init(family: Family, parameters: [Expr]) {
        self.family = family
        self.parameters = parameters
    }

    /// Recognises `bernoulli(p)` or `categorical(p0, …)` in a binding value; `nil` for anything
    /// else, for a wrong number of parameters, and for a name in `declared` (a declared
    /// density of that name is meant instead).
    public init?(_ e: Expr, declared: Set<String> = []) {
        guard case .call(.opaque(let head), let args) = e.kind, !head.isDifferentiated, head.conditioningIndex == nil,
              !declared.contains(head.name), let family = Family(rawValue: head.name) else { return nil }
        switch family {
        case .bernoulli:
            guard args.count == 1 else { return nil }
        case .categorical:
            guard !args.isEmpty, args.count <= Self.maxCategories else { return nil }
        }
        self.init(family: family, parameters: args)
    }

    /// The outcomes with their probabilities (as expressions, not simplified).
    public var outcomes: [(value: Expr, weight: Expr)] {
        switch family {
        case .bernoulli:
            return [(.zero, .one - parameters[0]), (.one, parameters[0])]
        case .categorical:
            return parameters.enumerated().map { (Expr.integer($0.offset), $0.element) }
        }
    }

    /// The distribution with `replacements` substituted into its parameters.
    public func substituting(_ replacements: [Symbol: Expr], limits: Limits) throws -> InlineDistribution {
        guard !replacements.isEmpty else { return self }
        return InlineDistribution(family: family,
                                  parameters: try parameters.map { try $0.substituting(replacements, limits: limits) })
    }
}
