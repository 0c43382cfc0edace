// A matrix value during expansion: a scalar coefficient times a product of factors, kept
// unevaluated just long enough to cancel QᵀQ for a declared orthogonal Q.
//
// Implementation notes
// --------------------
// Products are built left to right on a stack of factors: a dense factor next to a dense
// factor is multiplied out at once; a declared orthogonal factor stays a name. When a factor
// Qᵀ meets Q (orthonormal columns: m ≥ n) or Q meets Qᵀ (orthonormal rows: m ≤ n) the pair
// is popped — the rule QᵀQ = I, recorded by name — so (QB)ᵀ(QB) = BᵀQᵀQB becomes BᵀB before
// any entry is formed. A transpose reverses the factors and transposes each; an identity
// factor is dropped. Everything else (sums, determinants, entries) materialises the chain:
// the orthogonal factors become their entry symbols and everything is multiplied out.
import Symbolic

/// A matrix value: `coefficient · F₁ · F₂ · …` with its shape.
struct MatrixChain {
    /// One factor.
    enum Factor {
        /// Explicit entries.
        case dense(Matrix<Expr>)
        /// A declared orthogonal matrix (its entries), possibly transposed.
        case orthogonal(name: String, entries: Matrix<Expr>, transposed: Bool)

        var rows: Int {
            switch self {
            case .dense(let m): return m.rowCount
            case .orthogonal(_, let m, let t): return t ? m.columnCount : m.rowCount
            }
        }

        var columns: Int {
            switch self {
            case .dense(let m): return m.columnCount
            case .orthogonal(_, let m, let t): return t ? m.rowCount : m.columnCount
            }
        }

        var transposed: Factor {
            switch self {
            case .dense(let m): return .dense(m.transposed)
            case .orthogonal(let n, let m, let t): return .orthogonal(name: n, entries: m, transposed: !t)
            }
        }

        var materialised: Matrix<Expr> {
            switch self {
            case .dense(let m): return m
            case .orthogonal(_, let m, let t): return t ? m.transposed : m
            }
        }
    }

    /// Scalar factors multiplying the product (empty for 1).
    var coefficients: [Expr] = []
    /// The factors, left to right (never empty).
    var factors: [Factor]
    /// Names of the orthogonality rules used while building this value.
    var rules: [String] = []

    /// A chain of one dense matrix.
    init(_ matrix: Matrix<Expr>) {
        factors = [.dense(matrix)]
    }

    /// A chain of one factor.
    init(factor: Factor) {
        factors = [factor]
    }

    var rows: Int { factors.first?.rows ?? 0 }
    var columns: Int { factors.last?.columns ?? 0 }
    var shape: MatrixShape { MatrixShape(rows: rows, columns: columns) }

    /// The transpose.
    var transposed: MatrixChain {
        var out = self
        out.factors = factors.reversed().map(\.transposed)
        return out
    }

    /// `coefficient · self`.
    func scaled(by coefficient: Expr) -> MatrixChain {
        var out = self
        out.coefficients.append(coefficient)
        return out
    }

    /// The product `self · other`, cancelling QᵀQ pairs at the junction (see the file notes).
    func multiplied(by other: MatrixChain, limits: MatrixLimits) throws(MatrixLanguageError) -> MatrixChain {
        guard columns == other.rows else {
            throw MatrixLanguageError(.shape, "cannot multiply a \(shapePhrase(shape)) by a \(shapePhrase(other.shape)): "
                                      + "the left side has \(columns) column\(columns == 1 ? "" : "s") but the right side has "
                                      + "\(other.rows) row\(other.rows == 1 ? "" : "s")")
        }
        var out = self
        out.coefficients += other.coefficients
        out.rules += other.rules
        var stack = factors
        for f in other.factors {
            if case .dense(let m) = f, m.isSquare, MatrixChain.isIdentity(m), !stack.isEmpty { continue }
            if let last = stack.last, case .dense(let m) = last, m.isSquare, MatrixChain.isIdentity(m) {
                stack.removeLast()
            }
            if let last = stack.last, let rule = MatrixChain.cancellation(last, f) {
                stack.removeLast()
                out.rules.append(rule)
                if stack.isEmpty {
                    // QᵀQ alone is the identity of Q's column count.
                    stack.append(.dense(try MatrixChain.identity(f.columns, limits: limits)))
                }
                continue
            }
            if let last = stack.last, case .dense(let a) = last, case .dense(let b) = f {
                try MatrixChain.checkProductSize(a.rowCount, a.columnCount, b.columnCount)
                do {
                    stack[stack.count - 1] = .dense(try a.multiplied(by: b, limits: limits))
                } catch {
                    throw MatrixLanguageError(.unsupported, "\(error)")
                }
                continue
            }
            stack.append(f)
        }
        out.factors = stack
        return out
    }

    /// The rule that cancels `left · right`, if they are Qᵀ·Q or Q·Qᵀ for an orthogonal Q
    /// with orthonormal columns or rows respectively.
    static func cancellation(_ left: Factor, _ right: Factor) -> String? {
        guard case .orthogonal(let a, let m, let ta) = left, case .orthogonal(let b, _, let tb) = right, a == b,
              ta != tb else { return nil }
        if ta && m.rowCount >= m.columnCount { return "orthogonal: \(a)^T*\(a) = I" }
        if !ta && m.rowCount <= m.columnCount { return "orthogonal: \(a)*\(a)^T = I" }
        return nil
    }

    /// The explicit entries: every factor multiplied out, the coefficient applied.
    func materialised(limits: MatrixLimits) throws(MatrixLanguageError) -> Matrix<Expr> {
        var m = factors[0].materialised
        for f in factors.dropFirst() {
            try MatrixChain.checkProductSize(m.rowCount, m.columnCount, f.columns)
            do {
                m = try m.multiplied(by: f.materialised, limits: limits)
            } catch {
                throw MatrixLanguageError(.unsupported, "\(error)")
            }
        }
        guard !coefficients.isEmpty else { return m }
        let c = coefficients.count == 1 ? coefficients[0] : Expr.product(coefficients)
        return m.scaled(by: c)
    }

    /// The single orthogonal factor this chain is (up to a transpose), if it is one.
    var soleOrthogonalFactor: Factor? {
        guard coefficients.isEmpty, factors.count == 1, case .orthogonal = factors[0] else { return nil }
        return factors[0]
    }

    /// Throws unless a rows×inner by inner×columns product stays within
    /// `MatrixExpansion.maxProductTerms` scalar products.
    static func checkProductSize(_ rows: Int, _ inner: Int, _ columns: Int) throws(MatrixLanguageError) {
        let (a, o1) = rows.multipliedReportingOverflow(by: inner)
        let (b, o2) = a.multipliedReportingOverflow(by: columns)
        guard !o1, !o2, b <= MatrixExpansion.maxProductTerms else {
            throw MatrixLanguageError(.unsupported, LimitExceeded(limit: "maxProductTerms", requested: o1 || o2 ? Int.max : b,
                                                                  maximum: MatrixExpansion.maxProductTerms).description)
        }
    }

    /// Whether `m` is the identity (number entries 1 on the diagonal, 0 elsewhere).
    static func isIdentity(_ m: Matrix<Expr>) -> Bool {
        for i in 0..<m.rowCount {
            for j in 0..<m.columnCount {
                let e = m[i, j]
                if i == j ? !e.isOne : !e.isZero { return false }
            }
        }
        return true
    }

    /// The n×n identity.
    static func identity(_ n: Int, limits: MatrixLimits) throws(MatrixLanguageError) -> Matrix<Expr> {
        do {
            return try Matrix<Expr>.identity(n, limits: limits)
        } catch {
            throw MatrixLanguageError(.unsupported, "\(error)")
        }
    }
}

/// `4×2 matrix`, `vector of length 3` (a column), `row vector of length 3`.
func shapePhrase(_ s: MatrixShape) -> String {
    if s.columns == 1 && s.rows != 1 { return "vector of length \(s.rows)" }
    if s.rows == 1 && s.columns != 1 { return "row vector of length \(s.columns)" }
    return "\(s.rows)×\(s.columns) matrix"
}
