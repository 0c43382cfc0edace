import Testing
@testable import Symbolic

/// Closed forms of finite sums with symbolic bounds, their side conditions, and numeric sums.
@Suite("finite sums")
struct SummationTests {
    /// n, m natural; r in (0, 1); s real (sign unknown); q positive (may be 1).
    static let assumptions: Assumptions = {
        var a = Assumptions()
        a.assume("n", is: .natural)
        a.assume("m", is: .natural)
        a.assume("r", is: .probability)
        a.assume("q", is: .positive)
        return a
    }()

    static func closedForm(_ text: String) throws -> Expr? {
        let e = try Expr(parsing: text)
        guard case .bigOperator(let op) = e.kind else { return nil }
        return FiniteSums.closedForm(op, assumptions: assumptions, limits: .default)
    }

    @Test("closed forms agree with the textbook formulas", arguments: [
        ("sum_{i = 1..n}[i]", "n*(n + 1)/2"),
        ("sum_{i = 1..n}[i^2]", "n*(n + 1)*(2*n + 1)/6"),
        ("sum_{i = 1..n}[i^3]", "n^2*(n + 1)^2/4"),
        ("sum_{i = 0..n}[1]", "n + 1"),
        ("sum_{i = 1..n}[2*i - 1]", "n^2"),
        ("sum_{i = m..m + n}[i]", "(n + 1)*(2*m + n)/2"),
        ("sum_{i = 1..n}[x*i + y]", "x*n*(n + 1)/2 + n*y"),
        ("sum_{i = 0..n}[r^i]", "(1 - r^(n + 1))/(1 - r)"),
        ("sum_{i = 1..n}[3*r^(i + 1)]", "3*r^2*(1 - r^n)/(1 - r)"),
        ("sum_{i = 1..n}[i*(i + 1)/(x^2 + 1)]", "n*(n + 1)*(n + 2)/(3*(x^2 + 1))"),
        ("sum_{i = 0..n - 1}[exp(-q*i)]", "(1 - exp(-q)^n)/(1 - exp(-q))"),
    ])
    func closedForms(sum: String, expected: String) throws {
        let found = try #require(try Self.closedForm(sum), "no closed form for \(sum)")
        let difference = try (found - Expr(parsing: expected)).rationalNormalForm()
        #expect(difference.isZero, "\(sum) gave \(found)")
    }

    @Test("a condition that cannot be proved leaves the sum alone", arguments: [
        "sum_{i = 1..s}[i]",          // s is not known to be an integer
        "sum_{i = 1..n - 5}[i]",      // n - 5 >= 0 is not known: the empty-range convention could fail
        "sum_{i = 0..n}[q^i]",        // q may be 1
        "sum_{i = 0..n}[s^i]",        // s may be 1
        "sum_{i = 1..n}[log(i)]",     // not a polynomial or geometric term
        "sum_{i = 1..n}[1/i]",        // harmonic numbers have no closed form here
        "sum_{i = 1..n}[i*r^i]",      // arithmetico-geometric terms are not handled
    ])
    func refused(sum: String) throws {
        #expect(try Self.closedForm(sum) == nil)
    }

    /// Faulhaber's polynomials against direct summation for every degree up to the limit.
    @Test("Faulhaber's polynomial matches direct summation", arguments: [0, 1, 2, 5, 10, 17, FiniteSums.maxDegree])
    func faulhaber(degree: Int) throws {
        let s = try #require(FiniteSums.faulhaber(degree))
        for m in [0, 1, 2, 7, 13] {
            var direct = BigInt(0)
            for i in 0..<m { direct = direct + (try #require(BigInt(i).power(degree))) }
            let value = try s(.integer(m)).evaluateExactly(at: [:])
            #expect(value == Rational(direct), "S_\(degree)(\(m))")
        }
    }

    @Test("numeric sums and products loop over integer bounds", arguments: [
        ("sum_{i = 1..n}[i^2]", 4.0, 30.0),
        ("prod_{i = 1..n}[i]", 5.0, 120.0),
        ("sum_{i = 1..n}[i]", 0.0, 0.0),
        ("prod_{i = 2..n}[i]", 1.0, 1.0),
    ])
    func numeric(sum: String, n: Double, expected: Double) throws {
        let env = Environment([Symbol("n"): n], bigOperatorHandler: FiniteSums.handler(next: nil))
        #expect(try Expr(parsing: sum).evaluate(at: env) == expected)
    }

    @Test("numeric sums refuse non-integer bounds and too many terms")
    func numericRefusals() throws {
        let handler = FiniteSums.handler(next: nil)
        #expect(throws: EvaluationError.self) {
            try Expr(parsing: "sum_{i = 1..n}[i]").evaluate(at: Environment([Symbol("n"): 2.5], bigOperatorHandler: handler))
        }
        #expect(throws: EvaluationError.self) {
            try Expr(parsing: "sum_{i = 1..n}[i]").evaluate(at: Environment([Symbol("n"): 1e9], bigOperatorHandler: handler))
        }
        // A bound far beyond any integer type is a limit error, never a trap.
        #expect(throws: EvaluationError.self) {
            try Expr(parsing: "sum_{i = 1..n}[i]").evaluate(at: Environment([Symbol("n"): 1e300], bigOperatorHandler: handler))
        }
    }

    @Test("abs-product: |x*y| = |x|*|y| without conditions, even powers drop the bars")
    func absProduct() throws {
        let rules = RuleSet.absSign.rules
        let out = try Rewriter(rules: rules, assumptions: Assumptions()).rewrite(try Expr(parsing: "abs(x*y) - abs(x)*abs(y)"))
        #expect(out.expr.isZero)
        #expect(out.assumed.isEmpty)
        let even = try Rewriter(rules: rules, assumptions: Assumptions()).rewrite(try Expr(parsing: "abs(x^2*y) - x^2*abs(y)"))
        #expect(even.expr.isZero)
        let odd = try Rewriter(rules: rules, assumptions: Assumptions()).rewrite(try Expr(parsing: "abs(x^3) - x^3"))
        #expect(!odd.expr.isZero)
    }
}
