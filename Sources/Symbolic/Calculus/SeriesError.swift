// Why a series could not be computed.

/// Why a series expansion (or an operation on series) failed.
///
/// Every case says *why*, so that a caller can report it or try something else (for a
/// limit: a one-sided expansion, or the exponential dominance rule). A series is never
/// guessed: when a coefficient whose zero-ness or sign matters cannot be decided, the
/// expansion stops with ``undecided(_:reason:)``.
public enum SeriesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A construct or case the series engine does not handle (a big operator in the
    /// variable, `log` of an expression with a zero or a pole at the point, a symbolic power
    /// of the variable, …).
    case unsupported(Expr, reason: String)
    /// A coefficient whose zero-ness or sign matters could not be decided (e.g. "cannot show
    /// c > 0" before taking `c^(1/2)` or `log(c)`), or no nonzero term was found within
    /// ``Limits/maxOrder``.
    case undecided(Expr, reason: String)
    /// The expression has no power-series (Laurent or Puiseux) expansion at the point:
    /// `exp(u)` with `u → +∞`, or an oscillating function of a pole (`sin(1/h)`).
    case essentialSingularity(Expr, reason: String)
    /// The expansion is different on the two sides of the point (`|h|`, `sqrt(h)`,
    /// `exp(-1/h)`); ask for `.above` or `.below`.
    case needsOneSidedExpansion(Expr, reason: String)
    /// Division by a series that is identically zero up to its order.
    case divisionByZero(reason: String)
    /// Two series in different variables, around different points or from different sides.
    case incompatible(reason: String)
    /// A coefficient is undefined for every value of its symbols (e.g. `log(0)`).
    case undefined(NormalizationError)
    /// A resource limit was hit.
    case limitExceeded(LimitExceeded)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unsupported(let e, let reason): return "series: unsupported: \(reason) in \(e.debugDescription)"
        case .undecided(let e, let reason): return "series: undecided: \(reason) in \(e.debugDescription)"
        case .essentialSingularity(let e, let reason):
            return "series: no power series: \(reason) in \(e.debugDescription)"
        case .needsOneSidedExpansion(let e, let reason):
            return "series: needs a one-sided expansion: \(reason) in \(e.debugDescription)"
        case .divisionByZero(let reason): return "series: division by zero: \(reason)"
        case .incompatible(let reason): return "series: incompatible series: \(reason)"
        case .undefined(let n): return "series: \(n.description)"
        case .limitExceeded(let l): return "series: \(l.description)"
        }
    }
}

/// Internal signal: the expansion needs fractional exponents with a larger common
/// denominator (Puiseux ramification); the driver restarts with `ramification`.
struct RamificationRequest: Error {
    var ramification: Int
}

extension SeriesError {
    /// Maps any error thrown inside the series engine to a ``SeriesError``.
    static func wrap(_ error: any Error, in e: Expr) -> SeriesError {
        switch error {
        case let s as SeriesError: return s
        case let n as NormalizationError:
            if case .limitExceeded(let l) = n { return .limitExceeded(l) }
            return .undefined(n)
        case let l as LimitExceeded: return .limitExceeded(l)
        case let r as RamificationRequest:
            return .limitExceeded(LimitExceeded(limit: "maxOrder", requested: r.ramification, maximum: 0))
        default: return .unsupported(e, reason: "internal error \(error)")
        }
    }
}
