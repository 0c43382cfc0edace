// Errors of the numerical dynamics: integration failures and non-finite values.
import Symbolic

/// Why a simulation or an ODE integration could not finish.
public enum DynamicsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The right side or an update produced NaN or an infinity (or threw) at a time.
    case notFinite(time: Double, detail: String)
    /// The adaptive step size fell below the representable resolution of the time.
    case stepSizeUnderflow(time: Double)
    /// A step or evaluation budget was exhausted.
    case limit(LimitExceeded)
    /// The input is malformed (a state of the wrong length, a horizon that is not positive).
    case invalid(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notFinite(let t, let detail): return "a value is not finite at t = \(formatDouble(t)): \(detail)"
        case .stepSizeUnderflow(let t): return "the step size underflowed at t = \(formatDouble(t)) (the solution may blow up there)"
        case .limit(let l): return l.description
        case .invalid(let why): return why
        }
    }
}
