import Testing
@testable import Symbolic

private let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")
private func n(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }

@Suite("canonical form: structure")
struct CanonicalStructureTests {
    @Test("folds, collects and sorts", arguments: [
        (x + x, "(* 2 x)"),
        (x - x, "0"),
        (x * x, "(^ x 2)"),
        (x * Expr.power(x, n(-1)), "1"),
        (n(2) * (x + y), "(+ (* 2 x) (* 2 y))"),
        (y + x + n(1) + x * x, "(+ (^ x 2) x y 1)"),
        (Expr.power(n(8), n(1, 2)), "(* 2 (^ 2 1/2))"),
        (Expr.power(n(1, 3), n(1, 2)), "(* 1/3 (^ 3 1/2))"),
        (Expr.power(n(2), n(1, 2)) * Expr.power(n(2), n(1, 2)), "2"),
        (Expr.power(n(4), n(1, 2)), "2"),
        (Expr.power(Expr.power(x, n(1, 2)), n(2)), "x"),
        (Expr.power(Expr.power(x, n(2)), n(1, 2)), "(^ (^ x 2) 1/2)"),
        (Expr.power(x * y, n(2)), "(* (^ x 2) (^ y 2))"),
        (Expr.call(.sin, x.negated()), "(* -1 (sin x))"),
        (Expr.call(.cos, y - x), "(cos (+ x (* -1 y)))"),
        (Expr.call(.sin, x - y) + Expr.call(.sin, y - x), "0"),
        (Expr.call(.sqrt, n(12)), "(* 2 (^ 3 1/2))"),
        (Expr.call(.exp, Expr.call(.log, x)), "x"),
        (Expr.call(.log, n(1)), "0"),
        (Expr.call(.cos, n(3) * Expr.pi), "-1"),
        (Expr.call(.max, n(2), x, n(3), x), "(max 3 x)"),
        (Expr.power(Expr.call(.exp, x), n(2)), "(exp (* 2 x))"),
        (Expr(.subscripted(Expr(.list([n(1, 10), n(3, 5)])), [n(1)])), "3/5"),
    ])
    func table(input: Expr, expected: String) throws {
        let c = try Canonical(input)
        #expect(c.expr.debugDescription == expected)
        #expect(c.expr.isCanonical)
        #expect(try Canonical(c.expr).expr == c.expr, "idempotent")
    }

    @Test("undefined constants are errors, not values")
    func undefined() {
        #expect(throws: NormalizationError.self) { try Canonical(n(1) / n(0)) }
        #expect(throws: NormalizationError.self) { try Canonical(Expr.power(n(0), n(0))) }
        #expect(throws: NormalizationError.self) { try Canonical(Expr.call(.log, n(0))) }
        #expect(throws: NormalizationError.self) { try Canonical(Expr.power(x - x, n(-1))) }
    }

    @Test("limits are reported")
    func limits() {
        #expect(throws: NormalizationError.self) { try Canonical(Expr.power(n(3), n(100_000))) }
    }

    @Test("seeded random trees normalise to canonical, idempotent forms", arguments: 0..<300)
    func randomTrees(seed: Int) throws {
        var gen = RandomExpr(seed: UInt64(seed))
        let e = gen.make()
        guard let c = try? Canonical(e) else { return }  // constant-undefined inputs are rejected
        #expect(c.expr.canonicalViolation == nil, "\(c.expr.debugDescription)")
        #expect(try Canonical(c.expr).expr == c.expr, "idempotent on \(e.debugDescription)")
    }
}
