// The canonical-form invariants as executable checks (see `Canonical`).

extension Expr {
    /// The first canonical-form invariant this expression violates, or `nil` if it is
    /// canonical. Checks the whole tree (each shared node once).
    public var canonicalViolation: String? {
        var visited = IdentitySet()
        return Expr.violation(self, visited: &visited)
    }

    /// Whether the expression satisfies every canonical-form invariant.
    public var isCanonical: Bool { canonicalViolation == nil }

    private static func violation(_ e: Expr, visited: inout IdentitySet) -> String? {
        if !visited.insert(ObjectIdentifier(e.node)) { return nil }
        for c in e.children {
            if let v = violation(c, visited: &visited) { return v }
        }
        switch e.kind {
        case .number, .symbol, .constant, .derivative, .bigOperator, .list, .range:
            return nil
        case .subscripted(let base, let indices):
            if case .list(let items) = base.kind, indices.count == 1,
               let i = indices[0].numberValue?.asInt, i >= 0, i < items.count {
                return "literal list indexed by a literal"
            }
            return nil
        case .sum(let terms):
            if terms.count < 2 { return "sum with fewer than two terms" }
            var numbers = 0
            for (i, t) in terms.enumerated() {
                if case .sum = t.kind { return "sum inside a sum" }
                if let v = t.numberValue {
                    numbers += 1
                    if v.isZero { return "zero term in a sum" }
                    if i != terms.count - 1 { return "number not last in a sum" }
                }
                if i > 0 && ExprOrder.compareTerms(terms[i - 1], t) >= 0 {
                    return "sum terms not strictly in term order (like terms not collected?)"
                }
            }
            if numbers > 1 { return "more than one number in a sum" }
            var seen = Set<Expr>()
            for t in terms {
                let (_, m) = ExprOrder.coefficientAndMonomial(t)
                if !seen.insert(m).inserted { return "like terms not collected" }
            }
            return nil
        case .product(let factors):
            if factors.count < 2 { return "product with fewer than two factors" }
            for (i, f) in factors.enumerated() {
                if case .product = f.kind { return "product inside a product" }
                if let v = f.numberValue {
                    if i != 0 { return "number not first in a product" }
                    if v.isZero || v.isOne { return "coefficient 0 or 1 in a product" }
                }
                if i > 0 && ExprOrder.compareFactors(factors[i - 1], f) >= 0 {
                    return "product factors not strictly in factor order"
                }
            }
            var bases = Set<Expr>()
            for f in factors where f.numberValue == nil {
                if !bases.insert(ExprOrder.baseAndExponent(f).0).inserted { return "equal bases not merged" }
            }
            if factors.count == 2, factors[0].numberValue != nil, case .sum = factors[1].kind {
                return "number times a sum not distributed"
            }
            return nil
        case .power(let base, let exponent):
            if exponent.isZero || exponent.isOne { return "power with exponent 0 or 1" }
            if base.isOne { return "power with base 1" }
            // 0^x with a symbolic x is left for the checker (0 when x > 0, undefined at 0).
            if base.isZero, exponent.numberValue != nil { return "power of 0 with a numeric exponent" }
            if let b = base.numberValue, let x = exponent.numberValue {
                if x.isInteger { return "numeric power not folded" }
                if b.signum() > 0 {
                    if !(x.signum() > 0 && x < .one) { return "radical exponent outside (0, 1)" }
                    if !b.isInteger { return "radical base not an integer" }
                    let factors = Normalizer.factorize(b.numerator)
                    if b.numerator.bitWidth < 28 && (factors.count != 1 || factors[0].1 != 1) {
                        return "radical base not prime"
                    }
                }
            }
            if let x = exponent.numberValue, x.isInteger {
                switch base.kind {
                case .product: return "integer power of a product not distributed"
                case .power: return "integer power of a power not merged"
                case .number, .symbol, .constant, .sum, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                    break
                }
            }
            if case .call(.builtin(.exp), _) = base.kind { return "power of exp not merged" }
            return nil
        case .call(let f, let args):
            if case .builtin(let b) = f {
                switch b {
                case .sqrt: return "sqrt not rewritten as a power"
                case .exp:
                    if args.first?.isZero == true { return "exp(0) not folded" }
                case .log:
                    if args.first?.isOne == true { return "log(1) not folded" }
                    if let v = args.first?.numberValue, v.numerator.bitWidth < 28, v.denominator.bitWidth < 28 {
                        let f = Normalizer.factorize(v.numerator) + Normalizer.factorize(v.denominator)
                        if !(v.isInteger && f.count == 1 && f[0].1 == 1) { return "log of a rational not split into primes" }
                    }
                case .sin, .tan, .asin, .atan, .sinh, .tanh, .erf, .cos, .cosh, .abs, .sign:
                    if let a = args.first, Normalizer.isNegated(a) { return "parity of \(b.rawValue) not applied" }
                case .acos, .lambertw, .sigmoid, .softplus, .min, .max:
                    break
                }
            }
            return nil
        }
    }
}
