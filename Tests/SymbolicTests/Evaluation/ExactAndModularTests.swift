import Testing
@testable import Symbolic

private let x = Expr.symbol("x")
private let y = Expr.symbol("y")
private func q(_ n: Int, _ d: Int) -> Rational { Rational(n, d)! }

/// A first-order bound on the absolute rounding error of Double evaluation of a rational
/// tree: returns (value, error bound). Each operation contributes one rounding of relative
/// size u = 2⁻⁵³ of (a bound on) its result, and input errors propagate through the first
/// derivative of the operation.
private func errorBound(_ e: Expr, _ env: [Symbol: Double]) throws -> (Double, Double) {
    let u = 0x1p-53
    switch e.kind {
    case .number(let r):
        let v = r.doubleValue
        return (v, r.denominator.isOne ? 0 : v.magnitude * u)
    case .symbol(let s):
        return (env[s]!, 0)
    case .sum(let terms):
        var total = 0.0, error = 0.0, scale = 0.0
        for t in terms {
            let (v, err) = try errorBound(t, env)
            total += v
            error += err
            scale += v.magnitude
        }
        return (total, error + Double(terms.count) * u * scale)
    case .product(let factors):
        var values: [Double] = [], errors: [Double] = []
        for f in factors {
            let (v, err) = try errorBound(f, env)
            values.append(v)
            errors.append(err)
        }
        let total = values.reduce(1, *)
        var error = Double(factors.count) * u * total.magnitude
        for i in values.indices {
            var others = 1.0
            for j in values.indices where j != i { others *= values[j].magnitude }
            error += errors[i] * others
        }
        return (total, error)
    case .power(let b, let n):
        let (v, err) = try errorBound(b, env)
        let k = Double(n.numberValue!.asInt!)
        let value = Foundation.pow(v, k)
        if v == 0 { return (value, k > 0 ? Foundation.pow(err, k) : .infinity) }
        let relative = k.magnitude * err / v.magnitude + (k.magnitude + 1) * u
        return (value, value.magnitude * relative)
    case .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
        throw ExactEvaluationError.notRational("test")
    }
}

@Suite("Exact evaluation")
struct ExactEvaluationTests {
    @Test("rational values at x = 2, y = 1", arguments: [
        (x / 3 + y * y, q(5, 3)),
        (Expr.power(x, -2) - 1, q(-3, 4)),
        (Expr.power(Expr.number(q(4, 9)), .number(q(3, 2))), q(8, 27)),
        ((x + y) * (x - y), q(3, 1)),
    ])
    func values(e: Expr, expected: Rational) throws {
        #expect(try e.evaluateExactly(at: [Symbol("x"): Rational(2), Symbol("y"): Rational(1)]) == expected)
    }

    @Test("errors", arguments: [
        (Expr.call(.log, x), ExactEvaluationError.notRational("log")),
        (1 / (x - 2), .divisionByZero),
        (.power(x - 2, 0), .undefinedPower),
        (Expr.power(x, .number(q(1, 2))), .notRational("an irrational root")),
        (Expr.power(-x, .number(q(1, 3))), .notRational("a non-integer power")),
        (x + .symbol("w"), .unboundSymbol("w")),
        (Expr.pi * x, .notRational("pi")),
    ])
    func errors(e: Expr, expected: ExactEvaluationError) {
        #expect(throws: expected) { try e.evaluateExactly(at: [Symbol("x"): Rational(2)]) }
    }

    @Test("limits on exponents and sizes")
    func limits() {
        #expect(throws: ExactEvaluationError.self) {
            try Expr.power(x, 20_000).evaluateExactly(at: [Symbol("x"): Rational(3)])
        }
        var small = Limits()
        small.maxIntegerBits = 100
        #expect(throws: ExactEvaluationError.self) {
            try Expr.power(x, 200).evaluateExactly(at: [Symbol("x"): Rational(3)], limits: small)
        }
    }

    /// Exact evaluation equals Double evaluation within the propagated rounding bound.
    @Test("random rational trees: exact = Double within rounding", arguments: 0 ..< 150)
    func exactMatchesDouble(seed: Int) throws {
        var c = RandomExpr.Configuration()
        c.functions = []
        c.exponents = -2 ... 3
        var generator = RandomExpr(seed: UInt64(seed), configuration: c)
        let e = generator.make()
        var rng = RandomSource(seed: UInt64(seed) + 5)
        for _ in 0 ..< 3 {
            var exact: [Symbol: Rational] = [:]
            var double: [Symbol: Double] = [:]
            for s in ["x", "y", "z"] as [Symbol] {
                let r = q(rng.nextInt(in: -12 ... 12), rng.nextInt(in: 1 ... 4))
                exact[s] = r
                double[s] = r.doubleValue
            }
            let exactResult: Rational
            do {
                exactResult = try e.evaluateExactly(at: exact)
            } catch ExactEvaluationError.divisionByZero {
                continue
            } catch ExactEvaluationError.undefinedPower {
                #expect(throws: EvaluationError.domain(operation: "0^0", argument: 0)) { try e.evaluate(at: double) }
                continue
            }
            guard let d = try? e.evaluate(at: double) else {
                #expect(exactResult.doubleValue.magnitude > 1e300, "\(e.testDescription)")
                continue
            }
            let (_, bound) = try errorBound(e, double)
            let reference = exactResult.doubleValue
            #expect((d - reference).magnitude <= 2 * bound + reference.magnitude * 0x1p-52,
                    "seed \(seed): \(e.testDescription): \(d) vs \(exactResult), bound \(bound)")
        }
    }
}

@Suite("Modular arithmetic and evaluation")
struct ModularTests {
    static let p = BigInt(Modular61.modulus)

    /// The residue of a big integer modulo p, through big-integer division.
    static func residue(_ v: BigInt) -> UInt64 {
        let m = v.flooredDivision(by: p)?.modulus ?? .zero
        return UInt64(m.asInt ?? -1)
    }

    @Test("field operations agree with big integers", arguments: [1, 2, 3] as [UInt64])
    func fieldOperations(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        for _ in 0 ..< 500 {
            let a = Modular61.random(using: &rng), b = Modular61.random(using: &rng)
            let ba = BigInt(a.value), bb = BigInt(b.value)
            let product = Self.residue(ba * bb), sum = Self.residue(ba + bb), difference = Self.residue(ba - bb)
            #expect((a * b).value == product)
            #expect((a + b).value == sum)
            #expect((a - b).value == difference)
            if let inverse = a.inverse { #expect(a * inverse == .one) }
        }
        let big = Self.residue(BigInt(UInt64.max))
        #expect(Modular61(UInt64.max).value == big)
        #expect(Modular61(Modular61.modulus) == .zero)
        #expect(Modular61(-1) == -Modular61.one)
        #expect(Modular61.zero.inverse == nil)
    }

    @Test("powers reduce exponents modulo p − 1")
    func powers() {
        let a = Modular61(3)
        #expect(a.power(BigInt(Modular61.modulus - 1)) == .one)
        #expect(a.power(BigInt(-1)) == a.inverse)
        #expect(Modular61.zero.power(BigInt(-2)) == nil)
        #expect(a.power(UInt64(5)) == Modular61(243))
        #expect(Modular61(Rational(1, 3)!) == Modular61(3).inverse)
    }

    /// Modular evaluation is a ring homomorphism: for rational trees at rational points it
    /// equals the residue of the exact value.
    @Test("random rational trees: modular = residue of exact", arguments: 0 ..< 150)
    func homomorphism(seed: Int) throws {
        var c = RandomExpr.Configuration()
        c.functions = []
        var generator = RandomExpr(seed: UInt64(seed), configuration: c)
        let e = generator.make()
        var rng = RandomSource(seed: UInt64(seed) + 9)
        var exact: [Symbol: Rational] = [:]
        for s in ["x", "y", "z"] as [Symbol] {
            exact[s] = Rational(rng.nextInt(in: -50 ... 50), rng.nextInt(in: 1 ... 9))!
        }
        guard let value = try? e.evaluateExactly(at: exact) else { return }
        let m = try e.evaluate(modulo: Modular61.self) { atom in
            atom.symbolValue.flatMap { exact[$0] }.flatMap { Modular61($0) }
        }
        #expect(m == Modular61(value)!, "seed \(seed)")
    }

    @Test("atoms get the caller's residues; zero tests work")
    func atoms() throws {
        let a = Expr.call(.log, x)
        let e = (a + 1) * (a - 1) - (.power(a, 2) - 1)
        var rng = RandomSource(seed: 4)
        var residues: [Expr: Modular61] = [:]
        let zero = try e.evaluate(modulo: Modular61.self) { atom in
            if let r = residues[atom] { return r }
            let r = Modular61.random(using: &rng)
            residues[atom] = r
            return r
        }
        #expect(zero == .zero)
        let nonzero = try (e + .call(.sin, x)).evaluate(modulo: Modular61.self) { atom in
            if let r = residues[atom] { return r }
            let r = Modular61.randomNonzero(using: &rng)
            residues[atom] = r
            return r
        }
        #expect(nonzero != .zero)
        #expect(throws: ModularEvaluationError.unassigned(x)) {
            try (x + 1).evaluate(modulo: Modular61.self) { _ in nil }
        }
        #expect(throws: ModularEvaluationError.divisionByZero) {
            try (1 / x).evaluate(modulo: Modular61.self) { _ in .zero }
        }
    }
}

import Foundation
