// Resolving max and min by their dominating argument.
//
// Implementation notes
// --------------------
// `max(a_1, …, a_n)` is replaced by `a_k` when the sign prover shows a_k − a_j ≥ 0 for every
// j (for `min`, a_k − a_j ≤ 0), under the checker's assumptions. Nodes are resolved bottom
// up, so nested extrema resolve inside out. Only proved comparisons are used: an unresolved
// extremum is left as written. Work is bounded: at most `maxNodes` extrema with at most
// `maxArguments` arguments each are examined (n² sign proofs per node).

/// Replaces max/min nodes by a provably dominating argument.
struct ExtremumResolver {
    /// What is known about the symbols.
    let assumptions: Assumptions
    /// Resource limits.
    let limits: Limits
    /// Extrema examined at most.
    var maxNodes = 64
    /// Larger extrema are left alone.
    var maxArguments = 16

    /// `e` with every resolvable max/min replaced; `nil` when nothing was resolved.
    mutating func resolve(_ e: Expr) -> Expr? {
        guard e.height <= limits.maxDepth else { return nil }
        var changed = false
        let out = walk(e, &changed)
        return changed ? out : nil
    }

    private mutating func walk(_ e: Expr, _ changed: inout Bool) -> Expr {
        guard e.containsSubexpression(where: { Self.isExtremum($0) }) else { return e }
        var inner = false
        let mapped = e.mapChildren { (c: Expr) -> Expr in walk(c, &inner) }
        if inner { changed = true }
        guard case .call(.builtin(let f), let arguments) = mapped.kind, f == .max || f == .min,
              arguments.count >= 2, arguments.count <= maxArguments, maxNodes > 0 else { return mapped }
        maxNodes -= 1
        let property: Property = f == .max ? .nonnegative : .nonpositive
        for (k, candidate) in arguments.enumerated() {
            let dominates = arguments.indices.allSatisfy { j in
                j == k || assumptions.prove(candidate - arguments[j], is: property) == .proved
            }
            if dominates {
                changed = true
                return candidate
            }
        }
        return mapped
    }

    private static func isExtremum(_ e: Expr) -> Bool {
        if case .call(.builtin(let f), _) = e.kind { return f == .max || f == .min }
        return false
    }
}
