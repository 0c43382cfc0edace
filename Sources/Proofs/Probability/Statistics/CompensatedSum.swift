// A compensated (Neumaier) running sum.
//
// Implementation notes
// --------------------
// Neumaier's variant of Kahan summation: the rounding error of every addition is recovered
// exactly with the TwoSum identity and accumulated separately, so the result is as if the
// sum were computed in roughly twice the precision and then rounded once. The order of
// additions still matters (the result is deterministic for a fixed order).

/// A running sum of doubles with Neumaier compensation: the error is about one rounding of
/// the final value instead of growing with the number of terms.
public struct CompensatedSum: Sendable, Hashable {
    @usableFromInline var sum = 0.0
    @usableFromInline var compensation = 0.0

    /// An empty sum (zero).
    public init() {}

    /// Adds a term.
    @inlinable @inline(__always)
    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// Adds the terms of another compensated sum.
    public mutating func add(_ other: CompensatedSum) {
        add(other.sum)
        add(other.compensation)
    }

    /// The current value of the sum.
    @inlinable
    public var value: Double { sum + compensation }
}
