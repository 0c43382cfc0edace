// Shared builders for the linear-algebra tests: seeded integer and rational matrices.
import Proofs
import Symbolic

enum TestMatrices {
    /// An n×m matrix of integers uniform in `range`, from `seed`.
    static func integers(_ rows: Int, _ columns: Int, in range: ClosedRange<Int>, seed: UInt64) -> Matrix<Rational> {
        var random = RandomSource(seed: seed)
        var entries: [Rational] = []
        for _ in 0..<(rows * columns) { entries.append(Rational(random.nextInt(in: range))) }
        return try! Matrix(rows: rows, columns: columns, entries: entries)
    }

    /// An n×m matrix of rationals p/q, p in -20...20, q in 1...9, from `seed`.
    static func rationals(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Rational> {
        var random = RandomSource(seed: seed)
        var entries: [Rational] = []
        for _ in 0..<(rows * columns) {
            entries.append(Rational(random.nextInt(in: -20...20), random.nextInt(in: 1...9))!)
        }
        return try! Matrix(rows: rows, columns: columns, entries: entries)
    }

    /// A matrix of rationals from integer rows.
    static func exact(_ rows: [[Int]]) -> Matrix<Rational> {
        try! Matrix(rows: rows.map { $0.map { Rational($0) } })
    }

    /// A matrix of doubles from rows.
    static func double(_ rows: [[Double]]) -> Matrix<Double> {
        try! Matrix(rows: rows)
    }

    /// A matrix of expressions parsed from rows of source text.
    static func expressions(_ rows: [[String]]) throws -> Matrix<Expr> {
        try Matrix(rows: rows.map { try $0.map { try Expr(parsing: $0) } })
    }

    /// The n×m matrix of independent plain symbols `<prefix><i><j>` (0-based).
    static func symbols(_ prefix: String, _ rows: Int, _ columns: Int) -> Matrix<Expr> {
        try! Matrix(rows: rows, columns: columns) { i, j in Expr.symbol("\(prefix)\(i)\(j)") }
    }

    /// The determinant by the Leibniz formula, built as an unexpanded expression (an
    /// oracle independent of the library's algorithms).
    static func leibniz(_ m: Matrix<Expr>) -> Expr {
        let n = m.rowCount
        var terms: [Expr] = []
        func visit(_ prefix: [Int], _ remaining: [Int]) {
            if remaining.isEmpty {
                var inversions = 0
                for a in 0..<n { for b in (a + 1)..<n where prefix[a] > prefix[b] { inversions += 1 } }
                let factors = (0..<n).map { m[$0, prefix[$0]] }
                terms.append(.product([.integer(inversions % 2 == 0 ? 1 : -1)] + factors))
                return
            }
            for (k, c) in remaining.enumerated() {
                var rest = remaining
                rest.remove(at: k)
                visit(prefix + [c], rest)
            }
        }
        visit([], Array(0..<n))
        return .sum(terms)
    }

    /// Whether `a − b` has rational normal form zero.
    static func same(_ a: Expr, _ b: Expr) throws -> Bool {
        try (a - b).rationalNormalForm().isZero
    }

    /// max |a_ij − b_ij|.
    static func maxDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        zip(a.entries, b.entries).reduce(0) { max($0, ($1.0 - $1.1).magnitude) }
    }
}
