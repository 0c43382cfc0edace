// Finite distributions with exact rational probabilities, for exact enumeration.
import Symbolic

/// A finite distribution on rational values with exact rational probabilities that sum to
/// exactly 1: Bernoulli, categorical and tables in exact form. Expectations are exact sums.
public struct ExactFiniteDistribution: Sendable, Hashable {
    /// One outcome and its probability.
    public struct Outcome: Sendable, Hashable {
        /// The value.
        public let value: Rational
        /// P(X = value).
        public let probability: Rational
    }

    /// The outcomes, sorted by value, values distinct.
    public let outcomes: [Outcome]

    /// A table of distinct values with exact probabilities in [0, 1] summing to exactly 1.
    public init(values: [Rational], probabilities: [Rational]) throws(DistributionError) {
        guard values.count == probabilities.count else {
            throw .countMismatch(values: values.count, probabilities: probabilities.count)
        }
        try ParameterCheck.exactProbabilities(probabilities)
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        for k in order.indices.dropFirst() where values[order[k]] == values[order[k - 1]] {
            throw .duplicateValue(index: max(order[k], order[k - 1]))
        }
        outcomes = order.map { Outcome(value: values[$0], probability: probabilities[$0]) }
    }

    /// Bernoulli(p) on {0, 1} with exact p in [0, 1].
    public static func bernoulli(_ p: Rational) throws(DistributionError) -> ExactFiniteDistribution {
        guard !p.isNegative, p <= .one else { throw .exactProbabilityOutOfRange(index: 0, value: p) }
        return try ExactFiniteDistribution(values: [.zero, .one], probabilities: [.one - p, p])
    }

    /// Categorical on {0, …, k − 1} with exact probabilities summing to exactly 1.
    public static func categorical(_ probabilities: [Rational]) throws(DistributionError) -> ExactFiniteDistribution {
        try ExactFiniteDistribution(values: probabilities.indices.map { Rational($0) }, probabilities: probabilities)
    }

    /// The values, ascending.
    public var values: [Rational] { outcomes.map(\.value) }

    /// P(X = x), exactly (0 off the support).
    public func probability(of x: Rational) -> Rational {
        var lo = 0, hi = outcomes.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if outcomes[mid].value < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < outcomes.count && outcomes[lo].value == x ? outcomes[lo].probability : .zero
    }

    /// The sum of all probabilities (exactly 1 by construction).
    public var totalProbability: Rational {
        outcomes.reduce(Rational.zero) { $0 + $1.probability }
    }

    /// E f(X) = Σ f(x)·P(x), exactly; outcomes of probability 0 are skipped (f need not be
    /// defined there).
    public func expectation(_ f: (Rational) throws -> Rational) rethrows -> Rational {
        var total = Rational.zero
        for o in outcomes where !o.probability.isZero { total += try f(o.value) * o.probability }
        return total
    }

    /// E X, exactly.
    public var mean: Rational { expectation { $0 } }

    /// Var X = E(X − E X)², exactly.
    public var variance: Rational {
        let m = mean
        return expectation { ($0 - m).squared() }
    }

    /// The nearest floating-point table (each value and probability correctly rounded;
    /// distinct rationals that round to the same double are merged, adding their
    /// probabilities), for sampling and fast densities. Its probabilities sum to 1 within
    /// rounding.
    public var approximation: FiniteTableDistribution {
        var values = [Double](), probabilities = [Rational]()
        for o in outcomes {
            let v = o.value.doubleValue
            if let last = values.last, last == v {
                probabilities[probabilities.count - 1] += o.probability
            } else {
                values.append(v)
                probabilities.append(o.probability)
            }
        }
        return FiniteTableDistribution(sortedValues: values, probabilities: probabilities.map(\.doubleValue))
    }
}
