// Addition, subtraction, negation and scaling of polynomials.
//
// Implementation notes
// --------------------
// Both operands are sorted in term order, so a sum is one merge pass, O(m + n), after
// bringing both to a common packing (`Polynomial.unified`). Coefficients are `BigInt`, whose
// word-sized fast path makes the common small-coefficient case cheap without a separate kernel.

extension Polynomial {
    /// The sum.
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        merged(lhs, rhs, negateRight: false)
    }

    /// The difference.
    public static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        merged(lhs, rhs, negateRight: true)
    }

    /// The negation.
    public static prefix func - (value: Polynomial) -> Polynomial {
        Polynomial(layout: value.layout, monomials: value.monomials, coefficients: value.coefficients.map { -$0 })
    }

    /// Adds in place.
    public static func += (lhs: inout Polynomial, rhs: Polynomial) { lhs = lhs + rhs }

    /// Subtracts in place.
    public static func -= (lhs: inout Polynomial, rhs: Polynomial) { lhs = lhs - rhs }

    /// The product with an integer.
    public static func * (lhs: BigInt, rhs: Polynomial) -> Polynomial { rhs.scaled(by: lhs) }

    /// The product with an integer.
    public static func * (lhs: Polynomial, rhs: BigInt) -> Polynomial { lhs.scaled(by: rhs) }

    /// Every coefficient multiplied by `factor`.
    public func scaled(by factor: BigInt) -> Polynomial {
        if factor.isZero { return Polynomial(layout: layout, monomials: [], coefficients: []) }
        if factor.isOne { return self }
        return Polynomial(layout: layout, monomials: monomials, coefficients: coefficients.map { $0 * factor })
    }

    /// Every coefficient divided by `divisor`, or `nil` if some coefficient is not divisible
    /// (or `divisor` is zero).
    public func exactlyDividingCoefficients(by divisor: BigInt) -> Polynomial? {
        if divisor.isOne { return self }
        var out: [BigInt] = []
        out.reserveCapacity(termCount)
        for c in coefficients {
            guard let q = c.exactlyDivided(by: divisor) else { return nil }
            out.append(q)
        }
        return Polynomial(layout: layout, monomials: monomials, coefficients: out)
    }

    /// Merges two sorted term lists, adding (or subtracting) coefficients of equal monomials.
    static func merged(_ lhs: Polynomial, _ rhs: Polynomial, negateRight: Bool) -> Polynomial {
        if rhs.isZero { return lhs.extended(toVariableCount: rhs.variableCount) }
        if lhs.isZero {
            let r = rhs.extended(toVariableCount: lhs.variableCount)
            return negateRight ? -r : r
        }
        let (a, b) = unified(lhs, rhs)
        let w = a.layout.wordCount
        let na = a.termCount, nb = b.termCount
        var words: [UInt64] = []
        var coefficients: [BigInt] = []
        words.reserveCapacity((na + nb) * w)
        coefficients.reserveCapacity(na + nb)
        a.monomials.withUnsafeBufferPointer { am in
            b.monomials.withUnsafeBufferPointer { bm in
                var i = 0, j = 0
                while i < na && j < nb {
                    let c = w == 1 ? (am[i] == bm[j] ? 0 : (am[i] > bm[j] ? 1 : -1))
                        : Monomials.compare(am, i * w, bm, j * w, words: w)
                    if c > 0 {
                        for k in 0..<w { words.append(am[i * w + k]) }
                        coefficients.append(a.coefficients[i])
                        i += 1
                    } else if c < 0 {
                        for k in 0..<w { words.append(bm[j * w + k]) }
                        coefficients.append(negateRight ? -b.coefficients[j] : b.coefficients[j])
                        j += 1
                    } else {
                        let s = negateRight ? a.coefficients[i] - b.coefficients[j] : a.coefficients[i] + b.coefficients[j]
                        if !s.isZero {
                            for k in 0..<w { words.append(am[i * w + k]) }
                            coefficients.append(s)
                        }
                        i += 1
                        j += 1
                    }
                }
                while i < na {
                    for k in 0..<w { words.append(am[i * w + k]) }
                    coefficients.append(a.coefficients[i])
                    i += 1
                }
                while j < nb {
                    for k in 0..<w { words.append(bm[j * w + k]) }
                    coefficients.append(negateRight ? -b.coefficients[j] : b.coefficients[j])
                    j += 1
                }
            }
        }
        return Polynomial(layout: a.layout, monomials: words, coefficients: coefficients)
    }
}
