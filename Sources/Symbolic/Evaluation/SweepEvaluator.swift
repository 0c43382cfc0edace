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
//
// Nested sweeps (an inner integral at every node of an outer one) rebind the outer symbols
// between inner sweeps (`setValue(_:of:)`): the program is compiled once over the outer
// symbols and the variable, instead of once per inner sweep with the outer values folded
// in. Both programs compute the tree's value bit for bit, so the values are the same.

/// Evaluates one expression at many values of one symbol, the rest of the environment fixed:
/// the same values and errors as ``Expr/evaluate(at:)-(Environment)``, faster. Not
/// thread-safe (it owns its registers).
public final class SweepEvaluator {
    /// The expression.
    public let expression: Expr
    /// The symbol whose value changes between calls.
    public let variable: Symbol
    /// Symbols rebound between sweeps (``setValue(_:of:)``), compiled as variables too.
    public let outerSymbols: [Symbol]
    // Read and written at every value: not checked for exclusive access at run time (the
    // class is not thread-safe anyway, and no access overlaps another).
    @exclusivity(unchecked) private var environment: Environment
    @exclusivity(unchecked) private var evaluations = 0
    @exclusivity(unchecked) private var compiled: PointEvaluator?
    @exclusivity(unchecked) private var compileFailed = false
    /// The outer symbols' values (the compiled program's first inputs).
    @exclusivity(unchecked) private var outerValues: [Double]

    /// Evaluations before the expression is compiled (a sweep of one or two values does not
    /// repay compiling).
    static let compileThreshold = 3

    /// Prepares to evaluate `expression` in `environment` with `variable` bound per call.
    public convenience init(_ expression: Expr, varying variable: Symbol, environment: Environment) {
        self.init(expression, varying: variable, rebinding: [], environment: environment)
    }

    /// Prepares to evaluate `expression` in `environment` with `variable` bound per call and
    /// each of `outerSymbols` bound by ``setValue(_:of:)`` (their values in `environment`
    /// are the initial ones; a symbol without one is NaN until set). The symbols must be
    /// distinct and differ from `variable`.
    public init(_ expression: Expr, varying variable: Symbol, rebinding outerSymbols: [Symbol], environment: Environment) {
        precondition(Set(outerSymbols).count == outerSymbols.count && !outerSymbols.contains(variable),
                     "SweepEvaluator: the rebound symbols must be distinct and differ from the variable")
        self.expression = expression
        self.variable = variable
        self.outerSymbols = outerSymbols
        self.environment = environment
        outerValues = outerSymbols.map { environment.values[$0] ?? .nan }
    }

    /// Binds outer symbol number `index` (in ``outerSymbols``) to `value` for the following
    /// calls.
    public func setValue(_ value: Double, ofOuterSymbol index: Int) {
        outerValues[index] = value
        compiled?.inputs[index] = value
        environment.values[outerSymbols[index]] = value
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
        if compiled != nil && x.isFinite && outerValuesAreFinite { return nil }
        environment.values[variable] = x
        return try? expression.evaluate(at: environment)
    }

    private var outerValuesAreFinite: Bool {
        for v in outerValues where !v.isFinite { return false }
        return true
    }

    /// The compiled value, or `nil` when the tree must decide (not compiled yet, not
    /// compilable, a flagged point, a non-finite `x`).
    private func compiledValue(at x: Double) -> Double? {
        evaluations += 1
        if compiled == nil && !compileFailed && evaluations >= SweepEvaluator.compileThreshold {
            do {
                let c = try PointEvaluator(compiling: expression, variables: outerSymbols + [variable], environment: environment)
                for (i, v) in outerValues.enumerated() { c.inputs[i] = v }
                compiled = c
            } catch {
                compileFailed = true
            }
        }
        guard let c = compiled, x.isFinite else { return nil }
        // A non-finite outer value is rejected by the tree; the compiled program is not asked.
        guard outerValuesAreFinite else { return nil }
        c.inputs[outerValues.count] = x
        return c.valueAtInputs()
    }
}
