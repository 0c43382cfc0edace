// A stronger zero test for series coefficients, built on the rational normal form.

extension Series {
    /// Decides coefficients with the rational normal form (zero) and the sign prover or an
    /// accurate evaluation of closed constants (nonzero); `nil` when neither decides.
    ///
    /// A closed constant whose floating-point value exceeds 1e-9 in magnitude is nonzero:
    /// its evaluation error is many orders of magnitude smaller.
    public static func normalFormZeroTest(assumptions: Assumptions = Assumptions(), limits: Limits = .default) -> ZeroTest {
        let fallback = defaultZeroTest(assumptions: assumptions)
        return { (e: Expr) -> Bool? in
            if let quick = fallback(e) { return quick }
            if let rnf = try? RationalNormalForm(e, limits: limits) {
                if rnf.isZero { return true }
                if assumptions.prove(rnf.numerator, is: .nonzero) == .proved { return false }
            }
            if e.freeSymbols.isEmpty, let v = try? e.evaluate(at: Environment()), abs(v) > 1e-9 { return false }
            return nil
        }
    }
}
