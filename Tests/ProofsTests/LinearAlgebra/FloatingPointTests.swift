// Floating-point linear algebra on seeded matrices: QR, symmetric eigenvalues, SVD, power
// iteration, LU; residuals and orthogonality within 1e-12·size, and singular values against
// numpy.
import Proofs
import Symbolic
import Testing

/// The bound every residual must meet: 1e-12 times the size.
private func bound(_ size: Int) -> Double { 1e-12 * Double(max(size, 1)) }

@Suite("floating-point linear algebra")
struct FloatingPointTests {
    static let shapes = [(1, 1), (2, 2), (5, 3), (3, 5), (8, 8), (20, 10), (10, 20), (33, 33), (64, 64), (64, 17)]

    static func gaussian(_ m: Int, _ n: Int, seed: UInt64) -> Matrix<Double> {
        var random = RandomSource(seed: seed)
        return try! RandomMatrix.gaussian(rows: m, columns: n, using: &random)
    }

    // MARK: QR

    @Test("Householder QR: ‖A − QR‖/‖A‖, ‖QᵀQ − I‖ and triangularity", arguments: shapes, [false, true])
    func qr(shape: (Int, Int), pivoting: Bool) throws {
        let (m, n) = shape
        let a = FloatingPointTests.gaussian(m, n, seed: UInt64(m * 100 + n))
        let qr = try QRDecomposition(a, pivoting: pivoting)
        let permuted = try a.selectingColumns(qr.permutation)
        let residual = try permuted.distance(to: try qr.q.multiplied(by: qr.r)) / a.frobeniusNorm
        #expect(residual <= bound(max(m, n)), "residual \(residual)")
        #expect(qr.q.orthonormalColumnsError <= bound(m))
        for i in 0..<m { for j in 0..<min(i, n) { #expect(qr.r[i, j] == 0) } }
        #expect(try permuted.distance(to: try qr.thinQ.multiplied(by: qr.thinR)) / a.frobeniusNorm <= bound(max(m, n)))
        if pivoting {
            let d = qr.r.diagonal.map(\.magnitude)
            #expect(zip(d, d.dropFirst()).allSatisfy { $0 >= $1 * (1 - 1e-12) })
            #expect(qr.permutation.sorted() == Array(0..<n))
        } else {
            #expect(qr.permutation == Array(0..<n))
        }
    }

    @Test("pivoted QR reveals the rank of rank-deficient matrices", arguments: [(10, 8, 3), (20, 20, 7), (6, 9, 2)])
    func qrRank(m: Int, n: Int, r: Int) throws {
        var random = RandomSource(seed: UInt64(m + n + r))
        let a = try RandomMatrix.make(rows: m, columns: n, properties: [.rank(r)], using: &random)
        #expect(try QRDecomposition(a, pivoting: true).rank(tolerance: 1e-10) == r)
    }

    // MARK: Symmetric eigenvalues

    @Test("Jacobi eigenpairs: residuals ‖Av − λv‖, orthogonality, trace, order", arguments: [1, 2, 3, 7, 16, 40, 64], [UInt64(1), 2])
    func symmetricEigen(n: Int, seed: UInt64) throws {
        var random = RandomSource(seed: seed &* 1000 &+ UInt64(n))
        let a = try RandomMatrix.make(rows: n, columns: n, properties: [.symmetric], using: &random)
        let e = try SymmetricEigendecomposition(a)
        let scale = a.frobeniusNorm
        for j in 0..<n {
            let v = e.eigenvectors.column(j)
            let av = try a.applied(to: v)
            let residual = Matrix<Double>.norm(zip(av, v).map { $0 - e.eigenvalues[j] * $1 })
            #expect(residual <= bound(n) * scale, "pair \(j): residual \(residual)")
        }
        #expect(e.eigenvectors.orthonormalColumnsError <= bound(n))
        #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect((e.eigenvalues.reduce(0, +) - (try a.trace())).magnitude <= bound(n) * scale)
    }

    @Test("eigenvalues of known symmetric matrices")
    func knownEigenvalues() throws {
        let e = try SymmetricEigendecomposition(TestMatrices.double([[2, 1], [1, 2]]))
        #expect((e.eigenvalues[0] - 3).magnitude <= 1e-15 && (e.eigenvalues[1] - 1).magnitude <= 1e-15)
        let d = try SymmetricEigendecomposition(TestMatrices.double([[0, 0], [0, 0]]))
        #expect(d.eigenvalues == [0, 0])
        #expect(throws: LinearAlgebraError.notSymmetric(operation: "symmetric eigendecomposition")) {
            try SymmetricEigendecomposition(TestMatrices.double([[1, 2], [0, 1]]))
        }
    }

    // MARK: SVD

    @Test("one-sided Jacobi SVD: ‖A − UΣVᵀ‖/‖A‖, orthogonal U and V, sorted σ", arguments: shapes)
    func svd(shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = FloatingPointTests.gaussian(m, n, seed: UInt64(m * 1000 + n))
        let svd = try SingularValueDecomposition(a)
        let k = min(m, n)
        #expect(svd.u.shape == MatrixShape(rows: m, columns: k) && svd.v.shape == MatrixShape(rows: n, columns: k))
        #expect(try a.distance(to: svd.reconstructed) / a.frobeniusNorm <= bound(max(m, n)))
        #expect(svd.u.orthonormalColumnsError <= bound(max(m, n)))
        #expect(svd.v.orthonormalColumnsError <= bound(max(m, n)))
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(svd.singularValues.allSatisfy { $0 >= 0 })
        // ‖A‖_F² = Σσ² (LIP-2)
        let sumSquares = svd.singularValues.reduce(0) { $0 + $1 * $1 }
        #expect((sumSquares - a.frobeniusNormSquared).magnitude <= bound(max(m, n)) * a.frobeniusNormSquared)
    }

    @Test("SVD of rank-deficient and zero matrices: exact zeros, completed orthonormal U", arguments: [(8, 5, 2), (5, 8, 3), (6, 6, 0), (7, 3, 1)])
    func svdRankDeficient(m: Int, n: Int, r: Int) throws {
        var random = RandomSource(seed: UInt64(m * n + r))
        let a = try RandomMatrix.make(rows: m, columns: n, properties: [.rank(r)], using: &random)
        let svd = try SingularValueDecomposition(a)
        #expect(svd.rank(tolerance: 1e-10) == r)
        #expect(svd.u.orthonormalColumnsError <= bound(max(m, n)))
        #expect(svd.v.orthonormalColumnsError <= bound(max(m, n)))
        #expect(try a.distance(to: svd.reconstructed) <= bound(max(m, n)) * max(a.frobeniusNorm, 1))
    }

    @Test("singular values agree with numpy", .enabled(if: PythonOracle.hasNumPy))
    func singularValuesAgainstNumPy() throws {
        let matrices = [(4, 2), (7, 7), (12, 5), (5, 12), (30, 30), (64, 40)].enumerated().map { k, shape in
            FloatingPointTests.gaussian(shape.0, shape.1, seed: 500 + UInt64(k))
        }
        let script = "import numpy as np\n" + matrices.map {
            "print(' '.join(float(s).hex() for s in np.linalg.svd(np.array(\(PythonOracle.floatLiteral($0))), compute_uv=False)))"
        }.joined(separator: "\n")
        let lines = try PythonOracle.lines(script)
        #expect(lines.count == matrices.count)
        for (a, line) in zip(matrices, lines) {
            let expected = line.split(separator: " ").compactMap { Double(String($0)) }
            let got = try SingularValueDecomposition(a).singularValues
            #expect(expected.count == got.count)
            let size = max(a.rowCount, a.columnCount)
            for (x, y) in zip(got, expected) {
                #expect((x - y).magnitude <= bound(size) * expected[0], "\(a.shape): \(x) vs numpy \(y)")
            }
        }
    }

    // MARK: Power iteration

    @Test("power iteration meets its stopping rule and agrees with the SVD's σ_max", arguments: shapes)
    func powerIteration(shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = FloatingPointTests.gaussian(m, n, seed: UInt64(m * 7 + n))
        let result = try PowerIteration.spectralNorm(of: a, seed: 1)
        let sigma = try SingularValueDecomposition(a).spectralNorm
        #expect(result.converged, "\(shape): \(result.iterations) iterations, change \(result.relativeChange)")
        #expect(result.iterations <= 10_000)
        #expect((result.estimate - sigma).magnitude <= bound(max(m, n)) * sigma,
                "\(shape): \(result.estimate) vs \(sigma) after \(result.iterations)")
        #expect(result.estimate <= sigma * (1 + 1e-14))
        #expect(result.relativeResidual <= 1e-5)
    }

    @Test("power iteration stops at its bound unconverged, and fails from a start orthogonal to the top vector")
    func powerIterationFailureModes() throws {
        let a = FloatingPointTests.gaussian(30, 30, seed: 4)
        let capped = try PowerIteration.spectralNorm(of: a, maxIterations: 2)
        #expect(!capped.converged && capped.iterations == 2)
        // W = diag(1, 2) from e_1: no component along e_2, so the iteration converges to 1.
        let w = TestMatrices.double([[1, 0], [0, 2]])
        let bad = try PowerIteration.spectralNorm(of: w, start: [1, 0])
        #expect(bad.estimate == 1)
        let good = try PowerIteration.spectralNorm(of: w)
        #expect((good.estimate - 2).magnitude <= 1e-13)
        #expect(throws: LinearAlgebraError.self) { try PowerIteration.spectralNorm(of: w, start: [0, 0]) }
        #expect(throws: LinearAlgebraError.self) { try PowerIteration.spectralNorm(of: w, start: [1, 0, 0]) }
        #expect(try PowerIteration.spectralNorm(of: try Matrix<Double>.zeros(rows: 3, columns: 2)).estimate == 0)
    }

    // MARK: LU

    @Test("LU determinant, solve and inverse against exact arithmetic", arguments: [1, 2, 5, 8, 12])
    func lu(n: Int) throws {
        let exact = TestMatrices.integers(n, n, in: -9...9, seed: UInt64(n) &+ 300)
        let a = exact.map(\.doubleValue)
        let det = try exact.determinant().doubleValue
        #expect((try a.determinant() - det).magnitude <= bound(n) * max(det.magnitude, 1))
        guard det != 0 else { return }
        let inverse = try a.inverse()
        #expect(TestMatrices.maxDifference(try inverse.multiplied(by: a), try Matrix<Double>.identity(n)) <= bound(n) * 100)
        let b = FloatingPointTests.gaussian(n, 2, seed: 9)
        let x = try a.solving(b)
        #expect(TestMatrices.maxDifference(try a.multiplied(by: x), b) <= bound(n) * 100)
    }

    @Test("singular and non-finite floating-point input are errors")
    func floatErrors() throws {
        let singular = TestMatrices.double([[1, 2], [2, 4]])
        #expect(try singular.determinant() == 0)
        #expect(throws: LinearAlgebraError.singular) { try singular.inverse() }
        let bad = TestMatrices.double([[1, .nan], [0, 1]])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "singular value decomposition")) { try SingularValueDecomposition(bad) }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "QR factorisation")) { try QRDecomposition(bad) }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "determinant")) { try bad.determinant() }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "power iteration")) { try PowerIteration.spectralNorm(of: bad) }
    }
}
