// Multiplication and squaring of magnitudes.
//
// Implementation notes
// --------------------
// Below `karatsubaThreshold` limbs (of the shorter operand) we use the schoolbook method,
// one `multiplyAdd` row per limb of the shorter operand. Squaring below
// `karatsubaSquareThreshold` computes each cross product once, doubles the sum with a
// one-bit shift and adds the diagonal squares, which is close to twice as fast.
//
// Above the thresholds, Karatsuba: with `a = a1·B^h + a0` and `b = b1·B^h + b0`,
// `a·b = z2·B^2h + (z1 − z2 − z0)·B^h + z0` where `z0 = a0·b0`, `z2 = a1·b1` and
// `z1 = (a0 + a1)(b0 + b1)`. `z0` and `z2` are written straight into the two halves of the
// result and the middle term is added at offset `h`. Operands whose lengths differ by a
// factor of two or more are cut into pieces the length of the shorter one, so that every
// Karatsuba step is roughly balanced. The thresholds were tuned by measurement on x86-64
// (see the numbers helper's report); both are plain constants.
//
// All pointer routines write a product of `na + nb` limbs into `r`, which must not overlap
// either operand.

extension Magnitude {
    /// Shorter-operand length from which multiplication uses Karatsuba.
    static let karatsubaThreshold = 32
    /// Operand length from which squaring uses Karatsuba.
    static let karatsubaSquareThreshold = 48

    /// `a * b` for normalised magnitudes.
    static func multiply(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        if a.isEmpty || b.isEmpty { return [] }
        let n = a.count + b.count
        var r = [UInt](limbCapacity: n) { r, count in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    if a.count >= b.count {
                        multiply(r.baseAddress!, pa.baseAddress!, a.count, pb.baseAddress!, b.count)
                    } else {
                        multiply(r.baseAddress!, pb.baseAddress!, b.count, pa.baseAddress!, a.count)
                    }
                }
            }
            count = n
        }
        normalize(&r)
        return r
    }

    /// `a * a` for a normalised magnitude.
    static func square(_ a: [UInt]) -> [UInt] {
        if a.isEmpty { return [] }
        let n = 2 * a.count
        var r = [UInt](limbCapacity: n) { r, count in
            a.withUnsafeBufferPointer { pa in
                square(r.baseAddress!, pa.baseAddress!, a.count)
            }
            count = n
        }
        normalize(&r)
        return r
    }

    /// `a * b` by the schoolbook method only (a reference for tests and tuning).
    static func schoolbookProduct(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        if a.isEmpty || b.isEmpty { return [] }
        let n = a.count + b.count
        var r = [UInt](limbCapacity: n) { r, count in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    schoolbook(r.baseAddress!, pa.baseAddress!, a.count, pb.baseAddress!, b.count)
                }
            }
            count = n
        }
        normalize(&r)
        return r
    }

    /// `r[0..<na+nb] = a * b`, for `na >= nb >= 1`.
    static func multiply(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ na: Int,
                         _ b: UnsafePointer<UInt>, _ nb: Int) {
        assert(na >= nb && nb >= 1)
        if nb < karatsubaThreshold {
            schoolbook(r, a, na, b, nb)
        } else if na >= 2 * nb {
            unbalanced(r, a, na, b, nb)
        } else {
            karatsuba(r, a, na, b, nb)
        }
    }

    /// `r = a * b` for any lengths (zero lengths allowed); `r` has `na + nb` limbs.
    static func multiplyAny(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ na: Int,
                            _ b: UnsafePointer<UInt>, _ nb: Int) {
        if na == 0 || nb == 0 {
            r.initialize(repeating: 0, count: na + nb)
        } else if na >= nb {
            multiply(r, a, na, b, nb)
        } else {
            multiply(r, b, nb, a, na)
        }
    }

    /// Schoolbook product, `r[0..<na+nb] = a * b` for `na, nb >= 1`.
    static func schoolbook(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ na: Int,
                           _ b: UnsafePointer<UInt>, _ nb: Int) {
        // Inner loop over the longer operand.
        let (long, nl, short, ns) = na >= nb ? (a, na, b, nb) : (b, nb, a, na)
        r[nl] = multiply(r, long, nl, short[0])
        var i = 1
        while i < ns {
            r[i + nl] = multiplyAdd(r + i, long, nl, short[i])
            i += 1
        }
    }

    /// Product of operands with `na >= 2 * nb`: `a` is cut into pieces of `nb` limbs.
    static func unbalanced(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ na: Int,
                           _ b: UnsafePointer<UInt>, _ nb: Int) {
        r.initialize(repeating: 0, count: na + nb)
        let temp = UnsafeMutablePointer<UInt>.allocate(capacity: 2 * nb)
        defer { temp.deallocate() }
        var offset = 0
        while offset < na {
            let len = min(nb, na - offset)
            if len >= nb {
                multiply(temp, a + offset, len, b, nb)
            } else {
                multiply(temp, b, nb, a + offset, len)
            }
            let c = addInto(r + offset, na + nb - offset, temp, len + nb)
            assert(c == 0)
            offset += len
        }
    }

    /// Karatsuba step for `na >= nb > na / 2`, `nb >= karatsubaThreshold`.
    static func karatsuba(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ na: Int,
                          _ b: UnsafePointer<UInt>, _ nb: Int) {
        let h = (na + 1) / 2
        let na1 = na - h, nb1 = nb - h
        if nb1 <= 0 {
            // b fits in the low half: a0·b + a1·b·B^h.
            let temp = UnsafeMutablePointer<UInt>.allocate(capacity: na1 + nb)
            defer { temp.deallocate() }
            multiplyAny(r, a, h, b, nb)
            (r + h + nb).initialize(repeating: 0, count: na1)
            multiplyAny(temp, a + h, na1, b, nb)
            let c = addInto(r + h, na + nb - h, temp, na1 + nb)
            assert(c == 0)
            return
        }
        // z0 = a0·b0 into r[0..<2h], z2 = a1·b1 into r[2h..<na+nb].
        let na0 = trimmedCount(a, h), nb0 = trimmedCount(b, h)
        multiplyAny(r, a, na0, b, nb0)
        (r + na0 + nb0).initialize(repeating: 0, count: 2 * h - na0 - nb0)
        multiplyAny(r + 2 * h, a + h, na1, b + h, nb1)
        // z1 = (a0 + a1)(b0 + b1) − z0 − z2.
        let sa = UnsafeMutablePointer<UInt>.allocate(capacity: h + 1)
        let sb = UnsafeMutablePointer<UInt>.allocate(capacity: h + 1)
        let z1 = UnsafeMutablePointer<UInt>.allocate(capacity: 2 * h + 2)
        defer { sa.deallocate(); sb.deallocate(); z1.deallocate() }
        sa.initialize(from: a, count: h)
        sa[h] = addInto(sa, h, a + h, na1)
        sb.initialize(from: b, count: h)
        sb[h] = addInto(sb, h, b + h, nb1)
        let nsa = trimmedCount(sa, h + 1), nsb = trimmedCount(sb, h + 1)
        multiplyAny(z1, sa, nsa, sb, nsb)
        var nz1 = trimmedCount(z1, nsa + nsb)
        var borrow = subtractFrom(z1, nz1, r, trimmedCount(r, 2 * h))
        assert(borrow == 0)
        nz1 = trimmedCount(z1, nz1)
        borrow = subtractFrom(z1, nz1, r + 2 * h, trimmedCount(r + 2 * h, na + nb - 2 * h))
        assert(borrow == 0)
        nz1 = trimmedCount(z1, nz1)
        let c = addInto(r + h, na + nb - h, z1, nz1)
        assert(c == 0)
    }

    /// `r[0..<2n] = a * a` for `n >= 1`.
    static func square(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int) {
        if n < karatsubaSquareThreshold {
            schoolbookSquare(r, a, n)
            return
        }
        let h = (n + 1) / 2
        let n1 = n - h
        let n0 = trimmedCount(a, h)
        if n0 == 0 {
            r.initialize(repeating: 0, count: 2 * h)
        } else {
            square(r, a, n0)
            (r + 2 * n0).initialize(repeating: 0, count: 2 * h - 2 * n0)
        }
        square(r + 2 * h, a + h, n1)
        let s = UnsafeMutablePointer<UInt>.allocate(capacity: h + 1)
        let z1 = UnsafeMutablePointer<UInt>.allocate(capacity: 2 * h + 2)
        defer { s.deallocate(); z1.deallocate() }
        s.initialize(from: a, count: h)
        s[h] = addInto(s, h, a + h, n1)
        let ns = trimmedCount(s, h + 1)
        square(z1, s, ns)
        var nz1 = trimmedCount(z1, 2 * ns)
        var borrow = subtractFrom(z1, nz1, r, trimmedCount(r, 2 * h))
        assert(borrow == 0)
        nz1 = trimmedCount(z1, nz1)
        borrow = subtractFrom(z1, nz1, r + 2 * h, trimmedCount(r + 2 * h, 2 * n1))
        assert(borrow == 0)
        nz1 = trimmedCount(z1, nz1)
        let c = addInto(r + h, 2 * n - h, z1, nz1)
        assert(c == 0)
    }

    /// Schoolbook square, `r[0..<2n] = a * a` for `n >= 1`.
    static func schoolbookSquare(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int) {
        // Cross products a[i]·a[j] for i < j.
        r.initialize(repeating: 0, count: 2 * n)
        var i = 0
        while i < n - 1 {
            r[i + n] = multiplyAdd(r + 2 * i + 1, a + i + 1, n - i - 1, a[i])
            i += 1
        }
        // Double them.
        var top: UInt = 0
        i = 0
        while i < 2 * n {
            let limb = r[i]
            r[i] = (limb &<< 1) | top
            top = limb &>> 63
            i += 1
        }
        // Add the squares on the diagonal.
        var c: UInt = 0
        i = 0
        while i < n {
            let (hi, lo) = a[i].multipliedFullWidth(by: a[i])
            let (s1, o1) = r[2 * i].addingReportingOverflow(lo)
            let (s2, o2) = s1.addingReportingOverflow(c)
            r[2 * i] = s2
            let (t1, o3) = r[2 * i + 1].addingReportingOverflow(hi)
            let (t2, o4) = t1.addingReportingOverflow((o1 || o2) ? 1 : 0)
            r[2 * i + 1] = t2
            c = (o3 || o4) ? 1 : 0
            i += 1
        }
        assert(c == 0)
    }
}
