// Exact computations on matrices of expressions: determinant, inverse, and entry-by-entry
// identity checking.
//
// Implementation notes
// --------------------
// Entries go through one ``RationalEntryConverter`` per operation (a shared variable
// table), the computation runs in the exact polynomial engine, and results come back as
// expanded expressions. The inverse is adj(A)/det(A): cofactors are (n−1)×(n−1)
// determinants, each inverse entry C_ji/det reduced by a gcd; equal denominators share one
// expression node. Entrywise identity first compares the two entries as rational functions
// in the shared atoms (canonical, so equal values mean equal functions; a sound proof), and
// only when they differ asks the rational normal form of `a - b`, which also knows
// relations between atoms (radicals, sin² + cos² = 1). A nonzero normal form means "not
// proved equal", not "refuted": that is for the numeric check.
import Symbolic

/// A position in a matrix (0-based).
public struct MatrixIndex: Hashable, Sendable, CustomStringConvertible {
    /// The row.
    public var row: Int
    /// The column.
    public var column: Int

    /// Creates an index.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// `(row, column)`, 0-based.
    public var description: String { "(\(row), \(column))" }
}

/// The outcome of comparing two expression matrices entry by entry.
public struct EntrywiseComparison: Sendable {
    /// An entry whose difference did not normalise to zero.
    public struct Difference: Sendable {
        /// Where.
        public var index: MatrixIndex
        /// The rational normal form of `left − right` at that entry.
        public var normalForm: Expr
    }

    /// The entries that were not proved equal, in row-major order.
    public let differences: [Difference]

    /// Whether every entry was proved equal.
    public var isIdentical: Bool { differences.isEmpty }
}

extension Matrix where Element == Expr {
    /// The entries as rational functions over one shared variable table, and the converter
    /// that holds it (to convert results back).
    public func rationalFunctions(limits: Limits = .default) throws(LinearAlgebraError)
        -> (matrix: Matrix<RationalFunction>, converter: RationalEntryConverter) {
        var converter = RationalEntryConverter(limits: limits)
        var converted: [RationalFunction] = []
        converted.reserveCapacity(entries.count)
        for e in entries { converted.append(try converter.convert(e)) }
        let count = converter.variables.count
        // One declared variable count for every entry keeps the kernels from repacking.
        let uniform = converted.map { rf in rf.isPolynomial ? RationalFunction(rf.numerator.extended(toVariableCount: count)) : rf }
        return (Matrix<RationalFunction>(uncheckedRows: rowCount, columns: columnCount, entries: uniform), converter)
    }

    /// The determinant as an expanded expression (a polynomial in the entries' symbols and
    /// atoms, or a quotient of two expanded polynomials when entries have denominators).
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``,
    ///   ``LinearAlgebraError/limitExceeded(_:)``, ``LinearAlgebraError/normalization(_:)``.
    public func determinant(method: DeterminantMethod = .automatic,
                            limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Expr {
        try requireSquare("determinant")
        let (m, converter) = try rationalFunctions(limits: limits.algebra)
        return converter.expression(try m.determinant(method: method, limits: limits))
    }

    /// The inverse as adj(A)/det(A), every entry a reduced quotient of expanded polynomials.
    /// - Throws: ``LinearAlgebraError/notSquare(_:operation:)``, ``LinearAlgebraError/singular``
    ///   when the determinant is identically zero, ``LinearAlgebraError/limitExceeded(_:)``
    ///   beyond `limits.maxSymbolicInverseSize`.
    public func inverse(limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try requireSquare("inverse")
        let n = rowCount
        guard n <= limits.maxSymbolicInverseSize else {
            throw .limitExceeded(LimitExceeded(limit: "maxSymbolicInverseSize", requested: n, maximum: limits.maxSymbolicInverseSize))
        }
        let (m, converter) = try rationalFunctions(limits: limits.algebra)
        let det = try m.determinant(limits: limits)
        if det.isZero { throw .singular }
        var out = [Expr](repeating: .zero, count: n * n)
        var denominators: [Polynomial: Expr] = [:]
        do {
            for i in 0..<n {
                for j in 0..<n {
                    var cofactor = n == 1 ? RationalFunction.one : try m.removing(row: i, column: j).determinant(limits: limits)
                    if (i + j) % 2 == 1 { cofactor = -cofactor }
                    let value = try cofactor.divided(by: det, limits: limits.algebra)
                    out[j * n + i] = Matrix.quotientExpression(value, converter, &denominators)
                }
            }
        } catch {
            throw LinearAlgebraError.wrapping(error)
        }
        return Matrix(uncheckedRows: n, columns: n, entries: out)
    }

    /// `numerator * denominator^-1` with the denominator's expression shared between entries.
    static func quotientExpression(_ value: RationalFunction, _ converter: RationalEntryConverter,
                                   _ denominators: inout [Polynomial: Expr]) -> Expr {
        let numerator = converter.expression(value.numerator)
        if value.denominator.isOne { return numerator }
        let denominator: Expr
        if let shared = denominators[value.denominator] {
            denominator = shared
        } else {
            denominator = .power(converter.expression(value.denominator), .minusOne)
            denominators[value.denominator] = denominator
        }
        return .product([numerator, denominator])
    }

    /// Compares with `other` entry by entry (see the file notes): an entry is proved equal
    /// when the difference has rational normal form 0.
    /// - Throws: ``LinearAlgebraError/shapeMismatch(operation:left:right:)``,
    ///   ``LinearAlgebraError/normalization(_:)`` (e.g. an entry divides by zero),
    ///   ``LinearAlgebraError/limitExceeded(_:)``.
    public func compareEntrywise(with other: Matrix, limits: Limits = .default) throws(LinearAlgebraError) -> EntrywiseComparison {
        try requireSameShape(as: other, "entrywise comparison")
        var converter = RationalEntryConverter(limits: limits)
        var differences: [EntrywiseComparison.Difference] = []
        for k in 0..<entries.count {
            let a = entries[k], b = other.entries[k]
            if a == b { continue }
            if let x = try? converter.convert(a), let y = try? converter.convert(b), x == y { continue }
            let normalForm: RationalNormalForm
            do {
                normalForm = try (a - b).rationalNormalForm(limits: limits)
            } catch {
                throw .normalization(error)
            }
            if normalForm.isZero { continue }
            differences.append(.init(index: MatrixIndex(row: k / columnCount, column: k % columnCount),
                                     normalForm: normalForm.expr))
        }
        return EntrywiseComparison(differences: differences)
    }

    /// Whether every entry normalises to zero (rational normal form).
    public func isZero(limits: Limits = .default) throws(LinearAlgebraError) -> Bool {
        try compareEntrywise(with: Matrix.zeros(rows: rowCount, columns: columnCount), limits: limits).isIdentical
    }
}
