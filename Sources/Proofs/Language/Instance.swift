// Instances: concrete values, functions and distributions for the numeric checks.
import Symbolic

/// `instance "name" … end`.
public struct Instance: Sendable {
    /// The name.
    public var name: Located<String>
    /// The bindings, in order.
    public var bindings: [InstanceBinding]
    /// `samples N`: the Monte Carlo sample count, if set.
    public var samples: Located<Int>?
    /// `seed N`: a seed for this instance, if set.
    public var seed: Located<UInt64>?
    /// The whole instance.
    public var range: SourceRange

    /// Creates an instance.
    public init(name: Located<String>, bindings: [InstanceBinding], samples: Located<Int>? = nil,
                seed: Located<UInt64>? = nil, range: SourceRange) {
        self.name = name
        self.bindings = bindings
        self.samples = samples
        self.seed = seed
        self.range = range
    }
}

/// One binding inside an instance.
public enum InstanceBinding: Sendable {
    /// `a = 1`, `B = [[1, 2], [0, 1]]`.
    case value(name: Located<Symbol>, value: LocatedExpr, range: SourceRange)
    /// `f(u) = u*log(u)`.
    case function(name: Located<String>, parameters: [Located<Symbol>], body: LocatedExpr, range: SourceRange)
    /// `p(z | x) = normal(z; a*x, s^2)`.
    case density(name: Located<String>, variables: [Located<Symbol>], conditions: [Located<Symbol>],
                 distribution: DistributionSpec, range: SourceRange)
    /// `x in {0, 1, 2}`: a finite support.
    case support(name: Located<Symbol>, values: [LocatedExpr], range: SourceRange)

    /// The binding's source range.
    public var range: SourceRange {
        switch self {
        case .value(_, _, let r), .function(_, _, _, let r), .density(_, _, _, _, let r), .support(_, _, let r):
            return r
        }
    }
}

/// `normal(z; a*x, s^2)`: a distribution family applied to a variable with parameters.
public struct DistributionSpec: Sendable {
    /// The family name (`normal`, `uniform`, `bernoulli`, `categorical`, `beta`, `gamma`,
    /// `exponential`, `laplace`, `mixture`, `table`).
    public var family: Located<String>
    /// The variable the density is over.
    public var variable: LocatedExpr
    /// The parameters, in the family's documented order.
    public var parameters: [LocatedExpr]
    /// The whole call.
    public var range: SourceRange

    /// Creates a distribution spec.
    public init(family: Located<String>, variable: LocatedExpr, parameters: [LocatedExpr], range: SourceRange) {
        self.family = family
        self.variable = variable
        self.parameters = parameters
        self.range = range
    }
}
