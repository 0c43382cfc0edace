// The coefficient accumulators and the dense and hash product kernels.
//
// Implementation notes
// --------------------
// See `Polynomial+Multiplication.swift` for how a product chooses its kernel. The kernels are
// generic over `ProductAccumulator` (Int64 with wrapping arithmetic when the L1 bound proves
// it cannot overflow, 128-bit accumulation of 64×64-bit products, or `BigInt`) and are
// specialised by the compiler. The dense kernel (`DenseGrid`) scatters products into a
// Kronecker-indexed slab of accumulators; the hash kernel (`HashProduct`) uses open
// addressing keyed by packed monomials and sorts the surviving entries at the end. Neither
// allocates per term.

// MARK: - Coefficient classes

/// Which accumulator a product needs (see the file notes).
enum CoefficientBound {
    case word, doubleWord, big

    /// Σ|c| as a `Double` if every coefficient fits in `Int64`.
    static func smallNorm(_ coefficients: [BigInt]) -> Double? {
        var sum = 0.0
        for c in coefficients {
            guard let v = c.asInt else { return nil }
            sum += Double(v.magnitude)
        }
        return sum
    }

    /// An upper bound on log2(x) for x ≥ 1 (0 below 1), without libm.
    static func log2UpperBound(_ x: Double) -> Double {
        if x <= 1 { return 0 }
        // log2(2^e · s) = e + log2(s), and log2(1 + t) ≤ t / ln 2 for t ∈ [0, 1).
        return Double(x.exponent) + (x.significand - 1) * 1.4426950408889634 + 1e-9
    }

    static func kind(_ a: [BigInt], _ b: [BigInt]) -> CoefficientBound {
        guard let na = smallNorm(a), let nb = smallNorm(b) else { return .big }
        let bound = na * nb
        if bound < 0x1p62 { return .word }
        if bound < 0x1p125 { return .doubleWord }
        return .big
    }
}

/// An accumulator of coefficient products in one of the kernels.
protocol ProductAccumulator {
    associatedtype Input
    /// The zero accumulator.
    static var zero: Self { get }
    /// Whether the accumulated value is zero.
    var isZero: Bool { get }
    /// Adds `a * b`.
    mutating func addProduct(_ a: Input, _ b: Input)
    /// The accumulated value.
    var bigInt: BigInt { get }
    /// The kernel inputs for `coefficients` (already known to fit the class).
    static func inputs(_ coefficients: [BigInt]) -> [Input]
}

extension Int64: ProductAccumulator {
    typealias Input = Int64
    static var zero: Int64 { 0 }
    var isZero: Bool { self == 0 }
    @inline(__always)
    mutating func addProduct(_ a: Int64, _ b: Int64) { self &+= a &* b }
    var bigInt: BigInt { BigInt(Int(self)) }
    static func inputs(_ coefficients: [BigInt]) -> [Int64] { coefficients.map { Int64($0.asInt ?? 0) } }
}

/// 128-bit accumulation of 64-bit products.
struct WideAccumulator: ProductAccumulator {
    var value: Int128
    static var zero: WideAccumulator { WideAccumulator(value: 0) }
    var isZero: Bool { value == 0 }
    @inline(__always)
    mutating func addProduct(_ a: Int64, _ b: Int64) {
        // One 64×64→128 multiplication (a full 128-bit product would cost three).
        let (high, low) = a.multipliedFullWidth(by: b)
        value &+= Int128(high) << 64 | Int128(low)
    }
    var bigInt: BigInt {
        if let small = Int(exactly: value) { return BigInt(small) }
        return BigInt(value)
    }
    static func inputs(_ coefficients: [BigInt]) -> [Int64] { coefficients.map { Int64($0.asInt ?? 0) } }
}

/// Arbitrary-precision accumulation.
struct BigAccumulator: ProductAccumulator {
    var value: BigInt
    static var zero: BigAccumulator { BigAccumulator(value: .zero) }
    var isZero: Bool { value.isZero }
    @inline(__always)
    mutating func addProduct(_ a: BigInt, _ b: BigInt) { value += a * b }
    var bigInt: BigInt { value }
    static func inputs(_ coefficients: [BigInt]) -> [BigInt] { coefficients }
}

// MARK: - Dense (Kronecker) kernel

/// The bounding box of a product's exponents with a mixed-radix (Kronecker) index.
///
/// The product is computed one *slab* at a time: a slab fixes the exponent of the most
/// significant varying variable, so it is a contiguous block of `box / radix[0]` cells
/// (small enough for the L1/L2 cache), and only the term groups of `a` and `b` whose leading
/// exponents sum to the slab's exponent contribute to it (terms are sorted, so each group is
/// a contiguous range). Slabs are processed from the top, scanned from the top and cleared,
/// which yields the terms in descending lexicographic order with one slab-sized buffer.
struct DenseGrid {
    let layout: MonomialLayout
    /// The variables whose exponent varies, ascending (x0 most significant).
    let active: [Int]
    /// The number of exponent values of each active variable.
    let radix: [Int]
    /// The smallest exponent of every variable in the product.
    let lowest: [UInt64]

    /// Per term of `p`: the digit of the leading active variable and the index of the rest
    /// (mixed radix over active[1...]), both relative to `p`'s own minimal exponents.
    func digits(of p: Polynomial) -> (lead: [Int], rest: [Int]) {
        let minimum = p.minExponents()
        var strides = [Int](repeating: 1, count: active.count)
        if active.count > 1 {
            for k in stride(from: active.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * radix[k + 1] }
        }
        let w = layout.wordCount
        var lead = [Int](repeating: 0, count: p.termCount)
        var rest = [Int](repeating: 0, count: p.termCount)
        p.monomials.withUnsafeBufferPointer { words in
            for t in 0..<p.termCount {
                lead[t] = Int(layout.exponent(active[0], in: words, at: t * w) - minimum[active[0]])
                var index = 0
                for k in 1..<max(1, active.count) {
                    index += Int(layout.exponent(active[k], in: words, at: t * w) - minimum[active[k]]) * strides[k]
                }
                rest[t] = index
            }
        }
        return (lead, rest)
    }

    /// Contiguous runs of equal leading digit: (digit, start, end), digits descending.
    func groups(_ lead: [Int]) -> [(digit: Int, start: Int, end: Int)] {
        var out: [(digit: Int, start: Int, end: Int)] = []
        var start = 0
        while start < lead.count {
            var end = start + 1
            while end < lead.count && lead[end] == lead[start] { end += 1 }
            out.append((lead[start], start, end))
            start = end
        }
        return out
    }

    func multiply<A: ProductAccumulator>(_ a: Polynomial, _ b: Polynomial, _: A.Type, maxTerms: Int) throws -> Polynomial {
        let slabSize = radix.dropFirst().reduce(1, *)
        let (leadA, restA) = digits(of: a), (leadB, restB) = digits(of: b)
        let groupsA = groups(leadA), groupsB = groups(leadB)
        // Group of b by leading digit.
        let spanB = (leadB.first ?? 0) + 1
        var groupOfB = [Int](repeating: -1, count: spanB)
        for (g, group) in groupsB.enumerated() { groupOfB[group.digit] = g }
        let ca = A.inputs(a.coefficients), cb = A.inputs(b.coefficients)
        var slab = [A](repeating: A.zero, count: slabSize)
        var words: [UInt64] = []
        var coefficients: [BigInt] = []
        let estimate = min(a.termCount * b.termCount, radix.reduce(1, *))
        words.reserveCapacity(estimate * layout.wordCount)
        coefficients.reserveCapacity(estimate)
        var corner: [UInt64] = []
        layout.pack(lowest, into: &corner)
        let leadWord = layout.word(of: active[0]), leadShift = layout.shift(of: active[0])
        try slab.withUnsafeMutableBufferPointer { cells in
            try restA.withUnsafeBufferPointer { ra in
                try restB.withUnsafeBufferPointer { rb in
                    try ca.withUnsafeBufferPointer { ca in
                        try cb.withUnsafeBufferPointer { cb in
                            var s = radix[0] - 1
                            while s >= 0 {
                                var touched = false
                                for ga in groupsA {
                                    let db = s - ga.digit
                                    if db < 0 || db >= spanB { continue }
                                    let g = groupOfB[db]
                                    if g < 0 { continue }
                                    let gb = groupsB[g]
                                    touched = true
                                    for i in ga.start..<ga.end {
                                        let base = ra[i]
                                        let x = ca[i]
                                        for j in gb.start..<gb.end { cells[base + rb[j]].addProduct(x, cb[j]) }
                                    }
                                }
                                if touched {
                                    var base = corner
                                    base[leadWord] &+= UInt64(s) << leadShift
                                    try scan(cells, base: base, words: &words, coefficients: &coefficients, maxTerms: maxTerms)
                                }
                                s -= 1
                            }
                        }
                    }
                }
            }
        }
        return Polynomial(layout: layout, monomials: words, coefficients: coefficients)
    }

    /// Emits the nonzero cells of one slab from the highest index down (= descending lex
    /// order) and clears them. `base` is the packed monomial of the slab's lowest cell.
    func scan<A: ProductAccumulator>(_ cells: UnsafeMutableBufferPointer<A>, base: [UInt64],
                                     words: inout [UInt64], coefficients: inout [BigInt], maxTerms: Int) throws {
        let w = layout.wordCount
        let depth = active.count
        if depth == 1 {
            if !cells[0].isZero {
                words.append(contentsOf: base)
                coefficients.append(cells[0].bigInt)
                cells[0] = A.zero
            }
            return
        }
        let inner = active[depth - 1]
        let innerRadix = radix[depth - 1]
        let innerWord = layout.word(of: inner)
        let innerShift = layout.shift(of: inner)
        // Digits of the variables between the leading and the inner one, at their maxima.
        var digits = radix.map { $0 - 1 }
        var outerBase = base
        for k in 1..<(depth - 1) {
            outerBase[layout.word(of: active[k])] &+= UInt64(digits[k]) << layout.shift(of: active[k])
        }
        var rowStart = cells.count - innerRadix
        while rowStart >= 0 {
            var d = innerRadix - 1
            while d >= 0 {
                let cell = cells[rowStart + d]
                if !cell.isZero {
                    for k in 0..<w {
                        words.append(k == innerWord ? outerBase[k] &+ (UInt64(d) << innerShift) : outerBase[k])
                    }
                    coefficients.append(cell.bigInt)
                    cells[rowStart + d] = A.zero
                }
                d -= 1
            }
            rowStart -= innerRadix
            if rowStart < 0 { break }
            // Odometer over active[1..<depth-1]: decrement, the last digit fastest.
            var k = depth - 2
            while k >= 1 {
                let v = active[k]
                if digits[k] > 0 {
                    digits[k] -= 1
                    outerBase[layout.word(of: v)] &-= UInt64(1) << layout.shift(of: v)
                    break
                }
                digits[k] = radix[k] - 1
                outerBase[layout.word(of: v)] &+= UInt64(radix[k] - 1) << layout.shift(of: v)
                k -= 1
            }
        }
        if coefficients.count > maxTerms {
            throw LimitExceeded(limit: "maxTerms", requested: coefficients.count, maximum: maxTerms)
        }
    }
}

// MARK: - Hash kernel

/// Open-addressing accumulation keyed by packed monomials, for sparse products.
enum HashProduct {
    /// Marks an empty slot: a word with every guard bit set is never a valid monomial word.
    static let empty = UInt64.max

    @inline(__always)
    static func hash(_ words: UnsafeMutableBufferPointer<UInt64>, _ base: Int, _ w: Int) -> UInt64 {
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15
        for k in 0..<w { h = (h ^ words[base + k]) &* 0xbf58_476d_1ce4_e5b9 }
        return h ^ (h >> 29)
    }

    static func multiply<A: ProductAccumulator>(_ a: Polynomial, _ b: Polynomial, _: A.Type, maxTerms: Int) throws -> Polynomial {
        let layout = a.layout
        let w = layout.wordCount
        let ca = A.inputs(a.coefficients), cb = A.inputs(b.coefficients)
        var capacity = 1024
        let expected = min(a.termCount * b.termCount, 1 << 20)
        while capacity < 2 * expected { capacity <<= 1 }
        var keys = [UInt64](repeating: empty, count: capacity * w)
        var values = [A](repeating: A.zero, count: capacity)
        var count = 0
        var scratch = [UInt64](repeating: 0, count: w)

        func insert(_ key: UnsafeMutableBufferPointer<UInt64>, keys: inout [UInt64], values: inout [A], capacity: Int) -> Int {
            let mask = capacity - 1
            var slot = Int(truncatingIfNeeded: hash(key, 0, w)) & mask
            return keys.withUnsafeMutableBufferPointer { k in
                while true {
                    if k[slot * w] == empty {
                        for i in 0..<w { k[slot * w + i] = key[i] }
                        return slot
                    }
                    var same = true
                    for i in 0..<w where k[slot * w + i] != key[i] { same = false; break }
                    if same { return ~slot }
                    slot = (slot + 1) & mask
                }
            }
        }

        func grow() {
            let newCapacity = capacity * 2
            var newKeys = [UInt64](repeating: empty, count: newCapacity * w)
            var newValues = [A](repeating: A.zero, count: newCapacity)
            var key = [UInt64](repeating: 0, count: w)
            for s in 0..<capacity where keys[s * w] != empty {
                for i in 0..<w { key[i] = keys[s * w + i] }
                let slot = key.withUnsafeMutableBufferPointer {
                    insert($0, keys: &newKeys, values: &newValues, capacity: newCapacity)
                }
                newValues[slot] = values[s]
            }
            keys = newKeys
            values = newValues
            capacity = newCapacity
        }

        try a.monomials.withUnsafeBufferPointer { am in
            try b.monomials.withUnsafeBufferPointer { bm in
                for i in 0..<a.termCount {
                    for j in 0..<b.termCount {
                        let slot = scratch.withUnsafeMutableBufferPointer { key -> Int in
                            for k in 0..<w { key[k] = am[i * w + k] &+ bm[j * w + k] }
                            return insert(key, keys: &keys, values: &values, capacity: capacity)
                        }
                        if slot >= 0 {
                            values[slot].addProduct(ca[i], cb[j])
                            count += 1
                            if count > maxTerms {
                                throw LimitExceeded(limit: "maxTerms", requested: count, maximum: maxTerms)
                            }
                            if 2 * count > capacity { grow() }
                        } else {
                            values[~slot].addProduct(ca[i], cb[j])
                        }
                    }
                }
            }
        }
        // Collect nonzero entries and sort them into term order.
        var slots: [Int] = []
        slots.reserveCapacity(count)
        for s in 0..<capacity where keys[s * w] != empty && !values[s].isZero { slots.append(s) }
        keys.withUnsafeBufferPointer { k in
            if w == 1 {
                slots.sort { k[$0] > k[$1] }
            } else {
                slots.sort { Monomials.compare(k, $0 * w, k, $1 * w, words: w) > 0 }
            }
        }
        var words: [UInt64] = []
        words.reserveCapacity(slots.count * w)
        var coefficients: [BigInt] = []
        coefficients.reserveCapacity(slots.count)
        for s in slots {
            for i in 0..<w { words.append(keys[s * w + i]) }
            coefficients.append(values[s].bigInt)
        }
        return Polynomial(layout: layout, monomials: words, coefficients: coefficients)
    }
}
