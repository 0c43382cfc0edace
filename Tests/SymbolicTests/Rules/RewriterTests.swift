import Testing
@testable import Symbolic

private let x = Expr.symbol("x"), y = Expr.symbol("y"), u = Expr.symbol("u")

@Suite("rewrite rules")
struct RewriterTests {
    private func positive(_ names: String...) -> Assumptions {
        var a = Assumptions()
        for n in names { a.assume(Symbol(n), is: .positive) }
        return a
    }

    @Test("log-product fires only when both factors are provably positive")
    func guardedLogProduct() throws {
        let e = Expr.call(.log, x * y)
        let rules = RuleSet.expLog.rules
        let fired = try Rewriter(rules: rules, assumptions: positive("x", "y")).rewrite(e)
        #expect(fired.expr == (try Canonical(.call(.log, x) + .call(.log, y)).expr))
        #expect(fired.applied == ["log-product"])

        let blocked = try Rewriter(rules: rules, assumptions: positive("x")).rewrite(e)
        #expect(blocked.expr == (try Canonical(e).expr))
        #expect(blocked.applied.isEmpty)
        #expect(blocked.blocked.map(\.rule) == ["log-product"])
        #expect(blocked.blocked.first?.condition.subject == y)

        let assumed = try Rewriter(rules: rules, assumptions: positive("x"), assumingUndischarged: true).rewrite(e)
        #expect(assumed.applied == ["log-product"])
        #expect(assumed.assumed.map(\.condition.subject) == [y])
    }

    @Test("a disproved condition never fires, even when assuming")
    func disproved() throws {
        var a = Assumptions()
        a.assume("x", is: .negative)
        a.assume("y", is: .negative)
        let logProduct = RuleSet.expLog.rules.filter { $0.name == "log-product" }
        let out = try Rewriter(rules: logProduct, assumptions: a, assumingUndischarged: true)
            .rewrite(.call(.log, x * y))
        #expect(out.applied.isEmpty)
        #expect(out.blocked.first?.truth == .disproved)
    }

    @Test("log-expand splits a positive product of negative factors by their signs")
    func logExpandSigns() throws {
        var a = Assumptions()
        a.assume("x", is: .negative)
        a.assume("y", is: .negative)
        let out = try Rewriter(rules: RuleSet.expLog.rules, assumptions: a).rewrite(.call(.log, x * y))
        #expect(out.applied == ["log-expand"])
        #expect(out.expr == (try Canonical(.call(.log, x.negated()) + .call(.log, y.negated())).expr))
        // An odd number of negative factors has no real log: nothing fires.
        let odd = try Rewriter(rules: RuleSet.expLog.rules, assumptions: a).rewrite(.call(.log, x * y * y))
        #expect(!odd.applied.contains("log-expand"))
    }

    @Test("pythagorean identity inside a longer sum")
    func pythagorean() throws {
        let e = Expr.power(.call(.sin, u), 2) + y + .power(.call(.cos, u), 2)
        let out = try Rewriter(rules: RuleSet.trigonometric.rules).rewrite(e)
        #expect(out.expr == (try Canonical(y + 1).expr))
    }

    @Test("multiple angles expand to angle sums")
    func multipleAngle() throws {
        let out = try Rewriter(rules: RuleSet.trigonometric.rules).rewrite(.call(.cos, 3 * x))
        #expect(out.applied.contains("multiple-angle"))
        #expect(!out.expr.containsSubexpression { e in
            if case .call(.builtin(.cos), let a) = e.kind, a[0] != x { return true }
            return false
        })
    }

    @Test("every built-in rule is well formed and has a unique kebab-case name")
    func ruleTable() {
        let names = RuleSet.allRules.map(\.name)
        #expect(Set(names).count == names.count)
        for n in names {
            #expect(n.allSatisfy { $0.isLowercase || $0 == "-" }, "\(n)")
        }
    }

    @Test("the step limit stops a ping-pong and says so")
    func stepLimit() throws {
        var limits = Limits()
        limits.maxRewriteSteps = 5_000
        let there = try RewriteRule("to-g", .apply("f", [.hole("a")]), .apply("g", [.hole("a")]))
        let back = try RewriteRule("to-f", .apply("g", [.hole("a")]), .apply("f", [.hole("a")]))
        let out = try Rewriter(rules: [there, back], limits: limits).rewrite(.apply("f", [x]))
        #expect(out.stoppedAtLimit)
    }

    @Test("rules refuse unbound holes")
    func unbound() {
        #expect(throws: RuleError.self) { try RewriteRule("bad", .hole("a"), .hole("b")) }
    }
}

@Suite("powers of minus one")
struct MinusOnePowerTests {
    @Test("(-1)^e is decided when e is provably even or odd", arguments: [
        ("(-1)^(2*m)", "1"),
        ("(-1)^(2*m + 1)", "-1"),
        ("(-1)^(2*m + 3)", "-1"),
        ("(-1)^(4*m*k)", "1"),
        ("(-1)^m", "(-1)^m"),          // parity unknown
        ("(-1)^(2*t)", "(-1)^(2*t)"),  // t is real: not even an integer
    ])
    func decided(power: String, expected: String) throws {
        var a = Assumptions()
        a.assume("m", is: .integer)
        a.assume("k", is: .natural)
        let out = try Rewriter(rules: RuleSet.powers.rules, assumptions: a).rewrite(try Expr(parsing: power))
        #expect(out.expr == (try Canonical(try Expr(parsing: expected)).expr), "\(power) gave \(out.expr)")
    }
}
