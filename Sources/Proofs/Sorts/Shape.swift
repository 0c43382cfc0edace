// The shapes the sort checker can see without evaluating anything.
//
// Implementation notes
// --------------------
// This is deliberately shallow: a shape is a scalar, a vector of a length or a matrix of a
// size, where sizes are the expressions written in the declarations. Two sizes conflict only
// when both are number literals that differ (`4` against `2`); symbolic sizes (`n` against
// `k`) never conflict, because a family may make them equal. Anything the rules below do not
// cover is `.unknown`, and unknown shapes never produce errors.
import Symbolic

/// The shape of an expression as far as declarations show it.
enum Shape: Equatable {
    /// A real number.
    case scalar
    /// A column vector of the given length.
    case vector(Expr)
    /// A matrix with the given numbers of rows and columns.
    case matrix(rows: Expr, columns: Expr)
    /// Not known (local names, sets, calls of unknown shape).
    case unknown

    /// The shape of a declared sort (`nil` for functions and densities).
    init?(_ sort: Sort) {
        switch sort {
        case .scalar: self = .scalar
        case .vector(let n): self = .vector(n)
        case .matrix(let r, let c): self = .matrix(rows: r, columns: c)
        case .function, .density: return nil
        }
    }

    /// Rows and columns, treating a vector as a column; `nil` for scalars and unknown shapes.
    var dimensions: (rows: Expr, columns: Expr)? {
        switch self {
        case .vector(let n): return (n, .one)
        case .matrix(let r, let c): return (r, c)
        case .scalar, .unknown: return nil
        }
    }

    /// The transpose.
    var transposed: Shape {
        switch self {
        case .scalar, .unknown: return self
        case .vector(let n): return .matrix(rows: .one, columns: n)
        case .matrix(let r, let c): return .matrix(rows: c, columns: r)
        }
    }

    /// Whether the shape is a matrix whose sizes are two different numbers.
    var isDefinitelyNonSquare: Bool {
        guard let d = dimensions else { return false }
        return Shape.conflict(d.rows, d.columns)
    }

    /// Whether two sizes are number literals that differ.
    static func conflict(_ a: Expr, _ b: Expr) -> Bool {
        guard let x = a.numberValue, let y = b.numberValue else { return false }
        return x != y
    }

    /// Whether two shapes are both known and certainly different.
    static func conflict(_ a: Shape, _ b: Shape) -> Bool {
        switch (a, b) {
        case (.unknown, _), (_, .unknown): return false
        case (.scalar, .scalar): return false
        case (.scalar, _), (_, .scalar): return true
        case (.vector, .vector), (.vector, .matrix), (.matrix, .vector), (.matrix, .matrix):
            guard let da = a.dimensions, let db = b.dimensions else { return false }
            return conflict(da.rows, db.rows) || conflict(da.columns, db.columns)
        }
    }

    /// `a vector of length 3`, `a 4×2 matrix`, `a scalar`.
    var phrase: String {
        switch self {
        case .scalar: return "a scalar"
        case .unknown: return "a value of unknown shape"
        case .vector(let n): return "a vector of length \(n)"
        case .matrix(let r, let c): return "a \(r)×\(c) matrix"
        }
    }
}
