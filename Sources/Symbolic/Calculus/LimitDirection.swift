// The side from which a limit point is approached; shared by limits and series.

/// From which side the variable approaches a finite point.
///
/// For the points `inf` and `-inf` the side is implied (from below and from above
/// respectively) and the direction given is ignored.
public enum LimitDirection: String, CaseIterable, Sendable, Hashable {
    /// From both sides: the two one-sided limits must agree.
    case both
    /// From above: `x → a+`, i.e. `x > a`.
    case above
    /// From below: `x → a−`, i.e. `x < a`.
    case below
}
