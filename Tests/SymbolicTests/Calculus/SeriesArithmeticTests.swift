import Testing
@testable import Symbolic

/// `a/b` as an expression.
private func q(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }
/// The point `inf`.
private let infinity = Expr(.constant(.infinity))

private let h = Expr.symbol("h"), x = Expr.symbol("x"), y = Expr.symbol("y")

private func series(_ e: Expr, _ v: Symbol = "h", around p: Expr = 0, order: Int = 6,
                    direction: LimitDirection = .both) throws(SeriesError) -> Series {
    try e.series(in: v, around: p, order: order, direction: direction)
}

/// Whether two series agree term by term below `order` (and below both their orders),
/// numerically where the canonical forms differ.
private func agree(_ s: Series, _ t: Series, upTo order: Rational) -> Bool {
    let bound = min(order, s.order, t.order)
    let powers = Set(s.terms.map(\.power)).union(t.terms.map(\.power))
    for power in powers where power < bound {
        guard let a = s.coefficient(ofPower: power), let b = t.coefficient(ofPower: power) else { return false }
        if a == b { continue }
        guard let u = SeriesNumeric.value(a), let v = SeriesNumeric.value(b), SeriesNumeric.close(u, v) else {
            return false
        }
    }
    return true
}

@Suite("series: arithmetic")
struct SeriesArithmeticTests {
    @Test("sum, difference, product and quotient match the series of the expression", arguments: [
        (Expr.call(.sin, h), Expr.call(.exp, h)),
        (Expr.call(.sin, h), 1 - Expr.call(.cos, h)),
        (Expr.call(.log, 1 + h), Expr.call(.tan, h)),
        (1 / h + Expr.call(.cos, h), Expr.call(.sinh, h) * h),
    ])
    func fieldOperations(a: Expr, b: Expr) throws {
        let sa = try series(a), sb = try series(b)
        let sum = try sa + sb, difference = try sa - sb, product = try sa * sb, quotient = try sa / sb
        #expect(agree(sum, try series(a + b), upTo: sum.order))
        #expect(agree(difference, try series(a - b), upTo: difference.order))
        #expect(agree(product, try series(a * b), upTo: product.order))
        #expect(agree(quotient, try series(a / b, order: 8), upTo: quotient.order), "\(quotient.debugDescription)")
        #expect(product.order == min(sa.order + (sb.valuation ?? 0), sb.order + (sa.valuation ?? 0)))
        #expect(agree(try -sa, try series(-a), upTo: sa.order))
    }

    @Test("division by a zero leading coefficient shifts the valuation")
    func divisionShifts() throws {
        let q = try series(.call(.exp, h)) / series(.call(.sin, h) * .call(.sin, h))
        #expect(q.valuation == -2)
        #expect(q.coefficient(ofPower: -2) == .one)
        #expect(q.coefficient(ofPower: -1) == .one)
    }

    @Test("division by an identically zero series throws")
    func divisionByZero() throws {
        let zero = try series(.power(h, 7), order: 4)
        #expect(zero.valuation == nil)
        #expect(throws: SeriesError.self) { try series(.call(.exp, h)) / zero }
        do {
            _ = try series(.call(.exp, h)) / zero
        } catch {
            #expect(SeriesFailure(error) == .divisionByZero)
        }
    }

    @Test("series in different variables or around different points do not combine")
    func incompatible() throws {
        do {
            _ = try series(.call(.exp, h)) + series(.call(.exp, x), "x")
            Issue.record("combined incompatible series")
        } catch {
            #expect(SeriesFailure(error) == .incompatible)
        }
    }

    @Test("integer and rational powers", arguments: [-3, -1, 0, 2, 5])
    func integerPowers(n: Int) throws {
        let base = Expr.call(.sin, h) + h * h
        let s = try series(base).power(n)
        #expect(agree(s, try series(.power(base, .integer(n)), order: 12), upTo: s.order), "\(s.debugDescription)")
    }

    @Test("a rational power of a one-sided series can be a Puiseux series")
    func rationalPower() throws {
        let s = try series(h + h * h, direction: .above).power(Rational(1, 2)!)
        #expect(s.ramification == 2)
        // h + h² is known to O(h⁶): five relative terms, so the root is known to O(h^(11/2)).
        #expect(s.terms.map(\.power) == [Rational(1, 2)!, Rational(3, 2)!, Rational(5, 2)!, Rational(7, 2)!,
                                         Rational(9, 2)!])
        #expect(s.order == Rational(11, 2)!)
        #expect(s.coefficient(ofPower: Rational(3, 2)!) == q(1, 2))
        #expect(throws: SeriesError.self) { try series(h + h * h).power(Rational(1, 2)!) }
    }

    @Test("composition F∘G equals the series of F(G(x))", arguments: [
        (Expr.call(.exp, y), Expr(0), Expr.call(.sin, x), Expr(0)),
        (Expr.call(.log, y), Expr(1), 1 + x + x * x, Expr(0)),
        (1 / (1 - y), Expr(0), Expr.call(.tan, x), Expr(0)),
        (Expr.call(.atan, y), Expr(0), 1 / x, infinity),
    ])
    func composition(f: Expr, b: Expr, g: Expr, a: Expr) throws {
        let outer = try series(f, "y", around: b, order: 6)
        let inner = try series(g, "x", around: a, order: 6)
        let composed = try outer.composed(with: inner)
        let yValue = g
        let direct = try series(try substitute(f, yValue), "x", around: a, order: 6)
        #expect(composed.order == 6)
        #expect(agree(composed, direct, upTo: composed.order), "\(composed.debugDescription) vs \(direct.debugDescription)")
    }

    @Test("composition with an outer series at infinity")
    func compositionAtInfinity() throws {
        let outer = try series(Expr.symbol("y") / (Expr.symbol("y") + 1), "y", around: infinity, order: 4)
        let inner = try series(1 / x, "x", order: 6, direction: .above)
        let composed = try outer.composed(with: inner)
        let direct = try series((1 / x) / (1 / x + 1), "x", order: 4, direction: .above)
        #expect(agree(composed, direct, upTo: min(composed.order, direct.order)))
        #expect(composed.order == 4)
    }

    private func substitute(_ e: Expr, _ value: Expr) throws -> Expr {
        if e.symbolValue == "y" { return value }
        return try e.mapChildren { try substitute($0, value) }
    }
}
