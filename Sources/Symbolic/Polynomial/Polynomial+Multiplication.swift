// Multiplication of sparse polynomials.
//
// Implementation notes
// --------------------
// 1. Layout. Per-variable degree bounds of the product (deg_a + deg_b) are computed first and
//    both operands are repacked into the narrowest layout that holds them, so a product
//    monomial is one word-wise addition and can never overflow a field.
// 2. Coefficient kernel. With L1(a) = Σ|a_i|, every partial sum of every product coefficient
//    is bounded by L1(a)·L1(b). If all inputs fit in Int64 and that bound is below 2^62 the
//    kernel accumulates in Int64 with wrapping (provably non-overflowing) arithmetic; below
//    2^125 it accumulates the full 128-bit products (`Int128`). Larger coefficients (up to
//    ~240 bits per operand) are split into base-2^40 digit polynomials whose products run on
//    the Int128 kernel (`splitProduct`); beyond that the kernel accumulates `BigInt`s. The
//    choice is made once per product, not per term.
// 3. Accumulator. When the bounding box of the product's exponents (after subtracting the
//    minimal exponents) is small compared with the number of term products, each term gets a
//    Kronecker index (mixed radix over the box, x0 most significant) and the products are
//    scattered into a dense array; scanning it from the top yields the terms already in
//    descending lexicographic order, with an odometer over the outer digits (no division).
//    The grid is processed one slab (fixed leading exponent) at a time, so only a slab-sized
//    buffer is live and it stays in cache (see `DenseGrid`).
//    Otherwise products go into an open-addressing hash table keyed by the packed monomial,
//    whose nonzero entries are sorted at the end. Neither kernel allocates per term.

extension Polynomial {
    /// The product. Never throws; it traps only if a product degree would exceed 2^63 − 1,
    /// which the throwing ``multiplied(by:limits:)`` reports as ``LimitExceeded`` instead.
    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        do {
            return try product(lhs, rhs, maxTerms: Int.max)
        } catch {
            preconditionFailure("polynomial degree beyond 2^63 - 1; use multiplied(by:limits:)")
        }
    }

    /// Multiplies in place.
    public static func *= (lhs: inout Polynomial, rhs: Polynomial) { lhs = lhs * rhs }

    /// The product, throwing ``LimitExceeded`` when it would have more than `limits.maxTerms`
    /// terms or a degree beyond 2^63 − 1.
    public func multiplied(by other: Polynomial, limits: Limits = .default) throws -> Polynomial {
        try Polynomial.product(self, other, maxTerms: limits.maxTerms)
    }

    /// The product with the kernel selection described in the file notes.
    static func product(_ lhs: Polynomial, _ rhs: Polynomial, maxTerms: Int) throws -> Polynomial {
        let n = max(lhs.variableCount, rhs.variableCount)
        if lhs.isZero || rhs.isZero { return Polynomial(variableCount: n) }
        try WorkMeter.charge((lhs.termCount + rhs.termCount).saturatingProduct(n))
        let l = lhs.extended(toVariableCount: n), r = rhs.extended(toVariableCount: n)
        let maxA = l.maxExponents(), maxB = r.maxExponents()
        var top: UInt64 = 0
        for v in 0..<n { top = max(top, maxA[v] + maxB[v]) }
        guard let layout = MonomialLayout(variableCount: n, maxExponent: top) else {
            throw LimitExceeded(limit: "maxExponent", requested: Int(clamping: top),
                                maximum: Int(MonomialLayout.largestRepresentableExponent))
        }
        try WorkMeter.charge(l.termCount.saturatingProduct(r.termCount).saturatingProduct(layout.wordCount))
        let a = l.repacked(to: layout), b = r.repacked(to: layout)
        if a.termCount == 1 { return b.multipliedByTerm(of: a) }
        if b.termCount == 1 { return a.multipliedByTerm(of: b) }

        // Coefficient class.
        let kind = CoefficientBound.kind(a.coefficients, b.coefficients)
        if kind == .big, let split = try splitProduct(a, b, maxTerms: maxTerms) { return split }

        // Bounding box of the product exponents, over the variables that vary.
        let minA = a.minExponents(), minB = b.minExponents()
        var box = 1.0
        var active: [Int] = []
        var radix: [Int] = []
        for v in 0..<n {
            let span = Int(maxA[v] + maxB[v] - minA[v] - minB[v]) + 1
            if span > 1 {
                active.append(v)
                radix.append(span)
                box *= Double(span)
            }
        }
        let products = Double(a.termCount) * Double(b.termCount)
        let slab = active.isEmpty ? 1 : box / Double(radix[0])
        let dense = !active.isEmpty && slab <= Double(1 << 20) && box <= 8 * products + 4096
        if dense {
            var lowest = [UInt64](repeating: 0, count: n)
            for v in 0..<n { lowest[v] = minA[v] + minB[v] }
            let grid = DenseGrid(layout: layout, active: active, radix: radix, lowest: lowest)
            switch kind {
            case .word:
                return try grid.multiply(a, b, Int64.self, maxTerms: maxTerms)
            case .doubleWord:
                return try grid.multiply(a, b, WideAccumulator.self, maxTerms: maxTerms)
            case .big:
                return try grid.multiply(a, b, BigAccumulator.self, maxTerms: maxTerms)
            }
        }
        switch kind {
        case .word:
            return try HashProduct.multiply(a, b, Int64.self, maxTerms: maxTerms)
        case .doubleWord:
            return try HashProduct.multiply(a, b, WideAccumulator.self, maxTerms: maxTerms)
        case .big:
            return try HashProduct.multiply(a, b, BigAccumulator.self, maxTerms: maxTerms)
        }
    }

    /// Bits per digit in `splitProduct`: digit polynomials with at most 2^20 terms have
    /// L1 norms below 2^60, so every digit product fits the Int128 kernel.
    static let digitBits = 40

    /// A big-coefficient product through machine-word kernels: with β = 2^40, write
    /// a = Σ_i A_i β^i and b = Σ_j B_j β^j where A_i, B_j have the i-th/j-th base-β digits of
    /// the coefficients (with the coefficient's sign) and multiply the digit polynomials with
    /// the Int128 kernel: a·b = Σ_s (Σ_{i+j=s} A_i B_j) β^s. `nil` when the coefficients have
    /// too many digits (more than 36 digit products) or the operands too many terms.
    static func splitProduct(_ a: Polynomial, _ b: Polynomial, maxTerms: Int) throws -> Polynomial? {
        guard max(a.termCount, b.termCount) <= 1 << 20 else { return nil }
        let bitsA = a.coefficients.map(\.bitWidth).max() ?? 0, bitsB = b.coefficients.map(\.bitWidth).max() ?? 0
        let ka = (bitsA + digitBits - 1) / digitBits, kb = (bitsB + digitBits - 1) / digitBits
        guard ka * kb <= 36 else { return nil }
        func digits(_ p: Polynomial, _ k: Int) -> [Polynomial] {
            let w = p.layout.wordCount
            var words = [[UInt64]](repeating: [], count: k)
            var values = [[BigInt]](repeating: [], count: k)
            for t in 0..<p.termCount {
                let c = p.coefficients[t]
                var rest = c.magnitude
                var i = 0
                while !rest.isZero {
                    let d = Int(rest.residue(modulo: 1 << UInt64(digitBits)))
                    if d != 0 {
                        words[i].append(contentsOf: p.monomials[(t * w)..<(t * w + w)])
                        values[i].append(BigInt(c.isNegative ? -d : d))
                    }
                    rest = rest.shifted(by: -digitBits)
                    i += 1
                }
            }
            return (0..<k).map { Polynomial(layout: p.layout, monomials: words[$0], coefficients: values[$0]) }
        }
        let da = digits(a, ka), db = digits(b, kb)
        var result = Polynomial(layout: a.layout, monomials: [], coefficients: [])
        for s in 0..<(ka + kb - 1) {
            var sum = Polynomial(layout: a.layout, monomials: [], coefficients: [])
            for i in max(0, s - kb + 1)...min(s, ka - 1) {
                let j = s - i
                if da[i].isZero || db[j].isZero { continue }
                sum = sum + (try product(da[i], db[j], maxTerms: Int.max))
            }
            result = result + sum.scaled(by: BigInt.one.shifted(by: s * digitBits))
        }
        if result.termCount > maxTerms {
            throw LimitExceeded(limit: "maxTerms", requested: result.termCount, maximum: maxTerms)
        }
        return result
    }

    /// `self` times the single term of `term` (same layout, fields wide enough): the order
    /// of the terms is preserved.
    func multipliedByTerm(of term: Polynomial) -> Polynomial {
        let w = layout.wordCount
        let c = term.coefficients[0]
        var words = monomials
        words.withUnsafeMutableBufferPointer { out in
            for t in 0..<termCount {
                for k in 0..<w { out[t * w + k] &+= term.monomials[k] }
            }
        }
        let coefficients = c.isOne ? self.coefficients : self.coefficients.map { $0 * c }
        return Polynomial(layout: layout, monomials: words, coefficients: coefficients)
    }
}
