// `lim` and `series` operators in steps: resolved by the series engine where it decides
// them (see `AsymptoticOperators`), evaluated numerically otherwise.
import Symbolic

extension StepChecker {
    /// Both sides with every decidable `lim`/`series` replaced by its value, and the notes.
    /// With `numericOnly` (`by numeric`) nothing is resolved: the operators are evaluated
    /// numerically.
    func resolvingAsymptoticOperators(_ lhs: Expr, _ rhs: Expr, numericOnly: Bool) -> (lhs: Expr, rhs: Expr, notes: [String]) {
        if numericOnly { return (lhs, rhs, []) }
        func mentions(_ e: Expr) -> Bool {
            e.containsSubexpression(ofKinds: .bigOperator) { x in
                if case .bigOperator(let op) = x.kind { return AsymptoticOperators.names.contains(op.name) }
                return false
            }
        }
        guard mentions(lhs) || mentions(rhs) else { return (lhs, rhs, []) }
        var rng = RandomSource(seed: context.options.seed, stream: [0x11A, 0])
        var env = Environment()
        for s in Set(lhs.freeSymbols).union(rhs.freeSymbols).sorted() {
            env.values[s] = SampleDomain(context.assumptions.range(of: s)).sample(using: &rng)
        }
        let l = AsymptoticOperators.resolve(lhs, assumptions: context.assumptions, limits: context.options.limits, crossCheckAt: env)
        let r = AsymptoticOperators.resolve(rhs, assumptions: context.assumptions, limits: context.options.limits, crossCheckAt: env)
        return (l.expr, r.expr, l.notes + r.notes)
    }

    /// Tolerances for a step that still contains a `lim` (evaluated by Richardson
    /// extrapolation, good to about 1e-9 relative): agreement within 1e-7, refutation beyond
    /// 1e-5. `nil` when there is none.
    func numericLimitTolerances(_ lhs: Expr, _ rhs: Expr) -> (agree: Double, refute: Double)? {
        let hasLimit = [lhs, rhs].contains { e in
            e.containsSubexpression(ofKinds: .bigOperator) { x in
                if case .bigOperator(let op) = x.kind { return op.name == "lim" }
                return false
            }
        }
        return hasLimit ? (1e-7, 1e-5) : nil
    }
}
