// Integer powers of polynomials.
//
// Implementation notes
// --------------------
// Two algorithms, chosen by a cost estimate:
//   * Multinomial expansion: p = Σ_{i<m} c_i·M_i, p^n = Σ_{k_1+…+k_m=n} n!/(k_1!…k_m!) ∏ c_i^k_i
//     M_i^k_i, enumerated depth-first with the coefficient built incrementally as
//     C(r, k_i)·c_i^k_i (r = exponent still to distribute). It costs one step per composition,
//     C(n+m−1, m−1) of them, and wins for bases with few terms (e.g. (x+y+z+1)^20: 1771 steps
//     against ~10^5 coefficient products for repeated squaring). Coinciding monomials (such as
//     in (1+x+x^2)^n) are combined by the final sort. When L1(p)^n < 2^62 every intermediate
//     fits in Int64 (each partial coefficient is a term of the expansion of (Σ|c_i|)^n), so
//     the whole enumeration runs on machine words with a Pascal-triangle table.
//   * Left-to-right binary powering with the multiplication kernels otherwise.
// Limits: `maxExponent` bounds n, `maxIntegerBits` bounds n·log2 L1(p) (an upper bound on the
// coefficient size), `maxTerms` bounds every intermediate product.

extension Polynomial {
    /// Errors of polynomial operations that are not limits.
    public enum ArithmeticError: Error, Sendable, Hashable {
        /// A negative exponent was requested for a polynomial power.
        case negativeExponent(Int)
    }

    /// `self` raised to the power `exponent` ≥ 0 (`p^0 = 1`, also for `p = 0`).
    ///
    /// Throws ``LimitExceeded`` when `exponent > limits.maxExponent`, when the coefficients
    /// could exceed `limits.maxIntegerBits` bits, when a product would exceed
    /// `limits.maxTerms` terms or a degree 2^63 − 1; throws
    /// ``ArithmeticError/negativeExponent(_:)`` for a negative exponent.
    public func power(_ exponent: Int, limits: Limits = .default) throws -> Polynomial {
        if exponent < 0 { throw ArithmeticError.negativeExponent(exponent) }
        if exponent > limits.maxExponent {
            throw LimitExceeded(limit: "maxExponent", requested: exponent, maximum: limits.maxExponent)
        }
        if exponent == 0 { return Polynomial.constant(1, variableCount: variableCount) }
        if exponent == 1 || isZero { return self }

        // Degree and coefficient-size bounds.
        let maxima = maxExponents()
        let top = maxima.max() ?? 0
        let (product, overflow) = top.multipliedReportingOverflow(by: UInt64(exponent))
        guard !overflow, let layout = MonomialLayout(variableCount: variableCount, maxExponent: product) else {
            throw LimitExceeded(limit: "maxExponent", requested: Int.max, maximum: Int(MonomialLayout.largestRepresentableExponent))
        }
        var normBits = 0.0
        if let small = CoefficientBound.smallNorm(coefficients) {
            normBits = CoefficientBound.log2UpperBound(small)
        } else {
            var sum = 0.0
            for c in coefficients { sum += Double(c.bitWidth) }
            normBits = sum  // crude but safe: log2 Σ|c| ≤ Σ bits(c)
        }
        let bits = normBits * Double(exponent)
        if bits > Double(limits.maxIntegerBits) {
            throw LimitExceeded(limit: "maxIntegerBits", requested: Int(min(bits, 0x1p62)), maximum: limits.maxIntegerBits)
        }
        let base = repacked(to: layout)
        if termCount == 1 {
            guard let c = coefficients[0].power(exponent) else { return self }
            var words = base.monomials
            for k in 0..<words.count { words[k] &*= UInt64(exponent) }
            return Polynomial(layout: layout, monomials: words, coefficients: [c])
        }
        if useMultinomial(exponent: exponent, maxima: maxima, limits: limits) {
            if bits < 62, termCount <= 64 {
                return try base.multinomialPowerSmall(exponent, maxTerms: limits.maxTerms)
            }
            return try base.multinomialPower(exponent, maxTerms: limits.maxTerms)
        }
        return try binaryPower(exponent, limits: limits)
    }

    /// Whether the multinomial enumeration is estimated to be cheaper than squaring.
    func useMultinomial(exponent n: Int, maxima: [UInt64], limits: Limits) -> Bool {
        let m = Double(termCount)
        func compositions(_ k: Int) -> Double {
            // C(k + m − 1, m − 1), in floating point.
            var c = 1.0
            var i = 1.0
            while i < m {
                c = c * (Double(k) + i) / i
                i += 1
                if c > 1e300 { return c }
            }
            return c
        }
        let minima = minExponents()
        func estimatedTerms(_ k: Int) -> Double {
            var box = 1.0
            for v in 0..<variableCount { box *= Double(k) * Double(maxima[v] - minima[v]) + 1 }
            return min(box, compositions(k))
        }
        let enumeration = compositions(n)
        if enumeration > 4 * Double(limits.maxTerms) { return false }
        var squaring = 0.0
        var k = n
        while k > 1 {
            k /= 2
            let t = estimatedTerms(k)
            squaring += t * t
        }
        return enumeration * 4 <= squaring
    }

    /// Left-to-right binary powering with the multiplication kernels.
    func binaryPower(_ n: Int, limits: Limits) throws -> Polynomial {
        var result = self
        var bit = Int.bitWidth - n.leadingZeroBitCount - 2
        while bit >= 0 {
            result = try Polynomial.product(result, result, maxTerms: limits.maxTerms)
            if (n >> bit) & 1 == 1 { result = try Polynomial.product(result, self, maxTerms: limits.maxTerms) }
            bit -= 1
        }
        return result
    }

    /// The multinomial expansion when every intermediate fits in Int64 (see the notes).
    func multinomialPowerSmall(_ n: Int, maxTerms: Int) throws -> Polynomial {
        let m = termCount
        let w = layout.wordCount
        // Pascal's triangle up to row n.
        var binomial = [Int64](repeating: 0, count: (n + 1) * (n + 1))
        for r in 0...n {
            binomial[r * (n + 1)] = 1
            if r > 0 {
                for k in 1...r { binomial[r * (n + 1) + k] = binomial[(r - 1) * (n + 1) + k - 1] &+ binomial[(r - 1) * (n + 1) + k] }
            }
        }
        // Powers c_i^k.
        var powers = [Int64](repeating: 1, count: m * (n + 1))
        for i in 0..<m {
            let c = Int64(coefficients[i].asInt ?? 0)
            for k in 1...n { powers[i * (n + 1) + k] = powers[i * (n + 1) + k - 1] &* c }
        }
        var outWords: [UInt64] = []
        var outCoefficients: [BigInt] = []
        var levelWords = [UInt64](repeating: 0, count: (m + 1) * w)
        var levelValue = [Int64](repeating: 1, count: m + 1)
        var produced = 0
        // Depth-first enumeration; level i distributes `remaining` among terms i..<m.
        func visit(_ i: Int, _ remaining: Int) throws {
            if i == m - 1 {
                let value = levelValue[i] &* powers[i * (n + 1) + remaining]
                for k in 0..<w { outWords.append(levelWords[i * w + k] &+ monomials[i * w + k] &* UInt64(remaining)) }
                outCoefficients.append(BigInt(Int(value)))
                produced += 1
                if produced / 4 > maxTerms { throw LimitExceeded(limit: "maxTerms", requested: produced, maximum: maxTerms) }
                return
            }
            var k = remaining
            while k >= 0 {
                levelValue[i + 1] = levelValue[i] &* binomial[remaining * (n + 1) + k] &* powers[i * (n + 1) + k]
                for t in 0..<w { levelWords[(i + 1) * w + t] = levelWords[i * w + t] &+ monomials[i * w + t] &* UInt64(k) }
                try visit(i + 1, remaining - k)
                k -= 1
            }
        }
        try visit(0, n)
        let result = Polynomial.fromUnsortedTerms(layout: layout, monomials: outWords, coefficients: outCoefficients)
        if result.termCount > maxTerms { throw LimitExceeded(limit: "maxTerms", requested: result.termCount, maximum: maxTerms) }
        return result
    }

    /// The multinomial expansion with `BigInt` coefficients.
    func multinomialPower(_ n: Int, maxTerms: Int) throws -> Polynomial {
        let m = termCount
        let w = layout.wordCount
        var rows: [Int: [BigInt]] = [:]
        func binomialRow(_ r: Int) -> [BigInt] {
            if let row = rows[r] { return row }
            var row = [BigInt](repeating: .one, count: r + 1)
            var value = BigInt.one
            if r > 0 {
                for k in 1...r {
                    value = (value * BigInt(r - k + 1)).exactlyDivided(by: BigInt(k)) ?? value
                    row[k] = value
                }
            }
            rows[r] = row
            return row
        }
        var powers: [[BigInt]] = []
        for i in 0..<m {
            var row = [BigInt.one]
            row.reserveCapacity(n + 1)
            for _ in 0..<n { row.append(row[row.count - 1] * coefficients[i]) }
            powers.append(row)
        }
        var outWords: [UInt64] = []
        var outCoefficients: [BigInt] = []
        var levelWords = [UInt64](repeating: 0, count: (m + 1) * w)
        var levelValue = [BigInt](repeating: .one, count: m + 1)
        var produced = 0
        func visit(_ i: Int, _ remaining: Int) throws {
            if i == m - 1 {
                for k in 0..<w { outWords.append(levelWords[i * w + k] &+ monomials[i * w + k] &* UInt64(remaining)) }
                outCoefficients.append(levelValue[i] * powers[i][remaining])
                produced += 1
                if produced / 4 > maxTerms { throw LimitExceeded(limit: "maxTerms", requested: produced, maximum: maxTerms) }
                return
            }
            let row = binomialRow(remaining)
            var k = remaining
            while k >= 0 {
                levelValue[i + 1] = levelValue[i] * row[k] * powers[i][k]
                for t in 0..<w { levelWords[(i + 1) * w + t] = levelWords[i * w + t] &+ monomials[i * w + t] &* UInt64(k) }
                try visit(i + 1, remaining - k)
                k -= 1
            }
        }
        try visit(0, n)
        let result = Polynomial.fromUnsortedTerms(layout: layout, monomials: outWords, coefficients: outCoefficients)
        if result.termCount > maxTerms { throw LimitExceeded(limit: "maxTerms", requested: result.termCount, maximum: maxTerms) }
        return result
    }
}
