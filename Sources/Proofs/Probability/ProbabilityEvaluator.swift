// Evaluating expectations, integrals and sums on an instance.
//
// Implementation notes
// --------------------
// Deterministic evaluation comes first: an expectation `E_{x ~ A, z ~ B(z|x)}[g]` is an
// iterated sum/integral, clause by clause in order (each clause's distribution is built from
// the instance's family and parameters evaluated at the earlier variables' values). Clauses
// with finite support are enumerated; continuous ones are integrated by adaptive
// Gauss–Kronrod over the distribution's support, at most `maxContinuousClauses` of them per
// expectation (beyond that the evaluator throws `needsSampling` and the caller switches to
// Monte Carlo). A clause over a density defined by an integral (`pz(z) = integral_{x}[A(x)
// B(z|x)]`) is expanded into its ancestral clauses (`x' ~ A, z ~ B(z|x')`), and such a density's
// *value* inside a body is computed by integrating (or summing) its definition, memoised by
// argument. `integral_{x}[…]` integrates over the support of the instance's distribution of
// x if one is bound, over x's finite support if the instance gives one (then it is a sum),
// and over the real line otherwise; `sum_{x}[…]` needs a finite support.
//
// Monte Carlo (`sample`) draws clauses ancestrally from the one seeded `RandomSource`,
// keyed by the expectation's clauses so both sides of a step share their random numbers.
//
// Quadrature evaluates densities at hundreds of thousands of nodes. A distribution is a
// function of its free parameters' and conditions' values, so the last one built per density
// is kept (`BuiltDistribution`) and reused for the same doubles; the environment's density
// functions hold their density's record. The innermost integrals of a nested expectation share
// one `SweepEvaluator`, compiled once over the outer clauses' variables too.

import Foundation
import Symbolic

/// Why a probabilistic quantity could not be evaluated deterministically.
enum ProbabilityEvaluationError: Error, CustomStringConvertible {
    case needsSampling(String)
    case unbound(String)
    case invalid(String)

    var description: String {
        switch self {
        case .needsSampling(let why): return "needs Monte Carlo: \(why)"
        case .unbound(let why): return why
        case .invalid(let why): return why
        }
    }
}

/// Evaluates big operators and densities of one instance.
final class ProbabilityEvaluator: @unchecked Sendable {
    let model: InstanceModel
    let densities: [String: DensityInfo]
    let limits: Limits
    /// Continuous clauses integrated by nested quadrature at most.
    let maxContinuousClauses = 2
    private var densityCache: [String: [[UInt64]: Double]] = [:]
    /// The last distribution built per bound density name (see `BuiltDistribution`).
    private var built: [String: BuiltDistribution] = [:]

    /// The last distribution built for one density, with the bit patterns of the free
    /// parameters' and conditions' values it was built for: quadrature nodes ask for the same
    /// distribution again and again, and building one evaluates its parameter expressions.
    /// The environment's density functions hold their density's record, so a call that can
    /// reuse it needs no lookup by name. Like the evaluator, used by one thread at a time.
    private final class BuiltDistribution: @unchecked Sendable {
        /// The density's free instance parameters (`parameterSymbols`), in order.
        let free: [Symbol]
        /// The density's variables before its conditions, in a call's arguments.
        let variableCount: Int
        var key: [UInt64] = []
        var distribution: Distribution?

        init(free: [Symbol], variableCount: Int) {
            self.free = free
            self.variableCount = variableCount
        }

        /// The distribution, when the last one was built for these values.
        @inline(__always)
        func reusable(_ conditions: ArraySlice<Double>, at point: Environment?) -> Distribution? {
            guard let distribution, key.count == free.count + conditions.count else { return nil }
            for (i, s) in free.enumerated() {
                guard let v = point?.values[s], v.bitPattern == key[i] else { return nil }
            }
            var i = free.count
            for v in conditions {
                if v.bitPattern != key[i] { return nil }
                i += 1
            }
            return distribution
        }
    }
    /// The declared density names (never read as inline families such as `bernoulli`).
    private lazy var declaredNames = Set(densities.keys)
    private var freshCounter = 0
    /// Parameters with the instance's values substituted, by density name.
    private var parameters: [String: [Expr]] = [:]
    /// The symbols the parameters still mention besides the conditions (the instance's free
    /// parameters), sorted by name, by density name.
    private var parameterSymbols: [String: [Symbol]] = [:]
    let quadratureOptions: QuadratureOptions
    /// The most integrand evaluations this evaluator spends in all, every level of every
    /// quadrature and sum counted (one evaluator serves one step on one instance). Each
    /// quadrature is bounded by `quadratureOptions.maxEvaluations`, but nested ones multiply.
    let maxTotalEvaluations: Int
    /// Integrand evaluations spent so far.
    private(set) var spentEvaluations = 0
    /// Why evaluation stopped at `maxTotalEvaluations`, once it has (for the step's report).
    var exhaustedBudget: String? {
        spentEvaluations > maxTotalEvaluations
            ? "the numeric search stopped at the limit quadratureTotalEvaluations (\(maxTotalEvaluations) integrand evaluations)"
            : nil
    }

    init(model: InstanceModel, densities: [String: DensityInfo], limits: Limits, quadratureEvaluations: Int = 200_000,
         totalEvaluations: Int = 4_000_000) {
        self.model = model
        self.densities = densities
        self.limits = limits
        self.maxTotalEvaluations = max(1, totalEvaluations)
        var options = QuadratureOptions()
        options.relativeTolerance = 1e-9
        options.absoluteTolerance = 1e-14
        options.maxEvaluations = max(1, quadratureEvaluations)
        self.quadratureOptions = options
        for (name, binding) in model.distributions {
            let substituted = binding.parameters.map { (try? $0.substituting(model.values, limits: limits)) ?? $0 }
            parameters[name] = substituted
            let free = substituted.reduce(into: Set<Symbol>()) { $0.formUnion($1.freeSymbols) }.subtracting(binding.conditions)
            parameterSymbols[name] = free.sorted { $0.name < $1.name }
            built[name] = BuiltDistribution(free: parameterSymbols[name] ?? [],
                                            variableCount: densities[name]?.variables.count ?? 1)
        }
    }

    /// Counts one integrand evaluation against `maxTotalEvaluations`.
    private func spend() throws(EvaluationError) {
        spentEvaluations += 1
        if spentEvaluations > maxTotalEvaluations {
            throw .limitExceeded(LimitExceeded(limit: "quadratureTotalEvaluations", requested: spentEvaluations,
                                               maximum: maxTotalEvaluations))
        }
    }

    // MARK: - Environment

    /// The prefix of the opaque functions that stand for log-densities (`log·p`), so that
    /// `log(p(z | x))` is evaluated as a log-density and does not underflow in the tails.
    static let logPrefix = "log·"

    /// The environment in which steps of this instance are evaluated: densities as
    /// functions, log-densities as `log·name`, big operators through this evaluator.
    func environment() -> Environment {
        var env = Environment()
        for (name, info) in densities {
            let arity = info.variables.count + info.conditions.count
            let conditioning = info.conditions.isEmpty ? nil : info.variables.count
            // A call whose distribution was just built for the same conditions (the next node
            // of a quadrature) uses it directly: the same value the full path computes.
            let record = built[name]
            env.define(name, conditioningIndex: conditioning, arity: arity) { [self] args in
                if let record, args.count >= record.variableCount,
                   let d = record.reusable(args[record.variableCount...], at: nil) {
                    return d.density(at: args[0])
                }
                return try self.densityValue(name, args)
            }
            env.define(Self.logPrefix + name, conditioningIndex: conditioning, arity: arity) { [self] args in
                if let record, args.count >= record.variableCount,
                   let d = record.reusable(args[record.variableCount...], at: nil) {
                    let value = d.logDensity(at: args[0])
                    if value.isFinite { return value }
                }
                return try self.logDensityValue(name, args)
            }
        }
        env.bigOperatorHandler = { [self] op, e throws(EvaluationError) -> Double in
            do {
                return try self.evaluate(op, e)
            } catch let error as EvaluationError {
                throw error
            } catch let failure as QuadratureFailure where failure.isDivergence {
                throw .divergent("\(failure)")
            } catch {
                throw .unsupported("\(error)")
            }
        }
        return env
    }

    // MARK: - Distributions

    /// The distribution of density `name` at conditioning values. Parameters that mention
    /// the instance's free parameters (`normal(z; rho*x, 1 - rho^2)` with `rho` free) take
    /// their values from `point`, the environment of the point being checked; the
    /// conditioning values win over anything of the same name there.
    func distribution(_ name: String, conditions: [Double], at point: Environment? = nil) throws -> Distribution {
        try distribution(name, conditionValues: conditions[...], at: point)
    }

    /// ``distribution(_:conditions:at:)`` with the conditioning values as a slice (of a call's
    /// arguments, without copying them).
    private func distribution(_ name: String, conditionValues conditions: ArraySlice<Double>, at point: Environment?) throws -> Distribution {
        if model.distributions[name] == nil, let form = marginalForm(name) {
            if let closed = closedFormMarginal(name, at: point) { return closed }
            if let missing = form.symbols.first(where: { point?.values[$0] == nil }) {
                throw Self.unvalued(name, missing, in: model.name)
            }
            throw ProbabilityEvaluationError.invalid("the marginal '\(name)' in instance '\(model.name)' is not a valid normal distribution here")
        }
        guard let binding = model.distributions[name] else {
            throw ProbabilityEvaluationError.unbound("density '\(name)' has no distribution in instance '\(model.name)'")
        }
        let free = parameterSymbols[name] ?? []
        for s in free where point?.values[s] == nil {
            // Only the step's own symbols are sampled: an instance parameter the step does
            // not mention has no value (the instance is then not evaluated, never guessed).
            throw Self.unvalued(name, s, in: model.name)
        }
        // The distribution is a function of the free parameters' and the conditions' values:
        // the last one built for `name` is reused when they are the same doubles.
        let record = built[name]
        if let d = record?.reusable(conditions, at: point) { return d }
        let key = free.map { point.unsafelyUnwrapped.values[$0].unsafelyUnwrapped.bitPattern } + conditions.map(\.bitPattern)
        var env = Environment()
        for (s, v) in zip(free, key) { env.values[s] = Double(bitPattern: v) }
        for (s, v) in zip(binding.conditions, conditions) { env.values[s] = v }
        var values: [Double] = []
        for p in parameters[name] ?? [] {
            do {
                values.append(try p.evaluate(at: env))
            } catch {
                throw ProbabilityEvaluationError.invalid("parameter \(p) of '\(name)' cannot be evaluated: \(error)")
            }
        }
        do {
            let made = try Distribution(family: binding.family, parameters: values)
            if let record {
                record.key = key
                record.distribution = made
            }
            return made
        } catch {
            throw ProbabilityEvaluationError.invalid("'\(name)' in instance '\(model.name)': \(error)")
        }
    }

    /// Density `name` depends on an instance parameter without a value at this point: only
    /// the symbols a step mentions are sampled, so the instance is not evaluated (never
    /// evaluated at a guessed value).
    private static func unvalued(_ name: String, _ parameter: Symbol, in instance: String) -> ProbabilityEvaluationError {
        .unbound("'\(name)' in instance '\(instance)' depends on its parameter '\(parameter.name)', which has no value here "
                 + "(only the symbols a step mentions are sampled)")
    }

    /// The log of density `name` at `args`, computed in log space where the distribution
    /// allows (no underflow in the tails); -∞ is reported as a domain error.
    func logDensityValue(_ name: String, _ args: [Double]) throws -> Double {
        guard let info = densities[name] else { throw ProbabilityEvaluationError.unbound("unknown density '\(name)'") }
        let nv = info.variables.count
        var value: Double
        if model.distributions[name] != nil {
            value = try distribution(name, conditionValues: args[nv...], at: nil).logDensity(at: args[0])
        } else if let closed = closedFormMarginal(name) {
            value = closed.logDensity(at: args[0])
        } else {
            value = Foundation.log(try densityValue(name, args))
        }
        guard value.isFinite else { throw EvaluationError.domain(operation: "log", argument: 0) }
        return value
    }

    /// Rewrites `log(p(args))` for every density p into `log·p(args)`, after splitting logs of
    /// products and quotients of (positive) densities, so bodies are evaluated in log space.
    func logSpace(_ e: Expr, assumptions: Assumptions) -> Expr {
        let split = (try? Rewriter(rules: RuleSet.expLog.rules, assumptions: assumptions, limits: limits).rewrite(e).expr) ?? e
        func walk(_ x: Expr) -> Expr {
            if case .call(.builtin(.log), let args) = x.kind, args.count == 1,
               case .call(.opaque(let o), let inner) = args[0].kind, densities[o.name] != nil, !o.isDifferentiated {
                return Expr(.call(.opaque(OpaqueFunction(name: Self.logPrefix + o.name, conditioningIndex: o.conditioningIndex)),
                                  inner.map(walk)))
            }
            if x.children.isEmpty { return x }
            return x.mapChildren(walk)
        }
        return walk(split)
    }

    /// The value of density `name` at `args` (variables then conditions).
    func densityValue(_ name: String, _ args: [Double]) throws -> Double {
        guard let info = densities[name] else { throw ProbabilityEvaluationError.unbound("unknown density '\(name)'") }
        let nv = info.variables.count
        if model.distributions[name] != nil {
            let d = try distribution(name, conditionValues: args[nv...], at: nil)
            return d.density(at: args[0])
        }
        guard let definition = info.definition else {
            throw ProbabilityEvaluationError.unbound("density '\(name)' has no distribution in instance '\(model.name)'")
        }
        if let closed = closedFormMarginal(name) { return closed.density(at: args[0]) }
        let key = args.map(\.bitPattern)
        if let hit = densityCache[name]?[key] { return hit }
        var env = environment()
        for (s, v) in zip(info.variables + info.conditions, args) { env.values[s] = v }
        let value = try evaluateDeterministically(definition, env)
        densityCache[name, default: [:]][key] = value
        return value
    }

    // MARK: - Big operators

    func evaluate(_ op: BigOperator, _ env: Environment) throws -> Double {
        switch op.name {
        case "E":
            // Inline finite distributions (`e ~ bernoulli(p)`), conditioned or not.
            if let inline = DiscreteExpectation(op, declared: declaredNames) {
                return try inline.numericValue(at: env)
            }
            guard let clauses = op.samplingClauses(densities: densities) else {
                throw ProbabilityEvaluationError.invalid("expectation clauses must be `v ~ density`")
            }
            let expanded = expandComposites(clauses)
            let continuous = try expanded.filter { try !isFinite($0, env) }.count
            if continuous > maxContinuousClauses {
                throw ProbabilityEvaluationError.needsSampling("\(continuous) continuous variables")
            }
            if continuous == 2, expanded.count == 2, let swapped = try swappedOrder(expanded, op.body, env) {
                return swapped
            }
            // One sweep evaluator for the innermost integrals at every outer node: compiled
            // once, over the outer clauses' variables too (see `SweepEvaluator`).
            let variables = expanded.map(\.variable)
            var innermost: SweepEvaluator?
            if let last = variables.last, Set(variables).count == variables.count {
                innermost = SweepEvaluator(op.body, varying: last, rebinding: Array(variables.dropLast()), environment: env)
            }
            return try iterate(expanded, 0, op.body, env, weight: 1, innermost: innermost)
        case "integral", "sum":
            guard op.bindings.count == 1, let v = op.bindings[0].subject.symbolValue, op.bindings[0].relation == .bare else {
                throw ProbabilityEvaluationError.invalid("\(op.name) over one variable, written \(op.name)_{x}[…]")
            }
            if let support = model.supports[v] {
                var total = CompensatedSum()
                for s in support {
                    var e = env
                    e.values[v] = try s.evaluate(at: Environment())
                    total.add(try op.body.evaluate(at: e))
                }
                return total.value
            }
            if op.name == "sum" {
                throw ProbabilityEvaluationError.invalid("sum over '\(v.name)' needs a finite support (`\(v.name) in {…}` in the instance)")
            }
            let bounds = supportBounds(of: v)
            let result = try Quadrature.integrate(from: bounds.lower, to: bounds.upper, options: quadratureOptions) { x in
                try self.spend()
                var e = env
                e.values[v] = x
                return try op.body.evaluate(at: e)
            }
            return result.value
        default:
            throw ProbabilityEvaluationError.invalid("big operator \(op.name) has no numeric meaning here")
        }
    }

    /// The support of the instance's distribution over variable `v`, if any density of the
    /// instance is over v; the real line otherwise.
    private func supportBounds(of v: Symbol) -> (lower: Double, upper: Double) {
        for (name, binding) in model.distributions.sorted(by: { $0.key < $1.key }) where binding.variable == v {
            if binding.conditions.isEmpty, let d = try? distribution(name, conditions: []) {
                return d.support.bounds
            }
        }
        return (-.infinity, .infinity)
    }

    /// The closed form of a marginal `D(z) = integral_{x}[A(x) B(z | x)]` when A is a normal
    /// N(m, v) and B a normal whose mean is affine in x, a·x + b, with variance s² not
    /// depending on x: then D is N(a m + b, a² v + s²) (Gaussian conjugacy). Its mean and
    /// variance may mention the instance's free parameters (`normal(z; s*x, 1 - s^2)`), whose
    /// values come from `point`; `nil` when there is no closed form, or when a parameter has
    /// no value there.
    func closedFormMarginal(_ name: String, at point: Environment? = nil) -> Distribution? {
        guard let form = marginalForm(name) else { return nil }
        if form.symbols.isEmpty { return form.constant }
        var env = Environment()
        for s in form.symbols {
            guard let v = point?.values[s] else { return nil }
            env.values[s] = v
        }
        return form.distribution(in: env)
    }

    /// Whether density `name` is a marginal with a closed form (whatever the point).
    func hasClosedFormMarginal(_ name: String) -> Bool {
        marginalForm(name) != nil
    }

    /// The Gaussian closed form of a marginal: mean and variance as expressions in the
    /// instance's free parameters (`symbols`), and the distribution itself when there are none.
    struct MarginalForm {
        let mean: Expr
        let variance: Expr
        /// The prior's parameters (a valid prior is required wherever the form is used).
        let prior: [Expr]
        let symbols: [Symbol]
        var constant: Distribution?

        /// The marginal with the free parameters' values in `env`; `nil` where the prior
        /// or the marginal is not a valid normal there.
        func distribution(in env: Environment) -> Distribution? {
            guard let p0 = try? prior[0].evaluate(at: env), let p1 = try? prior[1].evaluate(at: env),
                  (try? Distribution(family: .normal, parameters: [p0, p1])) != nil,
                  let m = try? mean.evaluate(at: env), let v = try? variance.evaluate(at: env) else { return nil }
            return try? Distribution(family: .normal, parameters: [m, v])
        }
    }

    private func marginalForm(_ name: String) -> MarginalForm? {
        if let cached = marginalCache[name] { return cached }
        let result = computeMarginalForm(name)
        marginalCache[name] = .some(result)
        return result
    }

    private var marginalCache: [String: MarginalForm?] = [:]

    private func computeMarginalForm(_ name: String) -> MarginalForm? {
        guard model.distributions[name] == nil, let info = densities[name], info.conditions.isEmpty,
              let def = info.definition, case .bigOperator(let op) = def.kind, op.name == "integral",
              op.bindings.count == 1, let x = op.bindings[0].subject.symbolValue,
              case .product(let factors) = def.bigOperatorBody.kind, factors.count == 2 else { return nil }
        var prior: (String, Expr)?, conditional: (String, Expr)?
        for f in factors {
            guard case .call(.opaque(let o), let args) = f.kind, let binding = model.distributions[o.name],
                  binding.family == .normal else { return nil }
            let split = o.conditioningIndex ?? args.count
            if split == args.count, args.first?.symbolValue == x {
                prior = (o.name, f)
            } else if split < args.count, args[0].symbolValue == info.variables[0] {
                conditional = (o.name, f)
            }
        }
        guard let (priorName, _) = prior, let (conditionalName, conditionalCall) = conditional,
              let priorBinding = model.distributions[priorName], priorBinding.conditions.isEmpty,
              let priorParameters = parameters[priorName], priorParameters.count == 2,
              let binding = model.distributions[conditionalName],
              case .call(.opaque(let o), let args) = conditionalCall.kind,
              let split = o.conditioningIndex else { return nil }
        // The conditional's parameters as expressions in x.
        var substitution: [Symbol: Expr] = [:]
        for (s, arg) in zip(binding.conditions, args[split...]) { substitution[s] = arg }
        guard let params = parameters[conditionalName], params.count == 2,
              let mean = try? params[0].substituting(substitution, limits: limits),
              let variance = try? params[1].substituting(substitution, limits: limits),
              !variance.contains(x) else { return nil }
        // mean = a x + b, exactly affine in x.
        guard let slope = try? mean.derivative(withRespectTo: x, limits: limits).canonicalized(limits: limits),
              !slope.contains(x),
              let intercept = try? mean.substituting(.zero, for: x, limits: limits),
              let affine = try? RationalNormalForm(mean - (slope * .symbol(x) + intercept), limits: limits),
              affine.isZero else { return nil }
        let (m0, v0) = (priorParameters[0], priorParameters[1])
        let marginalMean = slope * m0 + intercept
        let marginalVariance = slope * slope * v0 + variance
        // Anything left free must be an instance parameter (not the bound x, nor z).
        let symbols = [marginalMean, marginalVariance, m0, v0].reduce(into: Set<Symbol>()) { $0.formUnion($1.freeSymbols) }.sorted()
        guard !symbols.contains(x), !symbols.contains(info.variables[0]) else { return nil }
        var form = MarginalForm(mean: marginalMean, variance: marginalVariance, prior: [m0, v0], symbols: symbols, constant: nil)
        if symbols.isEmpty {
            guard let d = form.distribution(in: Environment()) else { return nil }
            form.constant = d
        }
        return form
    }

    /// A clause over a density defined by an integral becomes its ancestral clauses (or
    /// stays, when the marginal has a closed form).
    private func expandComposites(_ clauses: [SamplingClause]) -> [SamplingClause] {
        var out: [SamplingClause] = []
        for c in clauses {
            if hasClosedFormMarginal(c.densityName) {
                out.append(c)
                continue
            }
            guard model.distributions[c.densityName] == nil, let info = densities[c.densityName],
                  let def = info.definition, case .bigOperator(let op) = def.kind, op.name == "integral",
                  op.bindings.count == 1, let inner = op.bindings[0].subject.symbolValue,
                  case .product(let factors) = def.bigOperatorBody.kind, factors.count == 2 else {
                out.append(c)
                continue
            }
            // integral_{x}[A(x) * B(z | x)] with the density's variable renamed to the clause's.
            freshCounter += 1
            let fresh = Symbol("\(inner.name)'\(freshCounter)")
            // The bound variable wins when it has the density's own name (`pz(z) =
            // integral_{z}[…]`: every z in the body is the bound one). A dictionary literal
            // with equal keys would trap (fuzz seed 7, input 848,684).
            var renaming: [Symbol: Expr] = [info.variables[0]: .symbol(c.variable)]
            renaming[inner] = .symbol(fresh)
            let parts = factors.compactMap { try? $0.substituting(renaming, limits: limits) }
            guard parts.count == 2 else { out.append(c); continue }
            // The factor that mentions the clause's variable is the conditional.
            let (first, second) = parts[0].contains(c.variable) ? (parts[1], parts[0]) : (parts[0], parts[1])
            guard case .call(.opaque(let fa), _) = first.kind, case .call(.opaque(let fb), let argsB) = second.kind else {
                out.append(c)
                continue
            }
            let split = fb.conditioningIndex ?? argsB.count
            out.append(SamplingClause(variable: fresh, density: first, densityName: fa.name, conditions: []))
            out.append(SamplingClause(variable: c.variable, density: second, densityName: fb.name, conditions: Array(argsB[split...])))
        }
        return out
    }

    private func isFinite(_ clause: SamplingClause, _ env: Environment) throws -> Bool {
        if model.supports[clause.variable] != nil { return true }
        guard let binding = model.distributions[clause.densityName] else { return false }
        switch binding.family {
        case .bernoulli, .categorical, .table: return true
        case .beta, .exponential, .gamma, .laplace, .normal, .normalmixture, .uniform: return false
        }
    }

    /// Weights below this are treated as zero: a density underflowing in the far tails
    /// contributes nothing measurable, and the body there may be 0/0 in floating point.
    static let negligibleWeight = 1e-250

    /// Σ/∫ over clauses[i...] of the body, weighted by the clauses' densities; `weight` is
    /// the product of the weights so far.
    ///
    /// `innermost`, when given, evaluates the body in the innermost integral: its variable is
    /// the last clause's and it rebinds the earlier clauses' variables, in order.
    private func iterate(_ clauses: [SamplingClause], _ i: Int, _ body: Expr, _ env: Environment, weight: Double,
                         innermost: SweepEvaluator? = nil) throws -> Double {
        if i == clauses.count {
            do {
                return try body.evaluate(at: env)
            } catch {
                if weight < Self.negligibleWeight { return 0 }
                throw error
            }
        }
        let c = clauses[i]
        let conditionValues = try c.conditions.map { try $0.evaluate(at: env) }
        let d = try distribution(c.densityName, conditions: conditionValues, at: env)
        switch d.support {
        case .finite(let values):
            var total = CompensatedSum()
            for v in values {
                let w = d.density(at: v)
                if w == 0 { continue }
                var e = env
                e.values[c.variable] = v
                total.add(w * (try iterate(clauses, i + 1, body, e, weight: weight * w, innermost: innermost)))
            }
            return total.value
        case .realLine, .interval:
            let (lo, hi) = d.support.bounds
            var options = quadratureOptions
            if case .normal(let n) = d {
                options.center = n.mean
                options.scale = n.standardDeviation
            }
            // The innermost integral evaluates the body at every node: one sweep evaluator
            // (compiled, no environment copy per node), the same values and errors.
            var sweep: SweepEvaluator?
            if i + 1 == clauses.count {
                if let innermost, innermost.outerSymbols.allSatisfy({ env.values[$0] != nil }) {
                    for (k, s) in innermost.outerSymbols.enumerated() {
                        innermost.setValue(env.values[s].unsafelyUnwrapped, ofOuterSymbol: k)
                    }
                    sweep = innermost
                } else {
                    sweep = SweepEvaluator(body, varying: c.variable, environment: env)
                }
            }
            let result = try Quadrature.integrate(from: lo, to: hi, options: options) { x in
                try self.spend()
                let w = d.density(at: x)
                if w * weight < Self.negligibleWeight { return 0 }
                if let sweep {
                    do {
                        return w * (try sweep.value(at: x))
                    } catch {
                        if weight * w < Self.negligibleWeight { return 0 }
                        throw error
                    }
                }
                var e = env
                e.values[c.variable] = x
                return w * (try self.iterate(clauses, i + 1, body, e, weight: weight * w, innermost: innermost))
            }
            return result.value
        }
    }

    /// ∫∫ A(x) B(z | x) g dz dx integrated with z outermost, when g contains a density
    /// defined by an integral whose value depends on z only (a marginal `pz(z)`): then each
    /// value is computed once per outer node instead of once per (x, z) pair. Requires B to be
    /// supported on the whole line (so the z range does not depend on x); `nil` otherwise.
    private func swappedOrder(_ clauses: [SamplingClause], _ body: Expr, _ env: Environment) throws -> Double? {
        let (a, b) = (clauses[0], clauses[1])
        let composite = body.containsSubexpression { e in
            guard case .call(.opaque(let o), let args) = e.kind, self.model.distributions[o.name] == nil,
                  self.densities[o.name]?.definition != nil, !self.hasClosedFormMarginal(o.name) else { return false }
            return args.allSatisfy { !$0.contains(a.variable) }
        }
        guard composite, let bBinding = model.distributions[b.densityName], bBinding.family == .normal || bBinding.family == .laplace else {
            return nil
        }
        let dA = try distribution(a.densityName, conditions: try a.conditions.map { try $0.evaluate(at: env) }, at: env)
        guard !dA.support.isFinite else { return nil }
        let (lo, hi) = dA.support.bounds
        var outer = quadratureOptions
        outer.relativeTolerance = 1e-9
        var inner = quadratureOptions
        inner.relativeTolerance = 1e-9
        if case .normal(let n) = dA {
            inner.center = n.mean
            inner.scale = n.standardDeviation
        }
        let result = try Quadrature.integrate(from: -.infinity, to: .infinity, options: outer) { z in
            try self.spend()
            var ez = env
            ez.values[b.variable] = z
            let r = try Quadrature.integrate(from: lo, to: hi, options: inner) { x in
                try self.spend()
                let wa = dA.density(at: x)
                if wa == 0 { return 0 }
                var e = ez
                e.values[a.variable] = x
                let dB = try self.distribution(b.densityName, conditions: try b.conditions.map { try $0.evaluate(at: e) }, at: e)
                let w = wa * dB.density(at: z)
                if w < Self.negligibleWeight { return 0 }
                do {
                    return w * (try body.evaluate(at: e))
                } catch {
                    if w < 1e-200 { return 0 }
                    throw error
                }
            }
            return r.value
        }
        return result.value
    }

    /// Evaluates an expression with this evaluator's environment merged into `env`.
    func evaluateDeterministically(_ e: Expr, _ env: Environment) throws -> Double {
        try e.evaluate(at: env)
    }

    // MARK: - Sampling

    /// Draws one joint sample of the clauses (ancestrally) into `env`.
    func drawSample(_ clauses: [SamplingClause], into env: inout Environment, rng: inout RandomSource) throws {
        for c in clauses {
            let conditionValues = try c.conditions.map { try $0.evaluate(at: env) }
            let d = try distribution(c.densityName, conditions: conditionValues, at: env)
            env.values[c.variable] = d.sample(using: &rng)
        }
    }

    /// The clauses of an expectation with composite densities expanded (for sampling).
    func samplingPlan(_ op: BigOperator) -> [SamplingClause]? {
        guard let clauses = op.samplingClauses(densities: densities) else { return nil }
        return expandComposites(clauses)
    }
}

extension Expr {
    /// The body of a big operator (self otherwise).
    var bigOperatorBody: Expr {
        if case .bigOperator(let op) = kind { return op.body }
        return self
    }
}
