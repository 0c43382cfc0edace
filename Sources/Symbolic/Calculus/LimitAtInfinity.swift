// Limits at ±∞ as a rewrite rule and as a numeric value.
//
// Implementation notes
// --------------------
// `lim_{t -> inf}[body]` and `lim_{t -> -inf}[body]` are decided by `Expr.limit` (series in
// h = 1/t with exponential dominance, see `Limit.swift`), first on the body as given and then
// with every `log(c·exp(u) + r)` whose u → +∞ written `u + log c + log(1 + r·exp(−u)/c)`
// (the series engine has no expansion for a sum with a growing exponential, which is what
// the canonical form of log σ(t) = t − log(exp(t) + 1) contains): a finite limit rewrites the
// operator to its value; ±∞, "does not exist" and "unknown" leave it alone (the step stays
// undecided rather than being compared with a guess). Limits at finite points are not
// rewritten here.
//
// Numerically the limit is estimated along t = ±2^k, k = 0, 1, …, 1023: the value is
// reported once three consecutive values agree to 1e-12 relative to the value (exact zeros
// included), and 0 is reported once the values are below 1e-30 of the largest seen and still
// decaying like a power of t (a constant ratio ≤ 0.95 per doubling, three times in a row:
// 1/t, t^(-1/2)), so a limit of 1e-13 is 1e-13, never rounded to 0; a body that overflows, is undefined from some k on, or has not settled by then makes
// evaluation throw, so a step about it is never agreed with by a guess. Numbers only refute.

extension RewriteRule {
    /// `lim_{t -> ±inf}[body]` = its value when `Expr.limit` finds a finite one.
    public static let limitAtInfinity = RewriteRule(
        computed: "limit-at-infinity",
        summary: "lim_{t -> inf}[f] and lim_{t -> -inf}[f] by series in 1/t (exponentially small terms vanish)",
        heads: ["big:lim"]
    ) { e, context in
        guard case .bigOperator(let op) = e.kind, let (t, sign) = LimitAtInfinity.binding(op) else { return nil }
        let point: Expr = sign > 0 ? Expr(.constant(.infinity)) : Expr(.constant(.infinity)).negated()
        for body in [op.body, LimitAtInfinity.factoringDominantExponentials(op.body, t, point, context)] {
            switch body.limit(as: t, approaches: point, assumptions: context.assumptions, limits: context.limits) {
            case .finite(let value): return value
            case .positiveInfinity, .negativeInfinity, .doesNotExist, .unknown: continue
            }
        }
        return nil
    }
}

/// Limits at ±∞: recognising them and estimating them numerically.
public enum LimitAtInfinity {
    /// The variable and the sign of the point (+1 for `inf`, −1 for `-inf`) of a
    /// `lim_{t -> ±inf}[…]`; `nil` for any other operator.
    public static func binding(_ op: BigOperator) -> (Symbol, Int)? {
        guard op.name == "lim", op.bindings.count == 1, op.bindings[0].relation == .tendsTo,
              let t = op.bindings[0].subject.symbolValue, let point = op.bindings[0].value else { return nil }
        if case .constant(.infinity) = point.kind { return (t, 1) }
        if case .product(let fs) = point.kind, fs.count == 2, fs[0].numberValue == .minusOne,
           case .constant(.infinity) = fs[1].kind { return (t, -1) }
        if case .product(let fs) = point.kind, fs.count == 2, fs[1].numberValue == .minusOne,
           case .constant(.infinity) = fs[0].kind { return (t, -1) }
        return nil
    }

    /// `log(c·exp(u) + r)` with u → +∞ and a number c > 0 rewritten as
    /// `u + log(c) + log(1 + r·exp(−u)/c)` (exact where the log is defined, since c·exp(u) > 0),
    /// so the growing exponential leaves the sum and the series engine sees only decaying ones.
    static func factoringDominantExponentials(_ e: Expr, _ t: Symbol, _ point: Expr, _ context: RuleContext) -> Expr {
        func grows(_ u: Expr) -> Bool {
            if case .positiveInfinity = u.limit(as: t, approaches: point, assumptions: context.assumptions, limits: context.limits) { return true }
            return false
        }
        func walk(_ x: Expr) -> Expr {
            let inner = x.children.isEmpty ? x : x.mapChildren(walk)
            guard case .call(.builtin(.log), let args) = inner.kind, args.count == 1,
                  case .sum(let terms) = args[0].kind else { return inner }
            for (i, term) in terms.enumerated() {
                let (c, m) = ExprOrder.coefficientAndMonomial(term)
                guard c.signum() > 0, case .call(.builtin(.exp), let ea) = m.kind, ea.count == 1, grows(ea[0]) else { continue }
                var rest = terms
                rest.remove(at: i)
                let coefficient = Expr.number(c)
                let ratio = Expr.sum(rest) * .call(.exp, ea[0].negated()) / coefficient
                return .sum([ea[0], .call(.log, coefficient), .call(.log, .one + ratio)])
            }
            return inner
        }
        return walk(e)
    }

    /// The limit estimated along t = ±2^k (see the file notes).
    public static func numericValue(_ op: BigOperator, at env: Environment) throws(EvaluationError) -> Double {
        guard let (t, sign) = binding(op) else { throw .unsupported("lim only at inf or -inf is evaluated numerically") }
        var recent: [Double] = []
        var largest = 0.0
        var local = env
        for k in 0...1023 {
            local.values[t] = Double(sign) * Double(sign: .plus, exponent: k, significand: 1)
            guard let v = try? op.body.evaluate(at: local), v.isFinite else {
                recent.removeAll()
                continue
            }
            largest = max(largest, abs(v))
            recent.append(v)
            if recent.count > 4 { recent.removeFirst() }
            guard recent.count >= 3 else { continue }
            // Settled: the last three values agree to 1e-12 relative to the value itself
            // (three zeros agree exactly).
            if recent.suffix(3).allSatisfy({ abs($0 - v) <= 1e-12 * abs(v) }) { return v }
            // Vanishing: below 1e-30 of the largest value seen and still decaying like a power
            // of t — the magnitude falls by a constant ratio q ≤ 0.95 (within 5%) at each of
            // the last three doublings. A value levelling off at some c ≠ 0 stops decaying
            // geometrically long before, so it settles on c instead (and c < 1e-30 here).
            if recent.count == 4, abs(v) <= 1e-30 * max(1, largest) {
                let ratios = zip(recent.dropFirst(), recent).map { abs($0.0) / abs($0.1) }
                if let hi = ratios.max(), let lo = ratios.min(), hi <= 0.95, hi - lo <= 0.05 * hi { return 0 }
            }
        }
        throw .unsupported("lim_{\(t.name) -> \(sign > 0 ? "inf" : "-inf")}: the values along \(t.name) = \(sign > 0 ? "" : "-")2^k did not settle")
    }

    /// A numeric handler for `lim` at ±∞ that passes every other big operator to `next`.
    public static func handler(next: BigOperatorHandler?) -> BigOperatorHandler {
        return { op, env throws(EvaluationError) -> Double in
            if binding(op) != nil { return try numericValue(op, at: env) }
            if let next { return try next(op, env) }
            throw .unsupported("big operator \(op.name) (no numeric handler)")
        }
    }
}
