// Division of magnitudes.
//
// Implementation notes
// --------------------
// `divide(_:_:)` shifts both operands left so that the divisor's top limb has its high bit
// set (the remainder is shifted back at the end), then:
//
// * single-limb divisors use one `dividingFullWidth` per limb;
// * divisors shorter than `recursiveDivisionThreshold` limbs use Knuth's algorithm D
//   (TAOCP vol. 2, 4.3.1). The quotient digit q̂ is estimated from the top two limbs of the
//   running remainder and the top limb of the divisor, refined with the second divisor
//   limb (at most two decrements), and the rare remaining overestimate by one is fixed by
//   the add-back step D6;
// * longer divisors use recursive "wide digit" long division (the idea of Burnikel and
//   Ziegler, in the formulation of Go's `math/big`): the dividend is consumed in digits of
//   `w = n/2` limbs. Each step divides a chunk `uu < v·B^w` by `v` by first dividing the
//   chunk without its low `s = n − w − 1` limbs by the divisor's top `w + 1` limbs
//   (recursively); because that truncated divisor is normalised and at least `B^w` times
//   bigger than the quotient digit, the estimate is never too small and at most one too
//   big. The true remainder is `r̂·B^s + uu_low − q̂·v_low`, fixed by one add-back when
//   negative. Work is O(M(n) log n) where M is the multiplication cost.
//
// The recursive step checks its own invariant and falls back to algorithm D if an estimate
// were ever off by more than the proven bound, so a flaw there could cost speed, never
// correctness.

extension Magnitude {
    /// Divisor length (limbs) from which division is recursive instead of algorithm D.
    static let recursiveDivisionThreshold = 200

    /// `(a / b, a % b)` for normalised magnitudes with `b` nonzero.
    static func divide(_ a: [UInt], _ b: [UInt]) -> (quotient: [UInt], remainder: [UInt]) {
        precondition(!b.isEmpty, "division by a zero magnitude")
        if compare(a, b) < 0 { return ([], a) }
        if b.count == 1 {
            let (q, r) = divide(a, by: b[0])
            return (q, r == 0 ? [] : [r])
        }
        let s = b[b.count - 1].leadingZeroBitCount
        let v = shiftedLeft(b, by: s)
        let u = shiftedLeft(a, by: s)
        let (q, r) = divideNormalized(u, v)
        return (q, shiftedRight(r, by: s))
    }

    /// `(u / v, u % v)` for a normalised `u` and a divisor `v` of at least two limbs whose
    /// top limb has its high bit set.
    static func divideNormalized(_ u: [UInt], _ v: [UInt]) -> (quotient: [UInt], remainder: [UInt]) {
        let n = v.count
        assert(n >= 2 && v[n - 1] >> 63 == 1)
        if compare(u, v) < 0 { return ([], u) }
        if n < recursiveDivisionThreshold || u.count - n < recursiveDivisionThreshold / 2 {
            return knuth(u, v)
        }
        let w = n / 2
        // Wide digits below the starting remainder, which has at most n − 1 limbs (< v).
        let k = (u.count - n + 1 + w - 1) / w
        var r = Array(u[(k * w)...])
        normalize(&r)
        var q = [UInt](repeating: 0, count: k * w)
        var i = k - 1
        while i >= 0 {
            var chunk = Array(u[(i * w)..<((i + 1) * w)])
            if r.isEmpty { normalize(&chunk) } else { chunk.append(contentsOf: r) }
            let (digit, rest) = wideStep(chunk, v, w)
            assert(digit.count <= w)
            for (j, limb) in digit.enumerated() { q[i * w + j] = limb }
            r = rest
            i -= 1
        }
        normalize(&q)
        return (q, r)
    }

    /// One wide digit: `(uu / v, uu % v)` for a normalised `uu < v·B^w`, `v` as in
    /// `divideNormalized` and `w = v.count / 2`.
    static func wideStep(_ uu: [UInt], _ v: [UInt], _ w: Int) -> (quotient: [UInt], remainder: [UInt]) {
        let n = v.count
        let s = n - w - 1
        if uu.count <= s { return ([], uu) }
        let vTop = Array(v[s...])
        var (qhat, rhat) = divideNormalized(Array(uu[s...]), vTop)
        // remainder = r̂·B^s + uu_low − q̂·v_low
        var current = Array(uu[0..<s])
        if rhat.isEmpty { normalize(&current) } else { current.append(contentsOf: rhat) }
        var vLow = Array(v[0..<s])
        normalize(&vLow)
        let product = multiply(qhat, vLow)
        var corrections = 0
        while compare(product, current) > 0 {
            corrections += 1
            if corrections > 2 {
                // Outside the proven bound: cannot happen; stay correct regardless.
                assertionFailure("recursive division estimate off by more than 2")
                return knuth(uu, v)
            }
            qhat = subtract(qhat, 1)
            current = add(current, v)
        }
        return (qhat, subtract(current, product))
    }

    /// Knuth's algorithm D for a normalised `u` and a divisor `v` as in `divideNormalized`.
    static func knuth(_ u: [UInt], _ v: [UInt]) -> (quotient: [UInt], remainder: [UInt]) {
        let n = v.count
        if u.count < n { return ([], u) }
        // Working copy with one extra top limb; its top n limbs are then below v.
        let m = u.count + 1 - n
        var work = u
        work.append(0)
        var q = [UInt](repeating: 0, count: m)
        work.withUnsafeMutableBufferPointer { wb in
            v.withUnsafeBufferPointer { vb in
                q.withUnsafeMutableBufferPointer { qb in
                    knuthCore(wb.baseAddress!, m, vb.baseAddress!, n, qb.baseAddress!)
                }
            }
        }
        normalize(&q)
        var r = Array(work[0..<n])
        normalize(&r)
        return (q, r)
    }

    /// Algorithm D on `u[0..<m+n]` (whose top `n` limbs are below `v`) by `v[0..<n]`
    /// (`n >= 2`, top bit set): writes `m` quotient limbs to `q` and leaves the remainder in
    /// `u[0..<n]`.
    static func knuthCore(_ u: UnsafeMutablePointer<UInt>, _ m: Int, _ v: UnsafePointer<UInt>, _ n: Int,
                          _ q: UnsafeMutablePointer<UInt>) {
        let vTop = v[n - 1], vNext = v[n - 2]
        var j = m - 1
        while j >= 0 {
            let top = u[j + n], next = u[j + n - 1]
            // D3: estimate q̂ = ⌊(top·B + next) / vTop⌋, capped at B − 1.
            var qhat: UInt
            var rhat: UInt
            var rhatOverflow = false
            if top >= vTop {
                // top == vTop since the top n limbs are below v.
                qhat = UInt.max
                let (r, o) = next.addingReportingOverflow(vTop)
                rhat = r
                rhatOverflow = o
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((top, next))
            }
            // Refine with the second divisor limb: while q̂·vNext > r̂·B + u[j+n−2].
            while !rhatOverflow {
                let (hi, lo) = qhat.multipliedFullWidth(by: vNext)
                if hi > rhat || (hi == rhat && lo > u[j + n - 2]) {
                    qhat -= 1
                    (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
                } else {
                    break
                }
            }
            // D4: u[j..<j+n+1] −= q̂·v.
            let borrow = multiplySubtract(u + j, v, n, qhat)
            let (d, o) = u[j + n].subtractingReportingOverflow(borrow)
            u[j + n] = d
            if o {
                // D6: q̂ was one too big; add v back (the carry out cancels the borrow).
                qhat -= 1
                let c = add(u + j, u + j, v, n)
                u[j + n] = u[j + n] &+ c
            }
            q[j] = qhat
            j -= 1
        }
    }
}
