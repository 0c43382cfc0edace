// Arithmetic modulo the Mersenne prime p = 2^61 − 1.
//
// Implementation notes
// --------------------
// A product of two residues below 2^61 has at most 122 bits. Write it as hi·2^64 + lo with
// `multipliedFullWidth`; since 2^61 ≡ 1 (mod p), the product is congruent to
// (lo mod 2^61) + (product >> 61), and both parts are below 2^61, so one conditional
// subtraction finishes the reduction (the high part is at most p − 2 because the factors are
// at most p − 1). Inverses use Fermat's little theorem, a^(p−2); exponents of any size are
// reduced modulo p − 1 first.

/// A residue modulo the Mersenne prime p = 2^61 − 1, for Schwartz–Zippel zero tests.
///
/// Invariant: `value < Modular61.modulus`. Arithmetic never traps; operations that have no
/// answer (the inverse of zero) return `nil`.
public struct Modular61: Hashable, Sendable, CustomStringConvertible {
    /// The modulus 2^61 − 1.
    public static let modulus: UInt64 = (1 << 61) - 1

    /// The canonical representative, in `0 ..< modulus`.
    public let value: UInt64

    /// Creates the residue of a non-negative integer.
    @inlinable
    public init(_ value: UInt64) {
        let p = Modular61.modulus
        var v = (value & p) &+ (value >> 61)
        if v >= p { v &-= p }
        self.value = v
    }

    /// Creates the residue of a signed integer (negative values wrap around the modulus).
    public init(_ value: Int) {
        if value >= 0 {
            self.init(UInt64(value))
        } else {
            self = -Modular61(UInt64(value.magnitude))
        }
    }

    /// Creates the residue of a big integer.
    public init(_ value: BigInt) {
        self.value = value.residue(modulo: Modular61.modulus)
    }

    /// The residue of a rational number, or `nil` when its denominator is divisible by p.
    public init?(_ value: Rational) {
        let n = Modular61(value.numerator)
        if value.denominator.isOne {
            self = n
            return
        }
        guard let inverse = Modular61(value.denominator).inverse else { return nil }
        self = n * inverse
    }

    @inlinable
    init(reduced value: UInt64) { self.value = value }

    /// Zero.
    public static let zero = Modular61(reduced: 0)
    /// One.
    public static let one = Modular61(reduced: 1)

    /// Whether this is the zero residue.
    @inlinable
    public var isZero: Bool { value == 0 }

    /// A uniformly random residue drawn from `source`.
    public static func random(using source: inout RandomSource) -> Modular61 {
        Modular61(reduced: source.nextUInt64(below: modulus))
    }

    /// A uniformly random non-zero residue drawn from `source`.
    public static func randomNonzero(using source: inout RandomSource) -> Modular61 {
        Modular61(reduced: 1 + source.nextUInt64(below: modulus - 1))
    }

    /// The sum modulo p.
    @inlinable
    public static func + (lhs: Modular61, rhs: Modular61) -> Modular61 {
        var s = lhs.value &+ rhs.value
        if s >= modulus { s &-= modulus }
        return Modular61(reduced: s)
    }

    /// The difference modulo p.
    @inlinable
    public static func - (lhs: Modular61, rhs: Modular61) -> Modular61 {
        lhs.value >= rhs.value
            ? Modular61(reduced: lhs.value &- rhs.value)
            : Modular61(reduced: lhs.value &+ (modulus &- rhs.value))
    }

    /// The additive inverse modulo p.
    @inlinable
    public static prefix func - (value: Modular61) -> Modular61 {
        value.value == 0 ? value : Modular61(reduced: modulus &- value.value)
    }

    /// The product modulo p (Mersenne reduction of the 122-bit product).
    @inlinable
    public static func * (lhs: Modular61, rhs: Modular61) -> Modular61 {
        let (hi, lo) = lhs.value.multipliedFullWidth(by: rhs.value)
        let low = lo & modulus
        let high = (lo >> 61) | (hi << 3)
        var s = low &+ high
        if s >= modulus { s &-= modulus }
        return Modular61(reduced: s)
    }

    /// Adds in place.
    public static func += (lhs: inout Modular61, rhs: Modular61) { lhs = lhs + rhs }
    /// Subtracts in place.
    public static func -= (lhs: inout Modular61, rhs: Modular61) { lhs = lhs - rhs }
    /// Multiplies in place.
    public static func *= (lhs: inout Modular61, rhs: Modular61) { lhs = lhs * rhs }

    /// `self` raised to a non-negative power (with `0^0 == 1`, the empty product).
    public func power(_ exponent: UInt64) -> Modular61 {
        var result = Modular61.one
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    /// `self` raised to an integer power; `nil` for zero to a negative power. `0^0` is 1 here;
    /// expression evaluation decides whether to allow it.
    public func power(_ exponent: BigInt) -> Modular61? {
        if exponent.isZero { return .one }
        if isZero { return exponent.isNegative ? nil : .zero }
        // a^(p−1) = 1 for a ≠ 0, so the exponent only matters modulo p − 1.
        let e = exponent.residue(modulo: Modular61.modulus - 1)
        return power(e)
    }

    /// The multiplicative inverse, or `nil` for zero.
    public var inverse: Modular61? {
        isZero ? nil : power(Modular61.modulus - 2)
    }

    /// The quotient `self / divisor`, or `nil` when `divisor` is zero.
    public func dividing(by divisor: Modular61) -> Modular61? {
        divisor.inverse.map { self * $0 }
    }

    /// The decimal representative.
    public var description: String { value.description }
}
