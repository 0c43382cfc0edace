// The outcome of a limit computation.

/// The value of a limit, or why it could not be given.
public enum LimitResult: Sendable, Hashable, CustomDebugStringConvertible {
    /// The limit is this finite (canonical) expression.
    case finite(Expr)
    /// The expression tends to +∞.
    case positiveInfinity
    /// The expression tends to −∞.
    case negativeInfinity
    /// The limit provably does not exist (e.g. the one-sided limits differ).
    case doesNotExist(reason: String)
    /// The limit could not be decided here (oscillation, undecidable coefficients,
    /// unsupported constructs, limits hit). Never a guess.
    case unknown(reason: String)

    /// E.g. `finite((exp 1))`, `+inf`, `does not exist: …`.
    public var debugDescription: String {
        switch self {
        case .finite(let e): return "finite(\(e.debugDescription))"
        case .positiveInfinity: return "+inf"
        case .negativeInfinity: return "-inf"
        case .doesNotExist(let reason): return "does not exist: \(reason)"
        case .unknown(let reason): return "unknown: \(reason)"
        }
    }
}
