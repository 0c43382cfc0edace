// Checking a whole file: context from declarations, every chain (families expanded), every
// instance.
//
// Implementation notes
// --------------------
// One loop per chain, modelled on Lean's `elabCalcSteps`: keep the previous expression,
// check each step against it, compose the relation. A step that fails does not stop the
// chain — later steps are still checked against what was written, so one run reports every
// wrong step. Families (`for n in 2..5, k in 1..n`) are expanded by substituting each
// assignment into the chain (bounded by `maxFamilyMembers` members and by
// `CheckOptions.maxFamilyWork` nodes of written-out steps in all). Instances then re-run the
// numeric comparison of each step with the instance's values and functions bound; an
// instance that refutes a step makes it refuted. Numeric points depend only on the seed and
// on (chain, family assignment, step), never on the order of work — so the chains and
// family members are independent jobs, run on `threads` threads and assembled in file order
// (ParallelJobs.swift; family budgets in FamilyBudget.swift).

import Foundation
import Symbolic

/// Checks parsed, sort-checked files.
public struct DerivationChecker: Sendable {
    /// The options of the run.
    public var options: CheckOptions

    /// The number of threads checking a file's chains and family members at once. The
    /// results do not depend on it (see ParallelJobs.swift).
    public var threads: Int

    /// The most members a family may expand to.
    public static let maxFamilyMembers = 1_000

    /// The default number of threads: the active processors, at most 8.
    public static var defaultThreads: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    /// The most threads a check uses (a larger `threads` is lowered to it).
    public static let maxThreads = 64

    /// Creates a checker.
    public init(options: CheckOptions = CheckOptions(), threads: Int = DerivationChecker.defaultThreads) {
        self.options = options
        self.threads = max(1, min(threads, Self.maxThreads))
    }

    /// Checks every chain of `file` (or those named in `options.only`).
    /// - Parameter inputDiagnostics: diagnostics from parsing and sort checking; when any is
    ///   an error, nothing is checked.
    public func check(_ file: DerivationFile, inputDiagnostics: [Diagnostic] = []) -> FileCheckResult {
        var noCache: VerdictCache?
        return check(file, inputDiagnostics: inputDiagnostics, cacheSlot: &noCache)
    }

    /// Checks like `check(_:inputDiagnostics:)`, reusing the results of steps found in
    /// `cache` and recording the steps it checks (see `VerdictCache`); the result is the same.
    public func check(_ file: DerivationFile, inputDiagnostics: [Diagnostic] = [], cache: inout VerdictCache) -> FileCheckResult {
        // Moved out and back (not copied), so recording does not copy the cache's storage.
        var slot: VerdictCache? = cache
        cache = VerdictCache(toolIdentity: cache.toolIdentity)
        defer { if let slot { cache = slot } }
        return check(file, inputDiagnostics: inputDiagnostics, cacheSlot: &slot)
    }

    /// Checks like `check(_:inputDiagnostics:cache:)` when `cacheSlot` holds a cache (it holds
    /// the updated cache afterwards), like `check(_:inputDiagnostics:)` when it is `nil`.
    public func check(_ file: DerivationFile, inputDiagnostics: [Diagnostic], cacheSlot: inout VerdictCache?) -> FileCheckResult {
        var diagnostics = inputDiagnostics
        var result = FileCheckResult(file: file, chains: [], diagnostics: [], seed: options.seed)
        if inputDiagnostics.contains(where: { $0.severity == .error }) {
            result.diagnostics = diagnostics
            return result
        }
        let context: CheckContext
        do {
            context = try buildContext(file)
        } catch let d as Diagnostic {
            diagnostics.append(d)
            result.diagnostics = diagnostics
            return result
        } catch {
            diagnostics.append(Diagnostic(.error, .evaluationFailure, "\(error)", at: nil))
            result.diagnostics = diagnostics
            return result
        }
        let names = Set(file.chains.map(\.name.value))
        for wanted in options.only where !names.contains(wanted) {
            let hint = closestName(to: wanted, in: Array(names)).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.append(Diagnostic(.error, .unknownOnly, "no derivation or claim named '\(wanted)'\(hint)", at: nil))
        }
        // Instances whose distributions are invalid (a variance of -1, probabilities not
        // summing to 1) are errors at the binding, and are not used for numeric checks.
        let validation = InstanceValidation.validate(file, context: context)
        diagnostics += validation.diagnostics
        var checkedFile = file
        if !validation.invalid.isEmpty {
            checkedFile.items.removeAll { item in
                if case .instance(let i) = item { return validation.invalid.contains(i.name.value) }
                return false
            }
        }
        var counted = context
        counted.options.sampledTestsInFile = max(1, file.chains.reduce(0) { $0 + $1.steps.count } * max(1, file.instances.count))
        var session = cacheSlot.take().map { cache in
            VerdictCacheSession(cache: cache, environment: StepFingerprint.environment(of: file, options: counted.options,
                                                                                       toolIdentity: cache.toolIdentity))
        }
        defer { if let session { cacheSlot = session.cache } }
        // Plan the jobs (a chain, or one member of a family), run them on `threads` threads,
        // then take their results in file order (see ParallelJobs.swift).
        var plans: [ChainPlan] = []
        var jobs: [(plan: Int, member: Int)] = []
        for chain in file.chains where options.only.isEmpty || options.only.contains(chain.name.value) {
            var leading: [Diagnostic] = []
            let sizeSymbols = sampledSizeSymbols(chain, context: counted)
            let plan: ChainPlan
            if !sizeSymbols.isEmpty {
                // Matrices of symbolic size: checked at sampled sizes (see SampledSizes.swift).
                let assignments = sampledSizeAssignments(sizeSymbols, context: counted)
                let names = sizeSymbols.map(\.name).joined(separator: ", ")
                let used = assignments.map { a in a.map { "\($0.0.name) = \($0.1)" }.joined(separator: ", ") }
                leading.append(Diagnostic(.note, .sampledSizes,
                                          "'\(chain.name.value)' is about sizes \(names) that are symbols; checked at "
                                          + (used.isEmpty ? "no size (the assumptions exclude 1 to 12)" : used.joined(separator: "; "))
                                          + ", so proofs count as numeric evidence (a family `for \(sizeSymbols[0].name) in …` states the sizes)",
                                          at: chain.name.range))
                if assignments.isEmpty {
                    leading.append(Diagnostic(.error, .stepUnknown, "'\(chain.name.value)' could not be checked at any size", at: chain.name.range))
                }
                plan = ChainPlan(chain: chain, kind: .sampledSizes, leading: leading, assignments: assignments, budget: nil)
            } else {
                let assignments = familyAssignments(chain, diagnostics: &leading)
                // Each member is bounded by the limits; the family as a whole by the total size
                // of its members' steps with their sums and matrices written out (a thousand members each
                // near the limits would take hours), and by the algebra its members' normal
                // forms cost (a member's work grows with its vectors' and matrices' sizes,
                // which the nodes do not show).
                let budget = chain.family == nil ? nil
                    : FamilyBudget(members: assignments.count, maxWork: options.maxFamilyWork, maxAlgebra: options.maxFamilyAlgebraWork)
                plan = ChainPlan(chain: chain, kind: chain.family == nil ? .single : .family, leading: leading,
                                 assignments: assignments, budget: budget)
            }
            jobs += plan.assignments.indices.map { (plans.count, $0) }
            plans.append(plan)
        }
        let contexts = (0..<max(1, threads)).map { $0 == 0 ? counted : counted.withOwnMemos() }
        let snapshot = session
        let outcomes = ParallelJobs.run(count: jobs.count, threads: threads) { [plans, jobs, checkedFile] j, worker -> JobOutcome? in
            let plan = plans[jobs[j].plan]
            let m = jobs[j].member
            let assignment = plan.assignments[m]
            if let budget = plan.budget {
                guard budget.isNeeded(m) else { return nil }
                budget.note(size: Self.expandedSize(of: plan.chain, at: assignment, context: contexts[worker]), of: m)
                guard budget.isNeeded(m) else { return nil }
            }
            let outcome = checkJob(plan.chain, assignment: assignment, context: contexts[worker], file: checkedFile,
                                   cache: snapshot?.journal())
            plan.budget?.note(algebra: outcome.algebraWork, of: m)
            return outcome
        }
        var first = 0
        for plan in plans {
            defer { first += plan.assignments.count }
            diagnostics += plan.leading
            for (m, assignment) in plan.assignments.enumerated() {
                var outcome = outcomes[first + m]
                if let budget = plan.budget, let family = plan.chain.family {
                    if outcome == nil {
                        budget.note(size: Self.expandedSize(of: plan.chain, at: assignment, context: counted), of: m)
                    }
                    if let exhausted = budget.stop(at: m) {
                        let reason = switch exhausted {
                        case .size:
                            "the members' steps, with their sums and matrices written out, exceed \(options.maxFamilyWork) nodes in all (limit maxFamilyWork)"
                        case .algebra:
                            "the members' normal forms cost more than \(options.maxFamilyAlgebraWork) units of algebra in all "
                                + "(limit maxFamilyAlgebraWork)"
                        }
                        let last = plan.assignments[m - 1].map { "\($0.0.name) = \($0.1)" }.joined(separator: ", ")
                        diagnostics.append(Diagnostic(.error, .limitExceeded,
                                                      "family checked only up to its member \(last) (\(m) of \(plan.assignments.count)): \(reason)",
                                                      at: family.range))
                        break
                    }
                }
                if outcome == nil {
                    // Only members past a family's stop are skipped; check it here if not.
                    assertionFailure("job \(first + m) was skipped but its result is needed")
                    outcome = checkJob(plan.chain, assignment: assignment, context: counted, file: checkedFile, cache: session?.journal())
                }
                guard let outcome else { continue }
                if let journal = outcome.journal { session?.apply(journal) }
                switch plan.kind {
                case .sampledSizes: result.chains.append(Self.demotingToSampledSizes(outcome.chain))
                case .single, .family: result.chains.append(outcome.chain)
                }
                diagnostics.append(contentsOf: outcome.diagnostics)
            }
        }
        result.diagnostics = diagnostics.sorted { a, b in
            (a.range?.lowerBound ?? -1, a.severity.order) < (b.range?.lowerBound ?? -1, b.severity.order)
        }
        return result
    }

    // MARK: - Context

    /// Builds assumptions and definitions from the declarations, `assume` lines and `let`s.
    func buildContext(_ file: DerivationFile) throws -> CheckContext {
        var context = CheckContext()
        context.options = options
        for item in file.items {
            switch item {
            case .declaration(let d):
                try declare(d, in: &context)
            case .assumption(let a):
                do {
                    // Entries with integer indices (`assume x[2] >= 0`) are the entry symbols the
                    // steps expand to.
                    let lhs = try FiniteExpansion.expand(a.lhs.value, limits: options.limits)
                    let rhs = try FiniteExpansion.expand(a.rhs.value, limits: options.limits)
                    if a.relation.value == .equal, lhs.symbolValue == nil {
                        // A fact about a compound term (`f(1) = 0`, `Th'(t) = -L'(Th(t))`) is
                        // also a rewrite.
                        let summary = "\(a.lhs.value) = \(a.rhs.value) (assumed)"
                        context.facts.append(try RewriteRule("assumption", a.lhs.value, a.rhs.value, summary: summary))
                        // At a numeric point it pins the stand-in for the function instead of
                        // being a relation (which every stand-in would have to satisfy by chance).
                        if case .call(.opaque(let o), let args) = a.lhs.value.kind, !o.isDifferentiated,
                           let value = try? a.rhs.value.evaluate(at: Environment()),
                           case let point = args.compactMap({ try? $0.evaluate(at: Environment()) }), point.count == args.count {
                            context.functionPins[o.name, default: []].append((point, value))
                        } else {
                            try context.assumptions.assume(lhs, a.relation.value, rhs)
                        }
                    } else {
                        try context.assumptions.assume(lhs, a.relation.value, rhs)
                    }
                } catch {
                    throw Diagnostic(.error, .undefinedExpression, "assumption is undefined: \(error)", at: a.range)
                }
            case .definition(let d):
                if d.parameters.isEmpty {
                    context.constants[d.name.value] = d.body.value
                } else {
                    context.functions[d.name.value.name] = (d.parameters.map(\.value), d.body.value)
                }
            case .chain, .instance, .latexName:
                break
            }
        }
        // KL divergences are nonnegative (Gibbs' inequality).
        context.assumptions.assume(function: "KL", in: .nonnegative)
        context.extraRules = context.facts + ProbabilityRules(densities: context.densities).rules + options.injectedRulesForTesting
        context.citedOnlyRules = ProbabilityRules(densities: context.densities).citedOnly
        return context
    }

    private func declare(_ d: Declaration, in context: inout CheckContext) throws {
        switch d.sort {
        case .scalar(let property):
            for n in d.names {
                context.assumptions.assume(n.value, is: property)
                if let (relation, bound) = d.constraint {
                    do {
                        try context.assumptions.assume(.symbol(n.value), relation.value, bound.value)
                    } catch {
                        throw Diagnostic(.error, .undefinedExpression, "constraint is undefined: \(error)", at: bound.range)
                    }
                }
            }
        case .function(let parameters):
            for n in d.names {
                if let body = d.body {
                    context.functions[n.value.name] = (parameters, body.value)
                }
                for p in d.properties {
                    switch p.value {
                    case "convex":
                        context.functionShapes[n.value.name] = .convex
                        for i in parameters.indices {
                            context.assumptions.assume(derivative: Self.orders(2, at: i, of: parameters.count), of: n.value.name, in: .nonnegative)
                        }
                    case "concave":
                        context.functionShapes[n.value.name] = .concave
                        for i in parameters.indices {
                            context.assumptions.assume(derivative: Self.orders(2, at: i, of: parameters.count), of: n.value.name, in: .nonpositive)
                        }
                    case "increasing":
                        context.functionShapes[n.value.name] = .increasing
                        for i in parameters.indices {
                            context.assumptions.assume(derivative: Self.orders(1, at: i, of: parameters.count), of: n.value.name, in: .nonnegative)
                        }
                    case "positive":
                        context.functionShapes[n.value.name] = .positive
                        context.assumptions.assume(function: n.value.name, in: .positive)
                    case "nonnegative":
                        context.assumptions.assume(function: n.value.name, in: .nonnegative)
                    default: break
                    }
                }
            }
        case .density(let variables, let conditions):
            for n in d.names {
                context.assumptions.assume(function: n.value.name, in: .positive)
                context.functionShapes[n.value.name] = .positive
                context.densities[n.value.name] = DensityInfo(name: n.value.name, variables: variables,
                                                              conditions: conditions, definition: d.body?.value)
                // A closed-form density (also one defined through other densities, such as a
                // posterior) is unfolded like a function, except where it is sampled from
                // (`x ~ post(x | z)`); one defined by an integral (a marginal) stays a name
                // for the probability rules.
                if let body = d.body?.value, !body.containsSubexpression(where: { if case .bigOperator = $0.kind { return true }; return false }) {
                    context.functions[n.value.name] = (variables + conditions, body)
                }
            }
        case .vector, .matrix:
            try context.declareMatrix(d)
        }
    }

    /// Derivative orders with `order` at argument `index` of `count` and 0 elsewhere.
    static func orders(_ order: Int, at index: Int, of count: Int) -> [Int] {
        (0..<count).map { $0 == index ? order : 0 }
    }

    // MARK: - Families

    private func familyAssignments(_ chain: Chain, diagnostics: inout [Diagnostic]) -> [[(Symbol, Int)]] {
        guard let family = chain.family else { return [[]] }
        var out: [[(Symbol, Int)]] = []
        func expand(_ i: Int, _ current: [(Symbol, Int)]) -> Bool {
            if i == family.variables.count {
                out.append(current)
                return out.count <= Self.maxFamilyMembers
            }
            let v = family.variables[i]
            var bindings: [Symbol: Rational] = [:]
            for (s, k) in current { bindings[s] = Rational(k) }
            guard let lo = try? v.lower.value.evaluateExactly(at: bindings), let hi = try? v.upper.value.evaluateExactly(at: bindings),
                  lo.isInteger, hi.isInteger, let l = lo.asInt, let h = hi.asInt else {
                diagnostics.append(Diagnostic(.error, .invalidInstance, "family bounds must be integers", at: v.lower.range.union(v.upper.range)))
                return false
            }
            if l > h { return true }
            for k in l...h {
                if !expand(i + 1, current + [(v.name.value, k)]) { return false }
            }
            return true
        }
        if !expand(0, []) && out.count > Self.maxFamilyMembers {
            out.removeLast()
            diagnostics.append(Diagnostic(.error, .limitExceeded,
                                          "family has more than \(Self.maxFamilyMembers) members; checked the first \(Self.maxFamilyMembers)",
                                          at: family.range))
        }
        return out
    }

    /// The size of `chain` at a family member: its expressions with the family's values
    /// substituted, definitions unfolded, finite sums and products and matrix expressions
    /// written out (where that fails, the size before it; the check itself reports why).
    /// Matrix expressions count because their entries grow with the family's sizes
    /// (`sqrt(det(x^T*x)) = norm(x)` is a sum of n squares at member n; fuzz seed 9).
    static func expandedSize(of chain: Chain, at assignment: [(Symbol, Int)], context: CheckContext) -> Int {
        let limits = context.options.limits
        var substitution: [Symbol: Expr] = [:]
        for (s, k) in assignment { substitution[s] = Expr.number(Rational(k)) }
        let member = context.specialisingMatrices(substitution)
        let expressions = [chain.start.value] + chain.steps.map(\.rhs.value)
        return expressions.reduce(0) { total, e in
            guard let instantiated = try? e.substituting(substitution, limits: limits) else { return total.saturatingSum(e.treeSize) }
            if let unfolded = try? member.unfolding(instantiated) { return total.saturatingSum(unfolded.treeSize) }
            let expanded = (try? FiniteExpansion.expand(instantiated, limits: limits)) ?? instantiated
            return total.saturatingSum(expanded.treeSize)
        }
    }

    // MARK: - Jobs

    /// One chain's share of the work: its members (one with no assignment for a plain chain).
    private struct ChainPlan: Sendable {
        enum Kind: Sendable {
            /// A chain checked once.
            case single
            /// A family: one check per member, within the family budgets.
            case family
            /// A chain about matrices of symbolic size, checked at sampled sizes.
            case sampledSizes
        }

        let chain: Chain
        let kind: Kind
        /// Diagnostics that come before the members' own.
        let leading: [Diagnostic]
        let assignments: [[(Symbol, Int)]]
        /// A family's budgets (`nil` for other chains).
        let budget: FamilyBudget?
    }

    /// The result of one job: a chain checked at one assignment.
    private struct JobOutcome: Sendable {
        let chain: ChainResult
        let diagnostics: [Diagnostic]
        /// The algebra its normal forms cost (`WorkLedger` units).
        let algebraWork: Int
        /// Its use of the verdict cache, applied when the result is used.
        let journal: CacheJournal?
    }

    /// Checks `chain` at `assignment` under a ledger of its own.
    private func checkJob(_ chain: Chain, assignment: [(Symbol, Int)], context: CheckContext,
                          file: DerivationFile, cache: CacheJournal?) -> JobOutcome {
        let ledger = WorkLedger()
        var journal = cache
        let (result, diagnostics) = ledger.recording {
            checkChain(chain, assignment: assignment, context: context, file: file, cache: &journal)
        }
        return JobOutcome(chain: result, diagnostics: diagnostics, algebraWork: ledger.total, journal: journal)
    }

    // MARK: - Chains

    private func checkChain(_ chain: Chain, assignment: [(Symbol, Int)], context: CheckContext,
                            file: DerivationFile, cache: inout CacheJournal?) -> (ChainResult, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var substitution: [Symbol: Expr] = [:]
        for (s, k) in assignment { substitution[s] = .integer(k) }
        // Matrix sizes that mention family variables are fixed for this member.
        let context = context.specialisingMatrices(substitution)
        func specialise(_ e: Expr) -> Expr {
            guard !substitution.isEmpty else { return e }
            return (try? e.substituting(substitution, limits: options.limits)) ?? e
        }
        let start = specialise(chain.start.value)
        var previous = start
        var composed: Relation? = .equal
        var steps: [StepResult] = []
        let stepChecker = StepChecker(context: context)
        let familyKey = assignment.reduce(StableHash.of(chain.name.value)) { StableHash.combine($0, UInt64(bitPattern: Int64($1.1))) }
        let familySuffix = assignment.isEmpty ? "" : " (" + assignment.map { "\($0.0.name) = \($0.1)" }.joined(separator: ", ") + ")"
        for (i, step) in chain.steps.enumerated() {
            var specialised = step
            specialised.rhs = Located(specialise(step.rhs.value), step.rhs.range)
            specialised.hints = step.hints.map { h in
                var copy = h
                copy.arguments = h.arguments.map { ($0.name, Located(specialise($0.value.value), $0.value.range)) }
                return copy
            }
            if var o = step.orderTerm {
                o.magnitude = Located(specialise(o.magnitude.value), o.magnitude.range)
                o.point = Located(specialise(o.point.value), o.point.range)
                specialised.orderTerm = o
            }
            // The verdict cache (opt-in): a hit stands for the whole step; a miss is recorded
            // when the iteration ends, whichever way the step was checked.
            let cacheKey = cache?.environment.flatMap {
                StepFingerprint.step(environment: $0, chain: chain, assignment: assignment, index: i, previous: previous, step: step)
            }
            if let key = cacheKey, let hit = cache?.lookup(key) {
                steps.append(StepResult(index: i + 1, relation: step.relation.value, lhs: previous, rhs: specialised.rhs.value,
                                        orderTerm: hit.orderTerm, hints: hit.hints, range: step.range,
                                        verdict: hit.verdict, evidence: hit.evidence, instances: hit.instances))
                diagnostics += hit.diagnostics(at: step.range.lowerBound)
                WorkLedger.record(hit.algebraWork)
                composed = composed.flatMap { $0.composed(with: step.relation.value) }
                previous = specialised.rhs.value
                continue
            }
            let diagnosticsBefore = diagnostics.count
            let algebraBefore = WorkLedger.current?.total ?? 0
            defer {
                if cache != nil, let last = steps.last {
                    let algebra = (WorkLedger.current?.total ?? 0) - algebraBefore
                    cache?.record(cacheKey, CachedStep(result: last, diagnostics: Array(diagnostics[diagnosticsBefore...]),
                                                             algebraWork: algebra))
                }
            }
            if let dynamics = step.dynamics {
                // A claim about a recurrence and an ODE system (see `DynamicsChecker`).
                let outcome = DynamicsChecker(context: context, file: file)
                    .check(dynamics, chain: chain, step: specialised, index: i + 1,
                           streamKey: StableHash.combine(familyKey, UInt64(i)))
                diagnostics += outcome.diagnostics
                steps.append(StepResult(index: i + 1, relation: step.relation.value, lhs: previous, rhs: specialised.rhs.value,
                                        orderTerm: nil, hints: [DynamicsChecker.summary(of: dynamics)], range: step.range,
                                        verdict: outcome.verdict, evidence: outcome.evidence))
                composed = composed.flatMap { $0.composed(with: step.relation.value) }
                previous = specialised.rhs.value
                continue
            }
            if let instanceName = chain.instance?.value,
               let instance = file.instances.first(where: { $0.name.value == instanceName }) {
                // A chain about one instance: checked on it alone.
                let (result, stepDiagnostics) = checkOnInstance(instance, previous: previous, step: specialised,
                                                                index: i + 1, context: context)
                steps.append(result)
                for var d in stepDiagnostics {
                    if !familySuffix.isEmpty { d.message += familySuffix }
                    diagnostics.append(d)
                }
                composed = composed.flatMap { $0.composed(with: step.relation.value) }
                previous = specialised.rhs.value
                continue
            }
            var outcome = stepChecker.check(previous: previous, step: specialised, index: i + 1,
                                            streamKey: StableHash.combine(familyKey, UInt64(i)))
            // Instances.
            var instanceChecks: [InstanceCheck] = []
            if outcome.verdict != .refuted && step.orderTerm == nil {
                for instance in file.instances {
                    let check = InstanceRunner(context: context, instance: instance, options: context.options)
                        .check(lhs: previous, rhs: specialised.rhs.value, relation: step.relation.value,
                               hints: specialised.hints)
                    instanceChecks.append(check.summary)
                    if let why = check.undefined, outcome.verdict != .admitted {
                        // The instance makes the step undefined (NaN): an error, never a pass.
                        outcome.verdict = .refuted
                        outcome.diagnostics.removeAll { $0.id == .stepUnknown }
                        outcome.diagnostics.append(Diagnostic(.error, .undefinedExpression,
                                                              "step \(i + 1) is undefined on instance '\(instance.name.value)': \(why)",
                                                              at: step.rhs.range))
                    }
                    if check.summary.verdict == .refuted, outcome.verdict != .admitted {
                        outcome.verdict = .refuted
                        outcome.diagnostics.removeAll { $0.id == .stepUnknown }
                        outcome.evidence.counterexample = check.counterexample
                        var notes: [Note] = [Note("on instance '\(instance.name.value)': \(check.summary.summary)")]
                        // A rule whose precondition the instance breaks explains the
                        // disagreement: the missing assumption, not a checker bug.
                        var missing: [String] = []
                        if outcome.evidence.rules.contains("change-of-measure") {
                            let sides = [previous, specialised.rhs.value].map { (try? context.unfolding($0)) ?? $0 }
                            let pairs = AbsoluteContinuity.changeOfMeasurePairs(in: sides, densities: context.densities)
                            missing = AbsoluteContinuity.violations(of: pairs, on: InstanceModel(instance))
                        }
                        notes += missing.map { Note($0) }
                        if let method = outcome.evidence.method, missing.isEmpty {
                            let rules = outcome.evidence.rules.isEmpty ? "" : ": " + outcome.evidence.rules.joined(separator: ", ")
                            notes.append(Note("the symbolic check (\(method)\(rules)) and the instance disagree: this is a bug in the checker"))
                        }
                        outcome.diagnostics.append(Diagnostic(.error, outcome.evidence.method != nil && outcome.evidence.assumedConditions.isEmpty && missing.isEmpty ? .checkerInconsistency : .stepRefuted,
                                                              "step \(i + 1) does not hold on instance '\(instance.name.value)'",
                                                              at: step.rhs.range, notes: notes))
                    }
                }
            }
            // A step nothing else could evaluate holds on the evidence of its instances when
            // every instance agreed (numerically or by sampling).
            if outcome.verdict == .unknown, !instanceChecks.isEmpty,
               instanceChecks.allSatisfy({ $0.verdict == .numeric || $0.verdict == .sampled || $0.verdict == .exact }),
               !outcome.diagnostics.contains(where: { $0.id == .checkerInconsistency }) {
                // Agreement on particular instances is numeric evidence for the general step,
                // even where an instance was decided exactly.
                outcome.verdict = instanceChecks.contains { $0.verdict == .sampled } ? .sampled : .numeric
                outcome.evidence.samples = instanceChecks.map { "\($0.instance): \($0.summary)" }
                outcome.diagnostics.removeAll { $0.id == .stepUnknown }
            }
            for var d in outcome.diagnostics {
                if !familySuffix.isEmpty { d.message += familySuffix }
                diagnostics.append(d)
            }
            let orderText = step.orderTerm.map { "O(\($0.magnitude.value)) as \($0.variable.value.name) -> \($0.point.value)" }
            steps.append(StepResult(index: i + 1, relation: step.relation.value, lhs: previous, rhs: specialised.rhs.value,
                                    orderTerm: orderText, hints: step.hints.map(\.name.value), range: step.range,
                                    verdict: outcome.verdict, evidence: outcome.evidence, instances: instanceChecks))
            composed = composed.flatMap { $0.composed(with: step.relation.value) }
            previous = specialised.rhs.value
        }
        let result = ChainResult(name: chain.name.value, isClaim: chain.isClaim, familyAssignment: assignment,
                                 range: chain.range, start: start, steps: steps, composedRelation: composed)
        return (result, diagnostics)
    }
}

extension DerivationChecker {
    /// Checks one step of a chain restricted to an instance (`on "name"`).
    func checkOnInstance(_ instance: Instance, previous: Expr, step: Step, index: Int,
                         context: CheckContext) -> (StepResult, [Diagnostic]) {
        let check = InstanceRunner(context: context, instance: instance, options: context.options)
            .check(lhs: previous, rhs: step.rhs.value, relation: step.relation.value, hints: step.hints)
        var evidence = Evidence()
        evidence.samples = ["\(check.summary.instance): \(check.summary.summary)"]
        evidence.seed = context.options.seed
        var diagnostics: [Diagnostic] = []
        let verdict: Verdict
        switch check.summary.verdict {
        case .numeric, .sampled, .exact, .proved:
            verdict = check.summary.verdict
        case .refuted:
            verdict = .refuted
            evidence.counterexample = check.counterexample
            diagnostics.append(Diagnostic(.error, .stepRefuted, "step \(index) does not hold on instance '\(instance.name.value)'",
                                          at: step.rhs.range, notes: [Note(check.summary.summary)]))
        case .unknown, .admitted:
            verdict = .unknown
            evidence.notes = [check.summary.summary]
            diagnostics.append(Diagnostic(.error, .stepUnknown, "step \(index) could not be decided on instance '\(instance.name.value)'",
                                          at: step.rhs.range, notes: [Note(check.summary.summary)]))
        }
        let result = StepResult(index: index, relation: step.relation.value, lhs: previous, rhs: step.rhs.value,
                                orderTerm: nil, hints: step.hints.map(\.name.value), range: step.range,
                                verdict: verdict, evidence: evidence, instances: [check.summary])
        return (result, diagnostics)
    }
}

extension Severity {
    /// Errors first when two diagnostics share a position.
    var order: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }
}

extension Diagnostic: Error {}
