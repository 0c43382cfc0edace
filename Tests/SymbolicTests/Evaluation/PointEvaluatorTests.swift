import Testing
@testable import Symbolic

@Suite("One-point compiled evaluation")
struct PointEvaluatorTests {
    @Test("random trees: one point at a time = tree evaluation bit for bit, undefined where the tree throws",
          arguments: 0 ..< 60)
    func matchesTree(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed), configuration: CompiledExprTests.configuration(seed))
        let e = generator.make()
        let env = CompiledExprTests.environment()
        let variables: [Symbol] = ["x", "y", "z"]
        guard let evaluator = try? PointEvaluator(compiling: e, variables: variables, environment: env) else { return }
        var rng = RandomSource(seed: UInt64(seed) &+ 7)
        for _ in 0 ..< 200 {
            let point = variables.map { _ in rng.nextDouble(in: -3, 3) }
            var tree = env
            tree.values = ["x": point[0], "y": point[1], "z": point[2]]
            let expected = try? e.evaluate(at: tree)
            let got = evaluator.value(at: point)
            #expect(got?.bitPattern == expected?.bitPattern, "seed \(seed) at \(point): \(String(describing: got)) vs \(String(describing: expected))")
        }
    }

    @Test("a point of the wrong size has no value")
    func wrongSize() throws {
        let evaluator = try PointEvaluator(compiling: .symbol("x") + 1, variables: ["x"], environment: Environment())
        #expect(evaluator.value(at: [2]) == 3)
        #expect(evaluator.value(at: []) == nil)
        #expect(evaluator.value(at: [1, 2]) == nil)
    }
}

@Suite("One-point programs run on scalars")
struct SinglePointRunTests {
    /// `runSingle` against the block loops on a block of one point: the same value bits and
    /// the same flag, at ordinary points and at non-finite and domain-violating ones. Every
    /// built-in appears (odd seeds), constants as operands too (the block kernels treat a
    /// constant operand of exp differently from a vector one).
    @Test("runSingle = the block run with n = 1, value and flag", arguments: 0 ..< 80)
    func matchesBlockRun(seed: Int) throws {
        var configuration = CompiledExprTests.configuration(seed)
        configuration.maxDepth = seed % 5 == 0 ? 3 : 5
        var generator = RandomExpr(seed: UInt64(seed) &+ 1000, configuration: configuration)
        let variables: [Symbol] = ["x", "y", "z"]
        // Some expressions only have constants and one variable at the top: `exp(2) * x`.
        let e = seed % 7 == 3 ? Expr(.call(.builtin(.exp), [2])) * .symbol("x") : generator.make()
        guard let compiled = try? CompiledExpr(compiling: e, variables: variables, environment: CompiledExprTests.environment()) else { return }
        let single = CompiledExpr.Workspace(registerCount: compiled.registerCount, stride: 1)
        let block = CompiledExpr.Workspace(registerCount: compiled.registerCount, stride: 1)
        let inputs = UnsafeMutablePointer<Double>.allocate(capacity: 3)
        defer { inputs.deallocate() }
        let columns = (0 ..< 3).map { UnsafeBufferPointer(start: inputs + $0, count: 1) }
        var rng = RandomSource(seed: UInt64(seed) &+ 3)
        let special: [Double] = [0, -0.0, 1, -1, .nan, .infinity, -.infinity, 1e308, -1e-320]
        for i in 0 ..< 150 {
            for k in 0 ..< 3 {
                inputs[k] = i % 5 == 4 ? special[Int(rng.next() % UInt64(special.count))] : rng.nextDouble(in: -3, 3)
            }
            let v = compiled.runSingle(single, inputs, columns)
            let w = compiled.run(block, columns, 0, 1, output: nil)[0]
            let point = (0 ..< 3).map { inputs[$0] }
            #expect(v.bitPattern == w.bitPattern || (v.isNaN && w.isNaN), "seed \(seed) at \(point): \(v) vs \(w): \(e.testDescription)")
            #expect((single.flags[0] == 0) == (block.flags[0] == 0), "seed \(seed) at \(point): flags \(single.flags[0]) vs \(block.flags[0])")
        }
    }
}
