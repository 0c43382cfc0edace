// The explicit total order used to sort canonical operands and to print them.
//
// Implementation notes
// --------------------
// Three comparators, all total and all returning 0 exactly for structurally equal inputs:
//
// * `compare(_:_:)` — the general order. Constructs are ranked
//   number < constant < symbol < subscripted < call < derivative < power < product < sum
//   < big operator < list < range; within a construct, by contents (numbers by value, symbols
//   by name byte-wise, calls by head then arguments, powers by base then exponent, n-ary
//   nodes lexicographically by operands then by length).
// * `compareFactors(_:_:)` — for the factors of a canonical product: by base (general
//   order), then by exponent. So `x < x^2 < y` and numbers sort first.
// * `compareTerms(_:_:)` — for the terms of a canonical sum: graded lexicographic, highest
//   total degree first (`x^2 + x*y + y^2 + x + 1`); the numeric coefficient is ignored
//   except as the final tie-break, and a bare number (degree 0) sorts last.
//
// Nothing here looks at `hashValue`: the order is the same in every process.

/// The total orders on expressions used by the canonical form.
public enum ExprOrder {
    /// Three-way general comparison: negative if `a` sorts first, 0 iff structurally equal.
    public static func compare(_ a: Expr, _ b: Expr) -> Int {
        if a.node === b.node { return 0 }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.kind, b.kind) {
        case (.number(let x), .number(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.symbol(let x), .symbol(let y)):
            return compareNames(x.name, y.name)
        case (.constant(let x), .constant(let y)):
            return compareNames(x.rawValue, y.rawValue)
        case (.subscripted(let bx, let ix), .subscripted(let by, let iy)):
            let c = compare(bx, by)
            return c != 0 ? c : compareLists(ix, iy)
        case (.call(let fx, let ax), .call(let fy, let ay)):
            let c = compareFunctions(fx, fy)
            return c != 0 ? c : compareLists(ax, ay)
        case (.derivative(let ox, let vx, let nx), .derivative(let oy, let vy, let ny)):
            let c = compareNames(vx.name, vy.name)
            if c != 0 { return c }
            if nx != ny { return nx < ny ? -1 : 1 }
            return compare(ox, oy)
        case (.power(let bx, let ex), .power(let by, let ey)):
            let c = compare(bx, by)
            return c != 0 ? c : compare(ex, ey)
        case (.product(let x), .product(let y)), (.sum(let x), .sum(let y)), (.list(let x), .list(let y)):
            return compareLists(x, y)
        case (.bigOperator(let x), .bigOperator(let y)):
            return compareBigOperators(x, y)
        case (.range(let lx, let ux), .range(let ly, let uy)):
            let c = compare(lx, ly)
            return c != 0 ? c : compare(ux, uy)
        case (.number, _), (.symbol, _), (.constant, _), (.subscripted, _), (.call, _), (.derivative, _),
             (.power, _), (.product, _), (.sum, _), (.bigOperator, _), (.list, _), (.range, _):
            // Unreachable: equal ranks imply equal constructs.
            return 0
        }
    }

    /// Whether `a` sorts strictly before `b` in the general order.
    public static func precedes(_ a: Expr, _ b: Expr) -> Bool { compare(a, b) < 0 }

    /// The order of factors in a canonical product: numbers first, then by base, then by exponent.
    public static func compareFactors(_ a: Expr, _ b: Expr) -> Int {
        let aNumber = a.numberValue != nil, bNumber = b.numberValue != nil
        if aNumber != bNumber { return aNumber ? -1 : 1 }
        let (ba, ea) = baseAndExponent(a)
        let (bb, eb) = baseAndExponent(b)
        let c = compare(ba, bb)
        if c != 0 { return c }
        return compare(ea, eb)
    }

    /// The order of terms in a canonical sum: graded lexicographic with the highest degree
    /// first; bare numbers last.
    public static func compareTerms(_ a: Expr, _ b: Expr) -> Int {
        let aNumber = a.numberValue != nil, bNumber = b.numberValue != nil
        if aNumber != bNumber { return aNumber ? 1 : -1 }
        let va = TermView(a), vb = TermView(b)
        let da = va.degree, db = vb.degree
        if da != db { return da > db ? -1 : 1 }
        for i in 0..<min(va.count, vb.count) {
            let c = compareFactorsDescendingExponent(va[i], vb[i])
            if c != 0 { return c }
        }
        if va.count != vb.count { return va.count > vb.count ? -1 : 1 }
        if va.coefficient == vb.coefficient { return 0 }
        return va.coefficient < vb.coefficient ? -1 : 1
    }

    /// A term seen as coefficient × factors without building the monomial: the factors of
    /// ``coefficientAndMonomial(_:)``'s monomial, as a slice of the term's own operands (or the
    /// term itself), so that comparing two terms allocates nothing.
    private struct TermView {
        let coefficient: Rational
        /// The single factor of a monomial that is not a product.
        let single: Expr?
        /// The factors of a product monomial.
        let list: ArraySlice<Expr>

        init(_ term: Expr) {
            switch term.kind {
            case .number(let r):
                coefficient = r
                single = nil
                list = []
            case .product(let fs):
                if let first = fs.first, case .number(let r) = first.kind {
                    coefficient = r
                    // As `factors(coefficientAndMonomial(term).1)`, also for a term that is
                    // not canonical (a lone remaining factor that is 1 or a product).
                    if fs.count == 2, fs[1].isOne {
                        list = []
                    } else if fs.count == 2, case .product(let inner) = fs[1].kind {
                        list = inner[...]
                    } else {
                        list = fs.dropFirst()
                    }
                } else {
                    coefficient = .one
                    list = fs[...]
                }
                single = nil
            case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                coefficient = .one
                single = term
                list = []
            }
        }

        var count: Int { single == nil ? list.count : 1 }

        subscript(i: Int) -> Expr { single ?? list[list.startIndex + i] }

        /// The sum of the numeric exponents (1 for a factor whose exponent is not a number).
        var degree: Rational {
            var d = Rational.zero
            for i in 0..<count {
                let (_, e) = baseAndExponent(self[i])
                d += e.numberValue ?? .one
            }
            return d
        }
    }

    /// What ``compareTerms(_:_:)`` derives from one term, computed once per term for sorting
    /// many terms (the comparison then allocates nothing).
    struct TermKey {
        /// The term.
        let term: Expr
        let isNumber: Bool
        let coefficient: Rational
        let factors: [Expr]
        let degree: Rational

        init(_ term: Expr) {
            self.term = term
            isNumber = term.numberValue != nil
            let (c, m) = ExprOrder.coefficientAndMonomial(term)
            coefficient = c
            factors = ExprOrder.factors(m)
            degree = ExprOrder.degree(m)
        }
    }

    /// ``compareTerms(_:_:)`` of the keys' terms, from the keys.
    static func compareTerms(_ a: TermKey, _ b: TermKey) -> Int {
        if a.isNumber != b.isNumber { return a.isNumber ? 1 : -1 }
        if a.degree != b.degree { return a.degree > b.degree ? -1 : 1 }
        for (x, y) in zip(a.factors, b.factors) {
            let c = compareFactorsDescendingExponent(x, y)
            if c != 0 { return c }
        }
        if a.factors.count != b.factors.count { return a.factors.count > b.factors.count ? -1 : 1 }
        if a.coefficient == b.coefficient { return 0 }
        return a.coefficient < b.coefficient ? -1 : 1
    }

    // MARK: - Pieces

    /// Splits a canonical term into its numeric coefficient and the rest (1 for a number).
    public static func coefficientAndMonomial(_ term: Expr) -> (Rational, Expr) {
        switch term.kind {
        case .number(let r):
            return (r, .one)
        case .product(let fs):
            if let first = fs.first, case .number(let r) = first.kind {
                let rest = Array(fs.dropFirst())
                return (r, rest.count == 1 ? rest[0] : .product(rest))
            }
            return (.one, term)
        case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return (.one, term)
        }
    }

    /// Splits a factor into base and exponent (exponent 1 when it is not a power).
    public static func baseAndExponent(_ factor: Expr) -> (Expr, Expr) {
        if case .power(let b, let e) = factor.kind { return (b, e) }
        return (factor, .one)
    }

    private static func factors(_ monomial: Expr) -> [Expr] {
        if monomial.isOne { return [] }
        if case .product(let fs) = monomial.kind { return fs }
        return [monomial]
    }

    /// Total degree: the sum of numeric exponents (a non-numeric exponent counts as 1).
    private static func degree(_ monomial: Expr) -> Rational {
        var d = Rational.zero
        for f in factors(monomial) {
            let (_, e) = baseAndExponent(f)
            d += e.numberValue ?? .one
        }
        return d
    }

    /// Within graded-lex term comparison: by base, then the *higher* exponent first.
    private static func compareFactorsDescendingExponent(_ a: Expr, _ b: Expr) -> Int {
        let (ba, ea) = baseAndExponent(a)
        let (bb, eb) = baseAndExponent(b)
        let c = compare(ba, bb)
        if c != 0 { return c }
        return -compare(ea, eb)
    }

    private static func rank(_ e: Expr) -> Int {
        switch e.kind {
        case .number: return 0
        case .constant: return 1
        case .symbol: return 2
        case .subscripted: return 3
        case .call: return 4
        case .derivative: return 5
        case .power: return 6
        case .product: return 7
        case .sum: return 8
        case .bigOperator: return 9
        case .list: return 10
        case .range: return 11
        }
    }

    static func compareNames(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        return Symbol.bytewiseLess(a, b) ? -1 : 1
    }

    static func compareLists(_ a: [Expr], _ b: [Expr]) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        return 0
    }

    static func compareFunctions(_ a: Function, _ b: Function) -> Int {
        switch (a, b) {
        case (.builtin(let x), .builtin(let y)):
            return compareNames(x.rawValue, y.rawValue)
        case (.builtin, .opaque):
            return -1
        case (.opaque, .builtin):
            return 1
        case (.opaque(let x), .opaque(let y)):
            var c = compareNames(x.name, y.name)
            if c != 0 { return c }
            let ix = x.conditioningIndex ?? -1, iy = y.conditioningIndex ?? -1
            if ix != iy { return ix < iy ? -1 : 1 }
            c = x.derivativeOrders.lexicographicallyPrecedes(y.derivativeOrders) ? -1
                : (x.derivativeOrders == y.derivativeOrders ? 0 : 1)
            return c
        }
    }

    static func compareBigOperators(_ a: BigOperator, _ b: BigOperator) -> Int {
        var c = compareNames(a.name, b.name)
        if c != 0 { return c }
        if a.bindings.count != b.bindings.count { return a.bindings.count < b.bindings.count ? -1 : 1 }
        for (x, y) in zip(a.bindings, b.bindings) {
            c = compareNames(x.relation.rawValue, y.relation.rawValue)
            if c != 0 { return c }
            c = compare(x.subject, y.subject)
            if c != 0 { return c }
            switch (x.value, y.value) {
            case (nil, nil): c = 0
            case (nil, .some): c = -1
            case (.some, nil): c = 1
            case (.some(let vx), .some(let vy)): c = compare(vx, vy)
            }
            if c != 0 { return c }
        }
        return compare(a.body, b.body)
    }
}
