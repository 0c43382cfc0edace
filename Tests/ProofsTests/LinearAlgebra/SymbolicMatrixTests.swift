// Symbolic matrices: faithful per-entry expressions, exact determinants (both methods),
// inverses, entrywise identity checking, list literals and evaluation.
import Proofs
import Symbolic
import Testing

@Suite("symbolic matrices")
struct SymbolicMatrixTests {
    // MARK: Determinants

    @Test("det of a 6×6 matrix of 36 symbols is the 720-term expanded polynomial", arguments: DeterminantMethod.allCases)
    func genericDeterminant6(method: DeterminantMethod) throws {
        let a = try Matrix<Expr>(rows: 6, columns: 6) { i, j in Expr.symbol("a\(i * 6 + j)") }
        let det = try a.determinant(method: method)
        guard case .sum(let terms) = det.kind else {
            Issue.record("expected a sum, got \(det)")
            return
        }
        #expect(terms.count == 720)
        // Its value at a seeded integer point is the exact determinant of the numeric matrix.
        var random = RandomSource(seed: 7)
        var values: [Symbol: Rational] = [:]
        for k in 0..<36 { values[Symbol("a\(k)")] = Rational(random.nextInt(in: -9...9)) }
        let numeric = try a.evaluatedExactly(at: values)
        #expect(try det.evaluateExactly(at: values) == (try numeric.determinant()))
    }

    @Test("symbolic determinants agree with the Leibniz formula", arguments: 1...5)
    func leibniz(n: Int) throws {
        let a = TestMatrices.symbols("x", n, n)
        for method in DeterminantMethod.allCases {
            #expect(try TestMatrices.same(try a.determinant(method: method), TestMatrices.leibniz(a)), "\(method)")
        }
    }

    @Test("Bareiss and minor expansion agree on seeded matrices of dense polynomials", arguments: [UInt64(1), 2, 3])
    func methodsAgree(seed: UInt64) throws {
        var random = RandomSource(seed: seed)
        let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")
        for n in 1...6 {
            let a = try Matrix<Expr>(rows: n, columns: n) { _, _ in
                Expr.sum([.integer(random.nextInt(in: -5...5)), .integer(random.nextInt(in: -5...5)) * x,
                          .integer(random.nextInt(in: -5...5)) * y * z, .integer(random.nextInt(in: -2...2)) * .power(x, .integer(2))])
            }
            let (m, _) = try a.rationalFunctions()
            let p = m.map(\.numerator)
            let byBareiss = try p.determinant(method: .bareiss)
            let byMinors = try p.determinant(method: .minorExpansion)
            #expect(byBareiss == byMinors, "n = \(n)")
        }
    }

    @Test("a singular symbolic matrix has determinant 0 (both methods)")
    func singularDeterminant() throws {
        let a = try TestMatrices.expressions([["x", "y", "x + y"], ["1", "2", "3"], ["x^2", "y^2", "x^2 + y^2"]])
        for method in DeterminantMethod.allCases { #expect(try a.determinant(method: method).isZero) }
    }

    @Test("determinants of rational-function entries", arguments: [
        ([["1/x", "1"], ["1", "1/y"]], "(1 - x*y)/(x*y)"),
        ([["x/(x+1)", "1"], ["1", "(x+1)/x"]], "0"),
        ([["1/(x-y)", "1/(x-z)"], ["1/(y-y2)", "1/(y-z)"]], "1/((x-y)*(y-z)) - 1/((x-z)*(y-y2))"),
    ])
    func rationalEntries(rows: [[String]], expected: String) throws {
        let a = try TestMatrices.expressions(rows)
        #expect(try TestMatrices.same(try a.determinant(), try Expr(parsing: expected)))
    }

    @Test("non-rational entries are atoms; relations between them are left to the normal form")
    func atomEntries() throws {
        let a = try TestMatrices.expressions([["sqrt(x)", "sin(t)"], ["-sin(t)", "sqrt(x)"]])
        let det = try a.determinant()
        #expect(try TestMatrices.same(det, try Expr(parsing: "x + sin(t)^2")))
        let b = try TestMatrices.expressions([["cos(t)", "-sin(t)"], ["sin(t)", "cos(t)"]])
        #expect(try TestMatrices.same(try b.determinant(), .one))
    }

    @Test("matrices of subscripted entries B[i, j], as the .drv language writes them")
    func subscriptedEntries() throws {
        let b = try Matrix<Expr>.symbolic("B", rows: 2, columns: 2)
        #expect(b[1, 0] == (try Expr(parsing: "B[2, 1]")))
        #expect(try TestMatrices.same(try b.determinant(), try Expr(parsing: "B[1,1]*B[2,2] - B[1,2]*B[2,1]")))
    }

    @Test("the determinant size limit is enforced")
    func determinantLimit() throws {
        var limits = MatrixLimits()
        limits.maxSymbolicDeterminantSize = 5
        let a = TestMatrices.symbols("x", 6, 6)
        #expect(throws: LinearAlgebraError.limitExceeded(LimitExceeded(limit: "maxSymbolicDeterminantSize", requested: 6, maximum: 5))) {
            try a.determinant(limits: limits)
        }
    }

    @Test("minor expansion refuses sizes whose subset table would not fit")
    func minorExpansionSize() throws {
        var limits = MatrixLimits()
        limits.maxSymbolicDeterminantSize = 30
        let a = try Matrix<Polynomial>(rows: 21, columns: 21) { i, j in i == j ? Polynomial.one : Polynomial.zero }
        #expect(throws: LinearAlgebraError.limitExceeded(LimitExceeded(limit: "minorExpansionSize", requested: 21, maximum: 20))) {
            try a.determinant(method: .minorExpansion, limits: limits)
        }
        #expect(try a.determinant(limits: limits) == Polynomial.one)
    }

    @Test("a term limit stops a determinant that grows too large")
    func termLimit() throws {
        var limits = MatrixLimits()
        limits.algebra.maxTerms = 100
        let a = TestMatrices.symbols("x", 6, 6)
        for method in DeterminantMethod.allCases {
            #expect(throws: LinearAlgebraError.self) { try a.determinant(method: method, limits: limits) }
        }
    }

    // MARK: Inverse

    @Test("A⁻¹ · A = I entrywise for generic symbolic matrices", arguments: 1...4)
    func genericInverse(n: Int) throws {
        let a = TestMatrices.symbols("c", n, n)
        let inverse = try a.inverse()
        let identity = try Matrix<Expr>.identity(n)
        #expect(try inverse.multiplied(by: a).compareEntrywise(with: identity).isIdentical)
        #expect(try a.multiplied(by: inverse).compareEntrywise(with: identity).isIdentical)
    }

    @Test("the inverse of a 2×2 matrix is the textbook formula")
    func inverse2() throws {
        let a = try TestMatrices.expressions([["a", "b"], ["c", "d"]])
        let expected = try TestMatrices.expressions([["d/(a*d - b*c)", "-b/(a*d - b*c)"], ["-c/(a*d - b*c)", "a/(a*d - b*c)"]])
        #expect(try a.inverse().compareEntrywise(with: expected).isIdentical)
    }

    @Test("inverses of structured symbolic matrices reduce (gcds taken)")
    func reducedInverse() throws {
        let a = try TestMatrices.expressions([["x", "0"], ["0", "x*y"]])
        let inverse = try a.inverse()
        #expect(try TestMatrices.same(inverse[0, 0], try Expr(parsing: "1/x")))
        #expect(inverse[0, 1].isZero)
    }

    @Test("a symbolically singular matrix has no inverse; large ones hit the size limit")
    func inverseErrors() throws {
        let singular = try TestMatrices.expressions([["x", "x"], ["y", "y"]])
        #expect(throws: LinearAlgebraError.singular) { try singular.inverse() }
        #expect(throws: LinearAlgebraError.limitExceeded(LimitExceeded(limit: "maxSymbolicInverseSize", requested: 5, maximum: 4))) {
            try TestMatrices.symbols("x", 5, 5).inverse()
        }
    }

    // MARK: Faithful operations and identities

    @Test("products are faithful sums of products")
    func faithfulProduct() throws {
        let a = try TestMatrices.expressions([["a", "b"]])
        let b = try TestMatrices.expressions([["c"], ["d"]])
        let p = try a.multiplied(by: b)
        #expect(p.shape == MatrixShape(rows: 1, columns: 1))
        #expect(p[0, 0] == .sum([Expr.symbol("a") * .symbol("c"), Expr.symbol("b") * .symbol("d")]))
    }

    @Test("matrix identities hold entrywise through the normal form", arguments: [UInt64(1), 2])
    func identities(seed: UInt64) throws {
        let a = TestMatrices.symbols("a", 3, 2), b = TestMatrices.symbols("b", 2, 3), c = TestMatrices.symbols("c", 3, 3)
        // (AB)ᵀ = BᵀAᵀ
        #expect(try a.multiplied(by: b).transposed.compareEntrywise(with: try b.transposed.multiplied(by: a.transposed)).isIdentical)
        // tr(AB) = tr(BA)
        #expect(try TestMatrices.same(try a.multiplied(by: b).trace(), try b.multiplied(by: a).trace()))
        // ‖A‖_F² = tr(AᵀA)
        #expect(try TestMatrices.same(a.frobeniusNormSquared, try a.gram().trace()))
        // (AB)C = A(BC)
        let left = try a.multiplied(by: b).multiplied(by: c), right = try a.multiplied(by: try b.multiplied(by: c))
        #expect(try left.compareEntrywise(with: right).isIdentical)
        // Hadamard product with the identity keeps the diagonal; A + A − 2A = 0
        let h = try c.hadamard(try Matrix<Expr>.identity(3))
        #expect(try TestMatrices.same(try h.trace(), try c.trace()))
        #expect(try c.adding(c).subtracting(c.scaled(by: .integer(2))).isZero())
        // det(AB) = det A det B for square symbolic matrices
        let d = TestMatrices.symbols("d", 3, 3)
        #expect(try TestMatrices.same(try c.multiplied(by: d).determinant(), (try c.determinant()) * (try d.determinant())))
    }

    @Test("a wrong identity is reported at the differing entries")
    func differingEntries() throws {
        let a = TestMatrices.symbols("a", 2, 2), b = TestMatrices.symbols("b", 2, 2)
        // ABᵀ is not BᵀA... compare AB with BA: every entry differs for generic matrices.
        let comparison = try a.multiplied(by: b).compareEntrywise(with: try b.multiplied(by: a))
        #expect(!comparison.isIdentical)
        #expect(comparison.differences.map(\.index) == [MatrixIndex(row: 0, column: 0), MatrixIndex(row: 0, column: 1),
                                                         MatrixIndex(row: 1, column: 0), MatrixIndex(row: 1, column: 1)])
        var changed = a
        changed[1, 0] = .symbol("q")
        let one = try a.compareEntrywise(with: changed)
        #expect(one.differences.map(\.index) == [MatrixIndex(row: 1, column: 0)])
        #expect(throws: LinearAlgebraError.self) { try a.compareEntrywise(with: TestMatrices.symbols("a", 2, 3)) }
    }

    @Test("entrywise comparison uses the relations of the normal form (sin² + cos² = 1)")
    func relationsInComparison() throws {
        let r = try TestMatrices.expressions([["cos(t)", "-sin(t)"], ["sin(t)", "cos(t)"]])
        #expect(try r.transposed.multiplied(by: r).compareEntrywise(with: try Matrix<Expr>.identity(2)).isIdentical)
    }

    // MARK: Literals and evaluation

    @Test("list literals convert to matrices and back")
    func listLiterals() throws {
        let e = try Expr(parsing: "[[1, x], [y, 2]]")
        let m = try Matrix<Expr>(list: e)
        #expect(m.shape == MatrixShape(rows: 2, columns: 2))
        #expect(m.listExpression == e)
        let v = try Matrix<Expr>(list: try Expr(parsing: "[a, b, c]"))
        #expect(v.shape == MatrixShape(rows: 3, columns: 1))
        #expect(throws: LinearAlgebraError.self) { try Matrix<Expr>(list: try Expr(parsing: "[[1, 2], 3]")) }
        #expect(throws: LinearAlgebraError.raggedRows(row: 1, expected: 2, found: 1)) { try Matrix<Expr>(list: try Expr(parsing: "[[1, 2], [3]]")) }
        #expect(throws: LinearAlgebraError.self) { try Matrix<Expr>(list: try Expr(parsing: "x + 1")) }
    }

    @Test("evaluation at a point agrees with floating-point and exact arithmetic")
    func evaluation() throws {
        let a = TestMatrices.symbols("a", 2, 3), b = TestMatrices.symbols("b", 3, 2)
        var random = RandomSource(seed: 3)
        var exact: [Symbol: Rational] = [:]
        for s in a.entries + b.entries { exact[try #require(s.symbolValue)] = Rational(random.nextInt(in: -9...9)) }
        let doubles = exact.mapValues(\.doubleValue)
        let product = try a.multiplied(by: b)
        let numeric = try product.evaluated(at: Environment(doubles))
        let exactProduct = try a.evaluatedExactly(at: exact).multiplied(by: try b.evaluatedExactly(at: exact))
        #expect(try product.evaluatedExactly(at: exact) == exactProduct)
        #expect(numeric == exactProduct.map(\.doubleValue))
        #expect(throws: LinearAlgebraError.self) { try product.evaluated(at: Environment([:])) }
    }
}
