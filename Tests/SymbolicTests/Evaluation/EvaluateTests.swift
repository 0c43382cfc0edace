import Foundation
import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")
private func q(_ n: Int, _ d: Int) -> Expr { .number(Rational(n, d)!) }

@Suite("Double evaluation")
struct EvaluateTests {
    static let simpleValues: [(Expr, Double, Double)] = [
        (Expr.call(.sin, x) * .call(.cos, x), 2.0, sin(2.0) * cos(2.0)),
        (.power(x, 3) - 2 * x + 1, 1.5, 1.5 * 1.5 * 1.5 - 3 + 1),
        (x / 3, 1.0, 1.0 / 3),
        (.call(.sqrt, x) + .power(x, q(1, 2)), 2.0, 2 * 2.0.squareRoot()),
        (.call(.log, .call(.exp, x)), 0.75, 0.75),
        (.call(.atan, x) + .call(.tanh, x), 0.5, atan(0.5) + tanh(0.5)),
        (.call(.erf, x), 0.3, erf(0.3)),
        (.call(.abs, x) * .call(.sign, x), -2.5, -2.5),
        (.power(x, y), 2.0, 8.0),
        (Expr.pi * x, 2.0, 2 * Double.pi),
    ]

    @Test("values of simple expressions", arguments: simpleValues)
    func values(e: Expr, at value: Double, expected: Double) throws {
        let v = try e.evaluate(at: ["x": value, "y": 3])
        #expect(Numeric.ulps(v, expected) <= 2, "\(e.testDescription) at \(value)")
    }

    @Test("number terms of a sum are added exactly, last")
    func literalSums() throws {
        let a = x - q(1, 2) - q(1, 4)
        let v = try a.evaluate(at: ["x": 0.1])
        #expect(v.bitPattern == (0.1 + -0.75).bitPattern)
    }

    @Test("a quotient is one correctly rounded division")
    func quotient() throws {
        for value in [1.0, 0.1, 7.0, 1e-300] {
            let v = try (x / 3).evaluate(at: ["x": value])
            #expect(v.bitPattern == (value / 3).bitPattern)
        }
    }

    @Test("sigmoid and softplus are stable for large arguments", arguments: [
        (Builtin.sigmoid, 800.0, 1.0), (.sigmoid, -800.0, 0.0), (.sigmoid, 0.0, 0.5),
        (.sigmoid, -40.0, 4.248354255291589e-18), (.softplus, 800.0, 800.0),
        (.softplus, -800.0, 0.0), (.softplus, 0.0, M_LN2), (.softplus, -40.0, 4.248354255291589e-18),
        (.softplus, 40.0, 40.0),
    ])
    func stableLogistic(f: Builtin, at value: Double, expected: Double) throws {
        let v = try Expr.call(f, x).evaluate(at: ["x": value])
        #expect(Numeric.ulps(v, expected) <= 2 || (expected == 0 && v == 0))
    }

    @Test("lambertw: principal branch values", arguments: [
        (1.0, 0.5671432904097838), (10.0, 1.7455280027406994), (-0.3, -0.4894022271802149),
        (1e300, 684.2472086297608), (0.0, 0.0), (M_E, 1.0), (-0.36787944117, -0.9999971997634111),
        (1e-8, 9.999999900000001e-09),
    ])
    func lambertwValues(at value: Double, expected: Double) throws {
        let v = try Expr.call(.lambertw, x).evaluate(at: ["x": value])
        #expect(Numeric.close(v, expected, tolerance: 4e-15), "W(\(value)) = \(v)")
    }

    /// The residual of w·e^w = x is at the level of rounding: recomputing x from w costs
    /// about (1 + |w|) ulps by itself, so the bound is a few times that.
    @Test("lambertw satisfies w·e^w = x to rounding", arguments: [11, 12] as [UInt64])
    func lambertwIdentity(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        for i in 0 ..< 2000 {
            let value = i % 2 == 0 ? rng.nextDouble(in: -0.3678, 5) : Foundation.exp(rng.nextDouble(in: -30, 600))
            let w = try Expr.call(.lambertw, x).evaluate(at: ["x": value])
            let back = w * Foundation.exp(w)
            let bound = 4 * 0x1p-52 * (1 + w.magnitude) * value.magnitude
            #expect((back - value).magnitude <= bound, "W(\(value)) = \(w)")
        }
    }

    @Test("lambertw at the branch point is −1")
    func lambertwBranchPoint() throws {
        let v = try Expr.call(.lambertw, x).evaluate(at: ["x": -1 / M_E])
        #expect(v == -1)
    }

    @Test("min and max are n-ary; sign is −1, 0 or 1")
    func extrema() throws {
        let e = Expr(.call(.builtin(.max), [x, y, -x]))
        #expect(try e.evaluate(at: ["x": -2, "y": 1]) == 2)
        let m = Expr(.call(.builtin(.min), [x, y, 3]))
        #expect(try m.evaluate(at: ["x": -2, "y": 1]) == -2)
        for (value, s) in [(-3.0, -1.0), (0.0, 0.0), (2.0, 1.0)] {
            #expect(try Expr.call(.sign, x).evaluate(at: ["x": value]) == s)
        }
    }

    @Test("a literal list subscripted by an integer value (0-based)")
    func listSubscript() throws {
        let list = Expr(.list([q(1, 10), q(3, 5), q(9, 10)]))
        let e = Expr(.subscripted(list, [x]))
        #expect(try e.evaluate(at: ["x": 1]) == 0.6)
        #expect(throws: EvaluationError.domain(operation: "index into a list of 3", argument: 3)) {
            try e.evaluate(at: ["x": 3])
        }
        #expect(throws: EvaluationError.domain(operation: "index into a list of 3", argument: 0.5)) {
            try e.evaluate(at: ["x": 0.5])
        }
        let matrix = Expr(.list([Expr(.list([1, 2])), Expr(.list([3, 4]))]))
        #expect(try Expr(.subscripted(matrix, [1, 0])).evaluate(at: [:]) == 3)
    }

    @Test("opaque functions by signature, with derivatives")
    func opaqueFunctions() throws {
        var env = Environment(["x": 2])
        env.define("f", derivatives: [[1]: { $0[0] * 2 }]) { $0[0] * $0[0] }
        env.define("p", conditioningIndex: 1, arity: 2) { $0[0] + 10 * $0[1] }
        #expect(try Expr.apply("f", [x]).evaluate(at: env) == 4)
        let fPrime = Expr(.call(.opaque(OpaqueFunction(name: "f", derivativeOrders: [1])), [x]))
        #expect(try fPrime.evaluate(at: env) == 4)
        #expect(try Expr.apply("p", [x, 1], conditioningIndex: 1).evaluate(at: env) == 12)
        #expect(throws: EvaluationError.unboundFunction("p")) {
            try Expr.apply("p", [x, 1]).evaluate(at: env)
        }
        #expect(throws: EvaluationError.unboundFunction("f''")) {
            try Expr(.call(.opaque(OpaqueFunction(name: "f", derivativeOrders: [2])), [x])).evaluate(at: env)
        }
    }

    @Test("opaque closures: foreign errors and non-finite results")
    func opaqueErrors() throws {
        struct Boom: Error {}
        var env = Environment(["x": 2])
        env.define("g") { _ in throw Boom() }
        env.define("h") { _ in .nan }
        #expect(throws: EvaluationError.unsupported("g: Boom()")) { try Expr.apply("g", [x]).evaluate(at: env) }
        #expect(throws: EvaluationError.overflow(operation: "h")) { try Expr.apply("h", [x]).evaluate(at: env) }
    }

    @Test("big operators need a handler")
    func bigOperators() throws {
        let op = BigOperator(name: "E", bindings: [Binding(subject: .symbol("z"), relation: .distributedAs, value: .symbol("p"))],
                             body: .symbol("z"))
        let e = Expr(.bigOperator(op)) + 1
        #expect(throws: EvaluationError.unsupported("big operator E (no numeric handler)")) { try e.evaluate(at: [:]) }
        let env = Environment(bigOperatorHandler: { op, _ in op.name == "E" ? 0.5 : 0 })
        #expect(try e.evaluate(at: env) == 1.5)
    }

    @Test("unevaluated derivatives are differentiated first")
    func derivativeNodes() throws {
        let d = Expr(.derivative(of: .power(x, 3), variable: "x", order: 2))
        #expect(try d.evaluate(at: ["x": 2]) == 12)
    }

    @Test("unbound symbols and non-finite values")
    func unbound() throws {
        #expect(throws: EvaluationError.unboundSymbol("y")) { try (x + y).evaluate(at: ["x": 1]) }
        #expect(throws: EvaluationError.unsupported("the value bound to x is not finite")) {
            try x.evaluate(at: ["x": .infinity])
        }
    }

    @Test("shared sub-expressions of a huge DAG are evaluated once")
    func dag() throws {
        var e = x
        for _ in 0 ..< 200 { e = e * e - e }
        #expect(e.treeSize > 1_000_000)
        let v = try e.evaluate(at: ["x": 0])
        #expect(v == 0)
    }
}

/// Every domain rule throws the documented error, never returns NaN or infinity.
@Suite("Domain errors")
struct DomainErrorTests {
    static let cases: [(String, Expr, Double, EvaluationError)] = [
        ("log of 0", .call(.log, x), 0, .domain(operation: "log", argument: 0)),
        ("log of a negative", .call(.log, x), -2, .domain(operation: "log", argument: -2)),
        ("sqrt of a negative", .call(.sqrt, x), -1e-300, .domain(operation: "sqrt", argument: -1e-300)),
        ("0^0", .power(x, 0), 0, .domain(operation: "0^0", argument: 0)),
        ("0^(-1) is a division by zero", .power(x, -1), 0, .divisionByZero),
        ("1/x at 0", 1 / x, 0, .divisionByZero),
        ("x/(x - x)", x / (x - x), 3, .divisionByZero),
        ("0^(-1/2)", .power(x, q(-1, 2)), 0, .domain(operation: "^", argument: 0)),
        ("negative base, non-integer exponent", .power(x, q(1, 3)), -8, .domain(operation: "^", argument: -8)),
        ("negative base, computed non-integer exponent", .power(x, y), -2, .domain(operation: "^", argument: -2)),
        ("0 to a computed 0", .power(x - 2, y - q(1, 2)), 2, .domain(operation: "0^0", argument: 0)),
        ("asin above 1", .call(.asin, x), 1.5, .domain(operation: "asin", argument: 1.5)),
        ("acos below -1", .call(.acos, x), -1.0000001, .domain(operation: "acos", argument: -1.0000001)),
        ("lambertw below -1/e", .call(.lambertw, x), -0.37, .domain(operation: "lambertw", argument: -0.37)),
        ("tan at a pole", .call(.tan, x), Double.pi / 2, .domain(operation: "tan", argument: Double.pi / 2)),
        ("tan at a far pole", .call(.tan, x), 3 * Double.pi / 2, .domain(operation: "tan", argument: 3 * Double.pi / 2)),
        ("exp overflows", .call(.exp, x), 710, .overflow(operation: "exp")),
        ("cosh overflows", .call(.cosh, x), -711, .overflow(operation: "cosh")),
        ("a product overflows", x * x * x, 1e200, .overflow(operation: "*")),
        ("a sum overflows", x + x, 1.7e308, .overflow(operation: "+")),
        ("a power overflows", .power(x, 2), 1e200, .overflow(operation: "^")),
        ("a reciprocal power of an overflow", .power(x, -2), 1e200, .overflow(operation: "^")),
        ("an intermediate overflow is not absorbed", 1 / .call(.exp, x), 1000, .overflow(operation: "exp")),
        ("inf is not a number", Expr(.constant(.infinity)) + x, 1, .unsupported("inf is not a number")),
        ("a list is not a number", Expr(.list([x])), 1, .unsupported("a list is not a number")),
        ("wrong arity", Expr(.call(.builtin(.log), [x, x])), 1, .unsupported("log takes 1 argument, got 2")),
    ]

    @Test("every domain rule", arguments: cases)
    func domainRule(name: String, e: Expr, at value: Double, expected: EvaluationError) {
        #expect(throws: expected, "\(name)") { try e.evaluate(at: ["x": value, "y": 0.5]) }
    }

    @Test("tan next to a pole is defined")
    func tanNearPole() throws {
        let v = try Expr.call(.tan, x).evaluate(at: ["x": Double.pi / 2 - 1e-9])
        #expect(v.isFinite && v > 1e8)
    }

    @Test("random trees never evaluate to NaN or infinity", arguments: 0 ..< 40)
    func neverNaN(seed: Int) {
        var generator = RandomExpr(seed: UInt64(seed))
        let e = generator.make()
        var rng = RandomSource(seed: UInt64(seed) + 1000)
        for _ in 0 ..< 20 {
            let env: [Symbol: Double] = ["x": rng.nextDouble(in: -3, 3), "y": rng.nextDouble(in: -3, 3),
                                         "z": rng.nextDouble(in: -3, 3)]
            if let v = try? e.evaluate(at: env) { #expect(v.isFinite) }
        }
    }
}
