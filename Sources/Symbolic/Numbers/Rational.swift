// Exact rational numbers on top of `BigInt`: the type, its invariants and basic properties.
//
// Implementation notes
// --------------------
// A `Rational` is kept in canonical form: `denominator > 0` and
// `gcd(numerator, denominator) == 1`, so zero is `0/1` and integers have denominator 1.
// Equal values therefore have equal representations, and the synthesised `==` and hashing
// are mathematical equality. Every initialiser establishes the invariant, and
// `init(uncheckedNumerator:denominator:)` — used where an algorithm already guarantees it —
// asserts it in debug builds (the gcd part only for operands of a few limbs, so debug
// builds stay usable on huge values; tests check `hasCanonicalForm` in full).
//
// Arithmetic is in `Rational+Arithmetic`, text in `Rational+Text`, and conversions to and
// from `Double` in `FloatingPointConversion`.

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
        assert(Rational.isCanonical(numerator, denominator, fully: false), "Rational not in lowest terms")
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
    @inlinable
    public init?(numerator: BigInt, denominator: BigInt) {
        if denominator.isOne {
            self.init(uncheckedNumerator: numerator, denominator: .one)
            return
        }
        guard let value = Rational.reduced(numerator, denominator) else { return nil }
        self = value
    }

    /// Creates `numerator / denominator` in lowest terms, or `nil` when the denominator is 0.
    @inlinable
    public init?(_ numerator: Int, _ denominator: Int) {
        self.init(numerator: BigInt(numerator), denominator: BigInt(denominator))
    }

    /// `n/d` in lowest terms with a positive denominator; `nil` for `d == 0`.
    @usableFromInline
    static func reduced(_ n: BigInt, _ d: BigInt) -> Rational? {
        if d.isZero { return nil }
        let g = BigInt.gcd(n, d)
        var n = n, d = d
        if !g.isOne {
            guard let nq = n.exactlyDivided(by: g), let dq = d.exactlyDivided(by: g) else { return nil }
            n = nq
            d = dq
        }
        if d.isNegative {
            n = -n
            d = -d
        }
        return Rational(uncheckedNumerator: n, denominator: d)
    }

    /// Whether `n/d` is canonical; the gcd is checked only for small parts unless `fully`.
    @usableFromInline
    static func isCanonical(_ n: BigInt, _ d: BigInt, fully: Bool) -> Bool {
        guard n.hasCanonicalStorage, d.hasCanonicalStorage, d.signum() > 0 else { return false }
        if !fully && n.magnitudeLimbs.count + d.magnitudeLimbs.count > 8 { return true }
        return BigInt.gcd(n, d).isOne
    }

    /// Whether the representation is canonical (positive denominator, lowest terms,
    /// canonical parts). Always true; used by debug assertions and tests.
    var hasCanonicalForm: Bool { Rational.isCanonical(numerator, denominator, fully: true) }

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
    @inlinable
    public var asInt: Int? { isInteger ? numerator.asInt : nil }

    /// The value as a `BigInt` if it is an integer.
    @inlinable
    public var asBigInt: BigInt? { isInteger ? numerator : nil }

    /// The absolute value.
    @inlinable
    public var magnitude: Rational {
        Rational(uncheckedNumerator: numerator.magnitude, denominator: denominator)
    }

    /// The reciprocal, or `nil` for zero.
    @inlinable
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
