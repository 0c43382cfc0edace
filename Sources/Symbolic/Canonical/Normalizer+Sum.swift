// Canonical sums: flatten, collect like terms, sort.

extension Normalizer {
    /// The canonical sum of canonical terms.
    static func sum(_ terms: [Expr], limits: Limits) throws(NormalizationError) -> Expr {
        var constant = Rational.zero
        var coefficients: [Expr: Rational] = [:]
        var order: [Expr] = []  // first-appearance order, only to avoid iterating the dictionary

        func add(_ term: Expr) {
            switch term.kind {
            case .number(let r):
                constant += r
            case .sum(let inner):
                for t in inner { add(t) }
            case .symbol, .constant, .product, .power, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                let (c, m) = ExprOrder.coefficientAndMonomial(term)
                if let old = coefficients[m] {
                    coefficients[m] = old + c
                } else {
                    coefficients[m] = c
                    order.append(m)
                }
            }
        }
        for t in terms { add(t) }
        if order.count > limits.maxTerms {
            throw .limitExceeded(LimitExceeded(limit: "maxTerms", requested: order.count, maximum: limits.maxTerms))
        }

        var out: [Expr] = []
        out.reserveCapacity(order.count + 1)
        for m in order {
            let c = coefficients[m]!
            if c.isZero { continue }
            out.append(scaled(m, by: c))
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

    /// `c * m` for a canonical monomial `m` (not a number, not a sum) and a nonzero `c`.
    static func scaled(_ monomial: Expr, by c: Rational) -> Expr {
        if c.isOne { return monomial }
        if case .product(let fs) = monomial.kind {
            return .product([.number(c)] + fs)
        }
        return .product([.number(c), monomial])
    }
}
