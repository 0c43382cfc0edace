// Canonical products: flatten, one numeric coefficient, merge equal bases, sort.

extension Normalizer {
    /// The canonical product of canonical factors.
    static func product(_ factors: [Expr], limits: Limits) throws(NormalizationError) -> Expr {
        try product(factors, limits: limits, rounds: 0)
    }

    private static func product(_ factors: [Expr], limits: Limits, rounds: Int) throws(NormalizationError) -> Expr {
        var coefficient = Rational.one
        var exponents: [Expr: [Expr]] = [:]
        var order: [Expr] = []

        func add(_ factor: Expr) {
            switch factor.kind {
            case .number(let r):
                coefficient *= r
            case .product(let inner):
                for f in inner { add(f) }
            case .power(let b, let e):
                if exponents[b] == nil { order.append(b) }
                exponents[b, default: []].append(e)
            case .symbol, .constant, .sum, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                if exponents[factor] == nil { order.append(factor) }
                exponents[factor, default: []].append(.one)
            }
        }
        for f in factors { add(f) }
        if coefficient.isZero { return .zero }

        var out: [Expr] = []
        var needsAnotherRound = false
        for base in order {
            let es = exponents[base]!
            let exponent = es.count == 1 ? es[0] : try sum(es, limits: limits)
            // A single factor that was already canonical needs no rebuilding.
            let built: Expr
            if es.count == 1 {
                built = exponent.isOne ? base : .power(base, exponent)
            } else {
                built = try power(base, exponent, limits: limits)
            }
            switch built.kind {
            case .number(let r):
                coefficient *= r
            case .product(let inner):
                for f in inner {
                    if case .number(let r) = f.kind { coefficient *= r } else { out.append(f) }
                }
                needsAnotherRound = true
            case .power(let b, _) where b != base:
                out.append(built)
                needsAnotherRound = true
            case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                out.append(built)
            }
        }
        if coefficient.isZero { return .zero }
        if needsAnotherRound && rounds < 8 {
            return try product([.number(coefficient)] + out, limits: limits, rounds: rounds + 1)
        }
        out.sort { ExprOrder.compareFactors($0, $1) < 0 }
        if out.isEmpty { return .number(coefficient) }
        if !coefficient.isOne && out.count == 1, case .sum(let terms) = out[0].kind {
            // Distribute a number over a single sum: 2*(x + y) is 2*x + 2*y.
            var scaledTerms: [Expr] = []
            for t in terms { scaledTerms.append(try product([.number(coefficient), t], limits: limits)) }
            return try sum(scaledTerms, limits: limits)
        }
        if coefficient.isOne {
            return out.count == 1 ? out[0] : .product(out)
        }
        return .product([.number(coefficient)] + out)
    }
}
