// Ring arithmetic on matrices of numbers: exact integers, rationals and doubles.
import Symbolic

/// A number type matrices can compute with: a commutative ring with non-trapping `+`, `-`,
/// `*`. `BigInt`, `Rational` and `Double` conform.
public protocol MatrixRingElement: Sendable, Equatable {
    /// The additive identity.
    static var zero: Self { get }
    /// The multiplicative identity.
    static var multiplicativeIdentity: Self { get }
    /// The sum.
    static func + (lhs: Self, rhs: Self) -> Self
    /// The difference.
    static func - (lhs: Self, rhs: Self) -> Self
    /// The product.
    static func * (lhs: Self, rhs: Self) -> Self
    /// The negation.
    static prefix func - (value: Self) -> Self
}

extension BigInt: MatrixRingElement {
    /// One.
    public static var multiplicativeIdentity: BigInt { .one }
}

extension Rational: MatrixRingElement {
    /// One.
    public static var multiplicativeIdentity: Rational { .one }
}

extension Double: MatrixRingElement {
    /// One.
    public static var multiplicativeIdentity: Double { 1 }
}

extension Matrix where Element: MatrixRingElement {
    /// The n×n identity matrix.
    public static func identity(_ n: Int, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try limits.checkShape(rows: n, columns: n)
        var out = [Element](repeating: .zero, count: n * n)
        for i in 0..<n { out[i * n + i] = .multiplicativeIdentity }
        return Matrix(uncheckedRows: n, columns: n, entries: out)
    }

    /// The rows×columns zero matrix.
    public static func zeros(rows: Int, columns: Int, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try limits.checkShape(rows: rows, columns: columns)
        return Matrix(uncheckedRows: rows, columns: columns, entries: [Element](repeating: .zero, count: rows * columns))
    }

    /// The square matrix with `values` on the diagonal.
    public static func diagonal(_ values: [Element]) -> Matrix {
        let n = values.count
        var out = [Element](repeating: .zero, count: n * n)
        for i in 0..<n { out[i * n + i] = values[i] }
        return Matrix(uncheckedRows: n, columns: n, entries: out)
    }

    /// The matrix product `self · other`.
    /// - Throws: ``LinearAlgebraError/shapeMismatch(operation:left:right:)`` unless
    ///   `columnCount == other.rowCount`.
    public func multiplied(by other: Matrix, limits: MatrixLimits = .default) throws(LinearAlgebraError) -> Matrix {
        try requireProductShape(with: other, "matrix product")
        try limits.checkShape(rows: rowCount, columns: other.columnCount)
        let n = other.columnCount, inner = columnCount
        var out = [Element](repeating: .zero, count: rowCount * n)
        for i in 0..<rowCount {
            for l in 0..<inner {
                let a = entries[i * inner + l]
                if a == .zero { continue }
                for j in 0..<n { out[i * n + j] = out[i * n + j] + a * other.entries[l * n + j] }
            }
        }
        return Matrix(uncheckedRows: rowCount, columns: n, entries: out)
    }

    /// The entrywise sum.
    public func adding(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "matrix sum")
        return Matrix(uncheckedRows: rowCount, columns: columnCount,
                      entries: zip(entries, other.entries).map { $0 + $1 })
    }

    /// The entrywise difference.
    public func subtracting(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "matrix difference")
        return Matrix(uncheckedRows: rowCount, columns: columnCount,
                      entries: zip(entries, other.entries).map { $0 - $1 })
    }

    /// Every entry multiplied by `factor`.
    public func scaled(by factor: Element) -> Matrix {
        map { factor * $0 }
    }

    /// The Hadamard (entrywise) product.
    public func hadamard(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try requireSameShape(as: other, "Hadamard product")
        return Matrix(uncheckedRows: rowCount, columns: columnCount,
                      entries: zip(entries, other.entries).map { $0 * $1 })
    }

    /// The sum of the diagonal entries of a square matrix.
    public func trace() throws(LinearAlgebraError) -> Element {
        try requireSquare("trace")
        return diagonal.reduce(.zero, +)
    }

    /// The Gram matrix `selfᵀ · self` (columns' inner products).
    public func gram() -> Matrix {
        let k = columnCount
        var out = [Element](repeating: .zero, count: k * k)
        for a in 0..<k {
            for b in a..<k {
                var s = Element.zero
                for i in 0..<rowCount { s = s + entries[i * k + a] * entries[i * k + b] }
                out[a * k + b] = s
                out[b * k + a] = s
            }
        }
        return Matrix(uncheckedRows: k, columns: k, entries: out)
    }

    /// The sum of the squares of the entries, ‖A‖_F².
    public var frobeniusNormSquared: Element {
        entries.reduce(.zero) { $0 + $1 * $1 }
    }

    /// The matrix–vector product `self · vector`.
    public func applied(to vector: [Element]) throws(LinearAlgebraError) -> [Element] {
        guard vector.count == columnCount else {
            throw .shapeMismatch(operation: "matrix–vector product", left: shape,
                                 right: MatrixShape(rows: vector.count, columns: 1))
        }
        return (0..<rowCount).map { i in
            var s = Element.zero
            for j in 0..<columnCount { s = s + entries[i * columnCount + j] * vector[j] }
            return s
        }
    }

    /// Whether every entry is zero.
    public var isZero: Bool { entries.allSatisfy { $0 == .zero } }
}
