import Testing
@testable import Symbolic

/// The shared rule index and the canonical entry point compute exactly what a rewriter that
/// indexes its rules and normalises its input itself computes.
@Suite("rule index and canonical rewriting")
struct RuleIndexTests {
    private static func assumptions() -> Assumptions {
        var a = Assumptions()
        a.assume("x", is: .positive)
        a.assume("y", is: .negative)
        return a
    }

    private static func configuration() -> RandomExpr.Configuration {
        var c = RandomExpr.Configuration()
        c.functions = [.log, .exp, .abs, .sin, .cos, .sqrt, .sign, .tanh]
        c.maxDepth = 4
        return c
    }

    @Test("rewrite(canonical:) over a shared index = rewrite(_:) over a fresh one", arguments: 0 ..< 60)
    func sharedIndexAndCanonicalInput(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed), configuration: Self.configuration())
        let e = generator.make()
        guard let canonical = try? e.canonicalized() else { return }
        for assuming in [false, true] {
            let fresh = Rewriter(rules: RuleSet.standardRules, assumptions: Self.assumptions(), assumingUndischarged: assuming)
            let shared = Rewriter(indexedRules: .standard, assumptions: Self.assumptions(), assumingUndischarged: assuming)
            let a = try fresh.rewrite(e)
            let b = try shared.rewrite(canonical: canonical)
            #expect(a.expr == b.expr, "seed \(seed): \(e.testDescription)")
            #expect(a.applied == b.applied)
            #expect(a.blocked == b.blocked)
            #expect(a.assumed == b.assumed)
            #expect(a.stoppedAtLimit == b.stoppedAtLimit)
            // Nodes whose children did not change are kept as they are: still canonical.
            #expect(b.expr.isCanonical, "seed \(seed): \(b.expr.canonicalViolation ?? "")")
            #expect(try b.expr.canonicalized() == b.expr)
        }
    }

    @Test("the standard index lists the standard rules in order")
    func standardRules() {
        #expect(IndexedRules.standard.rules.map(\.name) == RuleSet.standard.flatMap(\.rules).map(\.name))
        #expect(EquivalenceChecker().rules.map(\.name) == RuleSet.standardRules.map(\.name))
    }

    @Test("a checker re-indexes when its rules change")
    func reindexing() {
        var checker = EquivalenceChecker()
        #expect(checker.indexedRules === IndexedRules.standard)
        checker.citedRules = []
        #expect(checker.indexedRules === IndexedRules.standard)
        let cited = RuleSet.powers.rules
        checker.citedRules = cited
        #expect(checker.indexedRules.rules.map(\.name) == (cited + RuleSet.standardRules).map(\.name))
        #expect(checker.indexedPlainRules.rules.map(\.name) == RuleSet.standardRules.map(\.name))
        checker.rules = RuleSet.expLog.rules
        #expect(checker.indexedRules.rules.map(\.name) == (cited + RuleSet.expLog.rules).map(\.name))
        #expect(checker.indexedPlainRules.rules.map(\.name) == RuleSet.expLog.rules.map(\.name))
    }

    @Test("forEachMatch yields the matches in order and stops when asked", arguments: [
        ("log-product", "log(u*v*w)"),
        ("pythagorean", "sin(u)^2 + cos(u)^2 + v + w"),
        ("lambertw-product", "exp(lambertw(u))*lambertw(u)"),
        ("power-of-product", "(u*v*w)^(1/3)"),
    ])
    func lazyMatches(rule: String, subject: String) throws {
        guard let r = RuleSet.rule(named: rule), case .pattern(let lhs, _) = r.body else {
            Issue.record("no pattern rule \(rule)")
            return
        }
        let s = try Expr(parsing: subject).canonicalized()
        let all = PatternMatcher.matches(lhs, s)
        #expect(!all.isEmpty)
        var seen: [Match] = []
        PatternMatcher.forEachMatch(lhs, s) { m in
            seen.append(m)
            return true
        }
        #expect(seen.map(\.bindings) == all.map(\.bindings))
        #expect(seen.map(\.remainder) == all.map(\.remainder))
        var first: [Match] = []
        PatternMatcher.forEachMatch(lhs, s) { m in
            first.append(m)
            return false
        }
        #expect(first.count == 1)
        #expect(first.first?.bindings == all.first?.bindings)
    }

    @Test("mayMatch is false only where no pattern rule matches", arguments: 0 ..< 40)
    func prefilterIsNecessary(seed: Int) throws {
        var generator = RandomExpr(seed: UInt64(seed), configuration: Self.configuration())
        guard let e = try? generator.make().canonicalized() else { return }
        var nodes: [Expr] = []
        func collect(_ n: Expr) {
            nodes.append(n)
            for c in n.children { collect(c) }
        }
        collect(e)
        var skipped = 0
        for rule in RuleSet.allRules {
            guard case .pattern(let lhs, _) = rule.body else { continue }
            for n in nodes where !PatternMatcher.mayMatch(lhs, n) {
                skipped += 1
                #expect(PatternMatcher.matches(lhs, n).isEmpty, "\(rule.name) at \(n.testDescription)")
            }
        }
        #expect(skipped > 0)
    }
}
