// How a step was established, with its evidence.
import Symbolic

/// How a step was established, strongest first; or why it was not.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A symbolic normal form or a chain of guarded rewrites closed the step.
    case proved
    /// Exact evaluation at random points (rationals, or modulo a large prime) agreed.
    case exact
    /// Floating-point evaluation at seeded random points agreed to a stated tolerance.
    case numeric
    /// Monte Carlo on the instances agreed within its statistical error.
    case sampled
    /// Accepted without evidence (`by admit`); always reported.
    case admitted
    /// Nothing could decide the step.
    case unknown
    /// A counterexample shows the step is false.
    case refuted

    /// Whether the step counts as holding.
    public var holds: Bool {
        switch self {
        case .proved, .exact, .numeric, .sampled, .admitted: return true
        case .unknown, .refuted: return false
        }
    }

    private var rank: Int { Verdict.allCases.firstIndex(of: self)! }

    /// Stronger verdicts sort first.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// A concrete point (or instance) where the two sides of a step differ.
public struct Counterexample: Sendable, Hashable {
    /// The assignment, as (name, value text) pairs in name order.
    public var assignment: [Assignment]
    /// The instance it was found in, if any.
    public var instance: String?
    /// The value of the left side.
    public var lhsValue: String
    /// The value of the right side.
    public var rhsValue: String
    /// Whether the values were computed exactly (rationals) rather than in floating point.
    public var isExact: Bool

    /// One symbol's value.
    public struct Assignment: Sendable, Hashable {
        /// The symbol.
        public var name: String
        /// The value as text (`1/2`, `-0.3`).
        public var value: String
        /// Creates an assignment.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a counterexample.
    public init(assignment: [Assignment], instance: String? = nil, lhsValue: String, rhsValue: String, isExact: Bool) {
        self.assignment = assignment
        self.instance = instance
        self.lhsValue = lhsValue
        self.rhsValue = rhsValue
        self.isExact = isExact
    }
}

/// What supports (or refutes) a verdict.
public struct Evidence: Sendable, Hashable {
    /// How the symbolic part closed the step: `canonical form`, `rational normal form`, rule names.
    public var method: String?
    /// Rules used, in first-use order.
    public var rules: [String] = []
    /// Side conditions that were assumed rather than proved.
    public var assumedConditions: [String] = []
    /// Numeric points that agreed.
    public var points: Int = 0
    /// Relative tolerance of the numeric comparison.
    public var tolerance: Double?
    /// The seed of the sample points.
    public var seed: UInt64?
    /// The largest relative deviation seen at agreeing points.
    public var maxDeviation: Double?
    /// The normalised residual lhs − rhs when it did not vanish.
    public var residual: String?
    /// For inequalities: the smallest margin found and where.
    public var margin: String?
    /// For exact random evaluation: the error probability bound.
    public var errorBound: String?
    /// A counterexample, for refuted steps.
    public var counterexample: Counterexample?
    /// Monte Carlo summaries per instance.
    public var samples: [String] = []
    /// Free-form notes (why unknown, which limit was hit).
    public var notes: [String] = []
    /// Convergence-order checks (errors against step sizes, with the fit), plotted by the reports.
    public var convergence: [ConvergencePlot] = []

    /// Empty evidence.
    public init() {}
}
