// Exact (symbolic) expectations on instances: finite enumeration and Gaussian moments.
//
// Implementation notes
// --------------------
// Before any quadrature, an instance's expectations are tried in closed form, innermost
// first, so that a step about an instance can be decided exactly:
//
// * **Finite clauses** with exact parameters: `E_{x ~ categorical(1/2, 3/10, 1/5)}[g]` is the
//   sum Σ w_v g[x := v] with rational weights w_v; logs of rationals are then split into
//   primes by the canonical form, so equal values compare equal exactly.
// * **Gaussian clauses**: every clause normal with a mean affine in earlier variables and a
//   variance that does not depend on them (instance-bound, or a closed-form Gaussian
//   marginal). Bodies are first put in log space (`log p(z|x)` becomes the quadratic
//   −(z − μ)²/(2σ²) − log(2πσ²)/2), and must then be polynomials in the clause variables;
//   the expectation is taken variable by variable from the last clause: E[zᵏ] for
//   z ~ N(μ, v) is the raw moment mₖ = μ mₖ₋₁ + (k − 1) v mₖ₋₂ (m₀ = 1, m₁ = μ). The degree in
//   each variable is bounded (`maxDegree`).
//
// Anything else is left to numeric evaluation.

import Symbolic

struct ExactExpectation {
    let model: InstanceModel
    let densities: [String: DensityInfo]
    let limits: Limits
    /// Expands clauses over composite densities (the evaluator's sampling plan).
    var planner: ((BigOperator) -> [SamplingClause]?)? = nil
    static let maxDegree = 8
    static let maxEnumeration = 10_000

    /// Replaces every expectation (and KL/H-free log-density) it can by a closed form.
    /// Returns the transformed expression and whether every expectation was replaced.
    func transform(_ e: Expr) -> (Expr, complete: Bool) {
        var complete = true
        func walk(_ x: Expr) -> Expr {
            let inner = x.children.isEmpty ? x : x.mapChildren(walk)
            guard case .bigOperator(let op) = inner.kind, op.name == "E" else { return inner }
            if let exact = expectation(op) { return exact }
            complete = false
            return inner
        }
        let out = walk(e)
        return (out, complete)
    }

    // MARK: - One expectation

    private func expectation(_ op: BigOperator) -> Expr? {
        // Inline finite distributions (`e ~ bernoulli(p)`) with the instance's values.
        if DiscreteExpectation.isInline(op, declared: Set(densities.keys)) {
            guard let bound = try? Expr(.bigOperator(op)).substituting(model.values, limits: limits),
                  case .bigOperator(let specialised) = bound.kind,
                  let inline = DiscreteExpectation(specialised, declared: Set(densities.keys)) else { return nil }
            return try? inline.exactValue(limits: limits)
        }
        // Clauses over marginals without a closed form are expanded into their ancestral
        // clauses (`z ~ pz` becomes `x' ~ ptilde, z ~ p(z | x')`).
        guard let clauses = planner?(op) ?? op.samplingClauses(densities: densities), !clauses.isEmpty else { return nil }
        if let finite = enumerate(clauses, op.body) { return finite }
        return gaussian(clauses, op.body)
    }

    // MARK: Finite enumeration

    /// The exact finite distribution of a clause given (symbolic) conditioning values.
    private func finiteOutcomes(_ c: SamplingClause) -> [(value: Expr, weight: Expr)]? {
        guard let binding = model.distributions[c.densityName] else { return nil }
        var substitution = model.values
        for (s, v) in zip(binding.conditions, c.conditions) { substitution[s] = v }
        guard let params = try? binding.parameters.map({ try $0.substituting(substitution, limits: limits).canonicalized(limits: limits) })
        else { return nil }
        switch binding.family {
        case .bernoulli:
            guard params.count == 1, let q = try? (Expr.one - params[0]).canonicalized(limits: limits) else { return nil }
            return [(.zero, q), (.one, params[0])]
        case .categorical:
            return params.enumerated().map { (Expr.integer($0.offset), $0.element) }
        case .table:
            // Values must be distinct numbers for the pmf lookup; the validation rejects
            // duplicates before checking.
            guard params.count % 2 == 0, stride(from: 0, to: params.count, by: 2).allSatisfy({ params[$0].numberValue != nil })
            else { return nil }
            return stride(from: 0, to: params.count, by: 2).map { (params[$0], params[$0 + 1]) }
        case .beta, .exponential, .gamma, .laplace, .normal, .normalmixture, .uniform:
            return nil
        }
    }

    private func enumerate(_ clauses: [SamplingClause], _ body: Expr) -> Expr? {
        var terms: [Expr] = []
        var count = 0
        func recurse(_ i: Int, _ substitution: [Symbol: Expr], _ weight: Expr) -> Bool {
            if i == clauses.count {
                guard let b = try? body.substituting(substitution, limits: limits) else { return false }
                terms.append(weight * b)
                count += 1
                return count <= Self.maxEnumeration
            }
            var c = clauses[i]
            guard let conds = try? c.conditions.map({ try $0.substituting(substitution, limits: limits) }) else { return false }
            c.conditions = conds
            guard let outcomes = finiteOutcomes(c) else { return false }
            for (value, w) in outcomes {
                var next = substitution
                next[c.variable] = value
                if !recurse(i + 1, next, weight * w) { return false }
            }
            return true
        }
        guard recurse(0, [:], .one) else { return nil }
        let result = resolveDensities(Expr.sum(terms))
        guard !result.containsBigOperator, let canonical = try? result.canonicalized(limits: limits) else { return nil }
        return canonical
    }

    /// Replaces density values at numeric arguments by exact numbers: pmfs of finite bound
    /// distributions, and definitions (`pz(z) = integral_{x}[…]`) summed over the instance's
    /// finite support of the integration variable. `log·p(v)` becomes `log(pmf)`.
    func resolveDensities(_ e: Expr) -> Expr {
        func value(_ name: String, _ args: [Expr], conditioningIndex: Int?) -> Expr? {
            guard args.allSatisfy({ $0.numberValue != nil }) else { return nil }
            let split = conditioningIndex ?? args.count
            if model.distributions[name] != nil {
                let clause = SamplingClause(variable: "·", density: .zero, densityName: name, conditions: Array(args[split...]))
                guard let outcomes = finiteOutcomes(clause) else { return nil }
                let v = args[0]
                for (value, w) in outcomes {
                    if let a = value.numberValue, let b = v.numberValue, a == b { return w }
                }
                return .zero
            }
            guard let info = densities[name], let def = info.definition else { return nil }
            var substitution: [Symbol: Expr] = [:]
            for (s, a) in zip(info.variables + info.conditions, args) { substitution[s] = a }
            guard let instantiated = try? def.substituting(substitution, limits: limits) else { return nil }
            return expandIntegrals(instantiated)
        }
        func walk(_ x: Expr) -> Expr {
            let inner = x.children.isEmpty ? x : x.mapChildren(walk)
            guard case .call(.opaque(let o), let args) = inner.kind, !o.isDifferentiated else { return inner }
            if o.name.hasPrefix(ProbabilityEvaluator.logPrefix) {
                let name = String(o.name.dropFirst(ProbabilityEvaluator.logPrefix.count))
                if let v = value(name, args, conditioningIndex: o.conditioningIndex) { return .call(.log, walk(v)) }
                return inner
            }
            if densities[o.name] != nil, let v = value(o.name, args, conditioningIndex: o.conditioningIndex) {
                return walk(v)
            }
            return inner
        }
        return walk(e)
    }

    /// `integral_{x}[body]` over a variable with a finite support in the instance becomes a sum.
    private func expandIntegrals(_ e: Expr) -> Expr {
        func walk(_ x: Expr) -> Expr {
            let inner = x.children.isEmpty ? x : x.mapChildren(walk)
            guard case .bigOperator(let op) = inner.kind, op.name == "integral" || op.name == "sum",
                  op.bindings.count == 1, let v = op.bindings[0].subject.symbolValue,
                  let support = model.supports[v] else { return inner }
            let terms = support.compactMap { try? op.body.substituting($0, for: v, limits: limits) }
            guard terms.count == support.count else { return inner }
            return .sum(terms)
        }
        return walk(e)
    }

    // MARK: Gaussian moments

    /// Mean and variance of a clause's normal distribution as expressions in the earlier
    /// variables (`nil` if the clause is not normal).
    private func normalParameters(_ c: SamplingClause) -> (mean: Expr, variance: Expr)? {
        if let binding = model.distributions[c.densityName] {
            guard binding.family == .normal, binding.parameters.count == 2 else { return nil }
            var substitution = model.values
            for (s, v) in zip(binding.conditions, c.conditions) { substitution[s] = v }
            guard let m = try? binding.parameters[0].substituting(substitution, limits: limits),
                  let v = try? binding.parameters[1].substituting(substitution, limits: limits) else { return nil }
            return (m, v)
        }
        return marginalParameters(c.densityName)
    }

    /// The closed form of a Gaussian marginal `D(z) = integral_{x}[A(x) B(z | x)]`.
    private func marginalParameters(_ name: String) -> (mean: Expr, variance: Expr)? {
        guard let info = densities[name], info.conditions.isEmpty, let def = info.definition,
              case .bigOperator(let op) = def.kind, op.name == "integral", op.bindings.count == 1,
              let x = op.bindings[0].subject.symbolValue, case .product(let factors) = op.body.kind, factors.count == 2
        else { return nil }
        var prior: (Expr, Expr)?, conditional: (Expr, Expr)?
        for f in factors {
            guard case .call(.opaque(let o), let args) = f.kind else { return nil }
            let split = o.conditioningIndex ?? args.count
            let clause = SamplingClause(variable: args[0].symbolValue ?? x, density: f, densityName: o.name,
                                        conditions: Array(args[split...]))
            guard let params = normalParameters(clause) else { return nil }
            if split == args.count { prior = params } else { conditional = params }
        }
        guard let (m0, v0) = prior, let (mc, vc) = conditional, !vc.contains(x),
              let slope = try? mc.derivative(withRespectTo: x, limits: limits).canonicalized(limits: limits),
              !slope.contains(x), let intercept = try? mc.substituting(.zero, for: x, limits: limits),
              let check = try? RationalNormalForm(mc - (slope * .symbol(x) + intercept), limits: limits), check.isZero
        else { return nil }
        return (slope * m0 + intercept, .power(slope, 2) * v0 + vc)
    }

    private func gaussian(_ clauses: [SamplingClause], _ body: Expr) -> Expr? {
        var params: [(Symbol, Expr, Expr)] = []
        for c in clauses {
            guard let (m, v) = normalParameters(c) else { return nil }
            // The variance may not depend on any clause variable; the mean must be affine
            // (checked by the polynomial degree below).
            if clauses.contains(where: { v.contains($0.variable) }) { return nil }
            params.append((c.variable, m, v))
        }
        // Log-densities of normals as explicit quadratics.
        guard var current = try? logNormalExplicit(body).canonicalized(limits: limits) else { return nil }
        for (variable, mean, variance) in params.reversed() {
            guard let next = takeExpectation(current, variable, mean, variance) else { return nil }
            current = next
        }
        if clauses.contains(where: { current.contains($0.variable) }) { return nil }
        return current
    }

    /// Replaces `log·p(args)` and `log(p(args))` for normal densities by their quadratics.
    private func logNormalExplicit(_ e: Expr) -> Expr {
        func explicit(_ name: String, _ args: [Expr], conditioningIndex: Int?) -> Expr? {
            let split = conditioningIndex ?? args.count
            let clause = SamplingClause(variable: args[0].symbolValue ?? "·", density: .zero, densityName: name,
                                        conditions: Array(args[split...]))
            guard let (m, v) = normalParameters(clause) else { return nil }
            let d = args[0] - m
            return .sum([(Expr.power(d, 2) / (2 * v)).negated(), (Expr.call(.log, 2 * Expr.pi * v) / 2).negated()])
        }
        func walk(_ x: Expr) -> Expr {
            switch x.kind {
            case .call(.opaque(let o), let args) where o.name.hasPrefix(ProbabilityEvaluator.logPrefix):
                let name = String(o.name.dropFirst(ProbabilityEvaluator.logPrefix.count))
                return explicit(name, args.map(walk), conditioningIndex: o.conditioningIndex) ?? x
            case .call(.builtin(.log), let args) where args.count == 1:
                if case .call(.opaque(let o), let inner) = args[0].kind, densities[o.name] != nil,
                   let q = explicit(o.name, inner.map(walk), conditioningIndex: o.conditioningIndex) {
                    return q
                }
                return x.mapChildren(walk)
            case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                return x.children.isEmpty ? x : x.mapChildren(walk)
            }
        }
        return walk(e)
    }

    /// E over z ~ N(mean, variance) of a polynomial in z (coefficients free of z).
    private func takeExpectation(_ e: Expr, _ z: Symbol, _ mean: Expr, _ variance: Expr) -> Expr? {
        // A polynomial in z: the denominator is free of z and no atom other than z contains z.
        guard let rnf = try? RationalNormalForm(e, limits: limits), !rnf.denominator.contains(z) else { return nil }
        if rnf.atoms.contains(where: { $0.symbolValue != z && $0.contains(z) }) { return nil }
        var coefficients: [Expr] = []
        var current = rnf.expr
        var factorial = Rational.one
        for k in 0...Self.maxDegree {
            guard let atZero = try? current.substituting(.zero, for: z, limits: limits) else { return nil }
            coefficients.append(.number(factorial.reciprocal ?? .one) * atZero)
            guard let d = try? current.derivative(withRespectTo: z, limits: limits).canonicalized(limits: limits) else { return nil }
            if d.isZero { break }
            if k == Self.maxDegree { return nil }
            current = d
            factorial *= Rational(k + 1)
        }
        // Raw moments of N(mean, variance).
        var moments: [Expr] = [.one, mean]
        while moments.count < coefficients.count {
            let k = moments.count
            moments.append(mean * moments[k - 1] + Expr.integer(k - 1) * variance * moments[k - 2])
        }
        let terms = zip(coefficients, moments).map { $0.0 * $0.1 }
        return try? Expr.sum(terms).canonicalized(limits: limits)
    }
}
