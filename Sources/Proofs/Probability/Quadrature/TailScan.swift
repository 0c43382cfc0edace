// The divergence rule: dyadic shells of ∫|f| towards an infinite end or a finite endpoint.
//
// Implementation notes
// --------------------
// Towards +∞ the shells are S_k = [c + s·2^k, c + s·2^{k+1}] (k = 0, 1, …; mirrored towards
// −∞); towards a finite endpoint e from inside they are [e + w·2^{−k−1}, e + w·2^{−k}].
// For each shell we compute L_k = log of the K15 estimate of ∫_{S_k} |f|, in log space
// (log-sum-exp of log weight + log|f(node)|), so neither underflow nor overflow of f hides
// the trend. With T the log of the core's ∫|f| plus all shells so far, a shell is
// *negligible* when e^{L_k} ≤ 10⁻³·max(absoluteTolerance, relativeTolerance·e^T).
//
// The rule (each shell doubles the distance, so for |f| ~ |x|^{−p} the ratio of successive
// shells is 2^{1−p}, and for e^{±x} it is e^{±2^k}):
// * **decays** — after at least 6 shells, two consecutive negligible shells with the later
//   no larger: the remaining tail is left to a transformed remainder piece.
// * **divergent** — (a) after all 48 shells (|x| up to 2^48·s ≈ 2.8·10¹⁴·s), each of the
//   last 4 shells is at least 0.99 times the one before and the last is not negligible:
//   the contributions do not decay (this catches every |f| ≳ |x|^{−1} tail, e^{+x}, and
//   polynomial growth; tails |x|^{−p} with p < 1.0145 are therefore also reported
//   divergent, as numerically indistinguishable); or (b) a shell cannot be evaluated (NaN,
//   +∞, or the integrand throws) right after three strictly growing shells: the integrand
//   grows until it overflows.
// * otherwise **inconclusive** (an unevaluable shell without growth) or **exhausted** (48
//   shells, decaying but not yet negligible); the transformed remainder then decides, and
//   any failure there is reported as such.
// Towards a finite endpoint the same rule classifies a failed adaptive integration: shells
// that do not shrink (e.g. ∫₀ dx/x, all shells equal log 2) mean divergence at the endpoint.
import Foundation

/// What the shell scan found.
enum TailScanVerdict: Equatable {
    /// The tail became negligible after `shells` shells.
    case decays(shells: Int)
    /// A shell could not be evaluated (without preceding growth).
    case inconclusive(shells: Int)
    /// All shells were used; decaying but not yet negligible.
    case exhausted(shells: Int)

    /// The number of shells that were evaluated successfully.
    var shells: Int {
        switch self {
        case .decays(let n), .inconclusive(let n), .exhausted(let n): return n
        }
    }
}

/// The constants of the divergence rule.
enum TailRule {
    /// Shells scanned at most.
    static let maximumShells = 48
    /// Shells scanned before a tail may be declared negligible.
    static let minimumShells = 6
    /// Consecutive non-shrinking shells that mean divergence.
    static let persistence = 4
    /// A shell is non-shrinking if at least this fraction of the previous one.
    static let shrinkFactor = 0.99
    /// Fraction of the tolerance below which a shell is negligible.
    static let negligibleFraction = 1e-3
}

extension AdaptiveCore {
    /// log of the K15 estimate of ∫|f| over [a, b] in x; NaN when a node cannot be evaluated
    /// (the integrand throws or is NaN); +∞ when |f| is infinite at a node.
    mutating func logMagnitude(_ a: Double, _ b: Double) throws(QuadratureFailure) -> Double {
        var m = -Double.infinity, s = 0.0
        // Kept for the first rule over the same piece (see `layoutSamples`): the 15 nodes, and
        // the samples in node order (nil from where the scan stops). Built by appending (an
        // array made with `Array(repeating:count:)` costs a run-time metadata lookup).
        let keeping = layoutSamples != nil
        var record = AdaptiveCore.ScannedPiece(lower: a, upper: b, nodes: [], samples: [])
        if keeping {
            record.nodes.reserveCapacity(15)
            record.samples.reserveCapacity(15)
            for index in 0 ..< 15 { record.nodes.append(GaussKronrod15.scaledNode(index, a, b).x) }
        }
        defer {
            if keeping {
                while record.samples.count < 15 { record.samples.append(nil) }
                layoutSamples?.append(record)
            }
        }
        for index in 0 ..< 15 {
            let node = GaussKronrod15.scaledNode(index, a, b)
            try count()
            let l: Double
            do {
                let sample = try integrand.sample(at: node.x)
                if keeping { record.samples.append(sample) }
                l = integrand.logMagnitude(sample)
            } catch let failure as QuadratureFailure {
                throw failure
            } catch {
                return .nan
            }
            if l.isNaN || l == .infinity { return l }
            if l == -.infinity { continue }
            let t = l + Foundation.log(node.weight)
            if t > m {
                s = s * Foundation.exp(m - t) + 1
                m = t
            } else {
                s += Foundation.exp(t - m)
            }
        }
        return m == -.infinity ? m : m + Foundation.log(s)
    }

    /// Scans the shells `shell(0)`, `shell(1)`, … (nil = degenerate, stop) towards `target`
    /// and applies the divergence rule; throws `divergent` or returns the verdict.
    mutating func scanShells(towards target: Double, reference: Double, earlyStop: Bool,
                             shell: (Int) -> (Double, Double)?) throws(QuadratureFailure) -> TailScanVerdict {
        var logs = [Double]()
        var total = reference
        let logFraction = Foundation.log(TailRule.negligibleFraction)
        let logAbs = Foundation.log(options.absoluteTolerance)
        let logRel = Foundation.log(options.relativeTolerance)
        func negligible(_ l: Double) -> Bool {
            l <= logFraction + max(logAbs, logRel + total)
        }
        for k in 0..<TailRule.maximumShells {
            guard let (a, b) = shell(k) else { return .inconclusive(shells: k) }
            let l = try logMagnitude(a, b)
            if l.isNaN || l == .infinity {
                let n = logs.count
                if n >= 3 && logs[n - 1] > logs[n - 2] && logs[n - 2] > logs[n - 3] {
                    throw .divergent(at: target, evidence: "∫|f| over successive dyadic shells grows ("
                        + Self.describe(logs.suffix(3)) + ") until f cannot be evaluated near \(0.5 * (a + b))")
                }
                return .inconclusive(shells: k)
            }
            logs.append(l)
            total = Self.logAddExp(total, l)
            if earlyStop && k + 1 >= TailRule.minimumShells && k >= 1
                && negligible(l) && negligible(logs[k - 1]) && l <= logs[k - 1] {
                return .decays(shells: k + 1)
            }
        }
        let n = logs.count
        if n > TailRule.persistence, let last = logs.last, !negligible(last) {
            let logShrink = Foundation.log(TailRule.shrinkFactor)
            let persistent = ((n - TailRule.persistence)..<n).allSatisfy { logs[$0] - logs[$0 - 1] >= logShrink }
            if persistent {
                throw .divergent(at: target, evidence: "∫|f| over successive dyadic shells does not decay ("
                    + Self.describe(logs.suffix(TailRule.persistence + 1)) + ")")
            }
        }
        return .exhausted(shells: n)
    }

    /// `log ∫|f| = a, b, c` with 4 significant digits.
    static func describe(_ logs: ArraySlice<Double>) -> String {
        "log ∫|f| = " + logs.map { String(format: "%.4g", $0) }.joined(separator: ", ")
    }

    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let m = max(a, b)
        return m + Foundation.log1p(Foundation.exp(-abs(a - b)))
    }
}
