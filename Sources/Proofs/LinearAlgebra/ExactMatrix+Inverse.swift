// Exact inverse, linear solve, Gram–Schmidt and characteristic polynomial over ℚ.
//
// Implementation notes
// --------------------
// Inverse and solve are Gauss–Jordan elimination on `[A | B]` over ℚ, choosing as pivot the
// nonzero candidate with the smallest numerator+denominator size (exactness makes any
// nonzero pivot correct; small ones keep the rationals small).
// Gram–Schmidt is the classical recursion without normalisation: b_j⊥ = b_j − Σ_{i<j}
// (b_j·b_i⊥ / b_i⊥·b_i⊥) b_i⊥, which stays in ℚ; the squared norms ‖b_j⊥‖² are returned, and
// their product is det(BᵀB) (a dependent column has b_j⊥ = 0 and contributes 0).
// The characteristic polynomial uses the Faddeev–LeVerrier recursion M_k = A M_{k−1} +
// c_{n−k+1} I, c_{n−k} = −tr(A M_k)/k, exact over ℚ (division by k only).
import Symbolic

extension Matrix where Element == Rational {
    /// The inverse, by Gauss–Jordan elimination over ℚ.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``, ``LinearAlgebraError/singular``.
    public func inverse(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try requireSquare("inverse")
        return try solving(Matrix.identity(rowCount, limits: limits), limits: limits)
    }

    /// The solution X of `self · X = rightHandSide` for square invertible `self`.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/shapeMismatch(operation:left:right:)``,
    ///   ``LinearAlgebraError/singular``, ``LinearAlgebraError/limitExceeded(_:)``.
    public func solving(_ rightHandSide: Matrix, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try requireSquare("linear solve")
        guard rightHandSide.rowCount == rowCount else {
            throw .shapeMismatch(operation: "linear solve", left: shape, right: rightHandSide.shape)
        }
        let n = rowCount, m = rightHandSide.columnCount, w = n + m
        var a = try concatenatingColumns(rightHandSide).entries
        for k in 0..<n {
            // Smallest nonzero pivot in column k at or below row k.
            var best: Int?
            var bestSize = Int.max
            for i in k..<n where !a[i * w + k].isZero {
                let size = a[i * w + k].numerator.bitWidth + a[i * w + k].denominator.bitWidth
                if size < bestSize {
                    best = i
                    bestSize = size
                }
            }
            guard let p = best else { throw .singular }
            if p != k { ExactElimination.swapRows(&a, p, k, columns: w) }
            guard let inversePivot = a[k * w + k].reciprocal else { throw .singular }
            for j in k..<w { a[k * w + j] = a[k * w + j] * inversePivot }
            for i in 0..<n where i != k {
                let factor = a[i * w + k]
                if factor.isZero { continue }
                for j in k..<w {
                    let v = a[i * w + j] - factor * a[k * w + j]
                    if v.numerator.bitWidth + v.denominator.bitWidth > limits.algebra.maxIntegerBits {
                        throw .limitExceeded(LimitExceeded(limit: "maxIntegerBits",
                                                           requested: v.numerator.bitWidth + v.denominator.bitWidth,
                                                           maximum: limits.algebra.maxIntegerBits))
                    }
                    a[i * w + j] = v
                }
            }
        }
        var out: [Rational] = []
        out.reserveCapacity(n * m)
        for i in 0..<n { out.append(contentsOf: a[(i * w + n)..<(i * w + w)]) }
        return Matrix(uncheckedRows: n, columns: m, entries: out)
    }

    /// The columns made orthogonal by classical Gram–Schmidt *without* normalisation (so
    /// everything stays rational), and their squared norms. The product of the squared norms
    /// is det(selfᵀ self); a column dependent on earlier ones becomes zero.
    public func gramSchmidtOrthogonalized() -> (columns: Matrix, squaredNorms: [Rational]) {
        let n = rowCount, k = columnCount
        var basis: [[Rational]] = []
        var norms: [Rational] = []
        for j in 0..<k {
            var v = column(j)
            for (b, nb) in zip(basis, norms) where !nb.isZero {
                var dot = Rational.zero
                for i in 0..<n { dot += v[i] * b[i] }
                guard let coefficient = dot.dividing(by: nb), !coefficient.isZero else { continue }
                for i in 0..<n { v[i] -= coefficient * b[i] }
            }
            var norm = Rational.zero
            for x in v { norm += x * x }
            basis.append(v)
            norms.append(norm)
        }
        var out = [Rational](repeating: .zero, count: n * k)
        for j in 0..<k { for i in 0..<n { out[i * k + j] = basis[j][i] } }
        return (Matrix(uncheckedRows: n, columns: k, entries: out), norms)
    }

    /// The coefficients c_0, …, c_n of the characteristic polynomial det(λI − A) =
    /// Σ c_i λ^i (so c_n = 1 and c_0 = (−1)^n det A), by Faddeev–LeVerrier.
    public func characteristicPolynomial(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> [Rational] {
        try requireSquare("characteristic polynomial")
        let n = rowCount
        var coefficients = [Rational](repeating: .zero, count: n + 1)
        coefficients[n] = .one
        var m = try Matrix.zeros(rows: n, columns: n, limits: limits)
        for k in 1...max(n, 1) where n > 0 {
            // M_k = A M_{k-1} + c_{n-k+1} I
            var next = try multiplied(by: m, limits: limits)
            for i in 0..<n { next[i, i] = next[i, i] + coefficients[n - k + 1] }
            m = next
            let am = try multiplied(by: m, limits: limits)
            let t = try am.trace()
            coefficients[n - k] = -(t.dividing(by: Rational(k)) ?? .zero)
        }
        return coefficients
    }
}
