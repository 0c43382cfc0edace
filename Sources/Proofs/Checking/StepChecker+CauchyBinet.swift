// Steps by the Cauchy–Binet formula: `det(X^T*X) = sum_{S in subsets(1..n, k)}[det(rows(X, S))^2]`.
//
// Implementation notes
// --------------------
// With the hint `cauchy-binet`, an equation is proved by the theorem when, as written (before
// definitions are unfolded and matrices written out):
//   1. one side is `det(X^T*X)` (or `det(transpose(X)*X)`) for a declared matrix or vector X
//      whose size the family fixes, n × k;
//   2. the other side is `sum_{S in subsets(a..b, m)}[det(rows(X, S))^2]` with the same X, the
//      bound S, a = 1, b = n and m = k: every k-subset of the rows, each maximal minor once.
// The formula holds for every real n × k matrix, so the match is the proof, and it covers
// any value an instance binds X to. (For k > n it would say 0 = 0, but the language rejects
// `subsets(1..n, k)` with k > n before any proof is tried.) The sides are matched
// syntactically, so nothing about the entries is assumed. Matching is cheap; the expensive
// symbolic expansion of an 8 × 8 Gram determinant is then not attempted, but the numeric
// phase always runs and must agree (a contradiction is reported as a checker bug). A step
// that does not match is left to the default pipeline with a note saying what differed.

import Symbolic

extension StepChecker {
    /// Tries the Cauchy–Binet formula on the step `previous = next`; returns the matrix X it
    /// proves the step for and the proof's description, or nil and the reason it does not
    /// apply.
    func cauchyBinetProof(previous: Expr, next: Expr, relation: Relation) -> (matrix: Symbol?, note: String) {
        guard relation == .equal else {
            return (nil, "the Cauchy–Binet formula proves an equation, not \(relation.rawValue)")
        }
        var reasons: [String] = []
        for (gram, minors) in [(previous, next), (next, previous)] {
            guard let matrix = Self.gramMatrixName(of: gram) else { continue }
            switch cauchyBinetMatch(matrix: matrix, minors: minors) {
            case .success(let note): return (matrix, note)
            case .failure(let reason): reasons.append(reason.message)
            }
        }
        if reasons.isEmpty {
            return (nil, "neither side is det(X^T*X) for a declared matrix X")
        }
        return (nil, reasons.joined(separator: "; "))
    }

    /// Why a Cauchy–Binet match failed.
    struct CauchyBinetMismatch: Error {
        var message: String
    }

    /// X when `e` is `det(X^T*X)` or `det(transpose(X)*X)` with X a symbol.
    static func gramMatrixName(of e: Expr) -> Symbol? {
        guard case .call(.opaque(let det), let arguments) = e.kind, det.name == "det", arguments.count == 1,
              case .product(let factors) = arguments[0].kind, factors.count == 2,
              let x = factors[1].symbolValue else { return nil }
        switch factors[0].kind {
        case .power(let base, let exponent):
            return base.symbolValue == x && exponent.symbolValue?.name == "T" ? x : nil
        case .call(.opaque(let transpose), let inner):
            return transpose.name == "transpose" && inner.count == 1 && inner[0].symbolValue == x ? x : nil
        case .number, .symbol, .constant, .sum, .product, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }

    /// Checks that `minors` is the sum of the squared maximal minors of the declared matrix
    /// named `matrix`, over exactly the k-subsets of its n rows.
    func cauchyBinetMatch(matrix: Symbol, minors: Expr) -> Result<String, CauchyBinetMismatch> {
        func fail(_ message: String) -> Result<String, CauchyBinetMismatch> { .failure(CauchyBinetMismatch(message: message)) }
        guard let declared = context.matrices[matrix.name] else {
            return fail("'\(matrix.name)' is not a declared matrix")
        }
        let shape: MatrixShape
        do {
            shape = try declared.size()
        } catch {
            return fail("\(error)")
        }
        guard case .bigOperator(let op) = minors.kind, op.name == "sum", op.bindings.count == 1,
              let s = op.bindings[0].subject.symbolValue, op.bindings[0].relation == .member,
              let set = op.bindings[0].value,
              case .call(.opaque(let subsets), let arguments) = set.kind, subsets.name == "subsets", arguments.count == 2,
              case .range(let lo, let hi) = arguments[0].kind else {
            return fail("the other side is not sum_{S in subsets(1..n, k)}[…]")
        }
        func integer(_ e: Expr) -> Int? { (try? e.evaluateExactly(at: [:]))?.asInt }
        guard integer(lo) == 1, integer(hi) == shape.rows, integer(arguments[1]) == shape.columns else {
            return fail("the sum must run over subsets(1..\(shape.rows), \(shape.columns)), the \(shape.columns)-subsets "
                        + "of the \(shape.rows) rows of \(matrix.name); it runs over subsets(\(lo)..\(hi), \(arguments[1]))")
        }
        guard case .power(let base, let exponent) = op.body.kind, integer(exponent) == 2,
              case .call(.opaque(let det), let detArguments) = base.kind, det.name == "det", detArguments.count == 1,
              case .call(.opaque(let rows), let rowsArguments) = detArguments[0].kind, rows.name == "rows",
              rowsArguments.count == 2, rowsArguments[0].symbolValue == matrix, rowsArguments[1].symbolValue == s else {
            return fail("the summand must be det(rows(\(matrix.name), \(s.name)))^2")
        }
        let x = matrix.name
        return .success("Cauchy–Binet for the \(shape.rows) × \(shape.columns) matrix \(x): det(\(x)^T*\(x)) is the sum "
                        + "of det(rows(\(x), S))^2 over the \(shape.columns)-subsets S of 1..\(shape.rows)")
    }
}
