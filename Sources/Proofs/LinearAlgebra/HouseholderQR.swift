// Householder QR factorisation, optionally with column pivoting.
//
// Implementation notes
// --------------------
// Step k reflects column k of the trailing block onto a multiple of e_1: with x = A[k:, k],
// α = −sign(x_0)‖x‖ (the sign avoids cancellation), v = x − α e_1 normalised, and
// A[k:, k:] ← (I − 2vvᵀ) A[k:, k:]. Q = H_0 H_1 ⋯ is accumulated backwards onto the identity.
// This is backward stable: ‖A − QR‖ and ‖QᵀQ − I‖ are O(n ε ‖A‖). With pivoting
// (Businger–Golub) step k first swaps in the remaining column of largest trailing norm,
// recomputed exactly each step (no downdating, so no loss of accuracy), which makes |r_ii|
// non-increasing and reveals the numerical rank.

/// A = Q R (or A P = Q R with column pivoting) for a real m×n matrix.
public struct QRDecomposition: Sendable {
    /// The orthogonal m×m factor.
    public let q: Matrix<Double>
    /// The m×n upper-triangular factor.
    public let r: Matrix<Double>
    /// The column order: column j of Q R is column `permutation[j]` of A (the identity
    /// without pivoting).
    public let permutation: [Int]

    /// Factorises `matrix`.
    /// - Parameter pivoting: Choose the column of largest remaining norm at each step.
    /// - Throws: ``LinearAlgebraError/nonFinite(operation:)``.
    public init(_ matrix: Matrix<Double>, pivoting: Bool = false) throws(LinearAlgebraError) {
        try matrix.requireFinite("QR factorisation")
        let m = matrix.rowCount, n = matrix.columnCount
        var a = matrix.entries
        var order = Array(0..<n)
        var reflectors: [(start: Int, v: [Double])] = []
        let steps = min(m, n)
        for k in 0..<steps {
            if pivoting {
                var best = k
                var bestNorm = -1.0
                for j in k..<n {
                    let norm = FloatKernels.norm(ArraySlice((k..<m).map { a[$0 * n + j] }))
                    if norm > bestNorm {
                        best = j
                        bestNorm = norm
                    }
                }
                if best != k {
                    for i in 0..<m { a.swapAt(i * n + k, i * n + best) }
                    order.swapAt(k, best)
                }
            }
            var v = (k..<m).map { a[$0 * n + k] }
            let norm = FloatKernels.norm(v[...])
            if norm == 0 { continue }
            let alpha = v[0] >= 0 ? -norm : norm
            v[0] -= alpha
            let vNorm = FloatKernels.norm(v[...])
            if vNorm == 0 { continue }
            for i in 0..<v.count { v[i] /= vNorm }
            // A[k:, k:] ← A − 2 v (vᵀ A)
            for j in k..<n {
                var s = 0.0
                for i in 0..<v.count { s += v[i] * a[(k + i) * n + j] }
                s *= 2
                if s == 0 { continue }
                for i in 0..<v.count { a[(k + i) * n + j] -= s * v[i] }
            }
            a[k * n + k] = alpha
            for i in (k + 1)..<m { a[i * n + k] = 0 }
            reflectors.append((k, v))
        }
        // Q = H_0 ⋯ H_{s−1} I, applied from the last reflector to the first.
        var qEntries = [Double](repeating: 0, count: m * m)
        for i in 0..<m { qEntries[i * m + i] = 1 }
        for (start, v) in reflectors.reversed() {
            for j in 0..<m {
                var s = 0.0
                for i in 0..<v.count { s += v[i] * qEntries[(start + i) * m + j] }
                s *= 2
                if s == 0 { continue }
                for i in 0..<v.count { qEntries[(start + i) * m + j] -= s * v[i] }
            }
        }
        q = Matrix(uncheckedRows: m, columns: m, entries: qEntries)
        r = Matrix(uncheckedRows: m, columns: n, entries: a)
        permutation = order
    }

    /// The first min(m, n) columns of Q (orthonormal columns spanning the column space when A
    /// has full column rank).
    public var thinQ: Matrix<Double> {
        let k = min(r.rowCount, r.columnCount)
        return (try? q.selectingColumns(Array(0..<k))) ?? q
    }

    /// The first min(m, n) rows of R, so that thinQ · thinR = A (column-permuted).
    public var thinR: Matrix<Double> {
        let k = min(r.rowCount, r.columnCount)
        return (try? r.selectingRows(Array(0..<k))) ?? r
    }

    /// The number of diagonal entries |r_ii| above `tolerance · |r_00|` — the numerical rank
    /// when the factorisation was pivoted.
    public func rank(tolerance: Double = 1e-12) -> Int {
        let d = r.diagonal.map(\.magnitude)
        guard let first = d.first, first > 0 else { return 0 }
        return d.filter { $0 > tolerance * first }.count
    }
}
