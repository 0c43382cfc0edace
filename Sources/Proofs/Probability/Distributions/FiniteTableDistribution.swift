// A finite distribution given by a table of values and probabilities.
//
// Implementation notes
// --------------------
// Values are kept sorted ascending (so the support, pmf look-up and CDF are binary
// searches); the probabilities are kept as given, not renormalised. Sampling is inversion:
// u ∈ [0, 1) from one draw, then the first index k with u < c_k where c_k are the compensated
// cumulative sums, except that c_k = +∞ from the last outcome with positive probability on.
// So an outcome of probability 0 is never drawn, and a sum that falls short of 1 by
// rounding (≤ 1e-12) gives its deficit to the last positive outcome.
import Foundation
import Symbolic

/// A discrete distribution on finitely many real values with given probabilities.
///
/// Sampling: inversion by binary search over the cumulative probabilities (one draw).
public struct FiniteTableDistribution: UnivariateDistribution, Hashable {
    /// The distinct values, ascending.
    public let values: [Double]
    /// `probabilities[i]` is P(X = values[i]).
    public let probabilities: [Double]
    /// Compensated cumulative sums, `cumulative[i] = P(X ≤ values[i])` (clamped to 1).
    let cumulative: [Double]
    /// Sampling thresholds (cumulative, +∞ from the last positive outcome on).
    let thresholds: [Double]
    /// The mean and variance (two-pass, compensated).
    public let mean: Double
    /// The variance.
    public let variance: Double

    /// A table of distinct finite values with probabilities in [0, 1] summing to 1 within
    /// 1e-12. The values may be given in any order.
    public init(values: [Double], probabilities: [Double]) throws(DistributionError) {
        guard values.count == probabilities.count else {
            throw .countMismatch(values: values.count, probabilities: probabilities.count)
        }
        try ParameterCheck.probabilities(probabilities)
        for (i, v) in values.enumerated() where !v.isFinite { throw .nonFiniteValue(index: i) }
        // Sort by value (indices break ties, so duplicates are found deterministically).
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        for k in order.indices.dropFirst() where values[order[k]] == values[order[k - 1]] {
            throw .duplicateValue(index: max(order[k], order[k - 1]))
        }
        let sortedValues = order.map { values[$0] }
        let sortedProbabilities = order.map { probabilities[$0] }
        self.init(sortedValues: sortedValues, probabilities: sortedProbabilities)
    }

    /// Builds from validated, sorted, distinct values.
    init(sortedValues: [Double], probabilities: [Double]) {
        values = sortedValues
        self.probabilities = probabilities
        var running = CompensatedSum()
        var cumulative = [Double]()
        cumulative.reserveCapacity(probabilities.count)
        for p in probabilities {
            running.add(p)
            cumulative.append(min(running.value, 1))
        }
        self.cumulative = cumulative
        var thresholds = cumulative
        if let lastPositive = probabilities.lastIndex(where: { $0 > 0 }) {
            for k in lastPositive..<thresholds.count { thresholds[k] = .infinity }
        }
        self.thresholds = thresholds
        var m = CompensatedSum()
        for (v, p) in zip(sortedValues, probabilities) { m.add(v * p) }
        let mean = m.value
        var s = CompensatedSum()
        for (v, p) in zip(sortedValues, probabilities) { s.add((v - mean) * (v - mean) * p) }
        self.mean = mean
        self.variance = s.value
    }

    /// The values (the support).
    public var support: DistributionSupport { .finite(values) }

    /// P(X = x).
    public func density(at x: Double) -> Double {
        if x.isNaN { return .nan }
        guard let i = FiniteSearch.index(of: x, in: values) else { return 0 }
        return probabilities[i]
    }

    /// log P(X = x).
    public func logDensity(at x: Double) -> Double {
        Foundation.log(density(at: x))
    }

    /// P(X ≤ x).
    public func cumulativeProbability(at x: Double) -> Double? {
        if x.isNaN { return .nan }
        let k = FiniteSearch.countAtOrBelow(x, in: values)
        return k == 0 ? 0 : cumulative[k - 1]
    }

    /// The index of the outcome drawn for a uniform `u` in [0, 1).
    @inline(__always)
    func index(for u: Double) -> Int {
        var lo = 0, hi = thresholds.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if u < thresholds[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// One sample (one draw).
    public func sample(using generator: inout RandomSource) -> Double {
        values[index(for: UniformBits.unit(&generator))]
    }
}
