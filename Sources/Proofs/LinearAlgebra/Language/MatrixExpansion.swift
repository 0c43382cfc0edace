// The bridge from `.drv` matrix expressions to scalar expressions the checker can decide.
//
// Implementation notes
// --------------------
// After definitions are unfolded and finite sums unrolled, every matrix-valued
// sub-expression is evaluated at its fixed size into explicit entries: a declared matrix is
// its matrix of entry symbols (`DeclaredMatrix`), a list literal `[[1, 2], [0, 1]]` its
// entries (a flat list is a column; a list of column vectors `[x, y]` has them as columns),
// and products, transposes (`B^T`, `transpose`), sums, scalar multiples, integer powers,
// inverses (`B^-1`, `inverse`), `identity(n)`, `rows(B, S)`, `hadamard(A, B)` and sums over
// `S in subsets(1..n, k)` (unrolled, S becoming the list of its elements) are carried out on
// the entries (`MatrixChain` keeps products of a declared orthogonal Q lazy long enough to
// cancel QᵀQ). Scalar results leave the matrix world: `det` (exact: Bareiss on rationals,
// minor expansion on polynomials — or an atom, see below), `trace`, `norm(x)` = √(Σ xᵢ²),
// `normF(W)` = √(Σ wᵢⱼ²), `norm2(W)` (|w| for a 1×1, the vector norm when one size is 1,
// the closed form √((a + c + √((a − c)² + 4b²))/2) of the 2×2 Gram matrix [[a, b], [b, c]]
// when the smaller size is 2 — every radicand a sum of squares, so rounding never makes it
// negative — and an atom beyond), an entry `(B*x)[2]` (1-based, as declared entries are; a
// literal list indexed directly keeps its 0-based lookup meaning), and a 1×1 product such as
// `x^T*y` (as the sort checker treats it). A side that is still a matrix is returned as a
// list of rows for the entrywise comparison.
//
// Exact determinants and inverses are formed only when their expansion is small: the
// estimated expanded size n!·∏ᵢ maxⱼ terms(aᵢⱼ) of a determinant must stay within
// `symbolicBudget`, and the whole side's estimated expanded size too (a sum of 70 squared
// 4×4 minors is small per determinant and large in total); otherwise the side is expanded
// again with every symbolic determinant, inverse and spectral norm of size ≥ 3 as a numeric
// atom (`MatrixAtoms`). So a family is proved where it is small and checked numerically
// where it is not.
//
// A side with a sum over subsets is first probed (`probe`): the symbolic expansion is run
// with every determinant of pairwise-distinct symbols that would be expanded deferred (a
// placeholder), then determinants are expanded one at a time until the side's term bound,
// counting each deferred one as its expanded bound and each not yet expanded as 0, passes
// the budget. The term bound only grows with the bounds of its atoms, so the real symbolic
// expansion would then be discarded too, and it is skipped (a 6×6 minor has 720 terms; a
// Cauchy–Binet sum has up to 70 of them). This holds because (a) placeholders are only
// summed, multiplied, raised to powers or put inside calls (the probe gives up when one
// would enter another determinant or an inverse, whose expansion depends on its entries),
// (b) the side is a scalar with nothing left to unroll, and (c) one determinant of each size
// is expanded for real first: determinants of distinct symbols of one size are the same
// computation up to the names, so if one succeeds every one does (none would have fallen
// back to an atom or failed). Otherwise the symbolic expansion runs as before, reusing the
// determinants the probe expanded (the same values).
import Symbolic

/// Expands matrix expressions into scalar expressions (see the file notes).
public enum MatrixExpansion {
    /// The largest estimated number of expanded terms a symbolic determinant, inverse or
    /// whole side may have before the numeric atoms take over.
    public static let symbolicBudget = 2_000

    /// The most terms one unrolled subset sum may have.
    public static let maxSubsetTerms = 10_000

    /// The most scalar products one matrix product may form (rows × inner × columns).
    public static let maxProductTerms = 1_000_000

    /// The largest size of a matrix evaluated numerically at every point (determinant,
    /// inverse, spectral norm atoms).
    public static let maxNumericSize = 64

    /// The most entries a step between matrices compares.
    public static let maxComparedEntries = 4_096

    /// The special functions this pass gives meaning to.
    static let functions: Set<String> = [
        "det", "trace", "inverse", "transpose", "norm", "normF", "norm2", "rows", "hadamard", "identity", "subsets",
    ]

    /// The result of expanding one expression.
    public struct Result: Sendable {
        /// A scalar expression, or a list of rows when the value is a matrix.
        public var expression: Expr
        /// The orthogonality rules used (`orthogonal: Q^T*Q = I`).
        public var rules: [String]
        /// Whether some matrix function was left as a numeric atom.
        public var usesNumericAtoms: Bool
    }

    /// Expands `e` with the declared matrices `matrices` (sizes already fixed by the family).
    /// - Throws: ``MatrixLanguageError`` for shapes that do not fit, sizes that are not fixed,
    ///   indices out of range and unsupported uses.
    public static func expand(_ e: Expr, matrices: [String: DeclaredMatrix],
                              limits: Limits = .default) throws(MatrixLanguageError) -> Result {
        try expand(e, matrices: matrices, limits: limits, probing: true)
    }

    /// `expand(_:matrices:limits:)`; without `probing` the symbolic expansion always runs
    /// first (the reference the probe must agree with).
    static func expand(_ e: Expr, matrices: [String: DeclaredMatrix], limits: Limits,
                       probing: Bool) throws(MatrixLanguageError) -> Result {
        guard needsExpansion(e, matrices: matrices) else {
            return Result(expression: e, rules: [], usesNumericAtoms: false)
        }
        let (overBudget, known) = probing && containsSubsetSum(e) ? probe(e, matrices: matrices, limits: limits) : (false, [:])
        if !overBudget {
            let symbolic = ExpansionSession(matrices: matrices, limits: limits, numericAtoms: false)
            symbolic.knownDeterminants = known
            let first = try symbolic.run(e)
            if TermBound.of(first, cap: symbolicBudget) <= symbolicBudget {
                return Result(expression: first, rules: symbolic.rules, usesNumericAtoms: symbolic.usedAtoms)
            }
        }
        let numeric = ExpansionSession(matrices: matrices, limits: limits, numericAtoms: true)
        let second = try numeric.run(e)
        return Result(expression: second, rules: numeric.rules, usesNumericAtoms: true)
    }

    /// Whether `e` has a sum or product over subsets.
    static func containsSubsetSum(_ e: Expr) -> Bool {
        e.containsSubexpression(ofKinds: .bigOperator) { node in
            if case .bigOperator(let op) = node.kind { return op.bindings.contains { $0.relation == .member } }
            return false
        }
    }

    /// Whether the symbolic expansion of `e` is certainly over the budget (see the file
    /// notes), and the determinants expanded on the way (for the expansion that follows when
    /// it is not).
    static func probe(_ e: Expr, matrices: [String: DeclaredMatrix],
                      limits: Limits) -> (overBudget: Bool, determinants: [DeterminantKey: Expr]) {
        let session = ExpansionSession(matrices: matrices, limits: limits, numericAtoms: false)
        session.defersDeterminants = true
        guard case .scalar(let value)? = try? session.value(e), !session.gaveUpDeferring,
              !session.deferred.isEmpty, !ExpansionSession.mayUnroll(value) else { return (false, [:]) }
        var known: [DeterminantKey: Expr] = [:]
        var weights = [Int](repeating: 0, count: session.deferred.count)
        func expand(_ i: Int) -> Bool {
            let m = session.deferred[i]
            let key = DeterminantKey(m)
            if let d = known[key] {
                weights[i] = TermBound.of(d, cap: symbolicBudget)
                return true
            }
            guard let d = try? m.determinant(limits: session.matrixLimits) else { return false }
            known[key] = d
            weights[i] = TermBound.of(d, cap: symbolicBudget)
            return true
        }
        // One of each size first: if it fails, so would the others (see the file notes).
        var sizes = Set<Int>()
        for i in session.deferred.indices where sizes.insert(session.deferred[i].rowCount).inserted {
            guard expand(i) else { return (false, known) }
        }
        if TermBound.of(value, cap: symbolicBudget, deferred: weights) > symbolicBudget { return (true, known) }
        for i in session.deferred.indices where weights[i] == 0 {
            guard expand(i) else { return (false, known) }
            if TermBound.of(value, cap: symbolicBudget, deferred: weights) > symbolicBudget { return (true, known) }
        }
        return (false, known)
    }

    /// Whether `e` mentions anything this pass expands: a declared matrix or one of its entry
    /// symbols, a matrix function, a list, a transpose or a subset binding.
    static func needsExpansion(_ e: Expr, matrices: [String: DeclaredMatrix]) -> Bool {
        e.containsSubexpression(ofKinds: [.symbol, .opaqueCall, .list, .power, .bigOperator]) { node in
            switch node.kind {
            case .symbol(let s):
                if matrices[s.name] != nil { return true }
                if let (base, _) = DeclaredMatrix.parseEntryName(s.name), let d = matrices[base] {
                    return d.value != nil || d.isSymmetric || d.has(.diagonal)
                }
                return false
            case .call(.opaque(let o), _):
                return functions.contains(o.name)
            case .list:
                return true
            case .power(_, let exponent):
                return exponent.symbolValue?.name == "T"
            case .bigOperator(let op):
                return op.bindings.contains { $0.relation == .member }
            case .number, .constant, .sum, .product, .call(.builtin, _), .derivative, .subscripted, .range:
                return false
            }
        }
    }

    /// The matrix of a list-of-rows expression produced by ``expand(_:matrices:limits:)``.
    public static func matrix(fromRows e: Expr) -> Matrix<Expr>? {
        guard case .list(let rows) = e.kind, !rows.isEmpty else { return nil }
        var out: [[Expr]] = []
        for r in rows {
            guard case .list(let items) = r.kind else { return nil }
            out.append(items)
        }
        return try? Matrix<Expr>(rows: out)
    }
}

/// A value during expansion.
enum MatrixValue {
    case scalar(Expr)
    case matrix(MatrixChain)
}

/// One expansion of one expression (mutable memo and findings).
final class ExpansionSession {
    let matrices: [String: DeclaredMatrix]
    let limits: Limits
    let matrixLimits: MatrixLimits
    let numericAtoms: Bool
    private(set) var rules: [String] = []
    private(set) var usedAtoms = false
    private var memo: IdentityMap<MatrixValue> = [:]
    private var retained: [Expr] = []
    /// Names bound by enclosing big operators (they hide declared matrices).
    private var shadowed: [String] = []
    private var entryCache: [String: Matrix<Expr>] = [:]
    private var depth = 0
    /// Probing only: determinants of distinct symbols are deferred (placeholders).
    var defersDeterminants = false
    /// The deferred determinants, by placeholder index.
    var deferred: [Matrix<Expr>] = []
    /// Whether a placeholder reached a computation that depends on its entries.
    var gaveUpDeferring = false
    /// Determinants already expanded (by a probe of the same expression).
    var knownDeterminants: [DeterminantKey: Expr] = [:]

    init(matrices: [String: DeclaredMatrix], limits: Limits, numericAtoms: Bool) {
        self.matrices = matrices
        self.limits = limits
        var m = MatrixLimits()
        m.algebra = limits
        self.matrixLimits = m
        self.numericAtoms = numericAtoms
    }

    /// The expanded expression: scalar, or a list of rows.
    func run(_ e: Expr) throws(MatrixLanguageError) -> Expr {
        switch try value(e) {
        case .scalar(let s):
            return try finite(s)
        case .matrix(let chain):
            let m = try materialise(chain)
            let rows = try m.rows.map { row throws(MatrixLanguageError) in
                Expr(.list(try row.map { x throws(MatrixLanguageError) in try finite(x) }))
            }
            return Expr(.list(rows))
        }
    }

    /// Names entries indexed by integers that appeared during the expansion (`x[2]` inside a
    /// sum over subsets).
    private func finite(_ e: Expr) throws(MatrixLanguageError) -> Expr {
        // Without a big operator or a subscript there is nothing to unroll or name: the
        // expansion would return `e` itself (a symbolic determinant is thousands of nodes).
        guard Self.mayUnroll(e) else { return e }
        do {
            return try FiniteExpansion.expand(e, limits: limits)
        } catch {
            throw MatrixLanguageError(.unsupported, "\(error)")
        }
    }

    /// Whether `e` has a big operator or a subscript (what `FiniteExpansion` acts on), read
    /// off the node kinds recorded at construction.
    static func mayUnroll(_ e: Expr) -> Bool {
        !e.occurringKinds.isDisjoint(with: [.bigOperator, .subscripted])
    }

    // MARK: - Walking

    func value(_ e: Expr) throws(MatrixLanguageError) -> MatrixValue {
        if shadowed.isEmpty, let hit = memo[e.identity] { return hit }
        depth += 1
        defer { depth -= 1 }
        guard depth <= limits.maxDepth else {
            throw MatrixLanguageError(.unsupported, LimitExceeded(limit: "maxDepth", requested: depth, maximum: limits.maxDepth).description)
        }
        let v = try compute(e)
        if shadowed.isEmpty {
            memo[e.identity] = v
            retained.append(e)
        }
        return v
    }

    /// The value of `e` as a scalar (a 1×1 matrix gives its entry).
    func scalar(_ e: Expr, in context: @autoclosure () -> String) throws(MatrixLanguageError) -> Expr {
        switch try value(e) {
        case .scalar(let s):
            return s
        case .matrix(let chain):
            if chain.rows == 1 && chain.columns == 1 { return try materialise(chain)[0, 0] }
            throw MatrixLanguageError(.shape, "\(context()) takes a scalar, not a \(shapePhrase(chain.shape))")
        }
    }

    /// The value of `e` as a matrix (a scalar is a 1×1 matrix when `allowScalar`).
    func chain(_ e: Expr, in context: @autoclosure () -> String, allowScalar: Bool = false) throws(MatrixLanguageError) -> MatrixChain {
        switch try value(e) {
        case .matrix(let c):
            return c
        case .scalar(let s):
            if allowScalar { return MatrixChain(Matrix<Expr>(column: [s])) }
            throw MatrixLanguageError(.shape, "\(context()) takes a matrix, not a scalar")
        }
    }

    /// Records that a matrix function was left as a numeric atom.
    func markAtoms() {
        usedAtoms = true
    }

    func materialise(_ c: MatrixChain) throws(MatrixLanguageError) -> Matrix<Expr> {
        rules += c.rules
        return try c.materialised(limits: matrixLimits)
    }

    private func compute(_ e: Expr) throws(MatrixLanguageError) -> MatrixValue {
        switch e.kind {
        case .number, .constant, .range:
            return .scalar(e)
        case .symbol(let s):
            return try symbol(s, e)
        case .sum(let terms):
            return try sum(e, terms)
        case .product(let factors):
            return try product(e, factors)
        case .power(let base, let exponent):
            return try power(e, base, exponent)
        case .call(.builtin(let b), let arguments):
            let args = try arguments.map { a throws(MatrixLanguageError) in try scalar(a, in: "'\(b.rawValue)'") }
            return .scalar(args == arguments ? e : Expr(.call(.builtin(b), args)))
        case .call(.opaque(let o), let arguments):
            if MatrixExpansion.functions.contains(o.name), o.conditioningIndex == nil, !o.isDifferentiated,
               !shadowed.contains(o.name) {
                return try special(o.name, arguments)
            }
            let args = try arguments.map { a throws(MatrixLanguageError) in try scalar(a, in: "'\(o.name)'") }
            return .scalar(args == arguments ? e : Expr(.call(.opaque(o), args)))
        case .derivative(let of, let variable, let order):
            let body = try scalar(of, in: "'diff'")
            return .scalar(body == of ? e : Expr(.derivative(of: body, variable: variable, order: order)))
        case .bigOperator(let op):
            return try bigOperator(e, op)
        case .list(let items):
            return try list(items)
        case .subscripted(let base, let indices):
            return try subscripted(e, base, indices)
        }
    }

    // MARK: Names and entries

    private func declared(_ name: String) -> DeclaredMatrix? {
        shadowed.contains(name) ? nil : matrices[name]
    }

    private func entries(of d: DeclaredMatrix) throws(MatrixLanguageError) -> Matrix<Expr> {
        if let cached = entryCache[d.name] { return cached }
        let m = try d.entries(limits: matrixLimits)
        entryCache[d.name] = m
        return m
    }

    private func symbol(_ s: Symbol, _ e: Expr) throws(MatrixLanguageError) -> MatrixValue {
        if let d = declared(s.name) {
            let m = try entries(of: d)
            if d.isOrthogonal { return .matrix(MatrixChain(factor: .orthogonal(name: d.name, entries: m, transposed: false))) }
            return .matrix(MatrixChain(m))
        }
        if let (base, indices) = DeclaredMatrix.parseEntryName(s.name), let d = declared(base) {
            return .scalar(try entry(of: d, indices))
        }
        return .scalar(e)
    }

    /// Entry `indices` (1-based) of a declared matrix, range-checked.
    private func entry(of d: DeclaredMatrix, _ indices: [Int]) throws(MatrixLanguageError) -> Expr {
        let m = try entries(of: d)
        let (i, j): (Int, Int)
        switch indices.count {
        case 1 where d.isVector || m.columnCount == 1: (i, j) = (indices[0], 1)
        case 2: (i, j) = (indices[0], indices[1])
        default:
            throw MatrixLanguageError(.index, "'\(d.name)' is a \(shapePhrase(m.shape)); write "
                                      + (d.isVector ? "'\(d.name)[i]'" : "'\(d.name)[i, j]'"))
        }
        return try entry(of: m, i, j, name: d.name)
    }

    private func entry(of m: Matrix<Expr>, _ i: Int, _ j: Int, name: String) throws(MatrixLanguageError) -> Expr {
        guard i >= 1, i <= m.rowCount, j >= 1, j <= m.columnCount else {
            throw MatrixLanguageError(.index, "index [\(i), \(j)] is outside the \(shapePhrase(m.shape)) \(name) "
                                      + "(entries count from 1)")
        }
        return m[i - 1, j - 1]
    }

    private func subscripted(_ e: Expr, _ base: Expr, _ indices: [Expr]) throws(MatrixLanguageError) -> MatrixValue {
        // A literal list indexed directly is a lookup table (0-based): not a matrix entry.
        if case .list = base.kind { return .scalar(e) }
        let values = indices.map { $0.numberValue?.asInt }
        if case .symbol(let s) = base.kind, let d = declared(s.name) {
            guard values.allSatisfy({ $0 != nil }) else { return .scalar(e) }
            return .scalar(try entry(of: d, values.map { $0 ?? 0 }))
        }
        guard case .matrix(let c) = try value(base) else { return .scalar(e) }
        guard values.allSatisfy({ $0 != nil }) else {
            throw MatrixLanguageError(.index, "the indices of a matrix expression must be fixed integers, not "
                                      + indices.map { "\($0)" }.joined(separator: ", "))
        }
        let m = try materialise(c)
        let k = values.map { $0 ?? 0 }
        switch k.count {
        case 1 where m.columnCount == 1: return .scalar(try entry(of: m, k[0], 1, name: "value"))
        case 1 where m.rowCount == 1: return .scalar(try entry(of: m, 1, k[0], name: "value"))
        case 2: return .scalar(try entry(of: m, k[0], k[1], name: "value"))
        default:
            throw MatrixLanguageError(.index, "a \(shapePhrase(m.shape)) takes two indices, not \(k.count)")
        }
    }

    // MARK: Arithmetic

    private func sum(_ e: Expr, _ terms: [Expr]) throws(MatrixLanguageError) -> MatrixValue {
        let values = try terms.map { t throws(MatrixLanguageError) in try value(t) }
        var scalars: [Expr] = []
        var matrices: [Matrix<Expr>] = []
        for v in values {
            switch v {
            case .scalar(let s): scalars.append(s)
            case .matrix(let c): matrices.append(try materialise(c))
            }
        }
        if matrices.isEmpty {
            return .scalar(scalars == terms ? e : Matrix<Expr>.sumNode(scalars))
        }
        // A literal 0 may be added to a matrix; any other scalar may not.
        if let s = scalars.first(where: { !$0.isZero }) {
            throw MatrixLanguageError(.shape, "cannot add a \(shapePhrase(matrices[0].shape)) and the scalar \(s)")
        }
        var total = matrices[0]
        for m in matrices.dropFirst() {
            guard m.shape == total.shape else {
                throw MatrixLanguageError(.shape, "cannot add a \(shapePhrase(total.shape)) and a \(shapePhrase(m.shape))")
            }
            total = Matrix<Expr>(uncheckedRows: total.rowCount, columns: total.columnCount,
                                 entries: zip(total.entries, m.entries).map { $0 + $1 })
        }
        return .matrix(MatrixChain(total))
    }

    private func product(_ e: Expr, _ factors: [Expr]) throws(MatrixLanguageError) -> MatrixValue {
        var scalars: [Expr] = []
        var accumulated: MatrixChain?
        var sawMatrix = false
        for f in factors {
            switch try value(f) {
            case .scalar(let s):
                scalars.append(s)
            case .matrix(let c):
                sawMatrix = true
                guard let a = accumulated else {
                    accumulated = c
                    continue
                }
                var p = try a.multiplied(by: c, limits: matrixLimits)
                rules += p.rules
                p.rules = []
                // A 1×1 product is a scalar (x^T*y), as the sort checker treats it.
                if p.rows == 1 && p.columns == 1 {
                    scalars.append(try materialise(p)[0, 0])
                    accumulated = nil
                } else {
                    accumulated = p
                }
            }
        }
        guard sawMatrix else {
            return .scalar(scalars == factors ? e : (scalars.count == 1 ? scalars[0] : .product(scalars)))
        }
        guard let c = accumulated else {
            return .scalar(scalars.count == 1 ? scalars[0] : .product(scalars))
        }
        if scalars.isEmpty { return .matrix(c) }
        return .matrix(c.scaled(by: scalars.count == 1 ? scalars[0] : .product(scalars)))
    }

    private func power(_ e: Expr, _ base: Expr, _ exponent: Expr) throws(MatrixLanguageError) -> MatrixValue {
        if exponent.symbolValue?.name == "T", !shadowed.contains("T") {
            switch try value(base) {
            case .scalar(let s): return .scalar(s)
            case .matrix(let c): return .matrix(c.transposed)
            }
        }
        let b = try value(base)
        let x = try scalar(exponent, in: "an exponent")
        switch b {
        case .scalar(let s):
            return .scalar(s == base && x == exponent ? e : .power(s, x))
        case .matrix(let c):
            guard let k = x.numberValue?.asInt else {
                throw MatrixLanguageError(.unsupported, "a matrix can be raised only to an integer power or T, not \(x)")
            }
            guard c.rows == c.columns else {
                throw MatrixLanguageError(.shape, "cannot raise a \(shapePhrase(c.shape)) to a power; only square matrices can be")
            }
            if k == 0 { return .matrix(MatrixChain(try MatrixChain.identity(c.rows, limits: matrixLimits))) }
            let unit = k > 0 ? c : try inverse(c)
            var out = unit
            guard abs(k) <= 64 else {
                throw MatrixLanguageError(.unsupported, "a matrix power above 64 (\(k)) is not expanded")
            }
            for _ in 1..<abs(k) {
                out = try out.multiplied(by: unit, limits: matrixLimits)
                rules += out.rules
                out.rules = []
            }
            return .matrix(out)
        }
    }

    private func list(_ items: [Expr]) throws(MatrixLanguageError) -> MatrixValue {
        // Rows: every item is a list literal.
        let rows = items.compactMap { item -> [Expr]? in
            if case .list(let row) = item.kind { return row }
            return nil
        }
        if !items.isEmpty, rows.count == items.count {
            let width = rows[0].count
            var entries: [[Expr]] = []
            for (i, row) in rows.enumerated() {
                guard row.count == width else {
                    throw MatrixLanguageError(.shape, "row \(i + 1) of a matrix literal has \(row.count) entries, not \(width)")
                }
                entries.append(try row.map { x throws(MatrixLanguageError) in try scalar(x, in: "an entry of a matrix literal") })
            }
            return .matrix(MatrixChain(try makeMatrix(rows: entries)))
        }
        guard !items.isEmpty else { throw MatrixLanguageError(.shape, "an empty list is not a matrix") }
        guard rows.isEmpty else { throw MatrixLanguageError(.shape, "a matrix literal mixes rows and entries") }
        let values = try items.map { x throws(MatrixLanguageError) in try value(x) }
        // A list of column vectors: the columns of a matrix (`[x, y]`).
        if values.allSatisfy({ if case .matrix(let c) = $0 { return c.columns == 1 && c.rows > 1 }; return false }) {
            var columns: [[Expr]] = []
            for v in values {
                guard case .matrix(let c) = v else { continue }
                columns.append(try materialise(c).entries)
            }
            guard columns.allSatisfy({ $0.count == columns[0].count }) else {
                throw MatrixLanguageError(.shape, "the columns of a matrix have different lengths")
            }
            let n = columns[0].count
            return .matrix(MatrixChain(try makeMatrix(rows: (0..<n).map { i in columns.map { $0[i] } })))
        }
        var column: [Expr] = []
        for (x, v) in zip(items, values) {
            switch v {
            case .scalar(let s): column.append(s)
            case .matrix(let c):
                guard c.rows == 1 && c.columns == 1 else {
                    throw MatrixLanguageError(.shape, "an entry of a vector literal is a \(shapePhrase(c.shape)): \(x)")
                }
                column.append(try materialise(c)[0, 0])
            }
        }
        return .matrix(MatrixChain(Matrix<Expr>(column: column)))
    }

    private func makeMatrix(rows: [[Expr]]) throws(MatrixLanguageError) -> Matrix<Expr> {
        do {
            return try Matrix<Expr>(rows: rows, limits: matrixLimits)
        } catch {
            throw MatrixLanguageError(.shape, "\(error)")
        }
    }

    // MARK: Big operators

    private func bigOperator(_ e: Expr, _ op: BigOperator) throws(MatrixLanguageError) -> MatrixValue {
        if (op.name == "sum" || op.name == "prod"), op.bindings.count == 1, op.bindings[0].relation == .member {
            return try subsetSum(op)
        }
        // Other operators: the body is a scalar; their bound names hide declared matrices.
        let bound = op.boundSymbols.map(\.name)
        shadowed += bound
        defer { shadowed.removeLast(bound.count) }
        // An expectation of a matrix is the matrix of the entries' expectations.
        if op.name == "E", case .matrix(let c) = try value(op.body), c.rows * c.columns > 1 {
            let m = try materialise(c)
            let entries = m.entries.map { Expr(.bigOperator(BigOperator(name: op.name, bindings: op.bindings, body: $0))) }
            do {
                return .matrix(MatrixChain(try Matrix<Expr>(rows: m.rowCount, columns: m.columnCount, entries: entries)))
            } catch {
                throw MatrixLanguageError(.shape, "\(error)")
            }
        }
        let body = try scalar(op.body, in: "the body of '\(op.name)_{…}[…]'")
        if body == op.body { return .scalar(e) }
        return .scalar(Expr(.bigOperator(BigOperator(name: op.name, bindings: op.bindings, body: body))))
    }

    /// `sum_{S in subsets(a..b, k)}[body]` (or `prod`), unrolled with S the list of its elements.
    private func subsetSum(_ op: BigOperator) throws(MatrixLanguageError) -> MatrixValue {
        let binding = op.bindings[0]
        guard let name = binding.subject.symbolValue, let set = binding.value,
              case .call(.opaque(let head), let arguments) = set.kind, head.name == "subsets", arguments.count == 2,
              case .range(let lo, let hi) = arguments[0].kind,
              let a = integer(lo), let b = integer(hi), let k = integer(arguments[1]) else {
            throw MatrixLanguageError(.size, "'\(op.name)_{S in …}' needs 'subsets(a..b, k)' with fixed integers a, b, k")
        }
        let n = max(0, b - a + 1)
        let subsets: [[Int]]
        do {
            var l = matrixLimits
            l.maxSubsets = MatrixExpansion.maxSubsetTerms
            subsets = try Subsets.combinations(of: n, size: k, limits: l)
        } catch {
            throw MatrixLanguageError(.size, "subsets(\(a)..\(b), \(k)): \(error)")
        }
        var values: [MatrixValue] = []
        for s in subsets {
            let element = Expr(.list(s.map { Expr.integer($0 + a) }))
            let body: Expr
            do {
                body = try op.body.substituting(element, for: name, limits: limits)
            } catch {
                throw MatrixLanguageError(.unsupported, "\(error)")
            }
            values.append(try value(body))
        }
        var scalars: [Expr] = []
        var total: Matrix<Expr>?
        for v in values {
            switch v {
            case .scalar(let s):
                scalars.append(s)
            case .matrix(let c):
                guard op.name == "sum" else {
                    throw MatrixLanguageError(.unsupported, "a product over subsets must have a scalar body")
                }
                let m = try materialise(c)
                if let t = total {
                    guard t.shape == m.shape else {
                        throw MatrixLanguageError(.shape, "cannot add a \(shapePhrase(t.shape)) and a \(shapePhrase(m.shape))")
                    }
                    total = Matrix<Expr>(uncheckedRows: t.rowCount, columns: t.columnCount,
                                         entries: zip(t.entries, m.entries).map { $0 + $1 })
                } else {
                    total = m
                }
            }
        }
        if let t = total {
            guard scalars.isEmpty else {
                throw MatrixLanguageError(.shape, "the body of a sum over subsets is sometimes a matrix and sometimes a scalar")
            }
            return .matrix(MatrixChain(t))
        }
        if op.name == "prod" {
            return .scalar(scalars.isEmpty ? .one : (scalars.count == 1 ? scalars[0] : .product(scalars)))
        }
        return .scalar(Matrix<Expr>.sumNode(scalars))
    }

    /// The value of a fixed integer expression, if it is one.
    func integer(_ e: Expr) -> Int? {
        (try? e.evaluateExactly(at: [:]))?.asInt
    }
}
