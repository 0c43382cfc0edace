// Checking one step of a chain.
//
// Implementation notes
// --------------------
// A step `REL rhs [+ O(h^k) as h -> a] [by HINTS]` is checked against the previous
// expression of its chain. Definitions are always unfolded first (the symbolic engine may
// always unfold `let`s; `by definition` only documents it). Hints shape the check:
// cited rule names and rule sets are tried before the default rules, `substitute(x = e)`
// substitutes into the previous expression, `numeric` skips the symbolic phase, `admit`
// accepts the step (numbers still run, and a refutation is reported as a warning).
// Everything else goes through `EquivalenceChecker`, which always runs both the symbolic and
// the numeric phase. Order terms are decided by a series expansion of lhs − rhs (every
// coefficient below h^k shown zero by the rational normal form) or, failing that, by
// estimating the order numerically over h = h₀·2^-j (`OrderEstimate`).

import Symbolic

/// The result of checking one step.
public struct StepOutcome: Sendable {
    /// The verdict.
    public var verdict: Verdict
    /// What supports it.
    public var evidence: Evidence
    /// Diagnostics located on the step.
    public var diagnostics: [Diagnostic]
}

/// Checks single steps in a context.
public struct StepChecker: Sendable {
    /// The context: assumptions, definitions, options.
    public var context: CheckContext

    /// Creates a step checker.
    public init(context: CheckContext) {
        self.context = context
    }

    /// Checks `previous REL step.rhs` (the step's relation and hints).
    /// - Parameters:
    ///   - previous: The expression the step starts from (the chain's previous expression).
    ///   - step: The step.
    ///   - index: The step's 1-based position, for messages.
    ///   - streamKey: Distinguishes the numeric points of this step from every other step.
    public func check(previous: Expr, step: Step, index: Int, streamKey: UInt64) -> StepOutcome {
        var evidence = Evidence()
        var diagnostics: [Diagnostic] = []
        let hintNames = step.hints.map(\.name.value)
        let admitted = hintNames.contains("admit")

        var lhs = previous
        var rhs = step.rhs.value
        // Unfold definitions; apply substitutions.
        do {
            lhs = try context.unfolding(lhs)
            rhs = try context.unfolding(rhs)
            let substitutions = step.hints.filter { $0.name.value == "substitute" }
            // `by substitute(x = e)`: the step holds at x = e, so both sides are specialised
            // (for a chain step the new side usually no longer mentions x). Derivatives are
            // taken first (`diff(f(u), u)` at u = u*).
            if !substitutions.isEmpty {
                lhs = try lhs.canonicalized(limits: context.options.limits)
                rhs = try rhs.canonicalized(limits: context.options.limits)
            }
            for hint in substitutions {
                var replacements: [Symbol: Expr] = [:]
                for arg in hint.arguments { replacements[arg.name.value] = try context.unfolding(arg.value.value) }
                lhs = try lhs.substituting(replacements, limits: context.options.limits)
                rhs = try rhs.substituting(replacements, limits: context.options.limits)
            }
        } catch {
            // A matrix shape that does not fit at this size is a shape error, located on the step.
            let id: DiagnosticID = (error as? MatrixLanguageError)?.kind == .shape ? .shapeMismatch : .evaluationFailure
            diagnostics.append(Diagnostic(.error, id, "step \(index) could not be prepared: \(error)",
                                          at: step.rhs.range))
            evidence.notes.append("\(error)")
            return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
        }

        let asymptotic = resolvingAsymptoticOperators(lhs, rhs, numericOnly: hintNames.contains("numeric"))
        lhs = asymptotic.lhs
        rhs = asymptotic.rhs

        if let order = step.orderTerm {
            return checkOrderTerm(lhs: lhs, rhs: rhs, order: order, step: step, index: index, streamKey: streamKey)
        }

        // A proof by an argument outside the rewrite system (a stationary point, Jensen's
        // inequality); it counts as a symbolic proof (`EquivalenceChecker.externalProof`): the
        // numbers still run and must agree, and nowhere-defined sides leave the step undecided.
        // `skipsExpansion`: the argument is about the sides as written and covers every value
        // of their entries, so the symbolic phase (which would expand them) is not run; the
        // numeric phase always is.
        var argument: (method: String, hint: String, proved: Bool, note: String, skipsExpansion: Bool)?
        if let hint = step.hints.first(where: { $0.name.value == "stationary" }) {
            let (proved, note) = stationaryProof(lhs: lhs, rhs: rhs, relation: step.relation.value, hint: hint)
            argument = ("stationary point", "stationary(…)", proved, note, false)
            // A hint the numbers contradict is a wrong step, whatever the sides do.
            if !proved, let wrong = stationaryRefutation(lhs: lhs, rhs: rhs, relation: step.relation.value, hint: hint,
                                                          seed: StableHash.combine(context.options.seed, streamKey)) {
                var refutation = EquivalenceResult(verdict: .refuted)
                refutation.counterexample = wrong.counterexample
                refutation.notes = ["the hint is wrong: " + wrong.note, note]
                evidence = Self.evidence(from: refutation)
                evidence.seed = context.options.seed
                diagnostics.append(Diagnostic(.error, .stepRefuted, "step \(index) does not hold", at: hint.range,
                                              notes: [Note("the hint is wrong: " + wrong.note)]
                                                + (wrong.counterexample.map { [Note("counterexample: \(Self.describe($0))")] } ?? [])))
                return StepOutcome(verdict: .refuted, evidence: evidence, diagnostics: diagnostics)
            }
        } else if step.hints.contains(where: { $0.name.value == "jensen" }) {
            let (proved, note) = jensenProof(lhs: lhs, rhs: rhs, relation: step.relation.value)
            argument = ("Jensen", "jensen", proved, note, false)
        } else if step.hints.contains(where: { $0.name.value == "cauchy-binet" }) {
            // Matched as written: the theorem is about the declared matrix, not its entries.
            let proof = cauchyBinetProof(previous: previous, next: step.rhs.value, relation: step.relation.value)
            argument = ("Cauchy–Binet", "cauchy-binet", proof.matrix != nil, proof.note, true)
        }
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = context.options.limits
        checker.seed = StableHash.combine(context.options.seed, streamKey)
        checker.points = context.options.numericPoints
        checker.useStandIns(of: context)
        checker.citedRules = citedRules(step.hints)
        checker.rules += context.extraRules
        checker.environment.bigOperatorHandler = NumericHandlers.standard(densities: Set(context.densities.keys))
        // A maximiser is located only to about the square root of the working precision
        // (the function is flat at its maximum): compare argmax/argmin values accordingly.
        if [lhs, rhs].contains(where: { $0.containsSubexpression(ofKinds: .bigOperator) { e in
            if case .bigOperator(let op) = e.kind, op.name == "argmax" || op.name == "argmin" { return true }
            return false
        } }) {
            checker.relativeTolerance = 1e-6
            checker.refutationTolerance = 1e-3
        }
        if let t = numericLimitTolerances(lhs, rhs) {
            checker.relativeTolerance = t.agree
            checker.refutationTolerance = t.refute
        }
        checker.runsSymbolicPhase = !hintNames.contains("numeric") && !admitted
        // A theorem matched on the matrices proves the step whatever their entries: expanding
        // them (8 × 8 Gram determinants) would only repeat the proof at great cost.
        if let argument, argument.proved, argument.skipsExpansion { checker.runsSymbolicPhase = false }
        checker.allowsAssumedConditions = true
        // A proved argument counts as a symbolic proof, on the same terms (the numbers must
        // not contradict it, and sides undefined everywhere leave the step undecided).
        if let argument, argument.proved { checker.externalProof = argument.method }
        checker.configureMatrices(for: [lhs, rhs], context: context)
        // Matrix-valued sides are decided entry by entry.
        var result = EntrywiseDecision.decide(checker, lhs, step.relation.value, rhs)
        if let argument, argument.proved {
            if result.inconsistency != nil || result.verdict == .refuted, let cx = result.counterexample {
                result.inconsistency = "the \(argument.method) proof (\(argument.note)) is contradicted at \(cx.assignmentText): left \(cx.lhs), right \(cx.rhs)"
            } else if result.verdict == .proved {
                result.method = argument.method
                result.notes.insert(argument.note, at: 0)
            }
        } else if let argument {
            result.notes.append("\(argument.hint): \(argument.note)")
        }
        evidence = Self.evidence(from: result)
        evidence.notes.insert(contentsOf: asymptotic.notes, at: 0)
        evidence.rules += context.matrixRules(in: [previous, step.rhs.value])
        evidence.seed = context.options.seed

        let where_ = step.rhs.range
        if let inconsistency = result.inconsistency {
            diagnostics.append(Diagnostic(.error, .checkerInconsistency,
                                          "internal error: a symbolic proof of step \(index)"
                                            + (result.rules.isEmpty ? "" : " by rule " + result.rules.joined(separator: ", "))
                                            + " is contradicted by the numbers",
                                          at: where_, notes: [Note(inconsistency), Note("this is a bug in the checker; please report it")]))
            return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
        }
        if let undefined = result.undefined {
            diagnostics.append(Diagnostic(.error, .undefinedExpression, "step \(index) is undefined: \(undefined)", at: where_))
            return StepOutcome(verdict: .refuted, evidence: evidence, diagnostics: diagnostics)
        }
        if admitted {
            var notes = [Note("admitted without proof (by admit)")]
            if result.verdict == .refuted, let cx = result.counterexample {
                notes.append(Note("but the numbers disagree: \(Self.describe(cx))"))
            }
            diagnostics.append(Diagnostic(context.options.strict ? .error : .warning, .admittedStep,
                                          "step \(index) is admitted, not checked", at: where_, notes: notes))
            return StepOutcome(verdict: .admitted, evidence: evidence, diagnostics: diagnostics)
        }
        let verdict: Verdict
        switch result.verdict {
        case .proved: verdict = .proved
        case .exact: verdict = .exact
        case .numeric: verdict = .numeric
        case .refuted: verdict = .refuted
        case .unknown: verdict = .unknown
        }
        switch verdict {
        case .refuted:
            var notes: [Note] = []
            if let residual = result.residual { notes.append(Note("left minus right normalises to \(residual), not 0")) }
            if let cx = result.counterexample { notes.append(Note("counterexample: \(Self.describe(cx))")) }
            for n in result.notes { notes.append(Note(n)) }
            if let m = result.margin, step.relation.value != .equal {
                notes.append(Note("smallest margin found: \(formatDouble(m.value)) at \(m.at)"))
            }
            diagnostics.append(Diagnostic(.error, .stepRefuted, "step \(index) does not hold", at: where_, notes: notes))
        case .unknown:
            var notes: [Note] = result.notes.map { Note($0) }
            if let residual = result.residual { notes.append(Note("left minus right normalises to \(residual)")) }
            for b in result.blocked.prefix(3) { notes.append(Note("rule \(b)")) }
            diagnostics.append(Diagnostic(.error, .stepUnknown, "step \(index) could not be decided", at: where_, notes: notes))
        case .proved, .exact, .numeric, .sampled, .admitted:
            if !result.assumed.isEmpty {
                let conditions = result.assumed.map { "\($0.condition) (required by rule '\($0.rule)')" }
                diagnostics.append(Diagnostic(context.options.strict ? .error : .warning, .sideConditionAssumed,
                                              "step \(index) holds only if " + result.assumed.map { $0.condition.description }.joined(separator: " and ")
                                              + ", which is not stated",
                                              at: where_, notes: conditions.map { Note("assuming \($0)") }
                                                + [Note("declare it (e.g. `assume …` or a `positive` declaration) to make the step unconditional")]))
            }
        }
        let finalVerdict: Verdict = (context.options.strict && !result.assumed.isEmpty && verdict.holds) ? .unknown : verdict
        return StepOutcome(verdict: finalVerdict, evidence: evidence, diagnostics: diagnostics)
    }

    /// The rules named by the hints (rule names and rule-set names).
    func citedRules(_ hints: [Hint]) -> [RewriteRule] {
        var out: [RewriteRule] = []
        for h in hints {
            if let r = RuleSet.rule(named: h.name.value) { out.append(r) }
            if let s = RuleSet.set(named: h.name.value) { out.append(contentsOf: s.rules) }
            out.append(contentsOf: context.extraRules.filter { $0.name == h.name.value })
            out.append(contentsOf: context.citedOnlyRules.filter { $0.name == h.name.value })
        }
        return out
    }

    /// Converts the equivalence result into report evidence.
    static func evidence(from r: EquivalenceResult) -> Evidence {
        var e = Evidence()
        e.method = r.method
        e.rules = r.rules
        e.assumedConditions = r.assumed.map { $0.condition.description }
        e.points = r.points
        e.tolerance = r.tolerance
        e.maxDeviation = r.points > 0 ? r.maxDeviation : nil
        e.residual = r.residual.map { String(describing: $0) }
        e.errorBound = r.errorBound
        if let m = r.margin { e.margin = m.at.isEmpty ? formatDouble(m.value) : "\(formatDouble(m.value)) at \(m.at)" }
        if let cx = r.counterexample {
            e.counterexample = Counterexample(
                assignment: cx.assignment.map { .init(name: $0.symbol.name, value: PointCounterexample.format($0.value, $0.approximate)) },
                lhsValue: cx.lhs, rhsValue: cx.rhs, isExact: cx.isExact)
        }
        e.notes = r.notes
        return e
    }

    static func describe(_ cx: PointCounterexample) -> String {
        let at = cx.assignment.isEmpty ? "" : cx.assignmentText + " gives "
        if cx.rhs.isEmpty { return at + cx.lhs }
        return at + "\(cx.lhs) on the left, \(cx.rhs) on the right" + (cx.isExact ? " (exact)" : "")
    }
}
