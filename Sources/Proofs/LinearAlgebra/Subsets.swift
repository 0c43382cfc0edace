// Enumeration of k-subsets, for Cauchy–Binet sums and `rows(B, S)` families.
import Symbolic

/// The k-element subsets of `0..<n`.
public enum Subsets {
    /// All k-subsets of `0..<n` as increasing index arrays, in lexicographic order
    /// (`[0, 1], [0, 2], [1, 2]` for n = 3, k = 2). Add 1 to each index for the `.drv`
    /// language's `subsets` of `1..n`.
    /// - Throws: ``LinearAlgebraError/invalidSubsetSize(size:of:)`` unless `0 ≤ k ≤ n`,
    ///   ``LinearAlgebraError/limitExceeded(_:)`` when C(n, k) exceeds `limits.maxSubsets`.
    public static func combinations(of n: Int, size k: Int,
                                    limits: MatrixLimits = .default) throws(LinearAlgebraError) -> [[Int]] {
        guard n >= 0, k >= 0, k <= n else { throw .invalidSubsetSize(size: k, of: n) }
        let total = count(n, k, cap: limits.maxSubsets)
        guard total <= limits.maxSubsets else {
            throw .limitExceeded(LimitExceeded(limit: "maxSubsets", requested: total, maximum: limits.maxSubsets))
        }
        var result: [[Int]] = []
        result.reserveCapacity(total)
        var current = Array(0..<k)
        while true {
            result.append(current)
            // Advance the rightmost index that can still move.
            var i = k - 1
            while i >= 0 && current[i] == n - k + i { i -= 1 }
            if i < 0 { break }
            current[i] += 1
            for j in (i + 1)..<k { current[j] = current[j - 1] + 1 }
        }
        return result
    }

    /// C(n, k), saturating just above `cap` (so it never overflows).
    static func count(_ n: Int, _ k: Int, cap: Int) -> Int {
        let cap = min(max(cap, 0), Int.max - 1)
        let k = min(k, n - k)
        if k < 0 { return 0 }
        var c = 1
        for i in 0..<k {
            // c · (n − i) / (i + 1) stays an integer at every step.
            let (p, overflow) = c.multipliedReportingOverflow(by: n - i)
            if overflow { return cap + 1 }
            c = p / (i + 1)
            if c > cap { return cap + 1 }
        }
        return c
    }
}
