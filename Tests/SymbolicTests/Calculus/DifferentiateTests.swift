import Foundation
import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")
private func q(_ n: Int, _ d: Int) -> Expr { .number(Rational(n, d)!) }

/// Points inside each built-in's domain, away from kinks and poles.
private func samplePoints(_ f: Builtin) -> [Double] {
    switch f {
    case .abs, .sign: return [-1.3, 0.7, 2.0]
    case .acos, .asin: return [-0.5, 0.1, 0.8]
    case .lambertw: return [-0.2, 0.5, 3.0]
    case .log, .sqrt: return [0.3, 1.7, 4.0]
    case .max, .min: return [0.1, 1.0, 2.5]
    case .tan: return [-1.0, 0.3, 1.2]
    case .atan, .cos, .cosh, .erf, .exp, .sigmoid, .sin, .sinh, .softplus, .tanh: return [-1.3, 0.4, 2.1]
    }
}

/// `f(x)`, or `f(x, 1/2)` for the n-ary ones.
private func application(_ f: Builtin) -> Expr {
    f.arity == nil ? Expr(.call(.builtin(f), [x, q(1, 2)])) : .call(f, x)
}

/// The number of distinct nodes of a DAG.
private func distinctNodes(_ e: Expr) -> Int {
    var seen = Set<ObjectIdentifier>()
    var stack = [e]
    while let n = stack.popLast() {
        if seen.insert(ObjectIdentifier(n.node)).inserted { stack.append(contentsOf: n.children) }
    }
    return seen.count
}

@Suite("Differentiation")
struct DifferentiateTests {
    @Test("every built-in's derivative agrees with a central difference and with dual numbers",
          arguments: Builtin.allCases)
    func builtinRule(f: Builtin) throws {
        let e = application(f)
        let d = try e.derivative(withRespectTo: "x")
        for point in samplePoints(f) {
            let symbolic = try d.evaluate(at: ["x": point])
            let numeric = try #require(Numeric.centralDifference(Numeric.function(e, "x", [:]), at: point, step: 1e-3))
            #expect(Numeric.close(symbolic, numeric, tolerance: 1e-8), "\(f) at \(point): \(symbolic) vs \(numeric)")
            let dual = try e.derivativeValue(withRespectTo: "x", at: ["x": point])
            #expect(Numeric.close(symbolic, dual.derivative, tolerance: 1e-13), "\(f) at \(point)")
            #expect(dual.value.bitPattern == (try e.evaluate(at: ["x": point])).bitPattern)
        }
    }

    @Test("chain rule through every one-argument built-in", arguments: Builtin.allCases.filter { $0.arity == 1 })
    func chainRule(f: Builtin) throws {
        // f(x/4 + 1/8) stays inside every domain for the sample points used.
        let inner = x * q(1, 4) + q(1, 8)
        let e = Expr.call(f, inner)
        let d = try e.derivative(withRespectTo: "x")
        for point in samplePoints(f) {
            let u = point * 0.25 + 0.125
            guard Elementary.isInDomain(f, u), f != .tan || abs(u) < 1.4 else { continue }
            let symbolic = try d.evaluate(at: ["x": point])
            let dual = try e.derivativeValue(withRespectTo: "x", at: ["x": point]).derivative
            #expect(Numeric.close(symbolic, dual, tolerance: 1e-13), "\(f) at \(point)")
        }
    }

    @Test("elementary rules, structurally")
    func structural() throws {
        #expect(try Expr.integer(7).derivative(withRespectTo: "x") == .zero)
        #expect(try y.derivative(withRespectTo: "x") == .zero)
        #expect(try x.derivative(withRespectTo: "x") == .one)
        #expect(try Expr.call(.sin, x).derivative(withRespectTo: "x") == .call(.cos, x))
        #expect(try Expr.call(.exp, x).derivative(withRespectTo: "x") == .call(.exp, x))
        #expect(try (x * y).derivative(withRespectTo: "x") == y)
        #expect(try Expr.power(x, 3).derivative(withRespectTo: "x") == .product([3, .power(x, 2)]))
        #expect(try (x + x + 1).derivative(withRespectTo: "x") == 2)
        #expect(try Expr.call(.abs, x).derivative(withRespectTo: "x") == .call(.sign, x))
        #expect(try Expr.call(.sign, x).derivative(withRespectTo: "x") == .zero)
        #expect(try Expr.call(.log, x).derivative(withRespectTo: "x") == .power(x, -1))
    }

    @Test("general powers", arguments: [(1.3, 0.7), (2.0, -1.5), (0.4, 2.2)])
    func generalPower(a: Double, b: Double) throws {
        let env: [Symbol: Double] = ["x": a, "y": b]
        for e in [Expr.power(x, y), .power(y + 3, x), .power(x, x), .power(x, q(3, 2)), .power(x + 1, -2)] {
            let symbolic = try e.derivative(withRespectTo: "x").evaluate(at: env)
            let numeric = try #require(Numeric.centralDifference(Numeric.function(e, "x", env), at: a))
            #expect(Numeric.close(symbolic, numeric, tolerance: 1e-8), "\(e.testDescription)")
        }
    }

    @Test("opaque functions get derivative heads")
    func opaqueHeads() throws {
        let f = Expr.apply("f", [.power(x, 2)])
        let d = try f.derivative(withRespectTo: "x")
        let fPrime = Expr(.call(.opaque(OpaqueFunction(name: "f", derivativeOrders: [1])), [.power(x, 2)]))
        #expect(d.containsSubexpression { $0 == fPrime })
        var env = Environment(["x": 1.5])
        env.define("f", derivatives: [[1]: { 3 * $0[0] * $0[0] }]) { $0[0] * $0[0] * $0[0] }
        // d/dx (x²)³ = 6x⁵
        #expect(Numeric.close(try d.evaluate(at: env), 6 * pow(1.5, 5), tolerance: 1e-14))

        let g = Expr.apply("g", [x, .power(x, 2)], conditioningIndex: 1)
        let dg = try g.derivative(withRespectTo: "x")
        let heads = [[1, 0], [0, 1]].map {
            Expr(.call(.opaque(OpaqueFunction(name: "g", conditioningIndex: 1, derivativeOrders: $0)), [x, .power(x, 2)]))
        }
        for h in heads { #expect(dg.containsSubexpression { $0 == h }) }
        let d2 = try f.derivative(withRespectTo: "x", order: 2)
        let fSecond = Expr(.call(.opaque(OpaqueFunction(name: "f", derivativeOrders: [2])), [.power(x, 2)]))
        #expect(d2.containsSubexpression { $0 == fSecond })
    }

    @Test("big operators: zero when the variable is not free, else an unevaluated derivative")
    func bigOperators() throws {
        let z = Expr.symbol("z")
        let op = Expr(.bigOperator(BigOperator(name: "E", bindings: [Binding(subject: z, relation: .distributedAs,
                                                                             value: .symbol("p"))], body: z * x)))
        #expect(try op.derivative(withRespectTo: "y") == .zero)
        #expect(try op.derivative(withRespectTo: "z") == .zero)
        #expect(try op.derivative(withRespectTo: "x") == Expr(.derivative(of: op, variable: "x", order: 1)))
        #expect(try op.derivative(withRespectTo: "x", order: 3) == Expr(.derivative(of: op, variable: "x", order: 3)))
        let mixed = try op.derivative(withRespectTo: "x").derivative(withRespectTo: "y")
        #expect(mixed == .zero)
        let written = Expr(.derivative(of: op, variable: "x", order: 1))
        #expect(try (written * 2).derivative(withRespectTo: "x") ==
                .product([2, Expr(.derivative(of: op, variable: "x", order: 2))]))
    }

    @Test("written derivatives are differentiated out first")
    func derivativeNodes() throws {
        let written = Expr(.derivative(of: .power(x, 2) * y, variable: "y", order: 1))
        #expect(try written.derivative(withRespectTo: "x") == .product([2, x]))
    }

    @Test("min and max follow the sign convention")
    func extrema() throws {
        let e = Expr(.call(.builtin(.max), [x, y, q(1, 2)]))
        let d = try e.derivative(withRespectTo: "x")
        #expect(try d.evaluate(at: ["x": 2, "y": 1]) == 1)
        #expect(try d.evaluate(at: ["x": 0, "y": 1]) == 0)
        #expect(try d.evaluate(at: ["x": 1, "y": 1]) == 0.5)
        let m = Expr(.call(.builtin(.min), [x, y]))
        #expect(try m.derivative(withRespectTo: "x").evaluate(at: ["x": 0, "y": 1]) == 1)
    }

    @Test("nested expressions differentiate in time linear in the DAG")
    func dagLinearity() throws {
        func g(_ e: Expr) -> Expr { .power(.call(.sin, e * .call(.cos, .power(e, 2) * .call(.exp, e))), 5) }
        var sizes: [Int] = []
        for depth in [10, 20, 40] {
            var e = x
            for _ in 0 ..< depth { e = g(e) }
            let d = try e.derivative(withRespectTo: "x")
            sizes.append(distinctNodes(d))
        }
        #expect(sizes[1] <= 2 * sizes[0] + 10 && sizes[2] <= 2 * sizes[1] + 10, "\(sizes)")
        #expect(sizes[2] < 40 * 60)
    }

    @Test("limits: order, node count, negative order")
    func limits() throws {
        #expect(throws: LimitExceeded(limit: "maxOrder", requested: 65, maximum: 64)) {
            try x.derivative(withRespectTo: "x", order: 65)
        }
        #expect(throws: DifferentiationError.negativeOrder(-1)) { try x.derivative(withRespectTo: "x", order: -1) }
        var small = Limits()
        small.maxTerms = 50
        let e = Expr.call(.exp, .call(.sin, x)) * .call(.log, 1 + .power(x, 2))
        #expect(throws: LimitExceeded.self) { try e.derivative(withRespectTo: "x", order: 10, limits: small) }
        #expect(try e.derivative(withRespectTo: "x", order: 0) == e)
    }

    @Test("higher orders agree with repeated first derivatives", arguments: [2, 3, 5])
    func higherOrder(n: Int) throws {
        let e = Expr.call(.exp, .call(.sin, x)) * .call(.log, 1 + .power(x, 2))
        var repeated = e
        for _ in 0 ..< n { repeated = try repeated.derivative(withRespectTo: "x") }
        let direct = try e.derivative(withRespectTo: "x", order: n)
        for point in [0.3, -0.8, 1.7] {
            #expect(Numeric.close(try direct.evaluate(at: ["x": point]), try repeated.evaluate(at: ["x": point]),
                                  tolerance: 1e-12))
        }
    }

    /// Symbolic derivative evaluated = dual-number derivative = central difference, over
    /// seeded random trees (points where anything is undefined are skipped).
    @Test("random trees: symbolic = dual = central difference", arguments: 0 ..< 200)
    func randomTrees(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed))
        let e = generator.make()
        let d = try e.derivative(withRespectTo: "x")
        var rng = RandomSource(seed: UInt64(seed) &+ 77)
        for _ in 0 ..< 3 {
            let env: [Symbol: Double] = ["x": rng.nextDouble(in: -2, 2), "y": rng.nextDouble(in: 0.2, 2),
                                         "z": rng.nextDouble(in: -2, 2)]
            guard let symbolic = try? d.evaluate(at: env),
                  let dual = try? e.derivativeValue(withRespectTo: "x", at: env),
                  let numeric = Numeric.centralDifference(Numeric.function(e, "x", env), at: env["x"]!, step: 1e-4)
            else { continue }
            #expect(Numeric.close(symbolic, dual.derivative, tolerance: 1e-9),
                    "seed \(seed): \(e.testDescription) at \(env): \(symbolic) vs dual \(dual.derivative)")
            // The finite difference is only as good as the function is smooth at this scale.
            #expect(Numeric.close(symbolic, numeric, tolerance: 1e-5) || !isWellConditioned(e, env),
                    "seed \(seed): \(e.testDescription) at \(env): \(symbolic) vs fd \(numeric)")
        }
    }
}

/// Whether central differences at two step sizes agree (the function is smooth enough at the
/// sampling scale for a finite difference to be a fair reference).
private func isWellConditioned(_ e: Expr, _ env: [Symbol: Double]) -> Bool {
    let f = Numeric.function(e, "x", env)
    guard let a = Numeric.centralDifference(f, at: env["x"]!, step: 1e-4),
          let b = Numeric.centralDifference(f, at: env["x"]!, step: 2e-4) else { return false }
    return Numeric.close(a, b, tolerance: 1e-7)
}

@Suite("Deep expressions")
struct DeepExpressionTests {
    static func chain(_ depth: Int) -> Expr {
        var e = Expr.symbol("x")
        for i in 0 ..< depth { e = i % 2 == 0 ? .call(.sin, e) : e + 1 }
        return e
    }

    @Test("expressions just within maxDepth work everywhere; deeper ones throw a limit")
    func depth() throws {
        let deep = Self.chain(1990)
        let d = try deep.derivative(withRespectTo: "x")
        #expect(try d.evaluate(at: ["x": 0.5]).isFinite)
        #expect(try deep.derivativeValue(withRespectTo: "x", at: ["x": 0.5]).derivative.isFinite)
        #expect(try deep.substituting(.symbol("y"), for: "x").evaluate(at: ["y": 0.5]) == (try deep.evaluate(at: ["x": 0.5])))
        let compiled = try CompiledExpr(compiling: deep, variables: ["x"])
        #expect(try compiled.evaluate(at: [0.5]) == (try deep.evaluate(at: ["x": 0.5])))
        let tooDeep = Self.chain(2100)
        #expect(throws: LimitExceeded.self) { try tooDeep.derivative(withRespectTo: "x") }
        #expect(throws: EvaluationError.self) { try tooDeep.evaluate(at: ["x": 0.5]) }
        #expect(throws: LimitExceeded.self) { try tooDeep.substituting(.symbol("y"), for: "x") }
    }
}
