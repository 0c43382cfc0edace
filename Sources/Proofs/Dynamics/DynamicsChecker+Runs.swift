// Checking `runs` claims: a recurrence iterated N times, its end state or the cycle it
// settles on compared with the stated values (see `RecurrenceRun`).
//
// Implementation notes
// --------------------
// The claim is about one deterministic floating-point computation, so its evidence is
// `numeric` when every stated value is matched within the tolerance and a refutation
// (with the simulated values as the counterexample) when one is not; a run that cannot be
// completed (a value with no binding, a non-finite value, a limit) is unknown, never a pass.
// With `on "INSTANCE"` the run uses that instance's functions and values; without it, a run
// whose `with` values bind everything is run once on them alone, and any other on every
// instance.
import Foundation
import Symbolic

extension DynamicsChecker {
    func checkRun(_ claim: DynamicsClaim, chain: Chain, step: Step, steps: LocatedExpr, initial: [DynamicsBinding],
                  target: RunTarget, tolerance: LocatedExpr) -> StepOutcome {
        guard let recurrence = file.recurrences.first(where: { $0.name.value == claim.recurrence.value }) else {
            return runUnknown("no recurrence named '\(claim.recurrence.value)'", at: step.rhs.range)
        }
        let limits = context.options.limits
        var withValues: [Symbol: Expr] = [:]
        for r in claim.relations { withValues[r.name.value] = r.value.value }
        let system: RecurrenceSystem
        do {
            // The step is bound by the binder (it is local to the recurrence), the other `with`
            // values are also substituted as relations, as in the other dynamics claims.
            var relations = withValues
            relations[recurrence.step.value] = nil
            system = try RecurrenceSystem(recurrence, relations: relations, context: context)
        } catch {
            return runUnknown("the run could not be prepared: \(error)", at: step.rhs.range)
        }
        // A value given with `with` must lie in its name's declared domain (`positive epsilon`
        // cannot be run with epsilon = 0): the run would be about another claim.
        for r in claim.relations where r.name.value != recurrence.step.value {
            guard let v = try? r.value.value.evaluateExactly(at: [:]) else { continue }
            if let why = Self.outside(context.assumptions.range(of: r.name.value), v) {
                return runUnknown("'\(r.name.value.name) = \(r.value.value)' is outside the declared domain of \(r.name.value.name) (\(why))",
                                  at: r.value.range)
            }
        }
        guard let n = (try? steps.value.evaluateExactly(at: [:]))?.asInt, n >= 0 else {
            return runUnknown("the number of steps must be a natural number", at: steps.range)
        }
        let instances: [Instance?]
        if let name = chain.instance?.value {
            instances = file.instances.filter { $0.name.value == name }
        } else if file.instances.isEmpty || (try? RecurrenceRun(system: system, initial: initial,
                                                                 binder: InstanceBinder(instance: nil, overrides: withValues, limits: limits),
                                                                 instanceName: "")) != nil {
            // The `with` values are all the run needs: it is run once, on no instance.
            instances = [nil]
        } else {
            instances = file.instances
        }
        var evidence = Evidence()
        evidence.method = "simulation: \(n) steps of '\(system.name)'"
        evidence.seed = context.options.seed
        var diagnostics: [Diagnostic] = []
        var verdict: Verdict = .numeric
        for instance in instances {
            let label = instance.map { "on instance '\($0.name.value)'" } ?? "with the 'with' values"
            let binder = InstanceBinder(instance: instance, overrides: withValues, limits: limits)
            let outcome: RunComparison
            do {
                let tol = try binder.bind(try context.unfolding(tolerance.value)).evaluate(at: Environment())
                guard tol.isFinite, tol > 0 else { throw DynamicsError.invalid("the tolerance must be a positive number") }
                let run = try RecurrenceRun(system: system, initial: initial, binder: binder, instanceName: instance?.name.value ?? "")
                outcome = try RunComparison(run: run, steps: n, target: target, tolerance: tol,
                                            value: { e in try binder.bind(try context.unfolding(e)) })
            } catch {
                verdict = max(verdict, .unknown)
                let isLimit: Bool
                if case DynamicsError.limit = error { isLimit = true } else { isLimit = false }
                evidence.notes.append("\(label): \(error)")
                diagnostics.append(Diagnostic(.error, isLimit ? .limitExceeded : .stepUnknown,
                                              "the run could not be completed", at: step.rhs.range, notes: [Note("\(label): \(error)")]))
                continue
            }
            evidence.samples.append("\(label): \(outcome.summary)")
            evidence.notes.append("\(label): \(outcome.summary)")
            if let failure = outcome.failure {
                verdict = .refuted
                if evidence.counterexample == nil {
                    evidence.counterexample = Counterexample(assignment: [], instance: instance?.name.value,
                                                             lhsValue: outcome.simulated, rhsValue: outcome.stated, isExact: false)
                }
                diagnostics.append(Diagnostic(.error, .stepRefuted, "the run of '\(system.name)' does not \(outcome.verb)",
                                              at: step.rhs.range, notes: [Note("\(label): \(failure)")]))
            }
        }
        if !claim.relations.isEmpty {
            evidence.notes.append("with " + claim.relations.map { "\($0.name.value.name) = \($0.value.value)" }.joined(separator: ", "))
        }
        return StepOutcome(verdict: verdict, evidence: evidence, diagnostics: diagnostics)
    }

    /// Why `v` is not in `domain`, or `nil` when it is.
    static func outside(_ domain: RealInterval, _ v: Rational) -> String? {
        if let lo = domain.lower, v < lo || (domain.lowerOpen && v == lo) {
            return domain.lowerOpen ? "it must be > \(lo)" : "it must be >= \(lo)"
        }
        if let hi = domain.upper, v > hi || (domain.upperOpen && v == hi) {
            return domain.upperOpen ? "it must be < \(hi)" : "it must be <= \(hi)"
        }
        if domain.excludesZero && v.isZero { return "it must not be 0" }
        if domain.isInteger && !v.isInteger { return "it must be an integer" }
        return nil
    }

    private func runUnknown(_ message: String, at range: SourceRange) -> StepOutcome {
        var e = Evidence()
        e.notes = [message]
        return StepOutcome(verdict: .unknown, evidence: e, diagnostics: [Diagnostic(.error, .stepUnknown, message, at: range)])
    }
}

/// The comparison of one run with a `reaches` or `cycles` target.
struct RunComparison {
    /// `reach the stated state` or `settle on the stated cycle`.
    var verb: String
    /// What was simulated and what was stated, for the report.
    var simulated: String
    var stated: String
    var summary: String
    /// Why the run contradicts the claim, if it does.
    var failure: String?

    /// Compares `run` after `n` steps with `target`; `prepare` gives a stated value its
    /// definitions and the instance's values.
    init(run: RecurrenceRun, steps n: Int, target: RunTarget, tolerance tol: Double,
         value prepare: (Expr) throws -> Expr) throws {
        func value(_ e: Expr) throws -> Double {
            let v = try prepare(e).evaluate(at: Environment())
            guard v.isFinite else { throw DynamicsError.invalid("the stated value \(e) is not finite") }
            return v
        }
        /// The stated value of variable `name` as one number per entry.
        func entries(_ e: Expr, of name: Symbol) throws -> [Double] {
            let count = run.indices(of: name).count
            if count == 1, case .list = e.kind { throw DynamicsError.invalid("the scalar \(name.name) is given a list") }
            if count == 1 { return [try value(e)] }
            return try (1...count).map { i in
                do { return try value(try EntrywiseLines.value(e, i, length: count)) } catch let error as EntrywiseError {
                    throw DynamicsError.invalid("the value of \(name.name): \(error)")
                }
            }
        }
        func show(_ xs: [Double]) -> String {
            xs.count == 1 ? formatDouble(xs[0]) : "[" + xs.map { formatDouble($0) }.joined(separator: ", ") + "]"
        }
        switch target {
        case .reaches(let bindings):
            verb = "reach the stated state after \(n) steps"
            let end = try run.run(steps: n)[0]
            var worst = 0.0, failures: [String] = []
            var sim: [String] = [], want: [String] = []
            for b in bindings {
                let idx = run.indices(of: b.name.value)
                let got = idx.map { end[$0] }
                let expected = try entries(b.value.value, of: b.name.value)
                let d = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
                worst = max(worst, d)
                sim.append("\(b.name.value.name) = \(show(got))")
                want.append("\(b.name.value.name) = \(show(expected))")
                if !(d <= tol) {
                    failures.append("\(b.name.value.name) is \(show(got)) after \(n) steps, \(formatDouble(d)) from the stated \(show(expected)) (tolerance \(formatDouble(tol)))")
                }
            }
            simulated = sim.joined(separator: ", ")
            stated = want.joined(separator: ", ")
            summary = "after \(n) steps " + simulated + "; largest distance to the stated values \(formatDouble(worst)) (tolerance \(formatDouble(tol)))"
            failure = failures.isEmpty ? nil : failures.joined(separator: "; ")
        case .cycles(let cycles):
            let k = cycles.first?.values.count ?? 0
            guard k >= 1, k <= RecurrenceRun.maxPeriod, cycles.allSatisfy({ $0.values.count == k }) else {
                throw DynamicsError.invalid("a cycle lists 1 to \(RecurrenceRun.maxPeriod) values per variable, the same number for every variable")
            }
            verb = "settle on the stated \(k)-cycle from step \(n) on"
            let orbit = try run.run(steps: n, extra: k)
            func distance(_ a: [Double], _ b: [Double]) -> Double {
                zip(a, b).map { abs($0 - $1) }.max() ?? 0
            }
            let closure = distance(orbit[k], orbit[0])
            var period = k
            for j in 1..<max(2, k) where j < k && k % j == 0 && distance(orbit[j], orbit[0]) <= tol {
                period = j
                break
            }
            var failures: [String] = []
            if !(closure <= tol) {
                failures.append("the orbit does not close after \(k) more steps: the state moves by \(formatDouble(closure)) (tolerance \(formatDouble(tol)))")
            } else if period < k {
                failures.append("the orbit has period \(period), not \(k)")
            }
            var sim: [String] = [], want: [String] = []
            for c in cycles {
                let idx = run.indices(of: c.name.value)
                let got = (0..<k).map { step in idx.map { orbit[step][$0] } }
                let expected = try c.values.map { try entries($0.value, of: c.name.value) }
                sim.append("\(c.name.value.name) in {" + got.map(show).joined(separator: ", ") + "}")
                want.append("\(c.name.value.name) in {" + expected.map(show).joined(separator: ", ") + "}")
                var unused = Array(expected.indices)
                for g in got {
                    guard let best = unused.min(by: { distance(g, expected[$0]) < distance(g, expected[$1]) }) else { break }
                    let d = distance(g, expected[best])
                    if !(d <= tol) {
                        failures.append("\(c.name.value.name) takes \(show(g)) on the cycle, \(formatDouble(d)) from the nearest stated value \(show(expected[best])) (tolerance \(formatDouble(tol)))")
                        break
                    }
                    unused.removeAll { $0 == best }
                }
            }
            simulated = sim.joined(separator: ", ")
            stated = want.joined(separator: ", ")
            summary = "from step \(n) on: " + simulated + "; the orbit closes after \(k) steps to \(formatDouble(closure)) (tolerance \(formatDouble(tol)))"
            failure = failures.isEmpty ? nil : failures.joined(separator: "; ")
        }
    }
}
