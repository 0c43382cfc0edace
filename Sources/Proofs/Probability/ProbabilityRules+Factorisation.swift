// Rules that change how a joint distribution is factorised: independence (Fubini) and Bayes.
//
// Implementation notes
// --------------------
// * `independence` — `E_{x ~ A, z ~ B}[f(x)·g(z)] = E_{x ~ A}[f(x)]·E_{z ~ B}[g(z)]`. The
//   clauses and the body's factors are split into connected components of the relation
//   "mentions the same bound variable" (a clause mentions its own variable and every bound
//   variable in its conditions; a factor mentions the bound variables it contains). With two
//   or more components the expectation is the product of one expectation per component, each
//   keeping its clauses in their original order (so dependent sampling stays ancestral).
//   This is Fubini–Tonelli for the product measure; it needs each factor's expectation to
//   exist, which the numeric checks of the step test on every instance.
// * `bayes` — for a declared conditional density `P(x | z)` whose definition is
//   `A(x)·B(z | x) / D(z)` (canonically), with `D` the declared marginal
//   `integral_{x}[A(x)·B(z | x)]`:
//   an expectation sampled as `z ~ D, x ~ P(x | z)` is resampled as `x ~ A, z ~ B(z | x)`
//   (the two factorisations of one joint density), so the two sides of a step meet in the
//   generative order. A pointwise `P(u | w)` needs no rule: closed-form densities unfold to
//   their definitions everywhere except in sampling clauses and as arguments of KL and H
//   (whose definitions unfold them in the bodies they make). The rule fires only when cited
//   (`by bayes`): resampling is a modelling step the author should state.
import Symbolic

extension ProbabilityRules {
    /// `independence` (always on) and `bayes` (cited only).
    var factorisationRules: [RewriteRule] {
        [
            RewriteRule(computed: "independence",
                        summary: "E_{x ~ A, z ~ B}[f(x) g(z)] = E_{x ~ A}[f(x)] E_{z ~ B}[g(z)] for independent clauses (Fubini)",
                        heads: ["big:E"]) { e, _ in
                independence(e)
            },
        ]
    }

    /// The cited-only Bayes rule.
    var bayesRule: RewriteRule {
        let d = densities
        let known = posteriors(d, limits: .default)
        return RewriteRule(computed: "bayes",
                           summary: "E_{z ~ D, x ~ P(x|z)} = E_{x ~ A, z ~ B(z|x)} for a declared posterior P(x | z) = A(x) B(z | x)/D(z)",
                           heads: ["big:E"]) { e, _ in
            bayes(e, posteriors: known, densities: d)
        }
    }
}

// MARK: - Independence

private func independence(_ e: Expr) -> Expr? {
    guard case .bigOperator(let op) = e.kind, op.name == "E", op.bindings.count >= 2 else { return nil }
    var clauseVariables: [Symbol] = []
    for b in op.bindings {
        guard b.relation == .distributedAs, let v = b.subject.symbolValue, b.value != nil else { return nil }
        clauseVariables.append(v)
    }
    let bound = Set(clauseVariables)
    guard bound.count == clauseVariables.count else { return nil }
    let factors: [Expr]
    if case .product(let fs) = op.body.kind { factors = fs } else { factors = [op.body] }

    // Union–find over the clause indices.
    var parent = Array(clauseVariables.indices)
    func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i { i = parent[i] }
        return i
    }
    func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    let index = Dictionary(uniqueKeysWithValues: clauseVariables.enumerated().map { ($0.element, $0.offset) })
    func mentioned(_ x: Expr) -> [Int] { x.freeSymbols.compactMap { index[$0] }.sorted() }
    for (i, b) in op.bindings.enumerated() {
        for j in mentioned(b.value ?? .one) { union(i, j) }
    }
    var factorGroups: [Int?] = []
    for f in factors {
        let m = mentioned(f)
        for j in m.dropFirst() { union(m[0], j) }
        factorGroups.append(m.first)
    }
    let roots = Array(Set(clauseVariables.indices.map(find))).sorted()
    guard roots.count >= 2 else { return nil }

    var constant: [Expr] = []
    var bodies: [Int: [Expr]] = [:]
    for (f, g) in zip(factors, factorGroups) {
        if let g { bodies[find(g), default: []].append(f) } else { constant.append(f) }
    }
    var out = constant
    for r in roots {
        let bindings = op.bindings.indices.filter { find($0) == r }.map { op.bindings[$0] }
        let parts = bodies[r] ?? []
        // A component without factors is an expectation of 1: it drops (normalisation).
        guard !parts.isEmpty else { continue }
        let body = parts.count == 1 ? parts[0] : Expr.product(parts)
        out.append(Expr(.bigOperator(BigOperator(name: "E", bindings: bindings, body: body))))
    }
    if out.isEmpty { return .one }
    return out.count == 1 ? out[0] : .product(out)
}

// MARK: - Bayes

/// A declared posterior: `P(x | z) = A(x)·B(z | x)/D(z)` with `D` the marginal of `A·B`.
private struct Posterior {
    var name: String
    var prior: DensityInfo       // A(x)
    var likelihood: DensityInfo  // B(z | x)
    var marginal: DensityInfo    // D(z)
}

private func posteriors(_ densities: [String: DensityInfo], limits: Limits) -> [String: Posterior] {
    var out: [String: Posterior] = [:]
    let sorted = densities.values.sorted { $0.name < $1.name }
    for p in sorted {
        guard let definition = p.definition, p.variables.count == 1, p.conditions.count == 1 else { continue }
        let x = p.variables[0], z = p.conditions[0]
        for a in sorted where a.variables.count == 1 && a.conditions.isEmpty && a.name != p.name {
            for b in sorted where b.variables.count == 1 && b.conditions.count == 1 && b.name != p.name {
                for d in sorted where d.definition != nil && d.variables.count == 1 && d.conditions.isEmpty && d.name != p.name {
                    let joint = Expr.product([a.call([.symbol(x)], []), b.call([.symbol(z)], [.symbol(x)])])
                    let expected = joint / d.call([.symbol(z)], [])
                    guard let l = try? RationalNormalForm(expected - definition, limits: limits), l.isZero else { continue }
                    // D must be the marginal of A·B.
                    let integral = Expr(.bigOperator(BigOperator(name: "integral",
                        bindings: [Binding(subject: .symbol(x), relation: .bare, value: nil)], body: joint)))
                    guard let dDefinition = d.definition,
                          let renamed = try? dDefinition.substituting(.symbol(z), for: d.variables[0], limits: limits),
                          let c1 = try? renamed.canonicalized(limits: limits),
                          let c2 = try? integral.canonicalized(limits: limits), c1 == c2 else { continue }
                    out[p.name] = Posterior(name: p.name, prior: a, likelihood: b, marginal: d)
                }
            }
        }
    }
    return out
}

private func bayes(_ e: Expr, posteriors known: [String: Posterior], densities: [String: DensityInfo]) -> Expr? {
    guard !known.isEmpty, case .bigOperator(let op) = e.kind, op.name == "E",
          let clauses = op.samplingClauses(densities: densities), clauses.count >= 2 else { return nil }
    for i in 0..<(clauses.count - 1) {
        let (first, second) = (clauses[i], clauses[i + 1])
        guard let post = known[second.densityName], first.densityName == post.marginal.name,
              second.conditions == [.symbol(first.variable)] else { continue }
        let (z, x) = (first.variable, second.variable)
        var bindings = op.bindings
        bindings[i] = Binding(subject: .symbol(x), relation: .distributedAs, value: .symbol(Symbol(post.prior.name)))
        bindings[i + 1] = Binding(subject: .symbol(z), relation: .distributedAs, value: post.likelihood.call([.symbol(z)], [.symbol(x)]))
        return Expr(.bigOperator(BigOperator(name: "E", bindings: bindings, body: op.body)))
    }
    return nil
}
