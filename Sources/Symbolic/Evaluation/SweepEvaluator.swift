// One expression evaluated at many values of one symbol, everything else fixed.
//
// Implementation notes
// --------------------
// Quadrature and scalar maximisation evaluate a body at hundreds of values of their variable
// while the rest of the environment stays fixed. Through `Expr.evaluate(at:)` each value costs
// a copy of the environment (to bind the variable), a dictionary lookup per symbol and
// reference counting on every node. `SweepEvaluator` owns one copy of the environment and
// rebinds the variable in place, and from the third value on runs the compiled program
// (`PointEvaluator`, one point per call, registers allocated once). The compiled program
// gives bit for bit the tree's value wherever the tree has one and flags exactly the points
// where the tree throws (`CompiledExprTests`); at a flagged point — and at a non-finite value
// of the variable, which the tree rejects — the tree is evaluated for the precise error. So
// `value(at:)` returns and throws exactly what `expression.evaluate(at:)` does with the
// variable bound to the value. An expression that cannot be compiled (a big operator over the
// variable, a list) keeps tree evaluation, still without the copy per value.

/// Evaluates one expression at many values of one symbol, the rest of the environment fixed:
/// the same values and errors as ``Expr/evaluate(at:)-(Environment)``, faster. Not
/// thread-safe (it owns its registers).
public final class SweepEvaluator {
    /// The expression.
    public let expression: Expr
    /// The symbol whose value changes between calls.
    public let variable: Symbol
    private var environment: Environment
    private var evaluations = 0
    private var compiled: PointEvaluator?
    private var compileFailed = false
    private var point = [0.0]

    /// Evaluations before the expression is compiled (a sweep of one or two values does not
    /// repay compiling).
    static let compileThreshold = 3

    /// Prepares to evaluate `expression` in `environment` with `variable` bound per call.
    public init(_ expression: Expr, varying variable: Symbol, environment: Environment) {
        self.expression = expression
        self.variable = variable
        self.environment = environment
    }

    /// The value with `variable` = `x`; throws exactly what tree evaluation throws there.
    public func value(at x: Double) throws(EvaluationError) -> Double {
        if let v = compiledValue(at: x) { return v }
        environment.values[variable] = x
        return try expression.evaluate(at: environment)
    }

    /// The value with `variable` = `x`, or `nil` where tree evaluation throws (the error
    /// itself is not computed where the compiled program already flags the point).
    public func valueIfDefined(at x: Double) -> Double? {
        if let v = compiledValue(at: x) { return v }
        if compiled != nil && x.isFinite { return nil }
        environment.values[variable] = x
        return try? expression.evaluate(at: environment)
    }

    /// The compiled value, or `nil` when the tree must decide (not compiled yet, not
    /// compilable, a flagged point, a non-finite `x`).
    private func compiledValue(at x: Double) -> Double? {
        evaluations += 1
        if compiled == nil && !compileFailed && evaluations >= SweepEvaluator.compileThreshold {
            do {
                compiled = try PointEvaluator(compiling: expression, variables: [variable], environment: environment)
            } catch {
                compileFailed = true
            }
        }
        guard let c = compiled, x.isFinite else { return nil }
        point[0] = x
        return c.value(at: point)
    }
}
