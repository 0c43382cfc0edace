// Rational functions: the normal form is canonical, arithmetic agrees with evaluation.
import Testing
@testable import Symbolic

@Suite("Rational functions")
struct RationalFunctionTests {
    let x = variable(0, of: 3), y = variable(1, of: 3), z = variable(2, of: 3)
    let one = constant(1)

    func fraction(_ n: Polynomial, _ d: Polynomial) throws -> RationalFunction {
        try RationalFunction(numerator: n, denominator: d)
    }

    @Test("(x^2-1)/(x-1) = x+1 and other normal forms")
    func normalForms() throws {
        #expect(try fraction(x * x - one, x - one) == RationalFunction(x + one))
        // Sign goes to the numerator; integer content cancels.
        let r = try fraction(constant(4) * x + constant(2), constant(-6) * y)
        #expect(r.numerator == constant(-2) * x - one)
        #expect(r.denominator == constant(3) * y)
        #expect(try fraction(.zero, x + y) == .zero)
        #expect(try fraction(.zero, x + y).denominator.isOne)
        #expect(throws: RationalFunction.ArithmeticError.divisionByZero) { try fraction(x, .zero) }
        #expect(RationalFunction(Rational(-3, 4)!).numerator == constant(-3))
        #expect(RationalFunction(Rational(-3, 4)!).denominator == constant(4))
    }

    @Test("a/b built two ways compares equal", arguments: [61, 62, 63, 64, 65, 66, 67, 68, 69, 70] as [UInt64])
    func canonical(seed: UInt64) throws {
        var g = RandomPolynomial(seed: seed)
        let n = 1 + Int(seed % 3)
        let a = g.make(variables: n, terms: 4, maxDegree: 3)
        let b = g.make(variables: n, terms: 3, maxDegree: 3)
        let c = g.make(variables: n, terms: 3, maxDegree: 2)
        guard !b.isZero, !c.isZero else { return }
        let direct = try fraction(a, b)
        let scaled = try fraction(a * c, b * c)
        let negated = try fraction(-(a * c), -(b * c))
        // Via arithmetic: a/b = (a/c) · (c/b) and = a/(2b) + a/(2b).
        let product = try fraction(a, c).multiplied(by: try fraction(c, b))
        let half = try fraction(a, constant(2) * b)
        let sum = try half.adding(half)
        for other in [scaled, negated, product, sum] {
            #expect(other == direct)
            #expect(other.hashValue == direct.hashValue)
        }
        #expect(direct.denominator.leadingCoefficient.signum() > 0)
        #expect(try Polynomial.gcd(direct.numerator, direct.denominator).isOne || direct.isZero)
    }

    @Test("field laws agree with evaluation at rational points", arguments: [71, 72, 73, 74, 75, 76] as [UInt64])
    func fieldLaws(seed: UInt64) throws {
        var g = RandomPolynomial(seed: seed)
        let p = try fraction(g.make(variables: 3, terms: 3, maxDegree: 2), g.make(variables: 3, terms: 3, maxDegree: 2))
        let q = try fraction(g.make(variables: 3, terms: 3, maxDegree: 2), g.make(variables: 3, terms: 2, maxDegree: 2))
        var rng = RandomSource(seed: seed)
        let point = (0..<3).map { _ in Rational(rng.nextInt(in: -50...50), rng.nextInt(in: 1...20))! }
        guard let pv = p.evaluated(at: point), let qv = q.evaluated(at: point), !qv.isZero else { return }
        #expect(try p.adding(q).evaluated(at: point) == pv + qv)
        #expect(try p.subtracting(q).evaluated(at: point) == pv - qv)
        #expect(try p.multiplied(by: q).evaluated(at: point) == pv * qv)
        #expect(try p.divided(by: q).evaluated(at: point) == pv.dividing(by: qv))
        #expect(try p.power(-2).evaluated(at: point) == pv.power(-2))
        #expect(try p.subtracting(p).isZero)
        #expect(try p.divided(by: p) == .one)
        #expect(try p.adding(q).subtracting(q) == p)
    }

    @Test("reciprocal and powers")
    func reciprocal() throws {
        let r = try fraction(x - y, constant(2) * x + one)
        let inverse = try #require(r.reciprocal)
        #expect(inverse.numerator == constant(2) * x + one)
        #expect(inverse.denominator == x - y)
        #expect(try r.multiplied(by: inverse) == .one)
        #expect(RationalFunction.zero.reciprocal == nil)
        let negative = try fraction(-x, one)
        #expect(negative.reciprocal?.numerator == constant(-1))
        #expect(negative.reciprocal?.denominator == x)
        #expect(try r.power(0) == .one)
        #expect(throws: RationalFunction.ArithmeticError.divisionByZero) { try RationalFunction.zero.power(-1) }
        #expect(throws: RationalFunction.ArithmeticError.divisionByZero) { try r.divided(by: .zero) }
    }
}
