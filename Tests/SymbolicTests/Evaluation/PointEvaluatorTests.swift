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
