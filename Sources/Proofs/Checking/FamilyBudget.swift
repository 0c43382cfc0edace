// The budgets of one family's members, shared by the threads that check them.
//
// Implementation notes
// --------------------
// A family stops before its member m (m > 0) when the members' written-out sizes up to and
// including m pass `maxFamilyWork`, or the algebra of the members before m passes
// `maxFamilyAlgebraWork`: a function of the members' own figures, so the member it stops at
// is the same whatever order they were checked in (`stop(at:)`, asked in member order with
// every figure known). Members run ahead on other threads, so figures arrive in any order;
// the figures known so far are lower bounds of the totals (every figure is ≥ 0), so when they
// already pass a budget at m the family stops at m or earlier, and no member from m on needs
// checking (`isNeeded`). The work wasted on members checked before that was known is bounded
// by one member per thread.

import Foundation

/// The family budgets of one chain, shared by the threads checking its members.
final class FamilyBudget: @unchecked Sendable {
    /// Why a family stops before a member.
    enum Exhausted {
        /// The members' steps, written out, passed `maxFamilyWork` nodes.
        case size
        /// The members' normal forms passed `maxFamilyAlgebraWork` units.
        case algebra
    }

    private let lock = NSLock()
    private let maxWork: Int
    private let maxAlgebra: Int
    private var sizes: [Int?]
    private var algebra: [Int?]
    /// Members from this one on are not needed.
    private var neededBelow: Int

    /// The budgets of a family of `members` members.
    init(members: Int, maxWork: Int, maxAlgebra: Int) {
        self.maxWork = maxWork
        self.maxAlgebra = maxAlgebra
        sizes = Array(repeating: nil, count: members)
        algebra = Array(repeating: nil, count: members)
        neededBelow = members
    }

    /// Whether member `m` may be needed (false: the family stops at `m` or before).
    func isNeeded(_ m: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return m < neededBelow
    }

    /// Notes member `m`'s written-out size.
    func note(size: Int, of m: Int) {
        lock.lock()
        defer { lock.unlock() }
        sizes[m] = size
        update()
    }

    /// Notes the algebra member `m`'s check cost.
    func note(algebra units: Int, of m: Int) {
        lock.lock()
        defer { lock.unlock() }
        algebra[m] = units
        update()
    }

    /// Why the family stops before member `m`, or `nil` when `m` is checked. Every figure of
    /// the members before `m`, and `m`'s size, must be known.
    func stop(at m: Int) -> Exhausted? {
        lock.lock()
        defer { lock.unlock() }
        guard m > 0 else { return nil }
        var size = 0
        for j in 0...m {
            guard let s = sizes[j] else { preconditionFailure("family member \(j)'s size is not known") }
            size = size.saturatingSum(s)
        }
        if size > maxWork { return .size }
        var units = 0
        for j in 0..<m {
            guard let a = algebra[j] else { preconditionFailure("family member \(j)'s algebra is not known") }
            units = units.saturatingSum(a)
        }
        return units > maxAlgebra ? .algebra : nil
    }

    /// Lowers `neededBelow` to the first member where the known figures already pass a budget.
    private func update() {
        var size = sizes.first.flatMap { $0 } ?? 0
        var units = 0
        var m = 1
        while m < neededBelow {
            size = size.saturatingSum(sizes[m] ?? 0)
            units = units.saturatingSum(algebra[m - 1] ?? 0)
            if size > maxWork || units > maxAlgebra {
                neededBelow = m
                return
            }
            m += 1
        }
    }
}

extension Int {
    /// `self + max(0, other)`, saturating at `Int.max` (sizes and work units).
    func saturatingSum(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(Swift.max(0, other))
        return overflow ? Int.max : sum
    }
}
