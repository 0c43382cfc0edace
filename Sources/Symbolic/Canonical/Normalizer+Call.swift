// Canonical function calls: exact special values, parity, inverse pairs.

extension Normalizer {
    /// The canonical call of a function on canonical arguments.
    static func call(_ function: Function, _ arguments: [Expr], limits: Limits) throws(NormalizationError) -> Expr {
        guard case .builtin(let builtin) = function else {
            return Expr(.call(function, arguments))
        }
        if builtin.arity == nil {
            return try minMax(builtin, arguments, limits: limits)
        }
        guard arguments.count == 1 else { return Expr(.call(function, arguments)) }
        let u = arguments[0]
        let raw = Expr(.call(function, arguments))
        let value = u.numberValue

        switch builtin {
        case .sqrt:
            return try power(u, .number(Rational(1, 2)!), limits: limits)
        case .exp:
            if value?.isZero == true { return .one }
            if case .call(.builtin(.log), let inner) = u.kind, inner.count == 1 { return inner[0] }
            return raw
        case .log:
            if let v = value {
                if v.isOne { return .zero }
                if v.signum() <= 0 { throw .undefined(raw, reason: "log of a non-positive number") }
                // log of a positive rational: Σ k log(p) over its prime factors.
                let primes = factorize(v.numerator).map { ($0.0, $0.1) } + factorize(v.denominator).map { ($0.0, -$0.1) }
                if primes.count > 1 || primes.first.map({ $0.1 != 1 }) == true {
                    var terms: [Expr] = []
                    for (p, k) in primes {
                        terms.append(try product([.integer(k), Expr(.call(.builtin(.log), [.number(Rational(p))]))], limits: limits))
                    }
                    return try sum(terms, limits: limits)
                }
            }
            if case .call(.builtin(.exp), let inner) = u.kind, inner.count == 1 { return inner[0] }
            return raw
        case .abs:
            if let v = value { return .number(v.magnitude) }
            if case .call(.builtin(.abs), _) = u.kind { return u }
            if case .power(_, let e) = u.kind, let k = e.numberValue, k.isInteger, k.numerator.isEven { return u }
            if isNegated(u) { return try call(function, [try negate(u, limits: limits)], limits: limits) }
            if case .product(let fs) = u.kind, let c = fs.first?.numberValue, c.signum() > 0, !c.isOne {
                let rest = fs.count == 2 ? fs[1] : Expr.product(Array(fs.dropFirst()))
                return try product([.number(c), try call(function, [rest], limits: limits)], limits: limits)
            }
            return raw
        case .sign:
            if let v = value { return .integer(v.signum()) }
            if isNegated(u) {
                return try negate(try call(function, [try negate(u, limits: limits)], limits: limits), limits: limits)
            }
            return raw
        case .sin, .tan, .asin, .atan, .sinh, .tanh, .erf:
            if value?.isZero == true { return .zero }
            if builtin == .sin || builtin == .tan, let k = piMultiple(u), k.isInteger { return .zero }
            if isNegated(u) {
                return try negate(try call(function, [try negate(u, limits: limits)], limits: limits), limits: limits)
            }
            return raw
        case .cos, .cosh:
            if value?.isZero == true { return .one }
            if builtin == .cos, let k = piMultiple(u), k.isInteger {
                return .integer(k.numerator.isEven ? 1 : -1)
            }
            if isNegated(u) { return try call(function, [try negate(u, limits: limits)], limits: limits) }
            return raw
        case .sigmoid:
            if value?.isZero == true { return .number(Rational(1, 2)!) }
            return raw
        case .lambertw:
            if value?.isZero == true { return .zero }
            return raw
        case .acos:
            if value?.isOne == true { return .zero }
            return raw
        case .softplus:
            return raw
        case .min, .max:
            return raw  // handled above (variadic)
        }
    }

    /// min/max: fold numbers, drop duplicates, sort the rest.
    private static func minMax(_ builtin: Builtin, _ arguments: [Expr], limits: Limits) throws(NormalizationError) -> Expr {
        var best: Rational?
        var rest: [Expr] = []
        for a in arguments {
            if let v = a.numberValue {
                if let b = best {
                    best = builtin == .max ? (v > b ? v : b) : (v < b ? v : b)
                } else {
                    best = v
                }
            } else if !rest.contains(a) {
                rest.append(a)
            }
        }
        rest.sort { ExprOrder.compare($0, $1) < 0 }
        if let b = best { rest.insert(.number(b), at: 0) }
        if rest.count == 1 { return rest[0] }
        return Expr(.call(.builtin(builtin), rest))
    }

    /// Whether a canonical expression "looks negative": a negative number, a product with a
    /// negative coefficient, or a sum whose first term looks negative.
    static func isNegated(_ e: Expr) -> Bool {
        switch e.kind {
        case .number(let r): return r.isNegative
        case .product(let fs): return fs.first?.numberValue?.isNegative ?? false
        case .sum(let ts): return ts.first.map(isNegated) ?? false
        case .symbol, .constant, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return false
        }
    }

    /// The canonical negation of a canonical expression.
    static func negate(_ e: Expr, limits: Limits) throws(NormalizationError) -> Expr {
        try product([.minusOne, e], limits: limits)
    }

    /// `k` if the canonical expression is `k*pi` for a rational k (`pi` itself is 1).
    static func piMultiple(_ e: Expr) -> Rational? {
        switch e.kind {
        case .constant(.pi): return .one
        case .product(let fs):
            if fs.count == 2, let k = fs[0].numberValue, case .constant(.pi) = fs[1].kind { return k }
            return nil
        case .number, .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }
}
