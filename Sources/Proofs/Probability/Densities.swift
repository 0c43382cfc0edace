// Declared densities, and how big-operator bindings refer to them.
import Symbolic

/// A density declared in a file: `density p(z | x)` or `density pz(z) = integral_{x}[…]`.
public struct DensityInfo: Sendable {
    /// The name.
    public var name: String
    /// The variables it is a density over (`z` in `p(z | x)`).
    public var variables: [Symbol]
    /// The conditioning variables (`x` in `p(z | x)`).
    public var conditions: [Symbol]
    /// The defining expression, for defined densities (marginals).
    public var definition: Expr?

    /// Creates the record.
    public init(name: String, variables: [Symbol], conditions: [Symbol], definition: Expr? = nil) {
        self.name = name
        self.variables = variables
        self.conditions = conditions
        self.definition = definition
    }

    /// The call `name(variables | conditions)` with the given arguments.
    public func call(_ variables: [Expr], _ conditions: [Expr]) -> Expr {
        Expr(.call(.opaque(OpaqueFunction(name: name, conditioningIndex: conditions.isEmpty ? nil : variables.count)),
                   variables + conditions))
    }
}

/// One `v ~ D` clause of an expectation, resolved.
public struct SamplingClause: Sendable, Hashable {
    /// The sampled variable.
    public var variable: Symbol
    /// The density expression evaluated at the variable, e.g. `p(z | x)` or `ptilde(x)`.
    public var density: Expr
    /// The density's name.
    public var densityName: String
    /// The conditioning arguments (expressions of earlier variables), e.g. `[x]`.
    public var conditions: [Expr]
}

extension BigOperator {
    /// The sampling clauses of an expectation `E_{x ~ p, z ~ q(z | x)}`, resolved against the
    /// declared densities; `nil` if a clause is not of that form.
    public func samplingClauses(densities: [String: DensityInfo]) -> [SamplingClause]? {
        var out: [SamplingClause] = []
        for b in bindings {
            guard b.relation == .distributedAs, let v = b.subject.symbolValue, let value = b.value else { return nil }
            switch value.kind {
            case .symbol(let s):
                guard let info = densities[s.name], info.variables.count == 1, info.conditions.isEmpty else { return nil }
                out.append(SamplingClause(variable: v, density: info.call([.symbol(v)], []), densityName: s.name, conditions: []))
            case .call(.opaque(let o), let args):
                guard let info = densities[o.name], !o.isDifferentiated else { return nil }
                let split = o.conditioningIndex ?? args.count
                let vars = Array(args[..<split]), conds = Array(args[split...])
                guard vars.count == 1, vars[0].symbolValue == v, conds.count == info.conditions.count else { return nil }
                out.append(SamplingClause(variable: v, density: value, densityName: o.name, conditions: conds))
            case .number, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                return nil
            }
        }
        return out
    }
}
