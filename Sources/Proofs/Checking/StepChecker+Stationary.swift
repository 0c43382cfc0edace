// Steps about a maximum: `max_{t}[g] = v by stationary(t = t*)`; and inequalities whose
// difference is convex in t with its minimum at t* (`t*u <= f(u) + g(t) by stationary(t = …)`,
// see `stationaryBoundProof`).
//
// Implementation notes
// --------------------
// With the hint, the step is proved symbolically when all of these are:
//   1. t* lies in the domain of t (`sup_{u > 0}` needs u* > 0), by the sign prover;
//   2. g′(t*) = 0 (the stationary condition);
//   3. g″(t) ≤ 0 for every t in the domain (concavity makes the stationary point the global
//      maximum; for min/inf, g″ ≥ 0);
//   4. the other side equals g(t*).
// `argmax`/`argmin` sides are compared with t* itself (4′). Anything not proved leaves the
// step to the default pipeline (the numbers still run), with a note saying which condition
// failed — unless the numbers contradict the hint itself: a point that is undefined at every
// sampled value of the other symbols, or lies outside the domain or makes the derivative
// nonzero at some sampled value, is a wrong hint, and the step is refuted with that
// counterexample (`stationaryRefutation`). The hint is a claim the author wrote; numbers may
// refute it, never prove it.

import Symbolic

extension StepChecker {
    /// Tries the stationary-point proof; returns the proof's description, or the reason it
    /// did not go through.
    func stationaryProof(lhs: Expr, rhs: Expr, relation: Relation, hint: Hint) -> (proved: Bool, note: String) {
        guard let argument = hint.arguments.first, relation != .notEqual else {
            return (false, "stationary(t = …) applies to an equality with a max, min, sup, inf, argmax or argmin, or to an inequality")
        }
        let t = argument.name.value
        let point: Expr
        do {
            point = try context.unfolding(argument.value.value)
        } catch {
            return (false, "the stationary point cannot be prepared: \(error)")
        }
        if relation != .equal {
            return stationaryBoundProof(lhs: lhs, rhs: rhs, relation: relation, t: t, point: point)
        }
        // Which side is the optimisation?
        func optimisation(_ e: Expr) -> BigOperator? {
            if case .bigOperator(let op) = e.kind, OptimizationOperators.names.contains(op.name),
               op.bindings.count == 1, op.bindings[0].subject.symbolValue == t { return op }
            return nil
        }
        guard let (op, other) = optimisation(lhs).map({ ($0, rhs) }) ?? optimisation(rhs).map({ ($0, lhs) }) else {
            return (false, "no max/min/sup/inf/argmax/argmin over \(t.name) on either side")
        }
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = context.options.limits
        checker.rules += context.extraRules
        let limits = context.options.limits
        // 1. The point lies in the domain.
        let b = op.bindings[0]
        if let bound = b.value {
            let rel = Self.domainRelation(b)
            if let rel, context.assumptions.prove(point, rel, bound) != .proved,
               checker.decide(point, rel, bound).verdict != .proved {
                return (false, "could not show that \(t.name) = \(point) satisfies \(t.name) \(b.relation.rawValue) \(bound)")
            }
        }
        do {
            let body = op.body
            let first = try body.derivative(withRespectTo: t, limits: limits)
            let second = try first.derivative(withRespectTo: t, limits: limits)
            // 2. Stationary.
            let atPoint = try first.substituting(point, for: t, limits: limits)
            guard checker.decideSymbolically(atPoint, .zero).verdict == .proved else {
                return (false, "could not show that the derivative vanishes at \(t.name) = \(point)")
            }
            // 3. Concavity (convexity for minima) on the whole domain.
            let minimise = ["min", "inf", "argmin"].contains(op.name)
            var inner = context.assumptions
            if let bound = b.value {
                switch b.relation {
                case .greater: try? inner.assume(.symbol(t), .greater, bound)
                case .greaterEqual: try? inner.assume(.symbol(t), .greaterEqual, bound)
                case .less: try? inner.assume(.symbol(t), .less, bound)
                case .lessEqual: try? inner.assume(.symbol(t), .lessEqual, bound)
                case .bare, .distributedAs, .equals, .member, .notEqual, .tendsTo, .option: break
                }
            }
            var concavity = EquivalenceChecker(assumptions: inner)
            concavity.limits = limits
            concavity.runsSymbolicPhase = true
            let sign = concavity.symbolicSign(minimise ? second : second.negated(), .nonnegative)
            guard sign.proved else {
                return (false, "could not show that the second derivative is \(minimise ? "≥" : "≤") 0 for all \(t.name)")
            }
            // 4. The value (or the argument).
            let claimed: Expr
            if op.name == "argmax" || op.name == "argmin" {
                claimed = point
            } else {
                claimed = try body.substituting(point, for: t, limits: limits)
            }
            guard checker.decideSymbolically(claimed, other).verdict == .proved else {
                return (false, "the value at \(t.name) = \(point) is not the other side")
            }
            return (true, "stationary point \(t.name) = \(point); \(minimise ? "convex" : "concave") in \(t.name)")
        } catch {
            return (false, "\(error)")
        }
    }

    /// `small <= big by stationary(t = t*)`: with D = big − small, D is convex in t on t's
    /// declared range (D″ ≥ 0 there), t* lies in that range, D′(t*) = 0, and D(t*) ≥ 0 (> 0 for
    /// a strict step) — so D ≥ D(t*) ≥ 0 for every t (Fenchel–Young, tangent-line bounds).
    func stationaryBoundProof(lhs: Expr, rhs: Expr, relation: Relation, t: Symbol, point: Expr) -> (proved: Bool, note: String) {
        let big: Expr, small: Expr, strict: Bool
        switch relation {
        case .greater, .greaterEqual: (big, small) = (lhs, rhs)
        case .less, .lessEqual: (big, small) = (rhs, lhs)
        case .equal, .notEqual: return (false, "not an inequality")
        }
        strict = relation == .greater || relation == .less
        let limits = context.options.limits
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = limits
        checker.rules += context.extraRules
        checker.allowsAssumedConditions = false
        do {
            let d = try context.unfolding(big - small)
            guard d.contains(t) else { return (false, "the difference of the sides does not depend on \(t.name)") }
            // 1. t* in the declared range of t.
            let range = context.assumptions.range(of: t)
            if let l = range.lower,
               context.assumptions.prove(point - .number(l), is: range.lowerOpen ? .positive : .nonnegative) != .proved {
                return (false, "could not show that \(t.name) = \(point) lies in the declared range of \(t.name)")
            }
            if let u = range.upper,
               context.assumptions.prove(.number(u) - point, is: range.upperOpen ? .positive : .nonnegative) != .proved {
                return (false, "could not show that \(t.name) = \(point) lies in the declared range of \(t.name)")
            }
            let first = try d.derivative(withRespectTo: t, limits: limits)
            let second = try first.derivative(withRespectTo: t, limits: limits)
            // 2. Stationary at t*.
            let slope = try first.substituting(point, for: t, limits: limits)
            guard checker.decideSymbolically(slope, .zero).verdict == .proved else {
                return (false, "could not show that the derivative of the difference in \(t.name) vanishes at \(t.name) = \(point)")
            }
            // 3. Convex in t on its range.
            guard checker.symbolicSign(second, .nonnegative).proved else {
                return (false, "could not show that the difference is convex in \(t.name) (second derivative ≥ 0)")
            }
            // 4. The minimum value has the sign the step needs.
            let minimum = try d.substituting(point, for: t, limits: limits)
            let signed = strict ? checker.symbolicSign(minimum, .positive).proved
                : (checker.symbolicSign(minimum, .nonnegative).proved || checker.decideSymbolically(minimum, .zero).verdict == .proved)
            guard signed else {
                return (false, "could not show that the difference at \(t.name) = \(point) is \(strict ? ">" : "≥") 0")
            }
            return (true, "the difference is convex in \(t.name) with its minimum at \(t.name) = \(point)")
        } catch {
            return (false, "\(error)")
        }
    }

    /// When the numbers contradict the hint `stationary(t = t*)` itself — t* lies outside the
    /// domain of the optimisation, or the derivative of its body is not 0 at t*, at some
    /// sampled value of the other symbols — a description of the contradiction and its
    /// counterexample (none when t* is undefined at every sampled point); otherwise `nil` (the
    /// hint may still be unproved).
    func stationaryRefutation(lhs: Expr, rhs: Expr, relation: Relation, hint: Hint,
                              seed: UInt64) -> (note: String, counterexample: PointCounterexample?)? {
        guard relation != .notEqual, let argument = hint.arguments.first else { return nil }
        let t = argument.name.value
        guard let point = try? context.unfolding(argument.value.value) else { return nil }
        if relation != .equal {
            return stationaryBoundRefutation(lhs: lhs, rhs: rhs, t: t, point: point, seed: seed)
        }
        func optimisation(_ e: Expr) -> BigOperator? {
            if case .bigOperator(let op) = e.kind, OptimizationOperators.names.contains(op.name),
               op.bindings.count == 1, op.bindings[0].subject.symbolValue == t { return op }
            return nil
        }
        // The hint may be meant for either side when both are optimisations in t (QP-9
        // compares two maxima): it is wrong only if it is wrong for every one of them.
        let operators = [optimisation(lhs), optimisation(rhs)].compactMap { $0 }
        guard !operators.isEmpty else { return nil }
        var first: (note: String, counterexample: PointCounterexample?)?
        for op in operators {
            guard let wrong = stationaryRefutation(of: op, point: point, t: t, seed: seed) else { return nil }
            if first == nil { first = wrong }
        }
        return first
    }

    /// Why `point` is not a stationary point of the optimisation `op` over `t`, or `nil`.
    private func stationaryRefutation(of op: BigOperator, point: Expr, t: Symbol,
                                      seed: UInt64) -> (note: String, counterexample: PointCounterexample?)? {
        let b = op.bindings[0]
        var domain: [(Relation, Expr, String)] = []
        if let bound = b.value, let rel = Self.domainRelation(b) {
            domain.append((rel, bound, "the domain \(t.name) \(b.relation.rawValue) \(bound)"))
        }
        return hintRefutation(function: op.body, point: point, t: t, domain: domain,
                              notStationary: "the derivative in \(t.name) is not 0", seed: seed)
    }

    /// Why `point` is not where the difference of an inequality's sides is stationary in `t`
    /// (outside t's declared range, or a nonzero derivative there at some sampled point), or
    /// `nil`.
    private func stationaryBoundRefutation(lhs: Expr, rhs: Expr, t: Symbol, point: Expr,
                                           seed: UInt64) -> (note: String, counterexample: PointCounterexample?)? {
        guard let d = try? context.unfolding(lhs - rhs) else { return nil }
        let range = context.assumptions.range(of: t)
        var domain: [(Relation, Expr, String)] = []
        for (bound, relation) in [(range.lower, range.lowerOpen ? Relation.greater : .greaterEqual),
                                  (range.upper, range.upperOpen ? Relation.less : .lessEqual)] {
            guard let bound else { continue }
            domain.append((relation, .number(bound), "the declared range \(t.name) \(relation.rawValue) \(bound)"))
        }
        return hintRefutation(function: d, point: point, t: t, domain: domain,
                              notStationary: "the difference of the sides is not stationary in \(t.name)", seed: seed)
    }

    /// The numbers against a hint `t = point` for `function`: the point is undefined at every
    /// sampled point, lies outside one of the `domain` relations (with its description), or
    /// the derivative of `function` in t is not 0 there — each with its counterexample.
    private func hintRefutation(function: Expr, point: Expr, t: Symbol, domain: [(Relation, Expr, String)],
                                notStationary: String, seed: UInt64) -> (note: String, counterexample: PointCounterexample?)? {
        var checker = EquivalenceChecker(assumptions: context.assumptions)
        checker.limits = context.options.limits
        checker.seed = seed
        checker.points = context.options.numericPoints
        checker.useStandIns(of: context)
        checker.runsSymbolicPhase = false
        let definedness = checker.definedness(of: point)
        if definedness.isNowhereDefined {
            return ("the hint's point \(t.name) = \(point) is undefined at every one of the \(definedness.undefined) sampled points"
                    + (definedness.firstReason.map { " (\($0))" } ?? ""), nil)
        }
        for (relation, bound, description) in domain {
            let r = checker.decide(point, relation, bound)
            if r.verdict == .refuted, let cx = r.counterexample {
                return ("the hint's point \(t.name) = \(point) is outside \(description)", cx)
            }
        }
        guard let first = try? function.derivative(withRespectTo: t, limits: context.options.limits),
              let atPoint = try? first.substituting(point, for: t, limits: context.options.limits) else { return nil }
        let r = checker.decide(atPoint, .equal, .zero)
        if r.verdict == .refuted, let cx = r.counterexample {
            return ("\(notStationary) at the hint's point \(t.name) = \(point)", cx)
        }
        return nil
    }

    /// The relation of an optimisation's domain binding (`u > 0` gives `>`), or `nil` when the
    /// binding is not an inequality.
    static func domainRelation(_ binding: Binding) -> Relation? {
        switch binding.relation {
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .bare, .distributedAs, .equals, .member, .notEqual, .tendsTo, .option: return nil
        }
    }
}
