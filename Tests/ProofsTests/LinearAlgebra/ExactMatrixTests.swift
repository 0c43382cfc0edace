// Exact matrices over ℤ and ℚ: Bareiss determinants against python3's `fractions`, exact
// inverses, ranks, solving, Gram–Schmidt, characteristic polynomials, subsets and shape
// errors.
import Proofs
import Symbolic
import Testing

@Suite("exact matrices")
struct ExactMatrixTests {
    // MARK: Determinants against python3 fractions

    /// The Python side: Gaussian elimination over `Fraction` (a different algorithm).
    static let pythonDeterminant = """
        from fractions import Fraction
        def det(a):
            a = [row[:] for row in a]; n = len(a); d = Fraction(1)
            for k in range(n):
                p = next((i for i in range(k, n) if a[i][k] != 0), None)
                if p is None: return Fraction(0)
                if p != k: a[k], a[p] = a[p], a[k]; d = -d
                d *= a[k][k]
                for i in range(k + 1, n):
                    f = a[i][k] / a[k][k]
                    for j in range(k, n): a[i][j] -= f * a[k][j]
            return d
        """

    @Test("Bareiss determinants of seeded integer matrices up to 8×8 agree with python3 fractions",
          .enabled(if: PythonOracle.hasPython), arguments: [UInt64(1), 2, 3, 4])
    func integerDeterminantsAgainstPython(seed: UInt64) throws {
        let matrices = (1...8).map { TestMatrices.integers($0, $0, in: -99...99, seed: seed &* 100 &+ UInt64($0)) }
        let script = ExactMatrixTests.pythonDeterminant + "\n"
            + matrices.map { "print(det(\(PythonOracle.fractionLiteral($0))))" }.joined(separator: "\n")
        let expected = try PythonOracle.lines(script)
        #expect(expected.count == matrices.count)
        for (m, text) in zip(matrices, expected) {
            let exact = try m.determinant()
            #expect(exact.description == text, "\(m.rowCount)×\(m.rowCount): \(exact) vs python \(text)")
            let integer = try #require(m.integerMatrix)
            #expect(Rational(try integer.determinant()) == exact)
        }
    }

    @Test("determinants of seeded rational matrices up to 8×8 agree with python3 fractions",
          .enabled(if: PythonOracle.hasPython), arguments: [UInt64(11), 12])
    func rationalDeterminantsAgainstPython(seed: UInt64) throws {
        let matrices = (1...8).map { TestMatrices.rationals($0, $0, seed: seed &* 100 &+ UInt64($0)) }
        let script = ExactMatrixTests.pythonDeterminant + "\n"
            + matrices.map { "print(det(\(PythonOracle.fractionLiteral($0))))" }.joined(separator: "\n")
        let expected = try PythonOracle.lines(script)
        #expect(expected.count == matrices.count)
        for (m, text) in zip(matrices, expected) {
            #expect(try m.determinant().description == text)
        }
    }

    @Test("ranks of seeded products of n×r and r×n integer matrices agree with python3",
          .enabled(if: PythonOracle.hasPython), arguments: [UInt64(5), 6])
    func ranksAgainstPython(seed: UInt64) throws {
        let shapes = [(6, 3, 6), (7, 2, 5), (5, 5, 5), (8, 4, 8), (4, 1, 6), (3, 0, 3)]
        var matrices: [Matrix<Rational>] = []
        for (k, (m, r, n)) in shapes.enumerated() {
            let left = TestMatrices.integers(m, r, in: -5...5, seed: seed &* 10 &+ UInt64(k))
            let right = TestMatrices.integers(r, n, in: -5...5, seed: seed &* 10 &+ UInt64(k) &+ 1000)
            matrices.append(r == 0 ? try Matrix.zeros(rows: m, columns: n) : try left.multiplied(by: right))
        }
        let script = """
            from fractions import Fraction
            def rank(a):
                a = [row[:] for row in a]; rows = len(a); cols = len(a[0]) if a else 0; r = 0
                for c in range(cols):
                    p = next((i for i in range(r, rows) if a[i][c] != 0), None)
                    if p is None: continue
                    a[r], a[p] = a[p], a[r]
                    for i in range(r + 1, rows):
                        f = a[i][c] / a[r][c]
                        for j in range(c, cols): a[i][j] -= f * a[r][j]
                    r += 1
                return r
            """ + "\n" + matrices.map { "print(rank(\(PythonOracle.fractionLiteral($0))))" }.joined(separator: "\n")
        let expected = try PythonOracle.lines(script).compactMap { Int($0) }
        #expect(expected.count == matrices.count)
        for (m, r) in zip(matrices, expected) {
            #expect(try m.rank() == r, "\(m.shape)")
            #expect(try m.transposed.rank() == r)
            #expect(try #require(m.integerMatrix).rank() == r)
        }
    }

    // MARK: Inverse and solve

    @Test("inverse · A = A · inverse = I exactly for seeded matrices up to 8×8", arguments: [UInt64(21), 22, 23])
    func inverseIsExact(seed: UInt64) throws {
        for n in 1...8 {
            let a = TestMatrices.rationals(n, n, seed: seed &* 100 &+ UInt64(n))
            guard try a.determinant() != .zero else { continue }
            let inverse = try a.inverse()
            let identity = try Matrix<Rational>.identity(n)
            #expect(try inverse.multiplied(by: a) == identity)
            #expect(try a.multiplied(by: inverse) == identity)
            #expect(try inverse.determinant() * a.determinant() == .one)
        }
    }

    @Test("a singular matrix has no inverse and rank below its size")
    func singularInverseThrows() throws {
        let a = TestMatrices.exact([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(try a.determinant() == .zero)
        #expect(try a.rank() == 2)
        #expect(throws: LinearAlgebraError.singular) { try a.inverse() }
    }

    @Test("solving A X = B exactly", arguments: [UInt64(31), 32])
    func solveIsExact(seed: UInt64) throws {
        let a = TestMatrices.integers(5, 5, in: -9...9, seed: seed)
        let b = TestMatrices.rationals(5, 3, seed: seed &+ 1)
        let x = try a.solving(b)
        #expect(try a.multiplied(by: x) == b)
    }

    // MARK: Algebraic laws

    @Test("(AB)ᵀ = BᵀAᵀ, det(AB) = det A · det B, det Aᵀ = det A", arguments: [UInt64(41), 42, 43])
    func productLaws(seed: UInt64) throws {
        let a = TestMatrices.rationals(4, 4, seed: seed)
        let b = TestMatrices.rationals(4, 4, seed: seed &+ 7)
        let ab = try a.multiplied(by: b)
        #expect(ab.transposed == (try b.transposed.multiplied(by: a.transposed)))
        #expect(try ab.determinant() == (try a.determinant()) * (try b.determinant()))
        #expect(try a.transposed.determinant() == (try a.determinant()))
        #expect(try a.adding(b).subtracting(b) == a)
        #expect(try a.hadamard(b).trace() == (0..<4).reduce(Rational.zero) { $0 + a[$1, $1] * b[$1, $1] })
        #expect(a.gram() == (try a.transposed.multiplied(by: a)))
        #expect(a.frobeniusNormSquared == (try a.gram().trace()))
    }

    @Test("identity, zeros, diagonal and the empty matrix")
    func specialMatrices() throws {
        #expect(try Matrix<Rational>.identity(3).determinant() == .one)
        #expect(try Matrix<Rational>.zeros(rows: 2, columns: 3).isZero)
        #expect(try Matrix<Rational>.diagonal([2, 3, 5].map { Rational($0) }).determinant() == Rational(30))
        let empty = try Matrix<Rational>(rows: [])
        #expect(empty.shape == MatrixShape(rows: 0, columns: 0))
        #expect(try empty.determinant() == .one)
        #expect(try empty.rank() == 0)
    }

    // MARK: Gram–Schmidt and characteristic polynomial

    @Test("exact Gram–Schmidt: orthogonal columns whose squared norms multiply to det(BᵀB)", arguments: [UInt64(51), 52])
    func gramSchmidt(seed: UInt64) throws {
        let b = TestMatrices.integers(6, 3, in: -5...5, seed: seed)
        let (columns, norms) = b.gramSchmidtOrthogonalized()
        let g = columns.gram()
        for i in 0..<3 { for j in 0..<3 where i != j { #expect(g[i, j] == .zero) } }
        #expect(norms.reduce(Rational.one, *) == (try b.gram().determinant()))
    }

    @Test("characteristic polynomials", arguments: [
        ([[1, 1], [0, 1]], [1, -2, 1]),          // (λ − 1)²
        ([[0, 1], [0, 0]], [0, 0, 1]),           // λ²
        ([[2, 0, 0], [0, 3, 0], [0, 0, 4]], [-24, 26, -9, 1]),
        ([[35, 44], [44, 56]], [24, -91, 1]),    // WᵀW of the Lipschitz note
    ])
    func characteristicPolynomial(rows: [[Int]], coefficients: [Int]) throws {
        let a = TestMatrices.exact(rows)
        #expect(try a.characteristicPolynomial() == coefficients.map { Rational($0) })
    }

    @Test("the constant coefficient of the characteristic polynomial is (−1)ⁿ det A", arguments: [UInt64(61), 62])
    func characteristicPolynomialConstant(seed: UInt64) throws {
        for n in 1...6 {
            let a = TestMatrices.rationals(n, n, seed: seed &* 10 &+ UInt64(n))
            let c = try a.characteristicPolynomial()
            let sign = Rational(n % 2 == 0 ? 1 : -1)
            #expect(c[0] == sign * (try a.determinant()))
            #expect(c[n - 1] == -(try a.trace()))
        }
    }

    // MARK: Submatrices and subsets

    @Test("k-subsets of 0..<n: count, order and bounds", arguments: [(4, 2, 6), (4, 3, 4), (6, 3, 20), (5, 0, 1), (5, 5, 1), (0, 0, 1)])
    func subsetCounts(n: Int, k: Int, count: Int) throws {
        let subsets = try Subsets.combinations(of: n, size: k)
        #expect(subsets.count == count)
        #expect(subsets.allSatisfy { $0.count == k && zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } })
        #expect(zip(subsets, subsets.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    }

    @Test("subsets of 0..<4 of size 2 in lexicographic order")
    func subsetOrder() throws {
        #expect(try Subsets.combinations(of: 4, size: 2) == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
    }

    @Test("invalid subset sizes and the subset limit are errors")
    func subsetErrors() throws {
        #expect(throws: LinearAlgebraError.invalidSubsetSize(size: 5, of: 4)) { try Subsets.combinations(of: 4, size: 5) }
        #expect(throws: LinearAlgebraError.invalidSubsetSize(size: -1, of: 4)) { try Subsets.combinations(of: 4, size: -1) }
        var limits = MatrixLimits()
        limits.maxSubsets = 100
        #expect(throws: LinearAlgebraError.limitExceeded(LimitExceeded(limit: "maxSubsets", requested: 101, maximum: 100))) {
            try Subsets.combinations(of: 40, size: 20, limits: limits)
        }
    }

    @Test("rows, columns, submatrices and cofactor minors")
    func submatrices() throws {
        let a = TestMatrices.exact([[1, 2, 3], [4, 5, 6], [7, 8, 10]])
        #expect(try a.selectingRows([2, 0]) == TestMatrices.exact([[7, 8, 10], [1, 2, 3]]))
        #expect(try a.selectingColumns([1]) == TestMatrices.exact([[2], [5], [8]]))
        #expect(try a.removing(row: 1, column: 1) == TestMatrices.exact([[1, 3], [7, 10]]))
        #expect(try a.submatrix(rows: [0, 1], columns: [1, 2]).determinant() == Rational(-3))
        #expect(a.diagonal == [1, 5, 10].map { Rational($0) })
    }

    // MARK: Errors

    @Test("shape errors are values, never traps")
    func shapeErrors() throws {
        let a = TestMatrices.exact([[1, 2], [3, 4], [5, 6]])
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "matrix product", left: MatrixShape(rows: 3, columns: 2),
                                                         right: MatrixShape(rows: 3, columns: 2))) {
            try a.multiplied(by: a)
        }
        #expect(throws: LinearAlgebraError.notSquare(MatrixShape(rows: 3, columns: 2), operation: "determinant")) {
            try a.determinant()
        }
        #expect(throws: LinearAlgebraError.raggedRows(row: 1, expected: 2, found: 1)) {
            try Matrix<Rational>(rows: [[1, 2], [3]].map { $0.map { Rational($0) } })
        }
        #expect(throws: LinearAlgebraError.indexOutOfRange(index: 3, bound: 3)) { try a.selectingRows([0, 3]) }
        #expect(throws: LinearAlgebraError.indexOutOfRange(index: 2, bound: 2)) { try a.entry(0, 2) }
        #expect(throws: LinearAlgebraError.self) { try Matrix<Rational>(rows: 2, columns: 2, entries: [.one]) }
        var limits = MatrixLimits()
        limits.maxEntries = 10
        #expect(throws: LinearAlgebraError.limitExceeded(LimitExceeded(limit: "maxEntries", requested: 12, maximum: 10))) {
            try Matrix<Rational>.zeros(rows: 3, columns: 4, limits: limits)
        }
    }
}
