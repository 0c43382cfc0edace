// Errors of the linear-algebra library: every failure on user data is one of these values.
import Symbolic

/// Why a matrix operation could not be carried out.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Rows of different lengths where a matrix was expected.
    case raggedRows(row: Int, expected: Int, found: Int)
    /// A shape that cannot exist (negative size, wrong number of entries).
    case invalidShape(String)
    /// Two operands whose shapes do not fit the operation.
    case shapeMismatch(operation: String, left: MatrixShape, right: MatrixShape)
    /// A non-square matrix where a square one is needed.
    case notSquare(MatrixShape, operation: String)
    /// A row or column index outside `0..<bound`.
    case indexOutOfRange(index: Int, bound: Int)
    /// A subset size outside `0...n`.
    case invalidSubsetSize(size: Int, of: Int)
    /// The matrix is singular (exactly, or numerically for floating point) where an inverse
    /// or a solution was requested.
    case singular
    /// A matrix that is not symmetric where a symmetric one is needed.
    case notSymmetric(operation: String)
    /// An expression that is not a (nested) list where a matrix literal was expected.
    case notAMatrix(Expr)
    /// A resource limit was hit.
    case limitExceeded(LimitExceeded)
    /// Normalising an entry failed (e.g. a division by something identically zero).
    case normalization(NormalizationError)
    /// Evaluating an entry at a point failed.
    case evaluation(EvaluationError)
    /// Evaluating an entry exactly failed.
    case exactEvaluation(ExactEvaluationError)
    /// A NaN or infinity in floating-point input or an intermediate result.
    case nonFinite(operation: String)
    /// An iterative algorithm did not converge within its bound.
    case notConverged(algorithm: String, iterations: Int)
    /// Properties of a random matrix that cannot hold together or for the shape.
    case unsupportedProperties(String)
    /// Exact symbolic arithmetic failed (the message of the underlying error).
    case arithmetic(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .raggedRows(let row, let expected, let found):
            return "row \(row) has \(found) entries, expected \(expected)"
        case .invalidShape(let message):
            return "invalid shape: \(message)"
        case .shapeMismatch(let operation, let left, let right):
            return "shape mismatch in \(operation): \(left) and \(right)"
        case .notSquare(let shape, let operation):
            return "\(operation) needs a square matrix, got \(shape)"
        case .indexOutOfRange(let index, let bound):
            return "index \(index) out of range 0..<\(bound)"
        case .invalidSubsetSize(let size, let n):
            return "subset size \(size) is not in 0...\(n)"
        case .singular:
            return "the matrix is singular"
        case .notSymmetric(let operation):
            return "\(operation) needs a symmetric matrix"
        case .notAMatrix(let e):
            return "not a matrix literal: \(e)"
        case .limitExceeded(let l):
            return l.description
        case .normalization(let e):
            return e.description
        case .evaluation(let e):
            return e.description
        case .exactEvaluation(let e):
            return e.description
        case .nonFinite(let operation):
            return "non-finite value in \(operation)"
        case .notConverged(let algorithm, let iterations):
            return "\(algorithm) did not converge in \(iterations) iterations"
        case .unsupportedProperties(let message):
            return "unsupported matrix properties: \(message)"
        case .arithmetic(let message):
            return "exact arithmetic failed: \(message)"
        }
    }

    /// Wraps an error thrown by the polynomial engine.
    static func wrapping(_ error: any Error) -> LinearAlgebraError {
        if let e = error as? LinearAlgebraError { return e }
        if let l = error as? LimitExceeded { return .limitExceeded(l) }
        if let n = error as? NormalizationError { return .normalization(n) }
        return .arithmetic("\(error)")
    }
}
