// The order estimator on methods of known order, and the reference integrator's accuracy.
import Foundation
import Testing
@testable import Proofs

@Suite("order estimation")
struct OrderEstimationTests {
    /// y' = k y from y(0) = 1 to t = T; the exact solution is exp(k T).
    @Test("fixed-step methods show their order on a linear ODE (within ±0.1)",
          arguments: [(FixedStepMethod.euler, -1.0, 1.0), (.euler, 2.0, 1.0), (.euler, -3.0, 2.0),
                      (.rk4, -1.0, 1.0), (.rk4, 2.0, 1.0), (.rk4, -3.0, 2.0)])
    func linearScalar(method: FixedStepMethod, k: Double, horizon: Double) throws {
        let exact = exp(k * horizon)
        var steps: [Double] = [], errors: [Double] = []
        for level in 0..<5 {
            let n = 10 << level
            let y = try method.integrate({ _, y in [k * y[0]] }, from: 0, [1], to: horizon, steps: n)
            steps.append(horizon / Double(n))
            errors.append(abs(y[0] - exact))
        }
        let fit = try #require(ConvergenceOrder(steps: steps, errors: errors, floor: 1e-13))
        #expect(abs(fit.order - Double(method.order)) <= 0.1, "\(fit.summary)")
        // The plain log-log slope still carries the pre-asymptotic bias the extrapolation removes.
        #expect(abs(fit.fittedSlope - Double(method.order)) >= abs(fit.order - Double(method.order)) - 1e-9, "\(fit.summary)")
        #expect(fit.spread < 0.1, "\(fit.summary)")
    }

    /// A rotation y'' = -y as a system: (y, v)' = (v, -y), exact (cos t, -sin t).
    @Test("RK4 is fourth order on a linear system", arguments: [1.0, 3.0])
    func linearSystem(horizon: Double) throws {
        var steps: [Double] = [], errors: [Double] = []
        for level in 0..<5 {
            let n = 8 << level
            let y = try FixedStepMethod.rk4.integrate({ _, y in [y[1], -y[0]] }, from: 0, [1, 0], to: horizon, steps: n)
            steps.append(horizon / Double(n))
            errors.append(max(abs(y[0] - cos(horizon)), abs(y[1] + sin(horizon))))
        }
        let fit = try #require(ConvergenceOrder(steps: steps, errors: errors, floor: 1e-13))
        #expect(abs(fit.order - 4) <= 0.1, "\(fit.summary)")
    }

    @Test("an exact power law gives its exponent with no spread", arguments: [0.5, 1.0, 2.0, 3.0])
    func powerLaw(p: Double) throws {
        let steps = (0..<6).map { 0.1 / pow(2, Double($0)) }
        let fit = try #require(ConvergenceOrder(steps: steps, errors: steps.map { 3 * pow($0, p) }))
        #expect(abs(fit.order - p) < 1e-12)
        #expect(fit.spread < 1e-12)
        #expect(abs(fit.fittedSlope - p) < 1e-12)
        #expect(abs(fit.fittedIntercept - log(3)) < 1e-9)
    }

    @Test func unusablePointsAreDropped() throws {
        // Zero, NaN and errors at the floor carry no slope.
        #expect(ConvergenceOrder(steps: [0.1, 0.05, 0.025], errors: [0, .nan, 1e-3]) == nil)
        let fit = try #require(ConvergenceOrder(steps: [0.1, 0.05, 0.025, 0.0125, 0.00625], errors: [4e-2, 2e-2, 1e-2, 1e-15, 0],
                                                floor: 1e-12))
        #expect(fit.steps.count == 3)
        #expect(abs(fit.order - 1) < 1e-12)
    }
}

@Suite("Dormand-Prince RK45")
struct DormandPrinceTests {
    /// (name, right side, initial state, end time, exact solution at the end).
    static var cases: [(String, DormandPrince.RightSide, [Double], Double, [Double])] { [
        ("decay", { _, y in [-y[0]] }, [1], 3, [exp(-3)]),
        ("growth", { _, y in [0.5 * y[0]] }, [2], 4, [2 * exp(2)]),
        ("oscillator", { _, y in [y[1], -y[0]] }, [1, 0], 10, [cos(10), -sin(10)]),
        ("logistic", { _, y in [y[0] * (1 - y[0])] }, [0.1], 5, [1 / (1 + 9 * exp(-5))]),
        ("time-dependent", { t, y in [-2 * t * y[0]] }, [1], 2, [exp(-4)]),
        ("damped oscillator", { _, y in [y[1], -y[1] - y[0]] }, [1, 0], 5,
         [exp(-2.5) * (cos(5 * sqrt(3) / 2) + sin(5 * sqrt(3) / 2) / sqrt(3)), -exp(-2.5) * sin(5 * sqrt(3) / 2) / (sqrt(3) / 2)]),
    ] }

    @Test("matches closed-form solutions to 1e-9", arguments: 0..<6)
    func accuracy(index: Int) throws {
        let (name, f, y0, t1, exact) = Self.cases[index]
        let solution = try DormandPrince().integrate(f, from: 0, y0, to: t1)
        for (a, b) in zip(solution.state, exact) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(name): \(solution.state) against \(exact)")
        }
        #expect(solution.acceptedSteps > 0 && solution.acceptedSteps < 5_000, "\(name): \(solution.acceptedSteps) steps")
    }

    @Test func looserTolerancesTakeFewerSteps() throws {
        var loose = DormandPrince()
        loose.relativeTolerance = 1e-4
        loose.absoluteTolerance = 1e-6
        let f: DormandPrince.RightSide = { _, y in [y[1], -y[0]] }
        let tight = try DormandPrince().integrate(f, from: 0, [1, 0], to: 10)
        let coarse = try loose.integrate(f, from: 0, [1, 0], to: 10)
        #expect(coarse.acceptedSteps < tight.acceptedSteps)
        #expect(abs(coarse.state[0] - cos(10)) < 1e-3)
    }

    @Test func blowUpIsAnErrorNotAnAnswer() {
        // y' = y^2, y(0) = 1 blows up at t = 1.
        var integrator = DormandPrince()
        integrator.maxSteps = 20_000
        #expect(throws: DynamicsError.self) { try integrator.integrate({ _, y in [y[0] * y[0]] }, from: 0, [1], to: 2) }
    }

    @Test func badInputIsRejected() {
        #expect(throws: DynamicsError.self) { try DormandPrince().integrate({ _, y in y }, from: 1, [1], to: 0) }
        #expect(throws: DynamicsError.self) { try DormandPrince().integrate({ _, y in y }, from: 0, [], to: 1) }
        #expect(throws: DynamicsError.self) { try DormandPrince().integrate({ _, _ in [1, 2] }, from: 0, [1], to: 1) }
        #expect(throws: DynamicsError.self) { try DormandPrince().integrate({ _, _ in [.nan] }, from: 0, [1], to: 1) }
    }
}
