// Canonical powers.
//
// Implementation notes
// --------------------
// Numeric radicals are normalised so that equal values get equal forms: a positive
// rational base with a fractional exponent p/q is factored by trial division (primes below
// `trialDivisionBound`); each prime power P^k contributes P^⌊kp/q⌋ to the rational
// coefficient and P^{kp/q − ⌊kp/q⌋} as a radical factor with exponent in (0, 1). So
// `8^(1/2)` is `2*2^(1/2)` and `(1/3)^(1/2)` is `(1/3)*3^(1/2)`. A cofactor left after trial
// division is kept as one base (documented loss of canonicity for numbers with two large
// prime factors). Negative bases with fractional exponents are left alone: their real
// value is a matter for the guarded rules and evaluation.

extension Normalizer {
    static let trialDivisionBound = 10_000

    /// The canonical `base ^ exponent` of canonical operands.
    static func power(_ base: Expr, _ exponent: Expr, limits: Limits) throws(NormalizationError) -> Expr {
        if exponent.isZero {
            if base.isZero { throw .undefined(.power(base, exponent), reason: "0^0 is undefined") }
            return .one
        }
        if exponent.isOne { return base }
        if base.isOne { return .one }

        if case .number(let b) = base.kind {
            if case .number(let e) = exponent.kind {
                return try numericPower(b, e, limits: limits)
            }
            if b.isZero { return .power(base, exponent) }  // 0^x: left for the checker (0 or undefined)
            return .power(base, exponent)
        }

        if case .number(let e) = exponent.kind, e.isInteger {
            switch base.kind {
            case .power(let innerBase, let innerExponent):
                // (x^a)^n = x^(a n) for integer n.
                let merged = try product([innerExponent, exponent], limits: limits)
                return try power(innerBase, merged, limits: limits)
            case .product(let factors):
                var out: [Expr] = []
                for f in factors { out.append(try power(f, exponent, limits: limits)) }
                return try product(out, limits: limits)
            case .call(.builtin(.exp), let args) where args.count == 1:
                return try call(.builtin(.exp), [try product([exponent, args[0]], limits: limits)], limits: limits)
            case .number, .symbol, .constant, .sum, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                return .power(base, exponent)
            }
        }

        switch base.kind {
        case .call(.builtin(.exp), let args) where args.count == 1:
            // exp(a)^b = exp(a b) for real a, b: exp(a) > 0.
            return try call(.builtin(.exp), [try product([exponent, args[0]], limits: limits)], limits: limits)
        case .product(let factors):
            // A positive numeric coefficient comes out: (4x)^(1/2) = 2 x^(1/2).
            if let first = factors.first, case .number(let c) = first.kind, c.signum() > 0 {
                let rest = factors.dropFirst()
                let restExpr = rest.count == 1 ? rest[rest.startIndex] : Expr.product(Array(rest))
                return try product([try power(first, exponent, limits: limits),
                                    try power(restExpr, exponent, limits: limits)], limits: limits)
            }
            return .power(base, exponent)
        case .number, .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return .power(base, exponent)
        }
    }

    /// `b ^ e` for rational `b` and `e`.
    static func numericPower(_ b: Rational, _ e: Rational, limits: Limits) throws(NormalizationError) -> Expr {
        if b.isZero {
            if e.signum() > 0 { return .zero }
            throw .undefined(.power(.number(b), .number(e)), reason: "division by zero")
        }
        if e.isInteger {
            guard let n = e.asInt, abs(n) <= limits.maxExponent else {
                throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: e.asInt ?? Int.max,
                                                   maximum: limits.maxExponent))
            }
            let bits = max(b.numerator.bitWidth, b.denominator.bitWidth) * abs(n)
            if bits > limits.maxIntegerBits {
                throw .limitExceeded(LimitExceeded(limit: "maxIntegerBits", requested: bits, maximum: limits.maxIntegerBits))
            }
            // Nonzero base, so the power exists.
            return .number(b.power(n) ?? .zero)
        }
        if b.isNegative {
            return .power(.number(b), .number(e))
        }
        // Positive base, fractional exponent p/q.
        let p = e.numerator, q = e.denominator
        if let qi = q.asInt, qi <= 64, let root = b.root(qi) {
            return try numericPower(root, Rational(p), limits: limits)
        }
        var coefficient = Rational.one
        var radicals: [Expr] = []
        func absorb(_ n: BigInt, sign: Int) throws(NormalizationError) {
            for (prime, k) in factorize(n) {
                // prime^(sign * k * e)
                let total = Rational(BigInt(sign * k)) * e
                let whole = total.floor
                let fraction = total - Rational(whole)
                if !whole.isZero {
                    guard let w = whole.asInt, abs(w) <= limits.maxExponent else {
                        throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: whole.asInt ?? Int.max,
                                                           maximum: limits.maxExponent))
                    }
                    coefficient *= Rational(prime).power(w) ?? .one
                }
                if !fraction.isZero { radicals.append(.power(.number(Rational(prime)), .number(fraction))) }
            }
        }
        try absorb(b.numerator, sign: 1)
        try absorb(b.denominator, sign: -1)
        radicals.sort { ExprOrder.compareFactors($0, $1) < 0 }
        if coefficient.isOne && radicals.count == 1 { return radicals[0] }
        var out: [Expr] = coefficient.isOne ? [] : [.number(coefficient)]
        out.append(contentsOf: radicals)
        return out.count == 1 ? out[0] : .product(out)
    }

    /// Trial division below `trialDivisionBound`; a leftover cofactor is returned as one base.
    static func factorize(_ n: BigInt) -> [(BigInt, Int)] {
        var m = n.magnitude
        var result: [(BigInt, Int)] = []
        if m.isOne || m.isZero { return [] }
        var d = 2
        while d < trialDivisionBound {
            // Once the cofactor fits in a machine word, the same trial division in machine
            // arithmetic (the same factors; a BigInt division allocates).
            if let small = m.asInt {
                var x = UInt64(small)
                while d < trialDivisionBound {
                    let dd = UInt64(d)
                    if dd * dd > x { break }
                    if x % dd == 0 {
                        var k = 0
                        while x % dd == 0 {
                            x /= dd
                            k += 1
                        }
                        result.append((BigInt(d), k))
                    }
                    d += d == 2 ? 1 : 2
                }
                if x != 1 { result.append((BigInt(x), 1)) }
                return result
            }
            let dd = BigInt(d)
            if dd * dd > m { break }
            // Divide only where the (allocation-free) residue says d divides.
            if m.residue(modulo: UInt64(d)) == 0 {
                var k = 0
                while let q = m.exactlyDivided(by: dd) {
                    m = q
                    k += 1
                }
                if k > 0 { result.append((dd, k)) }
            }
            d += d == 2 ? 1 : 2
        }
        if !m.isOne { result.append((m, 1)) }
        return result
    }
}
