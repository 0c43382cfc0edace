// Expr ↔ polynomial / rational function conversion, with SymPy as a differential oracle.
import Testing
@testable import Symbolic

@Suite("Rational expression conversion")
struct RationalConversionTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")

    @Test("(x^2 - 1)/(x - 1) - (x + 1) is zero")
    func zeroRational() throws {
        var v = PolynomialVariables()
        let e = Expr.power(x, 2) - 1
        let r = try RationalFunction(e / (x - 1) - (x + 1), variables: &v)
        #expect(r.isZero)
    }

    @Test("A · adj(A) / det(A) = I for a symbolic 3×3 matrix (nine variables)")
    func inverseIdentity() throws {
        let a = (0..<9).map { Expr.symbol("a\($0)") }
        func m(_ i: Int, _ j: Int) -> Expr { a[3 * i + j] }
        func minor(_ i: Int, _ j: Int) -> Expr {
            let rows = (0..<3).filter { $0 != i }, cols = (0..<3).filter { $0 != j }
            return m(rows[0], cols[0]) * m(rows[1], cols[1]) - m(rows[0], cols[1]) * m(rows[1], cols[0])
        }
        let det = m(0, 0) * minor(0, 0) - m(0, 1) * minor(0, 1) + m(0, 2) * minor(0, 2)
        for i in 0..<3 {
            for j in 0..<3 {
                // (A · A⁻¹)_ij with A⁻¹_kj = (−1)^(j+k) minor(j, k) / det.
                var terms: [Expr] = []
                for k in 0..<3 {
                    let cofactor = (j + k) % 2 == 0 ? minor(j, k) : minor(j, k).negated()
                    terms.append(m(i, k) * (cofactor / det))
                }
                var v = PolynomialVariables()
                let r = try RationalFunction(.sum(terms), variables: &v)
                #expect(r == (i == j ? .one : .zero), "entry \(i),\(j): \(r)")
            }
        }
    }

    @Test("expanded expressions: term order, numbers first, shared variable table")
    func expansion() throws {
        var v = PolynomialVariables()
        let p = try Polynomial(.power(x + y, 2) - 2 * x * y + Expr.integer(-3) * z, variables: &v)
        #expect(v.symbols == ["x", "y", "z"])
        let e = p.expression(variables: v)
        let expected = Expr.sum([.power(x, 2), .power(y, 2), .product([-3, z])])
        #expect(e == expected)
        let q = try Polynomial(.product([-1, x, y]) + 5, variables: &v)
        #expect(q.expression(variables: v) == .sum([.product([-1, x, y]), 5]))
        #expect(Polynomial.zero.expression(variables: v) == .zero)
        #expect(try Polynomial(x * 1, variables: &v).expression(variables: v) == x)
    }

    @Test("rational functions print as numerator · denominator^-1")
    func rationalExpression() throws {
        var v = PolynomialVariables()
        let r = try RationalFunction(x / (2 * y), variables: &v)
        #expect(r.expression(variables: v) == .product([x, .power(.product([2, y]), .minusOne)]))
        // Round trip: converting the printed form gives the same normal form.
        #expect(try RationalFunction(r.expression(variables: v), variables: &v) == r)
    }

    @Test("deep trees convert without recursion; beyond maxDepth they are refused")
    func deepTrees() throws {
        var e = x
        for i in 0..<1_990 { e = i % 2 == 0 ? .sum([x, e]) : .product([e, 1]) }
        var v = PolynomialVariables()
        let r = try RationalFunction(e, variables: &v)
        #expect(r == RationalFunction(Polynomial.constant(996) * Polynomial.variable(0)))
        for _ in 0..<20 { e = .sum([x, e]) }
        #expect(throws: LimitExceeded.self) { try RationalFunction(e, variables: &v) }
    }

    @Test("non-rational input is rejected with a reason")
    func rejects() throws {
        var v = PolynomialVariables()
        #expect(throws: RationalConversionError.self) { try RationalFunction(.call(.sin, x), variables: &v) }
        #expect(throws: RationalConversionError.self) { try RationalFunction(.power(x, y), variables: &v) }
        #expect(throws: RationalConversionError.self) { try RationalFunction(.power(x, .number(Rational(1, 2)!)), variables: &v) }
        #expect(throws: RationalConversionError.self) { try RationalFunction(.power(x - x, -1), variables: &v) }
        #expect(throws: RationalConversionError.self) { try Polynomial(x / y, variables: &v) }
        #expect(throws: RationalConversionError.self) { try Polynomial(x / 2, variables: &v) }
        #expect(throws: LimitExceeded.self) { try RationalFunction(.power(x + 1, 100_000), variables: &v) }
        #expect(throws: LimitExceeded.self) { try RationalFunction(.power(x + 1, .integer(Int.min)), variables: &v) }
        #expect(try Polynomial((.power(x, 2) - 1) / (x - 1), variables: &v) == (try Polynomial(x + 1, variables: &v)))
    }

    // MARK: SymPy differential tests

    static let polynomialConfiguration: RandomExpr.Configuration = {
        var c = RandomExpr.Configuration()
        c.polynomialOnly = true
        c.functions = []
        c.maxDepth = 5
        c.exponents = 0...4
        return c
    }()

    static let rationalConfiguration: RandomExpr.Configuration = {
        var c = RandomExpr.Configuration()
        c.functions = []
        c.maxDepth = 4
        c.exponents = -2...3
        c.rationals = true
        c.division = true
        return c
    }()

    /// Our expansion as SymPy-comparable text: sorted `coefficient:exponents` items.
    static func termList(_ p: Polynomial, _ v: PolynomialVariables, names: [String]) -> String {
        var items: [String] = []
        for t in p.terms {
            let exps = names.map { name -> Int in
                guard let i = v.index(of: Symbol(name)), i < t.exponents.count else { return 0 }
                return t.exponents[i]
            }
            items.append("\(t.coefficient):" + exps.map(String.init).joined(separator: ","))
        }
        return items.sorted().joined(separator: " ")
    }

    @Test("expansion agrees with SymPy on 300 random polynomial expressions", .enabled(if: SymPy.isAvailable))
    func expansionMatchesSymPy() throws {
        let names = ["x", "y", "z"]
        var script = "from sympy import *\nx, y, z = symbols('x y z')\ncases = []\n"
        var ours: [String] = []
        for seed in 0..<300 {
            var generator = RandomExpr(seed: UInt64(10_000 + seed), configuration: Self.polynomialConfiguration)
            let e = generator.make()
            var v = PolynomialVariables()
            let p = try Polynomial(e, variables: &v)
            ours.append(Self.termList(p, v, names: names))
            script += "cases.append(\(try SymPy.source(e)))\n"
        }
        script += """
        for e in cases:
            p = Poly(expand(e.doit()), x, y, z)
            items = sorted('%d:%s' % (c, ','.join(str(k) for k in m)) for m, c in p.terms() if c != 0)
            print(' '.join(items))
        """
        let lines = try SymPy.run(script).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in ours.enumerated() {
            #expect(i < lines.count && lines[i] == line, "seed \(10_000 + i)")
        }
    }

    @Test("cancellation agrees with SymPy on 150 random rational expressions", .enabled(if: SymPy.isAvailable))
    func cancellationMatchesSymPy() throws {
        var script = "from sympy import *\nx, y, z = symbols('x y z')\ncases = []\n"
        var compared = 0
        for seed in 0..<150 {
            var generator = RandomExpr(seed: UInt64(20_000 + seed), configuration: Self.rationalConfiguration)
            let e = generator.make()
            var v = PolynomialVariables(["x", "y", "z"])
            let r: RationalFunction
            do {
                r = try RationalFunction(e, variables: &v)
            } catch RationalConversionError.divisionByZero {
                continue
            }
            let n = try SymPy.source(r.numerator.expression(variables: v))
            let d = try SymPy.source(r.denominator.expression(variables: v))
            script += "cases.append((\(seed), \(try SymPy.source(e)), \(n), \(d)))\n"
            compared += 1
        }
        #expect(compared >= 100)
        // Equal as functions, and our fraction is in lowest terms: its denominator is a
        // constant multiple of SymPy's reduced denominator.
        script += """
        for seed, e, n, d in cases:
            sn, sd = fraction(cancel(together(e.doit())))
            same = expand(n * sd - d * sn) == 0
            lowest = cancel(d / sd).is_number
            print(seed, 'ok' if same and lowest else 'MISMATCH %s / %s vs %s / %s' % (n, d, sn, sd))
        """
        let lines = try SymPy.run(script).split(separator: "\n").map(String.init)
        #expect(lines.count == compared)
        for line in lines { #expect(line.hasSuffix(" ok"), "\(line)") }
    }
}
