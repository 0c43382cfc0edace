// Bounds already computed under one set of assumptions.
//
// Implementation notes
// --------------------
// The sign prover is asked about the same expression again and again: `symbolicSign` tries
// the residual, its rational normal form and the rewritten forms (often the very same
// expressions when no rule fires) under two rewriting modes, a quotient's denominator is
// tried for both signs, and the rewriter discharges the same side conditions at many nodes.
// The interval of an expression is a pure function of the expression and the assumptions, so
// it is kept by structural key (`Expr` hashes in O(1) from its cached structural hash;
// equality is structural) together with the canonical form it was computed from, and
// returned again: a hit gives exactly what computing it again would. Every change to the
// assumptions starts a new memo (the value type's copies that are not changed share one,
// which is right: their assumptions are the same). Bounded (`capacity`; once full, new
// bounds are computed and not kept). Thread-safe (a mutex around the table).

/// Intervals of expressions under fixed assumptions (see the file notes).
final class BoundsMemo: @unchecked Sendable {
    /// One kept result: the canonical form (nil when it could not be formed) and its bounds.
    struct Entry {
        let canonical: Expr?
        let bounds: RealInterval
    }

    /// The largest number of expressions kept.
    static let capacity = 4096

    private var table: [Expr: Entry] = [:]
    private let mutex = PosixMutex()

    /// The kept entry for `e`, or `compute()` (kept while there is room).
    func entry(for e: Expr, compute: () -> Entry) -> Entry {
        let hit = mutex.withLock { table[e] }
        if let hit { return hit }
        let value = compute()
        mutex.withLock {
            if table.count < BoundsMemo.capacity { table[e] = value }
        }
        return value
    }
}
