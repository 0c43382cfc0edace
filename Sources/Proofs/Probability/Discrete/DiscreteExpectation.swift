// Expectations over inline finite distributions, with conditioning, computed exactly.
//
// Implementation notes
// --------------------
// `E_{e1 ~ bernoulli(p), e2 ~ bernoulli(p), e1 + e2 >= 1}[g]` has clauses (`v ~ family(…)`)
// and conditions (any other relation binding: `<`, `<=`, `>`, `>=`, `=`, `!=`). The value is
//
//     Σ_{ω ∈ A} w(ω) g(ω) / Σ_{ω ∈ A} w(ω)
//
// over the outcomes ω of the clauses taken in order (a clause's parameters may mention the
// variables of earlier clauses, which are substituted before its outcomes are formed), where
// A is the set of outcomes satisfying every condition; without conditions the denominator is
// 1 and is not formed. Outcomes of weight exactly 0 are skipped, and conditions are decided
// before the body is touched, so a body undefined on excluded outcomes (a row normalisation
// when every token is masked) is never evaluated there.
//
// Exactness: weights and the body are kept as expressions in the symbolic parameters; a
// condition must be decidable at each outcome (its two sides differ by a number once the
// outcome is substituted), otherwise the expectation is not computed. Weights must be
// provably nonnegative under the assumptions and each clause's weights must sum to 1 by the
// rational normal form; a distribution that is not one is never silently enumerated. The
// number of enumerated outcomes is bounded by `maxOutcomes` (2¹² — twelve independent
// masks); going past it throws `LimitExceeded` naming `discreteOutcomes`.
//
// Numerically (`numericValue`), the same enumeration runs on doubles at a point; there the
// convention 0⁰ = 1 of moments (ε⁰ = 1 also where ε = 0) is applied to powers whose base
// became 0 by substituting an outcome, and only to an exponent that is exactly 0.
import Symbolic

/// An expectation `E_{clauses, conditions}[body]` over inline finite distributions.
public struct DiscreteExpectation: Sendable {
    /// One clause `v ~ family(…)`.
    public struct Clause: Sendable, Hashable {
        /// The variable bound by the clause.
        public var variable: Symbol
        /// Its distribution (parameters may mention earlier clause variables).
        public var distribution: InlineDistribution
    }

    /// One condition `lhs REL rhs` restricting the outcomes.
    public struct Condition: Sendable, Hashable {
        /// The left side.
        public var lhs: Expr
        /// The relation (`<`, `<=`, `>`, `>=`, `=` or `!=`).
        public var relation: Binding.Relation
        /// The right side.
        public var rhs: Expr
    }

    /// Why an expectation could not be computed exactly.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// More outcomes than `maxOutcomes`.
        case tooManyOutcomes(LimitExceeded)
        /// A condition that does not reduce to a number comparison at an outcome.
        case undecidedCondition(String)
        /// The conditioning event has probability 0.
        case impossibleEvent(String)
        /// Weights that are not provably a probability distribution.
        case notADistribution(String)
        /// Substitution or normalisation failed.
        case algebra(String)

        /// A one-line explanation.
        public var description: String {
            switch self {
            case .tooManyOutcomes(let l): return "the expectation has too many outcomes to enumerate: \(l)"
            case .undecidedCondition(let c): return "the condition \(c) cannot be decided at every outcome"
            case .impossibleEvent(let c): return "the conditioning event \(c) has probability 0"
            case .notADistribution(let why): return why
            case .algebra(let why): return why
            }
        }
    }

    /// The clauses in order.
    public var clauses: [Clause]
    /// The conditions (all must hold).
    public var conditions: [Condition]
    /// The expectation's body.
    public var body: Expr

    /// The most outcomes one expectation enumerates (2¹²).
    public static let maxOutcomes = 4_096

    /// Reads `E_{…}[…]` whose clauses are all inline finite distributions; `nil` for any
    /// other big operator. Names in `declared` are declared densities, never families.
    public init?(_ op: BigOperator, declared: Set<String> = []) {
        guard op.name == "E", !op.bindings.isEmpty else { return nil }
        var clauses: [Clause] = []
        var conditions: [Condition] = []
        for b in op.bindings {
            switch b.relation {
            case .distributedAs:
                guard let v = b.subject.symbolValue, let value = b.value,
                      let d = InlineDistribution(value, declared: declared) else { return nil }
                clauses.append(Clause(variable: v, distribution: d))
            case .less, .lessEqual, .greater, .greaterEqual, .equals, .notEqual:
                guard let value = b.value else { return nil }
                if case .range = value.kind { return nil }
                conditions.append(Condition(lhs: b.subject, relation: b.relation, rhs: value))
            case .bare, .member, .tendsTo, .option:
                return nil
            }
        }
        guard !clauses.isEmpty else { return nil }
        self.clauses = clauses
        self.conditions = conditions
        self.body = op.body
    }

    /// Creates an expectation from its parts.
    public init(clauses: [Clause], conditions: [Condition] = [], body: Expr) {
        self.clauses = clauses
        self.conditions = conditions
        self.body = body
    }

    /// Whether a big operator is an expectation over inline distributions only.
    public static func isInline(_ op: BigOperator, declared: Set<String> = []) -> Bool {
        DiscreteExpectation(op, declared: declared) != nil
    }

    // MARK: - Exact

    /// One outcome: the clause variables' values and the outcome's probability.
    public struct Outcome: Sendable {
        /// The value of each clause variable.
        public var values: [Symbol: Expr]
        /// The probability (an expression in the parameters).
        public var weight: Expr
    }

    /// Every outcome of nonzero weight that satisfies the conditions, in enumeration order.
    /// - Throws: ``Failure``.
    public func outcomes(assumptions: Assumptions = Assumptions(), limits: Limits = .default) throws(Failure) -> [Outcome] {
        var out: [Outcome] = []
        var visited = 0
        func recurse(_ i: Int, _ values: [Symbol: Expr], _ weight: Expr) throws(Failure) {
            if i == clauses.count {
                if try satisfiesConditions(values, limits: limits) {
                    out.append(Outcome(values: values, weight: weight))
                }
                return
            }
            let clause = clauses[i]
            let distribution: InlineDistribution
            do {
                distribution = try clause.distribution.substituting(values, limits: limits)
            } catch {
                throw .algebra("\(error)")
            }
            let weights = try checkedWeights(distribution, assumptions: assumptions, limits: limits)
            for ((value, _), w) in zip(distribution.outcomes, weights) where !w.isZero {
                visited += 1
                if visited > Self.maxOutcomes {
                    throw .tooManyOutcomes(LimitExceeded(limit: "discreteOutcomes", requested: visited, maximum: Self.maxOutcomes))
                }
                var next = values
                next[clause.variable] = value
                let product: Expr
                do {
                    product = try (weight * w).canonicalized(limits: limits)
                } catch {
                    throw .algebra("\(error)")
                }
                try recurse(i + 1, next, product)
            }
        }
        try recurse(0, [:], .one)
        return out
    }

    /// The exact value: a canonical expression in the parameters.
    /// - Throws: ``Failure``.
    public func exactValue(assumptions: Assumptions = Assumptions(), limits: Limits = .default) throws(Failure) -> Expr {
        let kept = try outcomes(assumptions: assumptions, limits: limits)
        do {
            let g = try body.canonicalized(limits: limits)
            var terms: [Expr] = []
            for o in kept {
                terms.append(o.weight * (try g.substituting(o.values, limits: limits)))
            }
            let numerator = terms.isEmpty ? Expr.zero : Expr.sum(terms)
            if conditions.isEmpty {
                return try numerator.canonicalized(limits: limits)
            }
            let mass = try (kept.isEmpty ? Expr.zero : Expr.sum(kept.map(\.weight))).canonicalized(limits: limits)
            if try RationalNormalForm(mass, limits: limits).isZero {
                throw Failure.impossibleEvent(conditionText)
            }
            return try (numerator / mass).canonicalized(limits: limits)
        } catch let f as Failure {
            throw f
        } catch {
            throw .algebra("\(error)")
        }
    }

    /// The probability of the conditioning event (1 without conditions).
    public func eventProbability(assumptions: Assumptions = Assumptions(), limits: Limits = .default) throws(Failure) -> Expr {
        let kept = try outcomes(assumptions: assumptions, limits: limits)
        do {
            return try (kept.isEmpty ? Expr.zero : Expr.sum(kept.map(\.weight))).canonicalized(limits: limits)
        } catch {
            throw .algebra("\(error)")
        }
    }

    /// `e1 + e2 >= 1, e3 = 0`, for messages.
    var conditionText: String {
        conditions.map { "\($0.lhs) \($0.relation.rawValue) \($0.rhs)" }.joined(separator: ", ")
    }

    /// The weights of a distribution, canonical, checked to be a probability distribution.
    private func checkedWeights(_ d: InlineDistribution, assumptions: Assumptions, limits: Limits) throws(Failure) -> [Expr] {
        var weights: [Expr] = []
        do {
            for (_, w) in d.outcomes { weights.append(try w.canonicalized(limits: limits)) }
            for w in weights where assumptions.prove(w, is: .nonnegative) != .proved {
                throw Failure.notADistribution("the probability \(w) of \(d.family.rawValue)(…) is not known to be nonnegative")
            }
            let total = try RationalNormalForm(Expr.sum(weights) - .one, limits: limits)
            if !total.isZero {
                throw Failure.notADistribution("the probabilities of \(d.family.rawValue)(…) do not sum to 1")
            }
        } catch let f as Failure {
            throw f
        } catch {
            throw .algebra("\(error)")
        }
        return weights
    }

    /// Whether every condition holds at an outcome; each must reduce to a number comparison.
    private func satisfiesConditions(_ values: [Symbol: Expr], limits: Limits) throws(Failure) -> Bool {
        for c in conditions {
            let difference: Rational
            do {
                let d = try (c.lhs - c.rhs).substituting(values, limits: limits).canonicalized(limits: limits)
                guard let r = d.numberValue else { throw Failure.undecidedCondition("\(c.lhs) \(c.relation.rawValue) \(c.rhs)") }
                difference = r
            } catch let f as Failure {
                throw f
            } catch {
                throw .algebra("\(error)")
            }
            if !Self.holds(c.relation, sign: difference.signum()) { return false }
        }
        return true
    }

    /// Whether `lhs REL rhs` holds given the sign of lhs − rhs.
    static func holds(_ relation: Binding.Relation, sign: Int) -> Bool {
        switch relation {
        case .less: return sign < 0
        case .lessEqual: return sign <= 0
        case .greater: return sign > 0
        case .greaterEqual: return sign >= 0
        case .equals: return sign == 0
        case .notEqual: return sign != 0
        case .bare, .distributedAs, .member, .tendsTo, .option: return false
        }
    }
}
