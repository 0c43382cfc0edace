// Options, results and failures of the quadrature routines.

/// Tolerances and work limits for `Quadrature`.
public struct QuadratureOptions: Sendable, Hashable {
    /// Stop when the error estimate is at most `max(absoluteTolerance,
    /// relativeTolerance·|value|)`.
    public var absoluteTolerance: Double = 1e-13
    /// See `absoluteTolerance`.
    public var relativeTolerance: Double = 1e-10
    /// The most bisections of the adaptive method.
    public var maxSubdivisions: Int = 2_000
    /// The most integrand evaluations (including the tail scans).
    public var maxEvaluations: Int = 500_000
    /// For infinite ranges: where the integrand's mass is (e.g. a distribution's mean).
    /// Ignored for semi-infinite ranges, which are anchored at their finite end.
    public var center: Double = 0
    /// For infinite ranges: the length scale of the integrand (e.g. a standard deviation).
    /// The core piece is `[center − scale, center + scale]` and the tail shells double from
    /// there.
    public var scale: Double = 1

    /// The default options.
    public init() {}

    /// Options with the given tolerances and the defaults for the rest.
    public init(absoluteTolerance: Double = 1e-13, relativeTolerance: Double = 1e-10,
                center: Double = 0, scale: Double = 1) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.center = center
        self.scale = scale
    }

    /// The smallest relative tolerance accepted when the absolute tolerance is 0 (50 ulps,
    /// as QUADPACK).
    public static let minimumRelativeTolerance = 50 * Double.ulpOfOne

    func validate() throws(QuadratureFailure) {
        guard absoluteTolerance >= 0, absoluteTolerance.isFinite,
              relativeTolerance >= 0, relativeTolerance.isFinite else {
            throw .invalidOptions("tolerances must be finite and non-negative")
        }
        guard absoluteTolerance > 0 || relativeTolerance >= Self.minimumRelativeTolerance else {
            throw .invalidOptions("with absoluteTolerance 0 the relative tolerance must be at least 50 ulps")
        }
        guard maxSubdivisions >= 0, maxEvaluations > 0 else {
            throw .invalidOptions("limits must be positive")
        }
        guard center.isFinite, scale.isFinite, scale > 0 else {
            throw .invalidOptions("center must be finite and scale finite and positive")
        }
    }
}

/// A successful quadrature.
public struct QuadratureResult: Sendable, Hashable {
    /// The integral.
    public var value: Double
    /// An estimate of |value − true integral| (QUADPACK's conservative Gauss–Kronrod
    /// estimate, summed over the pieces).
    public var errorEstimate: Double
    /// Integrand evaluations used (for nested integrals: outer evaluations only).
    public var evaluations: Int
    /// Bisections performed.
    public var subdivisions: Int
}

/// Why a quadrature failed. Every failure is reported; none is turned into a number.
public indirect enum QuadratureFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A bound is NaN.
    case invalidRange(lower: Double, upper: Double)
    /// The options are inconsistent (the reason is given).
    case invalidOptions(String)
    /// The subdivision limit was reached before the tolerance; the current estimate, its
    /// error and the centre of the worst piece are given.
    case subdivisionLimit(estimate: Double, errorEstimate: Double, at: Double)
    /// The evaluation limit was reached.
    case evaluationLimit(limit: Int)
    /// The worst piece became too small to bisect in floating point before the tolerance.
    case roundoffLimit(estimate: Double, errorEstimate: Double, at: Double)
    /// The integrand threw or returned NaN/±∞ on a set that repeated bisection does not
    /// avoid (not a negligible set of points).
    case undefinedIntegrand(at: Double, reason: String)
    /// The integral diverges: towards `at` (±∞ or a finite endpoint) the contributions of
    /// successive dyadic shells do not decay (see `Quadrature` for the rule).
    case divergent(at: Double, evidence: String)
    /// The inner integral of a nested quadrature failed at the outer point `at`.
    case innerIntegral(at: Double, QuadratureFailure)

    /// Whether the failure is a divergent integral (possibly an inner one), as opposed to a
    /// failure to compute a finite integral.
    public var isDivergence: Bool {
        switch self {
        case .divergent: return true
        case .innerIntegral(_, let inner): return inner.isDivergence
        case .invalidRange, .invalidOptions, .subdivisionLimit, .evaluationLimit, .roundoffLimit, .undefinedIntegrand:
            return false
        }
    }

    /// A one-line English description.
    public var description: String {
        switch self {
        case .invalidRange(let lower, let upper):
            return "invalid integration range [\(lower), \(upper)]"
        case .invalidOptions(let reason):
            return "invalid quadrature options: \(reason)"
        case .subdivisionLimit(let estimate, let error, let at):
            return "subdivision limit reached near \(at) (estimate \(estimate) ± \(error))"
        case .evaluationLimit(let limit):
            return "evaluation limit \(limit) reached"
        case .roundoffLimit(let estimate, let error, let at):
            return "round-off limit reached near \(at) (estimate \(estimate) ± \(error))"
        case .undefinedIntegrand(let at, let reason):
            return "the integrand is undefined near \(at): \(reason)"
        case .divergent(let at, let evidence):
            return "the integral diverges towards \(at): \(evidence)"
        case .innerIntegral(let at, let failure):
            return "inner integral at \(at): \(failure)"
        }
    }
}

/// A real number as a sign and the logarithm of its magnitude, for integrands whose
/// factors underflow or overflow (e.g. p·log(p/q) or q²/p far in the tails).
public struct SignedLog: Sendable, Hashable {
    /// −1, 0 or +1.
    public var sign: Double
    /// log|value| (−∞ for zero).
    public var logMagnitude: Double

    /// `sign·exp(logMagnitude)`; a zero `sign` means the value 0.
    public init(sign: Double, logMagnitude: Double) {
        self.sign = sign
        self.logMagnitude = logMagnitude
    }

    /// exp(logMagnitude), positive.
    public init(logMagnitude: Double) {
        self.init(sign: 1, logMagnitude: logMagnitude)
    }

    /// Zero.
    public static let zero = SignedLog(sign: 0, logMagnitude: -.infinity)
}
