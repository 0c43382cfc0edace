// Rational functions over ℚ as normalised quotients of integer polynomials.
//
// Implementation notes
// --------------------
// Normal form: numerator/denominator with gcd(numerator, denominator) = 1 in ℤ[x0, …]
// (so the integer contents are coprime too) and a denominator whose leading coefficient, in
// the engine's term order, is positive; zero is 0/1. Over ℤ[x0, …], a unique factorisation
// domain, this makes the representation of every element of ℚ(x0, …) unique, so structural
// equality of the parts is equality of the functions.
// Arithmetic avoids gcds it does not need: with denominators 1 (polynomials) nothing is
// reduced; products cross-cancel (gcd(a, d), gcd(c, b)); sums use Henrici's trick
// (g = gcd(b, d), t = a·(d/g) + c·(b/g), then only gcd(t, g) remains to cancel); powers of a
// reduced fraction are reduced.

/// A rational function: a quotient of integer polynomials in lowest terms.
///
/// Invariants: `gcd(numerator, denominator) == 1` (including integer content), the
/// denominator's leading coefficient (in ``Polynomial``'s term order) is positive, and zero
/// is `0/1`. Hence two rational functions are equal as functions iff they are equal values.
public struct RationalFunction: Hashable, Sendable {
    /// The numerator.
    public let numerator: Polynomial
    /// The denominator, with positive leading coefficient; 1 for polynomials.
    public let denominator: Polynomial

    /// Errors of rational-function arithmetic other than limits.
    public enum ArithmeticError: Error, Sendable, Hashable {
        /// Division by the zero rational function (or a zero denominator).
        case divisionByZero
    }

    init(uncheckedNumerator numerator: Polynomial, denominator: Polynomial) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The polynomial `p` as a rational function `p/1`.
    public init(_ p: Polynomial) {
        self.init(uncheckedNumerator: p, denominator: .constant(1, variableCount: p.variableCount))
    }

    /// The integer `value`.
    public init(_ value: BigInt) { self.init(Polynomial.constant(value)) }

    /// The rational number `value`.
    public init(_ value: Rational) {
        self.init(uncheckedNumerator: .constant(value.numerator), denominator: .constant(value.denominator))
    }

    /// `numerator / denominator` reduced to the normal form. Throws
    /// ``ArithmeticError/divisionByZero`` for a zero denominator and ``LimitExceeded`` from
    /// the gcd.
    public init(numerator: Polynomial, denominator: Polynomial, limits: Limits = .default) throws {
        guard !denominator.isZero else { throw ArithmeticError.divisionByZero }
        self = try RationalFunction.reduced(numerator, denominator, limits: limits)
    }

    /// Zero, `0/1`.
    public static let zero = RationalFunction(Polynomial.zero)
    /// One, `1/1`.
    public static let one = RationalFunction(Polynomial.one)

    /// Whether this is zero.
    public var isZero: Bool { numerator.isZero }

    /// Whether the denominator is 1, i.e. this is a polynomial.
    public var isPolynomial: Bool { denominator.isOne }

    /// The number of variables the parts are declared in (the larger of the two).
    public var variableCount: Int { max(numerator.variableCount, denominator.variableCount) }

    /// Brings `n/d` (d ≠ 0) to the normal form by dividing out their gcd and fixing the sign.
    static func reduced(_ n: Polynomial, _ d: Polynomial, limits: Limits) throws -> RationalFunction {
        if n.isZero { return RationalFunction(Polynomial(variableCount: max(n.variableCount, d.variableCount))) }
        var num = n, den = d
        if !den.isOne {
            let g = try Polynomial.gcd(num, den, limits: limits)
            if !g.isOne {
                guard let qn = num.exactQuotient(dividingBy: g), let qd = den.exactQuotient(dividingBy: g) else {
                    throw Polynomial.GCDError.verificationFailed
                }
                num = qn
                den = qd
            }
        }
        if den.leadingCoefficient.isNegative {
            num = -num
            den = -den
        }
        return RationalFunction(uncheckedNumerator: num, denominator: den)
    }

    /// `1 / self`, or `nil` for zero.
    public var reciprocal: RationalFunction? {
        if isZero { return nil }
        if numerator.leadingCoefficient.isNegative {
            return RationalFunction(uncheckedNumerator: -denominator, denominator: -numerator)
        }
        return RationalFunction(uncheckedNumerator: denominator, denominator: numerator)
    }

    /// The negation.
    public static prefix func - (value: RationalFunction) -> RationalFunction {
        RationalFunction(uncheckedNumerator: -value.numerator, denominator: value.denominator)
    }

    /// The sum, in normal form.
    public func adding(_ other: RationalFunction, limits: Limits = .default) throws -> RationalFunction {
        let (a, b, c, d) = (numerator, denominator, other.numerator, other.denominator)
        try WorkMeter.charge((a.termCount + b.termCount + c.termCount + d.termCount)
            .saturatingProduct(max(a.variableCount, c.variableCount, 1)))
        if b.isOne && d.isOne { return RationalFunction(a + c) }
        if isZero { return other }
        if other.isZero { return self }
        if b == d {
            return try RationalFunction.reduced(a + c, b, limits: limits)
        }
        if b.isOne {
            return try RationalFunction.normalisedSign(try a.multiplied(by: d, limits: limits) + c, d)
        }
        if d.isOne {
            return try RationalFunction.normalisedSign(a + (try c.multiplied(by: b, limits: limits)), b)
        }
        let g = try Polynomial.gcd(b, d, limits: limits)
        if g.isOne {
            let t = try a.multiplied(by: d, limits: limits) + (try c.multiplied(by: b, limits: limits))
            return try RationalFunction.normalisedSign(t, try b.multiplied(by: d, limits: limits))
        }
        guard let bg = b.exactQuotient(dividingBy: g), let dg = d.exactQuotient(dividingBy: g) else {
            throw Polynomial.GCDError.verificationFailed
        }
        let t = try a.multiplied(by: dg, limits: limits) + (try c.multiplied(by: bg, limits: limits))
        if t.isZero { return RationalFunction(Polynomial(variableCount: max(variableCount, other.variableCount))) }
        let g2 = try Polynomial.gcd(t, g, limits: limits)
        guard let tn = t.exactQuotient(dividingBy: g2), let gd = g.exactQuotient(dividingBy: g2) else {
            throw Polynomial.GCDError.verificationFailed
        }
        return try RationalFunction.normalisedSign(tn, try bg.multiplied(by: gd, limits: limits).multiplied(by: dg, limits: limits))
    }

    /// A fraction already in lowest terms with its sign fixed.
    static func normalisedSign(_ n: Polynomial, _ d: Polynomial) throws -> RationalFunction {
        if n.isZero { return RationalFunction(Polynomial(variableCount: max(n.variableCount, d.variableCount))) }
        if d.leadingCoefficient.isNegative { return RationalFunction(uncheckedNumerator: -n, denominator: -d) }
        return RationalFunction(uncheckedNumerator: n, denominator: d)
    }

    /// The difference, in normal form.
    public func subtracting(_ other: RationalFunction, limits: Limits = .default) throws -> RationalFunction {
        try adding(-other, limits: limits)
    }

    /// The product, in normal form.
    public func multiplied(by other: RationalFunction, limits: Limits = .default) throws -> RationalFunction {
        let (a, b, c, d) = (numerator, denominator, other.numerator, other.denominator)
        if b.isOne && d.isOne { return RationalFunction(try a.multiplied(by: c, limits: limits)) }
        if isZero || other.isZero {
            return RationalFunction(Polynomial(variableCount: max(variableCount, other.variableCount)))
        }
        // Cross-cancel: gcd(a, d) and gcd(c, b).
        var (a1, d1, c1, b1) = (a, d, c, b)
        if !d.isOne {
            let g = try Polynomial.gcd(a, d, limits: limits)
            if !g.isOne {
                guard let x = a.exactQuotient(dividingBy: g), let y = d.exactQuotient(dividingBy: g) else {
                    throw Polynomial.GCDError.verificationFailed
                }
                (a1, d1) = (x, y)
            }
        }
        if !b.isOne {
            let g = try Polynomial.gcd(c, b, limits: limits)
            if !g.isOne {
                guard let x = c.exactQuotient(dividingBy: g), let y = b.exactQuotient(dividingBy: g) else {
                    throw Polynomial.GCDError.verificationFailed
                }
                (c1, b1) = (x, y)
            }
        }
        return try RationalFunction.normalisedSign(try a1.multiplied(by: c1, limits: limits),
                                                   try b1.multiplied(by: d1, limits: limits))
    }

    /// The quotient, in normal form; throws ``ArithmeticError/divisionByZero`` for a zero
    /// divisor.
    public func divided(by other: RationalFunction, limits: Limits = .default) throws -> RationalFunction {
        guard let r = other.reciprocal else { throw ArithmeticError.divisionByZero }
        return try multiplied(by: r, limits: limits)
    }

    /// `self` to an integer power; negative exponents invert (throwing
    /// ``ArithmeticError/divisionByZero`` for zero). `x^0 = 1`, also for zero.
    public func power(_ exponent: Int, limits: Limits = .default) throws -> RationalFunction {
        if exponent == 0 { return .one }
        if exponent < 0 {
            guard exponent != Int.min else {
                throw LimitExceeded(limit: "maxExponent", requested: Int.max, maximum: limits.maxExponent)
            }
            guard let r = reciprocal else { throw ArithmeticError.divisionByZero }
            return try r.power(-exponent, limits: limits)
        }
        // A power of a reduced fraction is reduced; a power of a positive-leading polynomial
        // keeps a positive leading coefficient.
        return RationalFunction(uncheckedNumerator: try numerator.power(exponent, limits: limits),
                                denominator: try denominator.power(exponent, limits: limits))
    }

    /// The sum (default limits).
    public static func + (lhs: RationalFunction, rhs: RationalFunction) throws -> RationalFunction {
        try lhs.adding(rhs)
    }

    /// The difference (default limits).
    public static func - (lhs: RationalFunction, rhs: RationalFunction) throws -> RationalFunction {
        try lhs.subtracting(rhs)
    }

    /// The product (default limits).
    public static func * (lhs: RationalFunction, rhs: RationalFunction) throws -> RationalFunction {
        try lhs.multiplied(by: rhs)
    }

    /// The quotient (default limits); throws ``ArithmeticError/divisionByZero``.
    public static func / (lhs: RationalFunction, rhs: RationalFunction) throws -> RationalFunction {
        try lhs.divided(by: rhs)
    }

    /// The value at rational `values`; `nil` when the denominator vanishes there, too few
    /// values are given or the value could exceed `limits.maxIntegerBits` bits.
    public func evaluated(at values: [Rational], limits: Limits = .default) -> Rational? {
        guard let n = numerator.evaluated(at: values, limits: limits),
              let d = denominator.evaluated(at: values, limits: limits) else { return nil }
        return n.dividing(by: d)
    }
}

extension RationalFunction: CustomStringConvertible {
    /// `(numerator)/(denominator)`, or the numerator alone for polynomials.
    public var description: String {
        denominator.isOne ? numerator.description : "(\(numerator))/(\(denominator))"
    }
}
