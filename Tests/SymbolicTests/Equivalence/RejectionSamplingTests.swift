// Rejection sampling against assumed relations: the batched path (relations evaluated over
// blocks of draws, generator rewound to the accepted draw) gives exactly the points and the
// generator states of drawing and testing one point at a time.
import Foundation
import Testing
@testable import Symbolic

@Suite("rejection sampling")
struct RejectionSamplingTests {
    /// The sampler as it was before it kept its endpoints as doubles: the same draws.
    static func referenceSample(_ interval: RealInterval, _ rng: inout RandomSource) -> Double {
        let l = interval.lower?.doubleValue, u = interval.upper?.doubleValue
        func accepts(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            if let l, value < l || (interval.lowerOpen && value <= l) { return false }
            if let u, value > u || (interval.upperOpen && value >= u) { return false }
            if interval.excludesZero && abs(value) < 1e-9 { return false }
            if interval.isInteger && value.rounded() != value { return false }
            return true
        }
        func draw() -> Double {
            if interval.isInteger {
                let lo = Int((l ?? (u.map { $0 - 10 } ?? -6)).rounded(.up))
                let hi = Int((u ?? (l.map { $0 + 10 } ?? 6)).rounded(.down))
                if lo > hi { return .nan }
                return Double(rng.nextInt(in: lo...hi))
            }
            func logUniform(_ a: Double, _ b: Double) -> Double { (rng.nextDouble(in: a, b) * 2.302585092994046).exponentiated }
            switch (l, u) {
            case (nil, nil):
                if rng.nextUnit() < 0.35 { return rng.nextDouble(in: -3, 3) }
                let m = logUniform(-1.5, 1.5)
                return rng.nextUnit() < 0.5 ? -m : m
            case (let l?, nil): return l + logUniform(-2, 2)
            case (nil, let u?): return u - logUniform(-2, 2)
            case (let l?, let u?):
                let width = u - l
                if width <= 0 { return l }
                let margin = 0.02 * width
                if rng.nextUnit() < 0.15 {
                    return rng.nextUnit() < 0.5 ? l + margin * rng.nextDouble(in: 0.05, 1) : u - margin * rng.nextDouble(in: 0.05, 1)
                }
                return rng.nextDouble(in: l + margin, u - margin)
            }
        }
        for _ in 0..<64 {
            let v = draw()
            if accepts(v) { return v }
        }
        return .nan    // not reached by the table below
    }

    static let third = Rational(1, 3) ?? .one

    @Test("a domain draws what the rational endpoints gave", arguments: [
        RealInterval(lower: nil, upper: nil),
        RealInterval(lower: third, lowerOpen: true, upper: nil),
        RealInterval(lower: nil, upper: Rational(-2)),
        RealInterval(lower: Rational(0), lowerOpen: true, upper: third, upperOpen: true),
        RealInterval(lower: Rational(-5), upper: Rational(7), isInteger: true),
        RealInterval(lower: nil, upper: nil, excludesZero: true),
    ], [UInt64(1), 99])
    func domainMatchesReference(interval: RealInterval, seed: UInt64) {
        var a = RandomSource(seed: seed), b = RandomSource(seed: seed)
        let domain = SampleDomain(interval)
        for _ in 0..<500 {
            let v = domain.sample(using: &a), w = Self.referenceSample(interval, &b)
            #expect(v.bitPattern == w.bitPattern)
        }
        #expect(a.next() == b.next())
    }

    /// Session 4's fuzz crash: an integer range with an endpoint beyond Int (or beyond any
    /// double) trapped converting it. Draws stay integers inside the range, or the range's
    /// fallback; nothing traps.
    @Test("integer ranges with huge endpoints are sampled without trapping", arguments: [
        RealInterval(lower: Rational(BigInt(10).power(30) ?? BigInt(0)), upper: nil, isInteger: true),
        RealInterval(lower: nil, upper: -Rational(BigInt(10).power(400) ?? BigInt(0)), isInteger: true),
        RealInterval(lower: -Rational(BigInt(10).power(400) ?? BigInt(0)), upper: Rational(BigInt(10).power(400) ?? BigInt(0)), isInteger: true),
        RealInterval(lower: Rational(BigInt(10).power(20) ?? BigInt(0)), upper: Rational(BigInt(10).power(20) ?? BigInt(0)) + Rational(5), isInteger: true),
    ])
    func hugeIntegerRanges(interval: RealInterval) {
        var rng = RandomSource(seed: 7)
        let domain = SampleDomain(interval)
        for _ in 0..<200 {
            let v = domain.sample(using: &rng)
            #expect(!v.isNaN)
            #expect(!v.isFinite || v.rounded() == v)
        }
    }

    /// What the reference sampler has seen: calls that found an admissible point, and calls
    /// that found none.
    struct ReferenceRecord {
        var admitted = 0
        var failed = 0
    }

    /// Rejection one draw at a time, as `samplePoint` did before batching, with the rule for
    /// relations sampling never meets: after 5 calls without an admissible point, and none
    /// ever, one draw per call.
    static func referencePoint(_ setup: NumericSetup, _ rng: inout RandomSource, _ record: inout ReferenceRecord) -> [Double] {
        func draw() -> [Double] { setup.domains.map { $0.sample(using: &rng) } }
        var point = draw()
        if record.admitted == 0 && record.failed >= 5 {
            if setup.satisfiesRelations(point) { record.admitted += 1 }
            return point
        }
        var tries = 0
        while !setup.satisfiesRelations(point) && tries < 200 {
            point = draw()
            tries += 1
        }
        if setup.satisfiesRelations(point) { record.admitted += 1 } else { record.failed += 1 }
        return point
    }

    @Test("relations sampling never meets stop costing 200 draws a call after 5 such calls",
          arguments: [UInt64(3), 2024])
    func hopelessRelations(seed: UInt64) throws {
        var assumptions = Assumptions()
        try assumptions.assume(try Expr(parsing: "x - y"), .equal, .zero)
        var checker = EquivalenceChecker(assumptions: assumptions)
        checker.seed = seed
        let setup = NumericSetup(checker: checker, expressions: [try Expr(parsing: "x + y")])
        var rng = RandomSource(seed: seed)
        for call in 0..<12 {
            var before = rng
            let (point, holds) = setup.sampleCheckedPoint(&rng)
            #expect(!holds)
            // The first five calls use every retry; later ones a single draw.
            let draws = call < 5 ? 201 : 1
            var last: [Double] = []
            for _ in 0..<draws { last = setup.domains.map { $0.sample(using: &before) } }
            #expect(point.map(\.bitPattern) == last.map(\.bitPattern), "call \(call)")
            #expect(before.next() == rng.next(), "call \(call)")
        }
    }

    @Test("batched rejection gives the points and generator states of one draw at a time", arguments: [
        // A relation that most draws fail, one that never holds (all 200 retries used), one
        // that often holds, and two relations at once.
        ["x*y = 1/2"], ["x - y = 0"], ["x < y"], ["x < y", "y < 2*x + 1"], ["f'(x) = 0"],
    ], [UInt64(3), 2024])
    func batchedMatchesOneAtATime(relations: [String], seed: UInt64) throws {
        var assumptions = Assumptions()
        for text in relations {
            let (lhs, relation, rhs) = try Self.parseRelation(text)
            try assumptions.assume(lhs, relation, rhs)
        }
        var checker = EquivalenceChecker(assumptions: assumptions)
        checker.seed = seed
        let e = try Expr(parsing: "x + y + f'(x)")
        let setup = NumericSetup(checker: checker, expressions: [e])
        var a = RandomSource(seed: seed), b = RandomSource(seed: seed)
        var record = ReferenceRecord()
        for _ in 0..<30 {
            let p = setup.samplePoint(&a), q = Self.referencePoint(setup, &b, &record)
            #expect(p.map(\.bitPattern) == q.map(\.bitPattern), "\(relations): \(p) against \(q)")
        }
        #expect(a.next() == b.next())
    }

    static func parseRelation(_ text: String) throws -> (Expr, Relation, Expr) {
        for (spelling, relation) in [("<", Relation.less), ("=", .equal)] {
            let parts = text.components(separatedBy: " \(spelling) ")
            if parts.count == 2 { return (try Expr(parsing: parts[0]), relation, try Expr(parsing: parts[1])) }
        }
        throw Unparsed(text: text)
    }

    struct Unparsed: Error { let text: String }
}
