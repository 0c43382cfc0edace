import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")

@Suite("Dual numbers")
struct DualTests {
    @Test("arithmetic follows the Leibniz rules")
    func arithmetic() throws {
        let a = Dual.variable(3), b = Dual(value: 2, derivative: 5)
        #expect(a + b == Dual(value: 5, derivative: 6))
        #expect(a - b == Dual(value: 1, derivative: -4))
        #expect(a * b == Dual(value: 6, derivative: 2 + 15))
        #expect(try a.dividing(by: b) == Dual(value: 1.5, derivative: (1 - 1.5 * 5) / 2))
        #expect(throws: EvaluationError.divisionByZero) { try a.dividing(by: .constant(0)) }
    }

    @Test("a constant argument never makes an unbounded slope NaN")
    func constantArguments() throws {
        let e = Expr.call(.sqrt, y) * x
        let r = try e.derivativeValue(withRespectTo: "x", at: ["x": 2, "y": 0])
        #expect(r.value == 0 && r.derivative == 0)
        #expect(throws: EvaluationError.overflow(operation: "derivative of sqrt")) {
            try Expr.call(.sqrt, x).derivativeValue(withRespectTo: "x", at: ["x": 0])
        }
    }

    @Test("powers at zero", arguments: [
        (Expr.power(x, 1), 1.0), (.power(x, 2), 0.0), (.power(x, 3), 0.0),
        (.power(x, .number(Rational(3, 2)!)), 0.0),
    ])
    func powersAtZero(e: Expr, expected: Double) throws {
        #expect(try e.derivativeValue(withRespectTo: "x", at: ["x": 0]).derivative == expected)
    }

    @Test("opaque functions use their partial derivatives")
    func opaque() throws {
        var env = Environment(["x": 2, "y": 3])
        env.define("g", arity: 2, derivatives: [[1, 0]: { 2 * $0[0] * $0[1] }, [0, 1]: { $0[0] * $0[0] }]) {
            $0[0] * $0[0] * $0[1]
        }
        let e = Expr.apply("g", [x, x * y])
        // d/dx g(x, xy) = 2x·xy + x²·y
        let r = try e.derivativeValue(withRespectTo: "x", at: env)
        #expect(r.value == 24 && r.derivative == 2 * 2 * 6 + 4 * 3)
        var missing = env
        missing.functions[FunctionSignature(name: "g", arity: 2)]?.derivatives = [:]
        #expect(throws: EvaluationError.unboundFunction("∂(1,0) g")) { try e.derivativeValue(withRespectTo: "x", at: missing) }
        // No partial is needed when the argument does not depend on the variable.
        #expect(try Expr.apply("g", [y, y]).derivativeValue(withRespectTo: "x", at: missing).derivative == 0)
    }

    @Test("big operators are constants unless the variable is free in them")
    func bigOperators() throws {
        let op = Expr(.bigOperator(BigOperator(name: "E", bindings: [Binding(subject: .symbol("z"), relation: .bare, value: nil)],
                                               body: .symbol("z") * y)))
        let env = Environment(["x": 1, "y": 2], bigOperatorHandler: { _, _ in 4 })
        #expect(try (op * x).derivativeValue(withRespectTo: "x", at: env) == (4, 4))
        #expect(throws: EvaluationError.self) { try (op * x).derivativeValue(withRespectTo: "y", at: env) }
    }

    @Test("values equal tree evaluation bit for bit on random trees", arguments: 0 ..< 60)
    func valuesMatch(seed: Int) {
        var generator = RandomExpr(seed: UInt64(seed))
        let e = generator.make()
        var rng = RandomSource(seed: UInt64(seed) + 3)
        for _ in 0 ..< 5 {
            let env: [Symbol: Double] = ["x": rng.nextDouble(in: -3, 3), "y": rng.nextDouble(in: -3, 3), "z": rng.nextDouble(in: -3, 3)]
            guard let v = try? e.evaluate(at: env) else { continue }
            if let d = try? e.derivativeValue(withRespectTo: "x", at: env) {
                #expect(d.value.bitPattern == v.bitPattern, "seed \(seed)")
            }
        }
    }
}
