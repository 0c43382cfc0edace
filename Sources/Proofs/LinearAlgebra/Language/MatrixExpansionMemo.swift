// Matrix expansions already computed in one file's check, kept for the checks that follow.
//
// Implementation notes
// --------------------
// Every step is unfolded for its own check and again for each instance, and the matrix
// expansion (determinants of symbolic 8 × 8 products, Cauchy–Binet sums over subsets) is
// most of that work. An expansion is a function of the expression, the limits and the
// declarations of the matrices the expression mentions (by name or by entry name:
// sizes, properties and an instance's value), so it is kept under exactly that key (the
// other declarations cannot change it) and returned again: a hit gives what expanding
// again would. Errors are not kept (they are recomputed). Bounded (`capacity`); once full,
// expansions are computed and not kept. Not thread-safe: one memo per file check.
// An instance's matrix values are expanded and validated against their declarations at every
// step; they are kept the same way (by declaration, value and limits).
import Symbolic

/// Matrix expansions by expression, limits and the declarations they read (see the notes).
final class MatrixExpansionMemo: @unchecked Sendable {
    private struct Declaration: Hashable {
        let name: String
        let rows: Expr
        let columns: Expr
        let isVector: Bool
        let properties: [DeclaredMatrixProperty]
        let valueShape: MatrixShape?
        let valueEntries: [Expr]?
    }

    private struct Key: Hashable {
        let expression: Expr
        let limits: Limits
        let declarations: [Declaration]
    }

    private struct BindingKey: Hashable {
        let declaration: Declaration
        let value: Expr
        let limits: Limits
    }

    private var kept: [Key: MatrixExpansion.Result] = [:]
    private var bindings: [BindingKey: Matrix<Expr>] = [:]
    /// The largest number of expansions kept.
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// `MatrixExpansion.expand(e, matrices:, limits:)`, computed once per key.
    func expand(_ e: Expr, matrices: [String: DeclaredMatrix], limits: Limits) throws(MatrixLanguageError) -> MatrixExpansion.Result {
        guard !matrices.isEmpty else { return try MatrixExpansion.expand(e, matrices: matrices, limits: limits) }
        var names = Set<String>()
        _ = e.containsSubexpression(ofKinds: .symbol) { node in
            if case .symbol(let s) = node.kind {
                if matrices[s.name] != nil {
                    names.insert(s.name)
                } else if let (base, _) = DeclaredMatrix.parseEntryName(s.name), matrices[base] != nil {
                    names.insert(base)
                }
            }
            return false
        }
        let declarations = names.sorted().compactMap { name -> Declaration? in
            guard let d = matrices[name] else { return nil }
            return Declaration(name: name, rows: d.rows, columns: d.columns, isVector: d.isVector,
                               properties: d.properties, valueShape: d.value?.shape, valueEntries: d.value?.entries)
        }
        let key = Key(expression: e, limits: limits, declarations: declarations)
        if let result = kept[key] { return result }
        let result = try MatrixExpansion.expand(e, matrices: matrices, limits: limits)
        if kept.count < capacity { kept[key] = result }
        return result
    }

    /// An instance's value of a declared matrix, expanded and validated against the
    /// declaration by `compute`, once per declaration, value and limits (a function of
    /// exactly these; errors are not kept).
    func binding(_ d: DeclaredMatrix, value: Expr, limits: Limits,
                 compute: () throws(MatrixLanguageError) -> Matrix<Expr>) throws(MatrixLanguageError) -> Matrix<Expr> {
        let declaration = Declaration(name: d.name, rows: d.rows, columns: d.columns, isVector: d.isVector,
                                      properties: d.properties, valueShape: nil, valueEntries: nil)
        let key = BindingKey(declaration: declaration, value: value, limits: limits)
        if let m = bindings[key] { return m }
        let m = try compute()
        if bindings.count < capacity { bindings[key] = m }
        return m
    }
}
