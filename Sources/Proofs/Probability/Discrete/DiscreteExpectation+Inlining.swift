// Expectations over inline finite distributions written out as sums, for a body evaluated at
// many values of one variable.
//
// Implementation notes
// --------------------
// An optimisation operator evaluates its body at hundreds of values of t. A body that holds
// an expectation over an inline finite distribution cannot be compiled (it is a big
// operator), so every value of t would enumerate the outcomes again, by substitution and
// tree evaluation. When neither the weights nor the outcomes involve t, the expectation at
// the point `env` is one fixed sum Σₖ wₖ·bodyₖ: the weights are numbers there (checked to
// form a probability distribution exactly as `numericValue` checks them), and bodyₖ is the
// body with the outcome substituted. The sum is built with the terms in enumeration order
// and each weight as the same product of clause weights, so compiled evaluation performs
// the additions and multiplications `numericValue` performs, in the same order.
// The expectation is left as written (and enumerated per value, as before) whenever the sum
// would not compute the same thing: conditions restricting the outcomes, a specialised body
// with a power of a value 0 (the moment convention 0⁰ = 1 is applied by enumeration only),
// weights that fail the distribution check or cannot be evaluated at `env`, more than
// `maxOutcomes` outcomes.
import Symbolic

extension DiscreteExpectation {
    /// `body` with every expectation over an inline finite distribution that does not involve
    /// `t` replaced by its sum of outcomes at the point `env`; other big operators, and
    /// expectations that cannot be replaced, are left as written.
    static func inlined(in body: Expr, varying t: Symbol, at env: Environment, declared: Set<String>) -> Expr {
        func walk(_ e: Expr) -> Expr {
            if case .bigOperator(let op) = e.kind {
                if let d = DiscreteExpectation(op, declared: declared), let sum = d.outcomeSum(varying: t, at: env) {
                    return sum
                }
                return e
            }
            if e.children.isEmpty { return e }
            return e.mapChildren(walk)
        }
        return walk(body)
    }

    /// Σₖ wₖ·bodyₖ at the point `env`, or `nil` when the expectation must be enumerated per
    /// point (see the implementation notes).
    func outcomeSum(varying t: Symbol, at env: Environment) -> Expr? {
        guard conditions.isEmpty else { return nil }
        var terms: [Expr] = []
        var visited = 0
        func recurse(_ i: Int, _ values: [Symbol: Expr], _ local: Environment, _ weight: Double) -> Bool {
            if i == clauses.count {
                guard let specialised = try? body.substituting(values),
                      !specialised.containsSubexpression(where: Self.isPowerOfZero),
                      let w = Rational(exactly: weight) else { return false }
                terms.append(Expr(.product([.number(w), specialised])))
                return true
            }
            let clause = clauses[i]
            var weights: [Double] = []
            for (value, w) in clause.distribution.outcomes {
                guard !w.freeSymbols.contains(t), !value.freeSymbols.contains(t),
                      let x = try? w.evaluate(at: local) else { return false }
                weights.append(x)
            }
            guard weights.allSatisfy({ $0 >= -1e-12 && $0 <= 1 + 1e-12 }),
                  abs(weights.reduce(0, +) - 1) <= 1e-9 else { return false }
            for ((value, _), w) in zip(clause.distribution.outcomes, weights) where w != 0 {
                visited += 1
                guard visited <= Self.maxOutcomes, let v = try? value.evaluate(at: local) else { return false }
                var next = values
                next[clause.variable] = value
                var e = local
                e.values[clause.variable] = v
                if !recurse(i + 1, next, e, weight * w) { return false }
            }
            return true
        }
        guard recurse(0, [:], env, 1), !terms.isEmpty else { return nil }
        return terms.count == 1 ? terms[0] : Expr(.sum(terms))
    }
}
