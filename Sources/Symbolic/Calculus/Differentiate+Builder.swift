// Building derivative results: hash-consing and light local folding.
//
// Implementation notes
// --------------------
// Every node the differentiator creates goes through `ExprBuilder`, which interns it in a
// table keyed by structure (`Expr`'s `==`, whose children are themselves interned, so the
// comparison is one level deep: children compare by node identity). Equal sub-results built
// along different paths (the `u'v'` of `(u'v)' + (uv')'`) are therefore the same node, the
// differentiator's memo (by node identity) hits them, and results stay small DAGs.
//
// Folding is local and cheap, never a normal form:
// - sums: nested sums are spliced, number terms added exactly, terms that are the same node
//   up to a number coefficient (`c·t`) merged, zero terms dropped;
// - products: nested products spliced, number factors multiplied exactly (a zero factor
//   gives 0), factors with the same base node merged by adding number exponents
//   (`u · u^-1` disappears, which may extend the domain — harmless for derivatives);
// - powers: `u^0 = 1`, `u^1 = u`, `1^r = 1`, `(u^a)^n = u^(a·n)` for integer n, small exact
//   number powers folded.
// Order is first occurrence, so results read like the input. Nothing is ever ordered by a
// hash. The number of nodes created is bounded by `Limits.maxTerms`.

final class ExprBuilder {
    private var table = InternTable()
    private var canonical = IdentityMemo()
    private var created = 0
    let limits: Limits

    let zero = Expr.zero
    let one = Expr.one
    let minusOne = Expr.minusOne
    let half = Expr.number(Rational(1, 2)!)
    let minusHalf = Expr.number(Rational(-1, 2)!)

    init(limits: Limits) {
        self.limits = limits
        for e in [zero, one, minusOne, half, minusHalf] { _ = table.existingOrInsert(e) }
    }

    // MARK: Interning

    /// The interned node structurally equal to `e` (whose children must be interned).
    @inline(__always)
    func unique(_ e: Expr) throws -> Expr {
        if let existing = table.existingOrInsert(e) { return existing }
        created += 1
        if created > limits.maxTerms {
            throw LimitExceeded(limit: "maxTerms", requested: created, maximum: limits.maxTerms)
        }
        return e
    }

    /// Interns a whole input expression bottom-up (linear in its DAG).
    func intern(_ e: Expr) throws -> Expr {
        if e.height > DeepExpressions.recursionLimit && canonical[e] == nil {
            for n in DeepExpressions.postOrder(e, children: \.children) { _ = try internNode(n) }
        }
        return try internNode(e)
    }

    private func internNode(_ e: Expr) throws -> Expr {
        if let c = canonical[e] { return c }
        let rebuilt = try e.mapChildren { try internNode($0) }
        let result = try unique(rebuilt)
        canonical[e] = result
        return result
    }

    // MARK: Constructors with folding

    /// Interned small integers −64…64, the most common numbers of derivative results.
    private var smallIntegers: [Expr?] = Array(repeating: nil, count: 129)

    func number(_ r: Rational) throws -> Expr {
        if r.isZero { return zero }
        if r.isOne { return one }
        if r.isInteger, let n = r.asInt, n >= -64, n <= 64 {
            if let e = smallIntegers[n + 64] { return e }
            let e = try unique(.number(r))
            smallIntegers[n + 64] = e
            return e
        }
        return try unique(.number(r))
    }

    func call(_ f: Builtin, _ argument: Expr) throws -> Expr {
        try unique(Expr(.call(.builtin(f), [argument])))
    }

    func call(_ function: Function, _ arguments: [Expr]) throws -> Expr {
        try unique(Expr(.call(function, arguments)))
    }

    func negate(_ e: Expr) throws -> Expr { try multiply([minusOne, e]) }

    func subtract(_ a: Expr, _ b: Expr) throws -> Expr { try add([a, negate(b)]) }

    func reciprocal(_ e: Expr) throws -> Expr { try power(e, exponent: minusOne) }

    /// A term of a sum seen as `coefficient · shape`, where the shape is a node or the list
    /// of non-number factors of a product; shapes compare by node identity.
    private struct TermShape: Hashable {
        var single: Expr?
        var factors: ArraySlice<Expr>

        static func == (lhs: TermShape, rhs: TermShape) -> Bool {
            if let a = lhs.single {
                guard let b = rhs.single else { return false }
                return a.node === b.node
            }
            if rhs.single != nil || lhs.factors.count != rhs.factors.count { return false }
            for (a, b) in zip(lhs.factors, rhs.factors) where a.node !== b.node { return false }
            return true
        }

        func hash(into hasher: inout Hasher) {
            if let a = single {
                hasher.combine(ObjectIdentifier(a.node))
            } else {
                for f in factors { hasher.combine(ObjectIdentifier(f.node)) }
            }
        }
    }

    private struct SumGroup {
        var shape: TermShape
        var coefficient: Rational
        var original: Expr?
    }

    /// Splits a non-number term into its number coefficient and its shape.
    @inline(__always)
    private func split(_ term: Expr) -> (Rational, TermShape) {
        if case .product(let factors) = term.kind, factors.count >= 2 {
            if case .number(let c) = factors[0].kind {
                if factors.count == 2 { return (c, TermShape(single: factors[1], factors: [])) }
                return (c, TermShape(single: nil, factors: factors[1...]))
            }
            return (.one, TermShape(single: nil, factors: factors[...]))
        }
        return (.one, TermShape(single: term, factors: []))
    }

    /// A folded sum (see the file notes).
    func add(_ terms: [Expr]) throws -> Expr {
        var constant = Rational.zero
        var groups: [SumGroup] = []
        groups.reserveCapacity(terms.count)
        var index: [TermShape: Int] = [:]
        func absorb(_ t: Expr) {
            if case .number(let r) = t.kind {
                constant += r
                return
            }
            let (c, shape) = split(t)
            let found: Int?
            if groups.count < 8 {
                found = groups.firstIndex { $0.shape == shape }
            } else {
                if index.isEmpty { for (i, g) in groups.enumerated() { index[g.shape] = i } }
                found = index[shape]
            }
            if let i = found {
                groups[i].coefficient += c
                groups[i].original = nil
            } else {
                if !index.isEmpty { index[shape] = groups.count }
                groups.append(SumGroup(shape: shape, coefficient: c, original: t))
            }
        }
        for t in terms {
            if case .sum(let inner) = t.kind {
                for u in inner { absorb(u) }
            } else {
                absorb(t)
            }
        }
        var out: [Expr] = []
        out.reserveCapacity(groups.count + 1)
        for g in groups where !g.coefficient.isZero {
            if let o = g.original {
                out.append(o)
                continue
            }
            var factors: [Expr] = []
            factors.reserveCapacity(g.shape.factors.count + 2)
            if !g.coefficient.isOne { factors.append(try number(g.coefficient)) }
            if let a = g.shape.single { factors.append(a) } else { factors.append(contentsOf: g.shape.factors) }
            out.append(factors.count == 1 ? factors[0] : try unique(.product(factors)))
        }
        if !constant.isZero { out.append(try number(constant)) }
        switch out.count {
        case 0: return zero
        case 1: return out[0]
        default: return try unique(.sum(out))
        }
    }

    private struct ProductGroup {
        var base: Expr
        var exponent: Rational
        var original: Expr?
    }

    /// A folded product (see the file notes).
    func multiply(_ factors: [Expr]) throws -> Expr {
        try multiply(factors, replacing: -1, with: zero)
    }

    /// A folded product of `factors` with the factor at `index` replaced by `replacement`
    /// (no replacement when `index` is out of range), without copying the array.
    func multiply(_ factors: [Expr], replacing replacedIndex: Int, with replacement: Expr) throws -> Expr {
        var coefficient = Rational.one
        var groups: [ProductGroup] = []
        groups.reserveCapacity(factors.count + 4)
        var index: IdentityMap<Int> = [:]
        var isZero = false
        func absorb(_ f: Expr) {
            if case .number(let r) = f.kind {
                coefficient *= r
                if r.isZero { isZero = true }
                return
            }
            var base = f
            var exponent = Rational.one
            if case .power(let b, let x) = f.kind, case .number(let r) = x.kind {
                base = b
                exponent = r
            }
            let found: Int?
            if groups.count < 8 {
                found = groups.firstIndex { $0.base.node === base.node }
            } else {
                if index.isEmpty { for (i, g) in groups.enumerated() { index[ObjectIdentifier(g.base.node)] = i } }
                found = index[ObjectIdentifier(base.node)]
            }
            if let i = found {
                groups[i].exponent += exponent
                groups[i].original = nil
            } else {
                if !index.isEmpty { index[ObjectIdentifier(base.node)] = groups.count }
                groups.append(ProductGroup(base: base, exponent: exponent, original: f))
            }
        }
        for (i, f0) in factors.enumerated() {
            let f = i == replacedIndex ? replacement : f0
            if case .product(let inner) = f.kind {
                for g in inner { absorb(g) }
            } else {
                absorb(f)
            }
            if isZero { return zero }
        }
        var rest: [Expr] = []
        rest.reserveCapacity(groups.count + 1)
        for g in groups where !g.exponent.isZero {
            if let o = g.original {
                rest.append(o)
                continue
            }
            let p = try power(g.base, g.exponent)
            switch p.kind {
            case .number(let r):
                coefficient *= r
            case .product(let inner):
                for g in inner {
                    if case .number(let r) = g.kind { coefficient *= r } else { rest.append(g) }
                }
            case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                rest.append(p)
            }
        }
        if coefficient.isZero { return zero }
        if rest.isEmpty { return try number(coefficient) }
        if coefficient.isOne && rest.count == 1 { return rest[0] }
        if !coefficient.isOne { rest.insert(try number(coefficient), at: 0) }
        return try unique(.product(rest))
    }

    /// A folded power (see the file notes).
    func power(_ base: Expr, exponent: Expr) throws -> Expr {
        if case .number(let r) = exponent.kind {
            if r.isZero { return one }
            if r.isOne { return base }
            if base.isOne { return one }
            if case .number(let b) = base.kind, r.isInteger, let n = r.asInt, n.magnitude <= 64,
               b.numerator.bitWidth + b.denominator.bitWidth <= 64, !(b.isZero && n < 0),
               let value = b.power(n) {
                return try number(value)
            }
            if case .power(let inner, let innerExponent) = base.kind,
               case .number(let s) = innerExponent.kind, r.isInteger {
                return try power(inner, exponent: number(s * r))
            }
        }
        return try unique(Expr(.power(base: base, exponent: exponent)))
    }

    func power(_ base: Expr, _ exponent: Rational) throws -> Expr {
        try power(base, exponent: number(exponent))
    }
}
