// Closed relations decided at high precision.
//
// Implementation notes
// --------------------
// When both sides of a relation are closed (no free symbols), the value of left minus right
// is one real number, and `ClosedFormEnclosure` encloses it rigorously at up to 320 bits.
// An enclosure that excludes what the relation needs is a counterexample as certain as an
// exact one: an equality whose difference is enclosed away from zero, an inequality whose
// slack is enclosed below zero. The enclosure only ever refutes — an enclosure that agrees
// with the relation adds nothing to the double-precision check, and one that still contains
// zero decides nothing — so it can catch what rounding hides (a claim false by 1e-13 of a
// value near 10, an error term of 5e-19 computed as a difference of numbers near 90) but
// never accept what the ordinary checks refuse.

extension EquivalenceChecker {
    /// What a closed relation needs of the enclosure of left minus right.
    enum ClosedRequirement {
        /// `=`: the difference is zero.
        case zero
        /// `≥` (or `>` when strict): the difference is nonnegative (positive).
        case nonnegative(strict: Bool)
    }

    /// A rigorous counterexample to a relation between closed sides, or `nil` (not closed,
    /// not evaluable rigorously, or not refuted at the highest precision).
    /// `quick` (for a relation the symbolic phase proved) tries the first precision only: a
    /// consistency check of the proof, not a search for a refutation.
    func closedFormCounterexample(_ lhs: Expr, _ rhs: Expr, _ requirement: ClosedRequirement,
                                  quick: Bool = false) -> PointCounterexample? {
        guard lhs.freeSymbols.isEmpty, rhs.freeSymbols.isEmpty else { return nil }
        let enclosure = ClosedFormEnclosure(limits: limits, memo: normalForms?.enclosures)
        guard let d = quick ? enclosure.quickBounds(lhs - rhs) : enclosure.bounds(lhs - rhs) else { return nil }
        let refuted: Bool
        switch requirement {
        case .zero: refuted = d.sign != 0
        case .nonnegative(let strict):
            // A strict inequality between sides that are equal — exactly zero, or with a
            // difference whose canonical form is 0 (`tanh(1) < tanh(1)`) — fails.
            refuted = d.sign < 0 || (strict && d.sign == 0
                && ((d.lower == 0 && d.upper == 0) || ((try? (lhs - rhs).canonicalized(limits: limits))?.isZero ?? false)))
        }
        guard refuted else { return nil }
        // Each side to the precision that refuted (the shortest Double that round-trips its
        // midpoint: 17 digits show a difference of 1e-13 in a value near 10).
        func side(_ e: Expr) -> String {
            guard let b = enclosure.bounds(e, bits: d.bits) else { return "?" }
            let midpoint = (b.lower + b.upper) / 2
            guard midpoint.isFinite else {
                // An exact value beyond the range of a double (`11e400`).
                return b.lower > 0 ? "more than 1.79769e308" : b.upper < 0 ? "less than -1.79769e308" : "beyond the range of a double"
            }
            return "\(midpoint)"
        }
        return PointCounterexample(assignment: [], lhs: side(lhs), rhs: side(rhs) + " (enclosed rigorously at \(d.bits) bits; they differ by \(d.magnitudeDescription))",
                                   isExact: true)
    }
}
