// Numeric values of `max_{t}[…]`, `min`, `sup`, `inf`, `argmax`, `argmin`.
//
// Implementation notes
// --------------------
// The binding gives the domain: `t` (the real line), `u > a`, `u >= a`, `u < b`, `u <= b`,
// or `t in a..b` (a closed interval). The body is maximised (or minimised, by negation) with
// `ScalarMaximizer`. When the best point sits at the edge of the scanned region — the
// supremum may be approached at infinity or at an open end and not attained — the value is
// not reported: evaluation throws, so a step about it is undecided rather than agreeing with
// a lower bound.

import Symbolic

/// Numeric evaluation of the optimisation operators.
public enum OptimizationOperators {
    /// The operator names handled.
    public static let names: Set<String> = ["max", "min", "sup", "inf", "argmax", "argmin"]

    /// A handler for the optimisation operators that passes every other big operator to
    /// `next` (or reports it as unsupported). With `declared` (the declared density names,
    /// when `next` evaluates inline finite expectations), such expectations in a body are
    /// written out as sums of outcomes once per point instead of enumerated at every value of
    /// the variable (`DiscreteExpectation+Inlining.swift`).
    public static func handler(next: BigOperatorHandler?, inliningExpectationsWithDeclared declared: Set<String>? = nil) -> BigOperatorHandler {
        return { op, env throws(EvaluationError) -> Double in
            guard names.contains(op.name) else {
                if let next { return try next(op, env) }
                throw .unsupported("big operator \(op.name) (no numeric handler)")
            }
            return try evaluate(op, env, inliningWith: declared)
        }
    }

    static func evaluate(_ op: BigOperator, _ env: Environment, inliningWith declared: Set<String>? = nil) throws(EvaluationError) -> Double {
        guard op.bindings.count == 1, let t = op.bindings[0].subject.symbolValue else {
            throw .unsupported("\(op.name) over one variable, written \(op.name)_{t}[…]")
        }
        let b = op.bindings[0]
        var domain = ScalarDomain.realLine
        func value(_ e: Expr?) throws(EvaluationError) -> Double {
            guard let e else { throw .unsupported("a bound is missing in \(op.name)") }
            return try e.evaluate(at: env)
        }
        switch b.relation {
        case .bare: break
        case .greater: domain.lower = try value(b.value); domain.lowerOpen = true
        case .greaterEqual: domain.lower = try value(b.value); domain.lowerOpen = false
        case .less: domain.upper = try value(b.value); domain.upperOpen = true
        case .lessEqual: domain.upper = try value(b.value); domain.upperOpen = false
        case .member, .equals:
            guard let v = b.value, case .range(let lo, let hi) = v.kind else {
                throw .unsupported("\(op.name)_{\(t.name) in …} needs a range a..b")
            }
            domain.lower = try lo.evaluate(at: env); domain.lowerOpen = false
            domain.upper = try hi.evaluate(at: env); domain.upperOpen = false
        case .distributedAs, .notEqual, .tendsTo, .option:
            throw .unsupported("\(op.name) with a `\(b.relation.rawValue)` binding")
        }
        let minimise = op.name == "min" || op.name == "inf" || op.name == "argmin"
        let body = declared.map { DiscreteExpectation.inlined(in: op.body, varying: t, at: env, declared: $0) } ?? op.body
        // The body at hundreds of values of t: compiled, no environment copy per value.
        let sweep = SweepEvaluator(body, varying: t, environment: env)
        let found = ScalarMaximizer.maximize({ x in
            guard let v = sweep.valueIfDefined(at: x) else { return nil }
            return minimise ? -v : v
        }, over: domain)
        guard let m = found else {
            // The body's own error at one point of the domain says why: a domain error (log
            // of a negative, …) at every t leaves the extremum undefined at this point — the
            // checker then counts the point as undefined, so sides undefined everywhere are
            // never "skipped" as unevaluable; anything else (a construct numbers cannot
            // evaluate) is passed on as it is.
            var probe = env
            switch (domain.lower, domain.upper) {
            case (let l?, let u?): probe.values[t] = (l + u) / 2
            case (let l?, nil): probe.values[t] = l + 1
            case (nil, let u?): probe.values[t] = u - 1
            case (nil, nil): probe.values[t] = 0
            }
            _ = try body.evaluate(at: probe)
            throw .unsupported("\(op.name): the body is undefined everywhere on the domain of \(t.name)")
        }
        if m.atBoundary {
            throw .unsupported("\(op.name) over \(t.name) is approached at the edge of the search (\(t.name) = \(formatDouble(m.argument))); the extremum may not be attained")
        }
        switch op.name {
        case "argmax", "argmin": return m.argument
        default: return minimise ? -m.value : m.value
        }
    }
}
