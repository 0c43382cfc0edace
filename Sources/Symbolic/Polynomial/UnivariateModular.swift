// Dense univariate polynomials over ℤ/pℤ for the modular gcd.
//
// Implementation notes
// --------------------
// A polynomial is its coefficient array, index = degree, without trailing zeros (zero is
// `[]`). Remainders and exact quotients are schoolbook long division; the gcd is Euclid's
// algorithm, made monic.

/// Dense univariate polynomials over ℤ_p (index = degree, no trailing zeros; zero is []).
enum Univariate {
    static func trim(_ a: inout [UInt64]) {
        while let last = a.last, last == 0 { a.removeLast() }
    }

    static func evaluate(_ a: [UInt64], at x: UInt64, field: PrimeField) -> UInt64 {
        var r: UInt64 = 0
        for c in a.reversed() { r = field.add(field.multiply(r, x), c) }
        return r
    }

    static func monic(_ a: [UInt64], field: PrimeField) -> [UInt64] {
        guard let lead = a.last, lead != 1 else { return a }
        let inv = field.inverse(lead)
        return a.map { field.multiply($0, inv) }
    }

    /// Remainder of a by b (b nonzero).
    static func remainder(_ a: [UInt64], _ b: [UInt64], field: PrimeField) -> [UInt64] {
        var r = a
        let inv = field.inverse(b[b.count - 1])
        while r.count >= b.count {
            let factor = field.multiply(r[r.count - 1], inv)
            let shift = r.count - b.count
            for i in 0..<b.count { r[shift + i] = field.subtract(r[shift + i], field.multiply(factor, b[i])) }
            trim(&r)
        }
        return r
    }

    /// Quotient of an exact division (b nonzero); `nil` if there is a remainder.
    static func exactQuotient(_ a: [UInt64], _ b: [UInt64], field: PrimeField) -> [UInt64]? {
        if a.isEmpty { return [] }
        if a.count < b.count { return nil }
        var r = a
        var q = [UInt64](repeating: 0, count: a.count - b.count + 1)
        let inv = field.inverse(b[b.count - 1])
        while r.count >= b.count {
            let factor = field.multiply(r[r.count - 1], inv)
            let shift = r.count - b.count
            q[shift] = factor
            for i in 0..<b.count { r[shift + i] = field.subtract(r[shift + i], field.multiply(factor, b[i])) }
            trim(&r)
        }
        return r.isEmpty ? q : nil
    }

    /// The monic gcd ([] only when both are zero).
    static func gcd(_ a: [UInt64], _ b: [UInt64], field: PrimeField) -> [UInt64] {
        var (x, y) = (a, b)
        while !y.isEmpty { (x, y) = (y, remainder(x, y, field: field)) }
        return monic(x, field: field)
    }

    static func multiply(_ a: [UInt64], _ b: [UInt64], field: PrimeField) -> [UInt64] {
        if a.isEmpty || b.isEmpty { return [] }
        var out = [UInt64](repeating: 0, count: a.count + b.count - 1)
        for i in 0..<a.count where a[i] != 0 {
            for j in 0..<b.count { out[i + j] = field.add(out[i + j], field.multiply(a[i], b[j])) }
        }
        return out
    }
}
