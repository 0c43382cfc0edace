// Singular value decomposition by one-sided (Hestenes) Jacobi.
//
// Implementation notes
// --------------------
// For A (m×n, m ≥ n; a wide matrix is handled through its transpose) the columns of
// U ← A are orthogonalised pairwise by plane rotations, accumulating V ← V J: for columns
// p < q with α = ‖u_p‖², β = ‖u_q‖², γ = u_p·u_q, ζ = (β − α)/(2γ),
// t = sign ζ/(|ζ| + √(1+ζ²)), c = 1/√(1+t²), s = ct, the rotation makes u_p ⟂ u_q. A pair
// is skipped when |γ| ≤ m·ε·√(αβ) (already orthogonal to working accuracy); the iteration
// stops after the first sweep without a rotation (or throws after `maxJacobiSweeps`).
// Then σ_j = ‖u_j‖, U's columns are u_j/σ_j, and A = U Σ Vᵀ. One-sided Jacobi never forms
// AᵀA, so singular values are accurate relative to ‖A‖ (and small ones relatively accurate
// for well-scaled matrices), and U, V are orthogonal to O(mε). Columns with σ_j = 0 are
// completed to an orthonormal set by Gram–Schmidt (twice) on the standard basis vector
// with the largest residual. Singular triples are sorted by decreasing σ.

/// The thin SVD A = U Σ Vᵀ of a real m×n matrix, k = min(m, n): U is m×k and V is n×k with
/// orthonormal columns, Σ = diag(σ_1 ≥ … ≥ σ_k ≥ 0).
public struct SingularValueDecomposition: Sendable {
    /// The left singular vectors as columns (m×k).
    public let u: Matrix<Double>
    /// The singular values, largest first.
    public let singularValues: [Double]
    /// The right singular vectors as columns (n×k).
    public let v: Matrix<Double>
    /// The number of Jacobi sweeps performed.
    public let sweeps: Int

    /// Decomposes `matrix`.
    /// - Throws: ``LinearAlgebraError/nonFinite(operation:)``,
    ///   ``LinearAlgebraError/notConverged(algorithm:iterations:)``.
    public init(_ matrix: Matrix<Double>, limits: MatrixLimits = .default) throws(LinearAlgebraError) {
        try matrix.requireFinite("singular value decomposition")
        if matrix.rowCount < matrix.columnCount {
            let t = try SingularValueDecomposition(matrix.transposed, limits: limits)
            u = t.v
            singularValues = t.singularValues
            v = t.u
            sweeps = t.sweeps
            return
        }
        let m = matrix.rowCount, n = matrix.columnCount
        // Work on columns: cols[j] is column j of U, vcols[j] column j of V.
        var cols = (0..<n).map { matrix.column($0) }
        var vcols = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        let tolerance = Double(max(m, 1)) * Double.ulpOfOne
        var sweep = 0
        while true {
            guard sweep < limits.maxJacobiSweeps else {
                throw .notConverged(algorithm: "one-sided Jacobi SVD", iterations: sweep)
            }
            sweep += 1
            var rotations = 0
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let alpha = FloatKernels.dot(cols[p], cols[p])
                    let beta = FloatKernels.dot(cols[q], cols[q])
                    let gamma = FloatKernels.dot(cols[p], cols[q])
                    if alpha == 0 || beta == 0 { continue }
                    if gamma.magnitude <= tolerance * (alpha.squareRoot() * beta.squareRoot()) { continue }
                    rotations += 1
                    let (c, s) = SingularValueDecomposition.rotation(alpha, beta, gamma)
                    SingularValueDecomposition.rotate(&cols, p, q, c, s)
                    SingularValueDecomposition.rotate(&vcols, p, q, c, s)
                }
            }
            if rotations == 0 { break }
        }
        let sigma = cols.map { FloatKernels.norm($0[...]) }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
        var uColumns: [[Double]] = []
        var missing: [Int] = []
        for (k, j) in order.enumerated() {
            if sigma[j] > 0 {
                uColumns.append(cols[j].map { $0 / sigma[j] })
            } else {
                uColumns.append([Double](repeating: 0, count: m))
                missing.append(k)
            }
        }
        SingularValueDecomposition.complete(&uColumns, missing: missing, dimension: m)
        var uEntries = [Double](repeating: 0, count: m * n)
        var vEntries = [Double](repeating: 0, count: n * n)
        for (k, j) in order.enumerated() {
            for i in 0..<m { uEntries[i * n + k] = uColumns[k][i] }
            for i in 0..<n { vEntries[i * n + k] = vcols[j][i] }
        }
        u = Matrix(uncheckedRows: m, columns: n, entries: uEntries)
        v = Matrix(uncheckedRows: n, columns: n, entries: vEntries)
        singularValues = order.map { sigma[$0] }
        sweeps = sweep
    }

    /// The Jacobi rotation (c, s) that makes columns p and q orthogonal, from α = |x_p|²,
    /// β = |x_q|² and γ = x_p·x_q (γ ≠ 0): the smaller root t of t² + 2ζt − 1 = 0 with
    /// ζ = (β − α)/(2γ), c = 1/√(1 + t²), s = ct (t ≈ 1/(2ζ) for huge ζ, where ζ² overflows).
    @inline(__always)
    static func rotation(_ alpha: Double, _ beta: Double, _ gamma: Double) -> (c: Double, s: Double) {
        let zeta = (beta - alpha) / (2 * gamma)
        let t: Double
        if zeta.magnitude > 1e150 {
            t = 1 / (2 * zeta)
        } else {
            t = (zeta >= 0 ? 1 : -1) / (zeta.magnitude + (1 + zeta * zeta).squareRoot())
        }
        let c = 1 / (1 + t * t).squareRoot()
        return (c, c * t)
    }

    /// (x_p, x_q) ← (c x_p − s x_q, s x_p + c x_q).
    static func rotate(_ columns: inout [[Double]], _ p: Int, _ q: Int, _ c: Double, _ s: Double) {
        var x = columns[p], y = columns[q]
        for i in 0..<x.count {
            let a = x[i], b = y[i]
            x[i] = c * a - s * b
            y[i] = s * a + c * b
        }
        columns[p] = x
        columns[q] = y
    }

    /// Fills the zero columns at `missing` with unit vectors orthogonal to all other columns.
    static func complete(_ columns: inout [[Double]], missing: [Int], dimension m: Int) {
        for k in missing {
            var bestVector: [Double] = []
            var bestNorm = -1.0
            for e in 0..<m {
                var x = [Double](repeating: 0, count: m)
                x[e] = 1
                for _ in 0..<2 {
                    for (j, c) in columns.enumerated() where j != k {
                        let d = FloatKernels.dot(x, c)
                        if d != 0 { for i in 0..<m { x[i] -= d * c[i] } }
                    }
                }
                let norm = FloatKernels.norm(x[...])
                if norm > bestNorm {
                    bestNorm = norm
                    bestVector = x
                }
            }
            if bestNorm > 0 { columns[k] = bestVector.map { $0 / bestNorm } }
        }
    }

    /// The largest singular value, ‖A‖₂ (0 for an empty matrix).
    public var spectralNorm: Double { singularValues.first ?? 0 }

    /// ‖A‖₂ alone: bit for bit `SingularValueDecomposition(matrix, limits:).spectralNorm`, with
    /// the same errors, but without V, U or the completion of U.
    ///
    /// The rotations of U's columns never read V, so they are the same floating-point
    /// operations in the same order as in the full decomposition; the columns are kept in one
    /// flat buffer (column-major, no array per column) and the singular values are ordered by
    /// the same comparison. Used for the `norm2` atoms, evaluated at every numeric point.
    public static func spectralNorm(of matrix: Matrix<Double>, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Double {
        try matrix.requireFinite("singular value decomposition")
        // A wide matrix is decomposed through its transpose, whose columns are the rows.
        let wide = matrix.rowCount < matrix.columnCount
        let m = wide ? matrix.columnCount : matrix.rowCount
        let n = wide ? matrix.rowCount : matrix.columnCount
        var a = [Double](repeating: 0, count: m * n)
        if wide {
            // Column j of the transpose is row j: the row-major entries are the columns.
            for k in 0..<(m * n) { a[k] = matrix.entries[k] }
        } else {
            for i in 0..<m {
                for j in 0..<n { a[j * m + i] = matrix.entries[i * n + j] }
            }
        }
        let tolerance = Double(max(m, 1)) * Double.ulpOfOne
        var sweep = 0
        var converged = false
        a.withUnsafeMutableBufferPointer { u in
            func dot(_ p: Int, _ q: Int) -> Double {
                var s = 0.0
                for i in 0..<m { s += u[p * m + i] * u[q * m + i] }
                return s
            }
            while sweep < limits.maxJacobiSweeps {
                sweep += 1
                var rotations = 0
                for p in 0..<n {
                    for q in (p + 1)..<n {
                        let alpha = dot(p, p)
                        let beta = dot(q, q)
                        let gamma = dot(p, q)
                        if alpha == 0 || beta == 0 { continue }
                        if gamma.magnitude <= tolerance * (alpha.squareRoot() * beta.squareRoot()) { continue }
                        rotations += 1
                        let (c, s) = SingularValueDecomposition.rotation(alpha, beta, gamma)
                        for i in 0..<m {
                            let x = u[p * m + i], y = u[q * m + i]
                            u[p * m + i] = c * x - s * y
                            u[q * m + i] = s * x + c * y
                        }
                    }
                }
                if rotations == 0 {
                    converged = true
                    return
                }
            }
        }
        guard converged else { throw .notConverged(algorithm: "one-sided Jacobi SVD", iterations: sweep) }
        let sigma = (0..<n).map { j in FloatKernels.norm(a[(j * m)..<(j * m + m)]) }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
        return order.first.map { sigma[$0] } ?? 0
    }

    /// The number of singular values above `tolerance · σ_max`.
    public func rank(tolerance: Double = 1e-12) -> Int {
        guard let first = singularValues.first, first > 0 else { return 0 }
        return singularValues.filter { $0 > tolerance * first }.count
    }

    /// U Σ Vᵀ, for residual checks.
    public var reconstructed: Matrix<Double> {
        let m = u.rowCount, n = v.rowCount, k = singularValues.count
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for l in 0..<k { s += u[i, l] * singularValues[l] * v[j, l] }
                out[i * n + j] = s
            }
        }
        return Matrix(uncheckedRows: m, columns: n, entries: out)
    }
}
