// Comparing a mutant with its original through the monotone context of the change.
//
// Implementation notes
// --------------------
// A mutation changes one sub-expression `before` into `after`; the rest of the tree is the
// same. When `before → after` sits in a context that is monotone in it — a term of a sum, a
// factor of a product whose other factors have a proved sign, the base of a power with a
// number exponent on a proved-nonnegative base, the argument of an increasing function
// (exp, log, sqrt, atan, tanh, sinh, erf, sigmoid, softplus), the body of an expectation or a
// finite sum — then `after ≥ before` gives `mutated ≥ original` (or `≤`, where the context is
// decreasing). So a weaker inequality (`… ≤ exp(t - 1)` → `… ≤ exp(t + 1)`) is recognised as
// implied by the original from two facts the sign prover *can* show — `t + 1 ≥ t - 1` and
// the signs of the co-factors — where a direct proof of `exp(t + 1) ≥ exp(t - 1)` fails.
// Every fact used is proved symbolically by `proves`; nothing numeric enters. The path is
// found by walking both trees together while they differ in exactly one child; any other
// difference, or a context that is not monotone, gives no conclusion (`nil`).

import Symbolic

/// Proves `mutated REL original` from the monotone context of the one place they differ.
struct MonotoneComparison {
    /// Proves `a REL b` symbolically in the file's context (definitions unfolded).
    var proves: (Expr, Relation, Expr) -> Bool

    /// Whether `mutated REL original` (`REL` is `>=` or `<=`) follows from the context of
    /// the difference and a proved comparison of the changed sub-expressions.
    func holds(_ mutated: Expr, _ relation: Relation, _ original: Expr) -> Bool {
        guard relation == .greaterEqual || relation == .lessEqual else { return false }
        var increasing = true
        var a = original, b = mutated
        var steps = 0
        while a != b {
            steps += 1
            guard steps <= 1_000, let (i, direction) = step(a, b) else { break }
            if direction == nil { return false }
            if direction == false { increasing.toggle() }
            a = a.children[i]
            b = b.children[i]
        }
        guard a != b else { return false }
        // At the difference: `b REL' a`, with REL' reversed when the context is decreasing.
        let needed: Relation = (relation == .greaterEqual) == increasing ? .greaterEqual : .lessEqual
        return proves(b, needed, a)
    }

    /// When `a` and `b` differ in exactly one child (same node otherwise): its index and
    /// whether the node is increasing (`true`), decreasing (`false`) or neither (`nil`) in it.
    /// `nil` when they differ at the node itself.
    private func step(_ a: Expr, _ b: Expr) -> (Int, Bool?)? {
        let ca = a.children, cb = b.children
        guard ca.count == cb.count, !ca.isEmpty else { return nil }
        let differing = ca.indices.filter { ca[$0] != cb[$0] }
        guard differing.count == 1, let i = differing.first,
              ExpressionMutator.replacingChild(of: a, at: i, with: cb[i]) == b else { return nil }
        return (i, direction(of: a, child: i, replacement: cb[i]))
    }

    /// How node `e` moves with its child `i` (replaced by `replacement` in the mutant).
    private func direction(of e: Expr, child i: Int, replacement: Expr) -> Bool? {
        switch e.kind {
        case .sum:
            return true
        case .product(let factors):
            let others = factors.enumerated().filter { $0.offset != i }.map(\.element)
            let rest: Expr = others.isEmpty ? .one : (others.count == 1 ? others[0] : .product(others))
            if proves(rest, .greaterEqual, .zero) { return true }
            if proves(rest, .lessEqual, .zero) { return false }
            return nil
        case .power(let base, let exponent):
            guard i == 0, let k = exponent.numberValue else { return nil }
            if let n = k.asInt, n > 0, n % 2 == 1 { return true }
            let bothNonnegative = proves(base, .greaterEqual, .zero) && proves(replacement, .greaterEqual, .zero)
            if k > .zero && bothNonnegative { return true }
            let bothPositive = proves(base, .greater, .zero) && proves(replacement, .greater, .zero)
            if k.isNegative && bothPositive { return false }
            return nil
        case .call(.builtin(let f), let arguments):
            guard arguments.count == 1 else { return nil }
            switch f {
            case .exp, .log, .sqrt, .atan, .tanh, .sinh, .erf, .sigmoid, .softplus:
                return true
            case .abs, .acos, .asin, .cos, .cosh, .lambertw, .max, .min, .sign, .sin, .tan:
                return nil
            }
        case .bigOperator(let op):
            // The body of an expectation or a finite sum (the last child), bindings unchanged.
            guard op.name == "E" || op.name == "sum", i == e.children.count - 1 else { return nil }
            return true
        case .number, .symbol, .constant, .call(.opaque, _), .derivative, .list, .subscripted, .range:
            return nil
        }
    }
}
