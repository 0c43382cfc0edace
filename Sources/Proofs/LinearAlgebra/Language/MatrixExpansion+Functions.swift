// The matrix functions of the `.drv` language: det, trace, inverse, transpose, the three
// norms, rows, hadamard, identity (see `MatrixExpansion` for the choices).
import Symbolic

extension ExpansionSession {
    func special(_ name: String, _ arguments: [Expr]) throws(MatrixLanguageError) -> MatrixValue {
        func one() throws(MatrixLanguageError) -> Expr {
            guard arguments.count == 1 else {
                throw MatrixLanguageError(.unsupported, "'\(name)' takes 1 argument, got \(arguments.count)")
            }
            return arguments[0]
        }
        switch name {
        case "det":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(s)
            case .matrix(let c):
                guard c.rows == c.columns else {
                    throw MatrixLanguageError(.shape, "'det' needs a square matrix, not a \(shapePhrase(c.shape))")
                }
                return .scalar(try determinant(try materialise(c)))
            }
        case "trace":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(s)
            case .matrix(let c):
                guard c.rows == c.columns else {
                    throw MatrixLanguageError(.shape, "'trace' needs a square matrix, not a \(shapePhrase(c.shape))")
                }
                return .scalar(Matrix<Expr>.sumNode(try materialise(c).diagonal))
            }
        case "inverse":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(.power(s, .minusOne))
            case .matrix(let c): return .matrix(try inverse(c))
            }
        case "transpose":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(s)
            case .matrix(let c): return .matrix(c.transposed)
            }
        case "norm":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(.call(.abs, s))
            case .matrix(let c):
                guard c.rows == 1 || c.columns == 1 else {
                    throw MatrixLanguageError(.shape, "'norm' takes a vector, not a \(shapePhrase(c.shape)); "
                                              + "use 'normF' or 'norm2' for a matrix")
                }
                return .scalar(.call(.sqrt, Matrix<Expr>.sumNode(try gram(c, ofColumns: c.columns == 1).diagonal)))
            }
        case "normF":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(.call(.abs, s))
            case .matrix(let c):
                return .scalar(.call(.sqrt, Matrix<Expr>.sumNode(try gram(c, ofColumns: c.columns <= c.rows).diagonal)))
            }
        case "norm2":
            switch try value(try one()) {
            case .scalar(let s): return .scalar(.call(.abs, s))
            case .matrix(let c): return .scalar(try spectralNorm(c))
            }
        case "rows":
            guard arguments.count == 2 else {
                throw MatrixLanguageError(.unsupported, "'rows' takes 2 arguments, got \(arguments.count)")
            }
            let m = try materialise(try chain(arguments[0], in: "'rows'"))
            let indices = try indexSet(arguments[1])
            for i in indices where i < 1 || i > m.rowCount {
                throw MatrixLanguageError(.index, "row \(i) is outside the \(shapePhrase(m.shape)) (rows count from 1)")
            }
            do {
                return .matrix(MatrixChain(try m.selectingRows(indices.map { $0 - 1 })))
            } catch {
                throw MatrixLanguageError(.index, "\(error)")
            }
        case "hadamard":
            guard arguments.count == 2 else {
                throw MatrixLanguageError(.unsupported, "'hadamard' takes 2 arguments, got \(arguments.count)")
            }
            let a = try materialise(try chain(arguments[0], in: "'hadamard'"))
            let b = try materialise(try chain(arguments[1], in: "'hadamard'"))
            do {
                return .matrix(MatrixChain(try a.hadamard(b)))
            } catch {
                throw MatrixLanguageError(.shape, "'hadamard' needs two matrices of one shape, not a "
                                          + "\(shapePhrase(a.shape)) and a \(shapePhrase(b.shape))")
            }
        case "identity":
            guard let n = integer(try one()), n >= 1 else {
                throw MatrixLanguageError(.size, "'identity(n)' needs a fixed positive integer n, not \(arguments[0])")
            }
            return .matrix(MatrixChain(try MatrixChain.identity(n, limits: matrixLimits)))
        default:
            throw MatrixLanguageError(.unsupported, "'\(name)(…)' has no value here; it is used as "
                                      + "'sum_{S in subsets(1..n, k)}[…]'")
        }
    }

    /// The 1-based index set of `rows(B, S)`: a list literal of integers or a range `a..b`.
    private func indexSet(_ e: Expr) throws(MatrixLanguageError) -> [Int] {
        switch e.kind {
        case .list(let items):
            var out: [Int] = []
            for x in items {
                guard let k = integer(x) else {
                    throw MatrixLanguageError(.index, "the row indices of 'rows' must be fixed integers, not \(x)")
                }
                out.append(k)
            }
            return out
        case .range(let lo, let hi):
            guard let a = integer(lo), let b = integer(hi) else {
                throw MatrixLanguageError(.index, "the row range of 'rows' must have fixed integer ends")
            }
            return a <= b ? Array(a...b) : []
        case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .subscripted:
            throw MatrixLanguageError(.index, "the second argument of 'rows' is a set of row indices such as S in "
                                      + "'sum_{S in subsets(1..4, 2)}[…]' or [1, 3], not \(e)")
        }
    }

    // MARK: - Determinant, inverse, spectral norm

    /// The exact values of the entries, if every entry is a rational number.
    private func rationalEntries(_ m: Matrix<Expr>) -> Matrix<Rational>? {
        var out: [Rational] = []
        out.reserveCapacity(m.entries.count)
        for e in m.entries {
            guard let r = try? e.evaluateExactly(at: [:], limits: limits) else { return nil }
            out.append(r)
        }
        return try? Matrix<Rational>(rows: m.rowCount, columns: m.columnCount, entries: out, limits: matrixLimits)
    }

    /// Whether the exact expansion of a determinant of `m` is small enough (see the file notes
    /// of `MatrixExpansion`).
    private func expandsSymbolically(_ m: Matrix<Expr>) -> Bool {
        guard !numericAtoms, m.rowCount <= matrixLimits.maxSymbolicDeterminantSize else { return false }
        let budget = MatrixExpansion.symbolicBudget
        var estimate = 1
        for k in 1...max(1, m.rowCount) {
            estimate = estimate.multipliedReportingOverflow(by: k).partialValue
            if estimate > budget { return false }
        }
        for i in 0..<m.rowCount {
            let widest = m.row(i).map { TermBound.of($0, cap: budget) }.max() ?? 1
            let (p, overflow) = estimate.multipliedReportingOverflow(by: max(1, widest))
            if overflow || p > budget { return false }
            estimate = p
        }
        return true
    }

    func determinant(_ m: Matrix<Expr>) throws(MatrixLanguageError) -> Expr {
        if m.rowCount == 0 { return .one }
        if let exact = rationalEntries(m) {
            do {
                return .number(try exact.determinant(limits: matrixLimits))
            } catch {
                throw MatrixLanguageError(.unsupported, "determinant: \(error)")
            }
        }
        if m.rowCount == 1 { return m[0, 0] }
        if defersDeterminants && containsDeferred(m) { gaveUpDeferring = true }
        if expandsSymbolically(m) {
            if defersDeterminants && Self.hasDistinctSymbolEntries(m) {
                return deferring(m)
            }
            if let known = knownDeterminants[DeterminantKey(m)] { return known }
            do {
                return try m.determinant(limits: matrixLimits)
            } catch LinearAlgebraError.limitExceeded {
                // Too large after all: fall through to the numeric atom.
            } catch {
                throw MatrixLanguageError(.unsupported, "determinant: \(error)")
            }
        }
        try checkNumericSize(m, "determinant")
        markAtoms()
        return MatrixAtoms.call(.det, m)
    }

    func inverse(_ c: MatrixChain) throws(MatrixLanguageError) -> MatrixChain {
        guard c.rows == c.columns else {
            throw MatrixLanguageError(.shape, "cannot invert a \(shapePhrase(c.shape)); only square matrices can be")
        }
        // The inverse of an orthogonal matrix is its transpose.
        if let q = c.soleOrthogonalFactor {
            return MatrixChain(factor: q.transposed)
        }
        let m = try materialise(c)
        if defersDeterminants && containsDeferred(m) { gaveUpDeferring = true }
        if let exact = rationalEntries(m) {
            do {
                return MatrixChain(Matrix<Expr>(try exact.inverse(limits: matrixLimits)))
            } catch LinearAlgebraError.singular {
                throw MatrixLanguageError(.unsupported, "the matrix \(m) is singular: it has no inverse")
            } catch {
                throw MatrixLanguageError(.unsupported, "inverse: \(error)")
            }
        }
        if m.rowCount <= matrixLimits.maxSymbolicInverseSize && expandsSymbolically(m) {
            do {
                return MatrixChain(try m.inverse(limits: matrixLimits))
            } catch LinearAlgebraError.singular {
                throw MatrixLanguageError(.unsupported, "the matrix is singular (its determinant is identically 0): it has no inverse")
            } catch LinearAlgebraError.limitExceeded {
                // Fall through to the numeric atoms.
            } catch {
                throw MatrixLanguageError(.unsupported, "inverse: \(error)")
            }
        }
        try checkNumericSize(m, "inverse")
        markAtoms()
        let n = m.rowCount
        var entries: [Expr] = []
        for i in 1...n {
            for j in 1...n { entries.append(MatrixAtoms.call(.inverse, m, entry: (i, j))) }
        }
        return MatrixChain(Matrix<Expr>(uncheckedRows: n, columns: n, entries: entries))
    }

    // MARK: Deferred determinants (probing; see `MatrixExpansion.probe`)

    /// The name of the placeholder of a deferred determinant (no `.drv` name starts with
    /// U+0001); its one argument is the index into `deferred`.
    static let deferredName = "\u{1}deferred-det"

    /// A placeholder for the determinant of `m`, recorded for the probe.
    private func deferring(_ m: Matrix<Expr>) -> Expr {
        deferred.append(m)
        return Expr(.call(.opaque(OpaqueFunction(name: Self.deferredName)), [.integer(deferred.count - 1)]))
    }

    /// Whether some entry of `m` contains a placeholder.
    private func containsDeferred(_ m: Matrix<Expr>) -> Bool {
        guard !deferred.isEmpty else { return false }
        return m.entries.contains { entry in
            entry.containsSubexpression(ofKinds: .opaqueCall) { node in
                if case .call(.opaque(let o), _) = node.kind { return o.name == Self.deferredName }
                return false
            }
        }
    }

    /// Whether every entry is a symbol and no two are the same.
    static func hasDistinctSymbolEntries(_ m: Matrix<Expr>) -> Bool {
        var names = Set<String>()
        for e in m.entries {
            guard case .symbol(let s) = e.kind, names.insert(s.name).inserted else { return false }
        }
        return true
    }

    /// WᵀW (`ofColumns`) or WWᵀ, through the chain so that an orthogonal factor cancels
    /// (‖Qx‖ = ‖x‖ by the rule QᵀQ = I).
    func gram(_ c: MatrixChain, ofColumns: Bool) throws(MatrixLanguageError) -> Matrix<Expr> {
        let g = ofColumns ? try c.transposed.multiplied(by: c, limits: matrixLimits)
                          : try c.multiplied(by: c.transposed, limits: matrixLimits)
        return try materialise(g)
    }

    /// ‖W‖₂: |w| for 1×1, the vector norm for one row or column, the closed form of the 2×2
    /// Gram matrix when the smaller size is 2, an atom beyond.
    func spectralNorm(_ c: MatrixChain) throws(MatrixLanguageError) -> Expr {
        let k = min(c.rows, c.columns)
        if k == 0 { return .zero }
        if k == 1 || k == 2 {
            let g = try gram(c, ofColumns: c.columns == k)
            if k == 1 { return .call(.sqrt, g[0, 0]) }
            let a = g[0, 0], b = g[0, 1], d = g[1, 1]
            let spread = Expr.call(.sqrt, .power(a - d, .integer(2)) + .integer(4) * .power(b, .integer(2)))
            return .call(.sqrt, (a + d + spread) / .integer(2))
        }
        let m = try materialise(c)
        try checkNumericSize(m, "spectral norm")
        markAtoms()
        return MatrixAtoms.call(.norm2, m)
    }

    /// Throws unless a matrix is small enough to be evaluated numerically at every point.
    private func checkNumericSize(_ m: Matrix<Expr>, _ what: String) throws(MatrixLanguageError) {
        let size = max(m.rowCount, m.columnCount)
        guard size <= MatrixExpansion.maxNumericSize else {
            throw MatrixLanguageError(.unsupported, "the \(what) of a \(shapePhrase(m.shape)) is neither small enough to "
                                      + "expand nor to evaluate at every point: "
                                      + LimitExceeded(limit: "maxNumericSize", requested: size,
                                                      maximum: MatrixExpansion.maxNumericSize).description)
        }
    }
}

/// A square matrix of expressions as a structural key (its determinant is a function of it).
struct DeterminantKey: Hashable {
    let size: Int
    let entries: [Expr]

    init(_ m: Matrix<Expr>) {
        size = m.rowCount
        entries = m.entries
    }
}

/// An upper bound on the number of terms of an expression once products and integer powers
/// are expanded (atoms count 1), saturating at a cap.
enum TermBound {
    /// The bound of `e`; a deferred determinant's placeholder (probing) counts
    /// `deferred[index]` instead of 1.
    static func of(_ e: Expr, cap: Int, deferred: [Int] = []) -> Int {
        var memo: IdentityMap<Int> = [:]
        func walk(_ x: Expr) -> Int {
            if let hit = memo[x.identity] { return hit }
            let value: Int
            switch x.kind {
            case .sum(let terms):
                // Past the cap the bound stays cap + 1: the remaining terms need no walk.
                var total = 0
                for t in terms {
                    total = min(cap + 1, total + walk(t))
                    if total > cap { break }
                }
                value = total
            case .product(let factors):
                value = factors.reduce(1) { acc, f in
                    let (p, overflow) = acc.multipliedReportingOverflow(by: walk(f))
                    return overflow ? cap + 1 : min(cap + 1, p)
                }
            case .power(let base, let exponent):
                if let k = exponent.numberValue?.asInt, k >= 0 {
                    let b = walk(base)
                    var p = 1
                    for _ in 0..<min(k, 64) {
                        let (q, overflow) = p.multipliedReportingOverflow(by: b)
                        p = overflow ? cap + 1 : min(cap + 1, q)
                        if p > cap { break }
                    }
                    value = p
                } else {
                    value = 1
                }
            case .list(let items):
                var total = 0
                for t in items {
                    total = min(cap + 1, total + walk(t))
                    if total > cap { break }
                }
                value = total
            case .call(.opaque(let o), let arguments) where !deferred.isEmpty && o.name == ExpansionSession.deferredName:
                if arguments.count == 1, let i = arguments[0].numberValue?.asInt, deferred.indices.contains(i) {
                    value = min(cap + 1, deferred[i])
                } else {
                    value = 1
                }
            case .number, .symbol, .constant, .call, .derivative, .bigOperator, .subscripted, .range:
                value = 1
            }
            memo[x.identity] = value
            return value
        }
        return walk(e)
    }
}
