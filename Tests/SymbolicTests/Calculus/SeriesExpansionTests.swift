import Testing
@testable import Symbolic

/// `a/b` as an expression.
private func q(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }
/// The point `inf`.
private let infinity = Expr(.constant(.infinity))

private let h = Expr.symbol("h"), x = Expr.symbol("x"), y = Expr.symbol("y"), a = Expr.symbol("a")
private let e1 = Expr.call(.exp, 1)
private let invSqrtPi = Expr.power(.pi, q(-1, 2))

/// `f` differentiated `k` times, applied to `u`.
private func derivative(_ name: String, _ orders: [Int], _ args: [Expr]) -> Expr {
    Expr(.call(.opaque(OpaqueFunction(name: name, derivativeOrders: orders)), args))
}

/// One row of a table of known expansions: the nonzero terms up to the order.
struct ExpansionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expr: Expr
    var variable: Symbol = "h"
    var point: Expr = 0
    var direction: LimitDirection = .both
    var order: Int
    var terms: [(Rational, Expr)]
    var positive: [Symbol] = []
    var testDescription: String { name }
}

private func r(_ a: Int, _ b: Int = 1) -> Rational { Rational(a, b)! }

@Suite("series: known expansions")
struct SeriesExpansionTests {
    static let maclaurin: [ExpansionCase] = [
        ExpansionCase(name: "exp(h)", expr: .call(.exp, h), order: 6,
                      terms: [(0, 1), (1, 1), (2, q(1, 2)), (3, q(1, 6)), (4, q(1, 24)), (5, q(1, 120))]),
        ExpansionCase(name: "log(1+h)", expr: .call(.log, 1 + h), order: 6,
                      terms: [(1, 1), (2, q(-1, 2)), (3, q(1, 3)), (4, q(-1, 4)), (5, q(1, 5))]),
        ExpansionCase(name: "sqrt(1+h)", expr: .call(.sqrt, 1 + h), order: 5,
                      terms: [(0, 1), (1, q(1, 2)), (2, q(-1, 8)), (3, q(1, 16)), (4, q(-5, 128))]),
        ExpansionCase(name: "sin(h)", expr: .call(.sin, h), order: 8,
                      terms: [(1, 1), (3, q(-1, 6)), (5, q(1, 120)), (7, q(-1, 5040))]),
        ExpansionCase(name: "cos(h)", expr: .call(.cos, h), order: 8,
                      terms: [(0, 1), (2, q(-1, 2)), (4, q(1, 24)), (6, q(-1, 720))]),
        ExpansionCase(name: "tan(h)", expr: .call(.tan, h), order: 8,
                      terms: [(1, 1), (3, q(1, 3)), (5, q(2, 15)), (7, q(17, 315))]),
        ExpansionCase(name: "atan(h)", expr: .call(.atan, h), order: 8,
                      terms: [(1, 1), (3, q(-1, 3)), (5, q(1, 5)), (7, q(-1, 7))]),
        ExpansionCase(name: "tanh(h)", expr: .call(.tanh, h), order: 8,
                      terms: [(1, 1), (3, q(-1, 3)), (5, q(2, 15)), (7, q(-17, 315))]),
        ExpansionCase(name: "sinh(h)", expr: .call(.sinh, h), order: 6,
                      terms: [(1, 1), (3, q(1, 6)), (5, q(1, 120))]),
        ExpansionCase(name: "cosh(h)", expr: .call(.cosh, h), order: 6,
                      terms: [(0, 1), (2, q(1, 2)), (4, q(1, 24))]),
        ExpansionCase(name: "asin(h)", expr: .call(.asin, h), order: 6,
                      terms: [(1, 1), (3, q(1, 6)), (5, q(3, 40))]),
        ExpansionCase(name: "acos(h)", expr: .call(.acos, h), order: 4,
                      terms: [(0, .pi / 2), (1, -1), (3, q(-1, 6))]),
        ExpansionCase(name: "erf(h)", expr: .call(.erf, h), order: 6,
                      terms: [(1, 2 * invSqrtPi), (3, q(-2, 3) * invSqrtPi), (5, q(1, 5) * invSqrtPi)]),
        ExpansionCase(name: "sigmoid(h)", expr: .call(.sigmoid, h), order: 6,
                      terms: [(0, q(1, 2)), (1, q(1, 4)), (3, q(-1, 48)), (5, q(1, 480))]),
        ExpansionCase(name: "softplus(h)", expr: .call(.softplus, h), order: 5,
                      terms: [(0, .call(.log, 2)), (1, q(1, 2)), (2, q(1, 8)), (4, q(-1, 192))]),
        ExpansionCase(name: "lambertw(h)", expr: .call(.lambertw, h), order: 5,
                      terms: [(1, 1), (2, -1), (3, q(3, 2)), (4, q(-8, 3))]),
        ExpansionCase(name: "1/(1-h)", expr: 1 / (1 - h), order: 5,
                      terms: [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1)]),
        ExpansionCase(name: "(1+h)^a, symbolic a", expr: .power(1 + h, a), order: 4,
                      terms: [(0, 1), (1, a), (2, q(1, 2) * .power(a, 2) - q(1, 2) * a),
                              (3, q(1, 6) * .power(a, 3) - q(1, 2) * .power(a, 2) + q(1, 3) * a)]),
        ExpansionCase(name: "exp(a h)", expr: .call(.exp, a * h), order: 4,
                      terms: [(0, 1), (1, a), (2, q(1, 2) * .power(a, 2)), (3, q(1, 6) * .power(a, 3))]),
        ExpansionCase(name: "sqrt(a+h), a > 0", expr: .call(.sqrt, a + h), order: 3,
                      terms: [(0, .power(a, q(1, 2))), (1, q(1, 2) * .power(a, q(-1, 2))),
                              (2, q(-1, 8) * .power(a, q(-3, 2)))], positive: ["a"]),
        ExpansionCase(name: "exp(sin h)", expr: .call(.exp, .call(.sin, h)), order: 6,
                      terms: [(0, 1), (1, 1), (2, q(1, 2)), (4, q(-1, 8)), (5, q(-1, 15))]),
        ExpansionCase(name: "(1+h)^(1/h)", expr: .power(1 + h, 1 / h), order: 3,
                      terms: [(0, e1), (1, q(-1, 2) * e1), (2, q(11, 24) * e1)]),
        ExpansionCase(name: "cos(h)^(1/h^2)", expr: .power(.call(.cos, h), 1 / (h * h)), order: 3,
                      terms: [(0, .call(.exp, q(-1, 2))), (2, q(-1, 12) * .call(.exp, q(-1, 2)))]),
    ]

    static let laurentAndOpaque: [ExpansionCase] = [
        ExpansionCase(name: "1/sin(h)", expr: 1 / .call(.sin, h), order: 6,
                      terms: [(-1, 1), (1, q(1, 6)), (3, q(7, 360)), (5, q(31, 15120))]),
        ExpansionCase(name: "1/(h (1+h))", expr: 1 / (h * (1 + h)), order: 3,
                      terms: [(-1, 1), (0, -1), (1, 1), (2, -1)]),
        ExpansionCase(name: "cos(h)/h^2", expr: .call(.cos, h) / (h * h), order: 3,
                      terms: [(-2, 1), (0, q(-1, 2)), (2, q(1, 24))]),
        ExpansionCase(name: "f(x+h)", expr: .apply("f", [x + h]), order: 4,
                      terms: [(0, .apply("f", [x])), (1, derivative("f", [1], [x])),
                              (2, q(1, 2) * derivative("f", [2], [x])), (3, q(1, 6) * derivative("f", [3], [x]))]),
        ExpansionCase(name: "f'(x+h)", expr: derivative("f", [1], [x + h]), order: 3,
                      terms: [(0, derivative("f", [1], [x])), (1, derivative("f", [2], [x])),
                              (2, q(1, 2) * derivative("f", [3], [x]))]),
        ExpansionCase(name: "f(sin h)", expr: .apply("f", [.call(.sin, h)]), order: 4,
                      terms: [(0, .apply("f", [0])), (1, derivative("f", [1], [0])),
                              (2, q(1, 2) * derivative("f", [2], [0])),
                              (3, q(-1, 6) * derivative("f", [1], [0]) + q(1, 6) * derivative("f", [3], [0]))]),
        ExpansionCase(name: "g(x+h, y+h^2)", expr: .apply("g", [x + h, y + h * h]), order: 3,
                      terms: [(0, .apply("g", [x, y])), (1, derivative("g", [1, 0], [x, y])),
                              (2, derivative("g", [0, 1], [x, y]) + q(1, 2) * derivative("g", [2, 0], [x, y]))]),
    ]

    static let otherPoints: [ExpansionCase] = [
        ExpansionCase(name: "exp(x) at 1", expr: .call(.exp, x), variable: "x", point: 1, order: 4,
                      terms: [(0, e1), (1, e1), (2, q(1, 2) * e1), (3, q(1, 6) * e1)]),
        ExpansionCase(name: "log(x) at 2", expr: .call(.log, x), variable: "x", point: 2, order: 4,
                      terms: [(0, .call(.log, 2)), (1, q(1, 2)), (2, q(-1, 8)), (3, q(1, 24))]),
        ExpansionCase(name: "sin(x) at pi", expr: .call(.sin, x), variable: "x", point: .pi, order: 5,
                      terms: [(1, -1), (3, q(1, 6))]),
        ExpansionCase(name: "tan(x) at 1", expr: .call(.tan, x), variable: "x", point: 1, order: 3,
                      terms: [(0, .call(.tan, 1)), (1, .power(.call(.tan, 1), 2) + 1),
                              (2, .power(.call(.tan, 1), 3) + .call(.tan, 1))]),
        ExpansionCase(name: "1/x at 1 from below (h = 1 - x)", expr: 1 / x, variable: "x", point: 1,
                      direction: .below, order: 3, terms: [(0, 1), (1, 1), (2, 1)]),
        ExpansionCase(name: "x/(x+1) at inf", expr: x / (x + 1), variable: "x", point: infinity, order: 4,
                      terms: [(0, 1), (1, -1), (2, 1), (3, -1)]),
        ExpansionCase(name: "x/(x-1) at -inf", expr: x / (x - 1), variable: "x", point: -infinity, order: 3,
                      terms: [(0, 1), (1, -1), (2, 1)]),
        ExpansionCase(name: "sqrt(x^2+1) at inf", expr: .call(.sqrt, x * x + 1), variable: "x", point: infinity,
                      order: 4, terms: [(-1, 1), (1, q(1, 2)), (3, q(-1, 8))]),
        ExpansionCase(name: "exp(-x) at inf is 0 to every order", expr: .call(.exp, -x), variable: "x",
                      point: infinity, order: 6, terms: []),
        ExpansionCase(name: "sigmoid(x) at inf", expr: .call(.sigmoid, x), variable: "x", point: infinity, order: 5,
                      terms: [(0, 1)]),
        ExpansionCase(name: "atan(x) at inf", expr: .call(.atan, x), variable: "x", point: infinity, order: 4,
                      terms: [(0, .pi / 2), (1, -1), (3, q(1, 3))]),
    ]

    static let puiseuxAndSides: [ExpansionCase] = [
        ExpansionCase(name: "sqrt(h + h^2) from above", expr: .call(.sqrt, h + h * h), direction: .above, order: 3,
                      terms: [(r(1, 2), 1), (r(3, 2), q(1, 2)), (r(5, 2), q(-1, 8))]),
        ExpansionCase(name: "sqrt(x) at inf", expr: .call(.sqrt, x), variable: "x", point: infinity, order: 2,
                      terms: [(r(-1, 2), 1)]),
        ExpansionCase(name: "h^(1/3) + h^(1/2)", expr: .power(h, q(1, 3)) + .call(.sqrt, h), direction: .above,
                      order: 1, terms: [(r(1, 3), 1), (r(1, 2), 1)]),
        ExpansionCase(name: "|h| from below", expr: .call(.abs, h), direction: .below, order: 3, terms: [(1, 1)]),
        ExpansionCase(name: "|h| sin h, both sides", expr: .call(.abs, h * h) * .call(.sin, h), order: 6,
                      terms: [(3, 1), (5, q(-1, 6))]),
        ExpansionCase(name: "max(h, h^2) from above", expr: .call(.max, h, h * h), direction: .above, order: 3,
                      terms: [(1, 1)]),
        ExpansionCase(name: "sqrt(h^4 + h^6), both sides", expr: .call(.sqrt, .power(h, 4) + .power(h, 6)), order: 5,
                      terms: [(2, 1), (4, q(1, 2))]),
    ]

    static func check(_ c: ExpansionCase) throws {
        var assumptions = Assumptions()
        for s in c.positive { assumptions.assume(s, is: .positive) }
        let s = try c.expr.series(in: c.variable, around: c.point, order: c.order, direction: c.direction,
                                  assumptions: assumptions)
        #expect(s.order == Rational(c.order))
        let expected = try c.terms.map { ($0.0, try $0.1.canonicalized()) }
        let actual = s.terms
        #expect(actual.map(\.power) == expected.map(\.0), "\(s.debugDescription)")
        for (p, e) in expected {
            let got = s.coefficient(ofPower: p)
            #expect(got == e, "coefficient of h^\(p): \(got?.debugDescription ?? "nil") ≠ \(e.debugDescription)")
        }
    }

    @Test("Maclaurin series of the built-in functions", arguments: maclaurin)
    func maclaurinSeries(c: ExpansionCase) throws { try Self.check(c) }

    @Test("Laurent series and opaque functions", arguments: laurentAndOpaque)
    func laurentSeries(c: ExpansionCase) throws { try Self.check(c) }

    @Test("expansions at other points and at infinity", arguments: otherPoints)
    func otherPointSeries(c: ExpansionCase) throws { try Self.check(c) }

    @Test("Puiseux series and one-sided expansions", arguments: puiseuxAndSides)
    func puiseuxSeries(c: ExpansionCase) throws { try Self.check(c) }

    @Test("truncated is the polynomial in the original variable")
    func truncatedPolynomial() throws {
        let s = try Expr.call(.exp, x).series(in: "x", around: 1, order: 3)
        let expected = try (e1 + e1 * (x - 1) + q(1, 2) * e1 * .power(x - 1, 2)).canonicalized()
        #expect(s.truncated == expected)
        let atInfinity = try (x / (x + 1)).series(in: "x", around: infinity, order: 3)
        #expect(atInfinity.truncated == (try (1 - 1 / x + 1 / (x * x)).canonicalized()))
        #expect(s.coefficient(ofPower: 3) == nil, "beyond the order nothing is known")
        #expect(s.coefficient(ofPower: r(1, 2)) == .zero)
        #expect(s.valuation == 0)
    }
}
