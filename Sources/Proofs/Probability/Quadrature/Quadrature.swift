// One-dimensional adaptive quadrature over finite, semi-infinite and infinite ranges.
//
// Implementation notes
// --------------------
// Every range is cut into initial pieces around c' = the centre option clamped into the
// range, with s = the scale option: the core [c'−s, c'+s] ∩ range, then dyadic shells
// [c'+s·2^k, c'+s·2^{k+1}] (mirrored below c') — out to a finite bound (the last shell ends
// there; at most 48), or towards an infinite end followed by a remainder [X, ∞) mapped to
// t ∈ [0, 1) by x = X + w·t/(1 − t), w = X − c'. Towards an infinite end the shells are
// chosen by the tail scan (`TailScan.swift`), which is also the divergence rule: shells are
// added until the tail is negligible (at least 6, at most 48); if their ∫|f| does not decay
// the integral is reported divergent. Then all pieces are integrated by one globally
// adaptive G7–K15 run (`AdaptiveCore`), so the error control is global. The change of
// variable handles the far tail (including power-law tails still significant after 48
// shells). The dyadic start means a peak of width ~s near the centre and the far reaches
// of a long range are both sampled from the first iteration on.
//
// If the adaptive integration of a range fails with a subdivision or round-off limit, the
// finite endpoints are scanned the same way (shells towards the endpoint); non-shrinking
// shells turn the failure into `divergent(at: endpoint)`.
//
// Features narrower than the scale and far from the centre can be missed entirely when no
// node falls on them (every quadrature has this limit): pass the integrand's centre and
// scale in the options (for an expectation under N(μ, σ²): μ and σ).
import Foundation

/// Adaptive Gauss–Kronrod quadrature with error estimates, typed failures and divergence
/// detection.
public enum Quadrature {
    /// ∫ f(x) dx from `lower` to `upper` (either may be infinite; `lower > upper` gives the
    /// negated integral). The integrand may throw: isolated bad points are avoided,
    /// persistent ones give `undefinedIntegrand`. Errors of type `QuadratureFailure` thrown
    /// by the integrand propagate unchanged (nested integrals).
    public static func integrate(from lower: Double, to upper: Double,
                                 options: QuadratureOptions = QuadratureOptions(),
                                 _ integrand: (Double) throws -> Double) throws(QuadratureFailure) -> QuadratureResult {
        try withEscapable(integrand) { f throws(QuadratureFailure) in
            try integrate(LinearIntegrand(f: f), lower, upper, options).result
        }
    }

    /// ∫ sign(x)·exp(logMagnitude(x)) dx: the integrand is given in log space, so factors
    /// that underflow or overflow separately (densities far in the tails, ratios p/q) do not
    /// produce 0·∞ or 0/0, and the divergence rule sees the true growth.
    public static func integrateInLogSpace(from lower: Double, to upper: Double,
                                           options: QuadratureOptions = QuadratureOptions(),
                                           _ integrand: (Double) throws -> SignedLog) throws(QuadratureFailure) -> QuadratureResult {
        try withEscapable(integrand) { f throws(QuadratureFailure) in
            try integrate(LogSpaceIntegrand(f: f), lower, upper, options).result
        }
    }

    /// Runs `body` with a non-escaping closure made escapable (it does not escape `body`).
    static func withEscapable<A, B, R>(_ closure: (A) throws -> B,
                                       _ body: (@escaping (A) throws -> B) throws(QuadratureFailure) -> R) throws(QuadratureFailure) -> R {
        do {
            return try withoutActuallyEscaping(closure) { escapable in try body(escapable) }
        } catch let failure as QuadratureFailure {
            throw failure
        } catch {
            throw .undefinedIntegrand(at: .nan, reason: "\(error)")
        }
    }

    /// The generic driver: the result and the integral of the auxiliary channel.
    static func integrate<F: QuadratureIntegrand>(_ integrand: F, _ lower: Double, _ upper: Double,
                                                  _ options: QuadratureOptions) throws(QuadratureFailure) -> (result: QuadratureResult, auxiliary: Double) {
        try options.validate()
        guard !lower.isNaN, !upper.isNaN else { throw .invalidRange(lower: lower, upper: upper) }
        if lower == upper { return (QuadratureResult(value: 0, errorEstimate: 0, evaluations: 0, subdivisions: 0), 0) }
        if lower > upper {
            var (r, aux) = try integrate(integrand, upper, lower, options)
            r.value = -r.value
            return (r, -aux)
        }
        var core = AdaptiveCore(integrand: integrand, options: options)
        // The tail scans' samples are kept for the first integration of the same pieces
        // (only an infinite end is scanned).
        if !lower.isFinite || !upper.isFinite { core.layoutSamples = [] }
        let pieces = try layout(&core, lower, upper)
        do throws(QuadratureFailure) {
            let outcome = try core.run(pieces)
            let result = QuadratureResult(value: outcome.value, errorEstimate: outcome.error,
                                          evaluations: core.evaluations, subdivisions: outcome.subdivisions)
            return (result, outcome.auxiliary)
        } catch {
            switch error {
            case .subdivisionLimit, .roundoffLimit, .undefinedIntegrand:
                try classifyEndpoints(&core, lower, upper)
            case .invalidRange, .invalidOptions, .evaluationLimit, .divergent, .innerIntegral:
                break
            }
            throw error
        }
    }

    /// The initial pieces for a range: the core around the centre, dyadic shells out to
    /// each finite end, and for an infinite end the scanned shells plus a mapped remainder.
    static func layout<F>(_ core: inout AdaptiveCore<F>, _ lower: Double, _ upper: Double) throws(QuadratureFailure) -> [(Double, Double, PieceMap)] {
        let s = core.options.scale
        let c = min(max(core.options.center, lower), upper)
        let coreLower = max(lower, c - s), coreUpper = min(upper, c + s)
        let maximum = TailRule.maximumShells
        func shellEdge(_ k: Int, _ direction: Double) -> Double { c + direction * s * Foundation.exp2(Double(k)) }
        // Finite sides: shells out to the bound (the last one absorbs the rest).
        var upperPieces = [(Double, Double, PieceMap)](), lowerPieces = [(Double, Double, PieceMap)]()
        if upper.isFinite {
            var k = 0
            while k < maximum, coreUpper < upper, shellEdge(k, 1) < upper {
                let b = k + 1 == maximum ? upper : min(upper, shellEdge(k + 1, 1))
                upperPieces.append((shellEdge(k, 1), b, .identity))
                k += 1
            }
        }
        if lower.isFinite {
            var k = 0
            while k < maximum, lower < coreLower, lower < shellEdge(k, -1) {
                let a = k + 1 == maximum ? lower : max(lower, shellEdge(k + 1, -1))
                lowerPieces.insert((a, shellEdge(k, -1), .identity), at: 0)
                k += 1
            }
        }
        if lower.isFinite && upper.isFinite { return lowerPieces + [(coreLower, coreUpper, .identity)] + upperPieces }
        // Reference magnitude for the tail scans: the core and the finite side.
        var reference = -Double.infinity
        for (a, b, _) in lowerPieces + [(coreLower, coreUpper, .identity)] + upperPieces {
            let l = try core.logMagnitude(a, b)
            if !l.isNaN && l != .infinity { reference = AdaptiveCore<F>.logAddExp(reference, l) }
        }
        if upper == .infinity {
            let verdict = try core.scanShells(towards: .infinity, reference: reference, earlyStop: true) { k in
                let a = shellEdge(k, 1), b = shellEdge(k + 1, 1)
                return a < b && b.isFinite ? (a, b) : nil
            }
            let n = verdict.shells
            for k in 0..<n { upperPieces.append((shellEdge(k, 1), shellEdge(k + 1, 1), .identity)) }
            let width = s * Foundation.exp2(Double(n))
            upperPieces.append((0, 1, .upperTail(anchor: c + width, width: width)))
        }
        if lower == -.infinity {
            let verdict = try core.scanShells(towards: -.infinity, reference: reference, earlyStop: true) { k in
                let a = shellEdge(k + 1, -1), b = shellEdge(k, -1)
                return a < b && a.isFinite ? (a, b) : nil
            }
            let n = verdict.shells
            for k in 0..<n { lowerPieces.insert((shellEdge(k + 1, -1), shellEdge(k, -1), .identity), at: 0) }
            let width = s * Foundation.exp2(Double(n))
            // The lower remainder runs from c − width down to −∞; its variable t ∈ [0, 1).
            lowerPieces.insert((0, 1, .lowerTail(anchor: c - width, width: width)), at: 0)
        }
        return lowerPieces + [(coreLower, coreUpper, .identity)] + upperPieces
    }

    /// After a failed adaptive integration: scan towards each finite endpoint and throw
    /// `divergent` if the shells there do not shrink.
    static func classifyEndpoints<F>(_ core: inout AdaptiveCore<F>, _ lower: Double, _ upper: Double) throws(QuadratureFailure) {
        let width = lower.isFinite && upper.isFinite ? upper - lower : core.options.scale
        guard width.isFinite, width > 0 else { return }
        var scanCore = AdaptiveCore(integrand: core.integrand, options: core.options)
        if lower.isFinite {
            _ = try scanCore.scanShells(towards: lower, reference: -.infinity, earlyStop: false) { k in
                let a = lower + width * Foundation.exp2(Double(-k - 1)), b = lower + width * Foundation.exp2(Double(-k))
                return lower < a && a < b ? (a, b) : nil
            }
        }
        if upper.isFinite {
            _ = try scanCore.scanShells(towards: upper, reference: -.infinity, earlyStop: false) { k in
                let a = upper - width * Foundation.exp2(Double(-k)), b = upper - width * Foundation.exp2(Double(-k - 1))
                return a < b && b < upper ? (a, b) : nil
            }
        }
    }
}
