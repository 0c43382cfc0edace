// The sign prover's memo: answers are those of a prover that never kept anything, a change to
// the assumptions is seen at once, and a copy that is changed does not change the original.
import Testing
@testable import Symbolic

private let x = Expr.symbol("x"), y = Expr.symbol("y"), t = Expr.symbol("t")
private func n(_ a: Int, _ b: Int = 1) -> Expr { .number(Rational(a, b)!) }

@Suite("sign prover memo")
struct BoundsMemoTests {
    static func assumptions() throws -> Assumptions {
        var a = Assumptions()
        a.assume("x", is: .positive)
        a.assume("y", is: .nonnegative)
        try a.assume(t, .greater, x)
        return a
    }

    static let expressions: [Expr] = [
        x + y, x * y, x - y, t - x, t, t + n(1), Expr.call(.log, n(1) + x), Expr.power(x - y, n(2)),
        (x + y) / (x * x + n(1)), Expr.call(.exp, t.negated()) - n(1),
    ]

    @Test("asked twice, the same answers as a fresh prover", arguments: Property.allCases)
    func repeated(property: Property) throws {
        let kept = try Self.assumptions()
        for e in Self.expressions {
            let first = kept.prove(e, is: property)
            let again = kept.prove(e, is: property)
            let fresh = try Self.assumptions().prove(e, is: property)
            #expect(first == fresh, "\(e) \(property)")
            #expect(again == fresh, "\(e) \(property)")
            #expect(kept.bounds(of: e) == (try Self.assumptions()).bounds(of: e))
        }
    }

    @Test("a new assumption is seen after the old answer was kept")
    func changeIsSeen() throws {
        var a = Assumptions()
        #expect(a.prove(y, is: .positive) == .unknown)
        #expect(a.prove(y - x, is: .positive) == .unknown)
        a.assume("y", is: .positive)
        #expect(a.prove(y, is: .positive) == .proved)
        try a.assume(y, .greater, x)
        #expect(a.prove(y - x, is: .positive) == .proved)
    }

    @Test("changing a copy leaves the original's answers alone")
    func copies() throws {
        let original = try Self.assumptions()
        #expect(original.prove(y, is: .positive) == .unknown)
        var copy = original
        copy.assume("y", is: .positive)
        #expect(copy.prove(y, is: .positive) == .proved)
        #expect(original.prove(y, is: .positive) == .unknown)
        #expect(original != copy)
    }
}
