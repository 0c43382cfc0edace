// Fixed-step one-step methods (explicit Euler, classical RK4), as known references for the
// order estimator.
import Symbolic

/// A classical fixed-step method for `y' = f(t, y)`.
public enum FixedStepMethod: String, Sendable, CaseIterable {
    /// Explicit Euler, order 1.
    case euler
    /// Classical fourth-order Runge–Kutta.
    case rk4

    /// The method's order of convergence.
    public var order: Int {
        switch self {
        case .euler: return 1
        case .rk4: return 4
        }
    }

    /// Integrates from `(t0, y0)` with `steps` equal steps to `t1`.
    /// - Throws: ``DynamicsError`` for a non-finite value or more than 10⁷ steps.
    public func integrate(_ f: DormandPrince.RightSide, from t0: Double, _ y0: [Double], to t1: Double,
                          steps: Int) throws(DynamicsError) -> [Double] {
        guard steps >= 1 else { throw .invalid("at least one step is needed") }
        guard steps <= 10_000_000 else { throw .limit(LimitExceeded(limit: "steps", requested: steps, maximum: 10_000_000)) }
        let h = (t1 - t0) / Double(steps)
        var y = y0
        func call(_ t: Double, _ y: [Double]) throws(DynamicsError) -> [Double] {
            let v: [Double]
            do { v = try f(t, y) } catch { throw .notFinite(time: t, detail: "\(error)") }
            guard v.count == y.count, v.allSatisfy(\.isFinite) else { throw .notFinite(time: t, detail: "the right side is \(v)") }
            return v
        }
        func axpy(_ y: [Double], _ a: Double, _ k: [Double]) -> [Double] { zip(y, k).map { $0 + a * $1 } }
        for i in 0..<steps {
            let t = t0 + Double(i) * h
            switch self {
            case .euler:
                y = axpy(y, h, try call(t, y))
            case .rk4:
                let k1 = try call(t, y)
                let k2 = try call(t + h / 2, axpy(y, h / 2, k1))
                let k3 = try call(t + h / 2, axpy(y, h / 2, k2))
                let k4 = try call(t + h, axpy(y, h, k3))
                y = (0..<y.count).map { y[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
            }
        }
        return y
    }
}
