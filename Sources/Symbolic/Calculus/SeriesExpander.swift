// Expr → truncated series in the internal variable t: the recursive expansion engine.
//
// Implementation notes
// --------------------
// The variable x is replaced by the local variable h → 0 (x = a + h, x = a − h from below,
// x = 1/h at inf, x = −1/h at −inf), and h by t^D where D (the ramification) is 1 for
// Laurent series and larger for Puiseux series; D is found by restarting the whole
// expansion when a fractional power needs it (`RamificationRequest`).
//
// `expand(e, to: n)` returns a series of the canonical expression e that is exact up to
// t^n (absolute precision), memoised per sub-expression at the highest precision computed.
// The precision each operand needs is derived from lower bounds of the other operands'
// valuations (a product of factors with valuation bounds bᵢ needs factor i to
// n − Σ_{j≠i} bⱼ), obtained by a first expansion at precision n. So cancellation never
// loses precision and no order escalation is needed at this level. Where the *exact*
// leading term matters — negative and fractional powers, log, abs/sign, min/max, poles of a
// function's argument — `leadingTerm` probes at doubling precision until a coefficient the
// zero test proves nonzero appears; a coefficient it cannot decide stops the expansion
// (`SeriesError.undecided`), as does failing to find one within `Limits.maxOrder`.
//
// Exponentially small terms: exp(u) with u → −∞ (leading coefficient of a pole provably
// negative, on the side(s) considered) is O(t^n) for every n, so its series is the zero
// series at any requested precision; sigmoid, softplus, tanh, erf and atan of a pole use
// the same fact. exp(u) with u → +∞ has no power series (`essentialSingularity`).

/// Where the expansion is made, in terms of the local variable h → 0 (always h > 0 except
/// for a two-sided expansion at a finite point).
enum SeriesLocation: Sendable, Hashable {
    /// x = a + h, or x = a − h when `fromBelow`.
    case finite(Expr, fromBelow: Bool)
    /// x = 1/h.
    case positiveInfinity
    /// x = −1/h.
    case negativeInfinity

    /// Parses an expansion point: a finite canonical expression free of `variable`, `inf`
    /// or `-inf`.
    init(point: Expr, direction: LimitDirection, variable: Symbol, limits: Limits) throws {
        let p: Expr
        do { p = try point.canonicalized(limits: limits) } catch { throw SeriesError.wrap(error, in: point) }
        let inf = Expr(.constant(.infinity))
        if p == inf {
            self = .positiveInfinity
            return
        }
        if case .product(let fs) = p.kind, fs.count == 2, fs[0].numberValue?.isNegative == true, fs[1] == inf {
            self = .negativeInfinity
            return
        }
        if p.containsSubexpression(where: { $0.kind == .constant(.infinity) }) {
            throw SeriesError.unsupported(point, reason: "an expansion point must be finite, inf or -inf")
        }
        if p.contains(variable) {
            throw SeriesError.unsupported(point, reason: "the expansion point depends on \(variable.name)")
        }
        self = .finite(p, fromBelow: direction == .below)
    }

    /// Whether the expansion must hold on both sides of h = 0.
    func isTwoSided(_ direction: LimitDirection) -> Bool {
        switch self {
        case .finite: return direction == .both
        case .positiveInfinity, .negativeInfinity: return false
        }
    }
}

/// The expansion engine for one variable, point, side and ramification.
struct SeriesExpander {
    let variable: Symbol
    let location: SeriesLocation
    let twoSided: Bool
    /// h = t^ramification.
    let ramification: Int
    let ring: SeriesCoefficientRing

    private var cache: [Expr: TruncatedSeries] = [:]
    private var leadingCache: [Expr: (Int, Expr)] = [:]
    private var dependence: [Expr: Bool] = [:]
    private var depth = 0

    init(variable: Symbol, location: SeriesLocation, twoSided: Bool, ramification: Int, ring: SeriesCoefficientRing) {
        self.variable = variable
        self.location = location
        self.twoSided = twoSided
        self.ramification = ramification
        self.ring = ring
    }

    var limits: Limits { ring.limits }

    // MARK: - Dependence on the variable

    /// Whether `e` depends on the variable. Throws on `inf` inside an expression.
    mutating func depends(_ e: Expr) throws -> Bool {
        if let d = dependence[e] { return d }
        let d: Bool
        switch e.kind {
        case .number:
            d = false
        case .symbol(let s):
            d = s == variable
        case .constant(let c):
            switch c {
            case .pi: d = false
            case .infinity: throw SeriesError.unsupported(e, reason: "inf inside an expression")
            }
        case .sum(let items), .product(let items), .list(let items):
            var any = false
            for i in items where try depends(i) { any = true }
            d = any
        case .power(let b, let x):
            let db = try depends(b), dx = try depends(x)
            d = db || dx
        case .call(_, let args):
            var any = false
            for a in args where try depends(a) { any = true }
            d = any
        case .subscripted(let b, let idx):
            var any = try depends(b)
            for i in idx where try depends(i) { any = true }
            d = any
        case .range(let l, let u):
            let dl = try depends(l), du = try depends(u)
            d = dl || du
        case .derivative, .bigOperator:
            d = e.contains(variable)
        }
        dependence[e] = d
        return d
    }

    // MARK: - Expansion

    /// A series of the canonical expression `e` exact up to `t^n` (possibly beyond).
    mutating func expand(_ e: Expr, to n: Int) throws -> TruncatedSeries {
        if let c = cache[e], c.precision >= n { return c.truncated(to: n) }
        if !(try depends(e)) { return try ring.constant(e, precision: n) }
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth {
            throw LimitExceeded(limit: "maxDepth", requested: depth, maximum: limits.maxDepth)
        }
        // The precision rules use lower bounds of valuations; should a bound found at one
        // precision not hold at another, ask again for the missing terms (bounded).
        var target = n
        for _ in 0..<4 {
            let result = try compute(e, to: target)
            try ring.checkCount(result.coefficients.count)
            if cache[e].map({ $0.precision < result.precision }) ?? true { cache[e] = result }
            if result.precision >= n { return result.truncated(to: n) }
            target += n - result.precision
        }
        throw SeriesError.undecided(e, reason: "the requested precision \(powerName(n)) could not be reached")
    }

    private mutating func compute(_ e: Expr, to n: Int) throws -> TruncatedSeries {
        let result: TruncatedSeries
        switch e.kind {
        case .symbol:
            result = try variableSeries(to: n)
        case .number, .constant:
            result = try ring.constant(e, precision: n)
        case .sum(let terms):
            var acc = try expand(terms[0], to: n)
            for t in terms.dropFirst() { acc = try ring.add(acc, try expand(t, to: n)) }
            result = acc
        case .product(let factors):
            result = try productSeries(factors, to: n)
        case .power(let base, let exponent):
            result = try powerSeries(e, base: base, exponent: exponent, to: n)
        case .call(let function, let arguments):
            result = try callSeries(e, function, arguments, to: n)
        case .derivative:
            throw SeriesError.unsupported(e, reason: "an unevaluated derivative in the variable")
        case .bigOperator(let op):
            throw SeriesError.unsupported(e, reason: "the big operator \(op.name) depends on the variable")
        case .list, .subscripted, .range:
            throw SeriesError.unsupported(e, reason: "a list, index or range depends on the variable")
        }
        return result
    }

    /// The series of the variable itself.
    private func variableSeries(to n: Int) throws -> TruncatedSeries {
        let d = ramification
        switch location {
        case .finite(let a, let fromBelow):
            let h = TruncatedSeries.monomial(fromBelow ? .minusOne : .one, exponent: d, precision: n)
            return try ring.add(try ring.constant(a, precision: n), h)
        case .positiveInfinity:
            try ring.checkCount(n + d)
            return .monomial(.one, exponent: -d, precision: n)
        case .negativeInfinity:
            try ring.checkCount(n + d)
            return .monomial(.minusOne, exponent: -d, precision: n)
        }
    }

    private mutating func productSeries(_ factors: [Expr], to n: Int) throws -> TruncatedSeries {
        // Lower bounds of the factors' valuations from a first expansion at precision n.
        var bounds: [Int] = []
        for f in factors { bounds.append(try expand(f, to: n).valuation) }
        let total = bounds.reduce(0, +)
        var later = total
        var acc: TruncatedSeries? = nil
        for (i, f) in factors.enumerated() {
            let s = try expand(f, to: n - (total - bounds[i]))
            later -= bounds[i]
            // Keep what the remaining factors (valuations ≥ their bounds) need.
            let cap = n - later
            acc = try acc.map { try ring.multiply($0, s, upTo: cap) } ?? s.truncated(to: cap)
        }
        if let a = acc { return a }
        return try ring.constant(.one, precision: n)
    }

    // MARK: - Leading terms

    /// The exact leading term `c t^k` of `e` (c provably nonzero by the zero test).
    mutating func leadingTerm(_ e: Expr) throws -> (exponent: Int, coefficient: Expr) {
        if let l = leadingCache[e] { return l }
        var target = max(1, cache[e]?.precision ?? 1)
        var start: Int? = nil
        while true {
            let s: TruncatedSeries
            do {
                s = try expand(e, to: target)
            } catch let l as LimitExceeded where start != nil {
                throw SeriesError.undecided(e, reason: "no nonzero term found before \(l.description); "
                                            + "the expression may vanish identically near the point")
            }
            var cleaned = s
            for k in s.valuation..<s.precision {
                let c = s.coefficient(at: k)
                if c.isZero { continue }
                switch ring.isZero(c) {
                case .some(true):
                    cleaned = cleaned.replacingCoefficient(at: k, with: .zero)
                case .some(false):
                    leadingCache[e] = (k, c)
                    remember(cleaned, for: e)
                    return (k, c)
                case .none:
                    throw SeriesError.undecided(e, reason: "cannot decide whether the coefficient "
                                                + "\(c.debugDescription) of \(powerName(k)) is zero")
                }
            }
            remember(cleaned, for: e)
            let first = start ?? min(s.valuation, target - 1)
            start = first
            let next = first + 2 * max(1, s.precision - first)
            if next - first > ring.maxCount {
                throw SeriesError.undecided(e, reason: "no nonzero term up to \(powerName(s.precision)) within "
                                            + "maxOrder = \(ring.maxCount); the expression may vanish "
                                            + "identically near the point")
            }
            target = next
        }
    }

    /// Caches `s` for `e` unless a more precise series is cached.
    private mutating func remember(_ s: TruncatedSeries, for e: Expr) {
        if cache[e].map({ $0.precision <= s.precision }) ?? true { cache[e] = s }
    }

    /// `h^(k/D)` as text, for messages.
    func powerName(_ k: Int) -> String {
        let r = Rational(k, ramification) ?? Rational(k)
        return "h^\(r)"
    }

    /// The sign, as t → 0 on the side(s) considered, of a term `c t^k` with c ≠ 0.
    func directionOfTerm(exponent k: Int, coefficient c: Expr, in e: Expr) throws -> Int {
        if twoSided && k % 2 != 0 {
            throw SeriesError.needsOneSidedExpansion(e, reason: "a term of odd order \(k) changes sign at the point")
        }
        guard let s = ring.sign(c) else {
            throw SeriesError.undecided(e, reason: "cannot decide the sign of the leading coefficient \(c.debugDescription)")
        }
        return s
    }

    // MARK: - Arguments of functions

    /// How the argument of a function behaves at the point.
    enum ArgumentBehavior {
        /// u = u0 + r with r = O(t); `r` is exact up to at least t^max(n, 1).
        case regular(u0: Expr, r: TruncatedSeries)
        /// u has a pole: leading term c t^k with k < 0, c provably nonzero.
        case pole(exponent: Int, coefficient: Expr)
    }

    mutating func behavior(of u: Expr, to n: Int) throws -> ArgumentBehavior {
        var s = try expand(u, to: max(n, 1))
        if s.valuation < 0 {
            for k in s.valuation..<0 {
                let c = s.coefficient(at: k)
                if c.isZero { continue }
                switch ring.isZero(c) {
                case .some(true): s = s.replacingCoefficient(at: k, with: .zero)
                case .some(false): return .pole(exponent: k, coefficient: c)
                case .none:
                    throw SeriesError.undecided(u, reason: "cannot decide whether the coefficient "
                                                + "\(c.debugDescription) of \(powerName(k)) is zero")
                }
            }
        }
        return .regular(u0: s.coefficient(at: 0), r: s.droppingBelow(1))
    }

    /// u0 + r as one series.
    func recombine(_ u0: Expr, _ r: TruncatedSeries) throws -> TruncatedSeries {
        try ring.add(try ring.constant(u0, precision: r.precision), r)
    }
}
