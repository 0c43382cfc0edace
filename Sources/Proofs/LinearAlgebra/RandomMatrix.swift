// Seeded random matrices with declared structure, for numeric checks.
//
// Implementation notes
// --------------------
// Building blocks: Gaussian entries; Haar-distributed orthonormal columns, from the QR
// factorisation of a Gaussian matrix with the sign fix Q ← Q·diag(sign r_ii) (without it,
// Householder QR makes the first column point against e_1's side and the distribution is
// not Haar); and "controlled" spectra with values drawn uniformly in [1/2, 2] (so ranks are
// exact and condition numbers at most 4). Properties combine as follows, k = min(m, n):
//
// | properties                    | construction                                        |
// |-------------------------------|-----------------------------------------------------|
// | none                          | Gaussian entries                                    |
// | fullRank / rank(r)            | U_r diag(σ) V_rᵀ, U, V Haar, σ ∈ [1/2, 2]           |
// | orthogonal                    | Haar orthonormal columns (rows if wide)             |
// | orthogonal + symmetric        | Q diag(±1) Qᵀ (all +1 with psd: the identity)       |
// | orthogonal + diagonal         | diag(±1) (all +1 with psd)                          |
// | diagonal                      | Gaussian diagonal; ±[1/2, 2] on r random positions  |
// |                               | with rank(r)/fullRank; positive with psd            |
// | symmetric                     | (G + Gᵀ)/2; Q_r diag(±σ) Q_rᵀ with a rank           |
// | psd (implies symmetric)       | G Gᵀ; Q_r diag(σ) Q_rᵀ with a rank                  |
//
// Contradictions (two ranks, fullRank with a smaller rank, orthogonal with a rank below k,
// symmetric or psd when not square, a rank outside 0…k) throw
// ``LinearAlgebraError/unsupportedProperties(_:)``.
import Symbolic

/// A structural property a random matrix is drawn with.
public enum MatrixProperty: Hashable, Sendable {
    /// Orthonormal columns (square: orthogonal; wide: orthonormal rows), Haar distributed.
    case orthogonal
    /// Square and equal to its transpose.
    case symmetric
    /// Symmetric positive semidefinite.
    case psd
    /// Zero off the diagonal.
    case diagonal
    /// Rank min(m, n), with singular values in [1/2, 2].
    case fullRank
    /// Exactly this rank, with nonzero singular values in [1/2, 2].
    case rank(Int)
}

/// Seeded random matrices (see the file notes for the constructions).
public enum RandomMatrix {
    /// A matrix of independent standard normal entries.
    public static func gaussian(rows: Int, columns: Int, using random: inout RandomSource,
                                limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix<Double> {
        try limits.checkShape(rows: rows, columns: columns)
        var out: [Double] = []
        out.reserveCapacity(rows * columns)
        for _ in 0..<(rows * columns) { out.append(GaussianSampler.next(&random)) }
        return Matrix(uncheckedRows: rows, columns: columns, entries: out)
    }

    /// An m×n matrix with orthonormal columns (m ≥ n) or rows (m < n), Haar distributed.
    public static func orthonormal(rows: Int, columns: Int, using random: inout RandomSource,
                                   limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix<Double> {
        if rows < columns { return try orthonormal(rows: columns, columns: rows, using: &random, limits: limits).transposed }
        let g = try gaussian(rows: rows, columns: columns, using: &random, limits: limits)
        let qr = try QRDecomposition(g)
        var q = qr.thinQ
        for j in 0..<columns where qr.r[j, j] < 0 {
            for i in 0..<rows { q[i, j] = -q[i, j] }
        }
        return q
    }

    /// A random matrix with the given properties.
    /// - Throws: ``LinearAlgebraError/unsupportedProperties(_:)`` for contradictory
    ///   properties, shape limits.
    public static func make(rows: Int, columns: Int, properties: [MatrixProperty],
                            using random: inout RandomSource,
                            limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix<Double> {
        try limits.checkShape(rows: rows, columns: columns)
        let k = min(rows, columns)
        var orthogonal = false, symmetric = false, psd = false, diagonal = false, full = false
        var rank: Int?
        for p in properties {
            switch p {
            case .orthogonal: orthogonal = true
            case .symmetric: symmetric = true
            case .psd: psd = true
            case .diagonal: diagonal = true
            case .fullRank: full = true
            case .rank(let r):
                if let old = rank, old != r { throw .unsupportedProperties("two different ranks \(old) and \(r)") }
                rank = r
            }
        }
        if psd { symmetric = true }
        if symmetric && rows != columns {
            throw .unsupportedProperties("a \(rows)×\(columns) matrix cannot be symmetric")
        }
        if let r = rank {
            guard r >= 0, r <= k else { throw .unsupportedProperties("rank \(r) for a \(rows)×\(columns) matrix") }
            if full && r != k { throw .unsupportedProperties("full rank \(k) and rank \(r)") }
            if orthogonal && r != k { throw .unsupportedProperties("an orthogonal matrix has rank \(k), not \(r)") }
        }
        let target = full || orthogonal ? k : rank

        if orthogonal {
            if diagonal {
                var m = try Matrix<Double>.zeros(rows: rows, columns: columns, limits: limits)
                for i in 0..<k { m[i, i] = psd || random.next() & 1 == 0 ? 1 : -1 }
                return m
            }
            if symmetric {
                if psd { return try Matrix<Double>.identity(rows, limits: limits) }
                let q = try orthonormal(rows: rows, columns: rows, using: &random, limits: limits)
                let signs = (0..<rows).map { _ in random.next() & 1 == 0 ? 1.0 : -1.0 }
                return try spectral(q, signs)
            }
            return try orthonormal(rows: rows, columns: columns, using: &random, limits: limits)
        }
        if diagonal {
            var m = try Matrix<Double>.zeros(rows: rows, columns: columns, limits: limits)
            if let r = target {
                var positions = Array(0..<k)
                // Fisher–Yates: the first r positions of a uniform permutation.
                for i in 0..<r {
                    let j = random.nextInt(in: i...(k - 1))
                    positions.swapAt(i, j)
                }
                for i in positions.prefix(r) {
                    m[i, i] = controlledValue(&random, signed: !psd)
                }
            } else {
                for i in 0..<k {
                    let g = GaussianSampler.next(&random)
                    m[i, i] = psd ? g.magnitude : g
                }
            }
            return m
        }
        if symmetric {
            guard let r = target else {
                let g = try gaussian(rows: rows, columns: rows, using: &random, limits: limits)
                if psd { return try g.multiplied(by: g.transposed, limits: limits) }
                return try g.adding(g.transposed).scaled(by: 0.5)
            }
            let q = try orthonormal(rows: rows, columns: r, using: &random, limits: limits)
            let values = (0..<r).map { _ in controlledValue(&random, signed: !psd) }
            return try spectral(q, values)
        }
        guard let r = target else { return try gaussian(rows: rows, columns: columns, using: &random, limits: limits) }
        let u = try orthonormal(rows: rows, columns: r, using: &random, limits: limits)
        let v = try orthonormal(rows: columns, columns: r, using: &random, limits: limits)
        let sigma = (0..<r).map { _ in controlledValue(&random, signed: false) }
        var us = u
        for i in 0..<rows { for j in 0..<r { us[i, j] *= sigma[j] } }
        return try us.multiplied(by: v.transposed, limits: limits)
    }

    /// Q diag(values) Qᵀ for Q with orthonormal columns.
    static func spectral(_ q: Matrix<Double>, _ values: [Double]) throws(LinearAlgebraError) -> Matrix<Double> {
        var scaled = q
        for i in 0..<q.rowCount { for j in 0..<q.columnCount { scaled[i, j] *= values[j] } }
        var m = try scaled.multiplied(by: q.transposed)
        // Exact symmetry (the product is symmetric only up to rounding).
        for i in 0..<m.rowCount {
            for j in 0..<i {
                let s = (m[i, j] + m[j, i]) / 2
                m[i, j] = s
                m[j, i] = s
            }
        }
        return m
    }

    /// Uniform in [1/2, 2], with a random sign when `signed`.
    static func controlledValue(_ random: inout RandomSource, signed: Bool) -> Double {
        let magnitude = random.nextDouble(in: 0.5, 2)
        return signed && random.next() & 1 == 1 ? -magnitude : magnitude
    }
}
