// The observed order of convergence from errors at a geometric sequence of step sizes.
//
// Implementation notes
// --------------------
// For errors eₖ at steps hₖ (hₖ₊₁ = hₖ/2 in our use, but any ratio works) the local orders
// are pₖ = log(eₖ/eₖ₊₁)/log(hₖ/hₖ₊₁) (Richardson's estimate between neighbours), and the
// global fit is the least-squares slope of log e against log h with its intercept (the
// line drawn in the reports). The reported order is the mean of the last three local
// orders, where the asymptotic regime is best reached, and the spread is their range
// (max − min): a small spread says the sequence has settled. Points whose error is zero,
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
    /// The estimated order: the mean of the last (up to three) local orders.
    public var order: Double
    /// The range of the last (up to three) local orders.
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
        let tail = local.suffix(3)
        order = tail.reduce(0, +) / Double(tail.count)
        spread = (tail.max() ?? 0) - (tail.min() ?? 0)
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
            + localOrders.map { formatDouble($0) }.joined(separator: ", ")
            + "; fitted slope \(formatDouble(fittedSlope)) over \(steps.count) step sizes)"
    }
}
