// Bounded recursion for deep expressions.
//
// Implementation notes
// --------------------
// The evaluators, the differentiator, substitution and the compiler are written as
// memoised recursions over the DAG, which is the clearest form, but a recursion as deep as
// the expression (up to `Limits.maxDepth`) can overflow a thread's stack (debug builds,
// 512 KiB threads). So above `recursionLimit` levels each algorithm first walks the DAG
// iteratively in post-order — through exactly the sub-expressions its recursion would
// visit, in the order it would finish them — and computes every node there, bottom-up:
// each call then finds its children memoised and recurses at most a level or two. The
// order of the computations, hence the first error thrown, is the recursion's.

enum DeepExpressions {
    /// Heights up to this are handled by plain recursion.
    static let recursionLimit = 64

    /// The distinct nodes reachable from `root` through `children`, each after all of its
    /// children, in the order a left-to-right memoised recursion finishes them (`root`
    /// last).
    static func postOrder(_ root: Expr, children: (Expr) -> [Expr]) -> [Expr] {
        var order: [Expr] = []
        var visited = IdentitySet()
        var stack: [(node: Expr, children: [Expr], next: Int)] = []
        visited.insert(ObjectIdentifier(root.node))
        stack.append((root, children(root), 0))
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].children.count {
                let child = stack[top].children[stack[top].next]
                stack[top].next += 1
                if visited.insert(ObjectIdentifier(child.node)) {
                    stack.append((child, children(child), 0))
                }
            } else {
                order.append(stack[top].node)
                stack.removeLast()
            }
        }
        return order
    }

    /// The sub-expressions a numeric evaluation of `e` evaluates (see `TreeEvaluator`):
    /// number terms and factors are folded exactly, a `b^(-n)` factor evaluates `b`, a list
    /// subscript evaluates the entries and the indices, and derivatives and big operators are
    /// leaves.
    static func numericChildren(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .number, .symbol, .constant, .derivative, .bigOperator, .list, .range:
            return []
        case .sum(let terms):
            return terms.filter { $0.numberValue == nil }
        case .product(let factors):
            var out: [Expr] = []
            for f in factors where f.numberValue == nil {
                if case .power(let base, let exponent) = f.kind, Expr.negativeIntegerLiteral(exponent) != nil {
                    out.append(base)
                } else {
                    out.append(f)
                }
            }
            return out
        case .power(let base, let exponent):
            return exponent.numberValue == nil ? [base, exponent] : [base]
        case .call(_, let arguments):
            return arguments
        case .subscripted(let base, let indices):
            guard case .list = base.kind, !indices.isEmpty else { return [] }
            return leavesInOrder(base) + indices
        }
    }

    /// The non-list entries of a nested literal list, left to right.
    static func leavesInOrder(_ list: Expr) -> [Expr] {
        var out: [Expr] = []
        var stack: [(items: [Expr], next: Int)] = []
        if case .list(let items) = list.kind { stack.append((items, 0)) }
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].items.count {
                let item = stack[top].items[stack[top].next]
                stack[top].next += 1
                if case .list(let inner) = item.kind { stack.append((inner, 0)) } else { out.append(item) }
            } else {
                stack.removeLast()
            }
        }
        return out
    }
}
