// Paired samples (common random numbers): both sides and their difference.

/// Accumulates paired samples `(lhs, rhs)` evaluated at the same random draw (common
/// random numbers). The difference lhs − rhs is accumulated per sample, so its standard
/// error reflects the (usually large) correlation between the sides — a much sharper test
/// of `E lhs = E rhs` than comparing two independent means.
public struct PairedAccumulator: Sendable, Hashable {
    /// The left-hand side samples.
    public private(set) var lhs = MeanAccumulator()
    /// The right-hand side samples.
    public private(set) var rhs = MeanAccumulator()
    /// The per-sample differences lhs − rhs.
    public private(set) var difference = MeanAccumulator()

    /// An empty accumulator.
    public init() {}

    /// Adds one pair.
    public mutating func add(lhs l: Double, rhs r: Double) {
        lhs.add(l)
        rhs.add(r)
        difference.add(l - r)
    }

    /// Merges another accumulator's pairs (fixed order gives deterministic results).
    public mutating func merge(_ other: PairedAccumulator) {
        lhs.merge(other.lhs)
        rhs.merge(other.rhs)
        difference.merge(other.difference)
    }

    /// The number of pairs.
    public var count: Int { difference.count }
}
