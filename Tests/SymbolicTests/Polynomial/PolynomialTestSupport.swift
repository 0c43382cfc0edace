// Seeded random polynomials and a naive reference implementation for property tests.
@testable import Symbolic

/// Random polynomials from a seed.
struct RandomPolynomial {
    var rng: RandomSource

    init(seed: UInt64) { rng = RandomSource(seed: seed) }

    /// A polynomial in `variables` variables with up to `terms` terms, exponents in
    /// `0...maxDegree` and coefficients in `coefficients` (zero excluded).
    mutating func make(variables: Int, terms: Int, maxDegree: Int,
                       coefficients: ClosedRange<Int> = -9...9) -> Polynomial {
        var list: [Polynomial.Term] = []
        for _ in 0..<terms {
            let exponents = (0..<variables).map { _ in rng.nextInt(in: 0...maxDegree) }
            var c = rng.nextInt(in: coefficients)
            if c == 0 { c = 1 }
            list.append(Polynomial.Term(exponents: exponents, coefficient: BigInt(c)))
        }
        return Polynomial(variableCount: variables, terms: list)!
    }

    /// A polynomial with huge coefficients (about `bits` bits).
    mutating func makeBig(variables: Int, terms: Int, maxDegree: Int, bits: Int) -> Polynomial {
        var list: [Polynomial.Term] = []
        for _ in 0..<terms {
            let exponents = (0..<variables).map { _ in rng.nextInt(in: 0...maxDegree) }
            var c = BigInt(rng.nextInt(in: 1...1_000_000))
            while c.bitWidth < bits { c = c * BigInt(rng.nextInt(in: 1 << 20...1 << 30)) }
            if rng.nextUnit() < 0.5 { c = -c }
            list.append(Polynomial.Term(exponents: exponents, coefficient: c))
        }
        return Polynomial(variableCount: variables, terms: list)!
    }
}

/// The reference: a polynomial as a dictionary from exponent vectors to coefficients.
struct NaivePolynomial: Equatable {
    var terms: [[Int]: BigInt] = [:]

    init(_ p: Polynomial, variables: Int) {
        for t in p.terms {
            var e = t.exponents
            while e.count < variables { e.append(0) }
            terms[e, default: .zero] += t.coefficient
        }
    }

    init(terms: [[Int]: BigInt]) { self.terms = terms.filter { !$0.value.isZero } }

    static func * (a: NaivePolynomial, b: NaivePolynomial) -> NaivePolynomial {
        var out: [[Int]: BigInt] = [:]
        for (ea, ca) in a.terms {
            for (eb, cb) in b.terms {
                out[zip(ea, eb).map { $0 + $1 }, default: .zero] += ca * cb
            }
        }
        return NaivePolynomial(terms: out)
    }

    static func + (a: NaivePolynomial, b: NaivePolynomial) -> NaivePolynomial {
        var out = a.terms
        for (e, c) in b.terms { out[e, default: .zero] += c }
        return NaivePolynomial(terms: out)
    }
}

/// Large primes for modular evaluation (Schwartz–Zippel).
let testPrimes: [UInt64] = [18_446_744_073_709_551_557, 9_223_372_036_854_775_783, 4_611_686_018_427_387_847, 1_000_000_007]

/// Random residues for `count` variables.
func randomPoint(_ rng: inout RandomSource, count: Int, modulus: UInt64) -> [UInt64] {
    (0..<count).map { _ in rng.nextUInt64(below: modulus) }
}

/// Modular product.
func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
    m.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
}

/// x_i as a polynomial in `n` variables.
func variable(_ i: Int, of n: Int) -> Polynomial { Polynomial.variable(i, variableCount: n) }

/// The constant c in `n` variables.
func constant(_ c: Int, of n: Int = 0) -> Polynomial { Polynomial.constant(c, variableCount: n) }
