// Greatest common divisor and least common multiple of `BigInt`s.
//
// Implementation notes
// --------------------
// Two `.small` operands use Stein's binary gcd on their magnitudes (so `Int.min` needs no
// special case: gcd(Int.min, 0) = 2^63 is returned as a large value). Anything larger uses
// Lehmer's algorithm on limbs (`Magnitude+GCD`).

extension BigInt {
    /// The greatest common divisor, always non-negative; `gcd(0, 0) == 0`.
    @inlinable
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        if case .small(let x) = a.storage, case .small(let y) = b.storage {
            return BigInt(negative: false, magnitude: Magnitude.gcd(x.magnitude, y.magnitude))
        }
        return slowGCD(a, b)
    }

    @usableFromInline
    static func slowGCD(_ a: BigInt, _ b: BigInt) -> BigInt {
        let la = a.magnitudeLimbs, lb = b.magnitudeLimbs
        if la.isEmpty { return normalized(negative: false, limbs: lb) }
        if lb.isEmpty { return normalized(negative: false, limbs: la) }
        return normalized(negative: false, limbs: Magnitude.gcd(la, lb))
    }

    /// The least common multiple, non-negative; 0 if either argument is 0.
    public static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt {
        if a.isZero || b.isZero { return .zero }
        let g = gcd(a, b)
        let cofactor = a.magnitude.quotientAndRemainder(dividingBy: g)?.quotient ?? .zero
        return cofactor * b.magnitude
    }
}
