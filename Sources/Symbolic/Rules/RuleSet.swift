// The built-in rule tables.

private let a = Expr.hole("a"), b = Expr.hole("b"), c = Expr.hole("c"), x = Expr.hole("x")
private let half = Expr.number(Rational(1, 2)!)

/// A named group of rewrite rules.
public struct RuleSet: Sendable {
    /// The group's name (`exp-log`, `powers`, …).
    public let name: String
    /// The rules, in the order they are tried.
    public let rules: [RewriteRule]

    /// Creates a rule set.
    public init(name: String, rules: [RewriteRule]) {
        self.name = name
        self.rules = rules
    }

    /// Logarithms and exponentials. The log rules need positive arguments: `log(a*b)` is
    /// `log(a) + log(b)` only when a, b > 0 (for a, b < 0 the left side is defined and the
    /// right is not).
    public static let expLog = RuleSet(name: "exp-log", rules: [
        makeRule("log-product", .call(.log, a * b), .call(.log, a) + .call(.log, b), when: [.positive(a), .positive(b)]),
        makeRule("log-quotient", .call(.log, a / b), .call(.log, a) - .call(.log, b), when: [.positive(a), .positive(b)]),
        makeRule("log-power", .call(.log, .power(a, b)), b * .call(.log, a), when: [.positive(a)]),
        makeRule("exp-sum", .call(.exp, a + b), .call(.exp, a) * .call(.exp, b)),
        RewriteRule(computed: "log-expand", summary: "log(c * f1^e1 * ... * fn^en) = log|c| + sum ei*log(si*fi) when every factor's sign si is known and the product is positive", heads: ["call:log"]) { e, context in
            expandLog(e, context: context)
        },
        makeRule("exp-log-power", .call(.exp, b * .call(.log, a)), .power(a, b), when: [.positive(a)]),
    ])

    /// Rules that only run when a step cites them, because the default strategy would undo
    /// them (`power-as-exp` is the reverse of `exp-log-power`).
    public static let onRequest = RuleSet(name: "on-request", rules: [
        makeRule("power-as-exp", .power(a, b), .call(.exp, b * .call(.log, a)), when: [.positive(a)]),
    ])

    /// Powers and radicals.
    public static let powers = RuleSet(name: "powers", rules: [
        makeRule("power-of-power", .power(.power(x, a), b), .power(x, a * b), when: [.positive(x)]),
        makeRule("power-of-product", .power(a * b, c), .power(a, c) * .power(b, c), when: [.positive(a), .positive(b)]),
        makeRule("sqrt-square", .power(.power(x, 2), half), .call(.abs, x)),
        makeRule("sqrt-of-square-nonneg", .power(.power(x, 2), half), x, when: [.nonnegative(x)]),
        makeRule("zero-power", .power(.zero, x), .zero, when: [.positive(x)]),
        RewriteRule(computed: "minus-one-power", summary: "(-1)^(2*k) = 1 and (-1)^(2*k + 1) = -1 for integers k", heads: ["power"]) { e, context in
            minusOnePower(e, context: context)
        },
    ])

    /// Absolute value, sign, min and max.
    public static let absSign = RuleSet(name: "abs-sign", rules: [
        RewriteRule(computed: "abs-product", summary: "abs(a*b) = abs(a)*abs(b), abs(a^k) = abs(a)^k for odd k and a^k for even k (for all reals)", heads: ["call:abs"]) { e, _ in
            absOfProduct(e)
        },
        makeRule("abs-nonnegative", .call(.abs, x), x, when: [.nonnegative(x)]),
        makeRule("abs-nonpositive", .call(.abs, x), x.negated(), when: [.nonpositive(x)]),
        makeRule("sign-positive", .call(.sign, x), .one, when: [.positive(x)]),
        makeRule("sign-negative", .call(.sign, x), .minusOne, when: [Condition(.negative, x)]),
        makeRule("max-left", Expr(.call(.builtin(.max), [a, b])), a, when: [.nonnegative(a - b)]),
        makeRule("max-right", Expr(.call(.builtin(.max), [a, b])), b, when: [.nonnegative(b - a)]),
        makeRule("min-left", Expr(.call(.builtin(.min), [a, b])), a, when: [.nonpositive(a - b)]),
        makeRule("min-right", Expr(.call(.builtin(.min), [a, b])), b, when: [.nonpositive(b - a)]),
    ])

    /// Trigonometric identities: Pythagoras, angle sums, multiple angles, tan.
    public static let trigonometric = RuleSet(name: "trigonometric", rules: [
        makeRule("pythagorean", .power(.call(.sin, x), 2) + .power(.call(.cos, x), 2), .one),
        makeRule("sin-sum", .call(.sin, a + b), .call(.sin, a) * .call(.cos, b) + .call(.cos, a) * .call(.sin, b)),
        makeRule("cos-sum", .call(.cos, a + b), .call(.cos, a) * .call(.cos, b) - .call(.sin, a) * .call(.sin, b)),
        RewriteRule(computed: "multiple-angle", summary: "sin(n x) and cos(n x) for integer n >= 2 by the angle-sum formulas", heads: ["call:sin", "call:cos"]) { e, context in
            multipleAngle(e, limits: context.limits)
        },
        makeRule("tan-definition", .call(.tan, x), .call(.sin, x) / .call(.cos, x)),
        makeRule("cosh-sinh-identity", .power(.call(.cosh, x), 2) - .power(.call(.sinh, x), 2), .one),
    ])

    /// Identities of special functions.
    public static let special = RuleSet(name: "special-functions", rules: [
        makeRule("lambertw-log", .call(.log, .call(.lambertw, x)), .call(.log, x) - .call(.lambertw, x), when: [.positive(x)]),
        makeRule("lambertw-exp", .call(.exp, .call(.lambertw, x)), x / .call(.lambertw, x), when: [.nonzero(x)]),
        makeRule("lambertw-product", .call(.lambertw, x) * .call(.exp, .call(.lambertw, x)), x),
    ])

    /// Definitions of the functions that are not primitive for the normal form, in terms of
    /// exp and log. Always valid: they are the definitions.
    public static let definitions = RuleSet(name: "definitions", rules: [
        makeRule("sigmoid-definition", .call(.sigmoid, x), .one / (.one + .call(.exp, x.negated()))),
        makeRule("softplus-definition", .call(.softplus, x), .call(.log, .one + .call(.exp, x))),
        makeRule("tanh-definition", .call(.tanh, x),
             (.call(.exp, 2 * x) - .one) / (.call(.exp, 2 * x) + .one)),
        makeRule("sinh-definition", .call(.sinh, x), (.call(.exp, x) - .call(.exp, x.negated())) * half),
        makeRule("cosh-definition", .call(.cosh, x), (.call(.exp, x) + .call(.exp, x.negated())) * half),
    ])

    /// The rule sets the default strategy tries, in order.
    public static let standard: [RuleSet] = [.definitions, .expLog, .powers, .absSign, .trigonometric, .special, .limits, .sums]

    /// Finite sums with symbolic bounds in closed form.
    public static let sums = RuleSet(name: "sums", rules: [.sumClosedForm])

    /// Limits of big operators `lim_{t -> ±inf}[…]`.
    public static let limits = RuleSet(name: "limits", rules: [.limitAtInfinity])

    /// The rules of `standard`, in order (computed once).
    public static let standardRules: [RewriteRule] = standard.flatMap(\.rules)

    /// Every built-in rule set, including those that run only on request.
    public static let all: [RuleSet] = standard + [.onRequest]

    /// Every built-in rule.
    public static var allRules: [RewriteRule] { all.flatMap(\.rules) }

    /// The built-in rule with this name, if any.
    public static func rule(named name: String) -> RewriteRule? {
        allRules.first { $0.name == name }
    }

    /// The rule set with this name, if any.
    public static func set(named name: String) -> RuleSet? {
        all.first { $0.name == name }
    }
}

/// `sin(n u)` / `cos(n u)` for an integer n ≥ 2 (or ≤ −2, by parity) as `sin((n−1)u + u)`.
private func multipleAngle(_ e: Expr, limits: Limits) -> Expr? {
    guard case .call(.builtin(let f), let args) = e.kind, f == .sin || f == .cos, args.count == 1 else { return nil }
    guard case .product(let fs) = args[0].kind, let k = fs[0].numberValue, k.isInteger,
          let n = k.asInt, n >= 2, n <= min(limits.maxOrder, 64) else { return nil }
    let rest = fs.count == 2 ? fs[1] : Expr.product(Array(fs.dropFirst()))
    let smaller = Expr.product([.integer(n - 1), rest])
    if f == .sin {
        return .call(.sin, smaller) * .call(.cos, rest) + .call(.cos, smaller) * .call(.sin, rest)
    }
    return .call(.cos, smaller) * .call(.cos, rest) - .call(.sin, smaller) * .call(.sin, rest)
}

/// `log(c · Π fᵢ^eᵢ)` as `log|c| + Σ eᵢ log(sᵢ fᵢ)` when every base has a proved sign sᵢ
/// (non-integer exponents need a positive base) and the whole product is positive.
private func expandLog(_ e: Expr, context: RuleContext) -> Expr? {
    guard case .call(.builtin(.log), let args) = e.kind, args.count == 1 else { return nil }
    let u = args[0]
    var factors: [Expr]
    switch u.kind {
    case .product(let fs): factors = fs
    case .power: factors = [u]
    case .sum:
        // A sum may factor once brought over a common denominator (2 - 2/(1+s) = 2s/(1+s))
        // or by taking out its common monomial factor (2 pi - 2 pi rho^2 = 2 pi (1 - rho^2)).
        // The pieces are kept apart (the canonical form would distribute 1/2 over P + Q again).
        guard let rnf = try? RationalNormalForm(u, limits: context.limits) else { return nil }
        let (nf, nr) = commonMonomialFactor(rnf.numerator)
        let (df, dr) = commonMonomialFactor(rnf.denominator)
        factors = []
        func add(_ x: Expr, inverted: Bool) {
            if x.isOne { return }
            if case .product(let fs) = x.kind {
                for f in fs { add(f, inverted: inverted) }
                return
            }
            if !inverted { factors.append(x); return }
            if let r = x.numberValue, let inverse = r.reciprocal { factors.append(.number(inverse)); return }
            let (b, e) = ExprOrder.baseAndExponent(x)
            factors.append(.power(b, (try? e.negated().canonicalized(limits: context.limits)) ?? e.negated()))
        }
        add(nf, inverted: false)
        add(nr, inverted: false)
        add(df, inverted: true)
        add(dr, inverted: true)
        if factors.isEmpty { return nil }
    case .number, .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
        return nil
    }
    var sign = 1
    var terms: [Expr] = []
    for f in factors {
        if let c = f.numberValue {
            if c.isNegative { sign = -sign }
            let m = c.magnitude
            if !m.isOne { terms.append(.call(.log, .number(m))) }
            continue
        }
        let (base, exponent) = ExprOrder.baseAndExponent(f)
        let positive = context.assumptions.prove(base, is: .positive) == .proved
        let negative = !positive && context.assumptions.prove(base, is: .negative) == .proved
        guard positive || negative else { return nil }
        if negative {
            guard let k = exponent.numberValue, k.isInteger else { return nil }
            if !k.numerator.isEven { sign = -sign }
            terms.append(exponent * .call(.log, base.negated()))
        } else {
            terms.append(exponent * .call(.log, base))
        }
    }
    guard sign == 1 else { return nil }
    // Only fire when it splits something: a single positive base with exponent 1 is log itself.
    if terms.count == 1, factors.count == 1, factors[0] == u, ExprOrder.baseAndExponent(u).1.isOne { return nil }
    return terms.isEmpty ? .zero : .sum(terms)
}

/// Splits a canonical sum into (common monomial factor, the rest): the gcd of the numeric
/// coefficients and, for each base occurring in every term with a numeric exponent, its
/// smallest exponent. A non-sum is its own factor with rest 1.
func commonMonomialFactor(_ e: Expr) -> (Expr, Expr) {
    guard case .sum(let terms) = e.kind, terms.count >= 2 else { return (e, .one) }
    var numerators: BigInt?
    var denominators: BigInt = .one
    var common: [Expr: Rational]?
    for t in terms {
        let (c, m) = ExprOrder.coefficientAndMonomial(t)
        numerators = numerators.map { BigInt.gcd($0, c.numerator) } ?? c.numerator.magnitude
        denominators = BigInt.lcm(denominators, c.denominator)
        var powers: [Expr: Rational] = [:]
        let factors: [Expr]
        if m.isOne { factors = [] } else if case .product(let fs) = m.kind { factors = fs } else { factors = [m] }
        for f in factors {
            let (b, x) = ExprOrder.baseAndExponent(f)
            if let k = x.numberValue, k.signum() > 0 { powers[b] = k }
        }
        if let existing = common {
            var next: [Expr: Rational] = [:]
            for (b, k) in existing { if let k2 = powers[b] { next[b] = k < k2 ? k : k2 } }
            common = next
        } else {
            common = powers
        }
    }
    guard let g = numerators, !g.isZero, let coefficient = Rational(numerator: g, denominator: denominators) else { return (.one, e) }
    var factor: [Expr] = [.number(coefficient)]
    for (b, k) in (common ?? [:]).sorted(by: { ExprOrder.compare($0.key, $1.key) < 0 }) { factor.append(.power(b, .number(k))) }
    let factorExpr = Expr.product(factor)
    guard let f = try? factorExpr.canonicalized(), !f.isOne,
          let rest = try? RationalNormalForm(e / f).expr else { return (.one, e) }
    return (f, rest)
}

/// `abs(f1*…*fn)` as `abs(f1)*…*abs(fn)`, `abs(b^k)` as `abs(b)^k` for odd k and `b^k` for even k:
/// identities of real numbers with no condition (both sides are defined at the same points).
/// Numbers leave the absolute value as their magnitude.
func absOfProduct(_ e: Expr) -> Expr? {
    guard case .call(.builtin(.abs), let args) = e.kind, args.count == 1 else { return nil }
    func absolute(_ f: Expr) -> Expr {
        if let r = f.numberValue { return .number(r < .zero ? -r : r) }
        return .call(.abs, f)
    }
    switch args[0].kind {
    case .product(let factors) where factors.count >= 2:
        return .product(factors.map(absolute))
    case .power(let base, let exponent):
        guard let k = exponent.numberValue, k.isInteger, base.numberValue == nil else { return nil }
        // An even power is already nonnegative.
        if let n = k.numerator.asInt, n % 2 == 0 { return args[0] }
        return .power(.call(.abs, base), exponent)
    case .number, .symbol, .constant, .sum, .product, .call, .derivative, .bigOperator, .list, .subscripted, .range:
        return nil
    }
}

/// `(-1)^e` as 1 or −1 when `e/2` or `(e − 1)/2` is provably an integer.
func minusOnePower(_ e: Expr, context: RuleContext) -> Expr? {
    guard case .power(let base, let exponent) = e.kind, base.numberValue == .minusOne,
          exponent.numberValue == nil else { return nil }
    let half = Expr.number(Rational(1, 2)!)
    if context.assumptions.prove(exponent * half, is: .integer) == .proved { return .one }
    if context.assumptions.prove((exponent - .one) * half, is: .integer) == .proved { return .minusOne }
    return nil
}
