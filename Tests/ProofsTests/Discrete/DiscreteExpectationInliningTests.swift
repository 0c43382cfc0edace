// Inline finite expectations written out as sums for optimisation bodies: the same values as
// enumeration, bit for bit, and left as written wherever the sum would compute something else.
import Testing
@testable import Proofs
@testable import Symbolic

@Suite("Discrete expectations written out as sums")
struct DiscreteExpectationInliningTests {
    /// The body of `argmin_{y}[…]`-style sweeps in the corpus (dropout-mlm DROP-3 and others).
    @Test("the sum computes what enumeration computes, bit for bit", arguments: [
        "E_{e ~ bernoulli(p)}[ (y - f(x*e/p))^2 ]",
        "E_{e ~ bernoulli(p)}[ (y - x*e/p)^2 ] + y^2",
        "E_{s ~ bernoulli(3/20), a ~ categorical(4/5, 1/10, 1/10)}[ (1 - s)*x + s*([1, 0, 0][a]*y + [0, 1, 0][a]*x + [0, 0, 1][a]*p) ]",
        "E_{e ~ bernoulli(p), g ~ bernoulli(1/3)}[ exp(y*e - g*x) ]",
    ], [0, 1, 2] as [UInt64])
    func sameValues(text: String, seed: UInt64) throws {
        let body = try Expr(parsing: text)
        var rng = RandomSource(seed: seed, stream: [body.stableHash])
        for _ in 0 ..< 20 {
            var env = Environment()
            env.values["p"] = 0.05 + 0.9 * rng.nextUnit()
            env.values["x"] = 4 * rng.nextUnit() - 2
            env.functions[FunctionSignature(name: "f", arity: 1)] = FunctionImplementation(value: { $0[0] * $0[0] * $0[0] - $0[0] })
            env.bigOperatorHandler = DiscreteExpectation.handler(next: nil)
            let inlined = DiscreteExpectation.inlined(in: body, varying: "y", at: env, declared: [])
            #expect(!NumericSetupProbe.containsBigOperator(inlined), "\(inlined)")
            let y = 6 * rng.nextUnit() - 3
            var at = env
            at.values["y"] = y
            let enumerated = try body.evaluate(at: at)
            let tree = try inlined.evaluate(at: at)
            let compiled = try PointEvaluator(compiling: inlined, variables: ["y"], environment: env).value(at: [y])
            #expect(tree.bitPattern == enumerated.bitPattern, "\(text) at y = \(y): \(tree) vs \(enumerated)")
            #expect(compiled?.bitPattern == enumerated.bitPattern, "\(text) at y = \(y): \(String(describing: compiled)) vs \(enumerated)")
        }
    }

    @Test("left as written where enumeration must decide", arguments: [
        "E_{e ~ bernoulli(p), e > 0}[ y*e ]",          // a condition
        "E_{e ~ bernoulli(y)}[ e ]",                   // a weight that involves the variable
        "E_{e ~ bernoulli(p)}[ e^y ]",                 // 0^y: the moment convention
        "E_{e ~ bernoulli(q)}[ y*e ]",                 // a weight outside [0, 1] at the point
    ])
    func leftAsWritten(text: String) throws {
        let body = try Expr(parsing: text)
        var env = Environment()
        env.values["p"] = 0.3
        env.values["q"] = 1.5
        let inlined = DiscreteExpectation.inlined(in: body, varying: "y", at: env, declared: [])
        #expect(inlined == body, "\(inlined)")
    }
}

/// Whether an expression still holds a big operator.
private enum NumericSetupProbe {
    static func containsBigOperator(_ e: Expr) -> Bool {
        e.containsSubexpression { if case .bigOperator = $0.kind { return true } else { return false } }
    }
}
