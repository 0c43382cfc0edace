// Matrices of expressions built faithfully: every operation returns entries that are
// exactly the expression trees of its definition (nothing expanded or simplified), so the
// checker can turn a matrix expression into per-entry scalar expressions and hand them to
// the normal forms, the rules or the numeric evaluator.
import Symbolic

extension Matrix where Element == Expr {
    /// The matrix of a list literal: `[[a, b], [c, d]]` gives a 2×2 matrix, a flat list
    /// `[a, b, c]` a 3×1 column vector.
    /// - Throws: ``LinearAlgebraError/notAMatrix(_:)`` for anything else (a non-list, a mix
    ///   of lists and scalars, lists nested three deep), ``LinearAlgebraError/raggedRows(row:expected:found:)``.
    public init(list: Expr, limits: MatrixLimits = .default) throws(LinearAlgebraError) {
        guard case .list(let items) = list.kind else { throw .notAMatrix(list) }
        var rows: [[Expr]] = []
        var listCount = 0
        for item in items {
            if case .list(let row) = item.kind {
                for x in row {
                    if case .list = x.kind { throw .notAMatrix(list) }
                }
                rows.append(row)
                listCount += 1
            }
        }
        if listCount == 0 {
            try limits.checkShape(rows: items.count, columns: 1)
            self.init(column: items)
        } else if listCount == items.count {
            try self.init(rows: rows, limits: limits)
        } else {
            throw .notAMatrix(list)
        }
    }

    /// The matrix as a list literal of rows, `[[a, b], [c, d]]`.
    public var listExpression: Expr {
        Expr(.list(rows.map { Expr(.list($0)) }))
    }

    /// A matrix of independent entries `name[i, j]` (1-based indices, as the `.drv`
    /// language writes them).
    public static func symbolic(_ name: String, rows: Int, columns: Int,
                                limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try limits.checkShape(rows: rows, columns: columns)
        var out: [Expr] = []
        out.reserveCapacity(rows * columns)
        let base = Expr.symbol(name)
        for i in 0..<rows {
            for j in 0..<columns { out.append(Expr(.subscripted(base, [.integer(i + 1), .integer(j + 1)]))) }
        }
        return Matrix(uncheckedRows: rows, columns: columns, entries: out)
    }

    /// A matrix of exact numbers as number expressions.
    public init(_ values: Matrix<Rational>) {
        self.init(uncheckedRows: values.rowCount, columns: values.columnCount, entries: values.entries.map { .number($0) })
    }

    /// The n×n identity matrix of number expressions.
    public static func identity(_ n: Int, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        Matrix(try Matrix<Rational>.identity(n, limits: limits))
    }

    /// The rows×columns matrix of zeros.
    public static func zeros(rows: Int, columns: Int, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        Matrix(try Matrix<Rational>.zeros(rows: rows, columns: columns, limits: limits))
    }

    /// The product; entry (i, j) is the sum node `Σ_l a_il * b_lj` (a single product when
    /// the inner dimension is 1, `0` when it is 0).
    public func multiplied(by other: Matrix, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try requireProductShape(with: other, "matrix product")
        try limits.checkShape(rows: rowCount, columns: other.columnCount)
        let inner = columnCount, n = other.columnCount
        var out: [Expr] = []
        out.reserveCapacity(rowCount * n)
        for i in 0..<rowCount {
            for j in 0..<n {
                let terms = (0..<inner).map { l in entries[i * inner + l] * other.entries[l * n + j] }
                out.append(Matrix.sumNode(terms))
            }
        }
        return Matrix(uncheckedRows: rowCount, columns: n, entries: out)
    }

    /// The entrywise sum `a + b`.
    public func adding(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "matrix sum")
        return Matrix(uncheckedRows: rowCount, columns: columnCount, entries: zip(entries, other.entries).map { $0 + $1 })
    }

    /// The entrywise difference `a - b` (as `a + (-1)*b`).
    public func subtracting(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "matrix difference")
        return Matrix(uncheckedRows: rowCount, columns: columnCount, entries: zip(entries, other.entries).map { $0 - $1 })
    }

    /// Every entry `a` replaced by `factor * a`.
    public func scaled(by factor: Expr) -> Matrix {
        map { factor * $0 }
    }

    /// The entrywise negation.
    public var negated: Matrix { map { $0.negated() } }

    /// The Hadamard product: entry (i, j) is `a_ij * b_ij`.
    public func hadamard(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "Hadamard product")
        return Matrix(uncheckedRows: rowCount, columns: columnCount, entries: zip(entries, other.entries).map { $0 * $1 })
    }

    /// The trace `Σ a_ii` of a square matrix.
    public func trace() throws(LinearAlgebraError) -> Expr {
        try requireSquare("trace")
        return Matrix.sumNode(diagonal)
    }

    /// The Gram matrix `selfᵀ · self`.
    public func gram(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try transposed.multiplied(by: self, limits: limits)
    }

    /// `Σ a_ij^2`, the squared Frobenius norm.
    public var frobeniusNormSquared: Expr {
        Matrix.sumNode(entries.map { Expr.power($0, .integer(2)) })
    }

    /// The values of the entries at a point.
    /// - Throws: ``LinearAlgebraError/evaluation(_:)`` for the first entry that fails.
    public func evaluated(at environment: Environment) throws(LinearAlgebraError) -> Matrix<Double> {
        var out: [Double] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            do {
                out.append(try e.evaluate(at: environment))
            } catch {
                throw .evaluation(error)
            }
        }
        return Matrix<Double>(uncheckedRows: rowCount, columns: columnCount, entries: out)
    }

    /// The exact values of the entries at a rational point.
    /// - Throws: ``LinearAlgebraError/exactEvaluation(_:)`` for the first entry that fails.
    public func evaluatedExactly(at values: [Symbol: Rational], limits: Limits = .default) throws(LinearAlgebraError) -> Matrix<Rational> {
        var out: [Rational] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            do {
                out.append(try e.evaluateExactly(at: values, limits: limits))
            } catch {
                throw .exactEvaluation(error)
            }
        }
        return Matrix<Rational>(uncheckedRows: rowCount, columns: columnCount, entries: out)
    }

    /// `0` for no terms, the term itself for one, a sum node otherwise.
    static func sumNode(_ terms: [Expr]) -> Expr {
        switch terms.count {
        case 0: return .zero
        case 1: return terms[0]
        default: return .sum(terms)
        }
    }
}
