import Testing
@testable import Symbolic

@Suite("equivalence checker")
struct EquivalenceCheckerTests {
    static func checker(_ positives: [String] = [], seed: UInt64 = 1) -> EquivalenceChecker {
        var a = Assumptions()
        for p in positives { a.assume(Symbol(p), is: .positive) }
        var c = EquivalenceChecker(assumptions: a)
        c.seed = seed
        return c
    }

    static func decide(_ text: String, positives: [String] = [], seed: UInt64 = 1) throws -> EquivalenceResult {
        let relations: [(String, Relation)] = [("<=", .lessEqual), (">=", .greaterEqual), ("!=", .notEqual),
                                                ("<", .less), (">", .greater), ("=", .equal)]
        for (spelling, relation) in relations {
            if let r = text.range(of: " \(spelling) ") {
                let lhs = try Expr(parsing: String(text[..<r.lowerBound]))
                let rhs = try Expr(parsing: String(text[r.upperBound...]))
                return checker(positives, seed: seed).decide(lhs, relation, rhs)
            }
        }
        throw CancellationError()
    }

    @Test("identities are proved and say how", arguments: [
        ("x*(x + 1) = x^2 + x", [String](), "rational normal form"),
        ("2*(x + y) = 2*y + x + x", [], "canonical form"),
        ("(x^2 - 1)/(x - 1) = x + 1", [], "rational normal form"),
        ("log(a/b) = log(a) - log(b)", ["a", "b"], "rules"),
        ("cos(3*x) = 4*cos(x)^3 - 3*cos(x)", [], "rules"),
        ("sigmoid(x) + sigmoid(-x) = 1", [], "rules"),
        ("exp(x + y) = exp(x)*exp(y)", [], "rational normal form"),
        ("sqrt(x^2) = x", ["x"], "rules"),
        ("f(x)*f(x) = f(x)^2", [], "canonical form"),
    ])
    func proved(text: String, positives: [String], method: String) throws {
        let r = try Self.decide(text, positives: positives)
        #expect(r.verdict == .proved, "\(text): \(r.notes) \(r.counterexample?.assignmentText ?? "")")
        #expect(r.method == method)
        #expect(r.inconsistency == nil)
    }

    @Test("wrong steps are refuted with a counterexample", arguments: [
        "x*(x + 1) = x^2 + 2*x",
        "(x + y)^2 = x^2 + y^2",
        "log(x*y) = log(x) + log(y)",
        "sin(2*x) = 2*sin(x)",
        "f(x + y) = f(x) + f(y)",
        "exp(x)*exp(y) = exp(x*y)",
        "sqrt(x^2) = x",
        "x/(x + 1) = 1 - 1/x",
    ])
    func refuted(text: String) throws {
        let r = try Self.decide(text)
        #expect(r.verdict == .refuted, "\(text): \(r.verdict) \(r.notes)")
        #expect(r.counterexample != nil)
    }

    @Test("a rational non-identity is refuted exactly")
    func exactRefutation() throws {
        let r = try Self.decide("x/(x + 1) = 1 - 1/(x + 1) + 1/10^12")
        #expect(r.verdict == .refuted)
        #expect(r.counterexample?.isExact == true)
    }

    @Test("a missing positivity assumption is caught where the right side is undefined")
    func missingAssumption() throws {
        let r = try Self.decide("log(x^2) = 2*log(x)")
        #expect(r.verdict == .refuted)
        #expect(r.counterexample?.rhs.contains("undefined") == true)
        let ok = try Self.decide("log(x^2) = 2*log(x)", positives: ["x"])
        #expect(ok.verdict == .proved)
    }

    @Test("inequalities: proved by sign, numeric with a margin, refuted at the worst point", arguments: [
        ("x^2 + 1 > 0", [String](), EquivalenceVerdict.proved),
        ("exp(x) >= 1 + x", [], .numeric),
        ("log(x) <= x - 1", ["x"], .numeric),
        ("x^2 - 2*x + 1 >= 0", [], .proved),
        ("x^2 - 2*x + 1 > 0", [], .refuted),
        ("sin(x) <= x", [], .refuted),
        ("sin(x) <= x", ["x"], .numeric),
        ("x + 1/x >= 2", ["x"], .proved),
        ("a*b <= (a^2 + b^2)/2", [], .proved),
    ])
    func inequalities(text: String, positives: [String], expected: EquivalenceVerdict) throws {
        let r = try Self.decide(text, positives: positives)
        #expect(r.verdict == expected, "\(text): \(r.verdict) margin \(String(describing: r.margin)) \(r.counterexample?.assignmentText ?? "") \(r.notes)")
    }

    @Test("an unsound rule that proves a false step is reported as an inconsistency")
    func unsoundRule() throws {
        let bogus = try RewriteRule("bogus-log-sum", .call(.log, .hole("a") + .hole("b")),
                                    .call(.log, .hole("a")) + .call(.log, .hole("b")))
        var c = Self.checker(["x", "y"])
        c.citedRules = [bogus]
        let r = c.decide(try Expr(parsing: "log(x + y)"), .equal, try Expr(parsing: "log(x) + log(y)"))
        #expect(r.inconsistency?.contains("bogus-log-sum") == true)
        #expect(r.verdict != .proved)
    }

    @Test("the same seed gives the same evidence; another seed other points", arguments: [1, 2, 3] as [UInt64])
    func deterministic(seed: UInt64) throws {
        let a = try Self.decide("exp(x) >= 1 + x", seed: seed)
        let b = try Self.decide("exp(x) >= 1 + x", seed: seed)
        #expect(a.margin?.value == b.margin?.value)
        #expect(a.margin?.at == b.margin?.at)
    }
}
