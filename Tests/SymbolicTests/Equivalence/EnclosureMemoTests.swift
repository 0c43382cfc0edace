// The per-file memo of closed-form enclosures: a hit is exactly what computing again gives.
import Testing
@testable import Symbolic

@Suite("enclosure memo")
struct EnclosureMemoTests {
    static let expressions = [
        "-1/2*log(5/2*pi) - 1/2 - (-1/2*log(1/2*pi) - 1/2)",
        "log(5)/2 - ((-1/2*log(1/2*pi) - 1/2) - (-1/2*log(5/2*pi) - 1/2))",
        "exp(20/17)*sqrt(2) - 2^(1/3)*tanh(1)",
        "log(2) + 3/40 - softplus(-2)",
        "sqrt(-1) + log(2)",
        "x + log(2)",
    ]

    @Test("with and without a memo: the same bounds, at every precision, twice", arguments: [UInt64(0), 1])
    func sameBounds(order: UInt64) throws {
        let memo = EnclosureMemo()
        let list = order == 0 ? Self.expressions : Self.expressions.reversed()
        for round in 0..<2 {
            for text in list {
                let e = try Expr(parsing: text)
                let plain = ClosedFormEnclosure()
                let kept = ClosedFormEnclosure(memo: memo)
                #expect(plain.bounds(e) == kept.bounds(e), "\(text), round \(round)")
                #expect(plain.quickBounds(e) == kept.quickBounds(e), "\(text), round \(round)")
                for bits in [64, 96, 320] {
                    #expect(plain.bounds(e, bits: bits) == kept.bounds(e, bits: bits), "\(text) at \(bits) bits, round \(round)")
                }
            }
        }
    }

    @Test("a refuted closed equation reads the same with the file's memo")
    func refutationText() throws {
        var plain = EquivalenceChecker()
        plain.normalForms = nil
        var memoised = EquivalenceChecker()
        memoised.normalForms = NormalFormMemo()
        let lhs = try Expr(parsing: "log(5)/2"), rhs = try Expr(parsing: "log(5)/2 + 1/10^20")
        for _ in 0..<2 {
            let a = plain.closedFormCounterexample(lhs, rhs, .zero)
            let b = memoised.closedFormCounterexample(lhs, rhs, .zero)
            #expect(a != nil)
            #expect(a?.lhs == b?.lhs && a?.rhs == b?.rhs, "\(String(describing: a)) against \(String(describing: b))")
        }
    }
}
