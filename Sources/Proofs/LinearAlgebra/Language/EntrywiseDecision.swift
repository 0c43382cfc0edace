// Deciding a step whose sides are matrices: entry by entry.
//
// Implementation notes
// --------------------
// Expanded matrix sides arrive as lists of rows (`MatrixExpansion`). A matrix equation holds
// when every entry does, so each entry is decided on its own (its own numeric stream: the
// seed combined with the entry's position) and the verdicts combine to the weakest: one
// refuted entry refutes the step — the first in row-major order is reported, named in the
// counterexample — any undecided entry leaves it undecided, and otherwise the step is as
// strong as its weakest entry (proved > exact > numeric). A literal 0 on one side stands for
// the zero matrix of the other side's shape; a 1×1 matrix against a scalar compares the
// entry. Matrices are compared only with `=` (there is no order on matrices here).
import Symbolic

/// Decides a step between expanded sides, entry by entry when they are matrices.
enum EntrywiseDecision {
    /// `checker.decide(lhs, relation, rhs)`, or the entrywise decision when a side is a
    /// matrix (see the file notes).
    static func decide(_ checker: EquivalenceChecker, _ lhs: Expr, _ relation: Relation, _ rhs: Expr) -> EquivalenceResult {
        let left = MatrixExpansion.matrix(fromRows: lhs), right = MatrixExpansion.matrix(fromRows: rhs)
        if left == nil && right == nil { return checker.decide(lhs, relation, rhs) }
        func unknown(_ note: String) -> EquivalenceResult {
            var r = EquivalenceResult(verdict: .unknown)
            r.notes = [note]
            return r
        }
        // Bring both sides to matrices of one shape.
        var a: Matrix<Expr>, b: Matrix<Expr>
        switch (left, right) {
        case (let l?, let r?):
            (a, b) = (l, r)
        case (let l?, nil):
            if l.rowCount == 1 && l.columnCount == 1 { return checker.decide(l[0, 0], relation, rhs) }
            guard rhs.isZero else { return unknown("the left side is a \(shapePhrase(l.shape)) and the right side a scalar") }
            (a, b) = (l, zeros(like: l))
        case (nil, let r?):
            if r.rowCount == 1 && r.columnCount == 1 { return checker.decide(lhs, relation, r[0, 0]) }
            guard lhs.isZero else { return unknown("the left side is a scalar and the right side a \(shapePhrase(r.shape))") }
            (a, b) = (zeros(like: r), r)
        case (nil, nil):
            return checker.decide(lhs, relation, rhs)
        }
        guard a.shape == b.shape else {
            return unknown("the left side is a \(shapePhrase(a.shape)) and the right side a \(shapePhrase(b.shape))")
        }
        guard relation == .equal else {
            return unknown("matrices are compared only with '=', not '\(relation.rawValue)'")
        }
        guard a.entries.count <= MatrixExpansion.maxComparedEntries else {
            return unknown(LimitExceeded(limit: "maxComparedEntries", requested: a.entries.count,
                                         maximum: MatrixExpansion.maxComparedEntries).description)
        }
        var results: [(MatrixIndex, EquivalenceResult)] = []
        for k in 0..<a.entries.count {
            var c = checker
            c.seed = StableHash.combine(checker.seed, UInt64(k))
            let index = MatrixIndex(row: k / a.columnCount, column: k % a.columnCount)
            let r = c.decide(a.entries[k], .equal, b.entries[k])
            results.append((index, r))
            // One refuted entry decides the step.
            if r.verdict == .refuted || r.inconsistency != nil || r.undefined != nil { break }
        }
        return combine(results, shape: a.shape)
    }

    static func zeros(like m: Matrix<Expr>) -> Matrix<Expr> {
        (try? Matrix<Expr>.zeros(rows: m.rowCount, columns: m.columnCount)) ?? m.map { _ in Expr.zero }
    }

    /// `entry (1, 2)`, 1-based.
    static func name(_ i: MatrixIndex) -> String { "entry (\(i.row + 1), \(i.column + 1))" }

    /// The combined verdict (see the file notes).
    static func combine(_ results: [(MatrixIndex, EquivalenceResult)], shape: MatrixShape) -> EquivalenceResult {
        func annotated(_ index: MatrixIndex, _ r: EquivalenceResult) -> EquivalenceResult {
            var out = r
            let where_ = name(index)
            if var cx = out.counterexample {
                cx.lhs = "\(where_): \(cx.lhs)"
                out.counterexample = cx
            }
            out.notes = out.notes.map { "\(where_): \($0)" }
            if let i = out.inconsistency { out.inconsistency = "\(where_): \(i)" }
            if let u = out.undefined { out.undefined = "\(where_): \(u)" }
            if out.verdict == .refuted || out.verdict == .unknown {
                out.notes.insert("\(where_) of the \(shapePhrase(shape)) \(out.verdict == .refuted ? "does not hold" : "is undecided")",
                                 at: 0)
            }
            return out
        }
        if let (i, r) = results.first(where: { $0.1.inconsistency != nil || $0.1.undefined != nil }) { return annotated(i, r) }
        if let (i, r) = results.first(where: { $0.1.verdict == .refuted }) { return annotated(i, r) }
        if let (i, r) = results.first(where: { $0.1.verdict == .unknown }) { return annotated(i, r) }
        func strength(_ v: EquivalenceVerdict) -> Int {
            switch v {
            case .proved: return 0
            case .exact: return 1
            case .numeric: return 2
            case .refuted, .unknown: return 3
            }
        }
        guard let weakest = results.max(by: { strength($0.1.verdict) < strength($1.1.verdict) }) else {
            return EquivalenceResult(verdict: .proved)
        }
        var out = weakest.1
        out.method = out.method.map { "entrywise (\(shape.rows)×\(shape.columns)): \($0)" }
        out.points = results.map(\.1.points).min() ?? 0
        out.maxDeviation = results.map(\.1.maxDeviation).max() ?? 0
        var rules: [String] = []
        for (_, r) in results { for rule in r.rules where !rules.contains(rule) { rules.append(rule) } }
        out.rules = rules
        out.assumed = results.flatMap(\.1.assumed)
        out.residual = nil
        return out
    }
}
