// The spectral norm alone (the `norm2` atoms) against the full SVD it replaces: the same bits,
// the same errors, on seeded matrices of every shape, rank-deficient and badly scaled ones.
import Proofs
import Symbolic
import Testing

@Suite("spectral norm without the full SVD")
struct SpectralNormTests {
    static let shapes = [(1, 1), (3, 3), (4, 3), (3, 4), (6, 2), (2, 6), (1, 5), (5, 1), (8, 8), (17, 5)]

    /// A seeded matrix: Gaussian entries, optionally scaled, with `zeroColumn`/`repeatColumn`
    /// making it rank-deficient.
    static func matrix(_ m: Int, _ n: Int, seed: UInt64, scale: Double = 1,
                       zeroColumn: Bool = false, repeatColumn: Bool = false) -> Matrix<Double> {
        var random = RandomSource(seed: seed)
        var a = try! RandomMatrix.gaussian(rows: m, columns: n, using: &random)
        var entries = a.entries.map { $0 * scale }
        if zeroColumn { for i in 0..<m { entries[i * n] = 0 } }
        if repeatColumn && n >= 2 { for i in 0..<m { entries[i * n + n - 1] = entries[i * n] } }
        a = try! Matrix<Double>(rows: m, columns: n, entries: entries)
        return a
    }

    @Test("bit for bit the SVD's largest singular value", arguments: shapes, [UInt64(1), 7, 12345])
    func matchesSVD(shape: (Int, Int), seed: UInt64) throws {
        let (m, n) = shape
        for (scale, zero, repeated) in [(1.0, false, false), (1e150, false, false), (1e-150, false, false),
                                        (1.0, true, false), (1.0, false, true), (3.5, true, true)] {
            let a = SpectralNormTests.matrix(m, n, seed: seed, scale: scale, zeroColumn: zero, repeatColumn: repeated)
            let full = try SingularValueDecomposition(a).spectralNorm
            let alone = try SingularValueDecomposition.spectralNorm(of: a)
            #expect(alone.bitPattern == full.bitPattern, "\(m)×\(n) scale \(scale): \(alone) against \(full)")
        }
    }

    @Test("the zero matrix has norm 0", arguments: shapes)
    func zero(shape: (Int, Int)) throws {
        let a = try Matrix<Double>(rows: shape.0, columns: shape.1, entries: [Double](repeating: 0, count: shape.0 * shape.1))
        #expect(try SingularValueDecomposition.spectralNorm(of: a) == 0)
        #expect(try SingularValueDecomposition(a).spectralNorm == 0)
    }

    @Test("a non-finite entry is refused as by the SVD", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(value: Double) throws {
        let a = try Matrix<Double>(rows: 3, columns: 3, entries: [1, 2, 3, 4, value, 6, 7, 8, 9])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "singular value decomposition")) {
            try SingularValueDecomposition.spectralNorm(of: a)
        }
    }

    @Test("the sweep limit fails the same way", arguments: [0, 1])
    func sweepLimit(sweeps: Int) throws {
        var limits = MatrixLimits()
        limits.maxJacobiSweeps = sweeps
        let a = SpectralNormTests.matrix(5, 4, seed: 3)
        var full: LinearAlgebraError?
        do { _ = try SingularValueDecomposition(a, limits: limits) } catch { full = error }
        var alone: LinearAlgebraError?
        do { _ = try SingularValueDecomposition.spectralNorm(of: a, limits: limits) } catch { alone = error }
        #expect(full != nil)
        #expect(alone == full)
    }
}
