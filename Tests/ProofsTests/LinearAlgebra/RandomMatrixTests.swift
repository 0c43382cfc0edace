// Structured random matrices: each declared property holds, contradictions are errors,
// streams are reproducible, and orthogonal matrices are Haar distributed (the sign fix).
import Proofs
import Symbolic
import Testing

@Suite("structured random matrices")
struct RandomMatrixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rows: Int
        var columns: Int
        var properties: [MatrixProperty]
        var testDescription: String { "\(rows)×\(columns) \(properties)" }
    }

    static let cases: [Case] = [
        Case(rows: 5, columns: 3, properties: []),
        Case(rows: 6, columns: 6, properties: [.orthogonal]),
        Case(rows: 7, columns: 3, properties: [.orthogonal]),
        Case(rows: 3, columns: 7, properties: [.orthogonal]),
        Case(rows: 5, columns: 5, properties: [.orthogonal, .symmetric]),
        Case(rows: 4, columns: 4, properties: [.orthogonal, .diagonal]),
        Case(rows: 4, columns: 4, properties: [.orthogonal, .psd]),
        Case(rows: 6, columns: 6, properties: [.symmetric]),
        Case(rows: 6, columns: 6, properties: [.symmetric, .rank(2)]),
        Case(rows: 6, columns: 6, properties: [.symmetric, .fullRank]),
        Case(rows: 8, columns: 8, properties: [.psd]),
        Case(rows: 8, columns: 8, properties: [.psd, .rank(3)]),
        Case(rows: 8, columns: 8, properties: [.psd, .fullRank]),
        Case(rows: 5, columns: 5, properties: [.diagonal]),
        Case(rows: 5, columns: 7, properties: [.diagonal, .rank(2)]),
        Case(rows: 5, columns: 5, properties: [.diagonal, .psd, .fullRank]),
        Case(rows: 9, columns: 4, properties: [.fullRank]),
        Case(rows: 4, columns: 9, properties: [.fullRank]),
        Case(rows: 10, columns: 6, properties: [.rank(3)]),
        Case(rows: 6, columns: 6, properties: [.rank(0)]),
        Case(rows: 6, columns: 6, properties: [.rank(6), .fullRank]),
    ]

    @Test("every declared property holds", arguments: cases, [UInt64(1), 2, 3])
    func propertiesHold(c: Case, seed: UInt64) throws {
        var random = RandomSource(seed: seed)
        let a = try RandomMatrix.make(rows: c.rows, columns: c.columns, properties: c.properties, using: &random)
        #expect(a.shape == MatrixShape(rows: c.rows, columns: c.columns))
        let k = min(c.rows, c.columns)
        let svd = try SingularValueDecomposition(a)
        for p in c.properties {
            switch p {
            case .orthogonal:
                let tall = c.rows >= c.columns ? a : a.transposed
                #expect(tall.orthonormalColumnsError <= 1e-13)
            case .symmetric:
                #expect(a.isSymmetric())
            case .psd:
                #expect(a.isSymmetric())
                let smallest = try SymmetricEigendecomposition(a).eigenvalues.last ?? 0
                #expect(smallest >= -1e-12 * max(a.frobeniusNorm, 1))
            case .diagonal:
                for i in 0..<c.rows { for j in 0..<c.columns where i != j { #expect(a[i, j] == 0) } }
            case .fullRank:
                #expect(svd.rank(tolerance: 1e-10) == k)
                if !c.properties.contains(.orthogonal) {
                    #expect(svd.singularValues.allSatisfy { $0 == 0 || ($0 >= 0.5 - 1e-12 && $0 <= 2 + 1e-12) })
                }
            case .rank(let r):
                #expect(svd.rank(tolerance: 1e-10) == r)
            }
        }
    }

    @Test("contradictory properties are errors", arguments: [
        (4, 3, [MatrixProperty.symmetric]),
        (4, 3, [.psd]),
        (4, 4, [.rank(2), .rank(3)]),
        (4, 4, [.rank(2), .fullRank]),
        (4, 4, [.orthogonal, .rank(3)]),
        (4, 4, [.rank(5)]),
        (4, 4, [.rank(-1)]),
    ])
    func contradictions(rows: Int, columns: Int, properties: [MatrixProperty]) {
        var random = RandomSource(seed: 1)
        #expect(throws: LinearAlgebraError.self) {
            try RandomMatrix.make(rows: rows, columns: columns, properties: properties, using: &random)
        }
    }

    @Test("the same seed gives the same matrix; different seeds differ")
    func reproducible() throws {
        var r1 = RandomSource(seed: 42), r2 = RandomSource(seed: 42), r3 = RandomSource(seed: 43)
        let a = try RandomMatrix.make(rows: 5, columns: 4, properties: [.fullRank], using: &r1)
        let b = try RandomMatrix.make(rows: 5, columns: 4, properties: [.fullRank], using: &r2)
        let c = try RandomMatrix.make(rows: 5, columns: 4, properties: [.fullRank], using: &r3)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("orthogonal matrices are Haar: E[q₁₁] = 0 and E[q₁₁²] = 1/n (the sign fix matters)", arguments: [2, 3, 5])
    func haar(n: Int) throws {
        var random = RandomSource(seed: UInt64(n) &+ 77)
        let samples = 4000
        var sum = 0.0, sumSquares = 0.0, sumDiagonal = 0.0
        for _ in 0..<samples {
            let q = try RandomMatrix.make(rows: n, columns: n, properties: [.orthogonal], using: &random)
            sum += q[0, 0]
            sumSquares += q[0, 0] * q[0, 0]
            sumDiagonal += q[n - 1, n - 1]
        }
        let mean = sum / Double(samples), meanSquare = sumSquares / Double(samples)
        // Standard error of the mean is √(1/n / samples); allow 4 of them.
        let tolerance = 4 * (1 / Double(n) / Double(samples)).squareRoot()
        #expect(mean.magnitude <= tolerance, "mean \(mean)")
        #expect((sumDiagonal / Double(samples)).magnitude <= tolerance)
        #expect((meanSquare - 1 / Double(n)).magnitude <= 0.05)
    }

    @Test("Gaussian samples have mean 0 and variance 1")
    func gaussianMoments() {
        var random = RandomSource(seed: 5)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let z = GaussianSampler.next(&random)
            sum += z
            sumSquares += z * z
        }
        #expect((sum / Double(n)).magnitude <= 4 / Double(n).squareRoot())
        #expect((sumSquares / Double(n) - 1).magnitude <= 4 * (2 / Double(n)).squareRoot())
    }
}
