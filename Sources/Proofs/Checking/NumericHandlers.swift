// The numeric handlers of big operators every check uses, chained in one place.
import Symbolic

/// The standard numeric evaluation of big operators outside instances: optimisation
/// (max/min/sup/inf/argmax/argmin), exact discrete expectations, limits at ±∞ and at finite
/// points, and finite sums and products; anything else is reported as unsupported.
public enum NumericHandlers {
    /// The chained handler; `densities` are the declared density names (expectations over them
    /// need an instance and are left unsupported here).
    public static func standard(densities: Set<String> = []) -> BigOperatorHandler {
        OptimizationOperators.handler(
            next: DiscreteExpectation.handler(declared: densities,
                                              next: LimitAtInfinity.handler(next: AsymptoticOperators.handler(next: FiniteSums.handler(next: nil)))),
            inliningExpectationsWithDeclared: densities)
    }
}
