// Field operations, comparison, powers, roots and rounding of `Rational`.
//
// Implementation notes
// --------------------
// The operations keep operands small with Henrici's gcd tricks (Knuth, TAOCP 4.5.1) and
// need no final reduction:
//
// * `a/b + c/d`: with `g = gcd(b, d)`, `t = a·(d/g) + c·(b/g)` and `g2 = gcd(t, g)`, the sum
//   is `(t/g2) / ((b/g)·(d/g2))` in lowest terms. When `g == 1` (always, if one operand is
//   an integer) that is just `(ad + bc)/(bd)`, with no second gcd.
// * `(a/b)·(c/d)`: with `g1 = gcd(a, d)` and `g2 = gcd(c, b)`, the product is
//   `((a/g1)(c/g2)) / ((b/g2)(d/g1))`, again in lowest terms; an integer factor needs only one
//   gcd.
//
// All gcds and products of small parts run on the inline `Int` fast paths of `BigInt`.

extension Rational: Comparable {
    /// Numeric order.
    @inlinable
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Three-way comparison: -1, 0 or 1 as `lhs` is below, equal to or above `rhs`.
    @inlinable
    public static func compare(_ lhs: Rational, _ rhs: Rational) -> Int {
        if lhs.denominator == rhs.denominator {
            return BigInt.compare(lhs.numerator, rhs.numerator)
        }
        let sl = lhs.signum(), sr = rhs.signum()
        if sl != sr { return sl < sr ? -1 : 1 }
        return BigInt.compare(lhs.numerator * rhs.denominator, rhs.numerator * lhs.denominator)
    }
}

extension Rational {
    /// The sum.
    @inlinable
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator.isOne && rhs.denominator.isOne {
            return Rational(lhs.numerator + rhs.numerator)
        }
        return sum(lhs, rhs)
    }

    @usableFromInline
    static func sum(_ lhs: Rational, _ rhs: Rational) -> Rational {
        let (a, b, c, d) = (lhs.numerator, lhs.denominator, rhs.numerator, rhs.denominator)
        if a.isZero { return rhs }
        if c.isZero { return lhs }
        if b.isOne { return Rational(uncheckedNumerator: a * d + c, denominator: d) }
        if d.isOne { return Rational(uncheckedNumerator: a + c * b, denominator: b) }
        let g = BigInt.gcd(b, d)
        if g.isOne {
            return Rational(uncheckedNumerator: a * d + c * b, denominator: b * d)
        }
        let bg = b.quotientAndRemainder(dividingBy: g)?.quotient ?? b
        let dg = d.quotientAndRemainder(dividingBy: g)?.quotient ?? d
        let t = a * dg + c * bg
        if t.isZero { return .zero }
        let g2 = BigInt.gcd(t, g)
        if g2.isOne { return Rational(uncheckedNumerator: t, denominator: bg * d) }
        let tq = t.quotientAndRemainder(dividingBy: g2)?.quotient ?? t
        let dq = d.quotientAndRemainder(dividingBy: g2)?.quotient ?? d
        return Rational(uncheckedNumerator: tq, denominator: bg * dq)
    }

    /// The negation.
    @inlinable
    public static prefix func - (value: Rational) -> Rational {
        Rational(uncheckedNumerator: -value.numerator, denominator: value.denominator)
    }

    /// The difference.
    @inlinable
    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator.isOne && rhs.denominator.isOne {
            return Rational(lhs.numerator - rhs.numerator)
        }
        return sum(lhs, -rhs)
    }

    /// The product.
    @inlinable
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator.isOne && rhs.denominator.isOne {
            return Rational(lhs.numerator * rhs.numerator)
        }
        return product(lhs, rhs)
    }

    @usableFromInline
    static func product(_ lhs: Rational, _ rhs: Rational) -> Rational {
        let (a, b, c, d) = (lhs.numerator, lhs.denominator, rhs.numerator, rhs.denominator)
        if a.isZero || c.isZero { return .zero }
        let g1 = BigInt.gcd(a, d)
        let g2 = BigInt.gcd(c, b)
        let a1 = g1.isOne ? a : a.quotientAndRemainder(dividingBy: g1)?.quotient ?? a
        let d1 = g1.isOne ? d : d.quotientAndRemainder(dividingBy: g1)?.quotient ?? d
        let c1 = g2.isOne ? c : c.quotientAndRemainder(dividingBy: g2)?.quotient ?? c
        let b1 = g2.isOne ? b : b.quotientAndRemainder(dividingBy: g2)?.quotient ?? b
        return Rational(uncheckedNumerator: a1 * c1, denominator: b1 * d1)
    }

    /// Adds `rhs` to `lhs`.
    @inlinable
    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    /// Subtracts `rhs` from `lhs`.
    @inlinable
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }
    /// Multiplies `lhs` by `rhs`.
    @inlinable
    public static func *= (lhs: inout Rational, rhs: Rational) { lhs = lhs * rhs }

    /// `self + integer`, without any gcd (the denominator is unchanged).
    public func adding(_ integer: BigInt) -> Rational {
        Rational(uncheckedNumerator: numerator + integer * denominator, denominator: denominator)
    }

    /// `self * integer`, with a single gcd.
    public func multiplied(by integer: BigInt) -> Rational {
        if integer.isZero || isZero { return .zero }
        let g = BigInt.gcd(integer, denominator)
        if g.isOne { return Rational(uncheckedNumerator: numerator * integer, denominator: denominator) }
        let i = integer.quotientAndRemainder(dividingBy: g)?.quotient ?? integer
        let d = denominator.quotientAndRemainder(dividingBy: g)?.quotient ?? denominator
        return Rational(uncheckedNumerator: numerator * i, denominator: d)
    }

    /// `self / divisor`, or `nil` when `divisor` is zero.
    public func dividing(by divisor: Rational) -> Rational? {
        guard let r = divisor.reciprocal else { return nil }
        return self * r
    }

    /// `self` raised to an integer power; `nil` for `0` to a negative power. `0^0` is `1`
    /// here (the empty product); expression-level code decides whether to allow it. The work
    /// grows with the size of the result; callers taking exponents from input should use
    /// ``power(_:limits:)``.
    public func power(_ exponent: Int) -> Rational? {
        if exponent >= 0 {
            // Powers of coprime numbers are coprime.
            guard let n = numerator.power(exponent), let d = denominator.power(exponent) else { return nil }
            return Rational(uncheckedNumerator: n, denominator: d)
        }
        guard let r = reciprocal else { return nil }
        if exponent == Int.min {
            // |exponent| does not fit in Int; only ±1 have representable powers here.
            if r.numerator.magnitude.isOne && r.denominator.isOne { return r.magnitude }
            return r.squared().power(-(exponent / 2))
        }
        return r.power(-exponent)
    }

    /// `self` raised to an integer power, refusing parts wider than
    /// `limits.maxIntegerBits`; `nil` for `0` to a negative power.
    /// - Throws: ``LimitExceeded`` (`maxIntegerBits`) when the result would be too wide.
    public func power(_ exponent: Int, limits: Limits) throws(LimitExceeded) -> Rational? {
        if exponent >= 0 {
            guard let n = try numerator.power(exponent, limits: limits),
                  let d = try denominator.power(exponent, limits: limits) else { return nil }
            return Rational(uncheckedNumerator: n, denominator: d)
        }
        guard let r = reciprocal else { return nil }
        if exponent == Int.min {
            if r.numerator.magnitude.isOne && r.denominator.isOne { return r.magnitude }
            return try r.squared().power(-(exponent / 2), limits: limits)
        }
        return try r.power(-exponent, limits: limits)
    }

    /// The square `self * self` (no gcd needed).
    public func squared() -> Rational {
        Rational(uncheckedNumerator: numerator.squared(), denominator: denominator.squared())
    }

    /// The exact `q`-th root when it is rational, else `nil`. Odd roots of negative values
    /// are negative; even roots of negative values and `q < 1` give `nil`.
    public func root(_ q: Int) -> Rational? {
        guard q >= 1, !isNegative || q % 2 == 1 else { return nil }
        if q == 1 || isZero { return self }
        func exactRoot(_ n: BigInt) -> BigInt? {
            guard let r = n.magnitude.integerRoot(q), r.power(q) == n.magnitude else { return nil }
            return n.isNegative ? -r : r
        }
        guard let n = exactRoot(numerator), let d = exactRoot(denominator) else { return nil }
        return Rational(uncheckedNumerator: n, denominator: d)
    }

    /// The largest integer not above the value.
    public var floor: BigInt {
        if denominator.isOne { return numerator }
        return numerator.flooredDivision(by: denominator)?.quotient ?? numerator
    }

    /// The smallest integer not below the value.
    public var ceiling: BigInt {
        if denominator.isOne { return numerator }
        return floor + .one
    }

    /// The integer part, rounding toward zero.
    public var truncated: BigInt {
        if denominator.isOne { return numerator }
        return numerator.quotientAndRemainder(dividingBy: denominator)?.quotient ?? numerator
    }
}
