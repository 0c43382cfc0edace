// Mutation testing: how often does the checker accept a wrong step?
//
// Implementation notes
// --------------------
// A mutant is a *file*: the text of one written expression (a step's side, a hint
// argument, an order term) or one relation is replaced by a wrong variant printed in the
// input syntax, and the result is read again by the front end. So every mutant is something
// an author could have written, located where they would have written it; a mutant whose
// text does not parse back to the intended tree is a printing problem and is set aside
// (`unprintable`), never counted.
//
// Each mutant is classified, cheapest test first:
// 1. the front end rejects the mutated file (e.g. a reversed inequality that no longer
//    composes with the chain) → `rejected` (killed);
// 2. the mutated expression has the same rational normal form as the original (definitions
//    unfolded) → `equivalentByNormalForm` (excluded from the rate);
// 3. otherwise only the affected steps are rechecked — the step whose side was changed and,
//    for an expression in the middle of a chain, the next step, which starts from it — by
//    running the ordinary `DerivationChecker` on a copy of the file whose chain is cut down
//    to those steps (families and instances included, so the recheck is exactly what
//    `verify` would do). A refuted step kills the mutant (`refuted`); an unknown step or an
//    error kills it as `undecided` (the checker did not accept it); a
//    `checker-inconsistency` is `inconsistent` (killed, but a checker bug to report). If
//    every affected step is proved or exact, with the numbers agreeing and no condition
//    assumed, the mutant is a true statement: `equivalentByProof`; so is a step about
//    undeclared densities that only its instances could evaluate, when every instance
//    decided it exactly. A mutated step whose left minus right is a constant multiple of the
//    original's (`det(D) = 0` → `-det(D) = 0`) states the same and is excluded before any
//    check; a weaker inequality is `impliedByOriginal` when the comparison of the new side
//    with the old is proved, directly or through the monotone context of the change
//    (`MonotoneComparison`). Anything else that holds — on numeric or sampled evidence, or
//    under an assumed side condition — is a survivor.
// Only steps that hold in the original and are not admitted are mutated. Candidates are
// generated in a fixed order; when a step has more than `maxMutantsPerStep`, a seeded
// round-robin over the mutation kinds picks which are tried, so the run is deterministic
// given the seed and bounded per step. The elapsed time is measured but is not part of the
// deterministic output.

import Symbolic

/// Options of a mutation run.
public struct MutationOptions: Sendable {
    /// The seed: it chooses the mutants when a step has more than the cap, and seeds the
    /// checker (`check.seed` is overwritten with it).
    public var seed: UInt64 = 0
    /// The most mutants tried per step.
    public var maxMutantsPerStep = 24
    /// When set, only about this many of a file's mutants are checked: after the per-step
    /// cap, every k-th mutant in file order (k = ⌈count / sample⌉, starting with the first),
    /// so the sample is deterministic and spread over the whole file (for fast CI runs; the
    /// full figure comes from a run without it).
    public var samplePerFile: Int?
    /// The checker's options (seed, limits, sample counts).
    public var check = CheckOptions()
    /// The parser's options.
    public var parse = DrvParser.Options.default
    /// Called after each mutant is decided, in order (for progress output).
    public var onMutant: (@Sendable (MutantResult) -> Void)?

    /// Default options.
    public init() {}
}

/// Generates wrong variants of every step of a `.drv` file and checks them.
///
/// ```swift
/// let result = MutationTester().run(text: source, name: "gan-qp.drv")
/// print(result.counts.killRate ?? 1, result.survivors.map(\.mutation.summary))
/// ```
public struct MutationTester: Sendable {
    /// The options.
    public var options: MutationOptions

    /// Creates a tester.
    public init(options: MutationOptions = MutationOptions()) {
        self.options = options
    }

    /// Mutates and checks a file given as text.
    public func run(text: String, name: String) -> FileMutationResult {
        let clock = ContinuousClock()
        let started = clock.now
        var result = run(text: text, name: name, clock: clock)
        result.elapsed = clock.now - started
        return result
    }

    private var checkOptions: CheckOptions {
        var o = options.check
        o.seed = options.seed
        o.only = []
        return o
    }

    private func run(text: String, name: String, clock: ContinuousClock) -> FileMutationResult {
        let front = FrontEnd.analyze(text: text, name: name, options: options.parse)
        var result = FileMutationResult(name: name, inputDiagnostics: [])
        if front.hasErrors {
            result.inputDiagnostics = front.diagnostics.filter { $0.severity == .error }
            return result
        }
        let file = front.file
        let checker = DerivationChecker(options: checkOptions)
        let baseline = checker.check(file, inputDiagnostics: front.diagnostics)
        let context: CheckContext
        do {
            context = try checker.buildContext(file)
        } catch {
            result.inputDiagnostics = baseline.diagnostics.filter { $0.severity == .error }
            return result
        }
        // Per (chain, step): whether it held in every family member, and how.
        var held: [String: [Int: (holds: Bool, admitted: Bool)]] = [:]
        for c in baseline.chains {
            for s in c.steps {
                let previous = held[c.name]?[s.index] ?? (true, false)
                held[c.name, default: [:]][s.index] = (previous.holds && s.verdict.holds && s.verdict != .admitted,
                                                       previous.admitted || s.verdict == .admitted)
            }
        }
        let lines = SourceLocationConverter(text: text)
        let densities = file.declarations.flatMap { d -> [DensityShape] in
            guard case .density(let variables, let conditions) = d.sort else { return [] }
            return d.names.map { DensityShape(name: $0.value.name, variables: variables.count, conditions: conditions.count) }
        }
        let mutator = ExpressionMutator(densities: densities)
        let run = Run(tester: self, text: text, name: name, file: file, context: context, lines: lines)

        var work: [(chain: Chain, mutation: Mutation, original: Expr?, mutated: Expr?, nextHolds: Bool)] = []
        for chain in file.chains {
            let expressions = [chain.start] + chain.steps.map(\.rhs)
            for (i, step) in chain.steps.enumerated() {
                let index = i + 1
                let status = held[chain.name.value]?[index]
                guard let status, status.holds, !status.admitted else {
                    let reason = status?.admitted == true ? "the step is admitted" : "the step does not hold in the original"
                    result.skippedSteps.append(SkippedStep(chain: chain.name.value, step: index,
                                                           location: lines.location(of: step.range.lowerBound), reason: reason))
                    continue
                }
                result.mutatedSteps += 1
                var candidates: [(mutation: Mutation, original: Expr?, mutated: Expr?)] = []
                func addExpressionSite(_ located: LocatedExpr, _ site: MutationSite) {
                    var seen: [String: Int] = [:]
                    for c in mutator.candidates(of: located.value) {
                        var m = Mutation(kind: c.kind, site: site, range: located.range, replacement: c.expr.description,
                                         before: c.before.description, after: c.after.description)
                        seen[m.summary, default: 0] += 1
                        m.occurrence = seen[m.summary] ?? 1
                        candidates.append((m, located.value, c.expr))
                    }
                }
                if let dynamics = step.dynamics {
                    // The sides of a dynamics claim are built from names, not written: its
                    // written values are the sites.
                    for (v, value) in dynamics.mutableValues.enumerated() {
                        addExpressionSite(value, .dynamicsValue(step: index, index: v))
                    }
                } else {
                    if index == 1 { addExpressionSite(expressions[0], .start) }
                    addExpressionSite(expressions[index], .expression(step: index))
                }
                if step.dynamics == nil, let reversed = step.relation.value.reversed {
                    let m = Mutation(kind: .relationReversed, site: .relation(step: index), range: step.relation.range,
                                     replacement: reversed.rawValue, before: step.relation.value.rawValue, after: reversed.rawValue)
                    candidates.append((m, nil, nil))
                }
                for (h, hint) in step.hints.enumerated() {
                    for (a, argument) in hint.arguments.enumerated() {
                        addExpressionSite(argument.value, .hintArgument(step: index, hint: h, argument: a))
                    }
                }
                if let order = step.orderTerm { addExpressionSite(order.magnitude, .orderTerm(step: index)) }

                let chosen = select(candidates.indices.map { candidates[$0].mutation.kind }, chain: chain.name.value, step: index)
                let nextHolds = held[chain.name.value]?[index + 1]?.holds ?? false
                for k in chosen {
                    let (mutation, original, mutated) = candidates[k]
                    work.append((chain, mutation, original, mutated, nextHolds))
                }
            }
        }
        let stride = options.samplePerFile.map { max(1, (work.count + max($0, 1) - 1) / max($0, 1)) } ?? 1
        for (i, item) in work.enumerated() where i % stride == 0 {
            let began = clock.now
            var outcome = run.evaluate(item.mutation, chain: item.chain, original: item.original, mutated: item.mutated,
                                       alsoNextStep: item.nextHolds)
            outcome.location = lines.location(of: item.mutation.range.lowerBound)
            outcome.elapsed = clock.now - began
            options.onMutant?(outcome)
            result.mutants.append(outcome)
        }
        return result
    }

    /// Indices of the candidates to try: all of them when within the cap, else a seeded
    /// round-robin over the kinds (each kind's candidates in a seeded order), returned in
    /// candidate order.
    func select(_ kinds: [MutationKind], chain: String, step: Int) -> [Int] {
        let cap = max(0, options.maxMutantsPerStep)
        if kinds.count <= cap { return Array(kinds.indices) }
        var rng = RandomSource(seed: options.seed, stream: [StableHash.of(chain), UInt64(step), 0x6d75_7461])
        var groups: [[Int]] = MutationKind.allCases.map { kind in kinds.indices.filter { kinds[$0] == kind } }
        for g in groups.indices where groups[g].count > 1 {
            for i in stride(from: groups[g].count - 1, to: 0, by: -1) {
                groups[g].swapAt(i, rng.nextInt(in: 0...i))
            }
        }
        var chosen: [Int] = []
        var round = 0
        while chosen.count < cap {
            var any = false
            for g in groups where round < g.count && chosen.count < cap {
                chosen.append(g[round])
                any = true
            }
            if !any { break }
            round += 1
        }
        return chosen.sorted()
    }
}

extension Relation {
    /// The reversed inequality (`<=` → `>=`); `nil` for `=` and `!=`.
    var reversed: Relation? {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        case .equal, .notEqual: return nil
        }
    }
}

/// The state shared by the mutants of one file.
private struct Run {
    let tester: MutationTester
    let text: String
    let name: String
    let file: DerivationFile
    let context: CheckContext
    let lines: SourceLocationConverter

    func evaluate(_ mutation: Mutation, chain: Chain, original: Expr?, mutated: Expr?, alsoNextStep: Bool) -> MutantResult {
        var out = MutantResult(mutation: mutation, chain: chain.name.value, step: mutation.site.step,
                               location: SourceLocation(line: 0, column: 0), status: .unprintable, verdicts: [],
                               explanation: "", elapsed: .zero)
        let mutatedText = mutation.apply(to: text)
        let front = FrontEnd.analyze(text: mutatedText, name: name, options: tester.options.parse)
        if let parseError = front.diagnostics.first(where: { $0.severity == .error && $0.id == .parseError }) {
            out.explanation = "the mutated text does not parse: \(parseError.message)"
            return out
        }
        guard let mutatedChain = front.file.chains.first(where: { $0.name.value == chain.name.value }),
              mutatedChain.steps.count == chain.steps.count else {
            out.explanation = "the mutated file lost the chain"
            return out
        }
        if let mutated, let reparsed = Self.expression(at: mutation.site, in: mutatedChain), reparsed != mutated {
            out.explanation = "the mutated text parses as \(reparsed), not \(mutated)"
            return out
        }
        if let error = front.diagnostics.first(where: { $0.severity == .error }) {
            out.status = .rejected
            out.explanation = "front end: \(error.message) [\(error.id.rawValue)]"
            return out
        }
        if let original, let mutated, normalFormsAgree(original, mutated) {
            out.status = .equivalentByNormalForm
            out.explanation = "same rational normal form as the original"
            return out
        }
        if case .dynamicsValue(let step, let index) = mutation.site, let original, let mutated,
           let why = sameValueWithBindings(original, mutated, claim: chain.steps[safe: step - 1]?.dynamics, index: index) {
            out.status = .equivalentByNormalForm
            out.explanation = why
            return out
        }
        // Recheck only the affected steps.
        let first: Int, count: Int
        switch mutation.site {
        case .start:
            (first, count) = (1, 1)
        case .expression(let step):
            (first, count) = (step, alsoNextStep && step < chain.steps.count ? 2 : 1)
        case .relation(let step), .orderTerm(let step), .hintArgument(let step, _, _), .dynamicsValue(let step, _):
            (first, count) = (step, 1)
        }
        if let original, let mutated,
           let why = sameStatement(original, mutated, site: mutation.site, chain: chain, steps: first..<(first + count)) {
            out.status = .equivalentByNormalForm
            out.explanation = why
            return out
        }
        var cut = mutatedChain
        cut.start = first == 1 ? mutatedChain.start : mutatedChain.steps[first - 2].rhs
        cut.steps = Array(mutatedChain.steps[(first - 1)..<(first - 1 + count)])
        var cutFile = front.file
        cutFile.items = front.file.items.map { item in
            if case .chain(let c) = item, c.name.value == chain.name.value { return .chain(cut) }
            return item
        }
        var options = tester.options.check
        options.seed = tester.options.seed
        options.only = [chain.name.value]
        let checked = DerivationChecker(options: options).check(cutFile, inputDiagnostics: [])
        let steps = checked.chains.flatMap(\.steps)
        out.verdicts = steps.map(\.verdict)
        classify(checked, steps: steps, into: &out)
        if out.status == .survived, let original, let mutated,
           let why = implication(original, mutated, site: mutation.site, chain: chain, checkedSteps: first..<(first + count)) {
            out.status = .impliedByOriginal
            out.explanation = why
        }
        if out.status == .survived {
            out.explanation += "; " + secondOpinion(cutFile, chain: chain.name.value, original: original, mutated: mutated)
        }
        return out
    }

    /// For a survivor: a larger numeric search with another seed, to tell an equivalent or
    /// weaker-but-true mutant (it still agrees) from a checker weakness (now refuted). Only
    /// explains; never changes the classification.
    private func secondOpinion(_ cutFile: DerivationFile, chain: String, original: Expr?, mutated: Expr?) -> String {
        let seed = StableHash.combine(tester.options.seed, 0x5345_434f_4e44)
        if let original, let mutated, let ua = try? context.unfolding(original), let ub = try? context.unfolding(mutated) {
            var checker = EquivalenceChecker(assumptions: context.assumptions)
            checker.limits = context.options.limits
            checker.seed = seed
            checker.points = 200
            checker.maxAttempts = 2_000
            checker.useStandIns(of: context)
            checker.runsSymbolicPhase = false
            if checker.decide(ua, .equal, ub).verdict == .numeric {
                return "second opinion: the changed expression equals the original at 200 points, so this is "
                    + "probably an equivalent mutant the normal form does not recognise"
            }
        }
        var options = tester.options.check
        options.seed = seed
        options.only = [chain]
        options.numericPoints = 250
        let again = DerivationChecker(options: options).check(cutFile, inputDiagnostics: [])
        let steps = again.chains.flatMap(\.steps)
        if let refuted = steps.first(where: { $0.verdict == .refuted }) {
            return "second opinion: refuted with 250 points and another seed (a checker weakness: too few points): "
                + Self.describe(refuted)
        }
        if !steps.isEmpty, steps.allSatisfy(\.verdict.holds) {
            return "second opinion: still holds at 250 points with another seed, so the mutant is probably a true "
                + "statement (a weaker inequality, or an equivalent form) that the checker cannot prove"
        }
        return "second opinion: undecided with 250 points"
    }

    /// Why a changed side of inequality steps makes them weaker, or `nil`: for each affected
    /// step, the comparison of the new side with the old one that makes the original step
    /// imply the mutated one must be proved symbolically (no assumed conditions).
    private func implication(_ original: Expr, _ mutated: Expr, site: MutationSite, chain: Chain,
                             checkedSteps: Range<Int>) -> String? {
        let position: Int
        switch site {
        case .start: position = 0
        case .expression(let step): position = step
        case .relation, .orderTerm, .hintArgument: return nil
        case .dynamicsValue(let step, let index):
            return laterCycleStart(original, mutated, claim: chain.steps[safe: step - 1]?.dynamics, index: index)
        }
        var reasons: [String] = []
        for step in checkedSteps {
            guard step >= 1, step <= chain.steps.count else { return nil }
            let relation = chain.steps[step - 1].relation.value
            // The changed expression is the step's right side (position == step) or its left side.
            let isRight = position == step
            let needed: Relation
            switch relation {
            case .lessEqual, .less: needed = isRight ? .greaterEqual : .lessEqual      // new ≥ old on the right
            case .greaterEqual, .greater: needed = isRight ? .lessEqual : .greaterEqual
            case .equal, .notEqual: return nil
            }
            if proves(mutated, needed, original) {
                reasons.append("\(mutated) \(needed.rawValue) \(original) is proved, so step \(step) (\(relation.rawValue)) still holds")
            } else if MonotoneComparison(proves: proves).holds(mutated, needed, original) {
                reasons.append("\(mutated) \(needed.rawValue) \(original) follows from the monotone context of the change, so step "
                               + "\(step) (\(relation.rawValue)) still holds")
            } else {
                return nil
            }
        }
        return reasons.isEmpty ? nil : "weaker than the original: " + reasons.joined(separator: "; ")
    }

    /// Why a changed value of a dynamics claim is the same number as the original once the
    /// claim's `with` values are substituted (`a^2` → `a^3` with `a = 1`), or `nil`. Not for a
    /// changed `with` value itself, which changes the whole run.
    private func sameValueWithBindings(_ original: Expr, _ mutated: Expr, claim: DynamicsClaim?, index: Int) -> String? {
        guard let claim, let value = claim.mutableValues[safe: index],
              !claim.relations.contains(where: { $0.value.range == value.range }), !claim.relations.isEmpty else { return nil }
        let limits = context.options.limits
        var bindings: [Symbol: Expr] = [:]
        for relation in claim.relations { bindings[relation.name.value] = relation.value.value }
        var a = original, b = mutated
        // `with` values may mention each other (λ = 1 − βγ with γ = 1/10): substitute until
        // nothing changes, at most once per binding.
        for _ in 0...claim.relations.count {
            guard let na = try? a.substituting(bindings, limits: limits),
                  let nb = try? b.substituting(bindings, limits: limits) else { return nil }
            if na == a && nb == b { break }
            (a, b) = (na, nb)
        }
        guard a != original || b != mutated, normalFormsAgree(a, b) else { return nil }
        return "the same value once the 'with' values are substituted: \(a) = \(b)"
    }

    /// Why a changed step count of a `cycles` run states less than the original, or `nil`: the
    /// orbit is periodic from step N with the stated values, so it is from any later step.
    private func laterCycleStart(_ original: Expr, _ mutated: Expr, claim: DynamicsClaim?, index: Int) -> String? {
        guard let claim, let value = claim.mutableValues[safe: index], claim.isCycleStepCount(value),
              let n = original.numberValue?.asInt, let m = mutated.numberValue?.asInt, m >= n else { return nil }
        return "weaker than the original: an orbit periodic from step \(n) is periodic from step \(m) with the same values"
    }

    /// Why the mutated steps state the same as the original ones, or `nil`: for each affected
    /// step, left minus right of the mutant is a constant multiple of left minus right of the
    /// original (any nonzero constant for `=` and `!=`, a positive one for an inequality), by
    /// the rational normal form of their quotient. E.g. `det(D^T D) = 0` → `-det(D^T D) = 0`.
    private func sameStatement(_ original: Expr, _ mutated: Expr, site: MutationSite, chain: Chain,
                               steps: Range<Int>) -> String? {
        let position: Int
        switch site {
        case .start: position = 0
        case .expression(let step): position = step
        case .relation, .orderTerm, .hintArgument, .dynamicsValue: return nil
        }
        let expressions = [chain.start.value] + chain.steps.map(\.rhs.value)
        let limits = context.options.limits
        var factors: [String] = []
        for step in steps {
            guard step >= 1, step <= chain.steps.count, chain.steps[step - 1].orderTerm == nil,
                  !chain.steps[step - 1].hints.contains(where: { $0.name.value == "substitute" }) else { return nil }
            var sides = [expressions[step - 1], expressions[step]]
            let before = sides[0] - sides[1]
            sides[position == step ? 1 : 0] = mutated
            let after = sides[0] - sides[1]
            guard let ub = try? context.unfolding(before), let ua = try? context.unfolding(after),
                  let d = try? ub.canonicalized(limits: limits), !d.isZero,
                  let q = try? (ua * Expr.power(d, .minusOne)).canonicalized(limits: limits),
                  let c = (try? RationalNormalForm(q, limits: limits))?.expr.numberValue, !c.isZero else { return nil }
            switch chain.steps[step - 1].relation.value {
            case .equal, .notEqual: break
            case .less, .lessEqual, .greater, .greaterEqual: guard !c.isNegative else { return nil }
            }
            factors.append("step \(step) is \(c) times the original")
        }
        guard !factors.isEmpty else { return nil }
        return "the same statement: left minus right of " + factors.joined(separator: "; ")
    }

    /// Whether `a REL b` is proved symbolically (with the numbers agreeing) in the file's context.
    private func proves(_ a: Expr, _ relation: Relation, _ b: Expr) -> Bool {
        guard let ua = try? context.unfolding(a), let ub = try? context.unfolding(b) else { return false }
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = context.options.limits
        checker.seed = StableHash.combine(tester.options.seed, StableHash.combine(ua.stableHash, ub.stableHash))
        checker.useStandIns(of: context)
        checker.rules += context.extraRules
        checker.allowsAssumedConditions = false
        checker.configureMatrices(for: [ua, ub], context: context)
        let r = checker.decide(ua, relation, ub)
        return r.verdict == .proved && r.inconsistency == nil && r.assumed.isEmpty && r.undefined == nil
    }

    private func classify(_ checked: FileCheckResult, steps: [StepResult], into out: inout MutantResult) {
        let errors = checked.diagnostics.filter { $0.severity == .error }
        if let d = errors.first(where: { $0.id == .checkerInconsistency }) {
            out.status = .inconsistent
            out.explanation = Self.describe(d)
            return
        }
        if let s = steps.first(where: { $0.verdict == .refuted }) {
            out.status = .refuted
            out.explanation = Self.describe(s)
            return
        }
        if steps.isEmpty || steps.contains(where: { $0.verdict == .unknown }) || !errors.isEmpty {
            out.status = .undecided
            if let d = errors.first { out.explanation = Self.describe(d) }
            else if let s = steps.first(where: { $0.verdict == .unknown }) { out.explanation = Self.describe(s) }
            else { out.explanation = "no step was checked" }
            return
        }
        let assumed = checked.diagnostics.first { $0.id == .sideConditionAssumed }
        let unconfirmed = steps.first { s in s.evidence.notes.contains { $0.hasPrefix("numeric check skipped") } }
        if steps.allSatisfy({ $0.verdict == .proved || $0.verdict == .exact }), assumed == nil, unconfirmed == nil {
            out.status = .equivalentByProof
            out.explanation = Self.describe(steps[0])
            return
        }
        // A step about undeclared densities has a meaning only on the instances that bind
        // them: when nothing but the instances could evaluate it and each decided it exactly
        // (symbolically, on closed forms), the mutant is as true as the original.
        if assumed == nil, steps.allSatisfy({ s in
            !s.evidence.samples.isEmpty && !s.instances.isEmpty && s.instances.allSatisfy { $0.verdict == .exact }
        }) {
            out.status = .equivalentByProof
            out.explanation = "exact on every instance: " + steps.flatMap(\.instances).map { "\($0.instance): \($0.summary)" }
                .joined(separator: "; ")
            return
        }
        out.status = .survived
        if let a = assumed {
            out.explanation = "accepted under an assumed side condition: \(a.message)"
        } else if let u = unconfirmed {
            out.explanation = "proved without numeric confirmation: " + Self.describe(u)
        } else {
            let weakest = steps.max { $0.verdict < $1.verdict } ?? steps[0]
            out.explanation = Self.describe(weakest)
        }
    }

    /// Whether the two expressions have the same rational normal form, definitions unfolded.
    func normalFormsAgree(_ a: Expr, _ b: Expr) -> Bool {
        let limits = context.options.limits
        guard let ua = try? context.unfolding(a), let ub = try? context.unfolding(b),
              let d = try? (ua - ub).canonicalized(limits: limits) else { return false }
        if d.isZero { return true }
        if let rnf = try? RationalNormalForm(d, limits: limits), rnf.isZero { return true }
        // Atoms whose arguments agree only after normalising them (`sqrt((a - c)^2)` and
        // `sqrt((c - a)^2)`): the arguments of every call and non-integer power are put in
        // rational normal form first, bottom up.
        guard let da = deepNormalForm(ua), let db = deepNormalForm(ub),
              let dd = try? (da - db).canonicalized(limits: limits) else { return false }
        if dd.isZero { return true }
        return (try? RationalNormalForm(dd, limits: limits))?.isZero ?? false
    }

    /// `e` with the arguments of every call, big operator and non-integer power in rational
    /// normal form, bottom up; `nil` when a normal form fails or the tree is too deep.
    func deepNormalForm(_ e: Expr, depth: Int = 0) -> Expr? {
        guard depth <= 300 else { return nil }
        let limits = context.options.limits
        var failed = false
        let mapped = e.mapChildren { (c: Expr) -> Expr in
            guard !failed, let n = deepNormalForm(c, depth: depth + 1) else { failed = true; return c }
            return n
        }
        if failed { return nil }
        let normalisesArguments: Bool
        switch mapped.kind {
        case .call, .bigOperator: normalisesArguments = true
        case .power(_, let exponent): normalisesArguments = exponent.numberValue?.asInt == nil
        case .number, .symbol, .constant, .sum, .product, .derivative, .list, .subscripted, .range: normalisesArguments = false
        }
        guard normalisesArguments else { return mapped }
        return mapped.mapChildren { (c: Expr) -> Expr in
            guard !failed, let canonical = try? c.canonicalized(limits: limits),
                  let rnf = try? RationalNormalForm(canonical, limits: limits) else { failed = true; return c }
            return rnf.expr
        }.nilIf(failed)
    }

    /// The expression at a site of a chain.
    static func expression(at site: MutationSite, in chain: Chain) -> Expr? {
        switch site {
        case .start: return chain.start.value
        case .expression(let s): return s >= 1 && s <= chain.steps.count ? chain.steps[s - 1].rhs.value : nil
        case .relation: return nil
        case .orderTerm(let s):
            return s >= 1 && s <= chain.steps.count ? chain.steps[s - 1].orderTerm?.magnitude.value : nil
        case .dynamicsValue(let s, let v):
            return chain.steps[safe: s - 1]?.dynamics?.mutableValues[safe: v]?.value
        case .hintArgument(let s, let h, let a):
            guard s >= 1, s <= chain.steps.count, h < chain.steps[s - 1].hints.count,
                  a < chain.steps[s - 1].hints[h].arguments.count else { return nil }
            return chain.steps[s - 1].hints[h].arguments[a].value.value
        }
    }

    /// A one-line account of a step's verdict and evidence.
    static func describe(_ s: StepResult) -> String {
        let e = s.evidence
        var parts: [String] = [s.verdict.rawValue]
        if let m = e.method { parts.append("by \(m)" + (e.rules.isEmpty ? "" : " (\(e.rules.joined(separator: ", ")))")) }
        if e.points > 0 {
            var p = "\(e.points) numeric points agree"
            if let d = e.maxDeviation { p += " (max relative deviation \(formatDouble(d)))" }
            parts.append(p)
        }
        if let m = e.margin { parts.append("smallest margin \(m)") }
        if let r = e.residual, s.verdict == .refuted || s.verdict == .unknown { parts.append("residual \(r)") }
        if let cx = e.counterexample {
            let at = cx.assignment.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
            parts.append("counterexample" + (at.isEmpty ? "" : " at \(at)") + (cx.instance.map { " on '\($0)'" } ?? "")
                         + ": \(cx.lhsValue)" + (cx.rhsValue.isEmpty ? "" : " vs \(cx.rhsValue)"))
        }
        if !e.assumedConditions.isEmpty { parts.append("assuming " + e.assumedConditions.joined(separator: " and ")) }
        parts += e.samples.prefix(2)
        if let n = e.notes.first { parts.append(n) }
        return parts.joined(separator: "; ")
    }

    /// A diagnostic's message with its first note.
    static func describe(_ d: Diagnostic) -> String {
        "\(d.message) [\(d.id.rawValue)]" + (d.notes.first.map { ": \($0.message)" } ?? "")
    }
}

private extension Expr {
    /// `nil` when `condition` holds, else `self`.
    func nilIf(_ condition: Bool) -> Expr? { condition ? nil : self }
}

private extension Array {
    /// The element at `index`, or `nil` outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
