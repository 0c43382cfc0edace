// Finite sums with symbolic bounds: closed forms (Faulhaber, geometric) and numeric values.
//
// Implementation notes
// --------------------
// `sum_{i = a..b}[body]` with bounds that are not numbers is put in closed form when the body,
// in rational normal form, has a denominator free of i and a numerator whose every term is
// `c · i^k` (c free of i, k a natural number) or `c · r^(a·i + b)` / `c · exp(a·i + b)` (r, a, b
// free of i; such factors multiply into one ratio, and then no power of i may appear); factors
// of the denominator that depend on i must be of that geometric kind too. With S_k(m) = Σ_{i=0}^{m-1} i^k — Faulhaber's polynomial
// (1/(k+1)) Σ_{j=0}^{k} C(k+1, j) B_j m^(k+1-j), Bernoulli numbers with B_1 = -1/2, and
// S_0(m) = m since the polynomial view takes i^0 = 1 — the sum is S_k(b + 1) − S_k(a).
// A geometric term sums to c · (r^(b+1) − r^a)/(r − 1).
//
// Both telescoping identities hold for integers a and b with b ≥ a − 1 (b = a − 1 is the empty
// sum); the geometric one also needs r ≠ 1. These conditions are proved from the
// assumptions before the rule fires; when one cannot be proved the rule does not apply (the
// step then stays undecided or goes to the numbers — it is never silently assumed).
//
// Numerically, a sum or product whose bounds evaluate to integers is evaluated term by term
// (at most `FiniteSums.maxNumericTerms` terms; more throws and says so).

extension RewriteRule {
    /// `sum_{i = a..b}[Σ c·i^k + Σ c·r^i] = Faulhaber and geometric closed forms`, for
    /// integer bounds with b ≥ a − 1 (and r ≠ 1), each proved from the assumptions.
    public static let sumClosedForm = RewriteRule(
        computed: "sum-closed-form",
        summary: "sum_{i = a..b}[i^k] and sum_{i = a..b}[r^i] in closed form (Faulhaber; geometric when r != 1) for integers b >= a - 1",
        heads: ["big:sum"]
    ) { e, context in
        guard case .bigOperator(let op) = e.kind else { return nil }
        return FiniteSums.closedForm(op, assumptions: context.assumptions, limits: context.limits)
    }
}

/// Finite sums `sum_{i = a..b}[…]` and products `prod_{i = a..b}[…]`: closed forms and
/// numeric values.
public enum FiniteSums {
    /// The most terms a sum or product is evaluated with numerically.
    public static let maxNumericTerms = 100_000
    /// The highest power of the index put in closed form.
    public static let maxDegree = 32

    /// The index and bounds of `sum_{i = a..b}` / `prod_{i = a..b}`, or `nil`.
    public static func indexAndBounds(_ op: BigOperator) -> (index: Symbol, lower: Expr, upper: Expr)? {
        guard op.name == "sum" || op.name == "prod", op.bindings.count == 1 else { return nil }
        let b = op.bindings[0]
        guard b.relation == .equals || b.relation == .member, let i = b.subject.symbolValue,
              let v = b.value, case .range(let lo, let hi) = v.kind else { return nil }
        return (i, lo, hi)
    }

    /// The closed form of a sum, or `nil` when the body has no supported shape or a condition
    /// of the identities (integer bounds, b ≥ a − 1, r ≠ 1) cannot be proved.
    public static func closedForm(_ op: BigOperator, assumptions: Assumptions, limits: Limits) -> Expr? {
        guard op.name == "sum", let (i, lo, hi) = indexAndBounds(op),
              !lo.contains(i), !hi.contains(i) else { return nil }
        // Integer bounds with at least the empty range.
        guard assumptions.prove(lo, is: .integer) == .proved, assumptions.prove(hi, is: .integer) == .proved,
              assumptions.prove(hi - lo + .one, is: .nonnegative) == .proved else { return nil }
        guard let nf = try? op.body.rationalNormalForm(limits: limits) else { return nil }
        // Denominator factors that depend on i must be geometric (`exp(q*i)`); their
        // reciprocals join every numerator term.
        let denominatorFactors: [Expr]
        if case .product(let fs) = nf.denominator.kind { denominatorFactors = fs } else { denominatorFactors = [nf.denominator] }
        var reciprocals: [Expr] = [], constantDenominator: [Expr] = []
        for f in denominatorFactors {
            if !f.contains(i) { constantDenominator.append(f); continue }
            guard geometric(f, in: i) != nil else { return nil }
            reciprocals.append(.power(f, .minusOne))
        }
        let terms: [Expr]
        if case .sum(let items) = nf.numerator.kind { terms = items } else { terms = [nf.numerator] }
        var out: [Expr] = []
        for term in terms {
            var factors: [Expr]
            if case .product(let fs) = term.kind { factors = fs } else { factors = [term] }
            factors += reciprocals
            guard let piece = sumOfTerm(factors, index: i, lower: lo, upper: hi, assumptions: assumptions) else { return nil }
            out.append(piece)
        }
        let total: Expr = out.isEmpty ? .zero : .sum(out)
        let denominator: Expr = constantDenominator.isEmpty ? .one : .product(constantDenominator)
        let result = denominator.isOne ? total : .product([total, .power(denominator, .minusOne)])
        return try? result.canonicalized(limits: limits)
    }

    /// Σ_{i=lo}^{hi} of one term, given by its factors: `c · i^k` or `c · r^i`.
    private static func sumOfTerm(_ factors: [Expr], index i: Symbol, lower lo: Expr, upper hi: Expr,
                                  assumptions: Assumptions) -> Expr? {
        var coefficient: [Expr] = []
        var degree = 0
        var ratio: Expr?
        for f in factors {
            if !f.contains(i) { coefficient.append(f); continue }
            if f.symbolValue == i { degree += 1; continue }
            if case .power(let base, let exponent) = f.kind, base.symbolValue == i,
               let k = exponent.numberValue, k.isInteger, let n = k.asInt, n > 0 {
                degree += n
            } else if let (r, c) = geometric(f, in: i) {
                ratio = ratio.map { .product([$0, r]) } ?? r
                if let c { coefficient.append(c) }
            } else {
                return nil
            }
        }
        let c: Expr = coefficient.isEmpty ? .one : .product(coefficient)
        if let r = ratio {
            guard degree == 0, assumptions.prove(r - .one, is: .nonzero) == .proved else { return nil }
            let numerator = Expr.power(r, hi + .one) - .power(r, lo)
            return .product([c, numerator, .power(r - .one, .minusOne)])
        }
        guard degree <= maxDegree, let s = faulhaber(degree) else { return nil }
        return .product([c, s(hi + .one) - s(lo)])
    }

    /// A factor `r^(a*i + b)`, `exp(a*i + b)` or an integer power of one, as its ratio
    /// (`r^a`, `exp(a)`) and the constant factor (`r^b`, `exp(b)`; `nil` for 1).
    static func geometric(_ f: Expr, in i: Symbol) -> (Expr, Expr?)? {
        switch f.kind {
        case .power(let base, let exponent):
            if !base.contains(i), let (a, b) = linear(exponent, in: i) {
                return (a.numberValue == .one ? base : .power(base, a), b.isZero ? nil : .power(base, b))
            }
            if let k = exponent.numberValue, k.isInteger, !exponent.contains(i), let (r, c) = geometric(base, in: i) {
                return (.power(r, exponent), c.map { .power($0, exponent) })
            }
            return nil
        case .call(.builtin(.exp), let args) where args.count == 1:
            guard let (a, b) = linear(args[0], in: i) else { return nil }
            return (.call(.exp, a), b.isZero ? nil : .call(.exp, b))
        case .number, .symbol, .constant, .sum, .product, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }

    /// `e` as `a*i + b` with a and b free of i, a ≠ 0; `nil` otherwise.
    static func linear(_ e: Expr, in i: Symbol) -> (Expr, Expr)? {
        let terms: [Expr]
        if case .sum(let items) = e.kind { terms = items } else { terms = [e] }
        var a: [Expr] = [], b: [Expr] = []
        for t in terms {
            if !t.contains(i) { b.append(t); continue }
            if t.symbolValue == i { a.append(.one); continue }
            guard case .product(let fs) = t.kind else { return nil }
            let rest = fs.filter { $0.symbolValue != i }
            guard rest.count == fs.count - 1, !rest.contains(where: { $0.contains(i) }) else { return nil }
            a.append(rest.count == 1 ? rest[0] : .product(rest))
        }
        guard !a.isEmpty else { return nil }
        func total(_ xs: [Expr]) -> Expr { xs.isEmpty ? .zero : (xs.count == 1 ? xs[0] : .sum(xs)) }
        return (total(a), total(b))
    }

    /// S_k(m) = Σ_{i=0}^{m-1} i^k as a function building the polynomial in m.
    static func faulhaber(_ k: Int) -> ((Expr) -> Expr)? {
        if k == 0 { return { $0 } }
        let b = bernoulli(upTo: k)
        var coefficients: [(Rational, Int)] = []
        var binomial = Rational.one // C(k+1, j)
        guard let scale = Rational(1, k + 1) else { return nil }
        for j in 0...k {
            coefficients.append((scale * binomial * b[j], k + 1 - j))
            guard let next = (binomial * Rational(k + 1 - j)).dividing(by: Rational(j + 1)) else { return nil }
            binomial = next
        }
        return { m in
            .sum(coefficients.filter { !$0.0.isZero }.map { .product([.number($0.0), .power(m, .integer($0.1))]) })
        }
    }

    /// Bernoulli numbers B_0 … B_n with B_1 = −1/2 (Σ_{j=0}^{m} C(m+1, j) B_j = 0 for m ≥ 1).
    static func bernoulli(upTo n: Int) -> [Rational] {
        var b: [Rational] = [.one]
        if n == 0 { return b }
        for m in 1...n {
            var s = Rational.zero
            var binomial = Rational.one // C(m+1, j)
            for j in 0..<m {
                s += binomial * b[j]
                binomial = (binomial * Rational(m + 1 - j)).dividing(by: Rational(j + 1)) ?? .zero
            }
            b.append((s * Rational(-1)).dividing(by: Rational(m + 1)) ?? .zero)
        }
        return b
    }

    /// A handler evaluating `sum`/`prod` with bounds that evaluate to integers term by term,
    /// passing every other big operator to `next`.
    public static func handler(next: BigOperatorHandler?) -> BigOperatorHandler {
        return { op, env throws(EvaluationError) -> Double in
            guard let (i, lo, hi) = indexAndBounds(op) else {
                if let next { return try next(op, env) }
                throw .unsupported("big operator \(op.name) (no numeric handler)")
            }
            return try evaluate(op.name == "prod", op.body, index: i, lower: lo, upper: hi, env)
        }
    }

    static func evaluate(_ isProduct: Bool, _ body: Expr, index: Symbol, lower: Expr, upper: Expr,
                         _ env: Environment) throws(EvaluationError) -> Double {
        let a = try lower.evaluate(at: env), b = try upper.evaluate(at: env)
        guard a.isFinite, b.isFinite, a.rounded() == a, b.rounded() == b else {
            throw .unsupported("the bounds of a finite \(isProduct ? "product" : "sum") are not integers (\(a)..\(b))")
        }
        let count = b - a + 1
        if count > Double(maxNumericTerms) {
            throw .limitExceeded(LimitExceeded(limit: "maxNumericTerms of a finite sum", requested: count >= 9e18 ? Int.max : Int(count), maximum: maxNumericTerms))
        }
        var result = isProduct ? 1.0 : 0.0
        if count <= 0 { return result }
        var e = env
        var k = a
        while k <= b {
            e.values[index] = k
            let v = try body.evaluate(at: e)
            if isProduct { result *= v } else { result += v }
            k += 1
        }
        return result
    }
}
