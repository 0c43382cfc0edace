// Packed exponent vectors ("monomials") for the sparse polynomial engine.
//
// Implementation notes
// --------------------
// A monomial x0^e0 · x1^e1 · … is stored as `wordCount` 64-bit words. Every exponent gets a
// field of `bits` bits (8, 16, 32 or 64); `64 / bits` fields share a word. Variable 0 sits in
// the most significant field of word 0, variable 1 in the next field, and so on, with unused
// low fields zero. Comparing the words as unsigned integers, word 0 first, is therefore the
// *lexicographic* order with x0 > x1 > … — the engine's term order.
//
// Guard bits: a layout only ever holds exponents below 2^(bits-1), so the top bit of every
// field is clear. Consequently
//   * the sum of two monomials is a plain word-wise addition (no carry can cross a field),
//     and it is still exact if the result's guard bits come out set — the caller then
//     repacks into a wider layout;
//   * divisibility m ⊇ d is one SWAR subtraction per word: set the guard bits of m, subtract
//     d, and m is divisible iff every guard bit survived (no field borrowed).
// The multiplication and power kernels compute degree bounds first and choose a layout whose
// fields hold the result, so inside kernels the guard bits are pure headroom.
// A polynomial in zero variables still has one (all-zero) word per term, which keeps every
// kernel free of a special case.

/// How exponent vectors are packed into 64-bit words (see the file notes).
@usableFromInline
struct MonomialLayout: Hashable, Sendable {
    /// Number of variables.
    @usableFromInline let variableCount: Int
    /// Field width in bits: 8, 16, 32 or 64.
    @usableFromInline let bits: Int
    /// Words per monomial (at least 1).
    @usableFromInline let wordCount: Int

    /// The largest exponent a field may hold (its guard bit stays clear).
    @usableFromInline
    static func largestExponent(bits: Int) -> UInt64 { (UInt64(1) << UInt64(bits - 1)) - 1 }

    /// The largest exponent representable in any layout.
    @usableFromInline
    static let largestRepresentableExponent: UInt64 = largestExponent(bits: 64)

    /// The narrowest field width holding `maxExponent`, or `nil` when it is beyond 2^63 − 1.
    @usableFromInline
    static func bits(for maxExponent: UInt64) -> Int? {
        for b in [8, 16, 32, 64] where maxExponent <= largestExponent(bits: b) { return b }
        return nil
    }

    /// A layout of `variableCount` fields of `bits` bits.
    @usableFromInline
    init(variableCount: Int, bits: Int) {
        self.variableCount = variableCount
        self.bits = bits
        let perWord = 64 / bits
        self.wordCount = max(1, (variableCount + perWord - 1) / perWord)
    }

    /// The narrowest layout for `variableCount` variables whose exponents reach at most
    /// `maxExponent`, but never narrower than `atLeast` bits. `nil` beyond 2^63 − 1.
    @usableFromInline
    init?(variableCount: Int, maxExponent: UInt64, atLeast minimumBits: Int = 8) {
        guard let b = MonomialLayout.bits(for: maxExponent) else { return nil }
        self.init(variableCount: variableCount, bits: max(b, minimumBits))
    }

    /// Fields per word.
    @inlinable var fieldsPerWord: Int { 64 / bits }

    /// The largest exponent a field may hold.
    @inlinable var largestExponent: UInt64 { MonomialLayout.largestExponent(bits: bits) }

    /// The mask of one field (in its low position).
    @inlinable var fieldMask: UInt64 { bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1 }

    /// The word holding variable `v`.
    @inlinable func word(of v: Int) -> Int { v / fieldsPerWord }

    /// The shift of variable `v`'s field inside its word.
    @inlinable func shift(of v: Int) -> UInt64 { UInt64((fieldsPerWord - 1 - v % fieldsPerWord) * bits) }

    /// The guard bits of every field of a word.
    @inlinable var guardMask: UInt64 {
        switch bits {
        case 8: return 0x8080_8080_8080_8080
        case 16: return 0x8000_8000_8000_8000
        case 32: return 0x8000_0000_8000_0000
        default: return 0x8000_0000_0000_0000
        }
    }

    /// Reads the exponent of variable `v` from the monomial starting at `base`.
    @inlinable
    func exponent(_ v: Int, in words: UnsafeBufferPointer<UInt64>, at base: Int) -> UInt64 {
        (words[base + word(of: v)] >> shift(of: v)) & fieldMask
    }

    /// Packs an exponent vector (entries below 2^(bits-1), count == variableCount) into `out`.
    @inlinable
    func pack<C: Collection>(_ exponents: C, into out: inout [UInt64]) where C.Element == UInt64 {
        let start = out.count
        for _ in 0..<wordCount { out.append(0) }
        var v = 0
        for e in exponents {
            out[start + word(of: v)] |= e << shift(of: v)
            v += 1
        }
    }

    /// Unpacks the monomial starting at `base` into `out` (resized to variableCount).
    @inlinable
    func unpack(_ words: UnsafeBufferPointer<UInt64>, at base: Int, into out: inout [UInt64]) {
        if out.count != variableCount { out = [UInt64](repeating: 0, count: variableCount) }
        for v in 0..<variableCount { out[v] = exponent(v, in: words, at: base) }
    }

    /// Repacks `monomials` (in layout `self`) into `target`, which must have at least as many
    /// variables and fields wide enough for every exponent. Variables keep their indices, so
    /// the lexicographic order of the monomials is preserved.
    @usableFromInline
    func repack(_ monomials: [UInt64], to target: MonomialLayout) -> [UInt64] {
        if target == self { return monomials }
        let n = monomials.count / wordCount
        var out = [UInt64](repeating: 0, count: n * target.wordCount)
        monomials.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for t in 0..<n {
                    let sb = t * wordCount, db = t * target.wordCount
                    for v in 0..<variableCount {
                        let e = exponent(v, in: src, at: sb)
                        if e != 0 { dst[db + target.word(of: v)] |= e << target.shift(of: v) }
                    }
                }
            }
        }
        return out
    }
}

/// Word-wise helpers on packed monomials (all inlined into the kernels).
@usableFromInline
enum Monomials {
    /// Three-way lexicographic comparison of two monomials of `w` words.
    @inlinable
    static func compare(_ a: UnsafeBufferPointer<UInt64>, _ ai: Int,
                        _ b: UnsafeBufferPointer<UInt64>, _ bi: Int, words w: Int) -> Int {
        for k in 0..<w {
            let x = a[ai + k], y = b[bi + k]
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// Whether the monomials are equal.
    @inlinable
    static func equal(_ a: UnsafeBufferPointer<UInt64>, _ ai: Int,
                      _ b: UnsafeBufferPointer<UInt64>, _ bi: Int, words w: Int) -> Bool {
        for k in 0..<w where a[ai + k] != b[bi + k] { return false }
        return true
    }

    /// Whether monomial `m` is divisible by `d` (SWAR borrow test on the guard bits).
    @inlinable
    static func divides(_ d: UnsafeBufferPointer<UInt64>, _ di: Int,
                        _ m: UnsafeBufferPointer<UInt64>, _ mi: Int, words w: Int, guardMask g: UInt64) -> Bool {
        for k in 0..<w where ((m[mi + k] | g) &- d[di + k]) & g != g { return false }
        return true
    }
}
