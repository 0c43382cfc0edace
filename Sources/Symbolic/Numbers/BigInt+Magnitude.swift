// Limb algorithms on magnitudes: little-endian arrays of 64-bit limbs.
//
// Implementation notes
// --------------------
// Inputs are normalised (no most-significant zero limb) unless stated; outputs may carry
// leading zeros and are normalised by `BigInt.normalized`. Multiplication is schoolbook
// below `karatsubaThreshold` limbs and Karatsuba above. Division is Knuth's algorithm D
// (TAOCP vol. 2, 4.3.1) with a normalising shift so that the divisor's top limb has its
// high bit set; the quotient digit estimate uses `dividingFullWidth` and is corrected at
// most twice.

@usableFromInline
enum Magnitude {
    static let karatsubaThreshold = 40

    static func compare(_ a: [UInt], _ b: [UInt]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        var i = a.count - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    static func add(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        var result = [UInt]()
        result.reserveCapacity(long.count + 1)
        var carry: UInt = 0
        for i in 0..<long.count {
            let (s1, o1) = long[i].addingReportingOverflow(i < short.count ? short[i] : 0)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            result.append(s2)
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        if carry != 0 { result.append(carry) }
        return result
    }

    /// a - b, requires a >= b.
    static func subtract(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        var result = [UInt]()
        result.reserveCapacity(a.count)
        var borrow: UInt = 0
        for i in 0..<a.count {
            let (d1, o1) = a[i].subtractingReportingOverflow(i < b.count ? b[i] : 0)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            result.append(d2)
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        assert(borrow == 0, "subtract requires a >= b")
        while let last = result.last, last == 0 { result.removeLast() }
        return result
    }

    static func multiply(_ a: [UInt], _ b: [UInt]) -> [UInt] {
        if a.isEmpty || b.isEmpty { return [] }
        if min(a.count, b.count) >= karatsubaThreshold {
            return karatsuba(a[...], b[...])
        }
        return schoolbook(a[...], b[...])
    }

    static func schoolbook(_ a: ArraySlice<UInt>, _ b: ArraySlice<UInt>) -> [UInt] {
        if a.isEmpty || b.isEmpty { return [] }
        var result = [UInt](repeating: 0, count: a.count + b.count)
        let ab = a.startIndex, bb = b.startIndex
        for i in 0..<a.count {
            let ai = a[ab + i]
            if ai == 0 { continue }
            var carry: UInt = 0
            for j in 0..<b.count {
                let (hi, lo) = ai.multipliedFullWidth(by: b[bb + j])
                let (s1, o1) = lo.addingReportingOverflow(result[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                result[i + j] = s2
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            result[i + b.count] = carry
        }
        return result
    }

    static func trimmed(_ a: ArraySlice<UInt>) -> ArraySlice<UInt> {
        var end = a.endIndex
        while end > a.startIndex && a[end - 1] == 0 { end -= 1 }
        return a[a.startIndex..<end]
    }

    static func karatsuba(_ a: ArraySlice<UInt>, _ b: ArraySlice<UInt>) -> [UInt] {
        let a = trimmed(a), b = trimmed(b)
        if a.isEmpty || b.isEmpty { return [] }
        if min(a.count, b.count) < karatsubaThreshold { return schoolbook(a, b) }
        let half = max(a.count, b.count) / 2
        let a0 = trimmed(a.prefix(half)), a1 = trimmed(a.dropFirst(half))
        let b0 = trimmed(b.prefix(half)), b1 = trimmed(b.dropFirst(half))
        let z0 = karatsuba(a0, b0)
        let z2 = karatsuba(a1, b1)
        let sa = add(Array(a0), Array(a1)), sb = add(Array(b0), Array(b1))
        var z1 = karatsuba(sa[...], sb[...])
        while let last = z1.last, last == 0 { z1.removeLast() }
        var z0t = z0; while let l = z0t.last, l == 0 { z0t.removeLast() }
        var z2t = z2; while let l = z2t.last, l == 0 { z2t.removeLast() }
        z1 = subtract(subtract(z1, z0t), z2t)
        var result = [UInt](repeating: 0, count: a.count + b.count + 1)
        addInPlace(&result, z0t, at: 0)
        addInPlace(&result, z1, at: half)
        addInPlace(&result, z2t, at: 2 * half)
        return result
    }

    static func addInPlace(_ target: inout [UInt], _ value: [UInt], at offset: Int) {
        var carry: UInt = 0
        var i = 0
        while i < value.count || carry != 0 {
            let v = i < value.count ? value[i] : 0
            let (s1, o1) = target[offset + i].addingReportingOverflow(v)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            target[offset + i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            i += 1
        }
    }

    /// a * m + c for a single-limb m and c.
    static func multiplyAddSmall(_ a: [UInt], _ m: UInt, _ c: UInt) -> [UInt] {
        var result = [UInt]()
        result.reserveCapacity(a.count + 1)
        var carry = c
        for limb in a {
            let (hi, lo) = limb.multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(carry)
            result.append(s)
            carry = hi &+ (o ? 1 : 0)
        }
        if carry != 0 { result.append(carry) }
        return result
    }

    /// (a / d, a % d) for a single nonzero limb d.
    static func divideBySmall(_ a: [UInt], _ d: UInt) -> (quotient: [UInt], remainder: UInt) {
        var q = [UInt](repeating: 0, count: a.count)
        var r: UInt = 0
        var i = a.count - 1
        while i >= 0 {
            let (qi, ri) = d.dividingFullWidth((r, a[i]))
            q[i] = qi
            r = ri
            i -= 1
        }
        while let last = q.last, last == 0 { q.removeLast() }
        return (q, r)
    }

    static func shiftedLeft(_ a: [UInt], by shift: Int) -> [UInt] {
        if a.isEmpty { return a }
        let limbShift = shift / UInt.bitWidth, bitShift = shift % UInt.bitWidth
        var result = [UInt](repeating: 0, count: limbShift)
        result.reserveCapacity(limbShift + a.count + 1)
        if bitShift == 0 {
            result.append(contentsOf: a)
        } else {
            var carry: UInt = 0
            for limb in a {
                result.append((limb << UInt(bitShift)) | carry)
                carry = limb >> UInt(UInt.bitWidth - bitShift)
            }
            if carry != 0 { result.append(carry) }
        }
        return result
    }

    static func shiftedRight(_ a: [UInt], by shift: Int) -> [UInt] {
        if shift <= 0 { return shift == 0 ? a : shiftedLeft(a, by: -shift) }
        let limbShift = shift / UInt.bitWidth, bitShift = shift % UInt.bitWidth
        if limbShift >= a.count { return [] }
        var result = [UInt]()
        result.reserveCapacity(a.count - limbShift)
        for i in limbShift..<a.count {
            var limb = a[i] >> UInt(bitShift)
            if bitShift != 0 && i + 1 < a.count {
                limb |= a[i + 1] << UInt(UInt.bitWidth - bitShift)
            }
            result.append(limb)
        }
        while let last = result.last, last == 0 { result.removeLast() }
        return result
    }

    static func hasNonzeroBits(_ a: [UInt], below bits: Int) -> Bool {
        let full = bits / UInt.bitWidth, rest = bits % UInt.bitWidth
        for i in 0..<min(full, a.count) where a[i] != 0 { return true }
        if rest > 0 && full < a.count {
            let mask: UInt = (1 << UInt(rest)) - 1
            if a[full] & mask != 0 { return true }
        }
        return false
    }

    /// Knuth's algorithm D. Requires b nonempty and normalised, a >= b.
    static func divide(_ a: [UInt], _ b: [UInt]) -> (quotient: [UInt], remainder: [UInt]) {
        if b.count == 1 {
            let (q, r) = divideBySmall(a, b[0])
            return (q, r == 0 ? [] : [r])
        }
        let s = b[b.count - 1].leadingZeroBitCount
        let v = shiftedLeft(b, by: s)
        var u = shiftedLeft(a, by: s)
        if u.count == a.count { u.append(0) }
        let n = v.count, m = u.count - n
        var q = [UInt](repeating: 0, count: m)
        let vTop = v[n - 1], vNext = v[n - 2]
        var j = m - 1
        while j >= 0 {
            // Estimate q̂ = (u[j+n]·B + u[j+n-1]) / v[n-1], corrected with v[n-2].
            var qhat: UInt
            var rhat: UInt
            var rhatOverflow = false
            if u[j + n] >= vTop {
                qhat = UInt.max
                let (r, o) = u[j + n - 1].addingReportingOverflow(vTop)
                rhat = r
                rhatOverflow = o || u[j + n] > vTop
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
            }
            while !rhatOverflow {
                let (hi, lo) = qhat.multipliedFullWidth(by: vNext)
                if hi > rhat || (hi == rhat && lo > u[j + n - 2]) {
                    qhat -= 1
                    let (r, o) = rhat.addingReportingOverflow(vTop)
                    rhat = r
                    rhatOverflow = o
                } else {
                    break
                }
            }
            // Multiply and subtract.
            var borrow: UInt = 0
            var carry: UInt = 0
            for i in 0..<n {
                let (hi, lo) = qhat.multipliedFullWidth(by: v[i])
                let (plo, po) = lo.addingReportingOverflow(carry)
                carry = hi &+ (po ? 1 : 0)
                let (d1, o1) = u[i + j].subtractingReportingOverflow(plo)
                let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                u[i + j] = d2
                borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            let (d1, o1) = u[j + n].subtractingReportingOverflow(carry)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            u[j + n] = d2
            if o1 || o2 {
                // Add back.
                qhat -= 1
                var c: UInt = 0
                for i in 0..<n {
                    let (s1, so1) = u[i + j].addingReportingOverflow(v[i])
                    let (s2, so2) = s1.addingReportingOverflow(c)
                    u[i + j] = s2
                    c = (so1 ? 1 : 0) + (so2 ? 1 : 0)
                }
                u[j + n] = u[j + n] &+ c
            }
            q[j] = qhat
            j -= 1
        }
        while let last = q.last, last == 0 { q.removeLast() }
        var r = Array(u[0..<n])
        while let last = r.last, last == 0 { r.removeLast() }
        r = shiftedRight(r, by: s)
        return (q, r)
    }
}
