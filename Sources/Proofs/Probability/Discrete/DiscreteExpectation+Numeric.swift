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
// The specialised bodies do not depend on the point: the handler keeps them
// (`SpecialisationCache`, keyed structurally by the body and the outcome's values), so an
// expectation evaluated at hundreds of points (inside a supremum) substitutes once per outcome.
import Foundation
import Symbolic

extension DiscreteExpectation {
    /// The expectation's value at the point `env` (parameters and free symbols bound there).
    public func numericValue(at env: Environment) throws(EvaluationError) -> Double {
        try numericValue(at: env, cache: nil)
    }

    /// `numericValue(at:)` with specialised bodies kept in `cache` (the same values).
    func numericValue(at env: Environment, cache: SpecialisationCache?) throws(EvaluationError) -> Double {
        var numerator = 0.0, mass = 0.0
        let order = cache == nil ? [] : clauses.map(\.variable)
        var visited = 0
        func recurse(_ i: Int, _ values: [Symbol: Expr], _ local: Environment, _ weight: Double) throws(EvaluationError) {
            if i == clauses.count {
                for c in conditions {
                    let l = try c.lhs.evaluate(at: local), r = try c.rhs.evaluate(at: local)
                    let sign = l < r ? -1 : (l > r ? 1 : 0)
                    if !Self.holds(c.relation, sign: sign) { return }
                }
                numerator += weight * (try Self.evaluateSpecialised(body, values, local, order: order, cache: cache))
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
    static func evaluateSpecialised(_ body: Expr, _ values: [Symbol: Expr], _ env: Environment,
                                    order: [Symbol] = [], cache: SpecialisationCache? = nil) throws(EvaluationError) -> Double {
        let specialised: Expr, hasPowerOfZero: Bool
        let key = cache.map { _ in SpecialisationCache.Key(body: body, values: order.map { values[$0] ?? .symbol($0) }, order: order) }
        if let cache, let key, let hit = cache.lookup(key) {
            (specialised, hasPowerOfZero) = hit
        } else {
            do {
                specialised = try body.substituting(values)
            } catch {
                throw .unsupported("\(error)")
            }
            hasPowerOfZero = specialised.containsSubexpression(where: Self.isPowerOfZero)
            if let cache, let key { cache.store(key, (specialised, hasPowerOfZero)) }
        }
        guard hasPowerOfZero else {
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

    static func isPowerOfZero(_ e: Expr) -> Bool {
        if case .power(let base, _) = e.kind, base.isZero { return true }
        return false
    }

    /// A numeric handler for expectations over inline finite distributions that passes every
    /// other big operator to `next` (or reports it as unsupported).
    public static func handler(declared: Set<String> = [], next: BigOperatorHandler?) -> BigOperatorHandler {
        let cache = SpecialisationCache()
        return { op, env throws(EvaluationError) -> Double in
            if let d = DiscreteExpectation(op, declared: declared) {
                return try d.numericValue(at: env, cache: cache)
            }
            if let next { return try next(op, env) }
            throw .unsupported("big operator \(op.name) (no numeric handler)")
        }
    }
}

/// Bodies specialised to outcomes, by body and outcome values (structural keys: equal
/// expressions share an entry, whatever their nodes). Bounded: beyond `capacity` entries new
/// ones are not kept. Thread-safe (a lock around the table).
final class SpecialisationCache: @unchecked Sendable {
    struct Key: Hashable {
        let body: Expr
        let values: [Expr]
        let order: [Symbol]
    }

    static let capacity = 4096
    private var table: [Key: (Expr, Bool)] = [:]
    private let lock = NSLock()

    func lookup(_ key: Key) -> (Expr, Bool)? {
        lock.lock()
        defer { lock.unlock() }
        return table[key]
    }

    func store(_ key: Key, _ value: (Expr, Bool)) {
        lock.lock()
        defer { lock.unlock() }
        if table.count < SpecialisationCache.capacity { table[key] = value }
    }
}
