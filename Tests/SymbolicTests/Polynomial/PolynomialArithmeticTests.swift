// Ring laws, term order, products against a naive reference, powers, packing and limits.
import Testing
@testable import Symbolic

@Suite("Polynomial arithmetic")
struct PolynomialArithmeticTests {
    let x = variable(0, of: 3), y = variable(1, of: 3), z = variable(2, of: 3)

    @Test("terms come out in descending lexicographic order, x0 > x1 > x2")
    func termOrder() throws {
        let p = z + x * y + x * x + y * y * y + constant(7) + x
        #expect(p.terms.map(\.exponents) == [[2, 0, 0], [1, 1, 0], [1, 0, 0], [0, 3, 0], [0, 0, 1], [0, 0, 0]])
        #expect(p.description == "x0^2 + x0*x1 + x0 + x1^3 + x2 + 7")
        #expect(p.leadingCoefficient == 1)
        #expect(p.checkInvariants())
    }

    @Test("degrees, constants and predicates")
    func basics() {
        let p = x * x * y - constant(3) * z
        #expect(p.degree(in: 0) == 2)
        #expect(p.degree(in: 1) == 1)
        #expect(p.degree(in: 2) == 1)
        #expect(p.degree(in: 5) == 0)
        #expect(p.totalDegree == 3)
        #expect(Polynomial.zero.totalDegree == -1)
        #expect(Polynomial.zero.degree(in: 0) == -1)
        #expect(p.termCount == 2)
        #expect(!p.isConstant)
        #expect(constant(5, of: 3).isConstant)
        #expect(constant(5, of: 3).constantValue == 5)
        #expect(Polynomial.zero.isZero && Polynomial.zero.isConstant)
        #expect(p.variablesInUse == [0, 1, 2])
        #expect((x - x).isZero)
    }

    @Test("equality and hashing ignore packing and declared variable count")
    func canonicalEquality() throws {
        let small = Polynomial.variable(0, variableCount: 1) + Polynomial.constant(1)
        let wide = x + constant(1, of: 3)
        #expect(small == wide)
        #expect(small.hashValue == wide.hashValue)
        // The same polynomial with 64-bit fields (after a huge degree cancelled out).
        let big = try #require(Polynomial.monomial(coefficient: 1, exponents: [1_000_000]))
        let viaWide = (big + x + constant(1)) - big
        #expect(viaWide == wide)
        #expect(viaWide.hashValue == wide.hashValue)
        #expect(Set([small, wide, viaWide]).count == 1)
        #expect(x != y)
        #expect(x + y != x - y)
    }

    @Test("ring laws on random polynomials", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func ringLaws(seed: UInt64) {
        var g = RandomPolynomial(seed: seed)
        let n = 1 + Int(seed % 4)
        let a = g.make(variables: n, terms: 6, maxDegree: 4)
        let b = g.make(variables: n, terms: 5, maxDegree: 3)
        let c = g.make(variables: n, terms: 4, maxDegree: 5)
        let one = constant(1, of: n), zero = Polynomial(variableCount: n)
        #expect(a + b == b + a)
        #expect((a + b) + c == a + (b + c))
        #expect(a * b == b * a)
        #expect((a * b) * c == a * (b * c))
        #expect(a * (b + c) == a * b + a * c)
        #expect(a + zero == a)
        #expect(a * one == a)
        #expect((a * zero).isZero)
        #expect((a - a).isZero)
        #expect(-(-a) == a)
        #expect(a - b == a + (-b))
        #expect(BigInt(3) * a == a + a + a)
        for p in [a + b, a * b, (a * b) * c] { #expect(p.checkInvariants()) }
    }

    /// Shapes that select each multiplication kernel: dense/hash × Int64/Int128/BigInt,
    /// one- and multi-word monomials.
    static let productShapes: [(variables: Int, terms: Int, degree: Int, bits: Int?)] = [
        (1, 30, 40, nil),      // dense, univariate
        (3, 40, 6, nil),       // dense, Int64
        (4, 25, 3, 40),        // dense, Int128 (bound beyond 2^62)
        (3, 12, 4, 90),        // dense, digit split
        (2, 20, 90, nil),      // hash (sparse, large box)
        (6, 30, 9, nil),       // hash, 6 variables
        (10, 25, 5, nil),      // two words of 8-bit fields
        (18, 20, 2, 70),       // three words, digit split
        (3, 10, 3, 2000),      // BigInt accumulators
        (3, 15, 150, nil),     // 16-bit fields
    ]

    @Test("products agree with the naive reference", arguments: 0..<10, [11, 12] as [UInt64])
    func productsAgree(shape: Int, seed: UInt64) {
        let s = Self.productShapes[shape]
        var g = RandomPolynomial(seed: seed &* 31 &+ UInt64(shape))
        let a = s.bits.map { g.makeBig(variables: s.variables, terms: s.terms, maxDegree: s.degree, bits: $0) }
            ?? g.make(variables: s.variables, terms: s.terms, maxDegree: s.degree)
        let b = g.make(variables: s.variables, terms: s.terms, maxDegree: s.degree, coefficients: -1_000_000...1_000_000)
        let product = a * b
        #expect(product.checkInvariants())
        #expect(NaivePolynomial(product, variables: s.variables)
                == NaivePolynomial(a, variables: s.variables) * NaivePolynomial(b, variables: s.variables))
    }

    @Test("evaluation is a ring homomorphism modulo large primes", arguments: [21, 22, 23, 24, 25] as [UInt64])
    func evaluationHomomorphism(seed: UInt64) throws {
        var g = RandomPolynomial(seed: seed)
        var rng = RandomSource(seed: seed ^ 0xabc)
        let n = 2 + Int(seed % 3)
        let p = g.make(variables: n, terms: 8, maxDegree: 6)
        let q = g.makeBig(variables: n, terms: 5, maxDegree: 4, bits: 100)
        for m in testPrimes {
            let point = randomPoint(&rng, count: n, modulus: m)
            let pv = try #require(p.evaluated(at: point, modulo: m))
            let qv = try #require(q.evaluated(at: point, modulo: m))
            #expect((p * q).evaluated(at: point, modulo: m) == mulmod(pv, qv, m))
            #expect((p + q).evaluated(at: point, modulo: m) == UInt64((UInt128(pv) + UInt128(qv)) % UInt128(m)))
            #expect(try p.power(3).evaluated(at: point, modulo: m) == mulmod(mulmod(pv, pv, m), pv, m))
        }
    }

    @Test("integer and rational evaluation")
    func evaluation() throws {
        let p = x * x * y - constant(3) * z + constant(2)   // x²y − 3z + 2
        #expect(p.evaluated(at: [2, 5, 1] as [BigInt]) == BigInt(19))
        #expect(p.evaluated(at: [Rational(1, 2)!, Rational(4), Rational(-1, 3)!]) == Rational(4))
        #expect(p.evaluated(at: [Rational(1, 3)!, Rational(1, 5)!, Rational(0)]) == Rational(91, 45)!)
        #expect(p.evaluated(at: [1, 2] as [BigInt]) == nil)
        #expect(p.evaluated(at: [5, 6, 7], modulo: 1) == nil)
        let huge = try #require(Polynomial.monomial(coefficient: 1, exponents: [10_000]))
        #expect(huge.evaluated(at: [2] as [BigInt]) == BigInt(2).power(10_000))
        #expect(huge.evaluated(at: [3], modulo: 1_000_000_007) == 3.powMod(10_000, 1_000_000_007))
        // Values beyond maxIntegerBits are refused, not computed.
        let enormous = try #require(Polynomial.monomial(coefficient: 1, exponents: [1 << 40]))
        #expect(enormous.evaluated(at: [3] as [BigInt]) == nil)
        #expect(enormous.evaluated(at: [Rational(1, 3)!]) == nil)
        #expect(enormous.evaluated(at: [1] as [BigInt]) == 1)
        #expect(enormous.evaluated(at: [5], modulo: 7) == 5.powMod(1 << 40, 7))
    }

    @Test("powers agree with repeated multiplication", arguments: [
        (3, 4, 2, 5), (2, 2, 3, 7), (4, 5, 1, 6), (3, 3, 9, 3), (1, 2, 1, 30), (5, 2, 3, 4),
    ])
    func powers(variables: Int, terms: Int, degree: Int, exponent: Int) throws {
        var g = RandomPolynomial(seed: UInt64(variables * 100 + terms * 10 + exponent))
        let p = g.make(variables: variables, terms: terms, maxDegree: degree)
        var expected = constant(1, of: variables)
        for _ in 0..<exponent { expected = expected * p }
        let power = try p.power(exponent)
        #expect(power == expected)
        #expect(power.checkInvariants())
        #expect(try p.power(0) == constant(1))
        #expect(try p.power(1) == p)
    }

    @Test("powers with coinciding monomials", arguments: [0, 1, 2, 3])
    func powersWithCollisions(index: Int) throws {
        let one = constant(1)
        let bases = [one + x + x * x, x + y + x * y, x * y - y * z + z * x + one, x * x - constant(2) * x + one]
        let exponents = [10, 7, 6, 25]
        var expected = one
        for _ in 0..<exponents[index] { expected = expected * bases[index] }
        #expect(try bases[index].power(exponents[index]) == expected)
    }

    @Test("multinomial power with big coefficients matches squaring")
    func bigMultinomial() throws {
        let p = constant(123_456_789_012, of: 3) * x + constant(-987_654_321_098) * y + z + constant(5)
        let power = try p.power(9)
        let squared = try (p * p).power(4) * p
        #expect(power == squared)
        #expect(power.termCount == 220)
    }

    @Test("(x+y+z+1)^20 · ((x+y+z+1)^20 + 1): coefficients cross 2^64")
    func fatemanCoefficients() throws {
        let p = try (x + y + z + constant(1)).power(20)
        #expect(p.termCount == 1771)
        let product = p * (p + constant(1))
        #expect(product.termCount == 12341)
        #expect(product.coefficients.contains { $0.bitWidth > 64 })
        // Sum of coefficients: 4^20 · (4^20 + 1).
        let four20 = BigInt(4).power(20)!
        #expect(product.evaluated(at: [1, 1, 1] as [BigInt]) == four20 * (four20 + 1))
        // Agrees modulo primes with the product of values.
        var rng = RandomSource(seed: 99)
        for m in testPrimes {
            let point = randomPoint(&rng, count: 3, modulus: m)
            let pv = try #require(p.evaluated(at: point, modulo: m))
            #expect(product.evaluated(at: point, modulo: m) == mulmod(pv, (pv + 1) % m, m))
        }
    }

    @Test("exponent fields widen when degrees cross field widths", arguments: [
        (200, 100), (100, 27), (127, 1), (127, 128), (30_000, 3_000), (32_767, 1), (2_000_000_000, 2_000_000_000),
    ])
    func repacking(first: Int, second: Int) throws {
        let a = try #require(Polynomial.monomial(coefficient: 1, exponents: [first, 1], variableCount: 3)) + y
        let b = try #require(Polynomial.monomial(coefficient: 2, exponents: [second, 0, 3], variableCount: 3)) + constant(1)
        let product = a * b
        #expect(product.checkInvariants())
        #expect(product.degree(in: 0) == first + second)
        let expected: [([Int], BigInt)] = [([first + second, 1, 3], 2), ([first, 1, 0], 1), ([second, 1, 3], 2), ([0, 1, 0], 1)]
            .sorted { $0.0.lexicographicallyPrecedes($1.0) == false }
        #expect(product.terms.map(\.exponents) == expected.map(\.0))
        #expect(product.terms.map(\.coefficient) == expected.map(\.1))
        #expect(product.exactQuotient(dividingBy: b) == a)
    }

    @Test("limits: exponents, terms and integer size throw LimitExceeded")
    func limits() throws {
        var limits = Limits()
        limits.maxExponent = 50
        let p = x + y + constant(1)
        #expect(throws: LimitExceeded.self) { try p.power(51, limits: limits) }
        #expect(throws: Polynomial.ArithmeticError.negativeExponent(-1)) { try p.power(-1) }
        limits = Limits()
        limits.maxTerms = 100
        #expect(throws: LimitExceeded.self) { try p.power(20, limits: limits) }
        #expect(throws: LimitExceeded.self) { try (p * p * p * p).power(5, limits: limits) }
        let q = try p.power(10)
        #expect(throws: LimitExceeded.self) { try q.multiplied(by: q, limits: limits) }
        limits = Limits()
        limits.maxIntegerBits = 100
        #expect(throws: LimitExceeded.self) { try (constant(1_000_000) * x + y).power(20, limits: limits) }
        // A degree beyond 2^63 − 1 cannot be represented: a thrown limit, not a trap.
        let top = try #require(Polynomial.monomial(coefficient: 1, exponents: [Int(1) << 62]))
        #expect(throws: LimitExceeded.self) { try top.multiplied(by: top).multiplied(by: top) }
        #expect(throws: LimitExceeded.self) { try top.power(4) }
    }

    @Test("derivatives")
    func derivatives() {
        let p = constant(3, of: 3) * x * x * y + x * z - constant(5) * y + constant(7)
        #expect(p.derivative(withRespectTo: 0) == constant(6) * x * y + z)
        #expect(p.derivative(withRespectTo: 1) == constant(3) * x * x - constant(5))
        #expect(p.derivative(withRespectTo: 2) == x)
        #expect(p.derivative(withRespectTo: 7).isZero)
        #expect(p.derivative(withRespectTo: 0).checkInvariants())
    }

    @Test("substitution", arguments: [31, 32, 33] as [UInt64])
    func substitution(seed: UInt64) throws {
        var g = RandomPolynomial(seed: seed)
        let p = g.make(variables: 3, terms: 7, maxDegree: 4)
        let q = g.make(variables: 3, terms: 3, maxDegree: 2)
        let s = try p.substituting(variable: 1, with: q)
        #expect(s.checkInvariants())
        // Check at random points modulo a prime: s(x) = p(x0, q(x), x2).
        var rng = RandomSource(seed: seed)
        let m = testPrimes[0]
        for _ in 0..<5 {
            let point = randomPoint(&rng, count: 3, modulus: m)
            let qv = try #require(q.evaluated(at: point, modulo: m))
            #expect(s.evaluated(at: point, modulo: m) == p.evaluated(at: [point[0], qv, point[2]], modulo: m))
        }
        #expect(try (x * x + y).substituting(variable: 0, with: y + constant(1)) == y * y + constant(3) * y + constant(1))
    }

    @Test("renaming and extending variables")
    func renaming() throws {
        let p = x * x * y + constant(2) * z
        let r = try #require(p.renamingVariables([2, 0, 1], variableCount: 3))
        #expect(r == z * z * x + constant(2) * y)
        #expect(r.checkInvariants())
        let e = p.extended(toVariableCount: 5)
        #expect(e.variableCount == 5)
        #expect(e == p)
        #expect(e * variable(4, of: 5) == p * variable(4, of: 5))
        #expect(p.renamingVariables([0, 0, 1], variableCount: 3) == nil)
        #expect(p.renamingVariables([0, 1], variableCount: 3) == nil)
        #expect(p.renamingVariables([0, 1, 3], variableCount: 3) == nil)
    }

    @Test("building from terms combines duplicates and rejects bad exponents")
    func fromTerms() {
        let p = Polynomial(variableCount: 2, terms: [
            .init(exponents: [1, 0], coefficient: 2), .init(exponents: [0, 1], coefficient: 1),
            .init(exponents: [1, 0], coefficient: -2), .init(exponents: [0, 0], coefficient: 4),
        ])
        #expect(p == variable(1, of: 2) + constant(4))
        #expect(Polynomial(variableCount: 2, terms: [.init(exponents: [-1, 0], coefficient: 1)]) == nil)
        #expect(Polynomial(variableCount: 2, terms: [.init(exponents: [1], coefficient: 1)]) == nil)
        #expect(Polynomial.monomial(coefficient: 1, exponents: [-2]) == nil)
        #expect(Polynomial.variable(-1).isZero)
    }
}

extension Int {
    /// self^e mod m for the tests (small values).
    func powMod(_ e: Int, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = UInt64(self) % m, k = e
        while k > 0 {
            if k & 1 == 1 { result = mulmod(result, base, m) }
            base = mulmod(base, base, m)
            k >>= 1
        }
        return result
    }
}
