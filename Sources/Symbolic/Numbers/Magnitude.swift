// Limb kernels on magnitudes: little-endian arrays of 64-bit limbs.
//
// Implementation notes
// --------------------
// A magnitude is a `[UInt]` of little-endian limbs. *Normalised* means no most-significant
// zero limb (zero is `[]`). Array-level functions take normalised inputs and return
// normalised outputs unless stated. The innermost loops work on unsafe pointers with
// explicit lengths so that they compile to tight loops without bounds checks; each pointer
// kernel states its aliasing rules. Carries are single bits (`0` or `1`) except where a
// function says it returns a whole carry limb.
//
// The heavier algorithms live beside this file: multiplication (`Magnitude+Multiply`),
// division (`Magnitude+Divide`), gcd (`Magnitude+GCD`) and radix conversion
// (`Magnitude+Radix`).

@usableFromInline
enum Magnitude {
    // MARK: Normalisation and comparison

    /// Removes most-significant zero limbs.
    @inline(__always)
    static func normalize(_ a: inout [UInt]) {
        while let last = a.last, last == 0 { a.removeLast() }
    }

    /// The length of `p[0..<count]` without its most-significant zero limbs.
    @inline(__always)
    static func trimmedCount(_ p: UnsafePointer<UInt>, _ count: Int) -> Int {
        var n = count
        while n > 0 && p[n - 1] == 0 { n -= 1 }
        return n
    }

    /// Whether `a` has no most-significant zero limb.
    static func isNormalized(_ a: [UInt]) -> Bool {
        a.last.map { $0 != 0 } ?? true
    }

    /// Three-way comparison of normalised magnitudes.
    static func compare(_ a: [UInt], _ b: [UInt]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                compare(pa.baseAddress, pb.baseAddress, a.count)
            }
        }
    }

    /// Three-way comparison of `a[0..<n]` and `b[0..<n]`.
    @inline(__always)
    static func compare(_ a: UnsafePointer<UInt>?, _ b: UnsafePointer<UInt>?, _ n: Int) -> Int {
        guard let a, let b else { return 0 }
        var i = n - 1
        while i >= 0 {
            let x = a[i], y = b[i]
            if x != y { return x < y ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    // MARK: Pointer kernels

    /// `r[0..<n] = a[0..<n] + b[0..<n] + carry`; returns the carry out. `r` may alias `a` or `b`.
    @inline(__always)
    static func add(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ b: UnsafePointer<UInt>,
                    _ n: Int, carry: UInt = 0) -> UInt {
        var c = carry
        var i = 0
        while i < n {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(c)
            r[i] = s2
            c = (o1 || o2) ? 1 : 0
            i += 1
        }
        return c
    }

    /// `r[0..<n] = a[0..<n] + carry`; returns the carry out. `r` may alias `a`.
    @inline(__always)
    static func addCarry(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int, _ carry: UInt) -> UInt {
        var c = carry
        var i = 0
        while i < n {
            let (s, o) = a[i].addingReportingOverflow(c)
            r[i] = s
            c = o ? 1 : 0
            i += 1
            if c == 0 && UnsafePointer(r) == a { return 0 }
        }
        return c
    }

    /// `r[0..<n] = a[0..<n] - b[0..<n] - borrow`; returns the borrow out. `r` may alias `a` or `b`.
    @inline(__always)
    static func subtract(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ b: UnsafePointer<UInt>,
                         _ n: Int, borrow: UInt = 0) -> UInt {
        var c = borrow
        var i = 0
        while i < n {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(c)
            r[i] = d2
            c = (o1 || o2) ? 1 : 0
            i += 1
        }
        return c
    }

    /// `r[0..<n] = a[0..<n] - borrow`; returns the borrow out. `r` may alias `a`.
    @inline(__always)
    static func subtractBorrow(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int,
                               _ borrow: UInt) -> UInt {
        var c = borrow
        var i = 0
        while i < n {
            let (d, o) = a[i].subtractingReportingOverflow(c)
            r[i] = d
            c = o ? 1 : 0
            i += 1
            if c == 0 && UnsafePointer(r) == a { return 0 }
        }
        return c
    }

    /// Adds `a[0..<n]` into `r[0..<rn]` (`rn >= n`), propagating the carry; returns the carry
    /// out of `r[rn - 1]`. `r` must not overlap `a`.
    @inline(__always)
    static func addInto(_ r: UnsafeMutablePointer<UInt>, _ rn: Int, _ a: UnsafePointer<UInt>, _ n: Int) -> UInt {
        let c = add(r, r, a, n)
        if c == 0 { return 0 }
        return addCarry(r + n, r + n, rn - n, c)
    }

    /// Subtracts `a[0..<n]` from `r[0..<rn]` (`rn >= n`), propagating the borrow; returns the
    /// borrow out. `r` must not overlap `a`.
    @inline(__always)
    static func subtractFrom(_ r: UnsafeMutablePointer<UInt>, _ rn: Int, _ a: UnsafePointer<UInt>, _ n: Int) -> UInt {
        let c = subtract(r, r, a, n)
        if c == 0 { return 0 }
        return subtractBorrow(r + n, r + n, rn - n, c)
    }

    /// `r[0..<n] = a[0..<n] * m + carry`; returns the carry limb. `r` may alias `a`.
    @inline(__always)
    static func multiply(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int, _ m: UInt,
                         carry: UInt = 0) -> UInt {
        var c = carry
        var i = 0
        while i < n {
            let (hi, lo) = a[i].multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(c)
            r[i] = s
            c = hi &+ (o ? 1 : 0)
            i += 1
        }
        return c
    }

    /// `r[0..<n] += a[0..<n] * m`; returns the carry limb. `r` must not overlap `a` unless equal.
    @inline(__always)
    static func multiplyAdd(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int, _ m: UInt) -> UInt {
        var c: UInt = 0
        var i = 0
        while i < n {
            let (hi, lo) = a[i].multipliedFullWidth(by: m)
            let (s1, o1) = lo.addingReportingOverflow(r[i])
            let (s2, o2) = s1.addingReportingOverflow(c)
            r[i] = s2
            // hi <= 2^64 - 2, so this never wraps.
            c = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            i += 1
        }
        return c
    }

    /// `r[0..<n] -= a[0..<n] * m`; returns the borrow limb. `r` must not overlap `a`.
    @inline(__always)
    static func multiplySubtract(_ r: UnsafeMutablePointer<UInt>, _ a: UnsafePointer<UInt>, _ n: Int,
                                 _ m: UInt) -> UInt {
        var c: UInt = 0
        var i = 0
        while i < n {
            let (hi, lo) = a[i].multipliedFullWidth(by: m)
            let (p, o1) = lo.addingReportingOverflow(c)
            let (d, o2) = r[i].subtractingReportingOverflow(p)
            r[i] = d
            // Stays below 2^64: see Knuth, TAOCP 4.3.1, step D4.
            c = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            i += 1
        }
        return c
    }

    // MARK: Array operations

    /// `a + b`.
    static func add(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        if short.isEmpty { return long }
        let n = long.count, k = short.count
        return [UInt](limbCapacity: n + 1) { r, count in
            long.withUnsafeBufferPointer { pl in
                short.withUnsafeBufferPointer { ps in
                    let rb = r.baseAddress!, lb = pl.baseAddress!
                    var c = add(rb, lb, ps.baseAddress!, k)
                    var i = k
                    while i < n {
                        let (s, o) = lb[i].addingReportingOverflow(c)
                        rb[i] = s
                        c = o ? 1 : 0
                        i += 1
                    }
                    rb[n] = c
                    count = c == 0 ? n : n + 1
                }
            }
        }
    }

    /// `a + m` for a single limb `m`.
    static func add(_ a: [UInt], _ m: UInt) -> [UInt] {
        if m == 0 { return a }
        var r = a
        var c = m
        var i = 0
        while c != 0 && i < r.count {
            let (s, o) = r[i].addingReportingOverflow(c)
            r[i] = s
            c = o ? 1 : 0
            i += 1
        }
        if c != 0 { r.append(c) }
        return r
    }

    /// `a - b`; requires `a >= b`.
    static func subtract(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        assert(compare(a, b) >= 0, "subtract requires a >= b")
        if b.isEmpty { return a }
        let n = a.count, k = b.count
        var r = [UInt](limbCapacity: n) { r, count in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    let rb = r.baseAddress!, ab = pa.baseAddress!
                    var c = subtract(rb, ab, pb.baseAddress!, k)
                    var i = k
                    while i < n {
                        let (d, o) = ab[i].subtractingReportingOverflow(c)
                        rb[i] = d
                        c = o ? 1 : 0
                        i += 1
                    }
                    count = n
                }
            }
        }
        normalize(&r)
        return r
    }

    /// `a - m` for a single limb `m`; requires `a >= m`.
    static func subtract(_ a: [UInt], _ m: UInt) -> [UInt] {
        if m == 0 { return a }
        var r = a
        var c = m
        var i = 0
        while c != 0 && i < r.count {
            let (d, o) = r[i].subtractingReportingOverflow(c)
            r[i] = d
            c = o ? 1 : 0
            i += 1
        }
        assert(c == 0, "subtract requires a >= m")
        normalize(&r)
        return r
    }

    /// `a * m + c` for single limbs `m` and `c`.
    static func multiplyAdd(_ a: [UInt], _ m: UInt, _ c: UInt) -> [UInt] {
        if m == 0 { return c == 0 ? [] : [c] }
        let n = a.count
        return [UInt](limbCapacity: n + 1) { r, count in
            a.withUnsafeBufferPointer { pa in
                let carry = n == 0 ? c : multiply(r.baseAddress!, pa.baseAddress!, n, m, carry: c)
                r[n] = carry
                count = carry == 0 ? n : n + 1
            }
        }
    }

    /// `(a / d, a % d)` for a single nonzero limb `d`.
    static func divide(_ a: [UInt], by d: UInt) -> (quotient: [UInt], remainder: UInt) {
        let n = a.count
        var rem: UInt = 0
        var q = [UInt](limbCapacity: n) { q, count in
            a.withUnsafeBufferPointer { pa in
                var i = n - 1
                while i >= 0 {
                    let (qi, ri) = d.dividingFullWidth((rem, pa[i]))
                    q[i] = qi
                    rem = ri
                    i -= 1
                }
            }
            count = n
        }
        normalize(&q)
        return (q, rem)
    }

    /// `a % d` for a single nonzero limb `d`.
    static func remainder(_ a: [UInt], dividingBy d: UInt) -> UInt {
        var rem: UInt = 0
        var i = a.count - 1
        while i >= 0 {
            rem = d.dividingFullWidth((rem, a[i])).remainder
            i -= 1
        }
        return rem
    }

    // MARK: Shifts and bits

    /// `a * 2^shift` for `shift >= 0`.
    static func shiftedLeft(_ a: [UInt], by shift: Int) -> [UInt] {
        if a.isEmpty || shift == 0 { return a }
        let limbShift = shift / UInt.bitWidth, bitShift = shift % UInt.bitWidth
        let n = a.count
        return [UInt](limbCapacity: limbShift + n + 1) { r, count in
            let rb = r.baseAddress!
            rb.initialize(repeating: 0, count: limbShift)
            a.withUnsafeBufferPointer { pa in
                let ab = pa.baseAddress!
                if bitShift == 0 {
                    (rb + limbShift).initialize(from: ab, count: n)
                    count = limbShift + n
                } else {
                    var carry: UInt = 0
                    for i in 0..<n {
                        let limb = ab[i]
                        rb[limbShift + i] = (limb &<< UInt(bitShift)) | carry
                        carry = limb &>> UInt(UInt.bitWidth - bitShift)
                    }
                    rb[limbShift + n] = carry
                    count = carry == 0 ? limbShift + n : limbShift + n + 1
                }
            }
        }
    }

    /// `⌊a / 2^shift⌋` for `shift >= 0`.
    static func shiftedRight(_ a: [UInt], by shift: Int) -> [UInt] {
        if shift == 0 { return a }
        let limbShift = shift / UInt.bitWidth, bitShift = shift % UInt.bitWidth
        if limbShift >= a.count { return [] }
        let n = a.count - limbShift
        var r = [UInt](limbCapacity: n) { r, count in
            let rb = r.baseAddress!
            a.withUnsafeBufferPointer { pa in
                let ab = pa.baseAddress! + limbShift
                if bitShift == 0 {
                    rb.initialize(from: ab, count: n)
                } else {
                    for i in 0..<n {
                        var limb = ab[i] &>> UInt(bitShift)
                        if i + 1 < n { limb |= ab[i + 1] &<< UInt(UInt.bitWidth - bitShift) }
                        rb[i] = limb
                    }
                }
            }
            count = n
        }
        normalize(&r)
        return r
    }

    /// Whether any of the lowest `bits` bits of `a` is set.
    static func hasNonzeroBits(_ a: [UInt], below bits: Int) -> Bool {
        let full = bits / UInt.bitWidth, rest = bits % UInt.bitWidth
        for i in 0..<min(full, a.count) where a[i] != 0 { return true }
        if rest > 0 && full < a.count {
            let mask: UInt = (1 << UInt(rest)) - 1
            if a[full] & mask != 0 { return true }
        }
        return false
    }

    /// The number of trailing zero bits of a nonzero magnitude.
    static func trailingZeroBitCount(_ a: [UInt]) -> Int {
        var i = 0
        while i < a.count && a[i] == 0 { i += 1 }
        return i == a.count ? 0 : i * UInt.bitWidth + a[i].trailingZeroBitCount
    }

    /// The number of significant bits of a normalised magnitude (0 for zero).
    static func bitWidth(_ a: [UInt]) -> Int {
        guard let top = a.last else { return 0 }
        return a.count * UInt.bitWidth - top.leadingZeroBitCount
    }
}
