// Nested 2-D quadrature: the numeric instances of notes 02 and 05.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("Nested quadrature")
struct Quadrature2DTests {
    @Test("MI of the Gaussian channel x ~ N(0,1), z|x ~ N(x, ¼) is ½ log 5 (note 05, 4.1)")
    func gaussianChannel() throws {
        let a = 1.0, s = 0.5
        let pz = try NormalDistribution(mean: 0, variance: a * a + s * s)
        let r = try Quadrature.integrate2D(xFrom: -.infinity, xTo: .infinity, yFrom: -.infinity, yTo: .infinity,
                                           innerOptions: { x in QuadratureOptions(center: a * x, scale: s) }) { x, z in
            let lx = StandardNormal.logDensity(x)
            let lzx = StandardNormal.logDensity((z - a * x) / s) - log(s)
            return exp(lx + lzx) * (lzx - pz.logDensity(at: z))
        }
        #expect(abs(r.value - 0.5 * log(5.0)) <= 1e-8, "\(r.value) ± \(r.errorEstimate)")
        #expect(r.errorEstimate <= 1e-7)
    }

    /// JS between a standard bivariate normal with correlation ρ and the product of its
    /// marginals, integrand in a form that never computes 0·∞.
    static func jensenShannon(rho: Double) throws -> QuadratureResult {
        let c = (1 - rho * rho).squareRoot()
        return try Quadrature.integrate2D(xFrom: -.infinity, xTo: .infinity, yFrom: -.infinity, yTo: .infinity,
                                          innerOptions: { x in QuadratureOptions(center: rho * x, scale: c) }) { x, y in
            let lp = StandardNormal.logDensity(x) + StandardNormal.logDensity((y - rho * x) / c) - log(c)
            let lq = StandardNormal.logDensity(x) + StandardNormal.logDensity(y)
            let d = lp - lq
            let sp = d > 0 ? d + log1p(exp(-d)) : log1p(exp(d))      // softplus(d)
            let sm = -d > 0 ? -d + log1p(exp(d)) : log1p(exp(-d))    // softplus(−d)
            return 0.5 * exp(lp) * (log(2.0) - sm) + 0.5 * exp(lq) * (log(2.0) - sp)
        }
    }

    @Test("JS of the bivariate normal vs its marginals (note 02, 4.2)", arguments: [
        (2 / 5.0.squareRoot(), 0.208272), (0.99, 0.441368), (0.999, 0.575170),
    ])
    func jensenShannon(rho: Double, expected: Double) throws {
        let r = try Self.jensenShannon(rho: rho)
        #expect(abs(r.value - expected) <= 1e-6, "ρ = \(rho): \(r.value)")
    }

    @Test("a separable integrand equals the product of its 1-D integrals; bounded regions; log space")
    func separable() throws {
        let r = try Quadrature.integrate2D(xFrom: 0, xTo: 1, yFrom: 0, yTo: .pi) { x, y in x * x * sin(y) }
        #expect(abs(r.value - 2.0 / 3) <= 1e-12)
        let g = try Quadrature.integrate2DInLogSpace(xFrom: -.infinity, xTo: .infinity, yFrom: 0, yTo: .infinity) { x, y in
            SignedLog(logMagnitude: -x * x - y)
        }
        #expect(abs(g.value - Double.pi.squareRoot()) <= 1e-10)
    }

    @Test("an inner divergence fails the whole integral; the work bound holds")
    func failures() {
        #expect {
            _ = try Quadrature.integrate2D(xFrom: 0, xTo: 1, yFrom: 1, yTo: .infinity) { x, y in x / y }
        } throws: { error in
            guard case .innerIntegral(_, .divergent(.infinity, _)) = error as? QuadratureFailure else { return false }
            return true
        }
        #expect(throws: QuadratureFailure.evaluationLimit(limit: 100)) {
            _ = try Quadrature.integrate2D(xFrom: 0, xTo: 1, yFrom: 0, yTo: 1, maxTotalEvaluations: 100) { x, y in sin(x * y) }
        }
    }
}
