// The outcome of deciding `lhs REL rhs`, with its evidence.

/// How a relation between two expressions was decided.
public enum EquivalenceVerdict: String, Sendable, Hashable {
    /// A symbolic normal form (possibly after guarded rewrites) closed it.
    case proved
    /// Exact evaluation at random points agreed (probabilistic, with an error bound).
    case exact
    /// Floating-point evaluation at seeded points agreed to the stated tolerance.
    case numeric
    /// A point where it fails was found.
    case refuted
    /// Nothing decided it.
    case unknown
}

/// A point where the two sides disagree.
public struct PointCounterexample: Sendable, Hashable {
    /// The values of the free symbols, in symbol order; exact when `isExact`.
    public var assignment: [(symbol: Symbol, value: Rational, approximate: Double)]
    /// The left side's value (or why it is undefined).
    public var lhs: String
    /// The right side's value (or why it is undefined).
    public var rhs: String
    /// Whether the two values were computed exactly.
    public var isExact: Bool

    public static func == (a: PointCounterexample, b: PointCounterexample) -> Bool {
        a.lhs == b.lhs && a.rhs == b.rhs && a.isExact == b.isExact
            && a.assignment.elementsEqual(b.assignment, by: { $0.symbol == $1.symbol && $0.value == $1.value })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lhs)
        hasher.combine(rhs)
        for a in assignment {
            hasher.combine(a.symbol)
            hasher.combine(a.value)
        }
    }

    /// `x = 1/2, y = -1`.
    public var assignmentText: String {
        assignment.map { "\($0.symbol.name) = \(Self.format($0.value, $0.approximate))" }.joined(separator: ", ")
    }

    /// A value as a short exact fraction when it is simple, else as a compact decimal.
    public static func format(_ r: Rational, _ d: Double) -> String {
        if r.denominator.bitWidth <= 20 && r.numerator.bitWidth <= 40 { return r.description }
        return formatDouble(d)
    }
}

/// Formats a double compactly with up to 6 significant digits (deterministic); `inf`, `-inf`
/// and `nan` for the values that are not finite.
public func formatDouble(_ d: Double) -> String {
    // (Fuzz seed 9: the scaling loops below never end on an infinity.)
    guard d.isFinite else { return d.isNaN ? "nan" : d < 0 ? "-inf" : "inf" }
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    var s = ""
    let magnitude = abs(d)
    if magnitude >= 1e-4 && magnitude < 1e6 {
        // Fixed notation with 6 significant digits, trailing zeros trimmed.
        let digits = max(0, 5 - Int((magnitude).log10Floor))
        s = fixed(d, digits)
    } else {
        s = scientific(d)
    }
    return s
}

private extension Double {
    var log10Floor: Double {
        var e = 0.0
        var m = self
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 && m > 0 { m *= 10; e -= 1 }
        return e
    }
}

private func fixed(_ d: Double, _ digits: Int) -> String {
    let scale = pow10(digits)
    let scaled = (abs(d) * scale).rounded()
    var intPart = Int64(scaled / scale)
    var frac = Int64(scaled - Double(intPart) * scale)
    if frac < 0 { frac = 0 }
    if Double(frac) >= scale { intPart += 1; frac = 0 }
    var fracText = String(frac)
    while fracText.count < digits { fracText = "0" + fracText }
    while fracText.hasSuffix("0") { fracText.removeLast() }
    let sign = d < 0 ? "-" : ""
    return fracText.isEmpty ? "\(sign)\(intPart)" : "\(sign)\(intPart).\(fracText)"
}

private func scientific(_ d: Double) -> String {
    if d == 0 { return "0" }
    var m = abs(d)
    var e = 0
    while m >= 10 { m /= 10; e += 1 }
    while m < 1 { m *= 10; e -= 1 }
    // Repeated scaling is inexact (1e-12 gives 9.999999999999999e-13): a mantissa that rounds
    // to 10 moves to the next exponent.
    if (m * 1e5).rounded() >= 1e6 { m /= 10; e += 1 }
    let mantissa = fixed(d < 0 ? -m : m, 5)
    return "\(mantissa)e\(e)"
}

private func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= 10 }
    return r
}

/// The decision about `lhs REL rhs` and everything that supports it.
public struct EquivalenceResult: Sendable {
    /// The verdict.
    public var verdict: EquivalenceVerdict
    /// How the symbolic part closed it (`canonical form`, `rational normal form`, `rules`, `sign`).
    public var method: String?
    /// The rules that fired, in first-use order.
    public var rules: [String] = []
    /// Side conditions assumed without proof to reach `proved`.
    public var assumed: [BlockedCondition] = []
    /// Side conditions that blocked rules (for "declare x > 0" suggestions).
    public var blocked: [BlockedCondition] = []
    /// The normalised residual `lhs − rhs` when it did not vanish.
    public var residual: Expr?
    /// Points that agreed numerically.
    public var points: Int = 0
    /// Relative tolerance used.
    public var tolerance: Double = 0
    /// The seed the points came from.
    public var seed: UInt64 = 0
    /// Largest relative deviation at agreeing points.
    public var maxDeviation: Double = 0
    /// For inequalities: the smallest margin found (≥ 0 when it held) and where.
    public var margin: (value: Double, at: String)?
    /// The error probability bound of an `exact` verdict.
    public var errorBound: String?
    /// A counterexample for `refuted`.
    public var counterexample: PointCounterexample?
    /// Why the result is `unknown`, or extra remarks.
    public var notes: [String] = []
    /// Set when a symbolic proof is contradicted by the numbers: a checker bug.
    public var inconsistency: String?
    /// Set when a side is undefined everywhere (a constant division by zero, …).
    public var undefined: String?

    /// Creates a result.
    public init(verdict: EquivalenceVerdict) {
        self.verdict = verdict
    }
}
