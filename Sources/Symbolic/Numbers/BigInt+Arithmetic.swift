// Ring operations, powers and shifts of `BigInt`.
//
// Implementation notes
// --------------------
// `+`, `-`, `*` and unary `-` are `@inlinable` with a `.small` fast path built on the
// overflow-reporting operations of `Int`; only on overflow (or a `.large` operand) do they
// call the out-of-line limb code. Products of a value with itself use squaring.
//
// `power` is left-to-right binary exponentiation: it squares the growing result and
// multiplies by the (small) base, so the big multiplications are squarings. Powers of
// ±2^k are shifts.
//
// `shifted(by:)` has floor semantics for right shifts of negative values, like Python's
// `>>`: `-5 >> 1 == -3`.

extension BigInt {
    /// The sum.
    @inlinable
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (s, o) = a.addingReportingOverflow(b)
            if !o { return BigInt(s) }
        }
        return slowAdd(lhs, rhs, negateRight: false)
    }

    /// The difference.
    @inlinable
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (s, o) = a.subtractingReportingOverflow(b)
            if !o { return BigInt(s) }
        }
        return slowAdd(lhs, rhs, negateRight: true)
    }

    /// The negation.
    @inlinable
    public static prefix func - (value: BigInt) -> BigInt {
        switch value.storage {
        case .small(let v):
            if v != Int.min { return BigInt(-v) }
            return BigInt(negative: false, magnitude: v.magnitude)
        case .large(let negative, let limbs):
            if !negative && limbs.count == 1 && limbs[0] == Int.min.magnitude { return BigInt(Int.min) }
            return BigInt(storage: .large(negative: !negative, limbs: limbs))
        }
    }

    /// The product.
    @inlinable
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.storage, case .small(let b) = rhs.storage {
            let (p, o) = a.multipliedReportingOverflow(by: b)
            if !o { return BigInt(p) }
        }
        return slowMultiply(lhs, rhs)
    }

    /// Adds `rhs` to `lhs`.
    @inlinable
    public static func += (lhs: inout BigInt, rhs: BigInt) { lhs = lhs + rhs }
    /// Subtracts `rhs` from `lhs`.
    @inlinable
    public static func -= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs - rhs }
    /// Multiplies `lhs` by `rhs`.
    @inlinable
    public static func *= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs * rhs }

    @usableFromInline
    static func slowAdd(_ lhs: BigInt, _ rhs: BigInt, negateRight: Bool) -> BigInt {
        let (na, la) = lhs.signAndLimbs
        var (nb, lb) = rhs.signAndLimbs
        if negateRight { nb.toggle() }
        if la.isEmpty { return normalized(negative: nb, limbs: lb) }
        if lb.isEmpty { return normalized(negative: na, limbs: la) }
        if na == nb {
            return normalized(negative: na, limbs: Magnitude.add(la, lb))
        }
        let c = Magnitude.compare(la, lb)
        if c == 0 { return .zero }
        if c > 0 { return normalized(negative: na, limbs: Magnitude.subtract(la, lb)) }
        return normalized(negative: nb, limbs: Magnitude.subtract(lb, la))
    }

    @usableFromInline
    static func slowMultiply(_ lhs: BigInt, _ rhs: BigInt) -> BigInt {
        if lhs.isZero || rhs.isZero { return .zero }
        let (na, la) = lhs.signAndLimbs
        let (nb, lb) = rhs.signAndLimbs
        let sameBuffer = la.withUnsafeBufferPointer { pa in
            lb.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress }
        }
        let product = sameBuffer ? Magnitude.square(la) : Magnitude.multiply(la, lb)
        return normalized(negative: na != nb, limbs: product)
    }

    /// The square `self * self`.
    public func squared() -> BigInt {
        if case .small(let a) = storage {
            let (p, o) = a.multipliedReportingOverflow(by: a)
            if !o { return BigInt(p) }
        }
        return BigInt.normalized(negative: false, limbs: Magnitude.square(magnitudeLimbs))
    }

    /// `self` raised to a non-negative power (`0^0 == 1`). Returns `nil` for a negative
    /// exponent. The work grows with the size of the result; callers taking exponents
    /// from input should use ``power(_:limits:)``.
    public func power(_ exponent: Int) -> BigInt? {
        if exponent < 0 { return nil }
        if exponent == 0 { return .one }
        if exponent == 1 { return self }
        switch storage {
        case .small(0), .small(1):
            return self
        case .small(-1):
            return exponent & 1 == 0 ? .one : self
        case .small, .large:
            break
        }
        // ±2^k: a shift.
        let tz = trailingZeroBitCount
        if bitWidth == tz + 1 {
            let (bits, overflow) = tz.multipliedReportingOverflow(by: exponent)
            if !overflow {
                let p = BigInt.one.shifted(by: bits)
                return isNegative && exponent & 1 == 1 ? -p : p
            }
        }
        // Left-to-right binary exponentiation.
        var result = self
        var bit = Int.bitWidth - exponent.leadingZeroBitCount - 2
        while bit >= 0 {
            result = result.squared()
            if (exponent >> bit) & 1 == 1 { result = result * self }
            bit -= 1
        }
        return result
    }

    /// `self` raised to a non-negative power, refusing results wider than
    /// `limits.maxIntegerBits`. Returns `nil` for a negative exponent.
    /// - Throws: ``LimitExceeded`` (`maxIntegerBits`) when the result would be too wide.
    public func power(_ exponent: Int, limits: Limits) throws(LimitExceeded) -> BigInt? {
        if exponent < 0 { return nil }
        let width = bitWidth
        if width > 1 {
            // |self| >= 2, so the result has at least (width − 1)·exponent + 1 bits.
            let (lower, overflow) = (width - 1).multipliedReportingOverflow(by: exponent)
            if overflow || lower >= limits.maxIntegerBits {
                throw LimitExceeded(limit: "maxIntegerBits", requested: overflow || lower == Int.max ? Int.max : lower + 1,
                                    maximum: limits.maxIntegerBits)
            }
        }
        guard let result = power(exponent) else { return nil }
        if result.bitWidth > limits.maxIntegerBits {
            throw LimitExceeded(limit: "maxIntegerBits", requested: result.bitWidth, maximum: limits.maxIntegerBits)
        }
        return result
    }

    /// `self · 2^shift` for `shift >= 0`, or `⌊self / 2^(−shift)⌋` for a negative shift (floor
    /// semantics, like Python's `>>`: `(-5).shifted(by: -1) == -3`). The result of a left
    /// shift has about `bitWidth + shift` bits; callers bound `shift`.
    public func shifted(by shift: Int) -> BigInt {
        if shift == 0 || isZero { return self }
        if case .small(let v) = storage {
            if shift < 0 {
                return shift <= -Int.bitWidth ? BigInt(v < 0 ? -1 : 0) : BigInt(v >> -shift)
            }
            if shift < Int.bitWidth - 1 {
                let r = v << shift
                if r >> shift == v { return BigInt(r) }
            }
        }
        let (negative, limbs) = signAndLimbs
        if shift > 0 {
            return BigInt.normalized(negative: negative, limbs: Magnitude.shiftedLeft(limbs, by: shift))
        }
        let down = shift == Int.min ? Int.max : -shift
        if down >= Magnitude.bitWidth(limbs) { return BigInt(negative ? -1 : 0) }
        var result = BigInt.normalized(negative: negative, limbs: Magnitude.shiftedRight(limbs, by: down))
        if negative && Magnitude.hasNonzeroBits(limbs, below: down) { result = result - .one }
        return result
    }
}
