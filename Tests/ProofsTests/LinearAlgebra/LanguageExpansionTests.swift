// The expansion of matrix expressions into scalars: values against the library and numpy,
// the shapes it rejects, structured entries, and the numeric atoms.
import Foundation
import Testing
@testable import Proofs
@testable import Symbolic

private func expand(_ text: String, _ matrices: [String: DeclaredMatrix] = [:]) throws -> MatrixExpansion.Result {
    try MatrixExpansion.expand(try ExprParser(text: text).parse(allowsRange: true).expr, matrices: matrices)
}

/// A `.drv` literal for a matrix of rationals.
private func literal(_ m: Matrix<Rational>) -> String {
    "[" + m.rows.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
}

@Suite("matrices in the language: expansion")
struct LanguageExpansionTests {
    static let b = DeclaredMatrix(name: "B", rows: 4, columns: 2, isVector: false)
    static let x = DeclaredMatrix(name: "x", rows: 3, columns: 1, isVector: true)

    @Test("declared matrices expand to their entry symbols, named as FiniteExpansion names them")
    func entryNames() throws {
        let r = try expand("B^T*B", ["B": Self.b])
        let m = try #require(MatrixExpansion.matrix(fromRows: r.expression))
        #expect(m.shape == MatrixShape(rows: 2, columns: 2))
        #expect(Set(r.expression.freeSymbols.map(\.name)) == Set((1...4).flatMap { i in (1...2).map { "B[\(i),\($0)]" } }))
        let v = try expand("x^T*x", ["x": Self.x])
        #expect(MatrixExpansion.matrix(fromRows: v.expression) == nil, "x^T x is a scalar")
        #expect(v.expression.freeSymbols.map(\.name) == ["x[1]", "x[2]", "x[3]"])
    }

    @Test("exact values of literal matrices agree with the library", arguments: [UInt64(1), 2, 3, 4, 5])
    func exactValues(seed: UInt64) throws {
        let m = TestMatrices.integers(5, 3, in: -6...6, seed: seed)
        let g = m.gram()
        let text = literal(m)
        #expect(try expand("det(\(text)^T*\(text))").expression.numberValue == (try g.determinant()))
        #expect(try expand("trace(\(text)^T*\(text))").expression.evaluateExactly(at: [:]) == g.trace())
        let cauchyBinet = try expand("sum_{S in subsets(1..5, 3)}[ det(rows(\(text), S))^2 ]").expression
        #expect(try cauchyBinet.evaluateExactly(at: [:]) == (try g.determinant()))
        let square = TestMatrices.integers(3, 3, in: -6...6, seed: seed)
        if let inverse = try? square.inverse() {
            let e = try expand("inverse(\(literal(square)))").expression
            #expect(MatrixExpansion.matrix(fromRows: e) == Matrix<Expr>(inverse))
        }
    }

    @Test("spectral and Frobenius norms agree with numpy", .enabled(if: PythonOracle.hasNumPy),
          arguments: [(UInt64(1), 3, 2), (2, 2, 5), (3, 4, 3), (4, 5, 5), (5, 6, 4)])
    func norms(seed: UInt64, rows: Int, columns: Int) throws {
        let m = TestMatrices.integers(rows, columns, in: -9...9, seed: seed)
        let text = literal(m)
        let spectral = try expand("norm2(\(text))")
        #expect(spectral.usesNumericAtoms == (min(rows, columns) >= 3))
        var env = Environment()
        env.functions = MatrixAtoms.implementations(for: [spectral.expression])
        let ours = try spectral.expression.evaluate(at: env)
        let frobenius = try expand("normF(\(text))").expression.evaluate(at: Environment())
        let rowsLiteral = "[" + m.rows.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        let out = try PythonOracle.lines("""
        import numpy as np
        a = np.array(\(rowsLiteral), dtype=float)
        print(repr(float(np.linalg.norm(a, 2))))
        print(repr(float(np.linalg.norm(a, 'fro'))))
        """)
        let reference = try #require(out.first.flatMap(Double.init)), referenceF = try #require(out.last.flatMap(Double.init))
        #expect((ours - reference).magnitude <= 1e-12 * reference, "norm2: \(ours) vs \(reference)")
        #expect((frobenius - referenceF).magnitude <= 1e-13 * referenceF)
    }

    @Test("shapes that do not fit are errors of kind .shape", arguments: [
        "B*B", "B + B^T", "det(B)", "trace(B)", "inverse(B)", "B^2", "hadamard(B, B^T)", "norm(B)", "sqrt(B)",
        "B + 1", "[[1, 2], [3]]",
    ])
    func shapeErrors(text: String) throws {
        #expect(throws: MatrixLanguageError.self) { try expand(text, ["B": Self.b]) }
        do {
            _ = try expand(text, ["B": Self.b])
        } catch {
            #expect((error as? MatrixLanguageError)?.kind == .shape, "\(text): \(error)")
        }
    }

    @Test("indices out of range and sizes that are not fixed are reported", arguments: [
        ("B[5, 1]", MatrixLanguageError.Kind.index), ("(B^T*B)[3, 1]", .index), ("rows(B, [0, 1])", .index),
        ("A^T*A", .size), ("identity(n)", .size),
    ])
    func otherErrors(text: String, kind: MatrixLanguageError.Kind) throws {
        let a = DeclaredMatrix(name: "A", rows: .symbol("n"), columns: 2, isVector: false)
        do {
            _ = try expand(text, ["B": Self.b, "A": a])
            Issue.record("\(text) expanded")
        } catch {
            #expect((error as? MatrixLanguageError)?.kind == kind, "\(text): \(error)")
        }
    }

    @Test("structure: symmetric entries are shared, diagonal ones vanish, instance values replace symbols")
    func structure() throws {
        let s = DeclaredMatrix(name: "S", rows: 3, columns: 3, isVector: false, properties: [.symmetric])
        let e = try #require(MatrixExpansion.matrix(fromRows: try expand("S", ["S": s]).expression))
        #expect(e == e.transposed)
        #expect(e[2, 0] == .symbol("S[1,3]"))
        #expect(try expand("S[3,1]", ["S": s]).expression == .symbol("S[1,3]"))
        let d = DeclaredMatrix(name: "D", rows: 2, columns: 2, isVector: false, properties: [.diagonal])
        #expect(try expand("D[1,2]", ["D": d]).expression == .zero)
        var bound = Self.b
        bound.value = Matrix<Expr>(TestMatrices.exact([[1, 2], [0, 1], [3, -1], [2, 0]]))
        #expect(try expand("det(B^T*B)", ["B": bound]).expression.numberValue == Rational(83))
    }

    @Test("joint samplers draw the declared structure", arguments: [UInt64(1), 2, 3])
    func jointSamplers(seed: UInt64) throws {
        let q = DeclaredMatrix(name: "Q", rows: 4, columns: 3, isVector: false, properties: [.orthogonal])
        let sampler = try #require(try q.jointSampler())
        var random = RandomSource(seed: seed)
        let values = sampler.draw(&random)
        let m = try Matrix<Double>(rows: 4, columns: 3, entries: values)
        #expect(m.orthonormalColumnsError <= 1e-13)
        #expect(sampler.symbols.first?.name == "Q[1,1]")
        let r = DeclaredMatrix(name: "R", rows: 4, columns: 3, isVector: false, properties: [.rank(.integer(1))])
        let rank1 = try #require(try r.jointSampler())
        let drawn = try Matrix<Double>(rows: 4, columns: 3, entries: rank1.draw(&random))
        #expect(try SingularValueDecomposition(drawn).rank(tolerance: 1e-10) == 1)
        #expect(try DeclaredMatrix(name: "P", rows: 2, columns: 2, isVector: false).jointSampler() == nil)
        let impossible = DeclaredMatrix(name: "X", rows: 4, columns: 2, isVector: false, properties: [.rank(.integer(3))])
        #expect(throws: MatrixLanguageError.self) { try impossible.jointSampler() }
    }

    @Test("properties are read as the parser stores them", arguments: [
        ("orthogonal", DeclaredMatrixProperty.orthogonal), ("rank(2)", .rank(.integer(2))), ("rank(k)", .rank(.symbol("k"))),
        ("fullrank", .fullRank),
    ])
    func properties(text: String, expected: DeclaredMatrixProperty) {
        #expect(DeclaredMatrixProperty(text) == expected)
        #expect(DeclaredMatrixProperty(text)?.description == text)
    }

    @Test("the parser reads rank(r) and several shaped names per line")
    func parser() throws {
        let (file, diagnostics) = DrvParser.parse(text: "natural k\nvector x[3], y[3]\nmatrix A[3, 3] symmetric, R[4, 2] rank(k)\nclaim \"c\": x^T*A*y = trace(R^T*R)*k\n", name: "p.drv")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let declarations = file.items.compactMap { item -> Declaration? in
            if case .declaration(let d) = item { return d }
            return nil
        }
        #expect(declarations.map { $0.names.map(\.value.name) } == [["k"], ["x"], ["y"], ["A"], ["R"]])
        #expect(declarations[3].properties.map(\.value) == ["symmetric"])
        #expect(declarations[4].properties.map(\.value) == ["rank(k)"])
        #expect(SortChecker.check(file).filter { $0.severity == .error }.isEmpty)
    }
}
