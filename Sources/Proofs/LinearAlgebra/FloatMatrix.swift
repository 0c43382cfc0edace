// Floating-point matrices: norms, LU with partial pivoting (determinant, solve, inverse) and
// the residual measures the tests and numeric checks use.
//
// Implementation notes
// --------------------
// Norms scale by the largest magnitude before squaring (no overflow or underflow for any
// finite input). LU is Doolittle with partial pivoting, PA = LU; det = sign(P) ∏ u_ii. Solve
// and inverse refuse a pivot at or below n·ε·max|a_ij| (numerically singular) with
// ``LinearAlgebraError/singular``; the determinant never refuses (a singular matrix has a
// tiny or zero determinant, which is the honest answer). Every entry point rejects NaN and
// infinities.

extension Matrix where Element == Double {
    /// Throws ``LinearAlgebraError/nonFinite(operation:)`` if any entry is NaN or infinite.
    func requireFinite(_ operation: String) throws(LinearAlgebraError) {
        for x in entries where !x.isFinite { throw .nonFinite(operation: operation) }
    }

    /// The Frobenius norm ‖A‖_F = (Σ a_ij²)^(1/2), computed without overflow.
    public var frobeniusNorm: Double { FloatKernels.norm(entries[...]) }

    /// The largest entry magnitude.
    public var maxNorm: Double { entries.reduce(0) { Swift.max($0, $1.magnitude) } }

    /// ‖self − other‖_F.
    public func distance(to other: Matrix) throws(LinearAlgebraError) -> Double {
        try subtracting(other).frobeniusNorm
    }

    /// ‖selfᵀ self − I‖_max: how far the columns are from orthonormal.
    public var orthonormalColumnsError: Double {
        let g = gram()
        var worst = 0.0
        for i in 0..<g.rowCount {
            for j in 0..<g.columnCount {
                worst = Swift.max(worst, (g[i, j] - (i == j ? 1 : 0)).magnitude)
            }
        }
        return worst
    }

    /// Whether the matrix is square and |a_ij − a_ji| ≤ tolerance · max|a| for all i, j.
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard isSquare else { return false }
        let bound = tolerance * maxNorm
        for i in 0..<rowCount {
            for j in (i + 1)..<Swift.max(i + 1, columnCount) where (self[i, j] - self[j, i]).magnitude > bound {
                return false
            }
        }
        return true
    }

    /// The Euclidean norm of a vector, without overflow.
    public static func norm(_ vector: [Double]) -> Double { FloatKernels.norm(vector[...]) }

    /// The determinant by LU with partial pivoting.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/nonFinite(operation:)``.
    public func determinant() throws(LinearAlgebraError) -> Double {
        try requireSquare("determinant")
        try requireFinite("determinant")
        let lu = LUFactors(self)
        var d = lu.sign
        for i in 0..<rowCount { d *= lu.a[i * rowCount + i] }
        return d
    }

    /// The solution X of `self · X = rightHandSide` (square `self`).
    /// - Throws: ``LinearAlgebraError/singular`` for a numerically singular matrix (a pivot
    ///   at or below n·ε·max|a_ij|), shape and finiteness errors.
    public func solving(_ rightHandSide: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSquare("linear solve")
        guard rightHandSide.rowCount == rowCount else {
            throw .shapeMismatch(operation: "linear solve", left: shape, right: rightHandSide.shape)
        }
        try requireFinite("linear solve")
        try rightHandSide.requireFinite("linear solve")
        let n = rowCount, m = rightHandSide.columnCount
        let lu = LUFactors(self)
        let threshold = Double(n) * Double.ulpOfOne * maxNorm
        for i in 0..<n where lu.a[i * n + i].magnitude <= threshold { throw .singular }
        var x = [Double](repeating: 0, count: n * m)
        for c in 0..<m {
            // Forward substitution with the permuted right-hand side, then back substitution.
            var y = (0..<n).map { rightHandSide[lu.permutation[$0], c] }
            for i in 0..<n {
                var s = y[i]
                for k in 0..<i { s -= lu.a[i * n + k] * y[k] }
                y[i] = s
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= lu.a[i * n + k] * y[k] }
                y[i] = s / lu.a[i * n + i]
            }
            for i in 0..<n { x[i * m + c] = y[i] }
        }
        let out = Matrix(uncheckedRows: n, columns: m, entries: x)
        try out.requireFinite("linear solve")
        return out
    }

    /// The inverse (LU with partial pivoting).
    /// - Throws: as ``solving(_:)``.
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        try requireSquare("inverse")
        return try solving(Matrix.identity(rowCount))
    }
}

/// PA = LU with partial pivoting; `a` holds L (unit diagonal, below) and U (on and above).
struct LUFactors {
    var a: [Double]
    var permutation: [Int]
    var sign: Double

    init(_ m: Matrix<Double>) {
        let n = m.rowCount
        a = m.entries
        permutation = Array(0..<n)
        sign = 1
        for k in 0..<n {
            var p = k
            var best = a[k * n + k].magnitude
            for i in (k + 1)..<Swift.max(k + 1, n) where a[i * n + k].magnitude > best {
                p = i
                best = a[i * n + k].magnitude
            }
            if p != k {
                ExactElimination.swapRows(&a, p, k, columns: n)
                permutation.swapAt(p, k)
                sign = -sign
            }
            let pivot = a[k * n + k]
            if pivot == 0 { continue }
            for i in (k + 1)..<Swift.max(k + 1, n) {
                let factor = a[i * n + k] / pivot
                a[i * n + k] = factor
                if factor == 0 { continue }
                for j in (k + 1)..<n { a[i * n + j] -= factor * a[k * n + j] }
            }
        }
    }
}

/// Small dense kernels shared by the floating-point algorithms.
enum FloatKernels {
    /// The Euclidean norm of a slice, scaled against overflow and underflow.
    static func norm(_ x: ArraySlice<Double>) -> Double {
        var scale = 0.0
        for v in x { scale = max(scale, v.magnitude) }
        if scale == 0 || !scale.isFinite { return scale }
        var s = 0.0
        for v in x {
            let t = v / scale
            s += t * t
        }
        return scale * s.squareRoot()
    }

    /// The dot product of two equally long vectors.
    @inline(__always)
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0
        for i in 0..<x.count { s += x[i] * y[i] }
        return s
    }
}
