// Division of `BigInt`: truncating, floored and exact quotients, and residues.
//
// Implementation notes
// --------------------
// All quotients come from `quotientAndRemainder(dividingBy:)`, which has an `Int` fast path
// (the one overflowing case, `Int.min / -1`, goes to the limb code) and otherwise divides
// magnitudes with `Magnitude.divide` and fixes the signs. A zero divisor gives `nil`.

extension BigInt {
    /// Truncating division: `quotient` rounds toward zero and `remainder` has the sign of
    /// `self` (or is zero), so `self == quotient * divisor + remainder` and
    /// `|remainder| < |divisor|`. Returns `nil` when `divisor` is 0.
    @inlinable
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt)? {
        if case .small(let a) = storage, case .small(let b) = divisor.storage, b != 0,
           !(a == Int.min && b == -1) {
            return (BigInt(a / b), BigInt(a % b))
        }
        return slowQuotientAndRemainder(dividingBy: divisor)
    }

    @usableFromInline
    func slowQuotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt)? {
        if divisor.isZero { return nil }
        let (na, la) = signAndLimbs
        let (nb, lb) = divisor.signAndLimbs
        if Magnitude.compare(la, lb) < 0 { return (.zero, self) }
        let (q, r) = Magnitude.divide(la, lb)
        return (BigInt.normalized(negative: na != nb, limbs: q), BigInt.normalized(negative: na, limbs: r))
    }

    /// Floor division: the quotient rounds toward −∞ and the modulus has the sign of the
    /// divisor (or is zero), like Python's `divmod`. Returns `nil` when `divisor` is 0.
    @inlinable
    public func flooredDivision(by divisor: BigInt) -> (quotient: BigInt, modulus: BigInt)? {
        guard var (q, r) = quotientAndRemainder(dividingBy: divisor) else { return nil }
        if !r.isZero && (r.isNegative != divisor.isNegative) {
            q = q - .one
            r = r + divisor
        }
        return (q, r)
    }

    /// The exact quotient `self / divisor`, or `nil` if `divisor` is zero or does not divide `self`.
    @inlinable
    public func exactlyDivided(by divisor: BigInt) -> BigInt? {
        guard let (q, r) = quotientAndRemainder(dividingBy: divisor), r.isZero else { return nil }
        return q
    }

    /// Whether `divisor` divides `self` (`0` divides only `0`).
    public func isMultiple(of divisor: BigInt) -> Bool {
        if divisor.isZero { return isZero }
        return quotientAndRemainder(dividingBy: divisor)?.remainder.isZero ?? false
    }

    /// The residue of `self` modulo `modulus`, in `0..<modulus`. `modulus` must be positive
    /// (a programming error otherwise, checked by a precondition).
    public func residue(modulo modulus: UInt64) -> UInt64 {
        precondition(modulus > 0, "modulus must be positive")
        let m = UInt(modulus)
        switch storage {
        case .small(let v):
            let r = v.magnitude % m
            return UInt64(v < 0 && r != 0 ? m - r : r)
        case .large(let negative, let limbs):
            let r = Magnitude.remainder(limbs, dividingBy: m)
            return UInt64(negative && r != 0 ? m - r : r)
        }
    }
}
