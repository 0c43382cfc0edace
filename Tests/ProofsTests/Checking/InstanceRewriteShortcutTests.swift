// The instance re-check's shortcuts give the expressions the full path gives: canonical forms
// of large expressions through the file's memo (sharing of sub-expressions was reverted: fuzz seed 8, input 301,954), and rewrites skipped where no rule
// can be tried at any node.
import Testing
@testable import Proofs
@testable import Symbolic

/// An expression of height about `levels` + 2 whose tree is large: `((x + 1)*y + 2)*y + 3 ...`.
private func tower(_ levels: Int) -> Expr {
    var e = Expr.symbol("x") + .integer(1)
    for k in 0 ..< levels { e = e * .symbol("y") + .integer(k + 2) + .symbol("z") * .symbol("w") }
    return e
}

/// The form or the error, as text.
private func outcome(_ body: () throws(NormalizationError) -> Expr) -> String {
    do { return "form " + (try body()).description } catch { return "error \(error)" }
}

@Suite("instance re-check shortcuts")
struct InstanceRewriteShortcutTests {
    static let sides: [(String, String)] = [
        ("det([[a, b, c], [d, f, g], [h, k, m]]^T*[[a, b, c], [d, f, g], [h, k, m]])", "det([[a, b, c], [d, f, g], [h, k, m]])^2"),
        ("(a + b + c + d)^4 - (a - b)*(c + d)^3 + sin(a*b + c*d + a*c)^2", "(a + b)^2*(c + d)^2 + cos(a*b + c*d + a*c)^2"),
        ("diff((x^2 + y^2 + z^2 + x*y*z)^3 + sin(x*y + y*z + z*x), x)", "3*(x^2 + y^2 + z^2 + x*y*z)^2*(2*x + y*z) + cos(x*y + y*z + z*x)*(y + z)"),
        ("1/(x - x) + (a + b + c + d + f + g + h + k)^2", "(a + b + c + d + f + g + h + k)^2"),
        ("log((a + b + c)^2*(d + f + g)^3*(h + k + m)) - exp(a + b + c + d)*(a + b + c)", "log(a + b + c + d)"),
    ]

    @Test("the memo's canonical forms of large expressions, asked again, are the forms computed afresh",
          arguments: Array(sides.indices))
    func sharedFormsAreFresh(index: Int) throws {
        let (l, r) = Self.sides[index]
        let left = try Expr(parsing: l), right = try Expr(parsing: r)
        let memo = NormalFormMemo()
        let limits = Limits.default
        // The order of an instance re-check: the difference first (the step's own check), then
        // each side, then the difference of the canonical sides; and all of it again.
        for _ in 0 ..< 2 {
            for e in [left - right, left, right] {
                #expect(outcome { () throws(NormalizationError) in try memo.canonical(e, limits: limits) }
                        == outcome { () throws(NormalizationError) in try e.canonicalized(limits: limits) }, "\(e)")
            }
            if let cl = try? memo.canonical(left, limits: limits), let cr = try? memo.canonical(right, limits: limits) {
                for e in [cl - cr, cl * cr + cl, Expr.call(.log, cl)] {
                    #expect(outcome { () throws(NormalizationError) in try memo.canonical(e, limits: limits) }
                            == outcome { () throws(NormalizationError) in try e.canonicalized(limits: limits) }, "\(e)")
                }
            }
        }
    }

    @Test("a memo never hides the depth limit: too deep still throws (extra levels)",
          arguments: [1, 2, 5])
    func depthLimitStillHit(extra: Int) throws {
        let inner = tower(12)
        var limits = Limits.default
        limits.maxDepth = inner.height + 1
        let memo = NormalFormMemo()
        // The inner tower fits and is kept; wrapped deeper it does not fit.
        #expect(outcome { () throws(NormalizationError) in try memo.canonical(inner, limits: limits) }
                == outcome { () throws(NormalizationError) in try inner.canonicalized(limits: limits) })
        var outer = inner
        for _ in 0 ..< extra { outer = Expr.call(.sin, outer) + .symbol("q") }
        let fresh = outcome { () throws(NormalizationError) in try outer.canonicalized(limits: limits) }
        #expect(fresh.hasPrefix("error"))
        #expect(outcome { () throws(NormalizationError) in try memo.canonical(outer, limits: limits) } == fresh)
    }

    @Test("rules are tried only at nodes with their heads", arguments: [
        ("a*b + c^2", false),
        ("log(a) + b", true),
        ("exp(a + b)*c", true),
        ("sqrt(a^2 + b^2)*det([[a, b], [c, d]])", false),
        ("E_{x ~ p}[ x^2 ]", false),
    ])
    func expLogHeads(text: String, mayApply: Bool) throws {
        let e = try Expr(parsing: text).canonicalized()
        #expect(InstanceRunner.rulesMayApply(RuleSet.expLog.rules, in: e) == mayApply)
        #expect(InstanceRunner.logSpaceKeeps(e) == !mayApply)
        #expect(InstanceRunner.rulesMayApply([], in: e) == false)
    }

    @Test("where no exp-log rule can be tried, rewriting a canonical expression returns it unchanged", arguments: [
        "a*b + c^2", "sqrt(a^2 + b^2)*(a + b)^3", "abs(a - b) + max(a, b)", "sin(a)^2 + cos(a)^2",
    ])
    func keptMeansUnchanged(text: String) throws {
        let e = try Expr(parsing: text).canonicalized()
        #expect(InstanceRunner.logSpaceKeeps(e))
        let rewritten = try Rewriter(rules: RuleSet.expLog.rules).rewrite(e).expr
        #expect(rewritten == e)
    }

    @Test("terms sort by keys computed once exactly as by compareTerms", arguments: [
        "3*x^2*y - 2*x*y^2 + 5*x^3 + x*y + 7*y + 1/2*x + 4 - z^(1/2) + 2*log(x)*y + A[1,2]*A[2,1] - A[1,1]*A[2,2]",
        "(a + b + c)^4", "(x - y)^3*(x + y)^2 + sin(x)^2 - cos(x)^2*x + x^n + x^(n + 1)",
    ])
    func termKeysOrderAsTerms(text: String) throws {
        let e = try Expr(parsing: text)
        var terms: [Expr] = []
        for form in [try e.canonicalized(), try RationalNormalForm(e).expr] {
            if case .sum(let ts) = form.kind { terms += ts }
        }
        #expect(terms.count > 4)
        for a in terms {
            for b in terms {
                #expect(ExprOrder.compareTerms(ExprOrder.TermKey(a), ExprOrder.TermKey(b)) == ExprOrder.compareTerms(a, b), "\(a) vs \(b)")
            }
        }
    }
}
