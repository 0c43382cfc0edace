// Where a distribution puts its mass.

/// The support of a univariate distribution.
public enum DistributionSupport: Sendable, Hashable {
    /// The whole real line (normal, Laplace).
    case realLine
    /// The closed interval `[lower, upper]`; a bound may be infinite (`[0, ∞)` for the gamma
    /// and exponential). Endpoints have measure zero for continuous distributions, so open
    /// and closed intervals are not distinguished.
    case interval(lower: Double, upper: Double)
    /// A finite set of values, sorted ascending and distinct (discrete distributions).
    case finite([Double])

    /// Whether the distribution is discrete (finite support).
    public var isFinite: Bool {
        switch self {
        case .realLine, .interval: return false
        case .finite: return true
        }
    }

    /// The smallest and largest points of the support (possibly infinite).
    public var bounds: (lower: Double, upper: Double) {
        switch self {
        case .realLine: return (-.infinity, .infinity)
        case .interval(let lower, let upper): return (lower, upper)
        case .finite(let values): return (values.first ?? .nan, values.last ?? .nan)
        }
    }

    /// Whether `x` lies in the support.
    public func contains(_ x: Double) -> Bool {
        switch self {
        case .realLine: return !x.isNaN
        case .interval(let lower, let upper): return x >= lower && x <= upper
        case .finite(let values): return FiniteSearch.index(of: x, in: values) != nil
        }
    }
}

/// Binary search in sorted arrays.
enum FiniteSearch {
    /// The index of `x` in the ascending array `values`, or `nil`.
    static func index(of x: Double, in values: [Double]) -> Int? {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if values[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < values.count && values[lo] == x ? lo : nil
    }

    /// The number of elements `<= x` in the ascending array `values`.
    static func countAtOrBelow(_ x: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if values[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
