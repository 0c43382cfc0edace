// Exact determinants and ranks of integer and rational matrices.
//
// Implementation notes
// --------------------
// Determinants use fraction-free Bareiss elimination over ℤ: after pivot p_k,
//     a_ij ← (p_k · a_ij − a_ik · a_kj) / p_{k−1}      (i, j > k),
// where the division is exact (every intermediate a_ij is a minor of the input, Sylvester's
// identity), so entries never exceed the Hadamard bound and no gcd is ever taken. A zero
// pivot is replaced by a lower row with a nonzero entry in the column (flipping the sign);
// the nonzero candidate with the fewest bits is chosen to keep products small. A rational
// matrix is first made integral row by row (row i times the lcm d_i of its denominators),
// and det A = det(DA) / ∏ d_i.
// Rank runs the same elimination with column skipping (row echelon form, fraction-free).
import Symbolic

extension Matrix where Element == BigInt {
    /// The determinant, by fraction-free Bareiss elimination.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/limitExceeded(_:)`` when an intermediate exceeds
    ///   `limits.algebra.maxIntegerBits`.
    public func determinant(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> BigInt {
        try requireSquare("determinant")
        var a = entries
        return try ExactElimination.bareissDeterminant(&a, n: rowCount, maxBits: limits.algebra.maxIntegerBits)
    }

    /// The rank.
    public func rank(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Int {
        var a = entries
        return try ExactElimination.fractionFreeRank(&a, rows: rowCount, columns: columnCount,
                                                     maxBits: limits.algebra.maxIntegerBits)
    }
}

extension Matrix where Element == Rational {
    /// The determinant, exactly (rows cleared of denominators, then Bareiss over ℤ).
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/limitExceeded(_:)``.
    public func determinant(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Rational {
        try requireSquare("determinant")
        let (integral, scale) = integralRows()
        var a = integral
        let d = try ExactElimination.bareissDeterminant(&a, n: rowCount, maxBits: limits.algebra.maxIntegerBits)
        // det A = det(DA) / ∏ d_i; the quotient exists because ∏ d_i > 0.
        return Rational(numerator: d, denominator: scale) ?? .zero
    }

    /// The rank.
    public func rank(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Int {
        var a = integralRows().entries
        return try ExactElimination.fractionFreeRank(&a, rows: rowCount, columns: columnCount,
                                                     maxBits: limits.algebra.maxIntegerBits)
    }

    /// The entries with each row multiplied by the lcm of its denominators, and the product
    /// of those lcms.
    func integralRows() -> (entries: [BigInt], scale: BigInt) {
        var out: [BigInt] = []
        out.reserveCapacity(entries.count)
        var scale = BigInt.one
        for i in 0..<rowCount {
            var l = BigInt.one
            for j in 0..<columnCount { l = BigInt.lcm(l, entries[i * columnCount + j].denominator) }
            for j in 0..<columnCount {
                let r = entries[i * columnCount + j]
                // l is a multiple of r.denominator, so the quotient is exact.
                out.append(r.numerator * (l.exactlyDivided(by: r.denominator) ?? .one))
            }
            scale = scale * l
        }
        return (out, scale)
    }

    /// The matrix with integer entries `self` would have, or `nil` if some entry is not an
    /// integer.
    public var integerMatrix: Matrix<BigInt>? {
        var out: [BigInt] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            guard let i = e.asBigInt else { return nil }
            out.append(i)
        }
        return Matrix<BigInt>(uncheckedRows: rowCount, columns: columnCount, entries: out)
    }
}

extension Matrix where Element == BigInt {
    /// The same matrix with rational entries.
    public var rationalMatrix: Matrix<Rational> { map { Rational($0) } }
}

/// Fraction-free elimination kernels over ℤ (see the file notes).
enum ExactElimination {
    /// Bareiss determinant of the n×n row-major `a` (destroyed).
    static func bareissDeterminant(_ a: inout [BigInt], n: Int, maxBits: Int) throws(LinearAlgebraError) -> BigInt {
        if n == 0 { return .one }
        var negate = false
        var previous = BigInt.one
        for k in 0..<(n - 1) {
            guard let p = pivotRow(a, column: k, from: k, rows: n, columns: n) else { return .zero }
            if p != k {
                swapRows(&a, p, k, columns: n)
                negate.toggle()
            }
            try eliminate(&a, pivotRow: k, column: k, previous: previous, rows: n, columns: n, maxBits: maxBits)
            previous = a[k * n + k]
        }
        let d = a[(n - 1) * n + (n - 1)]
        return negate ? -d : d
    }

    /// Rank of the rows×columns row-major `a` (destroyed), fraction-free.
    static func fractionFreeRank(_ a: inout [BigInt], rows: Int, columns: Int, maxBits: Int) throws(LinearAlgebraError) -> Int {
        var rank = 0
        var previous = BigInt.one
        for c in 0..<columns where rank < rows {
            guard let p = pivotRow(a, column: c, from: rank, rows: rows, columns: columns) else { continue }
            if p != rank { swapRows(&a, p, rank, columns: columns) }
            try eliminate(&a, pivotRow: rank, column: c, previous: previous, rows: rows, columns: columns, maxBits: maxBits)
            previous = a[rank * columns + c]
            rank += 1
        }
        return rank
    }

    /// One fraction-free step: below the pivot at (`pivotRow`, `column`), every entry right of
    /// the column becomes (pivot · a_ij − a_i,column · a_pivotRow,j) / previous — exact by
    /// Sylvester's identity — and the column is cleared.
    static func eliminate(_ a: inout [BigInt], pivotRow r: Int, column c: Int, previous: BigInt,
                          rows: Int, columns: Int, maxBits: Int) throws(LinearAlgebraError) {
        let pivot = a[r * columns + c]
        for i in (r + 1)..<rows {
            let aic = a[i * columns + c]
            for j in (c + 1)..<columns {
                let numerator = pivot * a[i * columns + j] - aic * a[r * columns + j]
                let value = numerator.exactlyDivided(by: previous) ?? .zero
                if value.bitWidth > maxBits {
                    throw .limitExceeded(LimitExceeded(limit: "maxIntegerBits", requested: value.bitWidth, maximum: maxBits))
                }
                a[i * columns + j] = value
            }
            a[i * columns + c] = .zero
        }
    }

    /// The row at or below `from` with a nonzero entry in `column` and the fewest bits.
    static func pivotRow(_ a: [BigInt], column: Int, from: Int, rows: Int, columns: Int) -> Int? {
        var best: Int?
        var bestBits = Int.max
        for i in from..<rows {
            let v = a[i * columns + column]
            if v.isZero { continue }
            let bits = v.bitWidth
            if bits < bestBits {
                best = i
                bestBits = bits
            }
        }
        return best
    }

    static func swapRows<T>(_ a: inout [T], _ i: Int, _ j: Int, columns: Int) {
        for c in 0..<columns { a.swapAt(i * columns + c, j * columns + c) }
    }
}
