// An instance as the numeric world a step is evaluated in.
import Symbolic

/// An instance resolved against the file: fixed values, function bodies, distributions of
/// the densities, finite supports and sampling settings.
///
/// Distribution parameters are expressions in the density's conditioning variables and the
/// instance's values (`p(z | x) = normal(z; a*x, s^2)`); they are evaluated at the
/// conditioning values each time the distribution is needed.
public struct InstanceModel: Sendable {
    /// The instance's name.
    public var name: String
    /// `a = 1`: values of symbols (as exact expressions).
    public var values: [Symbol: Expr]
    /// `f(u) = …`: function bodies.
    public var functions: [(name: String, parameters: [Symbol], body: Expr)]
    /// `p(z | x) = normal(z; a*x, s^2)`: the distributions of densities.
    public var distributions: [String: DensityBinding]
    /// `x in {0, 1, 2}`: finite supports of variables.
    public var supports: [Symbol: [Expr]]
    /// `samples N`.
    public var samples: Int?
    /// `seed N`.
    public var seed: UInt64?

    /// A density's distribution family with its parameters.
    public struct DensityBinding: Sendable {
        /// The density's variable (`z`).
        public var variable: Symbol
        /// The conditioning variables (`x`).
        public var conditions: [Symbol]
        /// The family.
        public var family: DistributionFamily
        /// The parameters, as expressions in the conditions and instance values.
        public var parameters: [Expr]
    }

    /// Builds the model of an instance; `nil` binding errors were reported by the sort checker.
    public init(_ instance: Instance) {
        name = instance.name.value
        values = [:]
        functions = []
        distributions = [:]
        supports = [:]
        samples = instance.samples?.value
        seed = instance.seed?.value
        for b in instance.bindings {
            switch b {
            case .value(let n, let v, _):
                values[n.value] = v.value
            case .function(let n, let ps, let body, _):
                functions.append((n.value, ps.map(\.value), body.value))
            case .density(let n, let vars, let conds, let spec, _):
                guard let family = DistributionFamily(rawValue: spec.family.value), let v = vars.first?.value else { continue }
                distributions[n.value] = DensityBinding(variable: v, conditions: conds.map(\.value), family: family,
                                                        parameters: spec.parameters.map(\.value))
            case .support(let n, let vs, _):
                supports[n.value] = vs.map(\.value)
            }
        }
    }

    /// Whether the instance binds any distribution or support (so expectations can be
    /// evaluated on it).
    public var isProbabilistic: Bool { !distributions.isEmpty || !supports.isEmpty }
}
