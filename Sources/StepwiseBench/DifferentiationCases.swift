// (b) Differentiation cases, as in /work/shared/bench/bench_diff.py.
//
// Only the differentiation is timed (no simplification of the result). Checks (untimed)
// evaluate the result at x = 0.3 (y = 0.7, z = 1.1 for S3) against 30-digit mpmath
// references computed once with the baseline script's method and written here; like the
// baselines, |value − reference| ≤ 1e-8·max(1, |reference|). (The nested cases are below
// the double range at 0.3, so their check only confirms the value is tiny.)
import Symbolic

enum DifferentiationCases {
    static var cases: [BenchCase] {
        let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")
        func g(_ e: Expr) -> Expr {
            .power(.call(.sin, e * .call(.cos, .power(e, 2) * .call(.exp, e))), 5)
        }
        func nested(_ depth: Int) -> Expr {
            var e = x
            for _ in 0..<depth { e = g(e) }
            return e
        }
        var out: [BenchCase] = []
        out.append(diffCase("diff1_nested_d4", nested(4), order: 1, reference: 0))  // 2.88e-330 at 30 digits: below the double range
        out.append(diffCase("diff1_nested_d6", nested(6), order: 1, reference: 0))
        out.append(diffCase("diff6_g", g(x), order: 6, reference: -7348.25339812773251326458353672))
        out.append(diffCase("diff10_moderate", .call(.exp, .call(.sin, x)) * .call(.log, 1 + .power(x, 2)), order: 10,
                            reference: -17049.3029306735047995199845787))
        // symbench S3: d/dx of expand((x^y + y^z + z^x)^50); the expansion is untimed.
        out.append(BenchCase(name: "symbench_S3", tool: "stepwise") {
            let compact = Expr.power(.power(x, y) + .power(y, z) + .power(z, x), 50)
            let expanded = try RationalNormalForm(compact).expr
            let box = ResultBox<Expr>()
            return BenchBody(run: { box.value = try expanded.derivative(withRespectTo: "x") }, check: {
                guard let d = box.value else { return "no result" }
                return close(d, at: ["x": 0.3, "y": 0.7, "z": 1.1], reference: 761704617788915321.862581919433)
            }, reset: { box.value = nil })
        })
        return out
    }

    static func diffCase(_ name: String, _ e: Expr, order: Int, reference: Double) -> BenchCase {
        BenchCase(name: name, tool: "stepwise") {
            let box = ResultBox<Expr>()
            return BenchBody(run: { box.value = try e.derivative(withRespectTo: "x", order: order) }, check: {
                guard let d = box.value else { return "no result" }
                return close(d, at: ["x": 0.3], reference: reference)
            }, reset: { box.value = nil })
        }
    }

    static func close(_ e: Expr, at point: [Symbol: Double], reference: Double) -> String? {
        guard let v = try? e.evaluate(at: point) else { return "the result cannot be evaluated at the check point" }
        return abs(v - reference) <= 1e-8 * max(1, abs(reference)) ? nil : "value \(v) vs reference \(reference)"
    }
}
