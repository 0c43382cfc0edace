// Proof by cases on the signs inside abs, max, min and sign.
//
// Implementation notes
// --------------------
// When the symbolic phase cannot show that d is zero (or has a sign), and d contains
// `abs(u)`, `sign(u)`, `max(a, b, …)` or `min(a, b, …)` whose case is not decided by the
// assumptions, the real line is split: u ≥ 0 and u ≤ 0 (for max/min: a − b ≥ 0 and a − b ≤ 0,
// for the first pair whose order is unknown). The two closed cases cover every point, so d has
// the property everywhere if it has it in both (sign(u) splits three ways: u > 0, u < 0,
// u = 0); in each case the assumption is added and the
// symbolic phase runs again (rules such as abs-nonnegative and max-left now fire on proved
// conditions; nothing is assumed without proof), splitting further on what is still undecided.
// The split expression is chosen innermost-first in a deterministic post-order walk. At most
// `maxCaseDepth` splits are nested (2^depth cases); a case that is not proved ends the attempt.
// Cases whose assumptions contradict each other are still attempted (the sign prover does not
// detect emptiness), so a true statement may fail in an empty case — never the other way
// round: a proof here needs every case proved.

extension EquivalenceChecker {
    /// The deepest nesting of case splits.
    static let maxCaseDepth = 4

    /// A proof of `d = 0` (`property == nil`) or of `d` having `property` by splitting into
    /// cases, or `nil`.
    func proofByCases(_ d: Expr, _ property: Property?) -> (method: String, rules: [String])? {
        guard splitsCases, runsSymbolicPhase, containsPiecewise(d) else { return nil }
        var leaf = self
        leaf.splitsCases = false
        leaf.allowsAssumedConditions = false
        var rules: [String] = []
        var count = 0
        func prove(_ d: Expr, _ assumptions: Assumptions, depth: Int) -> Bool {
            var checker = leaf
            checker.assumptions = assumptions
            if let property {
                let s = checker.symbolicSign(d, property)
                if s.proved {
                    for r in s.rules where !rules.contains(r) { rules.append(r) }
                    count += 1
                    return true
                }
            } else {
                let z = checker.symbolicZero(d)
                if z.proved {
                    for r in z.rules where !rules.contains(r) { rules.append(r) }
                    count += 1
                    return true
                }
            }
            guard depth < Self.maxCaseDepth, let split = undecidedSplit(d, assumptions) else { return false }
            for relation in split.cases {
                var a = assumptions
                do { try a.assume(split.expression, relation, .zero) } catch { return false }
                // In the case u = 0 for a symbol u, u is 0 in the expression too.
                var branch = d
                if relation == .equal, let u = split.expression.symbolValue {
                    guard let substituted = try? d.substituting(.zero, for: u, limits: limits) else { return false }
                    branch = substituted
                }
                if !prove(branch, a, depth: depth + 1) { return false }
            }
            return true
        }
        guard prove(d, assumptions, depth: 0), count > 1 else { return nil }
        return ("by cases (\(count) cases)", rules)
    }

    /// Whether `e` has an abs, max, min or sign anywhere (a cheap test before splitting).
    private func containsPiecewise(_ e: Expr) -> Bool {
        e.containsSubexpression(ofKinds: .builtinCall) { x in
            if case .call(.builtin(let f), _) = x.kind { return f == .abs || f == .max || f == .min || f == .sign }
            return false
        }
    }

    /// The first expression (innermost first) whose sign decides a piecewise function in `e`
    /// and is not decided by `assumptions`, with the cases that cover the line: u ≥ 0, u ≤ 0
    /// for abs, max and min; u > 0, u < 0, u = 0 for sign (which has three values).
    private func undecidedSplit(_ e: Expr, _ assumptions: Assumptions) -> (expression: Expr, cases: [Relation])? {
        // The argument as the rules leave it under this case's assumptions (`abs(x) - abs(y)`
        // is `x + y` once x >= 0 and y <= 0), so the split is on what is still open.
        let rewriter = Rewriter(indexedRules: indexedPlainRules, assumptions: assumptions, limits: limits)
        func simplified(_ s: Expr) -> Expr {
            guard let c = try? s.canonicalized(limits: limits) else { return s }
            return (try? rewriter.rewrite(canonical: c).expr) ?? c
        }
        func undecided(_ s: Expr) -> Bool {
            assumptions.prove(s, is: .nonnegative) != .proved && assumptions.prove(s, is: .nonpositive) != .proved
        }
        func signUndecided(_ s: Expr) -> Bool {
            assumptions.prove(s, is: .positive) != .proved && assumptions.prove(s, is: .negative) != .proved
                && assumptions.prove(s, is: .nonzero) != .disproved
        }
        var found: (Expr, [Relation])?
        // Variables bound by an enclosing big operator (`E_{x ~ p}[abs(x)]`) are not the free
        // symbols of the same name: a piecewise function of them is never split on.
        func walk(_ x: Expr, bound: Set<Symbol>) {
            if found != nil { return }
            var inner = bound
            if case .bigOperator(let op) = x.kind { inner.formUnion(op.boundSymbols) }
            for c in x.children { walk(c, bound: inner) }
            if found != nil { return }
            guard case .call(.builtin(let f), let args) = x.kind,
                  !args.contains(where: { a in a.freeSymbols.contains(where: { bound.contains($0) }) }) else { return }
            switch f {
            case .abs:
                if args.count == 1, case let u = simplified(args[0]), undecided(u) { found = (u, [.greaterEqual, .lessEqual]) }
            case .sign:
                if args.count == 1, case let u = simplified(args[0]), signUndecided(u) { found = (u, [.greater, .less, .equal]) }
            case .max, .min:
                for i in args.indices {
                    for j in args.indices where j > i && found == nil {
                        let u = simplified(args[i] - args[j])
                        if undecided(u) { found = (u, [.greaterEqual, .lessEqual]) }
                    }
                }
            case .acos, .asin, .atan, .cos, .cosh, .erf, .exp, .lambertw, .log, .sigmoid, .sin, .sinh, .softplus, .sqrt, .tan, .tanh:
                break
            }
        }
        walk(e, bound: [])
        return found
    }
}
