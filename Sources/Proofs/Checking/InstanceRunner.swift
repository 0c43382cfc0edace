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
    }

    func check(lhs: Expr, rhs: Expr, relation: Relation, hints: [Hint]) -> Outcome {
        let name = instance.name.value
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
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = options.limits
        checker.seed = StableHash.combine(options.seed, StableHash.of(name))
        checker.points = max(4, options.numericPoints / 4)
        checker.functionShapes = context.functionShapes
        checker.runsSymbolicPhase = true
        checker.allowsAssumedConditions = false
        let result = checker.decide(l, relation, r)
        switch result.verdict {
        case .proved, .exact, .numeric:
            var text = result.verdict == .numeric ? "agrees at \(result.points) points" : "agrees (\(result.verdict.rawValue))"
            if l.freeSymbols.isEmpty && r.freeSymbols.isEmpty, let lv = try? l.evaluate(at: Environment()) {
                text += ", both sides \(formatDouble(lv))"
            }
            return Outcome(summary: InstanceCheck(instance: name, verdict: .numeric, summary: text), counterexample: nil)
        case .refuted:
            let cx = result.counterexample
            var text = "disagrees"
            if let c = cx {
                text += (c.assignment.isEmpty ? "" : " at " + c.assignmentText) + ": left \(c.lhs), right \(c.rhs)"
            }
            let counterexample = cx.map {
                Counterexample(assignment: $0.assignment.map { .init(name: $0.symbol.name, value: PointCounterexample.format($0.value, $0.approximate)) },
                               instance: name, lhsValue: $0.lhs, rhsValue: $0.rhs, isExact: $0.isExact)
            }
            return Outcome(summary: InstanceCheck(instance: name, verdict: .refuted, summary: text), counterexample: counterexample)
        case .unknown:
            let why = result.notes.first ?? result.undefined ?? "undecided"
            return Outcome(summary: InstanceCheck(instance: name, verdict: .unknown, summary: why), counterexample: nil)
        }
    }
}
