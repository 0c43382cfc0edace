// One-dimensional adaptive quadrature over finite, semi-infinite and infinite ranges.
//
// Implementation notes
// --------------------
// Finite [a, b]: globally adaptive G7–K15 (`AdaptiveCore`) starting from the whole range.
//
// Ranges with an infinite end are cut into pieces around c' = the centre option clamped
// into the range, with s = the scale option:
//   [lower, c'−s] (if the lower end is finite and below) · core [c'−s, c'+s] ∩ range ·
//   dyadic shells [c'+s·2^k, c'+s·2^{k+1}] towards each infinite end ·
//   a remainder [X, ∞) mapped to t ∈ [0, 1) by x = X + w·t/(1 − t), w = X − c'.
// The shells are chosen by the tail scan (`TailScan.swift`), which is also the divergence
// rule: shells are added until the tail is negligible (at least 6, at most 48); if their
// ∫|f| does not decay the integral is reported divergent. Then all pieces are integrated
// adaptively together, so the error control is global. The change of variable handles the
// far tail (including power-law tails that are still significant after 48 shells).
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

    /// The initial pieces for a range (scanning the tails of infinite ends).
    static func layout<F>(_ core: inout AdaptiveCore<F>, _ lower: Double, _ upper: Double) throws(QuadratureFailure) -> [(Double, Double, PieceMap)] {
        if lower.isFinite && upper.isFinite { return [(lower, upper, .identity)] }
        let s = core.options.scale
        let c = min(max(core.options.center, lower), upper)
        let coreLower = max(lower, c - s), coreUpper = min(upper, c + s)
        var reference = try core.logMagnitude(coreLower, coreUpper)
        if reference.isNaN || reference == .infinity { reference = -.infinity }
        var before = [(Double, Double, PieceMap)](), after = [(Double, Double, PieceMap)]()
        if lower.isFinite && lower < coreLower {
            before.append((lower, coreLower, .identity))
            let l = try core.logMagnitude(lower, coreLower)
            if !l.isNaN && l != .infinity { reference = AdaptiveCore<F>.logAddExp(reference, l) }
        }
        if upper.isFinite && coreUpper < upper {
            after.append((coreUpper, upper, .identity))
            let l = try core.logMagnitude(coreUpper, upper)
            if !l.isNaN && l != .infinity { reference = AdaptiveCore<F>.logAddExp(reference, l) }
        }
        if upper == .infinity {
            let verdict = try core.scanShells(towards: .infinity, reference: reference, earlyStop: true) { k in
                let a = c + s * Foundation.exp2(Double(k)), b = c + s * Foundation.exp2(Double(k + 1))
                return a < b && b.isFinite ? (a, b) : nil
            }
            let n = verdict.shells
            for k in 0..<n { after.append((c + s * Foundation.exp2(Double(k)), c + s * Foundation.exp2(Double(k + 1)), .identity)) }
            let width = s * Foundation.exp2(Double(n))
            after.append((0, 1, .upperTail(anchor: c + width, width: width)))
        }
        var lowerTail = [(Double, Double, PieceMap)]()
        if lower == -.infinity {
            let verdict = try core.scanShells(towards: -.infinity, reference: reference, earlyStop: true) { k in
                let a = c - s * Foundation.exp2(Double(k + 1)), b = c - s * Foundation.exp2(Double(k))
                return a < b && a.isFinite ? (a, b) : nil
            }
            let n = verdict.shells
            let width = s * Foundation.exp2(Double(n))
            // The lower remainder runs from c − width down to −∞; its variable t ∈ [0, 1).
            lowerTail.append((0, 1, .lowerTail(anchor: c - width, width: width)))
            for k in (0..<n).reversed() {
                lowerTail.append((c - s * Foundation.exp2(Double(k + 1)), c - s * Foundation.exp2(Double(k)), .identity))
            }
        }
        return lowerTail + before + [(coreLower, coreUpper, .identity)] + after
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
