// Content, primitive part and exact division.
import Testing
@testable import Symbolic

@Suite("Polynomial division")
struct PolynomialDivisionTests {
    let x = variable(0, of: 3), y = variable(1, of: 3), z = variable(2, of: 3)

    @Test("(a·b)/b == a for random a, b", arguments: [41, 42, 43, 44, 45, 46, 47, 48] as [UInt64])
    func exactQuotientOfProducts(seed: UInt64) throws {
        var g = RandomPolynomial(seed: seed)
        let n = 1 + Int(seed % 4)
        let a = seed % 3 == 0 ? g.makeBig(variables: n, terms: 6, maxDegree: 5, bits: 80) : g.make(variables: n, terms: 7, maxDegree: 5)
        let b = g.make(variables: n, terms: 5, maxDegree: 4)
        let q = try #require((a * b).exactQuotient(dividingBy: b))
        #expect(q == a)
        #expect(q.checkInvariants())
        #expect((a * b).exactQuotient(dividingBy: a) == b)
    }

    @Test("inexact divisions return nil", arguments: [
        (0, "x^2+1 / x+1"), (1, "x*y / x^2"), (2, "x+y / 2x"), (3, "(x+1)(y+2)+1 / y+2"), (4, "x^5 / x - 1"),
        (5, "y / x - y^2"),
    ])
    func inexact(index: Int, label: String) {
        let one = constant(1)
        let cases: [(Polynomial, Polynomial)] = [
            (x * x + one, x + one), (x * y, x * x), (x + y, constant(2) * x),
            ((x + one) * (y + constant(2)) + one, y + constant(2)), (x * x * x * x * x, x - one),
            (y, x - y * y),
        ]
        let (a, b) = cases[index]
        #expect(a.exactQuotient(dividingBy: b) == nil, "\(label)")
    }

    @Test("division by zero, of zero, by constants and by monomials")
    func specialDivisors() {
        let p = constant(6) * x * y + constant(4) * z
        #expect(p.exactQuotient(dividingBy: .zero) == nil)
        #expect(Polynomial.zero.exactQuotient(dividingBy: p) == .zero)
        #expect(p.exactQuotient(dividingBy: constant(2)) == constant(3) * x * y + constant(2) * z)
        #expect(p.exactQuotient(dividingBy: constant(4)) == nil)
        #expect((p * x * x).exactQuotient(dividingBy: x * x) == p)
        #expect(p.exactQuotient(dividingBy: x) == nil)
        #expect(p.exactQuotient(dividingBy: p) == constant(1))
    }

    @Test("content and primitive part")
    func content() {
        let p = constant(6) * x * y - constant(4) * z + constant(10)
        #expect(p.content == 2)
        #expect(p.primitivePart == constant(3) * x * y - constant(2) * z + constant(5))
        #expect((-p).content == 2)
        #expect((-p).primitivePart == -(p.primitivePart))
        #expect(Polynomial.zero.content == 0)
        #expect(Polynomial.zero.primitivePart.isZero)
        #expect(constant(-7).primitivePart == constant(-1))
        #expect((-p).withPositiveLeadingCoefficient == p)
    }
}
