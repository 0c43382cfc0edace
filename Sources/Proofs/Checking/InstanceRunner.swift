// Re-checking a step on a concrete instance.
import Symbolic

/// Checks steps with an instance's values and functions substituted.
///
/// Values (`a = 1`) and functions (`f(u) = u*log(u)`) are substituted symbolically, so a
/// step that becomes a statement about numbers can be decided exactly; symbols the instance
/// leaves free are still sampled from their domains. Distributions and finite supports are
/// the probability layer's; a step that needs them and has no other way to be evaluated is
/// reported as not evaluable on this instance, never as agreeing.
struct InstanceRunner {
    let context: CheckContext
    let instance: Instance
    let options: CheckOptions

    struct Outcome {
        var summary: InstanceCheck
        var counterexample: Counterexample?
        /// Why the step is undefined on this instance (its values make a side undefined
        /// whatever the remaining symbols are, e.g. `log(a)` with `a = -2`).
        var undefined: String? = nil
    }

    func check(lhs: Expr, rhs: Expr, relation: Relation, hints: [Hint]) -> Outcome {
        let name = instance.name.value
        // The instance's values of declared matrices replace their entries (checked against
        // the declared shape and properties).
        let context: CheckContext
        do {
            context = try self.context.bindingMatrices(of: instance)
        } catch {
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: "does not apply: \(error)"),
                           counterexample: nil)
        }
        var values: [Symbol: Expr] = [:]
        var functions: [(String, [Symbol], Expr)] = []
        for b in instance.bindings {
            switch b {
            case .value(let n, let v, _): values[n.value] = v.value
            case .function(let n, let ps, let body, _): functions.append((n.value, ps.map(\.value), body.value))
            case .density, .support: break
            }
        }
        func bind(_ e: Expr) throws -> Expr {
            var out = try context.unfolding(e)
            for (n, ps, body) in functions { out = try out.substituting(function: n, parameters: ps, body: body, limits: options.limits) }
            if !values.isEmpty { out = try out.substituting(values, limits: options.limits) }
            return out
        }
        let l: Expr, r: Expr
        do {
            var left = lhs, right = rhs
            let substitutions = hints.filter { $0.name.value == "substitute" }
            if !substitutions.isEmpty {
                left = try context.unfolding(left).canonicalized(limits: options.limits)
                right = try context.unfolding(right).canonicalized(limits: options.limits)
            }
            for hint in substitutions {
                var replacements: [Symbol: Expr] = [:]
                for arg in hint.arguments { replacements[arg.name.value] = arg.value.value }
                left = try left.substituting(replacements, limits: options.limits)
                right = try right.substituting(replacements, limits: options.limits)
            }
            l = try bind(left)
            r = try bind(right)
        } catch {
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: "could not bind: \(error)"), counterexample: nil)
        }
        // A theorem about the matrices as written (`by cauchy-binet`) holds for every value of
        // their entries, so it covers the instance too: where the instance leaves entries
        // free, the symbolic expansion is not attempted again; the numbers still run.
        let theorem: String?
        if hints.contains(where: { $0.name.value == "cauchy-binet" }),
           let matrix = StepChecker(context: context).cauchyBinetProof(previous: lhs, next: rhs, relation: relation).matrix,
           !(l.freeSymbols.isEmpty && r.freeSymbols.isEmpty) {
            theorem = "Cauchy–Binet, which holds for every \(matrix.name)"
        } else {
            theorem = nil
        }
        func byTheorem(_ note: String, points: Int) -> Outcome {
            Outcome(summary: InstanceCheck(instance: name, verdict: .exact,
                                           summary: "exact by \(note); \(points) numeric points agree"),
                    counterexample: nil)
        }
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = options.limits
        checker.seed = StableHash.combine(options.seed, StableHash.of(name))
        checker.points = max(4, options.numericPoints / 4)
        checker.useStandIns(of: context)
        checker.runsSymbolicPhase = true
        checker.allowsAssumedConditions = false
        let model = InstanceModel(instance)
        let probabilistic = model.isProbabilistic || [l, r].contains { $0.containsBigOperator }
        var evaluator: ProbabilityEvaluator?
        var left = l, right = r
        if probabilistic {
            let e = ProbabilityEvaluator(model: model, densities: context.densities, limits: options.limits,
                                         quadratureEvaluations: options.quadratureEvaluations,
                                         totalEvaluations: options.quadratureTotalEvaluations)
            evaluator = e
            // KL and H by their definitions; expectations by enumeration or quadrature.
            let definitions = context.extraRules.filter { $0.name == "kl-definition" || $0.name == "entropy-definition" }
            var leftIsCanonical = false, rightIsCanonical = false
            let nodeHeads = NodeHeads()
            rewrite(&left, isCanonical: &leftIsCanonical, with: definitions, context: context, heads: nodeHeads)
            rewrite(&right, isCanonical: &rightIsCanonical, with: definitions, context: context, heads: nodeHeads)
            if !(leftIsCanonical && Self.logSpaceKeeps(heads: nodeHeads.heads(of: left))) {
                left = e.logSpace(left, assumptions: context.assumptions)
            }
            if !(rightIsCanonical && Self.logSpaceKeeps(heads: nodeHeads.heads(of: right))) {
                right = e.logSpace(right, assumptions: context.assumptions)
            }
            // Linearity and change of measure bring bodies to the forms the exact engines
            // take (E_q[(p/q) log(p/q)] is E_p[log p - log q]).
            // A change of measure the instance's supports do not allow (P not ≪ Q) is not
            // applied: the instance then evaluates the expectation as written.
            let pairs = AbsoluteContinuity.changeOfMeasurePairs(in: [left, right], densities: context.densities)
            let measureChangeAllowed = AbsoluteContinuity.violations(of: pairs, on: model).isEmpty
            // Bayes resamples a declared posterior in generative order, which the evaluator
            // can sample and integrate.
            let shaping = context.extraRules.filter { $0.name == "linearity" || ($0.name == "change-of-measure" && measureChangeAllowed) }
                + context.citedOnlyRules.filter { $0.name == "bayes" } + context.facts
            rewrite(&left, isCanonical: &leftIsCanonical, with: shaping, context: context, heads: nodeHeads)
            rewrite(&right, isCanonical: &rightIsCanonical, with: shaping, context: context, heads: nodeHeads)
            // Exact closed forms first (finite enumeration, Gaussian moments).
            var exact = ExactExpectation(model: model, densities: context.densities, limits: options.limits)
            exact.planner = { op in e.samplingPlan(op) }
            let (l2, lComplete) = exact.transform(left)
            let (r2, rComplete) = exact.transform(right)
            if lComplete && rComplete {
                var exactChecker = EquivalenceChecker(assumptions: context.assumptions)
                exactChecker.limits = options.limits
                exactChecker.seed = checker.seed
                exactChecker.points = checker.points
                exactChecker.useStandIns(of: context)
                exactChecker.environment = e.environment()
                exactChecker.allowsAssumedConditions = false
                let l3 = exact.resolveDensities(l2), r3 = exact.resolveDensities(r2)
                // A refutation here is used only for an equation between closed sides (below):
                // otherwise its counterexample is not shrunk (8 × 8 determinants refuted by
                // rounding would be re-evaluated at hundreds of simpler points for nothing).
                exactChecker.shrinksCounterexamples = relation == .equal && l3.freeSymbols.isEmpty && r3.freeSymbols.isEmpty
                if theorem != nil { exactChecker.runsSymbolicPhase = false }
                let decided = exactChecker.decide(l3, relation, r3)
                if let theorem, decided.verdict == .numeric { return byTheorem(theorem, points: decided.points) }
                if decided.verdict == .numeric || decided.verdict == .exact {
                    let text = "closed forms \(l3) and \(r3) agree at \(decided.points) points of the instance's free parameters"
                    return Outcome(summary: InstanceCheck(instance: name, verdict: .numeric, summary: text), counterexample: nil)
                }
                if decided.verdict == .proved {
                    var text: String
                    if relation == .equal {
                        text = "exact: both sides \(l3)"
                        if let v = try? l3.evaluate(at: exactChecker.environment) { text += " = \(formatDouble(v))" }
                    } else {
                        let lv = (try? l3.evaluate(at: exactChecker.environment)).map { " = \(formatDouble($0))" } ?? ""
                        let rv = (try? r3.evaluate(at: exactChecker.environment)).map { " = \(formatDouble($0))" } ?? ""
                        text = "exact: left \(l3)\(lv) \(relation.rawValue) right \(r3)\(rv)"
                    }
                    return Outcome(summary: InstanceCheck(instance: name, verdict: .exact, summary: text), counterexample: nil)
                }
                if decided.verdict == .refuted, relation == .equal,
                   let lv = try? l3.evaluate(at: exactChecker.environment), let rv = try? r3.evaluate(at: exactChecker.environment),
                   abs(lv - rv) > 1e-6 * max(1, abs(lv), abs(rv)) {
                    let cx = Counterexample(assignment: [], instance: name, lhsValue: "\(l3) = \(formatDouble(lv))",
                                            rhsValue: "\(r3) = \(formatDouble(rv))", isExact: true)
                    return Outcome(summary: InstanceCheck(instance: name, verdict: .refuted,
                                                          summary: "exact: left \(l3) = \(formatDouble(lv)), right \(r3) = \(formatDouble(rv))"),
                                   counterexample: cx)
                }
            }
            checker.environment = e.environment()
            checker.environment.bigOperatorHandler = OptimizationOperators.handler(next: checker.environment.bigOperatorHandler)
            if let refutation = divergenceRefutation(left, relation, right, environment: checker.environment) {
                return refutation
            }
            checker.runsSymbolicPhase = false
            // Quadrature is accurate to ~1e-10 relative; compare with margin to spare.
            checker.relativeTolerance = 1e-7
            checker.refutationTolerance = 1e-5
        }
        if evaluator == nil {
            checker.environment.bigOperatorHandler = OptimizationOperators.handler(next: nil)
        }
        checker.configureMatrices(for: [left, right], context: context)
        if theorem != nil { checker.runsSymbolicPhase = false }
        var result = EntrywiseDecision.decide(checker, left, relation, right)
        if let theorem, result.verdict == .numeric { return byTheorem(theorem, points: result.points) }
        // A stand-in for an opaque function is one random function of its declared shape per
        // seed: a claim that holds for the one drawn can fail for another (`f` convex with
        // f(1) = 0 is a family, not a function). Numbers only refute, so three more draws
        // can only refute.
        if result.verdict == .numeric, Self.usesStandIns([left, right], environment: checker.environment) {
            for draw in 1...3 {
                var other = checker
                other.seed = StableHash.combine(checker.seed, UInt64(draw))
                let again = EntrywiseDecision.decide(other, left, relation, right)
                if again.verdict == .refuted {
                    result = again
                    break
                }
            }
        }
        if let e = evaluator, result.verdict == .unknown, result.notes.contains(where: { $0.contains("needs Monte Carlo") }) {
            return sampled(left, relation, right, evaluator: e, model: model)
        }
        switch result.verdict {
        case .proved, .exact, .numeric:
            var text = result.verdict == .numeric ? "agrees at \(result.points) points" : "agrees (\(result.verdict.rawValue))"
            if left.freeSymbols.isEmpty && right.freeSymbols.isEmpty {
                if let lv = try? left.evaluate(at: checker.environment) {
                    text = result.verdict == .numeric ? "agrees" : text
                    if relation == .equal {
                        text += ", both sides \(formatDouble(lv))"
                    } else if let rv = try? right.evaluate(at: checker.environment) {
                        text += ": left \(formatDouble(lv)) \(relation.rawValue) right \(formatDouble(rv))"
                    }
                }
            }
            let verdict: Verdict = result.verdict == .numeric ? .numeric : .exact
            if let why = evaluator?.exhaustedBudget { text += "; " + why }
            return Outcome(summary: InstanceCheck(instance: name, verdict: verdict, summary: text), counterexample: nil)
        case .refuted:
            let cx = result.counterexample
            var text = "disagrees"
            // Numbers against a theorem that covers the instance: the checker is wrong somewhere.
            if let theorem { text = "internal error: the numbers contradict \(theorem) (a checker bug; please report it); " + text }
            if let c = cx {
                text += (c.assignment.isEmpty ? "" : " at " + c.assignmentText) + ": left \(c.lhs), right \(c.rhs)"
            }
            let counterexample = cx.map {
                Counterexample(assignment: $0.assignment.map { .init(name: $0.symbol.name, value: PointCounterexample.format($0.value, $0.approximate)) },
                               instance: name, lhsValue: $0.lhs, rhsValue: $0.rhs, isExact: $0.isExact)
            }
            return Outcome(summary: InstanceCheck(instance: name, verdict: .refuted, summary: text), counterexample: counterexample)
        case .unknown:
            if let undefined = result.undefined {
                return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: "undefined: \(undefined)"),
                               counterexample: nil, undefined: undefined)
            }
            let why = result.notes.first ?? result.undefined ?? "undecided"
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: why), counterexample: nil)
        }
    }

    /// `Rewriter(rules: rules).rewrite(e).expr` in place, left as it is when the rewrite
    /// throws. The canonical form the rewrite starts from comes from the file's memo, a side
    /// already canonical (an earlier rewrite's result) is not normalised again, and when no
    /// rule can be tried at any node the result is that canonical form itself (the
    /// rewriter's walk then returns every node unchanged; it throws only past `maxDepth`, so
    /// deeper trees still take it): the same expression either way.
    private func rewrite(_ e: inout Expr, isCanonical: inout Bool, with rules: [RewriteRule], context: CheckContext,
                         heads: NodeHeads) {
        let start: Expr
        if isCanonical {
            start = e
        } else {
            guard let c = try? context.normalForms.canonical(e, limits: options.limits) else { return }
            start = c
        }
        if start.height <= options.limits.maxDepth && !Self.rulesMayApply(rules, heads: heads.heads(of: start)) {
            e = start
            isCanonical = true
            return
        }
        guard let out = try? Rewriter(rules: rules, limits: options.limits).rewrite(canonical: start) else { return }
        e = out.expr
        isCanonical = true
    }

    /// An equality between a divergent integral and a finite number is false: a side whose
    /// integral diverges has no finite value (it is reported, never averaged). Only closed
    /// sides (no free symbols) are judged; two divergent sides stay undecided.
    private func divergenceRefutation(_ l: Expr, _ relation: Relation, _ r: Expr, environment: Environment) -> Outcome? {
        guard relation == .equal, l.freeSymbols.isEmpty, r.freeSymbols.isEmpty else { return nil }
        func value(_ e: Expr) -> Result<Double, EvaluationError> {
            do { return .success(try e.evaluate(at: environment)) } catch { return .failure(error) }
        }
        let lv = value(l), rv = value(r)
        let divergent: (side: String, evidence: String), finite: (side: String, value: Double)
        switch (lv, rv) {
        case (.failure(.divergent(let why)), .success(let v)): divergent = ("left", why); finite = ("right", v)
        case (.success(let v), .failure(.divergent(let why))): divergent = ("right", why); finite = ("left", v)
        default: return nil
        }
        let name = instance.name.value
        let text = "the \(divergent.side) side diverges (\(divergent.evidence)); the \(finite.side) side is \(formatDouble(finite.value))"
        let divergentText = "diverges", finiteText = formatDouble(finite.value)
        let cx = Counterexample(assignment: [], instance: name,
                                lhsValue: divergent.side == "left" ? divergentText : finiteText,
                                rhsValue: divergent.side == "left" ? finiteText : divergentText, isExact: false)
        return Outcome(summary: InstanceCheck(instance: name, verdict: .refuted, summary: text), counterexample: cx)
    }

    /// The Monte Carlo comparison of a step on this instance.
    private func sampled(_ l: Expr, _ relation: Relation, _ r: Expr, evaluator: ProbabilityEvaluator,
                         model: InstanceModel) -> Outcome {
        let name = instance.name.value
        let policy: ZTestPolicy
        do {
            policy = try ZTestPolicy(familyWiseRate: 1e-6, numberOfTests: max(1, options.sampledTestsInFile))
        } catch {
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: "\(error)"), counterexample: nil)
        }
        let difference: Expr
        switch relation {
        case .equal, .notEqual, .lessEqual, .less: difference = l - r
        case .greaterEqual, .greater: difference = r - l
        }
        let comparison = SampledComparison(evaluator: evaluator, difference: difference,
                                           samples: model.samples ?? options.monteCarloSamples,
                                           seed: StableHash.combine(model.seed ?? options.seed, StableHash.of(name)),
                                           policy: policy)
        let outcome: SampledComparison.Outcome
        do {
            outcome = try comparison.run()
        } catch {
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: "\(error)"), counterexample: nil)
        }
        if outcome.verdict == .undetermined {
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: outcome.note ?? outcome.summary),
                           counterexample: nil)
        }
        // Equality fails on |z| > threshold; an inequality lhs <= rhs (difference l - r) fails
        // only when the difference is significantly positive.
        let fails: Bool
        switch relation {
        case .equal: fails = outcome.verdict == .discrepant
        case .notEqual: fails = outcome.verdict == .consistent
        case .lessEqual, .less, .greaterEqual, .greater: fails = outcome.z > outcome.threshold
        }
        if fails {
            let cx = Counterexample(assignment: [], instance: name, lhsValue: "lhs − rhs = \(formatDouble(outcome.estimate)) ± \(formatDouble(outcome.standardError))",
                                    rhsValue: "z = \(formatDouble(outcome.z)) beyond \(formatDouble(outcome.threshold))", isExact: false)
            return Outcome(summary: InstanceCheck(instance: name, verdict: .refuted, summary: "sampled: " + outcome.summary), counterexample: cx)
        }
        return Outcome(summary: InstanceCheck(instance: name, verdict: .sampled, summary: "sampled: " + outcome.summary), counterexample: nil)
    }
}

extension Expr {
    /// Whether a big operator occurs anywhere in the expression.
    var containsBigOperator: Bool {
        occurringKinds.contains(.bigOperator)
    }
}

extension InstanceRunner {
    /// Whether some rule of `rules` can be tried at some node of `e`: a node whose head
    /// (``Expr/headKey``) is one of the rules' heads, or any node when a rule matches any
    /// head. ``IndexedRules`` tries exactly those rules at a node, so when this is false a
    /// rewrite of a canonical `e` by `rules` fires nothing and returns `e` itself.
    static func rulesMayApply(_ rules: [RewriteRule], in e: Expr) -> Bool {
        rulesMayApply(rules, heads: NodeHeads.of(e))
    }

    /// ``rulesMayApply(_:in:)`` from the heads of an expression's nodes.
    static func rulesMayApply(_ rules: [RewriteRule], heads: Set<String>) -> Bool {
        rules.contains { r in r.heads.map { !heads.isDisjoint(with: $0) } ?? true }
    }

    /// Whether `ProbabilityEvaluator.logSpace` returns the canonical expression `e` as it is:
    /// it rewrites with the exp-log rules (a canonical `e` at whose nodes none of them can be
    /// tried comes back unchanged) and then renames logs of densities, which needs a `log`
    /// node — and `log` is one of those rules' heads.
    static func logSpaceKeeps(_ e: Expr) -> Bool {
        logSpaceKeeps(heads: NodeHeads.of(e))
    }

    /// ``logSpaceKeeps(_:)`` from the heads of an expression's nodes.
    static func logSpaceKeeps(heads: Set<String>) -> Bool {
        !rulesMayApply(RuleSet.expLog.rules + [logHeadMarker], heads: heads)
    }

    /// A rule that never fires, whose head is `log` (so that ``logSpaceKeeps(_:)`` does not
    /// depend on the exp-log rules covering `log`).
    private static let logHeadMarker = RewriteRule(computed: "log-head", summary: "marks the head log", heads: ["call:log"]) { _, _ in nil }

    /// Whether evaluating `expressions` in `environment` needs a random stand-in for some
    /// opaque function (one the instance and the matrix atoms do not bind).
    static func usesStandIns(_ expressions: [Expr], environment: Environment) -> Bool {
        expressions.contains { e in
            e.containsSubexpression(ofKinds: .opaqueCall) { node in
                guard case .call(.opaque(let o), let arguments) = node.kind else { return false }
                let signature = FunctionSignature(name: o.name, conditioningIndex: o.conditioningIndex, arity: arguments.count)
                return environment.functions[signature] == nil
            }
        }
    }
}

/// The heads (``Expr/headKey``) of the nodes of expressions, computed once per expression
/// for the few expressions of one instance re-check.
final class NodeHeads {
    private var kept: [(expression: Expr, heads: Set<String>)] = []

    /// The heads of `e`'s nodes.
    static func of(_ e: Expr) -> Set<String> {
        var heads = Set<String>()
        var visited = IdentitySet()
        func walk(_ x: Expr) {
            guard visited.insert(x.identity) else { return }
            heads.insert(x.headKey)
            for c in x.children { walk(c) }
        }
        walk(e)
        return heads
    }

    /// ``of(_:)``, kept for the same node.
    func heads(of e: Expr) -> Set<String> {
        if let hit = kept.first(where: { $0.expression.identity == e.identity }) { return hit.heads }
        let heads = Self.of(e)
        kept.append((e, heads))
        return heads
    }
}
