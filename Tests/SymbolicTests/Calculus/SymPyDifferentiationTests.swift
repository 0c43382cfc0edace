import Foundation
import Testing
@testable import Symbolic

/// Differential test: our derivatives of seeded random expressions agree with SymPy's `diff`
/// evaluated at 30 digits, at the same points (one python3 process for the whole batch).
@Suite("Differentiation against SymPy", .enabled(if: SymPy.isAvailable))
struct SymPyDifferentiationTests {
    struct Case {
        var expression: Expr
        var derivative: Expr
        var points: [[Symbol: Double]]
    }

    @Test("≥ 300 random expressions agree with SymPy's diff")
    func agreesWithSymPy() throws {
        var cases: [Case] = []
        for seed in 0 ..< 700 {
            var generator = RandomExpr(seed: UInt64(10_000 + seed))
            let e = generator.make()
            guard e.contains("x") else { continue }
            var rng = RandomSource(seed: UInt64(seed))
            let points = (0 ..< 3).map { _ in
                ["x", "y", "z"].reduce(into: [Symbol: Double]()) { $0[Symbol($1)] = rng.nextDouble(in: 0.3, 1.7) }
            }
            cases.append(Case(expression: e, derivative: try e.derivative(withRespectTo: "x"), points: points))
        }
        var script = """
        from sympy import *
        import sys
        x, y, z = symbols('x y z')
        def value(e, p):
            try:
                v = e.evalf(30, subs=p)
                if v.has(zoo, oo, -oo, nan) or abs(im(v)) > 1e-20:
                    return 'nan'
                return repr(float(re(v)))
            except Exception:
                return 'nan'
        cases = []

        """
        for c in cases {
            let points = c.points.map { p in
                "{" + p.map { "Symbol('\($0.key.name)'): Rational('\($0.value)')" }.sorted().joined(separator: ", ") + "}"
            }
            script += "cases.append((\(try SymPy.source(c.expression)), [\(points.joined(separator: ", "))]))\n"
        }
        script += """
        for e, points in cases:
            d = diff(e, x)
            print(';'.join(value(e, p) + ',' + value(d, p) for p in points))
        """
        let lines = try SymPy.run(script).split(separator: "\n")
        try #require(lines.count == cases.count)
        var compared = 0
        for (c, line) in zip(cases, lines) {
            var checked = false
            for (point, pair) in zip(c.points, line.split(separator: ";")) {
                let parts = pair.split(separator: ",").map { Double($0) ?? .nan }
                guard parts.count == 2, parts[0].isFinite, parts[1].isFinite,
                      let f = try? c.expression.evaluate(at: point),
                      let d = try? c.derivative.evaluate(at: point) else { continue }
                // Points where f itself cannot be computed accurately in double precision
                // say nothing about the derivative rules.
                guard Numeric.close(f, parts[0], tolerance: 1e-11) else { continue }
                #expect(Numeric.close(d, parts[1], tolerance: 1e-8),
                        "\(c.expression.testDescription) at \(point): ours \(d), sympy \(parts[1])")
                checked = true
            }
            if checked { compared += 1 }
        }
        #expect(compared >= 300, "only \(compared) expressions compared")
    }
}
