// Seeded property tests: the normal forms keep the value of the expression.
import Testing
@testable import Symbolic

/// Evaluates at a point; nil when undefined there.
private func value(_ e: Expr, _ point: [Symbol: Double]) -> Double? {
    try? e.evaluate(at: point)
}

/// Whether two values agree up to rounding noise of a computation with intermediate size `scale`.
private func close(_ a: Double, _ b: Double, scale: Double) -> Bool {
    abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-10 * scale
}

private let points: [[Symbol: Double]] = [
    ["x": 0.7, "y": -1.3, "z": 2.1],
    ["x": -0.4, "y": 0.9, "z": 0.35],
    ["x": 1.9, "y": 2.6, "z": -0.8],
]

@Suite("normal forms preserve value")
struct NormalFormPropertyTests {
    @Test("the canonical form has the value of the expression wherever both are defined", arguments: 0..<400)
    func canonicalKeepsValue(seed: Int) throws {
        var gen = RandomExpr(seed: UInt64(seed))
        let e = gen.make()
        guard let c = try? Canonical(e).expr else { return }
        for p in points {
            guard let a = value(e, p), let b = value(c, p) else { continue }
            #expect(close(a, b, scale: max(abs(a), 1)), "\(e) → \(c) at \(p): \(a) vs \(b)")
        }
    }

    @Test("the rational normal form has the value of the expression", arguments: 0..<300)
    func rationalNormalFormKeepsValue(seed: Int) throws {
        var config = RandomExpr.Configuration()
        config.maxDepth = 4
        var gen = RandomExpr(seed: UInt64(seed) &+ 10_000, configuration: config)
        let e = gen.make()
        guard let r = try? RationalNormalForm(e).expr else { return }
        for p in points {
            guard let a = value(e, p), let b = value(r, p) else { continue }
            #expect(close(a, b, scale: max(abs(a), 1) * 1e3), "\(e) → \(r) at \(p): \(a) vs \(b)")
        }
    }

    @Test("both normal forms are idempotent", arguments: 0..<200)
    func idempotent(seed: Int) throws {
        var gen = RandomExpr(seed: UInt64(seed) &+ 20_000)
        let e = gen.make()
        if let c = try? Canonical(e).expr {
            #expect(try Canonical(c).expr == c)
        }
        if let r = try? RationalNormalForm(e) {
            #expect(try RationalNormalForm(r.expr).expr == r.expr, "\(e)")
        }
    }

    @Test("a difference of an expression and its own rearrangement normalises to zero", arguments: 0..<200)
    func rearrangedIsZero(seed: Int) throws {
        var config = RandomExpr.Configuration()
        config.polynomialOnly = true
        config.maxDepth = 4
        var gen = RandomExpr(seed: UInt64(seed) &+ 30_000, configuration: config)
        let a = gen.make(), b = gen.make()
        // (a + b)^2 − (a^2 + 2ab + b^2) is zero for any a, b.
        let d = Expr.power(a + b, 2) - (Expr.power(a, 2) + 2 * a * b + Expr.power(b, 2))
        #expect(try RationalNormalForm(d).isZero)
    }
}

@Suite("rules are sound")
struct RuleSoundnessTests {
    /// Values for rule holes inside and outside their guards.
    static func samples(for rule: RewriteRule, seed: UInt64, insideGuards: Bool) -> [[String: Expr]] {
        var rng = RandomSource(seed: seed, stream: [StableHash.of(rule.name)])
        guard case .pattern(let lhs, _) = rule.body else { return [] }
        let holes = lhs.holeNames
        var out: [[String: Expr]] = []
        for _ in 0..<40 {
            var b: [String: Expr] = [:]
            for h in holes {
                if !insideGuards && rng.nextUnit() < 0.5 {
                    // Simple values (integers and halves) hit the cases guards exist for,
                    // e.g. (x^2)^(1/2) with x = -2.
                    let simple: [Rational] = [-2, -1, Rational(-1, 2)!, Rational(1, 2)!, 1, 2, 3]
                    b[h] = .number(simple[rng.nextInt(in: 0...(simple.count - 1))])
                } else {
                    let v = rng.nextDouble(in: insideGuards ? 0.2 : -3, 3)
                    b[h] = .number(Rational(Int((v * 8).rounded()), 8)!)
                }
            }
            out.append(b)
        }
        return out
    }

    static let patternRules = RuleSet.allRules.filter { if case .pattern = $0.body { return true } else { return false } }

    @Test("every pattern rule holds numerically wherever its guards hold", arguments: patternRules.map(\.name))
    func holdsInsideGuards(name: String) throws {
        let rule = try #require(RuleSet.rule(named: name))
        guard case .pattern(let lhs, let rhs) = rule.body else { return }
        var checked = 0
        for b in Self.samples(for: rule, seed: 1, insideGuards: false) + Self.samples(for: rule, seed: 2, insideGuards: true) {
            let guardsHold = rule.conditions.allSatisfy { c in
                guard let v = try? c.subject.instantiating(b).evaluate(at: [:] as [Symbol: Double]) else { return false }
                switch c.property {
                case .positive: return v > 0
                case .nonnegative: return v >= 0
                case .negative: return v < 0
                case .nonpositive: return v <= 0
                case .nonzero: return v != 0
                case .real: return true
                case .integer, .natural: return v == v.rounded()
                case .probability: return v > 0 && v < 1
                }
            }
            guard guardsHold, let l = try? lhs.instantiating(b).evaluate(at: [:] as [Symbol: Double]),
                  let r = try? rhs.instantiating(b).evaluate(at: [:] as [Symbol: Double]) else { continue }
            #expect(abs(l - r) <= 1e-9 * max(1, abs(l), abs(r)), "\(name) at \(b): \(l) vs \(r)")
            checked += 1
        }
        #expect(checked > 5, "\(name) was checked at only \(checked) points")
    }

    @Test("guarded rules fail somewhere outside their guards", arguments: [
        "log-product", "log-quotient", "log-power", "power-of-power", "power-of-product",
        "abs-nonnegative", "abs-nonpositive", "sign-positive", "sign-negative",
        "max-left", "max-right", "min-left", "min-right", "sqrt-of-square-nonneg",
    ])
    func failsOutsideGuards(name: String) throws {
        let rule = try #require(RuleSet.rule(named: name))
        guard case .pattern(let lhs, let rhs) = rule.body else { return }
        var failures = 0
        for b in Self.samples(for: rule, seed: 3, insideGuards: false) {
            let l = try? lhs.instantiating(b).evaluate(at: [:] as [Symbol: Double])
            let r = try? rhs.instantiating(b).evaluate(at: [:] as [Symbol: Double])
            switch (l, r) {
            case (.some(let a), .some(let c)): if abs(a - c) > 1e-6 * max(1, abs(a)) { failures += 1 }
            case (.some, nil), (nil, .some): failures += 1
            case (nil, nil): break
            }
        }
        #expect(failures > 0, "\(name) never fails outside its guards: the guard may be unnecessary")
    }
}
