// Arithmetic modulo a prime below 2^62, and the primes the modular gcd uses.
//
// Implementation notes
// --------------------
// Residues are `UInt64` in 0..<p with p < 2^62, so the sum of two residues never overflows.
// A product is one 64×64→128 multiplication and a 128/64 division (`dividingFullWidth`);
// inverses use the extended Euclidean algorithm in signed 64-bit arithmetic (every
// intermediate is below p in magnitude). Primes come from a fixed table just below 2^62,
// extended on demand by a deterministic Miller–Rabin search (the bases 2…37 are exact for all
// 64-bit integers).

/// Arithmetic in ℤ/pℤ for a prime p < 2^62.
struct PrimeField {
    let p: UInt64

    @inline(__always) func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let s = a &+ b
        return s >= p ? s &- p : s
    }

    @inline(__always) func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a >= b ? a &- b : a &+ (p &- b)
    }

    @inline(__always) func negate(_ a: UInt64) -> UInt64 { a == 0 ? 0 : p &- a }

    @inline(__always) func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
    }

    func power(_ a: UInt64, _ e: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = a % p, k = e
        while k > 0 {
            if k & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            k >>= 1
        }
        return result
    }

    /// The inverse of a nonzero residue (extended Euclid; every intermediate is below p in
    /// magnitude, so 64-bit signed arithmetic suffices for p < 2^62).
    func inverse(_ a: UInt64) -> UInt64 {
        var r0 = Int64(p), r1 = Int64(a % p)
        var t0: Int64 = 0, t1: Int64 = 1
        while r1 != 0 {
            let q = r0 / r1
            (r0, r1) = (r1, r0 - q * r1)
            (t0, t1) = (t1, t0 - q * t1)
        }
        if t0 < 0 { t0 += Int64(p) }
        return UInt64(t0)
    }

    /// The residue of an integer.
    func reduce(_ c: BigInt) -> UInt64 { c.residue(modulo: p) }

    /// Deterministic Miller–Rabin for 64-bit values.
    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        for small: UInt64 in [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
            if n % small == 0 { return n == small }
        }
        var d = n - 1, s = 0
        while d & 1 == 0 { d >>= 1; s += 1 }
        let field = PrimeField(p: n)
        outer: for a: UInt64 in [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
            var x = field.power(a, d)
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(1, s) {
                x = field.multiply(x, x)
                if x == n - 1 { continue outer }
            }
            return false
        }
        return true
    }

    /// Primes just below 2^62, in decreasing order: a fixed table, extended by search.
    static func prime(_ index: Int) -> UInt64 {
        let table: [UInt64] = [
            4611686018427387847, 4611686018427387817, 4611686018427387787, 4611686018427387761,
            4611686018427387751, 4611686018427387737, 4611686018427387733, 4611686018427387709,
            4611686018427387701, 4611686018427387631, 4611686018427387617, 4611686018427387587,
            4611686018427387461, 4611686018427387421, 4611686018427387409, 4611686018427387329,
        ]
        if index < table.count { return table[index] }
        var candidate = table[table.count - 1] - 2
        var found = table.count - 1
        while true {
            if isPrime(candidate) {
                found += 1
                if found == index { return candidate }
            }
            candidate -= 2
        }
    }
}
