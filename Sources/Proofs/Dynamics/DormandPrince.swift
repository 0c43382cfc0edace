// An adaptive Runge–Kutta 5(4) integrator (Dormand–Prince), the reference solution of
// convergence checks.
//
// Implementation notes
// --------------------
// The classical Dormand–Prince pair (Hairer, Nørsett & Wanner, *Solving ODEs I*, II.5): seven
// stages, first-same-as-last, the fifth-order solution propagated (local extrapolation) and
// the difference to the embedded fourth-order one used as the local error estimate. The
// error norm is the root mean square of errᵢ / (atol + rtol·max(|yᵢ|, |ŷᵢ|)); a step is
// accepted when it is ≤ 1, and the next step is h·min(5, max(0.2, 0.9·err^(−1/5))) (after a
// rejection the step may not grow). The last step is shortened to land exactly on the end
// time. The initial step follows Hairer's heuristic (II.4): h₀ = 0.01·‖y₀‖/‖f(t₀, y₀)‖,
// capped by the interval. Every loop is bounded by `maxSteps`; a step that underflows the
// resolution of t, or a non-finite value anywhere, is an error, never a silent answer.
import Foundation
import Symbolic

/// Adaptive Dormand–Prince RK5(4) with error control.
public struct DormandPrince: Sendable {
    /// Relative tolerance per component.
    public var relativeTolerance = 1e-11
    /// Absolute tolerance per component.
    public var absoluteTolerance = 1e-13
    /// The most steps (accepted and rejected) one integration may take.
    public var maxSteps = 500_000

    /// Creates an integrator with the default (tight) tolerances.
    public init() {}

    /// The result of an integration.
    public struct Solution: Sendable, Hashable {
        /// The state at the end time.
        public var state: [Double]
        /// Accepted steps.
        public var acceptedSteps: Int
        /// Rejected steps.
        public var rejectedSteps: Int
    }

    /// The right side of `y' = f(t, y)`.
    public typealias RightSide = (_ t: Double, _ y: [Double]) throws -> [Double]

    // The Butcher tableau.
    static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
    static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    /// Fifth-order weights minus the embedded fourth-order ones.
    static let errorWeights: [Double] = [71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40]

    /// Integrates `y' = f(t, y)` from `(t0, y0)` to `t1 > t0`.
    /// - Throws: ``DynamicsError`` when a value is not finite, the step underflows, or
    ///   `maxSteps` is exhausted.
    public func integrate(_ f: RightSide, from t0: Double, _ y0: [Double], to t1: Double) throws(DynamicsError) -> Solution {
        guard t0.isFinite, t1.isFinite, t1 > t0 else { throw .invalid("the end time must be finite and after the start") }
        guard !y0.isEmpty, y0.allSatisfy(\.isFinite) else { throw .invalid("the initial state must be finite and not empty") }
        let n = y0.count
        func call(_ t: Double, _ y: [Double]) throws(DynamicsError) -> [Double] {
            let v: [Double]
            do { v = try f(t, y) } catch { throw .notFinite(time: t, detail: "\(error)") }
            guard v.count == n else { throw .invalid("the right side has \(v.count) components, the state \(n)") }
            guard v.allSatisfy(\.isFinite) else { throw .notFinite(time: t, detail: "the right side is \(v)") }
            return v
        }
        var t = t0
        var y = y0
        var k1 = try call(t, y)
        let ynorm = sqrt(y.reduce(0) { $0 + $1 * $1 } / Double(n))
        let fnorm = sqrt(k1.reduce(0) { $0 + $1 * $1 } / Double(n))
        var h = (ynorm < 1e-5 || fnorm < 1e-5) ? 1e-6 : 0.01 * ynorm / fnorm
        h = min(h, t1 - t0)
        var accepted = 0, rejected = 0
        var lastRejected = false
        while t < t1 {
            guard accepted + rejected < maxSteps else {
                throw .limit(LimitExceeded(limit: "maxSteps (Dormand-Prince)", requested: accepted + rejected + 1, maximum: maxSteps))
            }
            if t + h >= t1 || t1 - (t + h) < 1e-12 * abs(t1) { h = t1 - t }
            guard h > abs(t) * 1e-15 + 1e-300 else { throw .stepSizeUnderflow(time: t) }
            var k: [[Double]] = [k1]
            for s in 1..<7 {
                var ys = y
                for i in 0..<n {
                    var acc = 0.0
                    for j in 0..<s { acc += Self.a[s][j] * k[j][i] }
                    ys[i] += h * acc
                }
                k.append(try call(t + Self.c[s] * h, ys))
            }
            // Stage 7 is evaluated at the fifth-order solution (FSAL).
            var ynew = y
            for i in 0..<n {
                var acc = 0.0
                for j in 0..<6 { acc += Self.a[6][j] * k[j][i] }
                ynew[i] += h * acc
            }
            var err = 0.0
            for i in 0..<n {
                var e = 0.0
                for j in 0..<7 { e += Self.errorWeights[j] * k[j][i] }
                e *= h
                let sc = absoluteTolerance + relativeTolerance * max(abs(y[i]), abs(ynew[i]))
                err += (e / sc) * (e / sc)
            }
            err = sqrt(err / Double(n))
            guard err.isFinite else { throw .notFinite(time: t, detail: "the error estimate is not finite") }
            if err <= 1 {
                t += h
                y = ynew
                k1 = k[6]
                accepted += 1
                var factor = err == 0 ? 5 : min(5, max(0.2, 0.9 * pow(err, -0.2)))
                if lastRejected { factor = min(factor, 1) }
                h *= factor
                lastRejected = false
            } else {
                rejected += 1
                h *= max(0.2, 0.9 * pow(err, -0.2))
                lastRejected = true
            }
        }
        return Solution(state: y, acceptedSteps: accepted, rejectedSteps: rejected)
    }
}
