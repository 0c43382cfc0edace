// Helpers shared by the evaluation and calculus tests.
import Foundation
@testable import Symbolic

enum Numeric {
    /// The distance in units in the last place of `reference`.
    static func ulps(_ value: Double, _ reference: Double) -> Double {
        if value == reference { return 0 }
        return (value - reference).magnitude / reference.ulp
    }

    /// |a − b| ≤ tolerance·(1 + max(|a|, |b|)).
    static func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
        (a - b).magnitude <= tolerance * (1 + max(a.magnitude, b.magnitude))
    }

    /// A central-difference derivative with one Richardson extrapolation step (error O(h⁴)),
    /// or `nil` when the function is undefined at one of the sample points.
    static func centralDifference(_ f: (Double) throws -> Double, at x: Double,
                                  step: Double? = nil) -> Double? {
        let h = step ?? 1e-3 * max(1, x.magnitude)
        func d(_ h: Double) -> Double? {
            guard let a = try? f(x + h), let b = try? f(x - h) else { return nil }
            return (a - b) / (2 * h)
        }
        guard let d1 = d(h), let d2 = d(h / 2) else { return nil }
        return (4 * d2 - d1) / 3
    }

    /// `e` with `x` bound to `value` on top of `base`.
    static func function(_ e: Expr, _ x: Symbol, _ base: [Symbol: Double]) -> (Double) throws -> Double {
        { value in
            var env = base
            env[x] = value
            return try e.evaluate(at: env)
        }
    }
}

extension Expr {
    /// A readable rendering for test messages (SymPy syntax when possible).
    var testDescription: String {
        (try? SymPy.source(self)) ?? "\(kind)"
    }
}
