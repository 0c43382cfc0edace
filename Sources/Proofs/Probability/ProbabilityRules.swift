// Symbolic rules for expectations, integrals, sums, KL and entropy.
//
// Implementation notes
// --------------------
// These are computed rewrite rules built from the file's density declarations (they need to
// know which names are densities and how marginals are defined), run by the same rewriter
// as the algebraic rules. Each rewrites towards a normal shape, so the two sides of a step
// meet:
//
// * `linearity` — E, integral and sum distribute over sums; factors that do not mention a
//   bound variable move out; E of a constant is the constant (densities are normalised);
//   E over a clause whose variable nothing uses drops the clause; nested expectations
//   flatten (the tower property).
// * `marginal` — `E_{x ~ A, z ~ B(z|x)}[g]` with g free of x becomes `E_{z ~ D}[g]` for the
//   declared density `D(z) = integral_{x}[A(x) B(z|x)]`; an integral equal to a declared
//   definition folds into the density.
// * `discrete-expectation` — expectations over inline finite distributions (`bernoulli(p)`,
//   `categorical(…)`), conditioned or not, become their exact weighted sums
//   (`Discrete/DiscreteExpectation.swift`).
// * `kl-definition`, `entropy-definition` — `KL(p, q) = E_{v ~ p}[log(p(v)/q(v))]`,
//   `H(p) = -E_{v ~ p}[log p(v)]` (conditional densities keep their conditions free).
import Symbolic

/// Builds the probability rules for a file's densities.
public struct ProbabilityRules: Sendable {
    /// The declared densities by name.
    public var densities: [String: DensityInfo]

    /// Creates the rule builder.
    public init(densities: [String: DensityInfo]) {
        self.densities = densities
    }

    /// The rule names this module adds to the hint catalogue.
    public static let names = ["linearity", "marginal", "change-of-measure", "kl-definition", "entropy-definition",
                                "independence", DiscreteExpectation.ruleName]

    /// Rules that run only when a step cites them: `gibbs` turns an expectation of a log
    /// density ratio into a `KL(…)` atom, which the sign prover knows is nonnegative.
    public var citedOnly: [RewriteRule] {
        let d = densities
        return [
            RewriteRule(computed: "gibbs", summary: "E_{C}[log(J/D)] = KL(J || D) >= 0 for J the clauses' joint density and D a normalised density over the same variables", heads: ["big:E"]) { e, context in
                gibbs(e, densities: d, limits: context.limits)
            },
            bayesRule,
        ]
    }

    /// All probability rules.
    public var rules: [RewriteRule] {
        let d = densities
        return [
            RewriteRule(computed: "linearity", summary: "E, integral and sum are linear; constants move out; E[c] = c; nested E flatten", heads: ["big:E", "big:integral", "big:sum"]) { e, context in
                linearity(e, limits: context.limits)
            },
            RewriteRule(computed: "expectation-of-power", summary: "E[(a + b)^n] = the sum of the expectations of the expanded terms (n <= 4)", heads: ["big:E"]) { e, context in
                expectationOfPower(e, limits: context.limits)
            },
            RewriteRule(computed: "marginal", summary: "E_{x ~ A, z ~ B(z|x)}[g(z)] = E_{z ~ D}[g(z)] for a declared marginal D", heads: ["big:E", "big:integral"]) { e, context in
                marginal(e, densities: d, limits: context.limits)
            },
            RewriteRule(computed: "change-of-measure", summary: "E_{v ~ q}[p(v)/q(v) * g] = E_{v ~ p}[g] (needs p << q)", heads: ["big:E"]) { e, context in
                changeOfMeasure(e, densities: d, limits: context.limits)
            },
            RewriteRule(computed: "kl-definition", summary: "KL(p, q) = E_{v ~ p}[log(p(v)/q(v))]", heads: ["call:KL"]) { e, _ in
                klDefinition(e, densities: d)
            },
            RewriteRule(computed: "entropy-definition", summary: "H(p) = -E_{v ~ p}[log(p(v))]", heads: ["call:H"]) { e, _ in
                entropyDefinition(e, densities: d)
            },
            DiscreteExpectation.rule(declared: Set(d.keys)),
        ] + factorisationRules
    }
}

// MARK: - Linearity

private let linearOperators: Set<String> = ["E", "integral", "sum"]

private func linearity(_ e: Expr, limits: Limits) -> Expr? {
    guard case .bigOperator(let op) = e.kind, linearOperators.contains(op.name) else { return nil }
    // A conditional expectation (a binding that is a condition, not a clause) is left to the
    // rules that compute it: E[c | A] = c needs P(A) > 0, and a clause used only by a
    // condition must not be dropped.
    if op.name == "E", op.bindings.contains(where: { $0.relation != .distributedAs && $0.relation != .bare }) { return nil }
    let bound = Set(op.boundSymbols)
    func rebuilt(_ body: Expr) -> Expr { Expr(.bigOperator(BigOperator(name: op.name, bindings: op.bindings, body: body))) }
    func mentionsBound(_ x: Expr) -> Bool { !bound.isDisjoint(with: x.freeSymbols) }

    // Sums split; a product with a sum factor is expanded first ((p/q - 1) log(p/q)).
    if case .sum(let terms) = op.body.kind {
        return .sum(terms.map(rebuilt))
    }
    if case .product(let fs) = op.body.kind, fs.contains(where: { if case .sum = $0.kind { return true }; return false }),
       let expanded = try? RationalNormalForm(op.body, limits: limits).expr, case .sum(let terms) = expanded.kind {
        return .sum(terms.map(rebuilt))
    }
    // Constant factors move out.
    let factors: [Expr]
    if case .product(let fs) = op.body.kind { factors = fs } else { factors = [op.body] }
    let outside = factors.filter { !mentionsBound($0) }
    let inside = factors.filter(mentionsBound)
    if inside.isEmpty {
        // E of a constant is the constant; an integral or sum of a constant is not simplified.
        return op.name == "E" ? op.body : nil
    }
    if !outside.isEmpty {
        let insideExpr = inside.count == 1 ? inside[0] : Expr.product(inside)
        return .product(outside + [rebuilt(insideExpr)])
    }
    guard op.name == "E" else { return nil }
    // Nested expectations flatten: E_{B1}[E_{B2}[g]] = E_{B1, B2}[g].
    if case .bigOperator(let inner) = op.body.kind, inner.name == "E" {
        let outerNames = Set(op.boundSymbols)
        if outerNames.isDisjoint(with: inner.boundSymbols) {
            return Expr(.bigOperator(BigOperator(name: "E", bindings: op.bindings + inner.bindings, body: inner.body)))
        }
    }
    // Clauses whose variable nothing uses drop out (normalisation).
    var kept: [Binding] = []
    for (i, b) in op.bindings.enumerated() {
        guard let v = b.subject.symbolValue else { kept.append(b); continue }
        let usedLater = op.bindings[(i + 1)...].contains { $0.value?.contains(v) ?? false }
        if usedLater || op.body.contains(v) { kept.append(b) }
    }
    if kept.count < op.bindings.count {
        return kept.isEmpty ? op.body : Expr(.bigOperator(BigOperator(name: "E", bindings: kept, body: op.body)))
    }
    return nil
}

/// `E[(a + b)^n]` for a small n as the sum of the expectations of the expanded terms. Kept
/// apart from `linearity` because the instances evaluate the unexpanded power: expanded,
/// (p/q − 1)² becomes p²/q² − 2p/q + 1, which loses everything to cancellation in the tails.
private func expectationOfPower(_ e: Expr, limits: Limits) -> Expr? {
    guard case .bigOperator(let op) = e.kind, op.name == "E",
          case .power(let base, let exponent) = op.body.kind, case .sum(let summands) = base.kind,
          let n = exponent.numberValue, n.isInteger, n > .one, n <= Rational(4), summands.count <= 8 else { return nil }
    // Distribute term by term (at most 8⁴ products), then collect.
    var terms: [Expr] = [.one]
    for _ in 0..<Int(n.doubleValue) {
        terms = terms.flatMap { t in summands.map { t * $0 } }
    }
    guard let collected = try? Expr.sum(terms).canonicalized(limits: limits), case .sum(let out) = collected.kind else { return nil }
    return .sum(out.map { Expr(.bigOperator(BigOperator(name: "E", bindings: op.bindings, body: $0))) })
}

// MARK: - Marginalisation

private func marginal(_ e: Expr, densities: [String: DensityInfo], limits: Limits) -> Expr? {
    guard case .bigOperator(let op) = e.kind else { return nil }
    if op.name == "integral" { return foldDefinition(e, densities: densities, limits: limits) }
    guard op.name == "E", let clauses = op.samplingClauses(densities: densities), clauses.count >= 2 else { return nil }
    for i in 0..<(clauses.count - 1) {
        let a = clauses[i]
        // x must not be used by the body or by any clause other than the next one.
        if op.body.contains(a.variable) { continue }
        let others = clauses.enumerated().filter { $0.offset != i && $0.offset != i + 1 }
        if others.contains(where: { $0.element.conditions.contains { $0.contains(a.variable) } }) { continue }
        let b = clauses[i + 1]
        guard b.conditions.contains(where: { $0.contains(a.variable) }) else { continue }
        // The joint A(x) B(z|x), integrated over x, must be a declared marginal D(z).
        let joint = Expr.product([a.density, b.density])
        let integral = Expr(.bigOperator(BigOperator(name: "integral",
                                                     bindings: [Binding(subject: .symbol(a.variable), relation: .bare, value: nil)],
                                                     body: joint)))
        guard let name = matchingDefinition(integral, variable: b.variable, densities: densities, limits: limits) else { continue }
        var bindings = op.bindings
        bindings[i + 1] = Binding(subject: .symbol(b.variable), relation: .distributedAs, value: .symbol(Symbol(name)))
        bindings.remove(at: i)
        return Expr(.bigOperator(BigOperator(name: "E", bindings: bindings, body: op.body)))
    }
    return nil
}

/// `integral_{x}[A(x) B(z|x)]` equal to a declared density's definition becomes `D(z)`.
private func foldDefinition(_ e: Expr, densities: [String: DensityInfo], limits: Limits) -> Expr? {
    let free = e.freeSymbols
    for (name, info) in densities.sorted(by: { $0.key < $1.key }) {
        guard info.definition != nil, info.variables.count == 1, info.conditions.isEmpty else { continue }
        for v in free {
            if let n = matchingDefinition(e, variable: v, densities: [name: info], limits: limits) {
                return densities[n].map { $0.call([.symbol(v)], []) }
            }
        }
    }
    return nil
}

/// The name of a declared density whose definition, with its variable renamed to
/// `variable`, equals `integral` (canonically).
private func matchingDefinition(_ integral: Expr, variable: Symbol, densities: [String: DensityInfo], limits: Limits) -> String? {
    guard let target = try? integral.canonicalized(limits: limits) else { return nil }
    for (name, info) in densities.sorted(by: { $0.key < $1.key }) {
        guard let definition = info.definition, info.variables.count == 1, info.conditions.isEmpty else { continue }
        let renamed = info.variables[0] == variable ? definition
            : ((try? definition.substituting(.symbol(variable), for: info.variables[0], limits: limits)) ?? definition)
        if let c = try? renamed.canonicalized(limits: limits), c == target { return name }
    }
    return nil
}

// MARK: - KL and entropy

/// The density expression and variable for a KL/H argument: `p` (declared over one
/// variable) or `p(z | x)`.
private func densityArgument(_ a: Expr, densities: [String: DensityInfo]) -> (density: Expr, variable: Symbol)? {
    switch a.kind {
    case .symbol(let s):
        guard let info = densities[s.name], info.variables.count == 1 else { return nil }
        return (info.call([.symbol(info.variables[0])], info.conditions.map { .symbol($0) }), info.variables[0])
    case .call(.opaque(let o), let args):
        guard densities[o.name] != nil, let first = args.first?.symbolValue else { return nil }
        return (a, first)
    case .number, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
        return nil
    }
}

private func klDefinition(_ e: Expr, densities: [String: DensityInfo]) -> Expr? {
    guard case .call(.opaque(let o), let args) = e.kind, o.name == "KL", args.count == 2, !o.isDifferentiated,
          let p = densityArgument(args[0], densities: densities),
          let q = densityArgument(args[1], densities: densities) else { return nil }
    // q is evaluated at p's variable.
    let qAtV = (try? q.density.substituting(.symbol(p.variable), for: q.variable)) ?? q.density
    return Expr(.bigOperator(BigOperator(name: "E",
                                         bindings: [Binding(subject: .symbol(p.variable), relation: .distributedAs, value: args[0].isSymbolNode ? args[0] : p.density)],
                                         body: unfoldingClosedForms(.call(.log, p.density / qAtV), densities: densities))))
}

/// The body with closed-form densities (a definition without big operators, such as a
/// posterior `A(x) B(z | x)/D(z)`) replaced by their definitions: the checker unfolds them
/// everywhere except in sampling clauses, and a body made by a rule must match.
private func unfoldingClosedForms(_ body: Expr, densities: [String: DensityInfo]) -> Expr {
    var out = body
    for (name, info) in densities.sorted(by: { $0.key < $1.key }) {
        guard let definition = info.definition, out.callsFunction(named: name),
              !definition.containsSubexpression(where: { if case .bigOperator = $0.kind { return true }; return false }),
              let unfolded = try? out.substituting(function: name, parameters: info.variables + info.conditions, body: definition)
        else { continue }
        out = unfolded
    }
    return out
}

private func entropyDefinition(_ e: Expr, densities: [String: DensityInfo]) -> Expr? {
    guard case .call(.opaque(let o), let args) = e.kind, o.name == "H", args.count == 1, !o.isDifferentiated,
          let p = densityArgument(args[0], densities: densities) else { return nil }
    return Expr(.bigOperator(BigOperator(name: "E",
                                         bindings: [Binding(subject: .symbol(p.variable), relation: .distributedAs, value: args[0].isSymbolNode ? args[0] : p.density)],
                                         body: unfoldingClosedForms(.call(.log, p.density), densities: densities)))).negated()
}

private extension Expr {
    var isSymbolNode: Bool { symbolValue != nil }
}

// MARK: - Change of measure

/// `E_{v ~ Q}[(P(v)/Q(v)) * g]` becomes `E_{v ~ P}[g]` for a single unconditional clause
/// whose body has the factor P(v)·Q(v)^-1 (P, Q declared densities over v). This is
/// `∫ q (p/q) g = ∫ p g`, valid when P is absolutely continuous with respect to Q (which the
/// f-divergence definitions assume, and instances with full supports satisfy).
private func changeOfMeasure(_ e: Expr, densities: [String: DensityInfo], limits: Limits) -> Expr? {
    guard case .bigOperator(let op) = e.kind, op.name == "E", op.bindings.count == 1,
          let clauses = op.samplingClauses(densities: densities), clauses.count == 1,
          clauses[0].conditions.isEmpty else { return nil }
    let c = clauses[0]
    let factors: [Expr]
    if case .product(let fs) = op.body.kind { factors = fs } else { factors = [op.body] }
    // Find Q(v)^-1 for the clause's density, and some other density P(v) with exponent 1.
    guard let qIndex = factors.firstIndex(where: { f in
        if case .power(let b, let x) = f.kind, x == .minusOne, b == c.density { return true }
        return false
    }) else { return nil }
    guard let pIndex = factors.firstIndex(where: { f in
        guard case .call(.opaque(let o), let args) = f.kind, o.name != c.densityName, densities[o.name] != nil,
              o.conditioningIndex == nil, args.count == 1, args[0].symbolValue == c.variable else { return false }
        return true
    }), case .call(.opaque(let p), _) = factors[pIndex].kind else { return nil }
    var rest = factors
    for i in [qIndex, pIndex].sorted(by: >) { rest.remove(at: i) }
    let body = rest.isEmpty ? Expr.one : (rest.count == 1 ? rest[0] : Expr.product(rest))
    return Expr(.bigOperator(BigOperator(name: "E",
        bindings: [Binding(subject: .symbol(c.variable), relation: .distributedAs, value: .symbol(Symbol(p.name)))], body: body)))
}

// MARK: - Gibbs

/// `E_{C}[log(N/D)]` is `KL(J || D·J/N)` when J is the joint density of the clauses C and
/// D·J/N is a product of declared densities forming a normalised joint density over C's
/// variables (each variable the main variable of exactly one factor, conditions acyclic).
/// The result is the atom `KL(J, D')`, nonnegative by Gibbs' inequality.
private func gibbs(_ e: Expr, densities: [String: DensityInfo], limits: Limits) -> Expr? {
    guard case .bigOperator(let op) = e.kind, op.name == "E",
          let clauses = op.samplingClauses(densities: densities), !clauses.isEmpty,
          let ratio = logArgument(op.body) else { return nil }
    let joint = Expr.product(clauses.map(\.density))
    guard let reference = try? RationalNormalForm(joint / ratio, limits: limits).expr,
          let jointCanonical = try? joint.canonicalized(limits: limits) else { return nil }
    // The reference must be a product of densities over exactly the clause variables.
    let factors: [Expr]
    if case .product(let fs) = reference.kind { factors = fs } else { factors = [reference] }
    let variables = Set(clauses.map(\.variable))
    var main: [Symbol: [Symbol]] = [:]  // variable → its conditions
    for f in factors {
        guard case .call(.opaque(let o), let fargs) = f.kind, densities[o.name] != nil, !o.isDifferentiated,
              let v = fargs.first?.symbolValue, variables.contains(v), main[v] == nil else { return nil }
        let split = o.conditioningIndex ?? fargs.count
        guard split == 1 else { return nil }
        var conds: [Symbol] = []
        for c in fargs[split...] {
            guard let s = c.symbolValue, variables.contains(s) else { return nil }
            conds.append(s)
        }
        main[v] = conds
    }
    guard Set(main.keys) == variables else { return nil }
    // Acyclic: repeatedly remove variables whose conditions are all removed.
    var remaining = main
    while !remaining.isEmpty {
        guard let ready = remaining.first(where: { $0.value.allSatisfy { remaining[$0] == nil } })?.key else { return nil }
        remaining.removeValue(forKey: ready)
    }
    return Expr(.call(.opaque(OpaqueFunction(name: "KL")), [jointCanonical, reference]))
}

/// The argument x of a body that is log(x), or Π yᵢ^cᵢ for a body Σ cᵢ log(yᵢ) (after the
/// log rules have split a ratio); `nil` otherwise.
private func logArgument(_ body: Expr) -> Expr? {
    if case .call(.builtin(.log), let args) = body.kind, args.count == 1 { return args[0] }
    guard case .sum(let terms) = body.kind else { return nil }
    var factors: [Expr] = []
    for t in terms {
        let (c, m) = ExprOrder.coefficientAndMonomial(t)
        guard case .call(.builtin(.log), let args) = m.kind, args.count == 1 else { return nil }
        factors.append(.power(args[0], .number(c)))
    }
    return .product(factors)
}
