// The coefficient arithmetic of series: canonical expressions, and an injectable zero test.
//
// Implementation notes
// --------------------
// Coefficients are canonical `Expr`s (see `Canonical`); every operation goes through the
// `Normalizer` smart constructors, which take canonical operands and return canonical
// results. Products additionally *distribute over sums* (the canonical form does not), so
// that a coefficient stays a sum of monomials and cancellations such as
// `(a + 1) * b - a * b - b` are found structurally, and merge exponentials
// (`exp(a)·exp(b) = exp(a + b)`), so that `exp(u0)·exp(−u0)` cancels. Everything else about equality to zero
// is the zero test's job: it answers true (provably zero), false (provably nonzero) or nil
// (unknown). The default test is the structural canonical form plus the interval sign
// prover; the rational normal form can be plugged in by the caller.

extension Series {
    /// Decides whether a canonical coefficient is zero: `true` = provably zero, `false` =
    /// provably nonzero, `nil` = unknown. Must be sound: never `true` for a nonzero value or
    /// `false` for zero.
    public typealias ZeroTest = @Sendable (Expr) -> Bool?

    /// The default zero test, exact wherever it answers:
    /// - a canonical number is zero or not;
    /// - a product is zero if a factor is, nonzero if every factor is; a power with a
    ///   positive numeric exponent is zero iff its base is, with a negative one never zero;
    ///   `exp(u)` is never zero;
    /// - `sin(k·pi)` and `cos(k·pi)` for rational k are decided exactly (zero iff k, resp.
    ///   k + 1/2, is an integer);
    /// - otherwise an expression is nonzero when the interval sign prover shows it under
    ///   `assumptions` (and zero when it shows the value is the point 0).
    ///
    /// Everything else is unknown (`nil`). The rational normal form can be plugged in as a
    /// stronger test by the caller.
    public static func defaultZeroTest(assumptions: Assumptions = Assumptions()) -> ZeroTest {
        { e in
            let c = (try? e.canonicalized()) ?? e
            return structuralZeroTest(c, assumptions: assumptions, depth: 0)
        }
    }

    private static func structuralZeroTest(_ e: Expr, assumptions: Assumptions, depth: Int) -> Bool? {
        if let r = e.numberValue { return r.isZero }
        if depth > 64 { return nil }
        switch e.kind {
        case .product(let factors):
            var allNonzero = true
            for f in factors {
                switch structuralZeroTest(f, assumptions: assumptions, depth: depth + 1) {
                case .some(true): return true
                case .some(false): break
                case .none: allNonzero = false
                }
            }
            if allNonzero { return false }
        case .power(let base, let exponent):
            if let k = exponent.numberValue {
                if k.signum() < 0 { return false }
                return structuralZeroTest(base, assumptions: assumptions, depth: depth + 1)
            }
        case .call(.builtin(.exp), _):
            return false
        case .call(.builtin(let f), let args) where (f == .sin || f == .cos) && args.count == 1:
            if let k = Normalizer.piMultiple(args[0]) {
                return f == .sin ? k.isInteger : (k + Rational(1, 2)!).isInteger
            }
        case .number, .symbol, .constant, .sum, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            break
        }
        switch assumptions.prove(e, is: .nonzero) {
        case .proved: return false
        case .disproved: return true
        case .unknown: return nil
        }
    }
}

/// Canonical coefficient arithmetic with the limits, assumptions and zero test of one
/// expansion.
struct SeriesCoefficientRing {
    let limits: Limits
    let assumptions: Assumptions
    let zeroTest: Series.ZeroTest

    /// The largest number of coefficients a series may hold.
    var maxCount: Int { limits.maxOrder }

    /// Whether `c` is zero: structural first, then the zero test.
    func isZero(_ c: Expr) -> Bool? {
        if let r = c.numberValue { return r.isZero }
        return zeroTest(c)
    }

    /// Whether `c` is provably positive (+1), provably negative (−1), or unknown (nil).
    func sign(_ c: Expr) -> Int? {
        if let r = c.numberValue { return r.isZero ? nil : r.signum() }
        if assumptions.prove(c, is: .positive) == .proved { return 1 }
        if assumptions.prove(c, is: .negative) == .proved { return -1 }
        return nil
    }

    func sum(_ terms: [Expr]) throws -> Expr {
        if terms.isEmpty { return .zero }
        if terms.count == 1 { return terms[0] }
        return try Normalizer.sum(terms, limits: limits)
    }

    func negate(_ a: Expr) throws -> Expr {
        if let r = a.numberValue { return .number(-r) }
        return try Normalizer.product([.minusOne, a], limits: limits)
    }

    func scale(_ a: Expr, by r: Rational) throws -> Expr {
        if r.isZero || a.isZero { return .zero }
        if r.isOne { return a }
        if let v = a.numberValue { return .number(v * r) }
        return try Normalizer.product([.number(r), a], limits: limits)
    }

    /// `a * b`, distributed over sums.
    func multiply(_ a: Expr, _ b: Expr) throws -> Expr {
        try dot([(a, b)])
    }

    /// `Σ aᵢ bᵢ`, every product distributed over sums, collected in one canonical sum.
    func dot(_ pairs: [(Expr, Expr)]) throws -> Expr {
        var terms: [Expr] = []
        var constant = Rational.zero
        for (a, b) in pairs {
            if a.isZero || b.isZero { continue }
            if let x = a.numberValue, let y = b.numberValue {
                constant += x * y
                continue
            }
            let left = Self.terms(of: a), right = Self.terms(of: b)
            if terms.count + left.count * right.count > limits.maxTerms {
                throw LimitExceeded(limit: "maxTerms", requested: terms.count + left.count * right.count,
                                    maximum: limits.maxTerms)
            }
            for x in left {
                for y in right {
                    if let u = x.numberValue, let v = y.numberValue {
                        constant += u * v
                    } else {
                        terms.append(try mergingExponentials(try Normalizer.product([x, y], limits: limits)))
                    }
                }
            }
        }
        if !constant.isZero { terms.append(.number(constant)) }
        return try sum(terms)
    }

    /// `exp(a)·exp(b)·r` as `exp(a + b)·r` (an identity for real a, b), so that factors
    /// such as `exp(u0)·exp(−u0)` cancel.
    func mergingExponentials(_ e: Expr) throws -> Expr {
        guard case .product(let factors) = e.kind else { return e }
        var arguments: [Expr] = [], rest: [Expr] = []
        for f in factors {
            if case .call(.builtin(.exp), let args) = f.kind, args.count == 1 {
                arguments.append(args[0])
            } else {
                rest.append(f)
            }
        }
        if arguments.count < 2 { return e }
        let merged = try call(.exp, try sum(arguments))
        return try Normalizer.product(rest + [merged], limits: limits)
    }

    private static func terms(of e: Expr) -> [Expr] {
        if case .sum(let ts) = e.kind { return ts }
        return [e]
    }

    func power(_ a: Expr, _ exponent: Expr) throws -> Expr {
        try Normalizer.power(a, exponent, limits: limits)
    }

    func power(_ a: Expr, _ exponent: Rational) throws -> Expr {
        try Normalizer.power(a, .number(exponent), limits: limits)
    }

    func reciprocal(_ a: Expr) throws -> Expr {
        if let r = a.numberValue, let inv = r.reciprocal { return .number(inv) }
        return try power(a, Expr.minusOne)
    }

    func call(_ builtin: Builtin, _ argument: Expr) throws -> Expr {
        try Normalizer.call(.builtin(builtin), [argument], limits: limits)
    }

    func call(_ function: Function, _ arguments: [Expr]) throws -> Expr {
        try Normalizer.call(function, arguments, limits: limits)
    }

    /// The canonical form of a faithful expression built from canonical pieces.
    func canonical(_ e: Expr) throws -> Expr {
        try e.canonicalized(limits: limits)
    }
}
