// Greatest common divisors: known cases, random gcd(a·c, b·c), and the fallback path.
import Testing
@testable import Symbolic

@Suite("Polynomial gcd")
struct PolynomialGCDTests {
    static let x = variable(0, of: 4), y = variable(1, of: 4), z = variable(2, of: 4), t = variable(3, of: 4)
    static let one = constant(1)

    static let known: [(label: String, a: Polynomial, b: Polynomial, gcd: Polynomial)] = [
        ("x^2-1, x-1", x * x - one, x - one, x - one),
        ("x^2-1, x^2+2x+1", x * x - one, x * x + constant(2) * x + one, x + one),
        ("coprime", x + y, x - y, one),
        ("content", constant(6) * x + constant(6), constant(4) * x - constant(4), constant(2)),
        ("content and factor", constant(6) * x * x - constant(6), constant(4) * x + constant(4), constant(2) * x + constant(2)),
        ("monomials", constant(12) * x * x * y, constant(18) * x * y * y * z, constant(6) * x * y),
        ("monomial factor", x * x * (y + one), x * (y + one) * (y - one), x * (y + one)),
        ("zero", .zero, constant(-3) * x + y, constant(3) * x - y),
        ("both zero", .zero, .zero, .zero),
        ("constants", constant(12), constant(-18), constant(6)),
        ("constant and polynomial", constant(4), constant(6) * x + constant(2), constant(2)),
        ("variable in one only", (x + one) * (y + one), (y + one) * (y - one), y + one),
        ("sign normalised", -(x - y), (x - y) * (x + y), x - y),
        ("Gram-like", (x * t - y * z) * (x + y + z + t), (x * t - y * z) * (x - y), x * t - y * z),
        ("equal", x * y + z, x * y + z, x * y + z),
        ("negatives", x * y + z, -(x * y + z), x * y + z),
    ]

    @Test("known gcds", arguments: 0..<16)
    func knownGCDs(index: Int) throws {
        let c = Self.known[index]
        let g = try Polynomial.gcd(c.a, c.b)
        #expect(g == c.gcd, "\(c.label): got \(g)")
        #expect(try Polynomial.gcd(c.b, c.a) == c.gcd, "\(c.label), swapped")
    }

    /// gcd(a·c, b·c) must be c up to units, times gcd(a, b) — which for random a, b is
    /// almost always 1; the test checks the exact identity gcd(a·c, b·c) = gcd(a, b)·c'.
    @Test("gcd(a·c, b·c) is a multiple of c dividing both", arguments: 0..<24)
    func randomCommonFactor(seed: Int) throws {
        var g = RandomPolynomial(seed: UInt64(500 + seed))
        let n = 1 + seed % 4
        let a = g.make(variables: n, terms: 4 + seed % 3, maxDegree: 3)
        let b = g.make(variables: n, terms: 3 + seed % 4, maxDegree: 3)
        let c = g.make(variables: n, terms: 2 + seed % 3, maxDegree: 2)
        let ac = a * c, bc = b * c
        let h = try Polynomial.gcd(ac, bc)
        // c divides h, h divides both products.
        #expect(h.exactQuotient(dividingBy: c) != nil, "c ∤ gcd: c=\(c) h=\(h)")
        #expect(ac.exactQuotient(dividingBy: h) != nil)
        #expect(bc.exactQuotient(dividingBy: h) != nil)
        #expect(h.leadingCoefficient.signum() > 0)
        // h / c is the gcd of a and b (up to sign).
        let ab = try Polynomial.gcd(a, b)
        let cNormal = c.withPositiveLeadingCoefficient
        #expect(h == (ab * cNormal).withPositiveLeadingCoefficient, "a=\(a) b=\(b) c=\(c)")
        // Maximality: the cofactors are coprime.
        let cofactors = try Polynomial.gcd(try #require(ac.exactQuotient(dividingBy: h)), try #require(bc.exactQuotient(dividingBy: h)))
        #expect(cofactors.isOne)
    }

    @Test("the modular fallback agrees with the heuristic", arguments: 0..<12)
    func fallbackAgrees(seed: Int) throws {
        var g = RandomPolynomial(seed: UInt64(900 + seed))
        let n = 2 + seed % 3
        let a = g.make(variables: n, terms: 4, maxDegree: 3)
        let b = g.make(variables: n, terms: 4, maxDegree: 2)
        let c = g.make(variables: n, terms: 3, maxDegree: 2)
        let ac = (a * c).primitivePart, bc = (b * c).primitivePart
        var engine = GCDEngine(limits: .default)
        let viaModular = try engine.modularGCD(ac, bc)
        let heuristic = try #require(try engine.heuristic(ac, bc, depth: 0))
        #expect(viaModular == heuristic.0.primitivePart.withPositiveLeadingCoefficient)
        #expect(viaModular.exactQuotient(dividingBy: c.primitivePart) != nil)
    }

    @Test("degree bounds from univariate images bound the gcd and certify coprimality", arguments: 0..<8)
    func degreeBounds(seed: Int) throws {
        var g = RandomPolynomial(seed: UInt64(1300 + seed))
        let n = 2 + seed % 3
        let a = g.make(variables: n, terms: 4, maxDegree: 3)
        let b = g.make(variables: n, terms: 4, maxDegree: 3)
        let c = g.make(variables: n, terms: 3, maxDegree: 2)
        let engine = GCDEngine(limits: .default)
        let gab = try Polynomial.gcd(a, b)
        let bounds = try engine.degreeBounds(a * c, b * c)
        let common = gab * c
        for v in 0..<n { #expect(bounds[v] >= common.degree(in: v), "variable \(v)") }
        // The cofactors of the true gcd are certified coprime; cofactors of a proper divisor
        // of the gcd (here: dropping c) are not.
        let h = try Polynomial.gcd(a * c, b * c)
        let ca = try #require((a * c).exactQuotient(dividingBy: h)), cb = try #require((b * c).exactQuotient(dividingBy: h))
        #expect(try engine.degreeBounds(ca, cb).allSatisfy { $0 == 0 })
        if !c.isConstant {
            #expect(try !engine.degreeBounds(a * c, b * c).allSatisfy { $0 == 0 })
        }
    }

    @Test("the heuristic gives up cleanly on a tiny budget, and the fallback answers")
    func tinyBudget() throws {
        let x = Self.x, y = Self.y, one = Self.one
        let c = x * x * y + constant(3) * y - one
        let a = try (x + y + one).power(4) * c, b = try (x - y).power(3) * c
        var engine = GCDEngine(limits: .default)
        engine.heuristicBitBudget = 8
        #expect(try engine.heuristic(a, b, depth: 0) == nil)
        #expect(try engine.gcd(a, b, depth: 0) == c)
    }

    @Test("big coefficients and higher degrees")
    func bigCases() throws {
        let x = Self.x, y = Self.y, z = Self.z, one = Self.one
        let c = constant(1_000_000_007) * x * x * y - constant(998_244_353) * z + one
        let a = try (x + constant(123_456_789) * y + z).power(5) * c
        let b = try (x * y - constant(77) * z + one).power(4) * c
        #expect(try Polynomial.gcd(a, b) == c)
        let p = try (x - one).power(30), q = try (x - one).power(12) * (x + one).power(7)
        #expect(try Polynomial.gcd(p, q) == (try (x - one).power(12)))
    }

    @Test("high degrees: sparse cases answer, dense modular work beyond 4·maxExponent is refused")
    func highDegrees() throws {
        let x = Self.x, one = Self.one
        let big = try #require(Polynomial.monomial(coefficient: 1, exponents: [20_000], variableCount: 4))
        #expect(try Polynomial.gcd(big - one, x - one) == x - one)
        #expect(try Polynomial.gcd(big * x, big * (x + one)) == big)
        let huge = try #require(Polynomial.monomial(coefficient: 1, exponents: [50_000], variableCount: 4))
        let other = try #require(Polynomial.monomial(coefficient: 1, exponents: [30_000], variableCount: 4))
        #expect(throws: LimitExceeded.self) { try Polynomial.gcd(huge - one, other - one) }
    }

    @Test("limits stop large gcd computations")
    func limits() throws {
        let x = Self.x, y = Self.y, one = Self.one
        var limits = Limits()
        limits.maxTerms = 5
        let a = try (x + y + one).power(6), b = try (x - y + one).power(5)
        #expect(throws: LimitExceeded.self) { try Polynomial.gcd(a * (x + one), b * (x + one), limits: limits) }
    }
}
