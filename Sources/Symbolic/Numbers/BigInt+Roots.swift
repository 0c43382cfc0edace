// Integer square roots and k-th roots of `BigInt`.
//
// Implementation notes
// --------------------
// `squareRoot()` uses, beyond `Int`, the recursive-precision algorithm of Python's `math.isqrt` (Mark
// Dickinson's): it doubles the number of correct leading bits each round,
// `a ← a·2^(d−e−1) + ⌊n / 2^(2c−e−d+1)⌋ / a`, keeping `(a − 1)² < ⌊n/4^(c−d)⌋ < (a + 1)²`, so
// the cost is dominated by one division at full precision. Values in `Int` use Newton's
// iteration on words (no floating point, so no libm).
//
// `integerRoot(_:)` is Newton's iteration from above, `x ← ((k−1)x + ⌊n/x^(k−1)⌋) / k`,
// started at `2^⌈bits/k⌉ >= n^(1/k)`; it decreases strictly until it reaches `⌊n^(1/k)⌋`.

extension BigInt {
    /// The integer square root `⌊√self⌋` for `self >= 0`; `nil` for negative values.
    public func squareRoot() -> BigInt? {
        switch storage {
        case .small(let v):
            if v < 0 { return nil }
            if v < 2 { return self }
            // Newton's iteration from above on machine words.
            let n = UInt(v)
            var x = UInt(1) << UInt((UInt.bitWidth - n.leadingZeroBitCount + 1) / 2)
            while true {
                let y = (x + n / x) / 2
                if y >= x { break }
                x = y
            }
            let r = Int(x)
            return BigInt(r)
        case .large(let negative, _):
            if negative { return nil }
        }
        let c = (bitWidth - 1) / 2
        var a = BigInt.one
        var d = 0
        var s = Int.bitWidth - c.leadingZeroBitCount - 1
        while s >= 0 {
            let e = d
            d = c >> s
            let top = shifted(by: -(2 * c - e - d + 1))
            a = a.shifted(by: d - e - 1) + (top.quotientAndRemainder(dividingBy: a)?.quotient ?? .zero)
            s -= 1
        }
        return a.squared() > self ? a - .one : a
    }

    /// `⌊self^(1/k)⌋` for `self >= 0` and `k >= 1`; `nil` for a negative value or `k < 1`.
    public func integerRoot(_ k: Int) -> BigInt? {
        if k < 1 || isNegative { return nil }
        if k == 1 || isZero || isOne { return self }
        if k == 2 { return squareRoot() }
        let bits = bitWidth
        if k >= bits { return .one }  // 1 <= self < 2^bits <= 2^k
        let kBig = BigInt(k), kMinusOne = BigInt(k - 1)
        var x = BigInt.one.shifted(by: (bits + k - 1) / k)
        while true {
            guard let xk1 = x.power(k - 1),
                  let q = quotientAndRemainder(dividingBy: xk1)?.quotient,
                  let y = (kMinusOne * x + q).quotientAndRemainder(dividingBy: kBig)?.quotient
            else { return nil }
            if y >= x { return x }
            x = y
        }
    }
}
