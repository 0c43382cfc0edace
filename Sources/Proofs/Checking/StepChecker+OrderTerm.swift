// Steps with an order term: `lhs = rhs + O(h^k) as h -> a`.
import Foundation
import Symbolic

extension StepChecker {
    /// Checks that lhs − rhs is O(magnitude) as the variable tends to the point: by series
    /// (the quotient (lhs − rhs)/magnitude has no negative powers), else by estimating the
    /// order numerically.
    func checkOrderTerm(lhs: Expr, rhs: Expr, order: OrderTerm, step: Step, index: Int, streamKey: UInt64) -> StepOutcome {
        var evidence = Evidence()
        var diagnostics: [Diagnostic] = []
        let h = order.variable.value
        let limits = context.options.limits
        guard step.relation.value == .equal else {
            diagnostics.append(Diagnostic(.error, .unsupported, "an order term needs an '=' step", at: order.range))
            return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
        }
        let point: Expr, magnitude: Expr
        do {
            point = try context.unfolding(order.point.value)
            magnitude = try context.unfolding(order.magnitude.value)
        } catch {
            diagnostics.append(Diagnostic(.error, .evaluationFailure, "order term could not be prepared: \(error)", at: order.range))
            return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
        }
        let difference = lhs - rhs
        // Symbolic: the series of (lhs − rhs)/magnitude must start at h^0 or later.
        var symbolicNote: String?
        do {
            let quotient = difference / magnitude
            let direction: LimitDirection = context.assumptions.range(of: h).isPositive ? .above : .both
            let s = try quotient.series(in: h, around: point, order: 1, direction: direction,
                                        assumptions: context.assumptions, limits: limits,
                                        zeroTest: Series.normalFormZeroTest(assumptions: context.assumptions, limits: limits))
            if (s.valuation ?? 1) >= 0 {
                evidence.method = "series"
                let estimate = OrderEstimate(context: context, difference: difference, magnitude: magnitude,
                                             variable: h, point: point, streamKey: streamKey).run()
                if let e = estimate, e.refutes {
                    diagnostics.append(Diagnostic(.error, .checkerInconsistency,
                                                  "internal error: the series proof of step \(index) is contradicted by the numbers",
                                                  at: step.rhs.range, notes: [Note(e.summary), Note("this is a bug in the checker; please report it")]))
                    return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
                }
                if let e = estimate { evidence.notes.append(e.summary) }
                return StepOutcome(verdict: .proved, evidence: evidence, diagnostics: diagnostics)
            }
            if let lead = s.leadingTerm {
                symbolicNote = "the series of (left − right)/(\(magnitude)) starts with \(lead)"
            }
        } catch {
            symbolicNote = "series: \(error)"
        }
        // Numeric: estimate the order over a geometric sequence of h.
        guard let estimate = OrderEstimate(context: context, difference: difference, magnitude: magnitude,
                                           variable: h, point: point, streamKey: streamKey).run() else {
            var notes = [Note("could not evaluate the difference near the limit point")]
            if let n = symbolicNote { notes.append(Note(n)) }
            diagnostics.append(Diagnostic(.error, .stepUnknown, "step \(index) could not be decided", at: step.rhs.range, notes: notes))
            return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
        }
        evidence.notes.append(estimate.summary)
        evidence.points = estimate.samples
        if estimate.refutes {
            var notes = [Note(estimate.summary)]
            if let n = symbolicNote { notes.append(Note(n)) }
            diagnostics.append(Diagnostic(.error, .stepRefuted, "step \(index) does not hold to the stated order", at: step.rhs.range, notes: notes))
            return StepOutcome(verdict: .refuted, evidence: evidence, diagnostics: diagnostics)
        }
        if estimate.supports {
            return StepOutcome(verdict: .numeric, evidence: evidence, diagnostics: diagnostics)
        }
        var notes = [Note(estimate.summary)]
        if let n = symbolicNote { notes.append(Note(n)) }
        diagnostics.append(Diagnostic(.error, .stepUnknown, "step \(index) could not be decided", at: step.rhs.range, notes: notes))
        return StepOutcome(verdict: .unknown, evidence: evidence, diagnostics: diagnostics)
    }
}

/// Numerical estimation of the order of |lhs − rhs| relative to a magnitude as h → a.
///
/// Other symbols are fixed at one seeded point of their domains; h runs over
/// a ± h₀·2^-j (or h₀·2^j towards ∞). The ratio |lhs − rhs| / |magnitude| must stay bounded:
/// the fitted log–log slope of the ratio is reported with its spread over the last steps.
/// The sequence stops before cancellation noise dominates (when |lhs − rhs| falls below
/// 1e-11 of the sides' size).
struct OrderEstimate {
    let context: CheckContext
    let difference: Expr
    let magnitude: Expr
    let variable: Symbol
    let point: Expr
    let streamKey: UInt64

    struct Result {
        /// Estimated slope of log(|diff|/|magnitude|) against log|h − a| (≥ 0 means bounded).
        var slope: Double
        /// Spread of the last local slopes.
        var spread: Double
        var samples: Int
        var orderOfDifference: Double
        var refutes: Bool { slope < -0.5 && spread < 0.3 }
        var supports: Bool { slope > -0.15 }
        var summary: String {
            "estimated order of left − right: \(formatDouble(orderOfDifference)) (ratio slope \(formatDouble(slope)) ± \(formatDouble(spread)) over \(samples) step sizes)"
        }
    }

    func run() -> Result? {
        var rng = RandomSource(seed: context.options.seed, stream: [streamKey, 0x0de])
        var env = Environment()
        for s in Set(difference.freeSymbols).union(magnitude.freeSymbols).sorted() where s != variable {
            env.values[s] = SampleDomain(context.assumptions.range(of: s)).sample(using: &rng)
        }
        guard let a = try? point.evaluate(at: Environment()) else {
            // Infinite point.
            return sequence(env: env, toInfinity: true, base: 0)
        }
        return sequence(env: env, toInfinity: false, base: a)
    }

    private func sequence(env: Environment, toInfinity: Bool, base: Double) -> Result? {
        var logs: [(Double, Double, Double)] = []  // (log|h−a|, log ratio, log|diff|)
        let hRange = context.assumptions.range(of: variable)
        for j in 0..<30 {
            let step = toInfinity ? 4.0 * Double(1 << min(j, 50)) : 0.25 / Double(1 << min(j, 50))
            var h = toInfinity ? step : base + step
            if !toInfinity && !SampleDomain(hRange).accepts(h) { h = base - step }
            var e = env
            e.values[variable] = h
            guard let d = try? difference.evaluate(at: e), let m = try? magnitude.evaluate(at: e), m != 0 else { continue }
            if abs(d) < 1e-300 { break }
            logs.append((log(abs(step)), log(abs(d) / abs(m)), log(abs(d))))
            if abs(d) < 1e-11 { break }
            if logs.count >= 8 { break }
        }
        guard logs.count >= 4 else { return nil }
        var slopes: [Double] = []
        var orders: [Double] = []
        for i in 1..<logs.count {
            let dx = logs[i].0 - logs[i - 1].0
            slopes.append((logs[i].1 - logs[i - 1].1) / dx)
            orders.append((logs[i].2 - logs[i - 1].2) / dx)
        }
        let tail = Array(slopes.suffix(3))
        let slope = tail.reduce(0, +) / Double(tail.count)
        let spread = (tail.max() ?? 0) - (tail.min() ?? 0)
        let orderTail = Array(orders.suffix(3))
        // Towards infinity the local variable is 1/h: flip signs so "bounded" reads the same.
        let sign = toInfinity ? -1.0 : 1.0
        return Result(slope: sign * slope, spread: spread, samples: logs.count,
                      orderOfDifference: sign * orderTail.reduce(0, +) / Double(orderTail.count))
    }

    private func log(_ x: Double) -> Double { Foundation.log(x) }
}
