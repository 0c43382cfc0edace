// The matrix container shared by the exact, symbolic and floating-point linear algebra.
//
// Implementation notes
// --------------------
// A `Matrix<Element>` is a row-major array of entries with its shape. Everything that only
// moves entries around (transpose, submatrices, row selection, map) is generic here; the
// arithmetic lives in extensions constrained to the element type (`MatrixRingElement` for
// exact numbers and doubles, `Expr` for faithful symbolic matrices, `Polynomial` and
// `RationalFunction` for exact symbolic determinants). Indices are 0-based throughout this
// API; the `.drv` language counts from 1 and converts at its boundary.
import Symbolic

/// The number of rows and columns of a matrix.
public struct MatrixShape: Hashable, Sendable, CustomStringConvertible {
    /// The number of rows.
    public var rows: Int
    /// The number of columns.
    public var columns: Int

    /// Creates a shape.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// Whether rows and columns agree.
    public var isSquare: Bool { rows == columns }

    /// `4×2`.
    public var description: String { "\(rows)×\(columns)" }
}

/// A dense matrix with entries of any type, stored row by row.
///
/// Shapes are checked: every operation that can receive incompatible shapes throws
/// ``LinearAlgebraError``. Indices are 0-based. A matrix may have zero rows or columns.
public struct Matrix<Element: Sendable>: Sendable {
    /// The number of rows.
    public let rowCount: Int
    /// The number of columns.
    public let columnCount: Int
    /// The entries, row by row (`entries[i * columnCount + j]` is entry (i, j)).
    public private(set) var entries: [Element]

    /// Assembles a matrix from parts known to be consistent.
    init(uncheckedRows rows: Int, columns: Int, entries: [Element]) {
        self.rowCount = rows
        self.columnCount = columns
        self.entries = entries
    }

    /// Creates a matrix from its entries row by row.
    /// - Throws: ``LinearAlgebraError/invalidShape(_:)`` when `entries.count` is not
    ///   `rows * columns` or a size is negative, ``LinearAlgebraError/limitExceeded(_:)``
    ///   beyond `limits.maxEntries`.
    public init(rows: Int, columns: Int, entries: [Element],
                limits: MatrixLimits = .default) throws(LinearAlgebraError) {
        try limits.checkShape(rows: rows, columns: columns)
        guard entries.count == rows * columns else {
            throw .invalidShape("\(entries.count) entries for a \(rows)×\(columns) matrix")
        }
        self.init(uncheckedRows: rows, columns: columns, entries: entries)
    }

    /// Creates a matrix from a list of rows of equal length (an empty list gives 0×0).
    /// - Throws: ``LinearAlgebraError/raggedRows(row:expected:found:)`` when the rows differ
    ///   in length.
    public init(rows: [[Element]], limits: MatrixLimits = .default) throws(LinearAlgebraError) {
        let columns = rows.first?.count ?? 0
        var flat: [Element] = []
        flat.reserveCapacity(rows.count * columns)
        for (i, row) in rows.enumerated() {
            guard row.count == columns else { throw .raggedRows(row: i, expected: columns, found: row.count) }
            flat.append(contentsOf: row)
        }
        try self.init(rows: rows.count, columns: columns, entries: flat, limits: limits)
    }

    /// Creates a matrix whose entry (i, j) is `entry(i, j)`.
    public init(rows: Int, columns: Int, limits: MatrixLimits = .default,
                entry: (Int, Int) throws -> Element) throws {
        try limits.checkShape(rows: rows, columns: columns)
        var flat: [Element] = []
        flat.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { flat.append(try entry(i, j)) }
        }
        self.init(uncheckedRows: rows, columns: columns, entries: flat)
    }

    /// A column vector (an n×1 matrix).
    public init(column: [Element]) {
        self.init(uncheckedRows: column.count, columns: 1, entries: column)
    }

    /// The shape.
    public var shape: MatrixShape { MatrixShape(rows: rowCount, columns: columnCount) }

    /// Whether the matrix is square.
    public var isSquare: Bool { rowCount == columnCount }

    /// Entry (row, column). Indices must be in range (check with ``entry(_:_:)`` for
    /// untrusted indices).
    public subscript(row: Int, column: Int) -> Element {
        get { entries[row * columnCount + column] }
        set { entries[row * columnCount + column] = newValue }
    }

    /// Entry (row, column), or a thrown ``LinearAlgebraError/indexOutOfRange(index:bound:)``.
    public func entry(_ row: Int, _ column: Int) throws(LinearAlgebraError) -> Element {
        guard row >= 0, row < rowCount else { throw .indexOutOfRange(index: row, bound: rowCount) }
        guard column >= 0, column < columnCount else { throw .indexOutOfRange(index: column, bound: columnCount) }
        return entries[row * columnCount + column]
    }

    /// The rows as arrays.
    public var rows: [[Element]] {
        (0..<rowCount).map { i in Array(entries[(i * columnCount)..<((i + 1) * columnCount)]) }
    }

    /// Row `i` as an array (`i` in range).
    public func row(_ i: Int) -> [Element] {
        Array(entries[(i * columnCount)..<((i + 1) * columnCount)])
    }

    /// Column `j` as an array (`j` in range).
    public func column(_ j: Int) -> [Element] {
        (0..<rowCount).map { entries[$0 * columnCount + j] }
    }

    /// The diagonal entries (i, i) for i < min(rows, columns).
    public var diagonal: [Element] {
        (0..<min(rowCount, columnCount)).map { entries[$0 * columnCount + $0] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var out: [Element] = []
        out.reserveCapacity(entries.count)
        for j in 0..<columnCount {
            for i in 0..<rowCount { out.append(entries[i * columnCount + j]) }
        }
        return Matrix(uncheckedRows: columnCount, columns: rowCount, entries: out)
    }

    /// The matrix with `transform` applied to every entry.
    public func map<T>(_ transform: (Element) throws -> T) rethrows -> Matrix<T> {
        Matrix<T>(uncheckedRows: rowCount, columns: columnCount, entries: try entries.map(transform))
    }

    /// The submatrix of the given rows and columns, in the order given (repeats allowed).
    /// - Throws: ``LinearAlgebraError/indexOutOfRange(index:bound:)``.
    public func submatrix(rows rowIndices: [Int], columns columnIndices: [Int]) throws(LinearAlgebraError) -> Matrix {
        for i in rowIndices where i < 0 || i >= rowCount { throw .indexOutOfRange(index: i, bound: rowCount) }
        for j in columnIndices where j < 0 || j >= columnCount { throw .indexOutOfRange(index: j, bound: columnCount) }
        var out: [Element] = []
        out.reserveCapacity(rowIndices.count * columnIndices.count)
        for i in rowIndices {
            for j in columnIndices { out.append(entries[i * columnCount + j]) }
        }
        return Matrix(uncheckedRows: rowIndices.count, columns: columnIndices.count, entries: out)
    }

    /// `rows(B, S)`: the rows with the given indices, all columns.
    public func selectingRows(_ rowIndices: [Int]) throws(LinearAlgebraError) -> Matrix {
        try submatrix(rows: rowIndices, columns: Array(0..<columnCount))
    }

    /// The columns with the given indices, all rows.
    public func selectingColumns(_ columnIndices: [Int]) throws(LinearAlgebraError) -> Matrix {
        try submatrix(rows: Array(0..<rowCount), columns: columnIndices)
    }

    /// The matrix without row `row` and column `column` (for cofactors).
    public func removing(row: Int, column: Int) throws(LinearAlgebraError) -> Matrix {
        guard row >= 0, row < rowCount else { throw .indexOutOfRange(index: row, bound: rowCount) }
        guard column >= 0, column < columnCount else { throw .indexOutOfRange(index: column, bound: columnCount) }
        return try submatrix(rows: (0..<rowCount).filter { $0 != row },
                             columns: (0..<columnCount).filter { $0 != column })
    }

    /// The two matrices side by side, `[self | other]`.
    /// - Throws: ``LinearAlgebraError/shapeMismatch(operation:left:right:)`` unless the row
    ///   counts agree.
    public func concatenatingColumns(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard rowCount == other.rowCount else {
            throw .shapeMismatch(operation: "side-by-side concatenation", left: shape, right: other.shape)
        }
        var out: [Element] = []
        out.reserveCapacity(entries.count + other.entries.count)
        for i in 0..<rowCount {
            out.append(contentsOf: entries[(i * columnCount)..<((i + 1) * columnCount)])
            out.append(contentsOf: other.entries[(i * other.columnCount)..<((i + 1) * other.columnCount)])
        }
        return Matrix(uncheckedRows: rowCount, columns: columnCount + other.columnCount, entries: out)
    }

    /// Checks that `other` has the same shape, naming `operation` otherwise.
    func requireSameShape<T>(as other: Matrix<T>, _ operation: String) throws(LinearAlgebraError) {
        guard rowCount == other.rowCount, columnCount == other.columnCount else {
            throw .shapeMismatch(operation: operation, left: shape, right: other.shape)
        }
    }

    /// Checks that `self * other` is defined, naming `operation` otherwise.
    func requireProductShape<T>(with other: Matrix<T>, _ operation: String) throws(LinearAlgebraError) {
        guard columnCount == other.rowCount else {
            throw .shapeMismatch(operation: operation, left: shape, right: other.shape)
        }
    }

    /// Checks that the matrix is square, naming `operation` otherwise.
    func requireSquare(_ operation: String) throws(LinearAlgebraError) {
        guard isSquare else { throw .notSquare(shape, operation: operation) }
    }
}

extension Matrix: Equatable where Element: Equatable {
    /// Same shape and equal entries.
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rowCount == rhs.rowCount && lhs.columnCount == rhs.columnCount && lhs.entries == rhs.entries
    }
}

extension Matrix: Hashable where Element: Hashable {
    /// Hashes the shape and the entries.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rowCount)
        hasher.combine(columnCount)
        hasher.combine(entries)
    }
}

extension Matrix: CustomStringConvertible {
    /// `[[1, 2], [3, 4]]`.
    public var description: String {
        "[" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
}
