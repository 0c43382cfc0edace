// Numeric values of expectations over inline finite distributions.
//
// Implementation notes
// --------------------
// The same enumeration as the exact value, on doubles at one point of the numeric check:
// parameters are evaluated in the point's environment (with earlier clause values bound),
// must form a probability distribution (each in [0, 1], summing to 1 within 1e-9; otherwise
// the point is outside the distribution's domain), and the body is evaluated at every
// outcome that satisfies the conditions. The body is first specialised to the outcome by
// substitution, so that a power whose base became 0 can follow the moment convention
// ε⁰ = 1: `0^x` is 1 when x evaluates to exactly 0, 0 when x > 0, and a division by zero
// when x < 0. Nothing else changes meaning. The number of outcomes is bounded by
// `DiscreteExpectation.maxOutcomes`; beyond it evaluation throws `limitExceeded`.
import Symbolic

extension DiscreteExpectation {
    /// The expectation's value at the point `env` (parameters and free symbols bound there).
    public func numericValue(at env: Environment) throws(EvaluationError) -> Double {
        var numerator = 0.0, mass = 0.0
        var visited = 0
        func recurse(_ i: Int, _ values: [Symbol: Expr], _ local: Environment, _ weight: Double) throws(EvaluationError) {
            if i == clauses.count {
                for c in conditions {
                    let l = try c.lhs.evaluate(at: local), r = try c.rhs.evaluate(at: local)
                    let sign = l < r ? -1 : (l > r ? 1 : 0)
                    if !Self.holds(c.relation, sign: sign) { return }
                }
                numerator += weight * (try Self.evaluateSpecialised(body, values, local))
                mass += weight
                return
            }
            let clause = clauses[i]
            var weights: [Double] = []
            for (_, w) in clause.distribution.outcomes { weights.append(try w.evaluate(at: local)) }
            guard weights.allSatisfy({ $0 >= -1e-12 && $0 <= 1 + 1e-12 }),
                  abs(weights.reduce(0, +) - 1) <= 1e-9 else {
                throw .domain(operation: clause.distribution.family.rawValue, argument: weights.first { $0 < 0 || $0 > 1 } ?? weights.reduce(0, +))
            }
            for ((value, _), w) in zip(clause.distribution.outcomes, weights) where w != 0 {
                visited += 1
                if visited > Self.maxOutcomes {
                    throw .limitExceeded(LimitExceeded(limit: "discreteOutcomes", requested: visited, maximum: Self.maxOutcomes))
                }
                var next = values
                next[clause.variable] = value
                var e = local
                e.values[clause.variable] = try value.evaluate(at: local)
                try recurse(i + 1, next, e, weight * w)
            }
        }
        try recurse(0, [:], env, 1)
        if conditions.isEmpty { return numerator }
        guard mass > 0 else { throw .divisionByZero }
        return numerator / mass
    }

    /// The body at one outcome, with the convention 0⁰ = 1 for powers of a value 0.
    static func evaluateSpecialised(_ body: Expr, _ values: [Symbol: Expr], _ env: Environment) throws(EvaluationError) -> Double {
        let specialised: Expr
        do {
            specialised = try body.substituting(values)
        } catch {
            throw .unsupported("\(error)")
        }
        guard specialised.containsSubexpression(where: Self.isPowerOfZero) else {
            return try specialised.evaluate(at: env)
        }
        func walk(_ x: Expr) throws(EvaluationError) -> Expr {
            if case .power(let base, let exponent) = x.kind, base.isZero {
                let k = try exponent.evaluate(at: env)
                if k == 0 { return .one }
                if k > 0 { return .zero }
                throw .divisionByZero
            }
            if x.children.isEmpty { return x }
            return try x.mapChildren(walk)
        }
        return try walk(specialised).evaluate(at: env)
    }

    private static func isPowerOfZero(_ e: Expr) -> Bool {
        if case .power(let base, _) = e.kind, base.isZero { return true }
        return false
    }

    /// A numeric handler for expectations over inline finite distributions that passes every
    /// other big operator to `next` (or reports it as unsupported).
    public static func handler(declared: Set<String> = [], next: BigOperatorHandler?) -> BigOperatorHandler {
        return { op, env throws(EvaluationError) -> Double in
            if let d = DiscreteExpectation(op, declared: declared) {
                return try d.numericValue(at: env)
            }
            if let next { return try next(op, env) }
            throw .unsupported("big operator \(op.name) (no numeric handler)")
        }
    }
}
