// Eigenvalues and eigenvectors of real symmetric matrices by the cyclic Jacobi method.
//
// Implementation notes
// --------------------
// Each sweep visits every pair p < q and applies the rotation that zeroes a_pq
// (Rutishauser's formulation: θ = (a_qq − a_pp)/(2a_pq), t = sign θ/(|θ| + √(θ²+1)),
// c = 1/√(t²+1), s = tc; for |θ| > 1e150, t = 1/(2θ) to avoid overflow), updating the full
// symmetric matrix and accumulating V ← V J. The off-diagonal norm decreases
// quadratically once small. A pair is skipped when |a_pq| ≤ ε·√|a_pp a_qq| (negligible
// against both diagonal entries: this keeps small eigenvalues of definite matrices
// relatively accurate) or |a_pq| ≤ ε‖A‖_F/(4n) (negligible against the matrix: what is left
// off the diagonal is then below ε‖A‖_F/4 in Frobenius norm, so every eigenvalue is within
// that of a diagonal entry). The iteration stops after the first sweep that rotates
// nothing, or throws ``LinearAlgebraError/notConverged(algorithm:iterations:)`` after
// `maxJacobiSweeps` sweeps. Jacobi is backward stable
// and gives eigenvectors orthogonal to working precision. Eigenpairs are sorted by
// decreasing eigenvalue (ties keep their index order).

/// A = V diag(λ) Vᵀ for a real symmetric matrix A.
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues, largest first.
    public let eigenvalues: [Double]
    /// The orthonormal eigenvectors as columns, in the order of ``eigenvalues``.
    public let eigenvectors: Matrix<Double>
    /// The number of Jacobi sweeps performed.
    public let sweeps: Int

    /// Diagonalises `matrix`.
    /// - Parameters:
    ///   - symmetryTolerance: Largest accepted |a_ij − a_ji| relative to max|a|; the upper
    ///     triangle is used.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/notSymmetric(operation:)``,
    ///   ``LinearAlgebraError/nonFinite(operation:)``,
    ///   ``LinearAlgebraError/notConverged(algorithm:iterations:)``.
    public init(_ matrix: Matrix<Double>, symmetryTolerance: Double = 1e-12,
                limits: MatrixLimits = .default) throws(LinearAlgebraError) {
        try matrix.requireSquare("symmetric eigendecomposition")
        try matrix.requireFinite("symmetric eigendecomposition")
        guard matrix.isSymmetric(tolerance: symmetryTolerance) else {
            throw .notSymmetric(operation: "symmetric eigendecomposition")
        }
        let n = matrix.rowCount
        var a = matrix.entries
        for i in 0..<n { for j in 0..<i { a[i * n + j] = a[j * n + i] } }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = FloatKernels.norm(a[...])
        let floor = Double.ulpOfOne * total / Double(4 * max(n, 1))
        var sweep = 0
        while true {
            guard sweep < limits.maxJacobiSweeps else {
                throw .notConverged(algorithm: "cyclic Jacobi eigenvalue iteration", iterations: sweep)
            }
            sweep += 1
            var rotations = 0
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    // Negligible against both diagonal entries, or against the whole matrix.
                    let magnitude = apq.magnitude
                    if magnitude <= floor
                        || magnitude <= Double.ulpOfOne * (a[p * n + p].magnitude * a[q * n + q].magnitude).squareRoot() {
                        continue
                    }
                    rotations += 1
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t: Double
                    if theta.magnitude > 1e150 {
                        t = 1 / (2 * theta)
                    } else {
                        let root = (theta * theta + 1).squareRoot()
                        t = (theta >= 0 ? 1 : -1) / (theta.magnitude + root)
                    }
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    // A ← Jᵀ A J on rows and columns p, q.
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    a[p * n + q] = 0
                    a[q * n + p] = 0
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
            if rotations == 0 { break }
        }
        let values = (0..<n).map { a[$0 * n + $0] }
        let order = (0..<n).sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        eigenvalues = order.map { values[$0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (newColumn, oldColumn) in order.enumerated() {
            for k in 0..<n { vectors[k * n + newColumn] = v[k * n + oldColumn] }
        }
        eigenvectors = Matrix(uncheckedRows: n, columns: n, entries: vectors)
        sweeps = sweep
    }
}
