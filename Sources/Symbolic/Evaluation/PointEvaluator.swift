// One expression evaluated at many points, one point per call, without the tree walk.
//
// Implementation notes
// --------------------
// The numeric checks evaluate the same two sides at hundreds of points (seeded points,
// shrinking, margin searches), one point at a time, because each point's outcome decides the
// next one. Tree evaluation pays per point for a copy of the environment, a dictionary
// lookup of every symbol and reference counting on every node. `PointEvaluator` compiles
// the expression once (`CompiledExpr`, so shared sub-expressions, constants and every
// sub-expression without a variable are computed once) and runs the program at one point on
// scalars (`runSingle`: the block kernels' operations without their loops) with registers
// allocated once. The compiled program computes bit for bit the
// value tree evaluation computes at every valid point and flags exactly the points where tree
// evaluation throws (`CompiledExprTests`); at a flagged point it returns `nil` and the caller
// evaluates the tree to get the precise error. Not thread-safe (it owns its registers).

/// Evaluates a compiled expression at one point per call, reusing its registers.
public final class PointEvaluator {
    /// The compiled expression.
    public let compiled: CompiledExpr
    private let workspace: CompiledExpr.Workspace
    private let point: UnsafeMutablePointer<Double>
    private let columns: [UnsafeBufferPointer<Double>]

    /// Compiles `expression` over `variables` (see ``CompiledExpr/init(compiling:variables:environment:)``).
    public init(compiling expression: Expr, variables: [Symbol], environment: Environment) throws(EvaluationError) {
        compiled = try CompiledExpr(compiling: expression, variables: variables, environment: environment)
        workspace = CompiledExpr.Workspace(registerCount: compiled.registerCount, stride: 1)
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: max(1, variables.count))
        storage.initialize(repeating: 0, count: max(1, variables.count))
        point = storage
        columns = (0 ..< variables.count).map { UnsafeBufferPointer(start: storage + $0, count: 1) }
    }

    deinit { point.deallocate() }

    /// The value at `values` (one per variable, in order), or `nil` where the expression is
    /// undefined (then `Expr.evaluate(at:)` throws there) or the point has the wrong size.
    public func value(at values: [Double]) -> Double? {
        guard values.count == columns.count else { return nil }
        for (i, v) in values.enumerated() { point[i] = v }
        return valueAtInputs()
    }

    /// The point the next ``valueAtInputs()`` evaluates at: one value per variable, in order
    /// (valid while this evaluator lives).
    public var inputs: UnsafeMutablePointer<Double> { point }

    /// The value at ``inputs``, or `nil` where the expression is undefined there (then
    /// `Expr.evaluate(at:)` throws).
    public func valueAtInputs() -> Double? {
        let v = compiled.runSingle(workspace, point, columns)
        guard workspace.flags[0] | Elementary.Domain.finite(v) == 0 else { return nil }
        return v
    }
}
