// The numeric optimisation operators: values, the errors they report, and the same results
// with and without inline expectations written out as sums.
import Testing
@testable import Proofs
@testable import Symbolic

@Suite("optimisation operators")
struct OptimizationOperatorsTests {
    private func value(_ text: String, _ values: [Symbol: Double], handler: @escaping BigOperatorHandler = NumericHandlers.standard()) throws -> Double {
        var env = Environment()
        env.values = values
        env.functions[FunctionSignature(name: "f", arity: 1)] = FunctionImplementation(value: { $0[0] * $0[0] * $0[0] - $0[0] })
        env.bigOperatorHandler = handler
        return try Expr(parsing: text).evaluate(at: env)
    }

    @Test("max and argmax of a concave quadratic", arguments: [-1.5, 0.0, 2.0])
    func quadratic(x: Double) throws {
        #expect(abs(try value("max_{t}[x*t - t^2]", ["x": x]) - x * x / 4) <= 1e-9)
        #expect(abs(try value("argmax_{t}[x*t - t^2]", ["x": x]) - x / 2) <= 1e-6)
    }

    @Test("a body undefined for every t is a domain error at the point, not unevaluable")
    func undefinedBody() throws {
        #expect {
            _ = try value("max_{t}[x*t - t^2 + log(-1 - x^2)]", ["x": 1])
        } throws: { error in
            guard let e = error as? EvaluationError, case .domain = e else { return false }
            return true
        }
    }

    @Test("a body numbers cannot evaluate passes its own error on")
    func unevaluableBody() throws {
        #expect {
            _ = try value("max_{t}[g(t) - t^2]", ["x": 1])
        } throws: { error in
            guard let e = error as? EvaluationError, case .unboundFunction = e else { return false }
            return true
        }
    }

    @Test("argmin over an inline expectation: the same bits with and without writing it out", arguments: [0.1, 0.5, 0.9])
    func inlinedExpectation(p: Double) throws {
        let text = "argmin_{y}[ E_{e ~ bernoulli(p)}[ (y - f(x*e/p))^2 ] ]"
        let enumerating = OptimizationOperators.handler(next: DiscreteExpectation.handler(next: nil))
        for x in [-1.25, 0.5, 2.0] {
            let inlined = try value(text, ["p": p, "x": x])
            let enumerated = try value(text, ["p": p, "x": x], handler: enumerating)
            #expect(inlined.bitPattern == enumerated.bitPattern, "p = \(p), x = \(x): \(inlined) vs \(enumerated)")
            // The model average (1 - p) f(0) + p f(x/p), to the maximiser's accuracy.
            let u = x / p
            #expect(abs(inlined - p * (u * u * u - u)) <= 1e-6 * max(1, abs(inlined)))
        }
    }
}
