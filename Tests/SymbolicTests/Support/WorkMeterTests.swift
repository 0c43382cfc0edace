import Testing
@testable import Symbolic

@Suite("The algebra work meter")
struct WorkMeterTests {
    /// `(x1 + … + xn)^2 * (y1 + … + yn)^2 / (x1*y1 + … + xn*yn) - 1`, whose rational normal
    /// form expands the numerator (n^4 term products) and takes a gcd with the denominator.
    static func wide(_ n: Int) throws -> Expr {
        let xs = (1...n).map { "x\($0)" }, ys = (1...n).map { "y\($0)" }
        let sx = xs.joined(separator: " + "), sy = ys.joined(separator: " + ")
        let dot = zip(xs, ys).map { "\($0)*\($1)" }.joined(separator: " + ")
        return try Expr(parsing: "(\(sx))^2*(\(sy))^2/(\(dot)) - 1")
    }

    @Test("a charge within the budget is kept; the one that passes it throws naming maxAlgebraWork")
    func budget() {
        let meter = WorkMeter(budget: 100)
        #expect(throws: Never.self) { try meter.charge(60) }
        #expect(throws: Never.self) { try meter.charge(40) }
        #expect(meter.spent == 100)
        #expect(throws: LimitExceeded(limit: "maxAlgebraWork", requested: 101, maximum: 100)) { try meter.charge(1) }
        #expect(meter.spent == 100, "a refused charge is not spent")
        #expect(throws: LimitExceeded.self) { try meter.charge(Int.max) }
    }

    @Test("without a meter nothing is charged; measuring reports what the body spent")
    func measuring() {
        #expect(WorkMeter.current == nil)
        #expect(throws: Never.self) { try WorkMeter.charge(Int.max) }
        let (result, spent) = WorkMeter.measuring(budget: 1_000) { () throws(LimitExceeded) -> Int in
            try WorkMeter.charge(300)
            try WorkMeter.charge(400)
            return 7
        }
        #expect((try? result.get()) == 7)
        #expect(spent == 700)
        let (failed, partial) = WorkMeter.measuring(budget: 1_000) { () throws(LimitExceeded) -> Int in
            try WorkMeter.charge(900)
            try WorkMeter.charge(200)
            return 0
        }
        #expect(throws: LimitExceeded.self) { try failed.get() }
        #expect(partial == 900)
    }

    @Test("a normal form past the budget says so; under a larger budget it is computed", arguments: [4, 6])
    func normalForm(n: Int) throws {
        let e = try Self.wide(n)
        var limits = Limits.default
        let full = try RationalNormalForm(e, limits: limits)
        #expect(full.numeratorTermCount > n * n)
        limits.maxAlgebraWork = 1_000
        do {
            _ = try RationalNormalForm(e, limits: limits)
            Issue.record("expected the work limit")
        } catch {
            guard case .limitExceeded(let l) = error else { Issue.record("\(error)"); return }
            #expect(l.limit == "maxAlgebraWork" && l.maximum == 1_000)
        }
    }

    @Test("each normal form is metered afresh: its result does not depend on work done before it")
    func pure() throws {
        let e = try Self.wide(5)
        var limits = Limits.default
        let ledger = WorkLedger()
        ledger.recording { _ = try? RationalNormalForm(e, limits: limits) }
        let cost = ledger.total
        #expect(cost > 0)
        limits.maxAlgebraWork = cost
        // Exactly the budget it needs, computed twice in a row under one ledger.
        let twice = WorkLedger()
        let both = twice.recording { [(try? RationalNormalForm(e, limits: limits)) != nil, (try? RationalNormalForm(e, limits: limits)) != nil] }
        #expect(both == [true, true])
        #expect(twice.total == 2 * cost)
        limits.maxAlgebraWork = cost - 1
        #expect(throws: NormalizationError.self) { try RationalNormalForm(e, limits: limits) }
    }

    @Test("a memo hit records the work its form cost, so a ledger's total does not depend on the memo")
    func memoRecordsWork() throws {
        let e = try Self.wide(4)
        let uncached = WorkLedger()
        uncached.recording {
            _ = try? RationalNormalForm(e, limits: .default)
            _ = try? RationalNormalForm(e, limits: .default)
        }
        let memo = NormalFormMemo()
        let cached = WorkLedger()
        cached.recording {
            _ = try? memo.rationalNormalForm(e, limits: .default)
            _ = try? memo.rationalNormalForm(e, limits: .default)
        }
        #expect(cached.total == uncached.total && cached.total > 0)
    }

    /// The gcd's degree bounds come from one point for every variable: wide gcds in many
    /// variables (which took seconds with a point per variable) stay right.
    @Test("gcds in many variables", arguments: [(12, 1), (40, 2), (120, 3)])
    func wideGCD(n: Int, seed: Int) throws {
        let xs = (1...n).map { "x\($0)" }, ys = (1...n).map { "y\($0)" }
        let g = try Expr(parsing: zip(xs, ys).map { "\($0)*\($1)" }.joined(separator: " + ") + " + \(seed)")
        let a = try Expr(parsing: xs.joined(separator: " + ") + " + 1"), b = try Expr(parsing: ys.joined(separator: " - ") + " - 2")
        // (g*a)/(g*b) reduces to a/b exactly when the gcd of the numerator and denominator is found.
        let e = Expr.product([g, a, .power(.product([g, b]), .minusOne)])
        let r = try RationalNormalForm(e)
        let expected = try RationalNormalForm(Expr.product([a, .power(b, .minusOne)]))
        #expect(r.expr == expected.expr)
    }
}
