// The shortcuts of the matrix expansion: the term bound stops summing past its cap with the
// bound it would have reached, and the finite-sum check finds exactly what the visited-set
// walk finds (so the finite-sum pass is skipped only when it would change nothing).
import Testing
@testable import Proofs
@testable import Symbolic

private func parse(_ text: String) throws -> Expr {
    try ExprParser(text: text).parse(allowsRange: true).expr
}

/// The term bound as it was computed before the early exit: every term summed.
private func referenceBound(_ e: Expr, cap: Int) -> Int {
    switch e.kind {
    case .sum(let terms):
        return terms.reduce(0) { min(cap + 1, $0 + referenceBound($1, cap: cap)) }
    case .list(let items):
        return items.reduce(0) { min(cap + 1, $0 + referenceBound($1, cap: cap)) }
    case .product(let factors):
        return factors.reduce(1) { acc, f in
            let (p, overflow) = acc.multipliedReportingOverflow(by: referenceBound(f, cap: cap))
            return overflow ? cap + 1 : min(cap + 1, p)
        }
    case .power(let base, let exponent):
        guard let k = exponent.numberValue?.asInt, k >= 0 else { return 1 }
        let b = referenceBound(base, cap: cap)
        var p = 1
        for _ in 0..<min(k, 64) {
            let (q, overflow) = p.multipliedReportingOverflow(by: b)
            p = overflow ? cap + 1 : min(cap + 1, q)
            if p > cap { break }
        }
        return p
    case .number, .symbol, .constant, .call, .derivative, .bigOperator, .subscripted, .range:
        return 1
    }
}

/// A seeded random polynomial-like expression (sums, products, powers of a few symbols).
private func randomExpr(_ random: inout RandomSource, depth: Int) -> Expr {
    let symbols: [Expr] = ["a", "b", "c", "d"].map { .symbol(Symbol($0)) }
    if depth == 0 || random.nextInt(in: 0...3) == 0 {
        return random.nextInt(in: 0...4) == 0 ? .integer(random.nextInt(in: -3...3)) : symbols[random.nextInt(in: 0...3)]
    }
    let count = random.nextInt(in: 2...6)
    let items = (0..<count).map { _ in randomExpr(&random, depth: depth - 1) }
    switch random.nextInt(in: 0...3) {
    case 0: return .sum(items)
    case 1: return .product(items)
    case 2: return .power(items[0], .integer(random.nextInt(in: 0...5)))
    default: return Expr(.list(items))
    }
}

@Suite("matrix expansion shortcuts")
struct ExpansionShortcutTests {
    @Test("the term bound with the early exit is the bound summing every term", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func termBound(seed: UInt64) {
        var random = RandomSource(seed: seed)
        for _ in 0..<60 {
            let e = randomExpr(&random, depth: 4)
            for cap in [1, 10, 100, 2_000] {
                #expect(TermBound.of(e, cap: cap) == referenceBound(e, cap: cap), "\(e) at cap \(cap)")
            }
        }
    }

    @Test("term bounds of small expressions", arguments: [
        ("a + b + c", 10, 3),
        ("(a + b)^2", 10, 4),
        ("(a + b)*(c + d)*(a + c)", 5, 6),
        ("(a + b)^20 + c", 100, 101),
        ("sin(a + b) + c", 10, 2),
        ("0*(a + b + c)", 2, 3),
    ])
    func smallBounds(text: String, cap: Int, expected: Int) throws {
        #expect(TermBound.of(try parse(text), cap: cap) == expected)
    }

    @Test("the finite-sum check finds big operators and subscripts as the visited-set walk does", arguments: [
        "a + b*c", "sum_{i = 1..3}[x[i]]", "a + x[2]", "sin(a)^2 + prod_{j = 1..n}[j]", "E_{z ~ p}[z] + a",
        "diff(f(a), a) + x[1]*y[2]", "[[a, b], [c, x[1]]]", "max(a, b)*sqrt(c)",
    ])
    func finiteCheck(text: String) throws {
        let e = try parse(text)
        let reference = e.containsSubexpression { node in
            switch node.kind {
            case .bigOperator, .subscripted: return true
            case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .list, .range: return false
            }
        }
        #expect(ExpansionSession.mayUnroll(e) == reference)
        if !reference {
            // Nothing to unroll: the finite-sum pass gives the expression itself.
            #expect(try FiniteExpansion.expand(e, limits: .default) == e)
        }
    }
}

@Suite("matrix expansion: the probe of sums over subsets")
struct ExpansionProbeTests {
    static func a(_ n: Int, _ k: Int) -> [String: DeclaredMatrix] {
        ["A": DeclaredMatrix(name: "A", rows: .integer(n), columns: .integer(k), isVector: false),
         "M": DeclaredMatrix(name: "M", rows: 2, columns: 2, isVector: false)]
    }

    /// Sides with sums over subsets whose symbolic expansion is kept or discarded, and ones
    /// the probe must give up on (a deferred determinant inside another, a root call, a
    /// matrix-valued sum, entries that are not distinct symbols).
    @Test("the same expansion as without the probe", arguments: [
        ("sum_{S in subsets(1..4, 2)}[det(rows(A, S))^2]", 4, 2),
        ("sum_{S in subsets(1..6, 3)}[det(rows(A, S))^2]", 6, 3),
        ("sum_{S in subsets(1..7, 3)}[det(rows(A, S))^2]", 7, 3),
        ("sum_{S in subsets(1..6, 4)}[det(rows(A, S))^2]", 6, 4),
        ("sum_{S in subsets(1..7, 5)}[det(rows(A, S))^2] + 1", 7, 5),
        ("sum_{S in subsets(1..8, 6)}[det(rows(A, S))^2]", 8, 6),
        ("sum_{S in subsets(1..5, 4)}[det(rows(A, S))]", 5, 4),
        ("prod_{S in subsets(1..5, 4)}[det(rows(A, S))]", 5, 4),
        ("sqrt(sum_{S in subsets(1..6, 4)}[det(rows(A, S))^2])", 6, 4),
        ("sum_{S in subsets(1..4, 2)}[det(det(rows(A, S))*M)]", 4, 2),
        ("sum_{S in subsets(1..5, 2)}[det(rows(A, S)^T*rows(A, S))^2]", 5, 2),
        ("sum_{S in subsets(1..4, 2)}[rows(A, S)]", 4, 2),
        ("det(A^T*A) - sum_{S in subsets(1..5, 3)}[det(rows(A, S))^2]", 5, 3),
    ])
    func sameAsReference(text: String, n: Int, k: Int) throws {
        let e = try parse(text)
        let probed = try MatrixExpansion.expand(e, matrices: Self.a(n, k), limits: .default, probing: true)
        let reference = try MatrixExpansion.expand(e, matrices: Self.a(n, k), limits: .default, probing: false)
        #expect(probed.expression == reference.expression)
        #expect(probed.rules == reference.rules)
        #expect(probed.usesNumericAtoms == reference.usesNumericAtoms)
    }

    @Test("a Cauchy–Binet sum of 6 × 6 minors is found over the budget after one determinant")
    func overBudget() throws {
        let e = try parse("sum_{S in subsets(1..8, 6)}[det(rows(A, S))^2]")
        let (over, determinants) = MatrixExpansion.probe(e, matrices: Self.a(8, 6), limits: .default)
        #expect(over)
        #expect(determinants.count == 1)
        let small = try parse("sum_{S in subsets(1..4, 2)}[det(rows(A, S))^2]")
        #expect(!MatrixExpansion.probe(small, matrices: Self.a(4, 2), limits: .default).overBudget)
    }
}
