import Foundation
import Testing
@testable import Symbolic

/// Differential test against SymPy: `series(e, h, 0, n).removeO()` coefficient by
/// coefficient, numerically at a = 3/7 when the expression has the parameter a.
@Suite("series: differential test against SymPy", .enabled(if: SymPy.isAvailable))
struct SeriesSymPyTests {
    static let order = 5
    static let batchSize = 20
    static let lowest = -6
    static let parameter = 3.0 / 7.0

    /// Expression `i` of the differential test: a regular expression in h (half of them
    /// with a parameter a), divided by h^k for k ∈ {0, 1, 2}.
    static func expression(_ i: Int) -> Expr {
        var generator = RegularExprGenerator(seed: UInt64(7_000 + i), parameters: i % 2 == 0 ? [] : ["a"])
        let e = generator.make()
        let k = i % 3
        return k == 0 ? e : e / .power(.symbol("h"), .integer(k))
    }

    @Test("coefficients agree with sympy.series (300 expressions)", arguments: 0..<15)
    func batch(index: Int) throws {
        let indices = (index * Self.batchSize)..<((index + 1) * Self.batchSize)
        var lines: [String] = []
        for i in indices { lines.append("    " + (try SymPy.source(Self.expression(i))) + ",") }
        let script = """
        from sympy import *
        h = Symbol('h'); a = Symbol('a')
        def ev(x):
            return x if not x.args else x.func(*[ev(y) for y in x.args])
        exprs = [
        \(lines.joined(separator: "\n"))
        ]
        for e in exprs:
            try:
                s = expand(series(ev(e), h, 0, \(Self.order)).removeO().subs(a, Rational(3, 7)))
                print(' '.join(str(N(s.coeff(h, k), 25)) for k in range(\(Self.lowest), \(Self.order))))
            except Exception as ex:
                print('ERROR', type(ex).__name__)
        """
        let output = try SymPy.run(script).split(separator: "\n")
        try #require(output.count == Self.batchSize)
        for (i, line) in zip(indices, output) {
            let e = Self.expression(i)
            let expected = line.split(separator: " ").map { Double(String($0)) }
            guard expected.count == Self.order - Self.lowest, expected.allSatisfy({ $0 != nil }) else {
                Issue.record("sympy could not expand \(e.debugDescription): \(line)")
                continue
            }
            let s = try e.series(in: "h", around: 0, order: Self.order)
            #expect((s.valuation ?? 0) >= Rational(Self.lowest))
            for (j, k) in (Self.lowest..<Self.order).enumerated() {
                guard let c = s.coefficient(ofPower: Rational(k)),
                      let value = SeriesNumeric.value(c, ["a": Self.parameter]), let want = expected[j] else {
                    Issue.record("h^\(k) of \(e.debugDescription) does not evaluate: \(s.debugDescription)")
                    continue
                }
                #expect(SeriesNumeric.close(value, want),
                        "h^\(k) of \(e.debugDescription): \(value) vs sympy \(want); \(c.debugDescription)")
            }
        }
    }
}
