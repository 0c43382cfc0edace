// Which written values of a dynamics claim mutation testing changes.
import Symbolic

extension DynamicsClaim {
    /// The values written in the claim that mutation testing changes, in source order:
    /// - `runs N steps …`: N, the `with` values, the initial values and the reached or cycle
    ///   values (not the tolerance: a changed tolerance states a weaker or a stricter check of
    ///   the same run, not a different mathematical claim);
    /// - `converges order p …`: p and the `with` values (not the initial values or the horizon:
    ///   the order of a consistent method does not depend on them, so their variants are true
    ///   statements, not mistakes the checker should catch);
    /// - `steps`: the `with` values.
    /// The claim's start and right side are not written text (they are built from the names),
    /// so they are never mutated themselves.
    public var mutableValues: [LocatedExpr] {
        var values = relations.map(\.value)
        switch kind {
        case .steps:
            break
        case .converges(let order, _, _):
            values.append(order)
        case .runs(let steps, let initial, let target, _):
            values.append(steps)
            values += initial.map(\.value)
            switch target {
            case .reaches(let bindings): values += bindings.map(\.value)
            case .cycles(let cycles): values += cycles.flatMap(\.values)
            }
        }
        return values.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether `value` (an element of `mutableValues`) is the step count of a `cycles` run:
    /// a larger count states less (an orbit periodic from step N is periodic from any later
    /// step, with the same values).
    func isCycleStepCount(_ value: LocatedExpr) -> Bool {
        guard case .runs(let steps, _, .cycles, _) = kind else { return false }
        return steps.range == value.range
    }
}
