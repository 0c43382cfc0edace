// The meaning of `lim_{h -> a}[…]` and `series_{h -> a, order k}[…]`: symbolic by series,
// numeric by Richardson extrapolation.
//
// Implementation notes
// --------------------
// Symbolic: before a step is compared, every `lim` whose body the series engine can take
// to the limit (`Expr.limit`, which never guesses) is replaced by its value, innermost
// first, and every `series_{h -> a, order k}[f]` by the truncated expansion Σ_{j ≤ k} c_j h^j
// (the terms through h^k, so `series_{t -> 0, order 2}[exp(t)]` is 1 + t + t²/2). Each
// replacement is recorded as a note, so the report says which limits were proved.
//
// Numeric (a `lim` the series engine could not decide): the body is evaluated at
// h_j = a + h₀·2^−j (a − h₀·2^−j when the variable's domain excludes the right side; h₀·2^j
// at ∞), j = 0…,11, and the sequence is extrapolated by Richardson's method with the
// observed rate: with differences d_j = f_j − f_{j+1}, the rate r = d_{j+1}/d_j gives the
// extrapolated value f_{j+2} + d_{j+1}·r/(1 − r). The last three extrapolated values must
// agree to a relative spread of 1e-6, else the limit is not reported (the sequence may
// oscillate or diverge): evaluation throws and the step is undecided, never passed. A
// limit of ±∞ cannot be evaluated to a number and is always undecided numerically.
import Foundation
import Symbolic

/// Symbolic resolution and numeric evaluation of `lim` and `series`.
public enum AsymptoticOperators {
    /// The operator names handled.
    public static let names: Set<String> = ["lim", "series"]

    /// The limit variable, point and (for `series`) order of an operator, if well formed.
    static func parts(of op: BigOperator) -> (variable: Symbol, point: Expr, order: Int?)? {
        var variable: Symbol?, point: Expr?, order: Int?
        for b in op.bindings {
            switch b.relation {
            case .tendsTo:
                guard variable == nil, let s = b.subject.symbolValue, let v = b.value else { return nil }
                variable = s
                point = v
            case .option:
                guard b.subject.symbolValue?.name == "order", let v = b.value?.numberValue, v.isInteger,
                      let k = v.asInt, k >= 0 else { return nil }
                order = k
            case .bare, .distributedAs, .equals, .member, .less, .lessEqual, .greater, .greaterEqual, .notEqual:
                return nil
            }
        }
        guard let variable, let point else { return nil }
        return (variable, point, order)
    }

    /// Replaces every `lim` and `series` the series engine decides by its value.
    /// - Returns: the new expression and one note per operator (resolved or not, and why).
    /// - Parameter crossCheckAt: a point of the free symbols at which each limit found by
    ///   series is also estimated numerically; a disagreement is reported in the notes as a
    ///   checker inconsistency (the numbers must never contradict a proof).
    public static func resolve(_ e: Expr, assumptions: Assumptions, limits: Limits,
                               crossCheckAt point: Environment? = nil) -> (expr: Expr, notes: [String]) {
        let crossCheckPoint = point
        var notes: [String] = []
        var inconsistent = false
        var budget = 64
        func visit(_ e: Expr, depth: Int) -> Expr {
            guard depth < limits.maxDepth, e.containsSubexpression(where: {
                if case .bigOperator(let op) = $0.kind { return names.contains(op.name) }
                return false
            }) else { return e }
            let inner = e.mapChildren { visit($0, depth: depth + 1) }
            guard case .bigOperator(let op) = inner.kind, names.contains(op.name), budget > 0 else { return inner }
            budget -= 1
            guard let (h, point, order) = parts(of: op) else {
                notes.append("\(op.name): expected \(op.name)_{h -> a\(op.name == "series" ? ", order k" : "")}[…]")
                return inner
            }
            let zeroTest = Series.normalFormZeroTest(assumptions: assumptions, limits: limits)
            if op.name == "lim" {
                let result = op.body.limit(as: h, approaches: point, from: .both, assumptions: assumptions, limits: limits,
                                           zeroTest: zeroTest)
                switch result {
                case .finite(let v):
                    var note = "lim as \(h.name) -> \(point) of \(op.body) is \(v) (series)"
                    if let env = crossCheckPoint, let exact = try? v.evaluate(at: env),
                       let estimate = try? handler(next: nil)(op, env) {
                        if abs(exact - estimate) <= 1e-5 * max(1, abs(exact)) {
                            note += "; Richardson extrapolation agrees at one point (\(formatDouble(estimate)))"
                        } else {
                            note = "internal error: " + note + ", but Richardson extrapolation gives \(formatDouble(estimate)) against \(formatDouble(exact)); this is a bug in the checker"
                            inconsistent = true
                        }
                    }
                    notes.append(note)
                    return v
                case .positiveInfinity, .negativeInfinity:
                    notes.append("lim as \(h.name) -> \(point) of \(op.body) is \(result.debugDescription) (series)")
                    return inner
                case .doesNotExist(let why):
                    notes.append("lim as \(h.name) -> \(point) of \(op.body) does not exist: \(why)")
                    return inner
                case .unknown(let why):
                    notes.append("lim as \(h.name) -> \(point) of \(op.body): not decided by series (\(why)); estimated numerically")
                    return inner
                }
            }
            guard let k = order else {
                notes.append("series needs an order: series_{\(h.name) -> \(point), order k}[…]")
                return inner
            }
            do {
                let s = try op.body.series(in: h, around: point, order: k + 1, direction: .both, assumptions: assumptions,
                                           limits: limits, zeroTest: zeroTest)
                let t = s.truncated
                notes.append("series of \(op.body) through \(h.name)^\(k) is \(t)")
                return t
            } catch {
                notes.append("series of \(op.body): \(error)")
                return inner
            }
        }
        let out = visit(e, depth: 0)
        // A contradicted limit is not used: the step stays with the operator (undecided).
        return (inconsistent ? e : out, notes)
    }

    /// A handler evaluating `lim` numerically (Richardson extrapolation) and passing every
    /// other operator to `next`.
    public static func handler(next: BigOperatorHandler?) -> BigOperatorHandler {
        return { op, env throws(EvaluationError) -> Double in
            guard op.name == "lim" else {
                if let next { return try next(op, env) }
                throw .unsupported("big operator \(op.name) (no numeric handler)")
            }
            guard let (h, point, _) = parts(of: op) else { throw .unsupported("lim needs lim_{h -> a}[…]") }
            let body = op.body
            let toInfinity: Bool
            let base: Double
            if case .constant(.infinity) = point.kind {
                toInfinity = true
                base = 0
            } else {
                toInfinity = false
                base = try point.evaluate(at: env)
            }
            var values: [Double] = []
            for j in 0..<12 {
                var e = env
                let offset = toInfinity ? 8.0 * pow(2.0, Double(j)) : 0.125 * pow(2.0, -Double(j))
                e.values[h] = toInfinity ? offset : base + offset
                guard let v = try? body.evaluate(at: e), v.isFinite else {
                    e.values[h] = base - offset
                    guard !toInfinity, let w = try? body.evaluate(at: e), w.isFinite else { continue }
                    values.append(w)
                    continue
                }
                values.append(v)
            }
            guard let estimate = richardson(values) else {
                throw .unsupported("lim as \(h.name) -> \(point): the values do not settle (Richardson extrapolation)")
            }
            return estimate.value
        }
    }

    /// Richardson extrapolation with the observed rate over a sequence converging
    /// geometrically in its step; `nil` when the last extrapolations disagree.
    static func richardson(_ f: [Double]) -> (value: Double, spread: Double)? {
        guard f.count >= 5 else { return nil }
        var extrapolated: [Double] = []
        for j in 0..<(f.count - 2) {
            let d0 = f[j] - f[j + 1], d1 = f[j + 1] - f[j + 2]
            if d0 == 0 || d1 == 0 {
                extrapolated.append(f[j + 2])
                continue
            }
            let r = d1 / d0
            guard r.isFinite, abs(r) < 0.95 else { continue }
            extrapolated.append(f[j + 2] - d1 * r / (1 - r))
        }
        let tail = Array(extrapolated.suffix(3))
        guard tail.count == 3, let lo = tail.min(), let hi = tail.max() else { return nil }
        let scale = max(1, abs(tail[2]))
        let spread = hi - lo
        guard spread <= 1e-6 * scale else { return nil }
        return (tail[2], spread)
    }
}
