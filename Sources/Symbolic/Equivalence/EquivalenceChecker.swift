// Deciding `lhs REL rhs` under assumptions: symbolically, then numerically — always both.
//
// Implementation notes
// --------------------
// The symbolic phase tries, in order: the structural canonical form of lhs − rhs; its
// rational normal form; the same after the guarded rewrite rules (cited rules first); and,
// if allowed, after rules whose side conditions could not be proved, recording those
// conditions as assumed. For inequalities it asks the sign prover about the residual, its
// rational normal form, the signs of its numerator and denominator, and completes the
// square of a residual that is quadratic in one atom.
//
// The numeric phase always runs, whatever the symbolic phase found ("every step twice"):
// seeded points from the assumed domains; opaque functions without an implementation get
// random smooth stand-ins (`TestFunction`, shaped by declared properties); points where the
// left side is undefined are skipped, a point where the left side is defined but the right
// is not counts against the step (a step that introduces an undefined expression, e.g. by
// splitting a log without positivity, is wrong there). Values are compared with a relative
// tolerance plus an absolute one scaled by the largest intermediate value S (cancellation
// noise grows with S): agree if |l − r| ≤ 1e-9·max(|l|,|r|) + 1e-11·S, refute if
// |l − r| > 1e-6·max(|l|,|r|) + 1e-8·S, inconclusive in between. A refuting point is shrunk
// towards simple numbers that still refute and, for rational expressions, re-evaluated
// exactly (an exact tie discards it). A symbolic proof contradicted by a robust numeric
// refutation is reported as an inconsistency — a checker bug — never as either verdict.
// For inequalities the smallest margin over the samples is improved by a bounded pattern
// search inside the domain, and reported with its point.

/// Draws values for a group of symbols together (a structured random matrix, a point on a
/// simplex, …).
public struct JointSampler: Sendable {
    /// The symbols, in the order the sampler returns their values.
    public var symbols: [Symbol]
    /// Draws one joint value.
    public var draw: @Sendable (inout RandomSource) -> [Double]

    /// Creates a joint sampler.
    public init(symbols: [Symbol], draw: @escaping @Sendable (inout RandomSource) -> [Double]) {
        self.symbols = symbols
        self.draw = draw
    }
}

/// Decides relations between expressions and collects the evidence.
public struct EquivalenceChecker: Sendable {
    /// What is assumed about the symbols.
    public var assumptions: Assumptions
    /// Resource limits.
    public var limits: Limits = .default
    /// The seed of the numeric points.
    public var seed: UInt64 = 0
    /// How many agreeing points a numeric verdict needs.
    public var points: Int = 20
    /// The most points tried (undefined ones included).
    public var maxAttempts: Int = 400
    /// Relative tolerance for agreement.
    public var relativeTolerance: Double = 1e-9
    /// Relative deviation above which a point refutes.
    public var refutationTolerance: Double = 1e-6
    /// Fixed values and functions (from an instance); other free symbols are sampled.
    public var environment = Environment()
    /// Shapes of the stand-ins for opaque functions without an implementation, by name.
    public var functionShapes: [String: TestFunctionShape] = [:]
    /// Opaque functions that must never get a random stand-in (they have a fixed meaning a
    /// random function would contradict, like `KL` and `H`); steps using them unevaluated
    /// are not checked numerically.
    public var functionsWithoutStandIns: Set<String> = ["KL", "H"]
    /// Points the stand-in of an opaque function must pass through (facts such as
    /// `f(1) = 0`), by function name.
    public var functionPins: [String: [(point: [Double], value: Double)]] = [:]
    /// The rules of the symbolic phase.
    public var rules: [RewriteRule] = RuleSet.standardRules {
        didSet { reindexRules() }
    }
    /// Rules cited by the step, tried before the others.
    public var citedRules: [RewriteRule] = [] {
        didSet {
            if !(oldValue.isEmpty && citedRules.isEmpty) { reindexRules() }
        }
    }
    /// `citedRules + rules` and `rules`, indexed once per change of the rules rather than
    /// once per rewrite (copies of the checker share them).
    private(set) var indexedRules: IndexedRules = .standard
    private(set) var indexedPlainRules: IndexedRules = .standard

    private mutating func reindexRules() {
        indexedPlainRules = IndexedRules(rules)
        indexedRules = citedRules.isEmpty ? indexedPlainRules : IndexedRules(citedRules + rules)
    }
    /// Whether rules may fire on unproved (but not disproved) conditions, recorded as assumed.
    public var allowsAssumedConditions = true
    /// Whether to run the symbolic phase at all (`by numeric` steps skip it).
    public var runsSymbolicPhase = true
    /// A proof of the relation found outside the rewrite system, by its method name (a
    /// theorem matched on the step as written: Jensen's inequality, a stationary point,
    /// Cauchy–Binet). When the symbolic phase does not prove the relation itself, it is
    /// treated as proved by this method under exactly the same terms: the numbers still
    /// run, a counterexample is a checker inconsistency, and sides undefined at every sampled
    /// point leave it undecided (an argument about nowhere-defined sides confirms nothing).
    public var externalProof: String?
    /// Whether a refuting point is shrunk towards simple numbers before it is reported (and
    /// confirmed exactly there). A caller that uses only whether a step is refuted, not the
    /// counterexample, turns it off: the refuting point is then confirmed where it was found.
    public var shrinksCounterexamples = true
    /// Normal forms kept across checks (the same forms either way; see ``NormalFormMemo``).
    public var normalForms: NormalFormMemo?
    /// Groups of symbols sampled jointly instead of independently (e.g. the entries of an
    /// orthogonal matrix): each sampler returns one value per symbol of its group, in order.
    /// Symbols in a group are not sampled from their individual ranges.
    public var jointSamplers: [JointSampler] = []
    /// Whether the symbolic phase may split into cases on the signs inside abs, max, min and
    /// sign (see `EquivalenceChecker+Cases.swift`); off inside a case.
    public var splitsCases = true

    /// Creates a checker.
    public init(assumptions: Assumptions = Assumptions()) {
        self.assumptions = assumptions
    }

    /// Decides `lhs REL rhs`.
    public func decide(_ lhs: Expr, _ relation: Relation, _ rhs: Expr) -> EquivalenceResult {
        switch relation {
        case .equal:
            return decideEquality(lhs, rhs)
        case .notEqual:
            return decideInequality(lhs, rhs, strict: true, notEqual: true)
        case .less:
            return swappedSides(decideInequality(rhs, lhs, strict: true, notEqual: false, leftIsBig: false))
        case .lessEqual:
            return swappedSides(decideInequality(rhs, lhs, strict: false, notEqual: false, leftIsBig: false))
        case .greater:
            return decideInequality(lhs, rhs, strict: true, notEqual: false)
        case .greaterEqual:
            return decideInequality(lhs, rhs, strict: false, notEqual: false)
        }
    }

    /// The symbolic phase alone for an equality: `proved` with its method and rules, or
    /// `unknown` with the residual. No numbers are evaluated (used by benchmarks and by
    /// callers that only want a normal form decision).
    public func decideSymbolically(_ lhs: Expr, _ rhs: Expr) -> EquivalenceResult {
        let s = symbolicZero(lhs - rhs)
        var result = EquivalenceResult(verdict: s.proved ? .proved : .unknown)
        result.method = s.method
        result.rules = s.rules
        result.assumed = s.assumed
        result.residual = s.residual
        result.undefined = s.undefined
        result.notes = s.notes
        return result
    }

    /// Re-orients a result computed as `rhs ≥ lhs` so its values read left to right.
    private func swappedSides(_ r: EquivalenceResult) -> EquivalenceResult {
        var out = r
        if var cx = out.counterexample {
            swap(&cx.lhs, &cx.rhs)
            out.counterexample = cx
        }
        return out
    }

    // MARK: - Equality

    func decideEquality(_ lhs: Expr, _ rhs: Expr) -> EquivalenceResult {
        var result = EquivalenceResult(verdict: .unknown)
        result.seed = seed
        result.tolerance = relativeTolerance
        var symbolic = runsSymbolicPhase ? symbolicZero(lhs - rhs) : SymbolicOutcome()
        result.rules = symbolic.rules
        result.assumed = symbolic.assumed
        result.blocked = symbolic.blocked
        result.residual = symbolic.residual
        result.notes = symbolic.notes
        if let u = symbolic.undefined {
            result.undefined = u
            return result
        }
        if !symbolic.proved, let external = externalProof {
            // Conditions the failed rewriting attempt assumed are not part of the argument.
            symbolic.proved = true
            symbolic.method = external
            symbolic.rules = []
            symbolic.assumed = []
            result.rules = []
            result.assumed = []
        }
        var numeric = NumericComparison(checker: self, lhs: lhs, rhs: rhs)
        numeric.run()
        if numeric.counterexample == nil {
            numeric.counterexample = closedFormCounterexample(lhs, rhs, .zero, quick: symbolic.proved)
        }
        result.points = numeric.agreed
        result.maxDeviation = numeric.maxDeviation

        if symbolic.proved, !symbolic.assumed.isEmpty, let cx = numeric.counterexample,
           !satisfies(cx, symbolic.assumed, setup: numeric.setup) {
            // Proved only under conditions that are not assumed, and false where they fail:
            // the step needs an assumption the derivation does not state.
            result.verdict = .refuted
            result.counterexample = cx
            result.notes.append("holds only if " + symbolic.assumed.map { $0.condition.description }.joined(separator: " and ")
                                + ", which the assumptions do not give")
            return result
        }
        if symbolic.proved {
            if let cx = numeric.counterexample {
                result.inconsistency = "symbolic proof (\(symbolic.method ?? "?")\(symbolic.rules.isEmpty ? "" : ", rules " + symbolic.rules.joined(separator: ", "))) contradicted at \(cx.assignmentText): left \(cx.lhs), right \(cx.rhs)"
                result.counterexample = cx
                return result
            }
            if let nowhere = nowhereDefined(lhs, usable: numeric.agreed, unevaluable: numeric.unevaluable) {
                result.notes.append(nowhere)
                return result
            }
            result.verdict = .proved
            result.method = symbolic.method
            if let why = numeric.unevaluable { result.notes.append("numeric check skipped: \(why)") }
            return result
        }
        if let cx = numeric.counterexample {
            result.verdict = .refuted
            result.counterexample = cx
            return result
        }
        if let exact = symbolic.exactCounterexample {
            result.verdict = .refuted
            result.counterexample = exact
            return result
        }
        if let bound = symbolic.exactBound {
            result.verdict = .exact
            result.errorBound = bound
            return result
        }
        if numeric.agreed >= points {
            result.verdict = .numeric
            return result
        }
        if let why = numeric.unevaluable { result.notes.append(why) }
        else { result.notes.append("only \(numeric.agreed) of \(points) numeric points were usable (\(numeric.skipped) undefined, \(numeric.inconclusive) inconclusive)") }
        return result
    }

    /// When a symbolic proof has no usable numeric point because `side` is undefined at
    /// every sampled point, the note that says so (the step is then left undecided: NaN never
    /// counts as agreement, and an identity between nowhere-defined sides confirms nothing).
    func nowhereDefined(_ side: Expr, usable: Int, unevaluable: String?) -> String? {
        guard usable == 0, unevaluable == nil else { return nil }
        // Nowhere defined needs a robustly undefined point, which a side without a possible
        // domain error never has: the count would be discarded.
        guard NumericSetup(checker: self, expressions: [side]).mayBeRobustlyUndefined(side) else { return nil }
        let d = definedness(of: side)
        guard d.isNowhereDefined else { return nil }
        return "proved symbolically, but a side is undefined at every one of the \(d.undefined) sampled points"
            + (d.firstReason.map { " (\($0))" } ?? "") + ", so nothing confirms it"
    }

    /// Whether a counterexample point satisfies every assumed condition.
    func satisfies(_ cx: PointCounterexample, _ conditions: [BlockedCondition], setup: NumericSetup) -> Bool {
        let point = setup.symbols.map { s in cx.assignment.first { $0.symbol == s }?.approximate ?? 0 }
        for c in conditions {
            guard case .value(let v) = setup.evaluate(c.condition.subject, at: point) else { return false }
            let ok: Bool
            switch c.condition.property {
            case .positive: ok = v > 0
            case .nonnegative: ok = v >= 0
            case .negative: ok = v < 0
            case .nonpositive: ok = v <= 0
            case .nonzero: ok = v != 0
            case .real: ok = true
            case .integer, .natural: ok = v == v.rounded() && (c.condition.property == .integer || v >= 0)
            case .probability: ok = v > 0 && v < 1
            }
            if !ok { return false }
        }
        return true
    }

    struct SymbolicOutcome {
        var proved = false
        var method: String?
        var rules: [String] = []
        var assumed: [BlockedCondition] = []
        var blocked: [BlockedCondition] = []
        var residual: Expr?
        var undefined: String?
        var exactCounterexample: PointCounterexample?
        var exactBound: String?
        var notes: [String] = []
    }

    /// Tries to show that `d` is identically zero.
    /// `e.canonicalized(limits:)`, from the memo when there is one.
    private func canonicalForm(_ e: Expr) throws(NormalizationError) -> Expr {
        if let memo = normalForms { return try memo.canonical(e, limits: limits) }
        return try e.canonicalized(limits: limits)
    }

    /// `RationalNormalForm(e, limits:)` of a canonical `e`, from the memo when there is one.
    private func rationalNormalForm(canonical e: Expr) throws(NormalizationError) -> RationalNormalForm {
        if let memo = normalForms { return try memo.rationalNormalForm(canonical: e, limits: limits) }
        return try RationalNormalForm(canonical: e, limits: limits)
    }

    func symbolicZero(_ d: Expr) -> SymbolicOutcome {
        var out = SymbolicOutcome()
        let canonical: Expr
        do {
            canonical = try canonicalForm(d)
        } catch {
            switch error {
            case .undefined(_, let reason): out.undefined = reason
            case .limitExceeded(let l): out.notes.append(l.description)
            }
            return out
        }
        if canonical.isZero {
            out.proved = true
            out.method = "canonical form"
            return out
        }
        var rnf: RationalNormalForm?
        do {
            rnf = try rationalNormalForm(canonical: canonical)
        } catch {
            switch error {
            case .undefined(_, let reason): out.undefined = reason; return out
            case .limitExceeded(let l): out.notes.append("rational normal form: \(l)")
            }
        }
        if let r = rnf {
            if r.isZero {
                out.proved = true
                out.method = "rational normal form"
                return out
            }
            out.residual = r.expr
            let joint = Set(jointSamplers.flatMap(\.symbols))
            if r.atoms.allSatisfy({ $0.symbolValue.map { !joint.contains($0) } ?? false }) {
                // A nonzero rational function of the symbols alone is not an identity (unless
                // some symbols are constrained jointly, e.g. the entries of an orthogonal
                // matrix: then only the jointly sampled numbers may refute).
                out.exactCounterexample = exactCounterexample(of: canonical)
            }
        } else {
            out.exactBound = modularZeroTest(canonical)
            if out.exactBound != nil { return out }
        }
        // Guarded rules, cited ones first.
        for assuming in allowsAssumedConditions ? [false, true] : [false] {
            // Cases on the signs inside abs/max/min/sign come before any unproved condition.
            if assuming, let cases = proofByCases(canonical, nil) {
                out.proved = true
                out.method = cases.method
                out.rules = cases.rules
                out.exactCounterexample = nil
                out.residual = nil
                return out
            }
            let rewriter = Rewriter(indexedRules: indexedRules, assumptions: assumptions, limits: limits,
                                    assumingUndischarged: assuming)
            guard let outcome = try? rewriter.rewrite(canonical: canonical) else { continue }
            if !assuming { out.blocked = outcome.blocked }
            if outcome.stoppedAtLimit { out.notes.append("rewriting stopped at the step limit (\(limits.maxRewriteSteps))") }
            // Rewriting usually ends in a canonical 0 (its rational normal form is 0 too).
            let after = outcome.expr.isZero ? nil : try? rationalNormalForm(canonical: outcome.expr)
            if outcome.expr.isZero || after?.isZero == true {
                out.proved = true
                out.method = "rules"
                out.rules = outcome.applied
                out.assumed = outcome.assumed
                out.exactCounterexample = nil
                return out
            }
            guard let after else { continue }
            if !assuming { out.residual = after.expr }
        }
        // A max (min) one of whose arguments is proved at least (at most) every other one is
        // that argument: `max(5, sqrt(113), sqrt(317)) = sqrt(317)`.
        var resolver = ExtremumResolver(assumptions: assumptions, limits: limits)
        if let resolved = resolver.resolve(canonical), resolved != canonical,
           let c = try? resolved.canonicalized(limits: limits),
           c.isZero || ((try? RationalNormalForm(canonical: c, limits: limits))?.isZero ?? false) {
            out.proved = true
            out.method = "dominated max/min"
            out.rules = ["max-min-dominated"]
            out.exactCounterexample = nil
            out.residual = nil
            return out
        }
        return out
    }

    /// Exact random evaluation of a rational expression that is not identically zero.
    private func exactCounterexample(of d: Expr) -> PointCounterexample? {
        let symbols = d.freeSymbols
        var rng = RandomSource(seed: seed, stream: [d.stableHash, 7])
        let simple: [Rational] = [1, 2, -1, 3, Rational(1, 2)!, -2, Rational(1, 3)!, 5, Rational(-1, 2)!, 7]
        for attempt in 0..<40 {
            var point: [Symbol: Rational] = [:]
            var ok = true
            for (i, s) in symbols.enumerated() {
                let domain = SampleDomain(assumptions.range(of: s))
                let candidate: Rational
                if attempt < 10 {
                    candidate = simple[(attempt + 3 * i) % simple.count]
                } else {
                    candidate = Rational(rng.nextInt(in: -20...20), rng.nextInt(in: 1...9))!
                }
                if !domain.accepts(candidate.doubleValue) {
                    let v = domain.sample(using: &rng)
                    guard let r = Rational(exactly: (v * 64).rounded() / 64), domain.accepts(r.doubleValue) else { ok = false; break }
                    point[s] = r
                } else {
                    point[s] = candidate
                }
            }
            guard ok, let value = try? d.evaluateExactly(at: point, limits: limits), !value.isZero else { continue }
            return PointCounterexample(
                assignment: symbols.map { ($0, point[$0]!, point[$0]!.doubleValue) },
                lhs: "differs from the right side by \(value)", rhs: "", isExact: true)
        }
        return nil
    }

    /// Schwartz–Zippel: evaluates `d` modulo 2^61 − 1 at random residues for its atoms.
    /// Returns the error bound when all evaluations vanish.
    private func modularZeroTest(_ d: Expr) -> String? {
        var rng = RandomSource(seed: seed, stream: [d.stableHash, 61])
        let rounds = 4
        for _ in 0..<rounds {
            var residues: [Expr: UInt64] = [:]
            let value = try? d.evaluate(modulo: Modular61.self, limits: limits) { atom in
                if let r = residues[atom] { return Modular61(r) }
                let r = rng.nextUInt64(below: Modular61.modulus)
                residues[atom] = r
                return Modular61(r)
            }
            guard let v = value, v.isZero else { return nil }
        }
        return "identity of rational functions in the atoms, \(rounds) random evaluations modulo 2^61 - 1 (error probability below (deg/2^61)^\(rounds))"
    }

    // MARK: - Inequalities

    /// Decides `big ≥ small` (strict: `>`), or `big ≠ small` when `notEqual`. `leftIsBig` tells
    /// which side the step wrote on the left (`small` for `<=` and `<`): points where the left
    /// side is undefined are skipped, and a defined left with an undefined right refutes.
    func decideInequality(_ big: Expr, _ small: Expr, strict: Bool, notEqual: Bool, leftIsBig: Bool = true) -> EquivalenceResult {
        var result = EquivalenceResult(verdict: .unknown)
        result.seed = seed
        result.tolerance = relativeTolerance
        let d = big - small
        let property: Property = notEqual ? .nonzero : (strict ? .positive : .nonnegative)
        var proved = false
        if runsSymbolicPhase {
            let s = symbolicSign(d, property)
            proved = s.proved
            result.method = s.method
            result.rules = s.rules
            result.assumed = s.assumed
            result.residual = s.residual
            if let u = s.undefined {
                result.undefined = u
                return result
            }
        }
        if !proved, let external = externalProof {
            // Conditions the failed sign proof assumed are not part of the argument.
            proved = true
            result.method = external
            result.rules = []
            result.assumed = []
        }
        var search = MarginSearch(checker: self, big: big, small: small, strict: strict, notEqual: notEqual)
        search.leftIsBig = leftIsBig
        search.run()
        if search.counterexample == nil, !notEqual {
            search.counterexample = closedFormCounterexample(big, small, .nonnegative(strict: strict), quick: proved)
        }
        result.points = search.valid
        if let m = search.bestMargin {
            // A margin that is negative only by rounding (it passed the tolerance) reads as 0.
            result.margin = (m < 0 ? 0 : m, search.bestPointText)
        }
        if proved, !result.assumed.isEmpty, let cx = search.counterexample,
           !satisfies(cx, result.assumed, setup: search.setup) {
            // Proved only under conditions that are not assumed, and false where they fail:
            // the step needs an assumption the derivation does not state (as for equalities).
            result.verdict = .refuted
            result.counterexample = cx
            result.notes.append("holds only if " + result.assumed.map { $0.condition.description }.joined(separator: " and ")
                                + ", which the assumptions do not give")
            return result
        }
        if proved {
            if let cx = search.counterexample {
                result.inconsistency = "symbolic proof (\(result.method ?? "sign")) contradicted at \(cx.assignmentText): left \(cx.lhs), right \(cx.rhs)"
                result.counterexample = cx
                return result
            }
            if let nowhere = nowhereDefined(leftIsBig ? big : small, usable: search.valid, unevaluable: search.unevaluable) {
                result.notes.append(nowhere)
                return result
            }
            result.verdict = .proved
            if let why = search.unevaluable, search.valid == 0 { result.notes.append("numeric check skipped: \(why)") }
            return result
        }
        if let cx = search.counterexample {
            result.verdict = .refuted
            result.counterexample = cx
            return result
        }
        if search.valid >= points {
            result.verdict = .numeric
            return result
        }
        if let why = search.unevaluable { result.notes.append(why) }
        else { result.notes.append("only \(search.valid) of \(points) numeric points were usable") }
        return result
    }

    /// What the symbolic sign proof found.
    public struct SignOutcome: Sendable {
        /// Whether the property was proved.
        public var proved = false
        var method: String?
        var rules: [String] = []
        var assumed: [BlockedCondition] = []
        var residual: Expr?
        var undefined: String?
    }

    /// Tries to prove that `d` has `property` (positive, nonnegative or nonzero)
    /// symbolically: the sign prover on the residual, its rational normal form, the signs of
    /// its numerator and denominator, completing the square, and the guarded rules.
    public func symbolicSign(_ d: Expr, _ property: Property) -> SignOutcome {
        var out = SignOutcome()
        let canonical: Expr
        do {
            canonical = try canonicalForm(d)
        } catch {
            if case .undefined(_, let reason) = error { out.undefined = reason }
            return out
        }
        out.residual = canonical
        func holds(_ e: Expr) -> Bool { assumptions.prove(e, is: property) == .proved }
        if holds(canonical) {
            out.proved = true
            out.method = "sign of the residual"
            return out
        }
        var candidates: [Expr] = [canonical]
        if let rnf = try? rationalNormalForm(canonical: canonical) {
            out.residual = rnf.expr
            candidates.append(rnf.expr)
            if signOfQuotient(rnf.numerator, rnf.denominator, property) {
                out.proved = true
                out.method = "sign of numerator and denominator"
                return out
            }
            if completesSquare(rnf.numerator, rnf.denominator, property) {
                out.proved = true
                out.method = "completing the square"
                return out
            }
        }
        if holds(candidates.last!) {
            out.proved = true
            out.method = "sign of the rational normal form"
            return out
        }
        for assuming in allowsAssumedConditions ? [false, true] : [false] {
            if assuming, let cases = proofByCases(canonical, property) {
                out.proved = true
                out.method = cases.method
                out.rules = cases.rules
                return out
            }
            let rewriter = Rewriter(indexedRules: indexedRules, assumptions: assumptions, limits: limits,
                                    assumingUndischarged: assuming)
            guard let outcome = try? rewriter.rewrite(canonical: canonical) else { continue }
            let rewritten = (try? rationalNormalForm(canonical: outcome.expr))
            let forms = [outcome.expr] + (rewritten.map { [$0.expr] } ?? [])
            let quotient = rewritten.map { signOfQuotient($0.numerator, $0.denominator, property) } ?? false
            if forms.contains(where: holds) || quotient {
                out.proved = true
                out.method = "rules and sign"
                out.rules = outcome.applied
                out.assumed = outcome.assumed
                return out
            }
        }
        return out
    }

    /// Sign of n/d from the signs of n and d.
    private func signOfQuotient(_ n: Expr, _ d: Expr, _ property: Property) -> Bool {
        let dPositive = assumptions.prove(d, is: .positive) == .proved
        let dNegative = assumptions.prove(d, is: .negative) == .proved
        guard dPositive || dNegative else { return false }
        switch property {
        case .positive:
            return dPositive ? assumptions.prove(n, is: .positive) == .proved : assumptions.prove(n, is: .negative) == .proved
        case .nonnegative:
            return dPositive ? assumptions.prove(n, is: .nonnegative) == .proved : assumptions.prove(n, is: .nonpositive) == .proved
        case .nonzero:
            return assumptions.prove(n, is: .nonzero) == .proved
        case .negative, .nonpositive, .real, .integer, .natural, .probability:
            return false
        }
    }

    /// For a numerator quadratic in one atom t, `a t² + b t + c` with a > 0 and
    /// 4ac − b² ≥ 0 (> 0 for strictness) is nonnegative (positive).
    private func completesSquare(_ n: Expr, _ d: Expr, _ property: Property) -> Bool {
        guard property == .nonnegative || property == .positive else { return false }
        guard assumptions.prove(d, is: .positive) == .proved else { return false }
        for t in n.freeSymbols {
            guard let coefficients = quadraticCoefficients(n, in: t) else { continue }
            let (a, b, c) = coefficients
            guard let disc = try? (4 * a * c - b * b).canonicalized(limits: limits),
                  let rnf = try? RationalNormalForm(disc, limits: limits) else { continue }
            let discriminantOK = property == .positive
                ? (assumptions.prove(rnf.expr, is: .positive) == .proved)
                : (assumptions.prove(rnf.expr, is: .nonnegative) == .proved)
            if assumptions.prove(a, is: .positive) == .proved && discriminantOK { return true }
        }
        return false
    }

    /// (a, b, c) with n = a t² + b t + c, when n is a polynomial of degree exactly 2 in t.
    private func quadraticCoefficients(_ n: Expr, in t: Symbol) -> (Expr, Expr, Expr)? {
        let terms: [Expr]
        if case .sum(let ts) = n.kind { terms = ts } else { terms = [n] }
        var a: [Expr] = [], b: [Expr] = [], c: [Expr] = []
        for term in terms {
            let factors: [Expr]
            if case .product(let fs) = term.kind { factors = fs } else { factors = [term] }
            var degree = 0
            var rest: [Expr] = []
            for f in factors {
                if f.symbolValue == t { degree += 1; continue }
                if case .power(let base, let e) = f.kind, base.symbolValue == t, let k = e.numberValue?.asInt, k > 0 {
                    degree += k
                    continue
                }
                if f.contains(t) { return nil }
                rest.append(f)
            }
            let coefficient = rest.isEmpty ? Expr.one : (rest.count == 1 ? rest[0] : Expr.product(rest))
            switch degree {
            case 0: c.append(coefficient)
            case 1: b.append(coefficient)
            case 2: a.append(coefficient)
            default: return nil
            }
        }
        guard !a.isEmpty else { return nil }
        func total(_ xs: [Expr]) -> Expr { xs.isEmpty ? .zero : (xs.count == 1 ? xs[0] : .sum(xs)) }
        return (total(a), total(b), total(c))
    }
}
