// (c) Zero-equivalence cases, as in /work/shared/bench/bench_simplify.py.
//
// `stepwise` times the symbolic decision alone (normal form, then guarded rules), like the
// baselines' `sympy-targeted` column; `stepwise-full` times the whole check a derivation step
// gets — symbolic decision plus the numeric comparison at 20 seeded points — the counterpart
// of the `*-numeric` columns. For the Gram cases the timing includes building det(BᵀB) and the
// minors, as in the baselines.
import Symbolic

enum ZeroEquivalenceCases {
    static var cases: [BenchCase] {
        let a = Expr.symbol("a"), b = Expr.symbol("b"), x = Expr.symbol("x")
        var positive = Assumptions()
        positive.assume("a", is: .positive)
        positive.assume("b", is: .positive)
        var out: [BenchCase] = []
        func add(_ name: String, _ build: @escaping () -> (Expr, Expr), assumptions: Assumptions = Assumptions()) {
            for (tool, full) in [("stepwise", false), ("stepwise-full", true)] {
                out.append(BenchCase(name: name, tool: tool) {
                    let checker = EquivalenceChecker(assumptions: assumptions)
                    let box = ResultBox<EquivalenceResult>()
                    return BenchBody(run: {
                        let (l, r) = build()
                        box.value = full ? checker.decide(l, .equal, r) : checker.decideSymbolically(l, r)
                    }, check: {
                        guard let result = box.value else { return "no result" }
                        return result.verdict == .proved ? nil : "not proved: \(result.verdict) \(result.notes)"
                    }, reset: { box.value = nil })
                })
            }
        }
        add("zero_log_ratio", { (.call(.log, a / b), .call(.log, a) - .call(.log, b)) }, assumptions: positive)
        add("zero_rational", { ((.power(x, 2) - 1) / (x - 1), x + 1) })
        add("zero_trig_cos3x", { (.call(.cos, 3 * x), 4 * .power(.call(.cos, x), 3) - 3 * .call(.cos, x)) })
        add("zero_gram_4x2", { gram(rows: 4, columns: 2) })
        add("zero_gram_6x3", { gram(rows: 6, columns: 3) })
        return out
    }

    /// det(BᵀB) and Σ_{|S| = k} det(B_S)² for a rows×columns matrix of independent symbols.
    static func gram(rows n: Int, columns k: Int) -> (Expr, Expr) {
        let b = (0..<n).map { i in (0..<k).map { j in Expr.symbol("b\(i * k + j)") } }
        var gramMatrix: [[Expr]] = []
        for p in 0..<k {
            var row: [Expr] = []
            for q in 0..<k { row.append(.sum((0..<n).map { i in b[i][p] * b[i][q] })) }
            gramMatrix.append(row)
        }
        var minors: [Expr] = []
        for subset in subsets(n, k) {
            minors.append(.power(determinant(subset.map { b[$0] }), 2))
        }
        return (determinant(gramMatrix), .sum(minors))
    }

    /// Laplace expansion along the first row (k ≤ 3 here), faithful and unexpanded.
    static func determinant(_ m: [[Expr]]) -> Expr {
        if m.count == 1 { return m[0][0] }
        var terms: [Expr] = []
        for j in 0..<m.count {
            let minor = m.dropFirst().map { row in row.enumerated().filter { $0.offset != j }.map(\.element) }
            let term = m[0][j] * determinant(Array(minor))
            terms.append(j % 2 == 0 ? term : term.negated())
        }
        return .sum(terms)
    }

    static func subsets(_ n: Int, _ k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        if n < k { return [] }
        return subsets(n - 1, k) + subsets(n - 1, k - 1).map { $0 + [n - 1] }
    }
}
