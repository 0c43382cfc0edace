// Exact and correctly rounded conversions between `Double` and `BigInt`/`Rational`.
//
// Implementation notes
// --------------------
// `doubleValue` is correctly rounded (round to nearest, ties to even), including the
// subnormal range and overflow to ±infinity, exactly like Python's `float(int)` and
// `float(Fraction)` (which raise where we return ±infinity).
//
// Both conversions reduce to an integer significand `q <= 2^53` and an exponent `e` with
// the result `q·2^e`, where either `2^52 <= q` (normal numbers; `q == 2^53` is a carry
// from rounding) or `e == -1074` (the subnormal range). Such a pair maps directly to the
// IEEE bit pattern `((e + 1074) << 52) + q`: the carry from the significand into the
// exponent field is exactly right, and patterns at or above the infinity pattern mean
// overflow.
//
// * `BigInt`: `q` is the top 53 bits; the next bit is the round bit and any lower set bit
//   is sticky.
// * `Rational` `n/d`: first the exact binary exponent `k = ⌊log2 |n/d|⌋` (one comparison),
//   then `e = max(k − 52, −1074)`, `q = ⌊|n|·2^−e / d⌋` by one division, rounded by
//   comparing twice the remainder with the divisor. When both parts are below 2^53 a
//   single IEEE division is already correctly rounded.

extension BigInt {
    /// The nearest `Double` (ties to even), or ±infinity beyond the `Double` range.
    public var doubleValue: Double {
        switch storage {
        case .small(let v):
            return Double(v)
        case .large(let negative, let limbs):
            let bits = Magnitude.bitWidth(limbs)
            if bits > 1024 { return negative ? -.infinity : .infinity }
            let shift = bits - 53
            var q = UInt64(Magnitude.shiftedRight(limbs, by: shift)[0])
            let roundBit = (limbs[(shift - 1) / UInt.bitWidth] >> UInt((shift - 1) % UInt.bitWidth)) & 1 == 1
            if roundBit && (q & 1 == 1 || Magnitude.hasNonzeroBits(limbs, below: shift - 1)) { q += 1 }
            return makeDouble(negative: negative, significand: q, exponent: shift)
        }
    }

    /// The exact value of an integral, finite `Double`; `nil` for fractions, NaN and infinities.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self.init(0)
            return
        }
        // Nonzero subnormals and normal numbers below 1 are fractions.
        guard value.isNormal, value.exponent >= 0 else { return nil }
        let fractionBits = 52 - Int(value.exponent)
        let significand = value.significandBitPattern | (1 << 52)
        let magnitude: BigInt
        if fractionBits > 0 {
            guard significand & ((1 << UInt64(fractionBits)) - 1) == 0 else { return nil }
            magnitude = BigInt(Int(significand >> UInt64(fractionBits)))
        } else {
            magnitude = BigInt(Int(significand)).shifted(by: -fractionBits)
        }
        self = value < 0 ? -magnitude : magnitude
    }
}

extension Rational {
    /// The nearest `Double` (ties to even), or ±infinity beyond the `Double` range; values
    /// below half the smallest subnormal give ±0.
    public var doubleValue: Double {
        if denominator.isOne { return numerator.doubleValue }
        if case .small(let n) = numerator.storage, case .small(let d) = denominator.storage,
           n.magnitude <= 1 << 53, d <= 1 << 53 {
            return Double(n) / Double(d)
        }
        let negative = numerator.isNegative
        let a = numerator.magnitudeLimbs, b = denominator.magnitudeLimbs
        // k = ⌊log2(a/b)⌋ is na − nb or one less.
        var k = Magnitude.bitWidth(a) - Magnitude.bitWidth(b)
        let aScaled = Magnitude.shiftedLeft(a, by: max(0, -k))
        let bScaled = Magnitude.shiftedLeft(b, by: max(0, k))
        if Magnitude.compare(aScaled, bScaled) < 0 { k -= 1 }
        if k > 1023 { return negative ? -.infinity : .infinity }
        if k < -1076 { return negative ? -0.0 : 0.0 }
        let e = max(k - 52, -1074)
        let dividend = Magnitude.shiftedLeft(a, by: max(0, -e))
        let divisor = Magnitude.shiftedLeft(b, by: max(0, e))
        let (quotient, remainder) = Magnitude.divide(dividend, divisor)
        var q = UInt64(quotient.first ?? 0)
        let c = Magnitude.compare(Magnitude.shiftedLeft(remainder, by: 1), divisor)
        if c > 0 || (c == 0 && q & 1 == 1) { q += 1 }
        return makeDouble(negative: negative, significand: q, exponent: e)
    }

    /// The exact value of a finite `Double`; `nil` for NaN and infinities.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        // value = significand · 2^exponent with an integer significand.
        let significand: Int
        let exponent: Int
        if value.isNormal {
            significand = Int(value.significandBitPattern | (1 << 52))
            exponent = Int(value.exponent) - 52
        } else {
            significand = Int(value.significandBitPattern)
            exponent = -1074
        }
        let signed = BigInt(value < 0 ? -significand : significand)
        if exponent >= 0 {
            self.init(signed.shifted(by: exponent))
        } else {
            // Lowest terms: remove the common factors of two.
            let twos = min(signed.trailingZeroBitCount, -exponent)
            self.init(uncheckedNumerator: signed.shifted(by: -twos),
                      denominator: BigInt.one.shifted(by: -exponent - twos))
        }
    }
}

/// `±q·2^e` for `q <= 2^53` with `q >= 2^52` or `e == -1074`; ±infinity on overflow.
func makeDouble(negative: Bool, significand q: UInt64, exponent e: Int) -> Double {
    assert(q <= 1 << 53 && (q >= 1 << 52 || e == -1074))
    let magnitude: Double
    if q == 0 {
        magnitude = 0
    } else if e + 1074 >= 2047 {
        magnitude = .infinity
    } else {
        let pattern = (UInt64(e + 1074) << 52) + q
        magnitude = pattern >= 0x7FF0_0000_0000_0000 ? .infinity : Double(bitPattern: pattern)
    }
    return negative ? -magnitude : magnitude
}
