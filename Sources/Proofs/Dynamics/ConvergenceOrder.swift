// The observed order of convergence from errors at a geometric sequence of step sizes.
//
// Implementation notes
// --------------------
// For errors eₖ at steps hₖ (hₖ₊₁ = hₖ/2 in our use, but any ratio works) the local orders
// are pₖ = log(eₖ/eₖ₊₁)/log(hₖ/hₖ₊₁) (Richardson's estimate between neighbours), and the
// global fit is the least-squares slope of log e against log h with its intercept (the
// line drawn in the reports). Before the asymptotic regime the local orders still carry a
// bias proportional to h (e = C hᵖ(1 + D h + …) gives pₖ = p + O(hₖ)), so they are themselves
// Richardson-extrapolated over the halving: qₖ = 2pₖ − pₖ₋₁ (for a general ratio r,
// (r·pₖ − pₖ₋₁)/(r − 1)). The reported order is the last qₖ and the spread is the range
// (max − min) of the last three qₖ: a small spread says the extrapolation has settled.
// Euler on y' = −3y from h = 0.2 has local orders 0.50, 0.78, 0.90, 0.95 but extrapolated
// orders 1.07, 1.02, 1.005. Points whose error is zero,
// negative or not finite are dropped (they carry no slope); errors at the rounding floor are
// dropped too (below 1e-13 relative to the solution's size), since there the "order" is
// rounding noise.
import Foundation
import Symbolic

/// An estimated order of convergence with its evidence.
public struct ConvergenceOrder: Sendable, Hashable {
    /// The step sizes used, decreasing.
    public var steps: [Double]
    /// The errors at those steps (positive).
    public var errors: [Double]
    /// Local orders between neighbouring step sizes.
    public var localOrders: [Double]
    /// The local orders extrapolated over the halving (one fewer than the local orders).
    public var extrapolatedOrders: [Double]
    /// The estimated order: the last extrapolated order.
    public var order: Double
    /// The range of the last (up to three) extrapolated orders.
    public var spread: Double
    /// The least-squares slope of log error against log step.
    public var fittedSlope: Double
    /// The least-squares intercept: log e ≈ intercept + slope·log h.
    public var fittedIntercept: Double

    /// Estimates the order from errors at decreasing step sizes; `nil` with fewer than three
    /// usable points.
    /// - Parameter floor: errors at or below this are rounding noise and are dropped.
    public init?(steps: [Double], errors: [Double], floor: Double = 0) {
        var hs: [Double] = [], es: [Double] = []
        for (h, e) in zip(steps, errors) where h.isFinite && h > 0 && e.isFinite && e > floor && e > 0 {
            hs.append(h)
            es.append(e)
        }
        guard hs.count >= 3 else { return nil }
        self.steps = hs
        self.errors = es
        var local: [Double] = []
        for i in 1..<hs.count {
            local.append(log(es[i - 1] / es[i]) / log(hs[i - 1] / hs[i]))
        }
        localOrders = local
        var extrapolated: [Double] = []
        for i in 1..<local.count {
            let r = hs[i] / hs[i + 1]
            extrapolated.append((r * local[i] - local[i - 1]) / (r - 1))
        }
        extrapolatedOrders = extrapolated
        let tail = extrapolated.suffix(3)
        order = tail.last ?? 0
        spread = tail.count >= 2 ? (tail.max() ?? 0) - (tail.min() ?? 0) : (local.count >= 2 ? abs(local[1] - local[0]) : .infinity)
        let xs = hs.map { log($0) }, ys = es.map { log($0) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        fittedSlope = sxx > 0 ? sxy / sxx : 0
        fittedIntercept = my - fittedSlope * mx
    }

    /// `order 1.003 ± 0.004 (local orders 0.98, 0.99, 1.00, 1.00; fitted slope 0.99)`.
    public var summary: String {
        "estimated order \(formatDouble(order)) ± \(formatDouble(spread)) (local orders "
            + localOrders.map { formatDouble($0) }.joined(separator: ", ") + ", extrapolated "
            + extrapolatedOrders.map { formatDouble($0) }.joined(separator: ", ")
            + "; fitted slope \(formatDouble(fittedSlope)) over \(steps.count) step sizes)"
    }
}
