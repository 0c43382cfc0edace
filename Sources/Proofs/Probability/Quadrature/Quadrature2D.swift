// Nested (product) quadrature over rectangles of ℝ², possibly unbounded.
//
// Implementation notes
// --------------------
// ∬ f(x, y) dy dx is computed as the 1-D adaptive quadrature in x of g(x) = ∫ f(x, y) dy,
// itself a 1-D adaptive quadrature in y (with options that may depend on x, e.g. a
// conditional mean as the inner centre). The inner error estimates are integrated in x
// alongside g (the auxiliary channel of the adaptive core) and added to the outer error
// estimate. A failure of any inner integral fails the whole computation
// (`innerIntegral(at: x, …)`), including divergence of an inner integral. Work is bounded
// by the outer `maxEvaluations` (inner integrals) and by `maxTotalEvaluations` (integrand
// evaluations across all inner integrals).
import Foundation

/// A shared counter of inner evaluations (nested quadrature is single-threaded).
final class EvaluationBudget {
    var used = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }
}

/// g(x) = ∫ f(x, y) dy as an outer integrand.
struct NestedIntegrand<Inner: QuadratureIntegrand>: QuadratureIntegrand {
    let inner: (Double) -> Inner
    let yLower: Double
    let yUpper: Double
    let innerOptions: (Double) -> QuadratureOptions
    let budget: EvaluationBudget

    func innerResult(_ x: Double) throws -> QuadratureResult {
        let r: QuadratureResult
        do {
            r = try Quadrature.integrate(inner(x), yLower, yUpper, innerOptions(x)).result
        } catch {
            throw QuadratureFailure.innerIntegral(at: x, error)
        }
        budget.used += r.evaluations
        if budget.used > budget.limit { throw QuadratureFailure.evaluationLimit(limit: budget.limit) }
        return r
    }

    func sample(at x: Double) throws -> QuadratureResult {
        try innerResult(x)
    }

    func evaluate(_ r: QuadratureResult, jacobian: Double) -> (value: Double, auxiliary: Double) {
        (r.value == 0 ? 0 : r.value * jacobian, r.errorEstimate == 0 ? 0 : r.errorEstimate * jacobian)
    }

    func logMagnitude(_ r: QuadratureResult) -> Double {
        Foundation.log(abs(r.value))
    }

    func reuse(_ r: QuadratureResult) throws {
        budget.used += r.evaluations
        if budget.used > budget.limit { throw QuadratureFailure.evaluationLimit(limit: budget.limit) }
    }
}

extension Quadrature {
    /// ∬ f(x, y) dy dx over [xFrom, xTo] × [yFrom, yTo] (bounds may be infinite), by nested
    /// adaptive quadrature. `innerOptions(x)` gives the options of the inner integral at x
    /// (e.g. its centre and scale); `outerOptions` those of the outer one. The error
    /// estimate is the outer estimate plus the integrated inner estimates.
    public static func integrate2D(xFrom: Double, xTo: Double, yFrom: Double, yTo: Double,
                                   outerOptions: QuadratureOptions = QuadratureOptions(),
                                   innerOptions: (Double) -> QuadratureOptions = { _ in QuadratureOptions() },
                                   maxTotalEvaluations: Int = 20_000_000,
                                   _ integrand: (Double, Double) throws -> Double) throws(QuadratureFailure) -> QuadratureResult {
        try nested(xFrom, xTo, yFrom, yTo, outerOptions, innerOptions, maxTotalEvaluations, integrand) { f, x in
            LinearIntegrand(f: { y in try f(x, y) })
        }
    }

    /// ∬ sign·exp(logMagnitude) of a log-space integrand over [xFrom, xTo] × [yFrom, yTo]
    /// (the inner integrals in log space; see `integrateInLogSpace`).
    public static func integrate2DInLogSpace(xFrom: Double, xTo: Double, yFrom: Double, yTo: Double,
                                             outerOptions: QuadratureOptions = QuadratureOptions(),
                                             innerOptions: (Double) -> QuadratureOptions = { _ in QuadratureOptions() },
                                             maxTotalEvaluations: Int = 20_000_000,
                                             _ integrand: (Double, Double) throws -> SignedLog) throws(QuadratureFailure) -> QuadratureResult {
        try nested(xFrom, xTo, yFrom, yTo, outerOptions, innerOptions, maxTotalEvaluations, integrand) { f, x in
            LogSpaceIntegrand(f: { y in try f(x, y) })
        }
    }

    static func nested<V, Inner: QuadratureIntegrand>(
        _ xFrom: Double, _ xTo: Double, _ yFrom: Double, _ yTo: Double,
        _ outerOptions: QuadratureOptions, _ innerOptions: (Double) -> QuadratureOptions,
        _ maxTotalEvaluations: Int, _ integrand: (Double, Double) throws -> V,
        _ makeInner: @escaping (@escaping (Double, Double) throws -> V, Double) -> Inner
    ) throws(QuadratureFailure) -> QuadratureResult {
        guard maxTotalEvaluations > 0 else { throw .invalidOptions("maxTotalEvaluations must be positive") }
        guard !yFrom.isNaN, !yTo.isNaN else { throw .invalidRange(lower: yFrom, upper: yTo) }
        let budget = EvaluationBudget(limit: maxTotalEvaluations)
        do {
            return try withoutActuallyEscaping(integrand) { f in
                try withoutActuallyEscaping(innerOptions) { options in
                    let outer = NestedIntegrand(inner: { x in makeInner(f, x) }, yLower: yFrom, yUpper: yTo,
                                                innerOptions: options, budget: budget)
                    var (result, auxiliary) = try integrate(outer, xFrom, xTo, outerOptions)
                    result.errorEstimate += abs(auxiliary)
                    return result
                }
            }
        } catch let failure as QuadratureFailure {
            throw failure
        } catch {
            throw .undefinedIntegrand(at: .nan, reason: "\(error)")
        }
    }
}
