// Work the numeric checks skip because its outcome is known in advance: relations whose tree
// evaluation fails at every point, rounding-error bounds that are nil at every point, and
// derivatives reused across evaluators. Each shortcut must give exactly what the full work
// gives: the same points and generator states, the same values.
import Foundation
import Testing
@testable import Symbolic

@Suite("certain failures and reused work in numeric checks")
struct CertainFailureTests {
    /// An environment binding `x` and `y` at a point, with a stand-in for `f` (and `f'`).
    static func environment(x: Double, y: Double) -> Environment {
        var env = Environment([Symbol("x"): x, Symbol("y"): y])
        let f = TestFunction(name: "f", arity: 1, shape: .generic, seed: 5)
        env.functions[FunctionSignature(name: "f", arity: 1)] = f.implementation(derivativeOrders: [[1]])
        return env
    }

    @Test("tree evaluation fails everywhere exactly when an always-evaluated node has no value", arguments: [
        ("x + y", true, false),
        ("x + z", true, true),           // z is neither sampled nor bound
        ("x*g(y)", true, true),          // g has no implementation
        ("log(x) + g(y)", true, true),
        ("f(x) + f'(y)", true, false),   // f and f' have stand-ins
        ("f''(x)", true, true),          // but not f''
        ("x + y", false, true),          // x and y unbound: not sampled here
        ("diff(g(x), x)", true, false),  // a derivative is not entered (may miss, never wrong)
    ])
    func failsEverywhere(text: String, bindsXY: Bool, expected: Bool) throws {
        let e = try Expr(parsing: text)
        let symbols = bindsXY ? [Symbol("x"), Symbol("y")] : []
        var base = Self.environment(x: 0, y: 0)
        base.values = [:]
        #expect(e.failsToEvaluateEverywhere(binding: symbols, in: base) == expected)
        // Whenever it says so, evaluation throws at every point tried.
        if expected {
            var rng = RandomSource(seed: 11)
            for _ in 0..<50 {
                var env = base
                if bindsXY {
                    env.values[Symbol("x")] = rng.nextDouble(in: 0.1, 5)
                    env.values[Symbol("y")] = rng.nextDouble(in: -5, 5)
                }
                #expect(throws: EvaluationError.self) { try e.evaluate(at: env) }
            }
        }
    }

    /// Rejection one draw at a time with every relation evaluated by the tree (a relation
    /// without a value at the point counts as satisfied), as before any shortcut, with the
    /// rule for relations sampling never meets (one draw a call after 5 calls without an
    /// admissible point, and none ever).
    static func referencePoint(_ setup: NumericSetup, _ relations: [(Expr, Relation)], _ rng: inout RandomSource,
                               _ record: inout RejectionSamplingTests.ReferenceRecord) -> (point: [Double], satisfied: Bool) {
        func satisfied(_ point: [Double]) -> Bool {
            var env = setup.environment
            for (s, v) in zip(setup.symbols, point) { env.values[s] = v }
            for (difference, relation) in relations {
                guard let v = try? difference.evaluate(at: env) else { continue }
                if !NumericSetup.holds(v, relation) { return false }
            }
            return true
        }
        func draw() -> [Double] { setup.domains.map { $0.sample(using: &rng) } }
        var point = draw()
        if record.admitted == 0 && record.failed >= 5 {
            let holds = satisfied(point)
            if holds { record.admitted += 1 }
            return (point, holds)
        }
        var tries = 0
        while !satisfied(point) && tries < 200 {
            point = draw()
            tries += 1
        }
        let holds = satisfied(point)
        if holds { record.admitted += 1 } else { record.failed += 1 }
        return (point, holds)
    }

    @Test("relations that can never be evaluated leave the points, generator states and verdicts unchanged", arguments: [
        // g has no stand-in (it is not in the checked expression), so `g(x) = 1` can never be
        // evaluated; `h'(t)` has an unbound function and an unsampled symbol.
        ["g(x) = 1", "x*y = 1/2"], ["g(x) = 1", "x < y"], ["h'(t) = g(y)", "x - y = 0"], ["g(y) = 0"],
    ], [UInt64(3), 2024])
    func neverEvaluableRelations(relations: [String], seed: UInt64) throws {
        var assumptions = Assumptions()
        for text in relations {
            let (lhs, relation, rhs) = try RejectionSamplingTests.parseRelation(text)
            try assumptions.assume(lhs, relation, rhs)
        }
        var checker = EquivalenceChecker(assumptions: assumptions)
        checker.seed = seed
        let e = try Expr(parsing: "x + y")
        let setup = NumericSetup(checker: checker, expressions: [e])
        var a = RandomSource(seed: seed), b = RandomSource(seed: seed)
        var record = RejectionSamplingTests.ReferenceRecord()
        for _ in 0..<30 {
            let p = setup.sampleCheckedPoint(&a), q = Self.referencePoint(setup, assumptions.relations, &b, &record)
            #expect(p.point.map(\.bitPattern) == q.point.map(\.bitPattern), "\(relations): \(p.point) against \(q.point)")
            #expect(p.satisfiesRelations == q.satisfied)
            #expect(p.satisfiesRelations == setup.satisfiesRelations(p.point))
        }
        #expect(a.next() == b.next())
    }

    @Test("a rounding bound known to be nil is nil at every point", arguments: [
        ("x*y + log(x)", false),
        ("x + f(y)", true),
        ("diff(x^3, x)", true),
        ("sqrt(x) - f'(y)*2", true),
        ("exp(x)^(1/2) + y^y", false),
    ])
    func neverBounds(text: String, expected: Bool) throws {
        let e = try Expr(parsing: text)
        #expect(RoundingErrorBound.neverBounds(e) == expected)
        var rng = RandomSource(seed: 4)
        var bounded = 0
        for _ in 0..<40 {
            var rounding = RoundingErrorBound(environment: Self.environment(x: rng.nextDouble(in: 0.1, 4), y: rng.nextDouble(in: 0.1, 4)))
            if rounding.bound(e) != nil { bounded += 1 }
        }
        if expected { #expect(bounded == 0) } else { #expect(bounded == 40) }
    }

    @Test("evaluators sharing derivatives give the values of differentiating every time", arguments: [
        "diff(sin(x)*x^2, x)", "diff(f(x)*y, x) + diff(x*y^3, y, 2)", "diff(log(x), x)*diff(log(x), x)",
    ])
    func sharedDerivatives(text: String) throws {
        let e = try Expr(parsing: text)
        let cache = DerivativeCache()
        var rng = RandomSource(seed: 9)
        for _ in 0..<25 {
            let env = Self.environment(x: rng.nextDouble(in: 0.1, 4), y: rng.nextDouble(in: -3, 3))
            var shared = TreeEvaluator(environment: env, memoize: true, derivatives: cache)
            let reference = try e.evaluate(at: env)
            let value = try shared.evaluate(e)
            #expect(value.bitPattern == reference.bitPattern)
        }
    }

    @Test("a side without a possible domain error is never robustly undefined", arguments: [
        ("x*f(y)^2 + 1/x", false),
        ("f'(x)*y^(-2) + 0^0*x", false),
        ("log(x) + f(y)", true),
        ("x^(1/2)", true),
        ("g(x)", true),   // not a stand-in here: its implementation might raise one
        ("x*y^y", true),
    ])
    func robustlyUndefined(text: String, expected: Bool) throws {
        let e = try Expr(parsing: text)
        var checker = EquivalenceChecker()
        checker.seed = 8
        checker.functionsWithoutStandIns.insert("g")
        let setup = NumericSetup(checker: checker, expressions: [e])
        #expect(setup.mayBeRobustlyUndefined(e) == expected)
        // Whenever it says "never", no sampled point is robustly undefined.
        if !expected { #expect(checker.definedness(of: e).robustlyUndefined == 0) }
    }
}
