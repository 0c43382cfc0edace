// Limits decided by the leading term of a series.
//
// Implementation notes
// --------------------
// The expression is canonicalised, products of exponentials are merged
// (exp(a)·exp(b) = exp(a + b)), and its series is computed to absolute precision h^0 in the
// local variable h → 0 (x = a ± h, x = ±1/h at ±inf; see `SeriesExpander`). The engine's
// precision bookkeeping asks each sub-expression for exactly the terms it needs, probing
// further (doubling, up to `Limits.maxOrder`) only where a leading coefficient must be
// known, so terms that cancel never make the answer wrong or force a blind order
// escalation. Then:
//
// * no term with a negative power that the zero test cannot prove zero → the limit is the
//   constant coefficient (whatever it is: its own zero-ness does not matter);
// * a first negative-power term c h^k with c provably nonzero → ±∞ by the sign of c
//   (proved with the assumptions, else unknown); two-sided with k odd → does not exist;
// * a coefficient whose zero-ness is unknown → unknown.
//
// A two-sided limit whose expansion differs on the two sides (|h|, sqrt(h), exp(−1/h)) is
// computed as the two one-sided limits, which must agree.
//
// Exponential dominance (what is handled exactly): exp(u) with u → −∞ (a pole with a
// provably negative leading coefficient, e.g. exp(−c·t) as t → ∞ with c > 0) is
// O(hⁿ) for every n, so it is 0 to every order in the series engine, also inside sigmoid,
// softplus, tanh, erf and log(1 + ·). exp(u) with u → +∞ has no power series; when the
// expression is a product `exp(U) · R` (after merging exponentials) with U → +∞ and R having
// an exact leading term c·h^k (any k: polynomial growth or decay), the limit is ±∞ by the
// sign of c. Sums involving a growing exponential (exp(t) − t), quotients not of that product
// form (exp(t)/(1 + exp(t))) and oscillating functions of a pole are reported unknown.

extension Expr {
    /// The limit of this expression as `variable` approaches `point` from `direction`.
    ///
    /// - Parameters:
    ///   - point: a finite expression free of the variable, `inf` or `-inf`.
    ///   - direction: at a finite point, `.both` requires the one-sided limits to agree;
    ///     ignored at `inf`/`-inf`.
    ///   - assumptions: used to prove the signs of leading coefficients.
    ///   - zeroTest: decides whether a coefficient is zero (`nil`: the default test).
    /// - Returns: the limit, `.doesNotExist` when that is proved, or `.unknown` with the
    ///   reason — never a guessed value.
    public func limit(as variable: Symbol, approaches point: Expr, from direction: LimitDirection = .both,
                      assumptions: Assumptions = Assumptions(), limits: Limits = .default,
                      zeroTest: Series.ZeroTest? = nil) -> LimitResult {
        let ring = SeriesCoefficientRing(limits: limits, assumptions: assumptions,
                                         zeroTest: zeroTest ?? Series.defaultZeroTest(assumptions: assumptions))
        let location: SeriesLocation
        let e: Expr
        do {
            location = try SeriesLocation(point: point, direction: direction, variable: variable, limits: limits)
            var merger = ExponentialMerger(limits: limits)
            e = try merger.merge(try canonicalized(limits: limits))
        } catch {
            return .unknown(reason: SeriesError.wrap(error, in: self).description)
        }
        let evaluator = LimitEvaluator(variable: variable, ring: ring)
        guard location.isTwoSided(direction), case .finite(let a, _) = location else {
            return evaluator.result(e, at: location, twoSided: false)
        }
        switch evaluator.evaluate(e, at: location, twoSided: true) {
        case .value(let r):
            return r
        case .needsOneSided:
            let above = evaluator.result(e, at: .finite(a, fromBelow: false), twoSided: false)
            let below = evaluator.result(e, at: .finite(a, fromBelow: true), twoSided: false)
            return evaluator.combine(above: above, below: below)
        }
    }
}

/// Computes limits from series for one variable, coefficient ring and expression.
struct LimitEvaluator {
    let variable: Symbol
    let ring: SeriesCoefficientRing

    enum Outcome {
        case value(LimitResult)
        /// The two sides behave differently; compute them separately.
        case needsOneSided
    }

    /// A one-sided (or unproblematic two-sided) limit.
    func result(_ e: Expr, at location: SeriesLocation, twoSided: Bool) -> LimitResult {
        switch evaluate(e, at: location, twoSided: twoSided) {
        case .value(let r): return r
        case .needsOneSided: return .unknown(reason: "the expansion differs on the two sides of the point")
        }
    }

    func evaluate(_ e: Expr, at location: SeriesLocation, twoSided: Bool) -> Outcome {
        do {
            let (r, _) = try SeriesExpander.run(variable: variable, location: location, twoSided: twoSided,
                                                ring: ring) { expander in
                do {
                    return try limit(of: e, with: &expander)
                } catch let error as SeriesError {
                    guard case .essentialSingularity = error else { throw error }
                    if let r = try dominance(e, with: &expander) { return r }
                    throw error
                }
            }
            return .value(r)
        } catch {
            let s = SeriesError.wrap(error, in: e)
            if case .needsOneSidedExpansion = s { return .needsOneSided }
            return .value(.unknown(reason: s.description))
        }
    }

    /// The limit from the terms of the series up to h^0.
    func limit(of e: Expr, with expander: inout SeriesExpander) throws -> LimitResult {
        let s = try expander.expand(e, to: 1)
        if s.valuation < 0 {
            for k in s.valuation..<0 {
                let c = s.coefficient(at: k)
                if c.isZero { continue }
                switch ring.isZero(c) {
                case .some(true):
                    continue
                case .none:
                    return .unknown(reason: "cannot decide whether the coefficient \(c.debugDescription) of "
                                    + "\(expander.powerName(k)) is zero")
                case .some(false):
                    if expander.twoSided && k % 2 != 0 {
                        return .doesNotExist(reason: "a pole of odd order: the one-sided limits are +inf and -inf")
                    }
                    switch ring.sign(c) {
                    case .some(1): return .positiveInfinity
                    case .some(-1): return .negativeInfinity
                    default:
                        return .unknown(reason: "the expression tends to ±inf but the sign of "
                                        + "\(c.debugDescription) is not known")
                    }
                }
            }
        }
        let value = s.coefficient(at: 0)
        return .finite(ring.isZero(value) == true ? .zero : value)
    }

    /// The exponential dominance rule for `exp(U) · R` (see the notes atop this file), or
    /// `nil` when it does not apply.
    func dominance(_ e: Expr, with expander: inout SeriesExpander) throws -> LimitResult? {
        let factors: [Expr]
        if case .product(let fs) = e.kind { factors = fs } else { factors = [e] }
        var exponents: [Expr] = [], rest: [Expr] = []
        for f in factors {
            if case .call(.builtin(.exp), let args) = f.kind, args.count == 1, try expander.depends(args[0]) {
                exponents.append(args[0])
            } else {
                rest.append(f)
            }
        }
        if exponents.isEmpty { return nil }
        let u = try ring.sum(exponents)
        let r = rest.isEmpty ? Expr.one : try Normalizer.product(rest, limits: ring.limits)
        let (v, c) = try expander.leadingTerm(u)
        if v >= 0 { return nil }
        let d = try expander.directionOfTerm(exponent: v, coefficient: c, in: e)
        if d < 0 {
            // exp(U) is exponentially small: the series engine handles the merged product.
            let merged = try Normalizer.product([try ring.call(.exp, u), r], limits: ring.limits)
            return try limit(of: merged, with: &expander)
        }
        // exp(U) → +∞ faster than any power of h; R ~ c_R h^k.
        let (k, cR) = try expander.leadingTerm(r)
        let sign = try expander.directionOfTerm(exponent: k, coefficient: cR, in: e)
        return sign > 0 ? .positiveInfinity : .negativeInfinity
    }

    /// The two-sided limit from the one-sided ones.
    func combine(above: LimitResult, below: LimitResult) -> LimitResult {
        for r in [above, below] {
            if case .doesNotExist = r { return r }
        }
        for r in [above, below] {
            if case .unknown = r { return r }
        }
        let differ = LimitResult.doesNotExist(reason: "the limit from above is \(above.debugDescription), "
                                              + "from below \(below.debugDescription)")
        switch above {
        case .positiveInfinity:
            if case .positiveInfinity = below { return above }
            return differ
        case .negativeInfinity:
            if case .negativeInfinity = below { return above }
            return differ
        case .finite(let a):
            guard case .finite(let b) = below else { return differ }
            if a == b { return above }
            let difference: Expr
            do { difference = try ring.sum([a, try ring.negate(b)]) } catch {
                return .unknown(reason: SeriesError.wrap(error, in: a).description)
            }
            switch ring.isZero(difference) {
            case .some(true): return above
            case .some(false): return differ
            case .none:
                return .unknown(reason: "cannot decide whether the one-sided limits \(a.debugDescription) and "
                                + "\(b.debugDescription) agree")
            }
        case .doesNotExist, .unknown:
            return above
        }
    }
}

/// Rewrites `exp(a)·exp(b)·…` as `exp(a + b + …)` in every product (an identity for real
/// arguments), so that competing exponentials are compared as one exponent.
struct ExponentialMerger {
    let limits: Limits
    private var memo: [Expr: Expr] = [:]

    init(limits: Limits) {
        self.limits = limits
    }

    mutating func merge(_ e: Expr) throws -> Expr {
        if let m = memo[e] { return m }
        var copy = self
        let mapped = try e.mapChildren { child in try copy.merge(child) }
        memo = copy.memo
        var result = try Normalizer.rebuild(mapped, limits: limits)
        if case .product(let factors) = result.kind {
            var arguments: [Expr] = [], rest: [Expr] = []
            for f in factors {
                if case .call(.builtin(.exp), let args) = f.kind, args.count == 1 {
                    arguments.append(args[0])
                } else {
                    rest.append(f)
                }
            }
            if arguments.count >= 2 {
                let merged = try Normalizer.call(.builtin(.exp), [try Normalizer.sum(arguments, limits: limits)],
                                                 limits: limits)
                result = try Normalizer.product(rest + [merged], limits: limits)
            }
        }
        memo[e] = result
        return result
    }
}
