import Testing
@testable import Symbolic

@Suite("Sweeps: one expression at many values of one symbol")
struct SweepEvaluatorTests {
    /// The tree's outcome with `x` bound to `value`: its bits, or its error's text.
    static func tree(_ e: Expr, _ env: Environment, x value: Double) -> String {
        var bound = env
        bound.values["x"] = value
        do {
            return "value \(try e.evaluate(at: bound).bitPattern)"
        } catch {
            return "error \(error)"
        }
    }

    static func sweep(_ s: SweepEvaluator, x value: Double) -> String {
        do {
            return "value \(try s.value(at: value).bitPattern)"
        } catch {
            return "error \(error)"
        }
    }

    /// A random expression in x, y, z (with the opaque `f` and every built-in on some seeds)
    /// and an environment binding y and z.
    static func randomCase(seed: Int) -> (Expr, Environment) {
        var generator = RandomExpr(seed: UInt64(seed), configuration: CompiledExprTests.configuration(seed))
        var env = CompiledExprTests.environment()
        env.values = ["y": 0.75, "z": -1.25]
        return (generator.make(), env)
    }

    @Test("random trees: every value and every error is the tree's (compiled from the third call on)",
          arguments: 0 ..< 60)
    func matchesTree(seed: Int) {
        let (e, env) = Self.randomCase(seed: seed)
        let sweep = SweepEvaluator(e, varying: "x", environment: env)
        let defined = SweepEvaluator(e, varying: "x", environment: env)
        var rng = RandomSource(seed: UInt64(seed) &+ 11)
        for i in 0 ..< 150 {
            let x = i % 50 == 49 ? .infinity : rng.nextDouble(in: -3, 3)
            let expected = Self.tree(e, env, x: x)
            #expect(Self.sweep(sweep, x: x) == expected, "seed \(seed) at x = \(x): \(e.testDescription)")
            let value = defined.valueIfDefined(at: x)
            #expect(value.map { "value \($0.bitPattern)" } ?? "undefined"
                    == (expected.hasPrefix("value") ? expected : "undefined"), "seed \(seed) at x = \(x)")
        }
    }

    @Test("nested sweeps: outer symbols rebound between sweeps give the tree's values and errors",
          arguments: 0 ..< 40)
    func rebindingMatchesTree(seed: Int) {
        let (e, env) = Self.randomCase(seed: seed)
        // One evaluator for every outer node, compiled once over y, z and x.
        let sweep = SweepEvaluator(e, varying: "x", rebinding: ["y", "z"], environment: env)
        let defined = SweepEvaluator(e, varying: "x", rebinding: ["y", "z"], environment: env)
        var rng = RandomSource(seed: UInt64(seed) &+ 29)
        for outer in 0 ..< 12 {
            // Every sixth outer node has a non-finite outer value (the tree rejects it).
            let y = outer % 6 == 5 ? Double.nan : rng.nextDouble(in: -2, 2)
            let z = rng.nextDouble(in: -2, 2)
            var bound = env
            bound.values["y"] = y
            bound.values["z"] = z
            sweep.setValue(y, ofOuterSymbol: 0)
            sweep.setValue(z, ofOuterSymbol: 1)
            defined.setValue(y, ofOuterSymbol: 0)
            defined.setValue(z, ofOuterSymbol: 1)
            for i in 0 ..< 15 {
                let x = i == 14 ? -.infinity : rng.nextDouble(in: -3, 3)
                let expected = Self.tree(e, bound, x: x)
                #expect(Self.sweep(sweep, x: x) == expected, "seed \(seed) at (x, y, z) = (\(x), \(y), \(z)): \(e.testDescription)")
                let value = defined.valueIfDefined(at: x)
                #expect(value.map { "value \($0.bitPattern)" } ?? "undefined"
                        == (expected.hasPrefix("value") ? expected : "undefined"), "seed \(seed) at (x, y, z) = (\(x), \(y), \(z))")
            }
        }
    }

    @Test("expressions that cannot be compiled keep the tree's values and errors",
          arguments: ["[x, 2*x][1] + y", "log(x - y)", "x + w"])
    func uncompilable(text: String) throws {
        let e = try Expr(parsing: text)
        var env = Environment()
        env.values = ["y": 0.5]
        let sweep = SweepEvaluator(e, varying: "x", environment: env)
        for x in [-1.0, 0.25, 0.5, 1, 2, 3, 4, 5] {
            #expect(Self.sweep(sweep, x: x) == Self.tree(e, env, x: x), "\(text) at x = \(x)")
        }
    }
}
