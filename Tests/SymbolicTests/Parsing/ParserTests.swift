// The parser builds exactly the documented tree for every construct.
import Testing
@testable import Symbolic

// Shorthands for expected trees (file-private: other suites have their own).
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
private func range(_ lower: Expr, _ upper: Expr) -> Expr { Expr(.range(lower, upper)) }

@Suite("Parser: trees")
struct ParserTests {
    @Test("sums, differences and unary minus", arguments: [
        ("x + y", Expr.sum([x, y])),
        ("x - y", .sum([x, .product([-1, y])])),
        ("a - b + c", .sum([a, .product([-1, b]), c])),
        ("x - 2*y", .sum([x, .product([-2, y])])),
        ("-x*y", .product([-1, x, y])),
        ("-3", -3),
        ("-2*x", .product([-2, x])),
        ("-x", .product([-1, x])),
        ("-x^2", .product([-1, .power(x, 2)])),
        ("- -x", .product([1, x])),
        ("x - -1", .sum([x, 1])),
        ("-(a + b)", .product([-1, .sum([a, b])])),
        ("-(a*b)", .product([-1, a, b])),
        ("(a + b) + c", .sum([.sum([a, b]), c])),
        ("a + (b + c)", .sum([a, .sum([b, c])])),
        ("-1/2", q(-1, 2)),
        ("x - 1/2", .sum([x, q(-1, 2)])),
    ])
    func sums(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("products, quotients and the INT/INT fold", arguments: [
        ("a*b*c", Expr.product([a, b, c])),
        ("a/b", .product([a, .power(b, -1)])),
        ("a/b/c", .product([a, .power(b, -1), .power(c, -1)])),
        ("(a*b)*c", .product([.product([a, b]), c])),
        ("1/2", q(1, 2)),
        ("6/4", q(3, 2)),
        ("(1)/2", .product([1, .power(2, -1)])),
        ("1/(2)", .product([1, .power(2, -1)])),
        ("1/2/3", .product([q(1, 2), .power(3, -1)])),
        ("x*1/2", .product([x, q(1, 2)])),
        ("x/2/3", .product([x, .power(2, -1), .power(3, -1)])),
        ("1/2^3", .product([1, .power(.power(2, 3), -1)])),
        ("2^3/4", .product([.power(2, 3), .power(4, -1)])),
        ("2/0", .product([2, .power(0, -1)])),
        ("1/2*x", .product([q(1, 2), x])),
        ("x*2*3^-1", .product([x, 2, .power(3, -1)])),
        ("0.5/2", .product([q(1, 2), .power(2, -1)])),
        ("1/x", .product([1, .power(x, -1)])),
    ])
    func products(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("number literals are exact", arguments: [
        ("0", Expr(0)), ("42", 42), ("0.5", q(1, 2)), ("1.25", q(5, 4)), ("1e-3", q(1, 1000)),
        ("2.5E2", 250), ("1e+2", 100), ("007", 7), ("0.10", q(1, 10)),
        ("123456789012345678901234567890", .number(Rational(BigInt("123456789012345678901234567890")!))),
    ])
    func numbers(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("powers are right-associative and take a signed exponent", arguments: [
        ("x^2", Expr.power(x, 2)),
        ("x^-2", .power(x, -2)),
        ("x^-y", .power(x, .product([-1, y]))),
        ("x^-y^2", .power(x, .product([-1, .power(y, 2)]))),
        ("a^b^c", .power(a, .power(b, c))),
        ("(a^b)^c", .power(.power(a, b), c)),
        ("x^-2*y", .product([.power(x, -2), y])),
        ("2^-1", .power(2, -1)),
        ("-2^2", .product([-1, .power(2, 2)])),
        ("(-2)^2", .power(-2, 2)),
        ("x^(1/2)", .power(x, q(1, 2))),
        ("x^(a + b)", .power(x, .sum([a, b]))),
        ("x[1]^2", .power(Expr(.subscripted(x, [1])), 2)),
    ])
    func powers(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("names, constants and calls", arguments: [
        ("pi", Expr.pi),
        ("inf", Expr(.constant(.infinity))),
        ("2*pi", .product([2, .pi])),
        ("x_1", .symbol("x_1")),
        ("beta2", .symbol("beta2")),
        ("x'", .symbol("x'")),
        ("x__y", .symbol("x__y")),
        ("log(x)", .call(.log, x)),
        ("ln(x)", .call(.log, x)),
        ("log (x)", .call(.log, x)),
        ("max(a, b, c)", Expr(.call(.builtin(.max), [a, b, c]))),
        ("sigmoid(x)^2", .power(.call(.sigmoid, x), 2)),
        ("f(x)", fn("f", x)),
        ("g(x, y)", fn("g", x, y)),
        ("p(z | x)", fn("p", z, x, bar: 1)),
        ("p(z|x)", fn("p", z, x, bar: 1)),
        ("p(x, y | z)", fn("p", x, y, z, bar: 2)),
        ("p(z | x, y)", fn("p", z, x, y, bar: 1)),
        ("pi(a | x)", fn("pi", a, x, bar: 1)),
        ("f'(u)", fn("f", u, orders: [1])),
        ("f''(u)", fn("f", u, orders: [2])),
        ("f'[1, 0](u, v)", fn("f", u, .symbol("v"), orders: [1, 0])),
        ("f'[4](u)", fn("f", u, orders: [4])),
        ("p'[0, 1](z | x)", fn("p", z, x, bar: 1, orders: [0, 1])),
        ("x'[1, 0]", Expr(.subscripted(.symbol("x'"), [1, 0]))),
        ("diff(x^2, x)", Expr(.derivative(of: .power(x, 2), variable: "x", order: 1))),
        ("diff(sin(x), x, 2)", Expr(.derivative(of: .call(.sin, x), variable: "x", order: 2))),
        ("diff(x, x, 1)", Expr(.derivative(of: x, variable: "x", order: 1))),
        ("|x|", .call(.abs, x)),
        ("|x - y|^2", .power(.call(.abs, .sum([x, .product([-1, y])])), 2)),
        ("||x||", .call(.abs, .call(.abs, x))),
        ("p(|z| | x)", fn("p", .call(.abs, z), x, bar: 1)),
        ("|f(x | y)|", .call(.abs, fn("f", x, y, bar: 1))),
    ])
    func calls(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("lists, subscripts and ranges", arguments: [
        ("[a, b, c]", Expr(.list([a, b, c]))),
        ("[[1, 2], [3, 4]]", Expr(.list([Expr(.list([1, 2])), Expr(.list([3, 4]))]))),
        ("B[i, j]", Expr(.subscripted(.symbol("B"), [.symbol("i"), .symbol("j")]))),
        ("[1/10, 3/5][x]", Expr(.subscripted(Expr(.list([q(1, 10), q(3, 5)])), [x]))),
        ("B[i][j]", Expr(.subscripted(Expr(.subscripted(.symbol("B"), [.symbol("i")])), [.symbol("j")]))),
        ("f(x)[1]", Expr(.subscripted(fn("f", x), [1]))),
        ("subsets(1..4, 2)", fn("subsets", range(1, 4), 2)),
        ("f(1..n + 1)", fn("f", range(1, .sum([n, 1])))),
    ])
    func collections(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("big operators and their bindings", arguments: [
        ("E_{x ~ p}[log(x)]", big("E", [bind(x, .distributedAs, .symbol("p"))], .call(.log, x))),
        ("E_{x ~ p, z ~ q(z|x)}[f(x, z)]",
         big("E", [bind(x, .distributedAs, .symbol("p")), bind(z, .distributedAs, fn("q", z, x, bar: 1))], fn("f", x, z))),
        ("integral_{x}[f(x)]", big("integral", [bind(x)], fn("f", x))),
        ("sum_{i = 1..n}[i^2]", big("sum", [bind(.symbol("i"), .equals, range(1, n))], .power(.symbol("i"), 2))),
        ("sum_{S in subsets(1..4, 2)}[f(S)]",
         big("sum", [bind(.symbol("S"), .member, fn("subsets", range(1, 4), 2))], fn("f", .symbol("S")))),
        ("sup_{u > 0}[g(u)]", big("sup", [bind(u, .greater, 0)], fn("g", u))),
        ("max_{t <= 1}[t]", big("max", [bind(.symbol("t"), .lessEqual, 1)], .symbol("t"))),
        ("min_{t >= -1}[t]", big("min", [bind(.symbol("t"), .greaterEqual, -1)], .symbol("t"))),
        ("max_{t < 1, t != 0}[t]",
         big("max", [bind(.symbol("t"), .less, 1), bind(.symbol("t"), .notEqual, 0)], .symbol("t"))),
        ("lim_{h -> 0}[h]", big("lim", [bind(.symbol("h"), .tendsTo, 0)], .symbol("h"))),
        ("lim_{h -> inf}[1/h]",
         big("lim", [bind(.symbol("h"), .tendsTo, Expr(.constant(.infinity)))], .product([1, .power(.symbol("h"), -1)]))),
        ("series_{h -> 0, order 2}[exp(h)]",
         big("series", [bind(.symbol("h"), .tendsTo, 0), bind(.symbol("order"), .option, 2)], .call(.exp, .symbol("h")))),
        ("argmax_{t}[g(t)]", big("argmax", [bind(.symbol("t"))], fn("g", .symbol("t")))),
        ("sum_{order}[1]", big("sum", [bind(.symbol("order"))], 1)),
        ("E_{x ~ p}[x]^2", .power(big("E", [bind(x, .distributedAs, .symbol("p"))], x), 2)),
        ("2*E_{x ~ p}[x] - 1", .sum([.product([2, big("E", [bind(x, .distributedAs, .symbol("p"))], x)]), -1])),
    ])
    func bigOperators(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("line breaks and comments are whitespace in a whole text", arguments: [
        ("x +\n y", Expr.sum([x, y])),
        ("f(\n  x,\n  y\n)", fn("f", x, y)),
        ("E_{x ~ p}[\n  log(x)   # the log\n  + 1\n]",
         big("E", [bind(x, .distributedAs, .symbol("p"))], .sum([.call(.log, x), 1]))),
        ("x # trailing comment", x),
        ("\t x \r\n", x),
    ])
    func whitespace(input: String, expected: Expr) throws {
        #expect(try Expr(parsing: input) == expected)
    }

    @Test("names are reported with their ranges")
    func nameOccurrences() throws {
        let text = "E_{x ~ p}[f'(x) + log(y)]"
        let parsed = try ExprParser(text: text).parse()
        let parser = ExprParser(text: text)
        let seen = parsed.names.map { "\($0.role.rawValue):\($0.name)@\(parser.text(of: $0.range))" }
        #expect(seen == ["bigOperator:E@E", "symbol:x@x", "symbol:p@p", "function:f@f", "symbol:x@x", "symbol:y@y"])
    }
}
