// Checking claims that relate a recurrence to an ODE system.
//
// Implementation notes
// --------------------
// `REC steps ODE`: with U(x, h) the composed one-step map, the recurrence is a consistent
// one-step method for x' = f(x) iff lim_{h→0+} (Uᵢ − xᵢ)/h = fᵢ(x) for every component. Each
// limit is computed from the series (`Expr.limit`), and the equality of the limit with fᵢ is
// decided by the equivalence checker (symbolic, with numeric points that can refute). A
// component whose limit differs refutes the claim, and the message says which ODE the
// recurrence *is* a step of (the limits). When consistent, the report also says what kind
// of step it is: exactly explicit Euler (U = x + h f(x)), exactly sequential
// (semi-implicit) Euler in the update order (later components see updated earlier ones), or
// only first-order agreement.
//
// `REC converges order p to ODE as h -> 0 … from x = x₀ until t = T`: with the instance's
// values and functions bound, the ODE is solved to t = T by adaptive Dormand–Prince
// (rtol 1e-11), and the recurrence is iterated T/h times for h = T/10, T/20, …, T/320. The
// error is the max-norm distance of the final states; `ConvergenceOrder` estimates the order
// from the halvings. Numbers never prove: a match within ±0.2 with a settled spread is
// `numeric`; an order off by more than 0.5 with a settled spread (or errors that do not
// shrink) refutes; anything else is unknown.
import Foundation
import Symbolic

/// Checks dynamics claims (`steps`, `converges order p`).
struct DynamicsChecker {
    var context: CheckContext
    let file: DerivationFile
    /// Whether `context` already knows the assumed facts about entries of vector states.
    var entryAssumptionsAdded = false

    init(context: CheckContext, file: DerivationFile) {
        self.context = context
        self.file = file
    }

    /// `context` with every `assume` about an entry of a declared vector (`assume G[1] >= 0`)
    /// also stated about the entry's variable `G[1]`, which the entrywise lines use (the
    /// domain of a vector state, as `nonnegative G` gives the domain of a scalar one).
    static func assumingEntries(of file: DerivationFile, in context: CheckContext) -> CheckContext {
        var copy = context
        for item in file.items {
            guard case .assumption(let a) = item, case .subscripted(let base, let indices) = a.lhs.value.kind,
                  let name = base.symbolValue, context.matrices[name.name]?.isVector == true, indices.count == 1,
                  let i = indices[0].numberValue?.asInt else { continue }
            try? copy.assumptions.assume(.symbol(EntrywiseLines.entrySymbol(name, i)), a.relation.value, a.rhs.value)
        }
        return copy
    }

    /// Simulation levels: h = T/(base·2^k), k = 0..<levels.
    static let baseSteps = 10
    static let levels = 6
    /// How close the observed order must be to the claimed one.
    static let orderTolerance = 0.2

    func check(_ claim: DynamicsClaim, chain: Chain, step: Step, index: Int, streamKey: UInt64) -> StepOutcome {
        if case .runs(let steps, let initial, let target, let tolerance) = claim.kind {
            return checkRun(claim, chain: chain, step: step, steps: steps, initial: initial, target: target,
                            tolerance: tolerance)
        }
        if !entryAssumptionsAdded {
            var copy = self
            copy.context = Self.assumingEntries(of: file, in: context)
            copy.entryAssumptionsAdded = true
            return copy.check(claim, chain: chain, step: step, index: index, streamKey: streamKey)
        }
        let systems: DynamicsSystems
        do {
            systems = try DynamicsSystems(claim: claim, file: file, context: context)
        } catch {
            return unknown("claim \(index) could not be prepared: \(error)", at: step.rhs.range)
        }
        switch claim.kind {
        case .steps:
            return checkSteps(systems, step: step, streamKey: streamKey)
        case .converges(let order, let initial, let horizon):
            return checkConvergence(systems, order: order, initial: initial, horizon: horizon, compared: claim.compared.map(\.value),
                                    chain: chain, step: step, relations: claim.relations)
        case .runs:
            return unknown("internal error: a run reached the ODE checks", at: step.rhs.range)
        }
    }

    /// How a dynamics claim reads after "by" in the reports: `series, with lambda = 1 - beta*gamma`
    /// or `simulation: order 1 as gamma -> 0, …`.
    static func summary(of claim: DynamicsClaim) -> String {
        let with = claim.relations.isEmpty ? ""
            : ", with " + claim.relations.map { "\($0.name.value.name) = \($0.value.value)" }.joined(separator: ", ")
        switch claim.kind {
        case .steps:
            return "series (one step)" + with
        case .converges(let order, _, _):
            return "simulation: order \(order.value)" + with
        case .runs(let steps, _, let target, let tolerance):
            let tol = tolerance.value.numberValue.map { formatDouble($0.doubleValue) } ?? "\(tolerance.value)"
            let what: String
            switch target {
            case .reaches: what = "the state after \(steps.value) steps"
            case .cycles(let c): what = "a \(c.first?.values.count ?? 0)-cycle from step \(steps.value) on"
            }
            return "simulation: \(what), within \(tol)" + with
        }
    }

    private func unknown(_ message: String, at range: SourceRange, notes: [String] = [], evidence: Evidence = Evidence()) -> StepOutcome {
        var e = evidence
        e.notes += notes
        return StepOutcome(verdict: .unknown, evidence: e,
                           diagnostics: [Diagnostic(.error, .stepUnknown, message, at: range, notes: notes.map { Note($0) })])
    }

    private func equivalence(_ streamKey: UInt64) -> EquivalenceChecker {
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = context.options.limits
        checker.seed = StableHash.combine(context.options.seed, streamKey)
        checker.points = context.options.numericPoints
        checker.useStandIns(of: context)
        checker.rules += context.extraRules
        checker.allowsAssumedConditions = false
        return checker
    }

    // MARK: - steps

    private func checkSteps(_ systems: DynamicsSystems, step: Step, streamKey: UInt64) -> StepOutcome {
        let limits = context.options.limits
        let h = systems.step
        if systems.field.values.contains(where: { $0.freeSymbols.contains(systems.time) }) {
            return unknown("the ODE '\(systems.odeName)' depends on its time '\(systems.time.name)'; only autonomous systems are compared with a recurrence",
                           at: step.rhs.range)
        }
        let map: [Symbol: Expr]
        do { map = try systems.updateMap(limits: limits) } catch {
            return unknown("the update map could not be formed: \(error)", at: step.rhs.range)
        }
        var evidence = Evidence()
        evidence.method = "series (limit of the increment)"
        evidence.seed = context.options.seed
        var limitsFound: [(Symbol, Expr)] = []
        var refutations: [String] = []
        var undecided: [String] = []
        var allProved = true
        var assumptions = context.assumptions
        assumptions.assume(h, is: .positive)
        for (i, x) in systems.state.enumerated() {
            guard let u = map[x], let f = systems.field[x] else { continue }
            let increment = (u - .symbol(x)) / .symbol(h)
            let lim = increment.limit(as: h, approaches: .zero, from: .above, assumptions: assumptions, limits: limits,
                                      zeroTest: Series.normalFormZeroTest(assumptions: assumptions, limits: limits))
            guard case .finite(let value) = lim else {
                undecided.append("lim (\(x.name)_next − \(x.name))/\(h.name) as \(h.name) -> 0: \(lim.debugDescription)")
                allProved = false
                continue
            }
            limitsFound.append((x, value))
            let r = equivalence(StableHash.combine(streamKey, UInt64(i))).decide(value, .equal, f)
            evidence.points += r.points
            switch r.verdict {
            case .proved, .exact:
                break
            case .numeric:
                allProved = false
            case .refuted:
                var text = "\(x.name): the increment tends to \(value), but the ODE has \(x.name)' = \(f)"
                if let cx = r.counterexample { text += " (at \(cx.assignmentText): \(cx.lhs) against \(cx.rhs))" }
                refutations.append(text)
                if evidence.counterexample == nil {
                    evidence.counterexample = Counterexample(
                        assignment: r.counterexample?.assignment.map { .init(name: $0.symbol.name, value: PointCounterexample.format($0.value, $0.approximate)) } ?? [],
                        lhsValue: "\(x.name)' = \(value) (the recurrence)", rhsValue: "\(x.name)' = \(f) (the ODE)", isExact: false)
                }
            case .unknown:
                allProved = false
                undecided.append("\(x.name): could not decide \(value) = \(f)")
            }
        }
        let stepOf = limitsFound.map { "\($0.0.name)' = \($0.1)" }.joined(separator: ", ")
        if !refutations.isEmpty {
            evidence.notes = refutations + ["'\(systems.recurrenceName)' is a step of \(stepOf)"]
            let notes = refutations.map { Note($0) } + [Note("the recurrence is a consistent step of \(stepOf) instead")]
            return StepOutcome(verdict: .refuted, evidence: evidence,
                               diagnostics: [Diagnostic(.error, .stepRefuted,
                                                        "'\(systems.recurrenceName)' is not a step of '\(systems.odeName)'",
                                                        at: step.rhs.range, notes: notes)])
        }
        if !undecided.isEmpty {
            return unknown("could not decide whether '\(systems.recurrenceName)' is a step of '\(systems.odeName)'",
                           at: step.rhs.range, notes: undecided, evidence: evidence)
        }
        // Consistent: which step is it exactly?
        var kind = "a first-order consistent step, not exactly an Euler step"
        let hExpr = Expr.symbol(h)
        // Symbolic where the normal form closes it, else numeric (which can only refute).
        var classificationProved = true
        func matches(_ other: [Symbol: Expr], key: UInt64) -> Bool {
            var proved = true
            for (i, x) in systems.state.enumerated() {
                guard let a = map[x], let b = other[x] else { return false }
                let r = equivalence(StableHash.combine(key, UInt64(i))).decide(a, .equal, b)
                switch r.verdict {
                case .proved, .exact: break
                case .numeric: proved = false
                case .refuted, .unknown: return false
                }
            }
            classificationProved = proved
            return true
        }
        var explicit: [Symbol: Expr] = [:]
        for x in systems.state { if let f = systems.field[x] { explicit[x] = .symbol(x) + hExpr * f } }
        if matches(explicit, key: StableHash.combine(streamKey, 0xE1)) {
            kind = "exactly the explicit Euler step"
        } else if let sequential = try? systems.sequentialEulerMap(limits: limits),
                  matches(sequential, key: StableHash.combine(streamKey, 0xE2)) {
            var owners: [String] = []
            for x in systems.state {
                let owner = systems.layout.variables.first(where: { $0.entries.contains(x) })?.name.name ?? x.name
                if !owners.contains(owner) { owners.append(owner) }
            }
            kind = "exactly a sequential (semi-implicit) Euler step (" + owners.joined(separator: ", then ") + ")"
        }
        if !classificationProved { kind += " (by numbers)" }
        evidence.notes = ["'\(systems.recurrenceName)' is \(kind) of \(stepOf), with step \(h.name)"]
        evidence.method = "series: " + kind
        return StepOutcome(verdict: allProved ? .proved : .numeric, evidence: evidence, diagnostics: [])
    }

    // MARK: - converges

    private func checkConvergence(_ systems: DynamicsSystems, order: LocatedExpr, initial: [DynamicsBinding],
                                  horizon: DynamicsBinding, compared: [Symbol], chain: Chain, step: Step,
                                  relations: [DynamicsBinding]) -> StepOutcome {
        guard let claimed = try? order.value.evaluate(at: Environment()), claimed.isFinite, claimed > 0 else {
            return unknown("the order must be a positive number", at: order.range)
        }
        let instances: [Instance]
        if let name = chain.instance?.value {
            instances = file.instances.filter { $0.name.value == name }
        } else {
            instances = file.instances
        }
        guard !instances.isEmpty else {
            return unknown("a convergence claim is simulated on an instance; bind the constants and functions in one",
                           at: step.rhs.range)
        }
        var evidence = Evidence()
        evidence.method = "simulation against Dormand–Prince RK45"
        evidence.seed = context.options.seed
        var diagnostics: [Diagnostic] = []
        var verdict: Verdict = .numeric
        for instance in instances {
            let outcome: ConvergenceStudy.Outcome
            do {
                let study = try ConvergenceStudy(systems: systems, instance: instance, initial: initial, horizon: horizon,
                                                 compared: compared, context: context)
                outcome = try study.run(baseSteps: Self.baseSteps, levels: Self.levels)
            } catch {
                verdict = max(verdict, .unknown)
                let text = "on instance '\(instance.name.value)': \(error)"
                evidence.notes.append(text)
                diagnostics.append(Diagnostic(.error, .stepUnknown, "the convergence claim could not be simulated", at: step.rhs.range,
                                              notes: [Note(text)]))
                continue
            }
            let label = "\(instance.name.value): \(outcome.summary)"
            evidence.samples.append(label)
            evidence.notes.append(label)
            guard let fit = outcome.fit else {
                verdict = max(verdict, .unknown)
                diagnostics.append(Diagnostic(.error, .stepUnknown, "the order could not be estimated", at: step.rhs.range,
                                              notes: [Note(label)]))
                continue
            }
            evidence.convergence.append(ConvergencePlot(title: "\(chain.name.value) (\(instance.name.value))",
                                                        stepName: systems.step.name, claimedOrder: claimed, fit: fit))
            let off = abs(fit.order - claimed)
            if off <= Self.orderTolerance && fit.spread <= Self.orderTolerance {
                continue
            }
            let stalled = fit.errors.last.map { $0 > 0.5 * (fit.errors.first ?? 0) } ?? false
            if (off > 0.5 && fit.spread < 0.3) || stalled {
                verdict = .refuted
                if evidence.counterexample == nil {
                    evidence.counterexample = Counterexample(assignment: [], instance: instance.name.value,
                                                             lhsValue: "observed order \(formatDouble(fit.order)) ± \(formatDouble(fit.spread))",
                                                             rhsValue: "claimed order \(formatDouble(claimed))", isExact: false)
                }
                diagnostics.append(Diagnostic(.error, .stepRefuted,
                                              "'\(systems.recurrenceName)' does not converge to '\(systems.odeName)' with order \(formatDouble(claimed))",
                                              at: step.rhs.range,
                                              notes: [Note("on instance '\(instance.name.value)': \(fit.summary)")]
                                                + (stalled ? [Note("the error does not shrink with the step: the limit is a different system")] : [])))
            } else {
                verdict = max(verdict, .unknown)
                diagnostics.append(Diagnostic(.error, .stepUnknown, "the observed order is not settled", at: step.rhs.range,
                                              notes: [Note("on instance '\(instance.name.value)': \(fit.summary)")]))
            }
        }
        if !relations.isEmpty {
            evidence.notes.append("with " + relations.map { "\($0.name.value.name) = \($0.value.value)" }.joined(separator: ", "))
        }
        return StepOutcome(verdict: verdict, evidence: evidence, diagnostics: diagnostics)
    }
}

/// A convergence-order check's data for the reports' log–log plot.
public struct ConvergencePlot: Sendable, Hashable {
    /// What was checked (claim and instance).
    public var title: String
    /// The step's name (`gamma`), for the axis label.
    public var stepName: String
    /// The claimed order.
    public var claimedOrder: Double
    /// The errors and the fit.
    public var fit: ConvergenceOrder

    /// Creates plot data.
    public init(title: String, stepName: String, claimedOrder: Double, fit: ConvergenceOrder) {
        self.title = title
        self.stepName = stepName
        self.claimedOrder = claimedOrder
        self.fit = fit
    }
}
