// Resource limits shared by every algorithm of the core.

/// Bounds on the work any single operation may do. Every loop and size in the core is
/// bounded by one of these; hitting one throws ``LimitExceeded`` naming it, never hangs.
///
/// The defaults suit interactive checking; `Proofs` lets a derivation or the command line
/// raise or lower them.
public struct Limits: Sendable, Hashable {
    /// Largest number of terms a polynomial or expansion may reach.
    public var maxTerms: Int = 2_000_000
    /// Largest integer exponent expanded or raised exactly (e.g. `(x + 1)^n`).
    public var maxExponent: Int = 10_000
    /// Largest bit width of an exact integer produced by an operation.
    public var maxIntegerBits: Int = 1_000_000
    /// Deepest expression tree accepted by recursive algorithms.
    public var maxDepth: Int = 2_000
    /// Most rewrite steps a rule strategy may take.
    public var maxRewriteSteps: Int = 10_000
    /// Highest series order or derivative order computed.
    public var maxOrder: Int = 64
    /// Most units of work one normal-form computation may spend on polynomial arithmetic
    /// (words of monomials touched by products, merges, divisions and gcds; see
    /// ``WorkMeter``). Bounds time and memory where sizes alone do not.
    public var maxAlgebraWork: Int = 50_000_000

    /// The default limits.
    public static let `default` = Limits()

    /// Creates the default limits.
    public init() {}
}

/// Thrown when an operation would exceed one of the ``Limits``.
public struct LimitExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the limit (`maxTerms`, `maxExponent`, …).
    public var limit: String
    /// The value that was requested or reached.
    public var requested: Int
    /// The configured bound.
    public var maximum: Int

    /// Creates the error.
    public init(limit: String, requested: Int, maximum: Int) {
        self.limit = limit
        self.requested = requested
        self.maximum = maximum
    }

    /// `limit maxTerms exceeded: 3000000 > 2000000`.
    public var description: String {
        "limit \(limit) exceeded: \(requested) > \(maximum)"
    }
}
