// Numeric maximisation of a function of one real variable over an interval.
//
// Implementation notes
// --------------------
// A scan, then a refinement. The scan covers the domain at every magnitude: on a bounded
// interval [a, b], 257 evenly spaced points; on a half-line a + 10^k or a − 10^k for k from −8
// to 12 in steps of 0.05 (plus the endpoint side); on the whole line, both signs and 0. The
// best scanned point is refined by golden-section search on the bracket formed by its
// neighbours (bounded to 200 iterations; stopping when the bracket is below 1e-12 of its
// scale). Points where the function is undefined are skipped. If the best point is the
// outermost scanned point towards an open or infinite end, the result is flagged
// `atBoundary`: the supremum may be approached but not attained inside what was scanned, so
// callers use the value only as a lower bound (it is a true witness: f(t) at a real t).

import Foundation

/// The outcome of a scalar maximisation.
struct ScalarMaximum {
    /// The largest value found.
    var value: Double
    /// Where it was found.
    var argument: Double
    /// Whether the best point lies at the edge of the scanned region (the supremum may lie
    /// beyond, or be approached without being attained).
    var atBoundary: Bool
    /// Function evaluations used.
    var evaluations: Int
}

/// The domain of a scalar optimisation variable.
struct ScalarDomain {
    var lower: Double?
    var lowerOpen: Bool
    var upper: Double?
    var upperOpen: Bool

    static let realLine = ScalarDomain(lower: nil, lowerOpen: true, upper: nil, upperOpen: true)

    func contains(_ x: Double) -> Bool {
        if let l = lower, x < l || (lowerOpen && x == l) { return false }
        if let u = upper, x > u || (upperOpen && x == u) { return false }
        return x.isFinite
    }
}

enum ScalarMaximizer {
    /// Maximises `f` over `domain` (minimise by negating). Returns `nil` when `f` is
    /// undefined at every scanned point.
    static func maximize(_ f: (Double) -> Double?, over domain: ScalarDomain) -> ScalarMaximum? {
        var grid: [Double] = []
        switch (domain.lower, domain.upper) {
        case (let l?, let u?):
            let n = 256
            for i in 0...n { grid.append(l + (u - l) * Double(i) / Double(n)) }
        case (let l?, nil):
            grid.append(l)
            var k = -8.0
            while k <= 12 { grid.append(l + Foundation.pow(10, k)); k += 0.05 }
        case (nil, let u?):
            var k = 12.0
            while k >= -8 { grid.append(u - Foundation.pow(10, k)); k -= 0.05 }
            grid.append(u)
        case (nil, nil):
            var k = 12.0
            while k >= -8 { grid.append(-Foundation.pow(10, k)); k -= 0.05 }
            grid.append(0)
            k = -8.0
            while k <= 12 { grid.append(Foundation.pow(10, k)); k += 0.05 }
        }
        grid = grid.filter(domain.contains)
        var evaluations = 0
        var values: [Double?] = []
        for x in grid {
            evaluations += 1
            let v = f(x)
            values.append(v.flatMap { $0.isFinite ? $0 : nil })
        }
        guard let bestIndex = values.indices.filter({ values[$0] != nil }).max(by: { values[$0]! < values[$1]! }) else {
            return nil
        }
        var best = ScalarMaximum(value: values[bestIndex]!, argument: grid[bestIndex], atBoundary: false,
                                 evaluations: evaluations)
        let lastValid = values.indices.last { values[$0] != nil } ?? bestIndex
        let firstValid = values.indices.first { values[$0] != nil } ?? bestIndex
        let towardsUpperEnd = bestIndex == lastValid && (domain.upper == nil || domain.upperOpen)
        let towardsLowerEnd = bestIndex == firstValid && (domain.lower == nil || domain.lowerOpen)
        // Golden-section refinement on the neighbours' bracket.
        let lo = grid[max(0, bestIndex - 1)], hi = grid[min(grid.count - 1, bestIndex + 1)]
        var a = lo, b = hi
        let ratio = (Foundation.sqrt(5.0) - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        evaluations += 2
        for _ in 0..<200 {
            if abs(b - a) <= 1e-12 * max(1, abs(a), abs(b)) { break }
            let vc = fc ?? -.infinity, vd = fd ?? -.infinity
            if vc >= vd {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a)
                fd = f(d)
            }
            evaluations += 1
        }
        for (x, v) in [(c, fc), (d, fd)] {
            if let v, v.isFinite, v > best.value, domain.contains(x) {
                best.value = v
                best.argument = x
            }
        }
        best.evaluations = evaluations
        best.atBoundary = towardsUpperEnd || towardsLowerEnd
        // At a finite open end where f is defined and continuous, the supremum is the value
        // there (sup over (0, ∞) of t·u − (u − 1)² for t < −2 is f(0) = −1).
        if best.atBoundary {
            let end: Double? = towardsLowerEnd ? domain.lower : (towardsUpperEnd ? domain.upper : nil)
            if let a = end, let fa = f(a), fa.isFinite {
                let inside = best.argument
                let fi = f(inside) ?? best.value
                if abs(fa - fi) <= 1e-6 * max(1, abs(fa)) {
                    best.value = max(best.value, fa)
                    best.argument = a
                    best.atBoundary = false
                }
            }
        }
        return best
    }
}
