// Greatest common divisors of magnitudes.
//
// Implementation notes
// --------------------
// Single limbs use Stein's binary gcd (shifts and subtractions, no division).
//
// Longer magnitudes use Lehmer's algorithm (Knuth, TAOCP 4.5.2, algorithm L) with the
// refinements of Jebelean and Collins as in Go's `math/big`: the leading 64 bits of `A` and
// `B` (taken at the same bit position) drive a run of single-word Euclidean steps whose
// cosequence `(u0 u1; v0 v1)` is then applied to the full numbers at once,
// `A' = u0·A + v0·B`, `B' = u1·A + v1·B` (the signs of the cosequence alternate; `even`
// says which are negative). Collins' condition `a2 ≥ v2 ∧ a1 − a2 ≥ v1 + v2` guarantees the
// simulated quotients are the true ones. When no step can be simulated, one full
// Euclidean step (a division) is taken instead.
//
// Safety net: the cosequence matrix always has determinant ±1, so gcd(A', B') = gcd(A, B)
// whatever happens; we take magnitudes of the combinations and keep `A ≥ B` by swapping,
// and if an update ever failed to shrink `A` we take a Euclidean step. So a flaw could cost
// speed, never correctness or termination.

extension Magnitude {
    /// Stein's binary gcd of two words; `gcd(0, 0) == 0`.
    @inlinable
    static func gcd(_ a: UInt, _ b: UInt) -> UInt {
        if a == 0 { return b }
        if b == 0 { return a }
        let shift = (a | b).trailingZeroBitCount
        var x = a >> a.trailingZeroBitCount
        var y = b
        repeat {
            y >>= y.trailingZeroBitCount
            if x > y { swap(&x, &y) }
            y -= x
        } while y != 0
        return x << shift
    }

    /// The gcd of two normalised magnitudes.
    static func gcd(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        var (big, small) = compare(a, b) >= 0 ? (a, b) : (b, a)
        while small.count > 1 {
            let (u0, u1, v0, v1, even) = lehmerSimulate(big, small)
            var progressed = false
            if v0 != 0 {
                // even: A' = u0·A − v0·B, B' = v1·B − u1·A; odd: the negatives.
                let x = even ? linearCombination(big, u0, small, v0) : linearCombination(small, v0, big, u0)
                let y = even ? linearCombination(small, v1, big, u1) : linearCombination(big, u1, small, v1)
                if compare(x, big) < 0 && compare(y, big) < 0 {
                    (big, small) = compare(x, y) >= 0 ? (x, y) : (y, x)
                    progressed = true
                }
            }
            if !progressed {
                let r = divide(big, small).remainder
                big = small
                small = r
            }
        }
        guard let last = small.first else { return big }
        let r = remainder(big, dividingBy: last)
        return [gcd(last, r)]
    }

    /// `x·p − y·q` for single limbs `p`, `q` in one pass, when it is non-negative (as the
    /// cosequence guarantees); otherwise `|x·p − y·q|` the slow way.
    static func linearCombination(_ x: [UInt], _ p: UInt, _ y: [UInt], _ q: UInt) -> [UInt] {
        let n = max(x.count, y.count)
        var negative = false
        var r = [UInt](limbCapacity: n + 1) { r, count in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    var cp: UInt = 0, cq: UInt = 0, borrow: UInt = 0
                    for i in 0..<n {
                        let (ph, pl) = (i < px.count ? px[i] : 0).multipliedFullWidth(by: p)
                        let (pl2, o1) = pl.addingReportingOverflow(cp)
                        cp = ph &+ (o1 ? 1 : 0)
                        let (qh, ql) = (i < py.count ? py[i] : 0).multipliedFullWidth(by: q)
                        let (ql2, o2) = ql.addingReportingOverflow(cq)
                        cq = qh &+ (o2 ? 1 : 0)
                        let (d1, o3) = pl2.subtractingReportingOverflow(ql2)
                        let (d2, o4) = d1.subtractingReportingOverflow(borrow)
                        r[i] = d2
                        borrow = (o3 || o4) ? 1 : 0
                    }
                    let (t1, o5) = cp.subtractingReportingOverflow(cq)
                    let (t2, o6) = t1.subtractingReportingOverflow(borrow)
                    r[n] = t2
                    negative = o5 || o6
                }
            }
            count = n + 1
        }
        if negative { return differenceMagnitude(x, p, y, q) }
        normalize(&r)
        return r
    }

    /// `|x·p − y·q|` for single limbs `p`, `q`.
    static func differenceMagnitude(_ x: [UInt], _ p: UInt, _ y: [UInt], _ q: UInt) -> [UInt] {
        let xp = multiplyAdd(x, p, 0), yq = multiplyAdd(y, q, 0)
        return compare(xp, yq) >= 0 ? subtract(xp, yq) : subtract(yq, xp)
    }

    /// Simulates Euclidean steps on the leading words of `A >= B` (`B.count >= 2`).
    /// Returns the cosequence; `v0 == 0` means no step could be simulated.
    static func lehmerSimulate(_ a: [UInt], _ b: [UInt]) -> (u0: UInt, u1: UInt, v0: UInt, v1: UInt, even: Bool) {
        let n = a.count, m = b.count
        let h = a[n - 1].leadingZeroBitCount
        var a1 = a[n - 1] << h | (h == 0 ? 0 : a[n - 2] >> (UInt.bitWidth - h))
        var a2: UInt
        if n == m {
            a2 = b[n - 1] << h | (h == 0 ? 0 : b[n - 2] >> (UInt.bitWidth - h))
        } else if n == m + 1 {
            a2 = h == 0 ? 0 : b[n - 2] >> (UInt.bitWidth - h)
        } else {
            a2 = 0
        }
        var even = false
        var u0: UInt = 0, u1: UInt = 1, u2: UInt = 0
        var v0: UInt = 0, v1: UInt = 0, v2: UInt = 1
        // Collins' condition; a1 >= a2 holds throughout.
        while a2 >= v2 {
            let (sum, o) = v1.addingReportingOverflow(v2)
            if o || a1 < a2 || a1 - a2 < sum { break }
            let (q, r) = a1.quotientAndRemainder(dividingBy: a2)
            let (qu, o1) = q.multipliedReportingOverflow(by: u2)
            let (nu, o2) = u1.addingReportingOverflow(qu)
            let (qv, o3) = q.multipliedReportingOverflow(by: v2)
            let (nv, o4) = v1.addingReportingOverflow(qv)
            if o1 || o2 || o3 || o4 { break }
            (a1, a2) = (a2, r)
            (u0, u1, u2) = (u1, u2, nu)
            (v0, v1, v2) = (v1, v2, nv)
            even.toggle()
        }
        return (u0, u1, v0, v1, even)
    }
}
