// A deterministic meter of the algebra a computation does.
//
// Implementation notes
// --------------------
// Sizes alone do not bound time: a product of two 40,000-term polynomials in 800 variables
// stays under `maxTerms`, yet takes seconds and hundreds of megabytes, and a chain of such
// products (a Gram determinant of long vectors) takes minutes. The meter counts *work*:
// every super-linear polynomial operation charges, before it starts, a deterministic
// estimate of the words it will touch (a product |a|·|b|·w for w words per monomial, a merge
// (|a| + |b|)·w, degree bounds (|a| + |b|)·n for n variables, …). When the total would pass
// `Limits.maxAlgebraWork` the charge throws ``LimitExceeded`` naming `maxAlgebraWork`.
// Counting, not timing, keeps results reproducible on every machine.
//
// Every top-level normal form (``RationalNormalForm``) runs under a fresh meter installed as a
// task-local value, so its result is a function of its input and limits alone and memo tables
// may keep it; a computation nested in another charges what it spent to the outer meter
// afterwards. What each computation spent is also recorded in the current ``WorkLedger``,
// which totals a whole family of steps for `Proofs`. Without a meter (a library caller
// multiplying polynomials directly), nothing is charged and only the size limits apply.

/// Counts the work of one algebra computation against ``Limits/maxAlgebraWork``.
public final class WorkMeter: @unchecked Sendable {
    /// The meter of the computation running on this task or thread, if any.
    @TaskLocal public static var current: WorkMeter?

    /// Units charged so far.
    public private(set) var spent: Int = 0
    /// The most units the computation may spend.
    public let budget: Int

    /// Creates a meter with a budget.
    public init(budget: Int) {
        self.budget = budget
    }

    /// Charges `units` to the current meter (if any), throwing when the budget would be
    /// exceeded.
    @inline(__always)
    public static func charge(_ units: Int) throws(LimitExceeded) {
        guard let meter = current else { return }
        try meter.charge(units)
    }

    /// Charges `units`, throwing when the budget would be exceeded.
    public func charge(_ units: Int) throws(LimitExceeded) {
        let (total, overflow) = spent.addingReportingOverflow(max(0, units))
        if overflow || total > budget {
            throw LimitExceeded(limit: "maxAlgebraWork", requested: overflow ? Int.max : total, maximum: budget)
        }
        spent = total
    }

    /// Runs `body` under a fresh meter of `budget` units and returns its result with the
    /// units it spent (up to the failing charge when it ran out).
    public static func measuring<T, E: Error>(budget: Int, _ body: () throws(E) -> T) -> (result: Result<T, E>, spent: Int) {
        let meter = WorkMeter(budget: budget)
        let result: Result<T, E> = $current.withValue(meter) { Result { () throws(E) -> T in try body() } }
        return (result, meter.spent)
    }
}

/// Totals the work of many metered computations — a family of steps — memo hits included
/// (a memo hit records the work its first computation cost), so the total is a function of
/// the computations asked for, not of what happened to be kept.
public final class WorkLedger: @unchecked Sendable {
    /// The ledger of the work running on this task or thread, if any.
    @TaskLocal public static var current: WorkLedger?

    /// Units recorded so far (saturating).
    public private(set) var total: Int = 0

    /// An empty ledger.
    public init() {}

    /// Adds `units` to the current ledger, if any.
    public static func record(_ units: Int) {
        current?.record(units)
    }

    /// Adds `units`.
    public func record(_ units: Int) {
        let (sum, overflow) = total.addingReportingOverflow(max(0, units))
        total = overflow ? Int.max : sum
    }

    /// Runs `body` with `self` as the current ledger.
    public func recording<T>(_ body: () -> T) -> T {
        WorkLedger.$current.withValue(self) { body() }
    }
}

extension Int {
    /// `self * other`, saturating at `Int.max` for nonnegative operands.
    @inline(__always)
    func saturatingProduct(_ other: Int) -> Int {
        let (p, o) = multipliedReportingOverflow(by: other)
        return o ? Int.max : p
    }
}
