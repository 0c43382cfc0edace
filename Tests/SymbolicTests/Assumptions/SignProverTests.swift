import Testing
@testable import Symbolic

private let x = Expr.symbol("x"), y = Expr.symbol("y"), p = Expr.symbol("p"), t = Expr.symbol("t")
private func n(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }

@Suite("sign prover")
struct SignProverTests {
    static func assumptions() throws -> Assumptions {
        var a = Assumptions()
        a.assume("x", is: .positive)
        a.assume("y", is: .nonnegative)
        a.assume("p", is: .probability)
        try a.assume(t, .greater, n(-1))
        a.assume(function: "q", in: .positive)
        return a
    }

    @Test("proves signs under assumptions", arguments: [
        (x + y, Property.positive, Truth.proved),
        (x * y, .nonnegative, .proved),
        (x * y, .positive, .unknown),
        (n(1) - p, .positive, .proved),
        (p * (n(1) - p), .probability, .proved),
        (Expr.call(.log, p), .negative, .proved),
        (Expr.call(.log, n(1) + x), .positive, .proved),
        (Expr.call(.log, x), .positive, .unknown),
        (Expr.call(.exp, x.negated()), .positive, .proved),
        (Expr.power(x, n(1, 2)), .positive, .proved),
        (Expr.power(y - n(3), n(2)), .nonnegative, .proved),
        (t + n(1), .positive, .proved),
        (Expr.apply("q", [x]) * x, .positive, .proved),
        (Expr.call(.sigmoid, x) - n(1, 2), .positive, .proved),
        (Expr.call(.softplus, x.negated()), .positive, .proved),
        (x.negated() - n(1), .positive, .disproved),
        (Expr.call(.tanh, y), .nonnegative, .proved),
        (Expr.call(.abs, x - y), .nonnegative, .proved),
        (x * Expr.power(x, n(-1)), .positive, .proved),
    ] as [(Expr, Property, Truth)])
    func table(expr: Expr, property: Property, expected: Truth) throws {
        let a = try Self.assumptions()
        #expect(a.prove(expr, is: property) == expected, "\(expr.debugDescription) bounds \(a.bounds(of: expr))")
    }

    @Test("a closed zero endpoint stays attained in products")
    func attainedZero() {
        let closedUnit = RealInterval(lower: .zero, upper: .one)
        let openUnit = RealInterval.openUnit
        #expect(!(closedUnit * openUnit).isPositive)
        #expect((openUnit * openUnit).isPositive)
    }

    @Test("relations between expressions are used")
    func relations() throws {
        var a = Assumptions()
        try a.assume(x, .greater, y)
        #expect(a.prove(x - y, is: .positive) == .proved)
        #expect(a.prove(y - x, is: .negative) == .proved)
        #expect(a.prove(x, .greater, y) == .proved)
    }
}
