// Helpers for the series and limit tests: a Double evaluator for coefficients and a seeded
// generator of expressions in h that are well defined near h = 0.
import Foundation
@testable import Symbolic

/// `a/b` as an expression.
private func q(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }

/// Double evaluation of closed coefficient expressions (tests only; no evaluator exists in
/// this branch). Returns nil outside the real domain or for opaque functions.
enum SeriesNumeric {
    static func value(_ e: Expr, _ env: [String: Double] = [:]) -> Double? {
        switch e.kind {
        case .number(let r): return r.doubleValue
        case .symbol(let s): return env[s.name]
        case .constant(let c):
            switch c {
            case .pi: return Double.pi
            case .infinity: return nil
            }
        case .sum(let ts):
            var acc = 0.0
            for t in ts { guard let v = value(t, env) else { return nil }; acc += v }
            return acc
        case .product(let fs):
            var acc = 1.0
            for f in fs { guard let v = value(f, env) else { return nil }; acc *= v }
            return acc
        case .power(let b, let x):
            guard let bv = value(b, env), let xv = value(x, env) else { return nil }
            if bv < 0 && x.numberValue?.isInteger != true { return nil }
            if bv == 0 && xv <= 0 { return nil }
            let r = pow(bv, xv)
            return r.isFinite ? r : nil
        case .call(.builtin(let f), let args):
            let vs = args.compactMap { value($0, env) }
            guard vs.count == args.count, let u = vs.first else { return nil }
            let r: Double
            switch f {
            case .abs: r = Swift.abs(u)
            case .acos: guard Swift.abs(u) <= 1 else { return nil }; r = acos(u)
            case .asin: guard Swift.abs(u) <= 1 else { return nil }; r = asin(u)
            case .atan: r = atan(u)
            case .cos: r = cos(u)
            case .cosh: r = cosh(u)
            case .erf: r = erf(u)
            case .exp: r = exp(u)
            case .lambertw: return nil
            case .log: guard u > 0 else { return nil }; r = log(u)
            case .max: r = vs.max() ?? u
            case .min: r = vs.min() ?? u
            case .sigmoid: r = 1 / (1 + exp(-u))
            case .sign: r = u > 0 ? 1 : (u < 0 ? -1 : 0)
            case .sin: r = sin(u)
            case .sinh: r = sinh(u)
            case .softplus: r = log1p(exp(u))
            case .sqrt: guard u >= 0 else { return nil }; r = u.squareRoot()
            case .tan: r = tan(u)
            case .tanh: r = tanh(u)
            }
            return r.isFinite ? r : nil
        case .call(.opaque, _), .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }

    /// Whether two numbers agree to a relative tolerance of 1e-9 (absolute near 0).
    static func close(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= 1e-9 * max(1, Swift.abs(a), Swift.abs(b))
    }
}

/// Seeded random expressions in `h` (and optionally a parameter `a`) that are defined and
/// regular (or have a pole with coefficient 1) at h = 0: leaves, sums, products, integer
/// powers 2–3, exp/sin/cos of anything, `log(1 + h·u)`, `sqrt(1 + h·u)`, `1/(1 + h·u)`,
/// and, when `laurent`, a factor `h^-1`.
struct RegularExprGenerator {
    var rng: RandomSource
    var parameters: [String] = []
    var laurent = false
    var maxDepth = 3

    init(seed: UInt64, parameters: [String] = [], laurent: Bool = false, maxDepth: Int = 3) {
        rng = RandomSource(seed: seed)
        self.parameters = parameters
        self.laurent = laurent
        self.maxDepth = maxDepth
    }

    private let h = Expr.symbol("h")

    mutating func make() -> Expr { node(maxDepth) }

    private mutating func leaf() -> Expr {
        let roll = rng.nextUnit()
        if roll < 0.5 { return h }
        if roll < 0.65, !parameters.isEmpty { return .symbol(parameters[rng.nextInt(in: 0...(parameters.count - 1))]) }
        var n = rng.nextInt(in: -4...4)
        if n == 0 { n = 2 }
        if rng.nextUnit() < 0.3 { return q(n, rng.nextInt(in: 2...5)) }
        return .integer(n)
    }

    private mutating func node(_ depth: Int) -> Expr {
        if depth <= 0 || rng.nextUnit() < 0.2 { return leaf() }
        switch rng.nextInt(in: 0...10) {
        case 0, 1: return node(depth - 1) + node(depth - 1)
        case 2, 3: return node(depth - 1) * node(depth - 1)
        case 4: return .power(node(depth - 1), .integer(rng.nextInt(in: 2...3)))
        case 5: return .call(.exp, node(depth - 1))
        case 6: return .call(.sin, node(depth - 1))
        case 7: return .call(.cos, node(depth - 1))
        case 8: return .call(.log, 1 + h * node(depth - 1))
        case 9: return .call(.sqrt, 1 + h * node(depth - 1))
        default:
            if laurent && rng.nextUnit() < 0.5 { return node(depth - 1) / h }
            return 1 / (1 + h * node(depth - 1))
        }
    }
}
