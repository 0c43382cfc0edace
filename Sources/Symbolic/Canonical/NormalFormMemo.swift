// Canonical and rational normal forms already computed, kept for the checks that follow.
//
// Implementation notes
// --------------------
// A derivation file asks for the same normal forms again and again: an instance re-checks
// a step whose sides (after unfolding) are the very expressions the step's own check just
// normalised, and chains repeat sides. Both normal forms are pure functions of the
// expression and the limits, so they are kept by structural key (`Expr` hashes in O(1) from
// its cached structural hash; equality is structural) and returned again, errors included:
// a hit gives exactly what computing it again would. The table is bounded (`capacity`;
// once full, new forms are computed and not kept), so memory stays bounded and no result
// depends on what was kept. A kept rational form remembers the algebra work it cost
// (`WorkLedger`) and records it again on every hit. Not thread-safe: one memo per checking thread.

/// Canonical forms and rational normal forms by expression and limits (see the file notes).
public final class NormalFormMemo: @unchecked Sendable {
    private struct Key: Hashable {
        let expression: Expr
        let limits: Limits
    }

    private var canonicalForms: [Key: Result<Expr, NormalizationError>] = [:]
    private var rationalForms: [Key: (result: Result<RationalNormalForm, NormalizationError>, work: Int)] = [:]
    /// The largest number of forms of each kind kept.
    public let capacity: Int
    /// High-precision enclosures of closed sub-expressions, kept for the same file.
    public let enclosures = EnclosureMemo()

    /// An empty memo keeping at most `capacity` forms of each kind.
    public init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// `e.canonicalized(limits:)`, computed once per expression.
    public func canonical(_ e: Expr, limits: Limits) throws(NormalizationError) -> Expr {
        let key = Key(expression: e, limits: limits)
        if let kept = canonicalForms[key] { return try kept.get() }
        let result: Result<Expr, NormalizationError>
        do { result = .success(try e.canonicalized(limits: limits)) } catch { result = .failure(error) }
        if canonicalForms.count < capacity { canonicalForms[key] = result }
        return try result.get()
    }

    /// `RationalNormalForm(e, limits:)`, computed once per expression.
    public func rationalNormalForm(_ e: Expr, limits: Limits) throws(NormalizationError) -> RationalNormalForm {
        try rationalNormalForm(e, limits: limits, isCanonical: false)
    }

    /// `RationalNormalForm(canonical: e, limits:)` of an `e` already in canonical form (for the
    /// same limits): the same entry as ``rationalNormalForm(_:limits:)`` — the form of a
    /// canonical expression is the same either way — computed without normalising `e` again.
    public func rationalNormalForm(canonical e: Expr, limits: Limits) throws(NormalizationError) -> RationalNormalForm {
        try rationalNormalForm(e, limits: limits, isCanonical: true)
    }

    private func rationalNormalForm(_ e: Expr, limits: Limits, isCanonical: Bool) throws(NormalizationError) -> RationalNormalForm {
        let key = Key(expression: e, limits: limits)
        if let kept = rationalForms[key] {
            // The work the form cost is recorded again: a ledger's total does not depend on
            // what the memo kept.
            WorkLedger.record(kept.work)
            return try kept.result.get()
        }
        let ledger = WorkLedger()
        let result: Result<RationalNormalForm, NormalizationError> = ledger.recording {
            Result { () throws(NormalizationError) -> RationalNormalForm in
                isCanonical ? try RationalNormalForm(canonical: e, limits: limits) : try RationalNormalForm(e, limits: limits)
            }
        }
        WorkLedger.record(ledger.total)
        if rationalForms.count < capacity { rationalForms[key] = (result, ledger.total) }
        return try result.get()
    }
}
