// Resource limits of the linear-algebra library.
import Symbolic

/// Bounds on the work of matrix operations; hitting one throws
/// ``LinearAlgebraError/limitExceeded(_:)`` naming it.
public struct MatrixLimits: Sendable, Hashable {
    /// Largest number of entries of any matrix built or accepted.
    public var maxEntries: Int = 1_000_000
    /// Largest number of rows or columns of a matrix.
    public var maxDimension: Int = 4_096
    /// Largest size of a square matrix whose exact symbolic determinant is computed.
    public var maxSymbolicDeterminantSize: Int = 12
    /// Largest size of a symbolic matrix inverted through its adjugate.
    public var maxSymbolicInverseSize: Int = 4
    /// Largest number of subsets `subsets(n, k)` may enumerate.
    public var maxSubsets: Int = 100_000
    /// Most sweeps of a Jacobi method (eigenvalues, singular values).
    public var maxJacobiSweeps: Int = 100
    /// Most steps of a power iteration.
    public var maxPowerIterations: Int = 100_000
    /// Limits of the exact polynomial and rational arithmetic underneath.
    public var algebra: Limits = .default

    /// The default limits.
    public static let `default` = MatrixLimits()

    /// Creates the default limits.
    public init() {}

    /// Throws unless `rows × columns` is a shape within the limits.
    func checkShape(rows: Int, columns: Int) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0 else { throw .invalidShape("negative size \(rows)×\(columns)") }
        if rows > maxDimension {
            throw .limitExceeded(LimitExceeded(limit: "maxDimension", requested: rows, maximum: maxDimension))
        }
        if columns > maxDimension {
            throw .limitExceeded(LimitExceeded(limit: "maxDimension", requested: columns, maximum: maxDimension))
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow || count > maxEntries {
            throw .limitExceeded(LimitExceeded(limit: "maxEntries", requested: overflow ? Int.max : count, maximum: maxEntries))
        }
    }
}
