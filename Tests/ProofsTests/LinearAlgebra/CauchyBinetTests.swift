// Cauchy–Binet, det(BᵀB) = Σ_{|S|=k} det(B_S)², as a symbolic identity with all entries
// independent symbols — and wrong versions of it that must not reduce to zero.
import Proofs
import Symbolic
import Testing

@Suite("Cauchy–Binet")
struct CauchyBinetTests {
    /// Σ over subsets S of the rows of `term(det(B_S restricted to columns))`.
    static func minorSum(_ b: Matrix<Expr>, subsetSize: Int, columns: [Int], squared: Bool) throws -> Expr {
        var terms: [Expr] = []
        for s in try Subsets.combinations(of: b.rowCount, size: subsetSize) {
            let minor = try b.submatrix(rows: s, columns: columns).determinant()
            terms.append(squared ? .power(minor, .integer(2)) : minor)
        }
        return .sum(terms)
    }

    @Test("det(BᵀB) − Σ_{|S|=k} det(B_S)² reduces to zero", arguments: [(4, 2), (4, 3), (6, 3), (3, 3), (5, 2), (5, 1)])
    func identity(n: Int, k: Int) throws {
        let b = TestMatrices.symbols("b", n, k)
        let gramDeterminant = try b.gram().determinant()
        let sum = try CauchyBinetTests.minorSum(b, subsetSize: k, columns: Array(0..<k), squared: true)
        #expect(try (gramDeterminant - sum).rationalNormalForm().isZero)
        // The same through the polynomial engine directly: equal expanded polynomials.
        var converter = RationalEntryConverter()
        #expect(try converter.convert(gramDeterminant) == (try converter.convert(sum)))
    }

    @Test("the rows(B, S) form with subscripted entries B[i, j] (4×2)")
    func subscripted() throws {
        let b = try Matrix<Expr>.symbolic("B", rows: 4, columns: 2)
        var terms: [Expr] = []
        for s in try Subsets.combinations(of: 4, size: 2) {
            terms.append(.power(try b.selectingRows(s).determinant(), .integer(2)))
        }
        #expect(try TestMatrices.same(try b.gram().determinant(), .sum(terms)))
    }

    enum Wrong: String, CaseIterable, Sendable {
        /// Squares of (k−1)-minors (rows S, the first k−1 columns) instead of k-minors.
        case smallerSubsets
        /// The minors without the square.
        case missingSquare
        /// The square of the sum instead of the sum of squares.
        case squareOfSum
        /// Only the subsets that contain row 0.
        case someSubsets
    }

    @Test("wrong versions of Cauchy–Binet do not reduce to zero, and a point refutes them",
          arguments: [(4, 2), (4, 3), (6, 3)], Wrong.allCases)
    func wrongVersions(shape: (Int, Int), wrong: Wrong) throws {
        let (n, k) = shape
        let b = TestMatrices.symbols("b", n, k)
        let gramDeterminant = try b.gram().determinant()
        let claimed: Expr
        switch wrong {
        case .smallerSubsets:
            claimed = try CauchyBinetTests.minorSum(b, subsetSize: k - 1, columns: Array(0..<(k - 1)), squared: true)
        case .missingSquare:
            claimed = try CauchyBinetTests.minorSum(b, subsetSize: k, columns: Array(0..<k), squared: false)
        case .squareOfSum:
            claimed = .power(try CauchyBinetTests.minorSum(b, subsetSize: k, columns: Array(0..<k), squared: false), .integer(2))
        case .someSubsets:
            var terms: [Expr] = []
            for s in try Subsets.combinations(of: n, size: k) where s.contains(0) {
                terms.append(.power(try b.submatrix(rows: s, columns: Array(0..<k)).determinant(), .integer(2)))
            }
            claimed = .sum(terms)
        }
        let difference = gramDeterminant - claimed
        #expect(!(try difference.rationalNormalForm().isZero))
        // A seeded integer point where the two sides differ.
        var random = RandomSource(seed: 99)
        var values: [Symbol: Rational] = [:]
        for e in b.entries { values[try #require(e.symbolValue)] = Rational(random.nextInt(in: -1000...1000)) }
        #expect(try difference.evaluateExactly(at: values) != .zero)
    }

    /// (declarations, claim with `by cauchy-binet`, verdict, method or a phrase of the note
    /// saying why the theorem did not apply): the claim is checked alone.
    static let citedClaims: [(String, String, Verdict, String)] = [
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]", .proved, "Cauchy–Binet"),
        ("matrix B[4, 2]", "sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ] = det(transpose(B)*B)", .proved, "Cauchy–Binet"),
        ("matrix C[8, 5]", "det(C^T*C) = sum_{S in subsets(1..8, 5)}[ det(rows(C, S))^2 ]", .proved, "Cauchy–Binet"),
        ("vector x[5]", "det(x^T*x) = sum_{S in subsets(1..5, 1)}[ det(rows(x, S))^2 ]", .proved, "Cauchy–Binet"),
        // Near misses are not matched; the default pipeline decides them (and refutes the wrong ones).
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..3, 2)}[ det(rows(B, S))^2 ]", .refuted, "subsets(1..4, 2)"),
        ("matrix B[4, 2]", "det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S)) ]", .refuted, "det(rows(B, S))^2"),
        ("matrix B[4, 2], D[4, 2]", "det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(D, S))^2 ]", .refuted, "det(rows(B, S))^2"),
        ("matrix B[4, 2]", "det(B^T*B) >= sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]", .proved, "proves an equation"),
        ("matrix B[4, 2]", "det(B*B^T) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]", .refuted, "neither side"),
    ]

    @Test("the cauchy-binet hint proves the formula by matching the matrices, and only the formula",
          arguments: 0..<citedClaims.count)
    func citedTheorem(index: Int) {
        let (declarations, claim, expected, phrase) = Self.citedClaims[index]
        let r = checkText(declarations + "\nclaim \"c\": " + claim + "   by cauchy-binet\n", name: "cb.drv")
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        let step = r.chains.first?.steps.first
        #expect(step?.verdict == expected, "\(claim): \(TextReport().render(r))")
        if phrase == "Cauchy–Binet" {
            #expect(step?.evidence.method == "Cauchy–Binet", "\(TextReport().render(r))")
        } else {
            #expect(step?.evidence.method != "Cauchy–Binet")
            #expect(step?.evidence.notes.contains { $0.hasPrefix("cauchy-binet: ") && $0.contains(phrase) } == true,
                    "\(step?.evidence.notes ?? [])")
        }
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency }, "\(describeFailures(r))")
    }

    @Test("an instance is computed where it binds the matrix and covered by the theorem where it leaves it free",
          arguments: [UInt64(0), 5])
    func instancesOfTheTheorem(seed: UInt64) throws {
        let r = checkText("""
        matrix B[4, 2], A[3, 2]
        claim "bound": det(B^T*B) = sum_{S in subsets(1..4, 2)}[ det(rows(B, S))^2 ]   by cauchy-binet
        claim "free": det(A^T*A) = sum_{S in subsets(1..3, 2)}[ det(rows(A, S))^2 ]   by cauchy-binet
        instance "numbers"
            B = [[1, 2], [0, 1], [3, -1], [2, 0]]
        end
        """, name: "cb.drv", seed: seed)
        #expect(r.holds, "\(TextReport().render(r))")
        let steps = r.chains.compactMap(\.steps.first)
        #expect(steps.map(\.verdict) == [.proved, .proved])
        let bound = try #require(steps.first?.instances.first)
        #expect(bound.verdict == .exact && bound.summary.contains("83"), "\(bound.summary)")
        let free = try #require(steps.last?.instances.first)
        #expect(free.verdict == .exact && free.summary.contains("Cauchy–Binet, which holds for every A"), "\(free.summary)")
    }
}
