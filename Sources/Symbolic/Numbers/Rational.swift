// Exact rational numbers on top of `BigInt`.

/// An exact rational number `numerator / denominator`.
///
/// Invariants: `denominator > 0` and `gcd(numerator, denominator) == 1` (so zero is `0/1`).
/// Equal values therefore have equal representations, and `==` is mathematical equality.
/// Nothing traps: operations that would divide by zero return `nil`.
public struct Rational: Sendable, Hashable {
    /// The numerator, carrying the sign.
    public let numerator: BigInt
    /// The denominator, always positive.
    public let denominator: BigInt

    /// Creates `numerator / denominator` from parts already in lowest terms with a positive
    /// denominator. Checked by `assert` in debug builds.
    @inlinable
    init(uncheckedNumerator numerator: BigInt, denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Creates an integer-valued rational.
    @inlinable
    public init(_ value: BigInt) {
        self.init(uncheckedNumerator: value, denominator: .one)
    }

    /// Creates an integer-valued rational.
    @inlinable
    public init(_ value: Int) {
        self.init(uncheckedNumerator: BigInt(value), denominator: .one)
    }

    /// Creates `numerator / denominator` in lowest terms, or `nil` when the denominator is 0.
    public init?(numerator: BigInt, denominator: BigInt) {
        if denominator.isZero { return nil }
        if denominator.isOne {
            self.init(uncheckedNumerator: numerator, denominator: .one)
            return
        }
        let g = BigInt.gcd(numerator, denominator)
        var n = numerator.exactlyDivided(by: g)!
        var d = denominator.exactlyDivided(by: g)!
        if d.isNegative {
            n = -n
            d = -d
        }
        self.init(uncheckedNumerator: n, denominator: d)
    }

    /// Creates `numerator / denominator` in lowest terms, or `nil` when the denominator is 0.
    public init?(_ numerator: Int, _ denominator: Int) {
        self.init(numerator: BigInt(numerator), denominator: BigInt(denominator))
    }

    /// The exact value of a finite `Double`; `nil` for NaN and infinities.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        let significand = BigInt(Int64(value.significandBitPattern) | (value.isNormal ? Int64(1) << 52 : 0))
        let exponent = Int(value.exponent) - 52 + (value.isNormal ? 0 : 1)
        let signed = value < 0 ? -significand : significand
        if exponent >= 0 {
            self.init(signed.shifted(by: exponent))
        } else {
            self.init(numerator: signed, denominator: BigInt.one.shifted(by: -exponent))!
        }
    }

    /// Zero.
    public static let zero = Rational(0)
    /// One.
    public static let one = Rational(1)
    /// Minus one.
    public static let minusOne = Rational(-1)

    /// Whether the value is an integer.
    @inlinable
    public var isInteger: Bool { denominator.isOne }
    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { numerator.isZero }
    /// Whether the value is one.
    @inlinable
    public var isOne: Bool { numerator.isOne && denominator.isOne }
    /// Whether the value is negative.
    @inlinable
    public var isNegative: Bool { numerator.isNegative }
    /// -1, 0 or 1 according to the sign.
    @inlinable
    public func signum() -> Int { numerator.signum() }

    /// The value as an `Int` if it is an integer that fits.
    public var asInt: Int? { isInteger ? numerator.asInt : nil }

    /// The absolute value.
    public var magnitude: Rational {
        Rational(uncheckedNumerator: numerator.magnitude, denominator: denominator)
    }

    /// The nearest `Double` (may be ±infinity or lose precision for huge parts).
    public var doubleValue: Double {
        if denominator.isOne { return numerator.doubleValue }
        let nb = numerator.bitWidth, db = denominator.bitWidth
        if nb < 1000 && db < 1000 {
            let d = numerator.doubleValue / denominator.doubleValue
            if d.isFinite && d != 0 { return d }
        }
        // Scale so the quotient has ~64 significant bits.
        let shift = 64 - (nb - db)
        let scaled = numerator.shifted(by: shift).quotientAndRemainder(dividingBy: denominator)!.quotient
        return scaled.doubleValue * Double(sign: .plus, exponent: -shift, significand: 1)
    }

    /// The largest integer not above the value.
    public var floor: BigInt { numerator.flooredDivision(by: denominator)!.quotient }

    /// The smallest integer not below the value.
    public var ceiling: BigInt { -((-self).floor) }

    /// The reciprocal, or `nil` for zero.
    public var reciprocal: Rational? {
        if numerator.isZero { return nil }
        if numerator.isNegative {
            return Rational(uncheckedNumerator: -denominator, denominator: -numerator)
        }
        return Rational(uncheckedNumerator: denominator, denominator: numerator)
    }

    /// A hash that is the same in every process.
    public var stableHash: UInt64 {
        StableHash.combine(numerator.stableHash, denominator.stableHash)
    }
}

extension Rational: Comparable {
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator.isOne && rhs.denominator.isOne { return lhs.numerator < rhs.numerator }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
}

extension Rational {
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator.isOne && rhs.denominator.isOne {
            return Rational(lhs.numerator + rhs.numerator)
        }
        if lhs.denominator == rhs.denominator {
            return Rational(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator)!
        }
        return Rational(numerator: lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
                        denominator: lhs.denominator * rhs.denominator)!
    }

    public static prefix func - (value: Rational) -> Rational {
        Rational(uncheckedNumerator: -value.numerator, denominator: value.denominator)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator.isOne && rhs.denominator.isOne {
            return Rational(lhs.numerator * rhs.numerator)
        }
        // Cross-cancel first to keep intermediates small.
        let g1 = BigInt.gcd(lhs.numerator, rhs.denominator)
        let g2 = BigInt.gcd(rhs.numerator, lhs.denominator)
        let n1 = g1.isOne || g1.isZero ? lhs.numerator : lhs.numerator.exactlyDivided(by: g1)!
        let d2 = g1.isOne || g1.isZero ? rhs.denominator : rhs.denominator.exactlyDivided(by: g1)!
        let n2 = g2.isOne || g2.isZero ? rhs.numerator : rhs.numerator.exactlyDivided(by: g2)!
        let d1 = g2.isOne || g2.isZero ? lhs.denominator : lhs.denominator.exactlyDivided(by: g2)!
        let n = n1 * n2
        if n.isZero { return .zero }
        return Rational(uncheckedNumerator: n, denominator: d1 * d2)
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }
    public static func *= (lhs: inout Rational, rhs: Rational) { lhs = lhs * rhs }

    /// `self / divisor`, or `nil` when `divisor` is zero.
    public func dividing(by divisor: Rational) -> Rational? {
        guard let r = divisor.reciprocal else { return nil }
        return self * r
    }

    /// `self` raised to an integer power; `nil` for `0` to a negative power.
    /// `0^0` is `1` here (the empty product); expression-level code decides whether to allow it.
    public func power(_ exponent: Int) -> Rational? {
        if exponent >= 0 {
            return Rational(uncheckedNumerator: numerator.power(exponent)!, denominator: denominator.power(exponent)!)
        }
        guard let r = reciprocal else { return nil }
        if exponent == Int.min { return nil }
        return r.power(-exponent)
    }

    /// The exact `q`-th root of a non-negative rational when it is rational, else `nil`.
    public func root(_ q: Int) -> Rational? {
        guard q >= 1, !isNegative || q % 2 == 1 else { return nil }
        if q == 1 { return self }
        func integerRoot(_ n: BigInt) -> BigInt? {
            if n.isZero { return .zero }
            let negative = n.isNegative
            let m = n.magnitude
            // Newton on the magnitude.
            var x = BigInt.one.shifted(by: m.bitWidth / q + 1)
            while true {
                let xq1 = x.power(q - 1)!
                let y = (BigInt(q - 1) * x + m.quotientAndRemainder(dividingBy: xq1)!.quotient)
                    .quotientAndRemainder(dividingBy: BigInt(q))!.quotient
                if y >= x { break }
                x = y
            }
            guard x.power(q)! == m else { return nil }
            return negative ? -x : x
        }
        guard let n = integerRoot(numerator), let d = integerRoot(denominator) else { return nil }
        return Rational(uncheckedNumerator: n, denominator: d)
    }
}

extension Rational: ExpressibleByIntegerLiteral, CustomStringConvertible {
    public init(integerLiteral value: Int) { self.init(value) }

    /// `n` for integers, `n/d` otherwise.
    public var description: String {
        denominator.isOne ? numerator.description : "\(numerator)/\(denominator)"
    }

    /// Parses an integer, a fraction `n/d`, or a decimal literal such as `-0.125` or `1.5e-3`
    /// as an exact value. Returns `nil` on malformed text or a zero denominator.
    public init?(parsing text: String) {
        if let slash = text.firstIndex(of: "/") {
            guard let n = BigInt(text[..<slash]), let d = BigInt(text[text.index(after: slash)...]) else { return nil }
            self.init(numerator: n, denominator: d)
            return
        }
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let ex = Int(mantissa[mantissa.index(after: e)...]), abs(ex) <= 100_000 else { return nil }
            exponent = ex
            mantissa = mantissa[..<e]
        }
        var digits = String(mantissa)
        if let dot = digits.firstIndex(of: ".") {
            let fraction = digits[digits.index(after: dot)...]
            guard !fraction.contains(".") else { return nil }
            exponent -= fraction.count
            digits.remove(at: dot)
        }
        guard digits.last?.isNumber == true, let n = BigInt(digits) else { return nil }
        let ten = BigInt(10)
        if exponent >= 0 {
            self.init(n * ten.power(exponent)!)
        } else {
            self.init(numerator: n, denominator: ten.power(-exponent)!)
        }
    }
}
