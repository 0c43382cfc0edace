// Canonical sums: flatten, collect like terms, sort.

extension Normalizer {
    /// The canonical sum of canonical terms.
    static func sum(_ terms: [Expr], limits: Limits) throws(NormalizationError) -> Expr {
        var constant = Rational.zero
        // Like terms by monomial, in first-appearance order (only to avoid iterating a
        // dictionary). A few monomials are found by a linear scan; past `linearScanLimit` a
        // dictionary indexes them. `originals` keeps a monomial's term while it has occurred
        // once: that term is the output as it stands (c·m rebuilt from a single canonical
        // term is that term), so a sum without like terms builds no new products.
        var monomials: [Expr] = []
        var coefficients: [Rational] = []
        var originals: [Expr?] = []
        var index: [Expr: Int]? = nil

        func add(_ term: Expr) {
            switch term.kind {
            case .number(let r):
                constant += r
            case .sum(let inner):
                for t in inner { add(t) }
            case .symbol, .constant, .product, .power, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                let (c, m) = ExprOrder.coefficientAndMonomial(term)
                let found: Int?
                if let index { found = index[m] } else { found = monomials.firstIndex(of: m) }
                if let i = found {
                    coefficients[i] += c
                    originals[i] = nil
                } else {
                    monomials.append(m)
                    coefficients.append(c)
                    originals.append(term)
                    if index != nil {
                        index?[m] = monomials.count - 1
                    } else if monomials.count > linearScanLimit {
                        var built: [Expr: Int] = [:]
                        for (k, x) in monomials.enumerated() { built[x] = k }
                        index = built
                    }
                }
            }
        }
        for t in terms { add(t) }
        if monomials.count > limits.maxTerms {
            throw .limitExceeded(LimitExceeded(limit: "maxTerms", requested: monomials.count, maximum: limits.maxTerms))
        }

        var out: [Expr] = []
        out.reserveCapacity(monomials.count + 1)
        for (i, m) in monomials.enumerated() {
            let c = coefficients[i]
            if c.isZero { continue }
            out.append(originals[i] ?? scaled(m, by: c))
        }
        // `compareTerms` order, from keys computed once per term (the same comparisons, so
        // the same permutation).
        if out.count > 3 {
            var keys = out.map(ExprOrder.TermKey.init)
            keys.sort { ExprOrder.compareTerms($0, $1) < 0 }
            out = keys.map(\.term)
        } else {
            out.sort { ExprOrder.compareTerms($0, $1) < 0 }
        }
        if !constant.isZero { out.append(.number(constant)) }
        switch out.count {
        case 0: return .zero
        case 1: return out[0]
        default: return .sum(out)
        }
    }

    /// Distinct monomials found by a linear scan before a dictionary indexes them.
    static let linearScanLimit = 8

    /// `c * m` for a canonical monomial `m` (not a number, not a sum) and a nonzero `c`.
    static func scaled(_ monomial: Expr, by c: Rational) -> Expr {
        if c.isOne { return monomial }
        if case .product(let fs) = monomial.kind {
            return .product([.number(c)] + fs)
        }
        return .product([.number(c), monomial])
    }
}
