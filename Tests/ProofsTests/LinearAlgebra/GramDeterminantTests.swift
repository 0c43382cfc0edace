// The numeric instances of articles/06-gram-determinant.md §4 through the library: the
// 4×2 example (det(BᵀB) = 83) by Cauchy–Binet, Gram–Schmidt, QR and SVD; the 4×3 example
// (15); the rank-deficient one (0); orthogonal invariance with the given Q; the
// right-multiplication rule with M (2075 = 25·83); and wide matrices.
import Proofs
import Symbolic
import Testing

@Suite("Gram determinant instances (article 06)")
struct GramDeterminantTests {
    /// The main example B (4×2).
    static let b = TestMatrices.exact([[1, 2], [0, 1], [3, -1], [2, 0]])
    /// The 4×3 example C.
    static let c = TestMatrices.exact([[1, 0, 1], [2, 1, 0], [0, 1, 1], [1, 1, 1]])

    @Test("BᵀB = [[14, −1], [−1, 6]] and det(BᵀB) = 83")
    func gram() throws {
        let g = GramDeterminantTests.b.gram()
        #expect(g == TestMatrices.exact([[14, -1], [-1, 6]]))
        #expect(try g.determinant() == Rational(83))
    }

    @Test("Cauchy–Binet: the 2×2 row minors are 1, −7, −4, −3, −2, 2 and their squares sum to 83")
    func cauchyBinet() throws {
        let subsets = try Subsets.combinations(of: 4, size: 2)
        let minors = try subsets.map { try GramDeterminantTests.b.selectingRows($0).determinant() }
        #expect(minors == [1, -7, -4, -3, -2, 2].map { Rational($0) })
        #expect(minors.reduce(Rational.zero) { $0 + $1 * $1 } == Rational(83))
    }

    @Test("Gram–Schmidt: ‖b₁‖² = 14, b₂⊥ = (29/14, 1, −11/14, 1/7), ‖b₂⊥‖² = 83/14, product 83")
    func gramSchmidt() throws {
        let (columns, norms) = GramDeterminantTests.b.gramSchmidtOrthogonalized()
        #expect(norms == [Rational(14), Rational(83, 14)!])
        #expect(columns.column(1) == [Rational(29, 14)!, Rational(1), Rational(-11, 14)!, Rational(1, 7)!])
        #expect(norms.reduce(Rational.one, *) == Rational(83))
        // In floating point: √14 · √(83/14) = √83 = 9.11043.
        let product = norms.map { $0.doubleValue.squareRoot() }.reduce(1, *)
        #expect((product - 83.0.squareRoot()).magnitude <= 1e-14 * 83.0.squareRoot())
        #expect((product - 9.11043).magnitude <= 5e-6)
        #expect((norms[0].doubleValue.squareRoot() - 3.74166).magnitude <= 5e-6)
        #expect((norms[1].doubleValue.squareRoot() - 2.43487).magnitude <= 5e-6)
    }

    @Test("QR: ∏ r_ii² = 83 up to rounding; R is upper triangular (E2)")
    func qr() throws {
        let qr = try QRDecomposition(GramDeterminantTests.b.map(\.doubleValue))
        let product = qr.r.diagonal.reduce(1.0) { $0 * $1 * $1 }
        #expect((product - 83).magnitude <= 1e-12 * 83)
        #expect(qr.r[1, 0] == 0 && qr.r[2, 0] == 0 && qr.r[2, 1] == 0)
        #expect(abs(qr.r[0, 0]) - 14.0.squareRoot() <= 1e-14)
    }

    @Test("SVD: σ = 3.75807, 2.42423, product 9.11043 = √83")
    func svd() throws {
        let svd = try SingularValueDecomposition(GramDeterminantTests.b.map(\.doubleValue))
        #expect((svd.singularValues[0] - 3.75807).magnitude <= 5e-6)
        #expect((svd.singularValues[1] - 2.42423).magnitude <= 5e-6)
        let product = svd.singularValues.reduce(1, *)
        #expect((product - 83.0.squareRoot()).magnitude <= 1e-13)
        #expect((product - 9.11043).magnitude <= 5e-6)
    }

    @Test("the 4×3 example: CᵀC = [[6, 3, 2], [3, 3, 2], [2, 2, 3]], det 15, minors 3, 2, −1, 1")
    func example4x3() throws {
        let c = GramDeterminantTests.c
        #expect(c.gram() == TestMatrices.exact([[6, 3, 2], [3, 3, 2], [2, 2, 3]]))
        #expect(try c.gram().determinant() == Rational(15))
        let minors = try Subsets.combinations(of: 4, size: 3).map { try c.selectingRows($0).determinant() }
        #expect(minors == [3, 2, -1, 1].map { Rational($0) })
        let svd = try SingularValueDecomposition(c.map(\.doubleValue))
        #expect((svd.singularValues.reduce(1, *) - 3.87298).magnitude <= 5e-6)
    }

    @Test("rank-deficient B gives 0 (GRAM-8); an n×1 column gives its squared length; a square one its det²")
    func otherInstances() throws {
        let deficient = TestMatrices.exact([[1, 2], [2, 4], [3, 6], [0, 0]])
        #expect(try deficient.gram().determinant() == .zero)
        #expect(try deficient.rank() == 1)
        #expect(deficient.gramSchmidtOrthogonalized().squaredNorms.last == .zero)
        let column = TestMatrices.exact([[1], [2], [2]])
        #expect(try column.gram().determinant() == Rational(9))
        let square = TestMatrices.exact([[2, 1], [1, 3]])
        #expect(try square.gram().determinant() == Rational(25))
        #expect(try square.determinant() == Rational(5))
    }

    @Test("orthogonal invariance with Q = ½[[1,1,1,1],[1,−1,1,−1],[1,1,−1,−1],[1,−1,−1,1]] (GRAM-7)")
    func orthogonalInvariance() throws {
        let q = TestMatrices.exact([[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]).scaled(by: Rational(1, 2)!)
        #expect(q.gram() == (try Matrix<Rational>.identity(4)))
        let qb = try q.multiplied(by: GramDeterminantTests.b)
        #expect(try qb.gram().determinant() == Rational(83))
    }

    @Test("right multiplication: det((BM)ᵀBM) = (det M)² det(BᵀB) = 25 · 83 = 2075")
    func rightMultiplication() throws {
        let m = TestMatrices.exact([[2, 1], [1, 3]])
        #expect(try m.determinant() == Rational(5))
        let bm = try GramDeterminantTests.b.multiplied(by: m)
        #expect(try bm.gram().determinant() == Rational(2075))
    }

    @Test("wide W = Bᵀ: det(WWᵀ) = 83 while det(WᵀW) = 0 (GRAM-9)")
    func wide() throws {
        let w = GramDeterminantTests.b.transposed
        #expect(try w.multiplied(by: w.transposed).determinant() == Rational(83))
        #expect(try w.gram().determinant() == .zero)
    }

    @Test("G6 and Lagrange's identity as symbolic identities (GRAM-2, GRAM-4)", arguments: [2, 3, 4])
    func lagrange(n: Int) throws {
        let z = TestMatrices.symbols("z", n, 2)
        var terms: [Expr] = []
        for s in try Subsets.combinations(of: n, size: 2) {
            let (i, j) = (s[0], s[1])
            terms.append(.power(z[i, 0] * z[j, 1] - z[j, 0] * z[i, 1], .integer(2)))
        }
        let x = try z.selectingColumns([0]), y = try z.selectingColumns([1])
        let xx = try x.gram()[0, 0], yy = try y.gram()[0, 0], xy = try x.transposed.multiplied(by: y)[0, 0]
        let g6 = xx * yy - .power(xy, .integer(2))
        #expect(try TestMatrices.same(try z.gram().determinant(), g6))
        #expect(try TestMatrices.same(g6, .sum(terms)))
    }
}
