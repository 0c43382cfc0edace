// Hostile input gets a located error, never a crash: nesting depth and literal length.
import Testing
@testable import Symbolic

@Suite("Parser: limits")
struct ParserLimitTests {
    /// Each shape nests `levels` times around `x`.
    static func nested(_ shape: String, _ levels: Int) -> String {
        switch shape {
        case "parentheses": return String(repeating: "(", count: levels) + "x" + String(repeating: ")", count: levels)
        case "lists": return String(repeating: "[", count: levels) + "x" + String(repeating: "]", count: levels)
        case "calls": return String(repeating: "f(", count: levels) + "x" + String(repeating: ")", count: levels)
        case "abs": return String(repeating: "|", count: levels) + "x" + String(repeating: "|", count: levels)
        case "powers": return Array(repeating: "x", count: levels + 1).joined(separator: "^")
        case "diff": return String(repeating: "diff(", count: levels) + "x" + String(repeating: ", x)", count: levels)
        case "subscripts": return "x" + String(repeating: "[1]", count: levels)
        case "mixed": return String(repeating: "-f(|[(E_{x ~ p}[", count: levels / 5) + "x" + String(repeating: "])]|)", count: levels / 5)
        case "big operators":
            return String(repeating: "E_{x ~ p}[", count: levels) + "x" + String(repeating: "]", count: levels)
        default: return ""
        }
    }

    /// Shapes whose every level costs one unit of depth (`mixed` costs five per repetition).
    static let shapes = ["parentheses", "lists", "calls", "abs", "powers", "diff", "subscripts", "mixed", "big operators"]

    @Test("10^4 levels of nesting give a located error", arguments: shapes)
    func tooDeep(shape: String) {
        let text = Self.nested(shape, 10_000)
        #expect(throws: ParseError.self) { try Expr(parsing: text) }
        do {
            _ = try Expr(parsing: text)
        } catch {
            #expect(error.id == .nestingTooDeep)
            // The error points into the nested prefix, at the first level beyond the limit.
            #expect(error.range.lowerBound > 0 && error.range.lowerBound < text.utf8.count / 2 + 10)
        }
    }

    @Test("nesting just under the depth limit parses", arguments: shapes)
    func deepButAllowed(shape: String) throws {
        // Each level of these shapes costs at most one unit of depth.
        let levels = Limits.default.maxDepth - 1
        let text = Self.nested(shape, levels)
        let e = try Expr(parsing: text)
        #expect(e.height >= 1)
    }

    @Test("the depth limit follows Limits.maxDepth")
    func configurableDepth() throws {
        var limits = Limits()
        limits.maxDepth = 10
        #expect(throws: ParseError.self) { try Expr(parsing: Self.nested("parentheses", 11), limits: limits) }
        _ = try Expr(parsing: Self.nested("parentheses", 10), limits: limits)
    }

    @Test("chains of unary minus are loops, not nesting", arguments: [
        ("-", Expr.product([-1, .symbol("x")])), ("x^-", .power(.symbol("x"), .product([-1, .symbol("y")]))),
    ])
    func minusChains(prefix: String, expected: Expr) throws {
        // An odd number of signs: the same tree as a single one.
        let text = prefix + String(repeating: "-", count: 99_998) + (prefix == "-" ? "x" : "y")
        #expect(try Expr(parsing: text) == expected)
    }

    @Test("a 10^5-digit literal is accepted exactly")
    func longLiteral() throws {
        let digits = "7" + String(repeating: "3", count: 99_999)
        let e = try Expr(parsing: digits)
        #expect(e.numberValue?.numerator.description == digits)
    }

    @Test("a 10^7-digit literal is rejected with a located error", arguments: ["1", "0."])
    func tooLongLiteral(prefix: String) {
        let digits = prefix + String(repeating: "9", count: 10_000_000)
        let text = "x + " + digits
        do {
            _ = try Expr(parsing: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.id == .numberLiteralTooLong)
            #expect(error.range == SourceRange(4, text.utf8.count))
        }
    }

    @Test("a huge decimal exponent is rejected, a moderate one is exact")
    func exponents() throws {
        #expect(try Expr(parsing: "1e50") == .number(Rational(BigInt(10).power(50)!)))
        #expect(try Expr(parsing: "1e-50") == .number(Rational(numerator: 1, denominator: BigInt(10).power(50)!)!))
        for text in ["1e999999999999999999999", "1e-200000", "2.5e100000"] {
            #expect(throws: ParseError.self) { try Expr(parsing: text) }
        }
    }

    @Test("derivative orders are bounded by Limits.maxOrder", arguments: [
        "diff(x, x, 65)", "f'[65](x)", "f" + String(repeating: "'", count: 65) + "(x)", "f'[99999999999999999999999](x)",
    ])
    func derivativeOrders(text: String) {
        #expect(throws: ParseError.self) { try Expr(parsing: text) }
    }

    @Test("a long flat sum and product parse without recursion")
    func longFlat() throws {
        let sum = Array(repeating: "x", count: 100_000).joined(separator: " + ")
        guard case .sum(let terms) = try Expr(parsing: sum).kind else {
            Issue.record("expected a sum")
            return
        }
        #expect(terms.count == 100_000)
        let product = Array(repeating: "x", count: 100_000).joined(separator: "*")
        guard case .product(let factors) = try Expr(parsing: product).kind else {
            Issue.record("expected a product")
            return
        }
        #expect(factors.count == 100_000)
    }
}
