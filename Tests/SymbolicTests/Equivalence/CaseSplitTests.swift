import Testing
@testable import Symbolic

/// Proofs by cases on abs/max/min/sign, and signs from linear assumptions.
@Suite("proof by cases and linear arithmetic")
struct CaseSplitTests {
    static func decide(_ text: String, assuming facts: [String] = []) throws -> EquivalenceResult {
        var assumptions = Assumptions()
        for f in facts {
            for r in [Relation.lessEqual, .greaterEqual, .less, .greater, .equal] where f.contains(" \(r.rawValue) ") {
                let parts = f.components(separatedBy: " \(r.rawValue) ")
                try assumptions.assume(try Expr(parsing: parts[0]), r, try Expr(parsing: parts[1]))
                break
            }
        }
        for r in [Relation.lessEqual, .greaterEqual, .equal] {
            let parts = text.components(separatedBy: " \(r.rawValue) ")
            if parts.count == 2 {
                return EquivalenceChecker(assumptions: assumptions).decide(try Expr(parsing: parts[0]), r, try Expr(parsing: parts[1]))
            }
        }
        Issue.record("no relation in \(text)")
        return EquivalenceResult(verdict: .unknown)
    }

    @Test("identities and inequalities of real numbers proved by cases, with no assumption", arguments: [
        "min(x, y) + max(x, y) = x + y",
        "max(x, y) = (x + y + abs(x - y))/2",
        "min(x, y) = (x + y - abs(x - y))/2",
        "abs(x + y) <= abs(x) + abs(y)",
        "abs(abs(x) - abs(y)) <= abs(x - y)",
        "sign(x)*abs(x) = x",
        "abs(max(x, 0) - max(y, 0)) <= abs(x - y)",
        "max(x, y) >= min(x, y)",
    ])
    func proved(statement: String) throws {
        let r = try Self.decide(statement)
        #expect(r.verdict == .proved, "\(statement): \(r.verdict) \(r.notes)")
        #expect(r.method?.hasPrefix("by cases") == true, "\(statement): \(r.method ?? "-")")
        #expect(r.assumed.isEmpty)
    }

    @Test("false variants are refuted, never proved by cases", arguments: [
        "max(x, y) = (x + y - abs(x - y))/2",
        "abs(x - y) <= abs(abs(x) - abs(y))",
        "sign(x)*abs(x) = abs(x)",
        "abs(max(x, 0) - max(y, 0)) <= abs(x - y)/2",
        "min(x, y) + max(x, y) = 2*x",
    ])
    func refuted(statement: String) throws {
        let r = try Self.decide(statement)
        #expect(r.verdict == .refuted, "\(statement): \(r.verdict) \(r.method ?? "")")
    }

    @Test("linear assumptions decide linear signs exactly", arguments: [
        ("x >= 0", ["x >= y", "y >= 0"], true),
        ("x - 2*y >= 0", ["x >= y", "y >= 0"], false),
        ("x + y + z >= 1", ["x >= 1/2", "y - x >= 0", "z >= 0"], true),
        ("a - c >= 0", ["a >= b", "b >= c"], true),
        ("c - a >= 0", ["a >= b", "b >= c"], false),
    ])
    func linear(goal: String, facts: [String], provable: Bool) throws {
        var assumptions = Assumptions()
        for f in facts {
            let parts = f.components(separatedBy: " >= ")
            try assumptions.assume(try Expr(parsing: parts[0]), .greaterEqual, try Expr(parsing: parts[1]))
        }
        let g = goal.components(separatedBy: " >= ")
        let difference = try Expr(parsing: g[0]) - Expr(parsing: g[1])
        #expect((assumptions.prove(difference, is: .nonnegative) == .proved) == provable, "\(goal) from \(facts)")
    }

    @Test("Fourier-Motzkin on strictness: x > y and y >= 0 give x > 0 but x >= y alone does not")
    func strictness() throws {
        var a = Assumptions()
        try a.assume(.symbol("x"), .greater, .symbol("y"))
        try a.assume(.symbol("y"), .greaterEqual, .zero)
        #expect(a.prove(.symbol("x"), is: .positive) == .proved)
        var b = Assumptions()
        try b.assume(.symbol("x"), .greaterEqual, .symbol("y"))
        try b.assume(.symbol("y"), .greaterEqual, .zero)
        #expect(b.prove(.symbol("x"), is: .positive) != .proved)
    }
}
