import Testing
@testable import Symbolic

@Suite("rational normal form")
struct RationalNormalFormTests {
    @Test("decides identities that need expansion, cancellation and relations between atoms", arguments: [
        "(x^2 - 1)/(x - 1) - (x + 1)",
        "(x + y)^3 - (x^3 + 3*x^2*y + 3*x*y^2 + y^3)",
        "1/(x + 1) + 1/(x - 1) - 2*x/(x^2 - 1)",
        "(1 + sqrt(x))*(1 - sqrt(x)) - (1 - x)",
        "sqrt(x)^3 - x*sqrt(x)",
        "exp(x/2)^2 - exp(x)",
        "exp(x + y) - exp(x)*exp(y)",
        "exp(2*x + 1) - exp(x)^2*exp(1)",
        "sin(u)^2 + cos(u)^2 - 1",
        "sin(u)^4 - cos(u)^4 - (sin(u)^2 - cos(u)^2)",
        "cosh(u)^2 - sinh(u)^2 - 1",
        "log((x^2 - 1)/(x - 1)) - log(x + 1)",
        "f((a + b)^2) - f(a^2 + 2*a*b + b^2)",
        "2^(1/2)*3^(1/2) - 6^(1/2)",
        "x^(1/2)*x^(1/3) - x^(5/6)",
        "(a*d - b*c)^2 + (a*c + b*d)^2 - (a^2 + b^2)*(c^2 + d^2)",
        "1/(1/x + 1/y) - x*y/(x + y)",
    ])
    func zero(text: String) throws {
        let e = try Expr(parsing: text)
        let rnf = try RationalNormalForm(e)
        #expect(rnf.isZero, "\(text) normalised to \(rnf.expr)")
    }

    @Test("does not call non-identities zero", arguments: [
        "(x^2 - 1)/(x - 1) - x",
        "sqrt(x^2) - x",
        "log(x*y) - log(x) - log(y)",
        "sin(2*u) - 2*sin(u)",
        "exp(x)*exp(y) - exp(x*y)",
    ])
    func nonzero(text: String) throws {
        let rnf = try RationalNormalForm(try Expr(parsing: text))
        #expect(!rnf.isZero)
    }

    @Test("cancels common factors to a canonical quotient")
    func cancels() throws {
        let a = try RationalNormalForm(try Expr(parsing: "(x^2 - y^2)/(x^2 + 2*x*y + y^2)"))
        let b = try RationalNormalForm(try Expr(parsing: "(x - y)/(x + y)"))
        #expect(a.expr == b.expr)
    }

    @Test("division by something identically zero is an error")
    func divisionByZero() throws {
        #expect(throws: NormalizationError.self) { try RationalNormalForm(try Expr(parsing: "1/(x - x)")) }
        #expect(throws: NormalizationError.self) { try RationalNormalForm(try Expr(parsing: "1/(sqrt(x)^2 - x)")) }
    }

    /// The shortcut for function arguments that are monomials in symbols and constants gives
    /// what the general path (the argument's own quotient of polynomials) gives.
    @Test("a monomial argument is its own normal form, as the general path says", arguments: [UInt64(1), 2, 3])
    func monomialArgumentShortcut(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        let bases: [Expr] = [.symbol("a"), .symbol("b"), .symbol("c"), .pi]
        var checked = 0
        for _ in 0..<200 {
            var factors: [Expr] = []
            if rng.next() % 2 == 0 {
                let p = Int(rng.next() % 7) - 3, q = Int(rng.next() % 3) + 1
                factors.append(.number(Rational(p == 0 ? 5 : p, q)!))
            }
            for base in bases where rng.next() % 3 != 0 {
                let k = Int(rng.next() % 7) - 3
                factors.append(.power(base, .number(Rational(k == 0 ? 2 : k))))
            }
            let m = try Expr.product(factors).canonicalized()
            guard RationalNormalFormBuilder.isAtomMonomial(m) else {
                // Numbers, single symbols and constants take an earlier exit; nothing else may.
                switch m.kind {
                case .number, .symbol, .constant: continue
                case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                    Issue.record("\(m) is not recognised as a monomial")
                    continue
                }
            }
            var builder = RationalNormalFormBuilder(limits: .default)
            #expect(try builder.normalizedArgumentByQuotient(m) == m, "\(m)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test("no shortcut for arguments that are not monomials in symbols and constants", arguments: [
        "a + b", "sqrt(a)*b", "(a + b)^2*c", "exp(a)*b", "f(a)/b", "a^(1/3)",
    ])
    func notMonomial(text: String) throws {
        #expect(!RationalNormalFormBuilder.isAtomMonomial(try Expr(parsing: text).canonicalized()))
    }
}
