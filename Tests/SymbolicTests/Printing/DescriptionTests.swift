// The plain-text printer: readable, minimal parentheses, and it always re-parses to the
// same tree.
import Testing
@testable import Symbolic

private let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z"), u = Expr.symbol("u")
private let a = Expr.symbol("a"), b = Expr.symbol("b"), c = Expr.symbol("c"), n = Expr.symbol("n")
private func q(_ numerator: Int, _ denominator: Int) -> Expr { .number(Rational(numerator, denominator)!) }
private func fn(_ name: String, _ arguments: Expr..., bar: Int? = nil, orders: [Int] = []) -> Expr {
    Expr(.call(.opaque(OpaqueFunction(name: name, conditioningIndex: bar, derivativeOrders: orders)), arguments))
}
private func big(_ name: String, _ bindings: [Binding], _ body: Expr) -> Expr {
    Expr(.bigOperator(BigOperator(name: name, bindings: bindings, body: body)))
}
private func bind(_ subject: Expr, _ relation: Binding.Relation = .bare, _ value: Expr? = nil) -> Binding {
    Binding(subject: subject, relation: relation, value: value)
}

@Suite("Printer: text")
struct DescriptionTests {
    @Test("prints readably with minimal parentheses", arguments: [
        (Expr.sum([x, .product([-2, y])]), "x - 2*y"),
        (x - y, "x - y"),
        (.product([a, .power(b, -1)]), "a/b"),
        (.power(x, -2), "x^-2"),
        (.product([-1, x, y]), "-x*y"),
        (fn("p", z, x, bar: 1), "p(z | x)"),
        (big("E", [bind(x, .distributedAs, .symbol("p"))], .call(.log, x)), "E_{x ~ p}[log(x)]"),
        (.product([x, 2, .power(3, -1)]), "x*2*3^-1"),
        (.product([-1, 2, x]), "-1*2*x"),
        (.product([.power(b, -1), x]), "b^-1*x"),
        (.product([x, -2]), "x*(-2)"),
        (.product([x, q(1, 2)]), "x*(1/2)"),
        (.product([q(1, 2), x]), "1/2*x"),
        (.product([q(-1, 2), x]), "-1/2*x"),
        (.product([2, .power(x, -1)]), "2/x"),
        (.product([q(1, 2), .power(3, -1)]), "1/2/3"),
        (.power(q(1, 2), 2), "(1/2)^2"),
        (.power(-2, 2), "(-2)^2"),
        (.power(x, q(1, 2)), "x^(1/2)"),
        (.power(x, q(-1, 2)), "x^(-1/2)"),
        (.power(x, .product([-1, y])), "x^-y"),
        (.power(x, .product([-2, y])), "x^(-2*y)"),
        (.power(.power(a, b), c), "(a^b)^c"),
        (.power(a, .power(b, c)), "a^b^c"),
        (.product([x, .power(.power(y, 2), -1)]), "x/y^2"),
        (.product([x, .power(.sum([a, b]), -1)]), "x/(a + b)"),
        (.product([.product([a, b]), c]), "(a*b)*c"),
        (.sum([a, .sum([b, c])]), "a + (b + c)"),
        (.sum([.sum([a, b]), c]), "(a + b) + c"),
        (.sum([a, .product([-1, .sum([b, c])])]), "a - (b + c)"),
        (.product([-1, .product([a, b])]), "-1*(a*b)"),
        (.product([-1, 2]), "-1*2"),
        (.sum([x, q(-1, 2)]), "x - 1/2"),
        (.sum([-3, x]), "-3 + x"),
        (-3, "-3"),
        (q(-7, 3), "-7/3"),
        (.product([-1, .power(x, 2)]), "-x^2"),
        (.power(.product([-1, x]), 2), "(-x)^2"),
        (.call(.sin, .product([-1, x])), "sin(-x)"),
        (.call(.abs, .sum([x, -1])), "abs(x - 1)"),
        (Expr(.call(.builtin(.max), [a, b, c])), "max(a, b, c)"),
        (fn("f", u, orders: [1]), "f'(u)"),
        (fn("f", u, orders: [2]), "f''(u)"),
        (fn("f", u, orders: [4]), "f'[4](u)"),
        (fn("f", u, orders: [0]), "f'[0](u)"),
        (fn("f", u, .symbol("v"), orders: [1, 0]), "f'[1, 0](u, v)"),
        (fn("p", x, y, z, bar: 2), "p(x, y | z)"),
        (Expr(.derivative(of: .power(x, 2), variable: "x", order: 1)), "diff(x^2, x)"),
        (Expr(.derivative(of: .call(.sin, x), variable: "x", order: 2)), "diff(sin(x), x, 2)"),
        (Expr(.subscripted(Expr(.list([q(1, 10), q(3, 5)])), [x])), "[1/10, 3/5][x]"),
        (Expr(.subscripted(.symbol("B"), [.symbol("i"), .symbol("j")])), "B[i, j]"),
        (Expr(.subscripted(.sum([a, b]), [1])), "(a + b)[1]"),
        (Expr(.list([Expr(.list([1, 2])), Expr(.list([3, 4]))])), "[[1, 2], [3, 4]]"),
        (big("sum", [bind(.symbol("i"), .equals, Expr(.range(1, n)))], .power(.symbol("i"), 2)), "sum_{i = 1..n}[i^2]"),
        (big("series", [bind(.symbol("h"), .tendsTo, 0), bind(.symbol("order"), .option, 2)], .call(.exp, .symbol("h"))),
         "series_{h -> 0, order 2}[exp(h)]"),
        (big("max", [bind(.symbol("order"), .option, -1)], x), "max_{order (-1)}[x]"),
        (big("sum", [bind(.symbol("S"), .member, fn("subsets", Expr(.range(1, 4)), 2))], fn("f", .symbol("S"))),
         "sum_{S in subsets(1..4, 2)}[f(S)]"),
        (big("lim", [bind(.symbol("h"), .tendsTo, Expr(.constant(.infinity)))], .symbol("h")), "lim_{h -> inf}[h]"),
        (big("E", [bind(x, .distributedAs, .symbol("p")), bind(z, .distributedAs, fn("q", z, x, bar: 1))], z),
         "E_{x ~ p, z ~ q(z | x)}[z]"),
        (.power(big("E", [bind(x)], x), 2), "E_{x}[x]^2"),
        (.product([2, .pi]), "2*pi"),
    ])
    func text(expr: Expr, expected: String) throws {
        #expect(expr.description == expected)
        #expect(try Expr(parsing: expected) == expr)
    }

    @Test("round trip over RandomExpr trees (default configuration)", arguments: 0..<2000)
    func roundTripDefault(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed))
        let e = generator.make()
        let text = e.description
        #expect(try Expr(parsing: text) == e, "\(text)")
    }

    @Test("round trip over RandomExpr trees (symbolic exponents, opaque functions, deeper)", arguments: 0..<1000)
    func roundTripWide(seed: Int) throws {
        var configuration = RandomExpr.Configuration()
        configuration.maxDepth = 6
        configuration.maxInteger = 12
        configuration.symbolicExponents = true
        configuration.opaqueFunctions = ["f", "g"]
        configuration.functions = Builtin.allCases
        configuration.exponents = -3...3
        var generator = RandomExpr(seed: UInt64(seed), configuration: configuration)
        let e = generator.make()
        let text = e.description
        #expect(try Expr(parsing: text) == e, "\(text)")
    }

    @Test("round trip over awkward trees with every construct", arguments: 0..<3000)
    func roundTripAwkward(seed: Int) throws {
        var generator = AwkwardExpr(seed: UInt64(seed))
        let e = generator.make(depth: 5)
        let text = e.description
        #expect(try Expr(parsing: text) == e, "\(text)")
        // Printing is a function of the tree: a reparsed tree prints identically.
        #expect(try Expr(parsing: text).description == text)
    }

    @Test("a long flat sum prints and re-parses")
    func longSum() throws {
        let e = Expr.sum((0..<10_000).map { i in i % 2 == 0 ? Expr.symbol("x_\(i)") : .product([-1, .symbol("y")]) })
        #expect(try Expr(parsing: e.description) == e)
    }
}

@Suite("Printer: deep trees")
struct DeepPrintTests {
    @Test("trees as deep as the parser accepts print, re-parse and render", arguments: ParserLimitTests.shapes)
    func parsedShapes(shape: String) throws {
        let e = try Expr(parsing: ParserLimitTests.nested(shape, Limits.default.maxDepth - 1))
        #expect(try Expr(parsing: e.description) == e)
        #expect(!e.latex().isEmpty)
    }

    /// `Limits.maxDepth` levels of one construct around `x`, built directly.
    static func built(_ shape: String, _ levels: Int) -> Expr {
        var e = Expr.symbol("x")
        for _ in 0..<levels {
            switch shape {
            case "abs": e = .call(.abs, e)
            case "opaque call": e = .apply("f", [e])
            case "exponent": e = .power(.symbol("y"), e)
            case "base": e = .power(e, .symbol("y"))
            case "sum": e = .sum([e, 1])
            case "product": e = .product([.symbol("y"), e])
            case "negated sum": e = .product([-1, .sum([e, 1])])
            case "reciprocal": e = .product([1, .power(e, -1)])
            case "big operator":
                e = Expr(.bigOperator(BigOperator(name: "E", bindings: [Binding(subject: .symbol("x"), relation: .distributedAs, value: .symbol("p"))], body: e)))
            case "derivative": e = Expr(.derivative(of: e, variable: "x", order: 1))
            case "subscript": e = Expr(.subscripted(e, [1]))
            default: e = Expr(.list([e]))
            }
        }
        return e
    }

    @Test("deep built trees print in both syntaxes", arguments: [
        "abs", "opaque call", "exponent", "base", "sum", "product", "negated sum", "reciprocal", "big operator",
        "derivative", "subscript", "list",
    ])
    func builtShapes(shape: String) {
        let e = Self.built(shape, Limits.default.maxDepth)
        #expect(e.height > Limits.default.maxDepth)
        #expect(!e.description.isEmpty)
        #expect(!e.latex().isEmpty)
    }
}
