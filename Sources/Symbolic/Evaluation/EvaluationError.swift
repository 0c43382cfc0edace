// Errors of numeric evaluation.

/// Why a floating-point evaluation has no value.
///
/// Evaluation never returns NaN or ±infinity: every point where the expression is undefined
/// or not representable throws one of these, and the numeric checker treats it as "skip this
/// point", never as agreement.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument outside the domain of a function or operation, e.g. `log` of −2,
    /// `sqrt` of a negative, `0^0`, a negative base to a non-integer power, `asin(1.5)`,
    /// `lambertw` below −1/e, `tan` at a pole. `argument` is the offending (finite) value;
    /// for powers it is the base.
    case domain(operation: String, argument: Double)
    /// A division by zero (including `0^n` for a negative integer `n`, which is how `1/x` is
    /// written).
    case divisionByZero
    /// A result that is not a finite double (overflow), naming the operation.
    case overflow(operation: String)
    /// A free symbol with no value in the environment.
    case unboundSymbol(String)
    /// An opaque function (or one of its derivatives) with no implementation.
    case unboundFunction(String)
    /// A construct that has no numeric value here (a list, a range, a big operator without a
    /// handler, a wrong number of arguments, …), with a description.
    case unsupported(String)
    /// A resource limit was hit (e.g. while differentiating an unevaluated derivative).
    case limitExceeded(LimitExceeded)
    /// An integral, sum or expectation that does not converge (its value is not a finite
    /// number), with the evidence.
    case divergent(String)

    /// A one-line lowercase description for diagnostics.
    public var description: String {
        switch self {
        case .domain(let operation, let argument):
            return "\(operation) is undefined at \(argument)"
        case .divisionByZero:
            return "division by zero"
        case .overflow(let operation):
            return "\(operation) overflows (the result is not a finite number)"
        case .unboundSymbol(let name):
            return "no value for '\(name)'"
        case .unboundFunction(let name):
            return "no implementation for function '\(name)'"
        case .unsupported(let what):
            return "cannot evaluate numerically: \(what)"
        case .limitExceeded(let limit):
            return limit.description
        case .divergent(let evidence):
            return "diverges: \(evidence)"
        }
    }
}
