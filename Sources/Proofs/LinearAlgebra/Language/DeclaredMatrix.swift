// Declared matrices and vectors as the checker sees them: sizes fixed by families, structure
// from declared properties, values from instances.
//
// Implementation notes
// --------------------
// A `matrix B[r, c]` (or `vector x[n]`) becomes a matrix of entry symbols named `B[i,j]`
// (`x[i]`), exactly the names `FiniteExpansion` gives to `B[i, j]` written with integer
// indices, so entries the user indexes and entries the expansion produces are the same
// variables. Declared structure that is an *equation between entries* is built in:
// `symmetric` (and `psd`) makes entry (i, j) below the diagonal the symbol of (j, i);
// `diagonal` makes the off-diagonal entries 0. Structure that is not an equation between
// entries (`orthogonal`, `psd`, `fullrank`, `rank(r)`) shapes only the numeric sampling: one
// `JointSampler` draws the matrix's free entries together from `RandomMatrix`, and the
// symbolic side knows `orthogonal` through the word rule QᵀQ = I (see `MatrixChain`). An
// instance that binds a declared matrix replaces its entries by the bound value, after
// checking the value's shape and declared properties.
import Symbolic

/// A property of a declared matrix as written after its shape.
public enum DeclaredMatrixProperty: Hashable, Sendable, CustomStringConvertible {
    /// `orthogonal`: orthonormal columns (rows when wide).
    case orthogonal
    /// `symmetric`.
    case symmetric
    /// `psd`: symmetric positive semidefinite.
    case psd
    /// `diagonal`.
    case diagonal
    /// `fullrank`.
    case fullRank
    /// `rank(r)`: the rank, an integer or a family variable.
    case rank(Expr)

    /// Reads a property as the parser stores it (`orthogonal`, `rank(2)`, `rank(r)`).
    public init?(_ text: String) {
        switch text {
        case "orthogonal": self = .orthogonal
        case "symmetric": self = .symmetric
        case "psd": self = .psd
        case "diagonal": self = .diagonal
        case "fullrank": self = .fullRank
        default:
            guard text.hasPrefix("rank("), text.hasSuffix(")") else { return nil }
            let inner = String(text.dropFirst(5).dropLast()).filter { $0 != " " }
            if let k = Int(inner) {
                self = .rank(.integer(k))
            } else if let first = inner.first, first.isLetter, inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                self = .rank(.symbol(inner))
            } else {
                return nil
            }
        }
    }

    /// As written.
    public var description: String {
        switch self {
        case .orthogonal: return "orthogonal"
        case .symmetric: return "symmetric"
        case .psd: return "psd"
        case .diagonal: return "diagonal"
        case .fullRank: return "fullrank"
        case .rank(let r): return "rank(\(r))"
        }
    }
}

/// A declared matrix or vector: its sizes (expressions until a family fixes them), its
/// properties, and the value an instance binds it to.
public struct DeclaredMatrix: Sendable {
    /// The declared name.
    public var name: String
    /// The number of rows as declared (the length of a vector).
    public var rows: Expr
    /// The number of columns as declared (1 for a vector).
    public var columns: Expr
    /// Whether it was declared with `vector` (entries are named `x[i]`, not `x[i,1]`).
    public var isVector: Bool
    /// The declared properties.
    public var properties: [DeclaredMatrixProperty]
    /// The value bound by the instance being checked, if any.
    public var value: Matrix<Expr>?

    /// Creates a declared matrix.
    public init(name: String, rows: Expr, columns: Expr, isVector: Bool,
                properties: [DeclaredMatrixProperty] = [], value: Matrix<Expr>? = nil) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.isVector = isVector
        self.properties = properties
        self.value = value
    }

    /// The sizes with `substitution` (family values) applied.
    public func specialised(_ substitution: [Symbol: Expr], limits: Limits = .default) -> DeclaredMatrix {
        guard !substitution.isEmpty else { return self }
        var copy = self
        copy.rows = (try? rows.substituting(substitution, limits: limits)) ?? rows
        copy.columns = (try? columns.substituting(substitution, limits: limits)) ?? columns
        copy.properties = properties.map { p in
            if case .rank(let r) = p { return .rank((try? r.substituting(substitution, limits: limits)) ?? r) }
            return p
        }
        return copy
    }

    /// The sizes as integers.
    /// - Throws: ``MatrixLanguageError`` when a size is not (yet) a nonnegative integer.
    public func size() throws(MatrixLanguageError) -> MatrixShape {
        func integer(_ e: Expr, _ what: String) throws(MatrixLanguageError) -> Int {
            guard let r = try? e.evaluateExactly(at: [:]), let k = r.asInt, k >= 0 else {
                throw MatrixLanguageError(.size, "the \(what) of '\(name)' is \(e), not a fixed integer; "
                                          + "check the claim at fixed sizes with a family (`for n in 2..4`)")
            }
            return k
        }
        return MatrixShape(rows: try integer(rows, isVector ? "length" : "number of rows"),
                           columns: try integer(columns, "number of columns"))
    }

    /// Whether a property is declared.
    func has(_ property: DeclaredMatrixProperty) -> Bool { properties.contains(property) }

    /// Whether entries (i, j) and (j, i) are one symbol.
    var isSymmetric: Bool { has(.symmetric) || has(.psd) }

    /// Whether it is declared orthogonal (and not bound to a value that makes that moot).
    var isOrthogonal: Bool { has(.orthogonal) }

    /// The name of entry (i, j), 1-based: `B[1,2]`, or `x[2]` for a vector.
    func entryName(_ i: Int, _ j: Int) -> String {
        isVector ? "\(name)[\(i)]" : "\(name)[\(i),\(j)]"
    }

    /// Entry (i, j) (1-based) of the structured symbolic matrix: a symbol, the symbol of the
    /// mirrored entry (symmetric), or 0 (diagonal).
    func structuredEntry(_ i: Int, _ j: Int) -> Expr {
        if has(.diagonal) && i != j { return .zero }
        if isSymmetric && i > j { return .symbol(entryName(j, i)) }
        return .symbol(entryName(i, j))
    }

    /// The entries: the bound value, or the structured symbols.
    /// - Throws: ``MatrixLanguageError`` for sizes that are not fixed or too large.
    public func entries(limits: MatrixLimits = .default) throws(MatrixLanguageError) -> Matrix<Expr> {
        if let value { return value }
        let shape = try size()
        do {
            return try Matrix<Expr>(rows: shape.rows, columns: shape.columns, limits: limits) { i, j in
                structuredEntry(i + 1, j + 1)
            }
        } catch {
            throw MatrixLanguageError(.unsupported, "'\(name)': \(error)")
        }
    }

    /// The distinct entry symbols of the structured matrix, row by row, with their (0-based)
    /// positions.
    func freeEntries() throws(MatrixLanguageError) -> [(symbol: Symbol, row: Int, column: Int)] {
        let shape = try size()
        // Bounded before the loop: a declared size of 10^11 rows must not be walked.
        do {
            try MatrixLimits.default.checkShape(rows: shape.rows, columns: shape.columns)
        } catch {
            throw MatrixLanguageError(.unsupported, "'\(name)': \(error)")
        }
        var out: [(Symbol, Int, Int)] = []
        for i in 0..<shape.rows {
            for j in 0..<shape.columns {
                if case .symbol(let s) = structuredEntry(i + 1, j + 1).kind, s.name == entryName(i + 1, j + 1) {
                    out.append((s, i, j))
                }
            }
        }
        return out
    }

    /// The properties `RandomMatrix` draws with, or `nil` when independent entries are right
    /// (no property, or only structure that the entries already encode).
    func samplingProperties() throws(MatrixLanguageError) -> [MatrixProperty]? {
        var out: [MatrixProperty] = []
        var needsJoint = false
        for p in properties {
            switch p {
            case .orthogonal: out.append(.orthogonal); needsJoint = true
            case .symmetric: out.append(.symmetric)
            case .psd: out.append(.psd); needsJoint = true
            case .diagonal: out.append(.diagonal)
            case .fullRank: out.append(.fullRank); needsJoint = true
            case .rank(let r):
                guard let k = (try? r.evaluateExactly(at: [:]))?.asInt else {
                    throw MatrixLanguageError(.size, "the rank of '\(name)' is \(r), not a fixed integer")
                }
                out.append(.rank(k))
                needsJoint = true
            }
        }
        return needsJoint ? out : nil
    }

    /// A joint sampler for the free entries when the properties need one (see the file notes).
    /// - Throws: ``MatrixLanguageError`` for sizes that are not fixed or properties that
    ///   cannot hold together (`rank(3)` of a 4×2 matrix).
    func jointSampler() throws(MatrixLanguageError) -> JointSampler? {
        guard value == nil, let properties = try samplingProperties() else { return nil }
        let shape = try size()
        let free = try freeEntries()
        // Properties that cannot hold together are reported here, not at every draw.
        var probe = RandomSource(seed: 0)
        do {
            _ = try RandomMatrix.make(rows: shape.rows, columns: shape.columns, properties: properties, using: &probe)
        } catch {
            throw MatrixLanguageError(.unsupported, "'\(name)' cannot be sampled: \(error)")
        }
        let positions = free.map { ($0.row, $0.column) }
        return JointSampler(symbols: free.map(\.symbol)) { random in
            guard let m = try? RandomMatrix.make(rows: shape.rows, columns: shape.columns, properties: properties,
                                                 using: &random) else {
                return [Double](repeating: 0, count: positions.count)
            }
            return positions.map { m[$0.0, $0.1] }
        }
    }

    /// Parses an entry symbol name `B[1,2]` or `x[3]` into (name, 1-based indices).
    static func parseEntryName(_ name: String) -> (base: String, indices: [Int])? {
        guard name.last == "]", let open = name.firstIndex(of: "[") else { return nil }
        let base = String(name[..<open])
        let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        var indices: [Int] = []
        for p in parts {
            guard let k = Int(p) else { return nil }
            indices.append(k)
        }
        guard !base.isEmpty, !indices.isEmpty else { return nil }
        return (base, indices)
    }
}

/// Why a matrix expression could not be expanded.
public struct MatrixLanguageError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// Shapes that do not fit the operation (a 4×2 times a 4×2).
        case shape
        /// A size that is not a fixed integer.
        case size
        /// An index out of range or not an integer.
        case index
        /// An operation the language does not evaluate (a matrix inside `sqrt`, a large
        /// symbolic inverse).
        case unsupported
        /// An instance value that does not fit its declaration.
        case instance
    }

    /// The kind.
    public var kind: Kind
    /// A one-line explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The explanation.
    public var description: String { message }
}
