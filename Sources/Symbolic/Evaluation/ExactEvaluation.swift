// Exact evaluation of rational expressions.

/// Why an exact rational evaluation has no value.
public enum ExactEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A construct that is not a rational function of the symbols (log, pi, a symbolic
    /// exponent, an irrational root, …), described.
    case notRational(String)
    /// A free symbol with no value.
    case unboundSymbol(String)
    /// A division by zero (including `0^(negative)`).
    case divisionByZero
    /// `0^0`, which is undefined.
    case undefinedPower
    /// A limit on exponents or integer sizes was hit.
    case limitExceeded(LimitExceeded)

    /// A one-line lowercase description.
    public var description: String {
        switch self {
        case .notRational(let what): return "not a rational expression: \(what)"
        case .unboundSymbol(let name): return "no value for '\(name)'"
        case .divisionByZero: return "division by zero"
        case .undefinedPower: return "0^0 is undefined"
        case .limitExceeded(let limit): return limit.description
        }
    }
}

extension Expr {
    /// The exact value of a rational expression (numbers, symbols, sums, products, integer
    /// powers; a non-integer rational power when the root is exact, e.g. `4^(1/2)`).
    ///
    /// - Parameters:
    ///   - values: Exact values of the symbols.
    ///   - limits: `maxExponent` bounds exponents, `maxIntegerBits` the size of results.
    /// - Throws: ``ExactEvaluationError``.
    public func evaluateExactly(at values: [Symbol: Rational],
                                limits: Limits = .default) throws(ExactEvaluationError) -> Rational {
        guard height <= limits.maxDepth else {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: height, maximum: limits.maxDepth))
        }
        var evaluator = ExactEvaluator(values: values, limits: limits)
        if height > DeepExpressions.recursionLimit {
            for n in DeepExpressions.postOrder(self, children: ExactEvaluator.children) { _ = try evaluator.value(n) }
        }
        return try evaluator.value(self)
    }
}

private struct ExactEvaluator {
    let values: [Symbol: Rational]
    let limits: Limits
    var memo: IdentityMap<Rational> = [:]

    /// The sub-expressions `value` evaluates.
    static func children(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .sum(let items), .product(let items): return items
        case .power(let base, _): return [base]
        case .number, .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range: return []
        }
    }

    mutating func value(_ e: Expr) throws(ExactEvaluationError) -> Rational {
        switch e.kind {
        case .number(let r):
            return r
        case .symbol(let s):
            guard let v = values[s] else { throw .unboundSymbol(s.name) }
            return v
        case .sum, .product, .power:
            let key = ObjectIdentifier(e.node)
            if let v = memo[key] { return v }
            let v = try composite(e)
            memo[key] = v
            return v
        case .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            throw .notRational(e.kindName)
        }
    }

    private mutating func composite(_ e: Expr) throws(ExactEvaluationError) -> Rational {
        switch e.kind {
        case .sum(let terms):
            var total = Rational.zero
            for t in terms { total += try value(t) }
            return try checked(total)
        case .product(let factors):
            var total = Rational.one
            for f in factors { total *= try value(f) }
            return try checked(total)
        case .power(let base, let exponent):
            guard case .number(let r) = exponent.kind else { throw .notRational("a symbolic exponent") }
            let b = try value(base)
            if r.isInteger {
                guard let n = r.asInt, n.magnitude <= UInt(limits.maxExponent) else {
                    throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: r.asInt ?? Int.max,
                                                       maximum: limits.maxExponent))
                }
                return try integerPower(b, n)
            }
            // b^(p/q): exact only when b ≥ 0 has an exact q-th root.
            guard !b.isNegative, let q = r.denominator.asInt, let p = r.numerator.asInt,
                  p.magnitude <= UInt(limits.maxExponent), q <= limits.maxExponent else {
                throw .notRational("a non-integer power")
            }
            if b.isZero {
                if p > 0 { return .zero }
                throw .divisionByZero
            }
            guard let root = b.root(q) else { throw .notRational("an irrational root") }
            return try integerPower(root, p)
        case .number, .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return try value(e)
        }
    }

    private func integerPower(_ b: Rational, _ n: Int) throws(ExactEvaluationError) -> Rational {
        if n == 0 {
            if b.isZero { throw .undefinedPower }
            return .one
        }
        if b.isZero && n < 0 { throw .divisionByZero }
        let bits = max(b.numerator.bitWidth, b.denominator.bitWidth)
        let (estimate, overflow) = bits.multipliedReportingOverflow(by: Int(n.magnitude))
        if overflow || estimate > limits.maxIntegerBits {
            throw .limitExceeded(LimitExceeded(limit: "maxIntegerBits", requested: overflow ? Int.max : estimate,
                                               maximum: limits.maxIntegerBits))
        }
        guard let v = b.power(n) else { throw .divisionByZero }
        return v
    }

    private func checked(_ r: Rational) throws(ExactEvaluationError) -> Rational {
        let bits = max(r.numerator.bitWidth, r.denominator.bitWidth)
        if bits > limits.maxIntegerBits {
            throw .limitExceeded(LimitExceeded(limit: "maxIntegerBits", requested: bits, maximum: limits.maxIntegerBits))
        }
        return r
    }
}
