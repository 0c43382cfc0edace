// The 7-point Gauss / 15-point Kronrod rule and the integrand adapters.
//
// Implementation notes
// --------------------
// Nodes and weights are QUADPACK's `qk15` (Piessens et al. 1983) to 33 digits, rounded to
// double by the compiler. The rule integrates polynomials of degree ≤ 22 exactly (the
// embedded Gauss rule, degree ≤ 13), which the tests check. The error estimate is
// QUADPACK's: with K, G the two results, and `resasc` ≈ ∫|f − K/(b−a)|,
// err = resasc·min(1, (200|K − G|/resasc)^{3/2}), and never below 50·ε·∫|f| (rounding).
//
// A piece of the integration may be a *mapped* piece: for the unbounded remainders beyond
// the tail shells, t ∈ [0, 1) maps to x = X ± w·t/(1 − t) with Jacobian w/(1 − t)². Nodes
// are interior, so t = 1 is never evaluated.
import Foundation

/// How a piece's variable t maps to the integration variable x.
enum PieceMap: Sendable, Hashable {
    /// x = t.
    case identity
    /// x = anchor + width·t/(1 − t), t ∈ [0, 1): [anchor, ∞).
    case upperTail(anchor: Double, width: Double)
    /// x = anchor − width·t/(1 − t), t ∈ [0, 1): (−∞, anchor].
    case lowerTail(anchor: Double, width: Double)

    /// The point and the Jacobian dx/dt (taken positive; orientation is handled by the
    /// caller) at t.
    @inline(__always)
    func point(_ t: Double) -> (x: Double, jacobian: Double) {
        switch self {
        case .identity:
            return (t, 1)
        case .upperTail(let anchor, let width):
            let s = 1 - t
            return (anchor + width * (t / s), width / (s * s))
        case .lowerTail(let anchor, let width):
            let s = 1 - t
            return (anchor - width * (t / s), width / (s * s))
        }
    }
}

/// An integrand as the adaptive core sees it.
///
/// An evaluation is split in two: `sample(at:)` computes f at x (the costly part: the
/// integrand closure, or a whole inner integral), and `evaluate(_:jacobian:)` and
/// `logMagnitude(_:)` derive from that sample what the rule and the tail scans need. The
/// core can then keep the samples the layout's tail scans computed and reuse them when the
/// same pieces are integrated (the nodes are the same doubles), with the same results.
protocol QuadratureIntegrand {
    /// What one evaluation of f at x yields.
    associatedtype Sample
    /// f at x (throws where the integrand throws).
    func sample(at x: Double) throws -> Sample
    /// f(x)·jacobian, and an auxiliary quantity (also times the Jacobian) integrated
    /// alongside (nested quadrature uses it for the inner error estimates).
    func evaluate(_ sample: Sample, jacobian: Double) -> (value: Double, auxiliary: Double)
    /// log|f(x)|, for the tail scans.
    func logMagnitude(_ sample: Sample) -> Double
    /// Accounts for a kept sample used again in place of a new evaluation (the work it would
    /// have cost is charged to any shared budget, so limits trip exactly as before).
    func reuse(_ sample: Sample) throws
}

extension QuadratureIntegrand {
    /// f(x)·jacobian and the auxiliary quantity at x.
    @inline(__always)
    func evaluate(at x: Double, jacobian: Double) throws -> (value: Double, auxiliary: Double) {
        evaluate(try sample(at: x), jacobian: jacobian)
    }

    /// log|f(x)|.
    func logMagnitude(at x: Double) throws -> Double {
        logMagnitude(try sample(at: x))
    }

    func reuse(_ sample: Sample) throws {}
}

/// A plain integrand `(Double) throws -> Double`.
struct LinearIntegrand: QuadratureIntegrand {
    let f: (Double) throws -> Double
    @inline(__always)
    func sample(at x: Double) throws -> Double { try f(x) }
    @inline(__always)
    func evaluate(_ v: Double, jacobian: Double) -> (value: Double, auxiliary: Double) {
        (v == 0 ? 0 : v * jacobian, 0)
    }
    func logMagnitude(_ v: Double) -> Double {
        Foundation.log(abs(v))
    }
}

/// An integrand given in log space, `(Double) throws -> SignedLog`.
struct LogSpaceIntegrand: QuadratureIntegrand {
    let f: (Double) throws -> SignedLog
    @inline(__always)
    func sample(at x: Double) throws -> SignedLog { try f(x) }
    @inline(__always)
    func evaluate(_ r: SignedLog, jacobian: Double) -> (value: Double, auxiliary: Double) {
        if r.sign == 0 { return (0, 0) }
        if r.sign.isNaN || r.logMagnitude.isNaN { return (.nan, 0) }
        return (r.sign * Foundation.exp(r.logMagnitude + Foundation.log(jacobian)), 0)
    }
    func logMagnitude(_ r: SignedLog) -> Double {
        if r.sign.isNaN { return .nan }
        return r.sign == 0 ? -.infinity : r.logMagnitude
    }
}

/// The G7–K15 rule.
enum GaussKronrod15 {
    /// Kronrod abscissae on [−1, 1] (positive half, descending; index 7 is the centre).
    /// Odd indices are also the Gauss nodes.
    static let nodes: [Double] = [
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.000000000000000000000000000000000,
    ]

    /// Kronrod weights for `nodes`.
    static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714,
    ]

    /// Gauss weights for `nodes[1]`, `nodes[3]`, `nodes[5]`, `nodes[7]`.
    static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082,
        0.279705391489276667901467771423780,
        0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ]

    /// Abscissa number `index` (0 ..< 15) on [a, b], in ascending order, with its Kronrod
    /// weight scaled by the half-length (the tail scans take the nodes one at a time).
    @inline(__always)
    static func scaledNode(_ index: Int, _ a: Double, _ b: Double) -> (x: Double, weight: Double) {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a)
        if index < 7 { return (centre - half * nodes[index], half * kronrodWeights[index]) }
        if index == 7 { return (centre, half * kronrodWeights[7]) }
        let j = 14 - index
        return (centre + half * nodes[j], half * kronrodWeights[j])
    }
}
