// Children, rebuilding and free symbols.

extension Expr {
    /// The direct sub-expressions, in order. For a big operator: each clause's subject and
    /// value, then the body.
    public var children: [Expr] {
        switch kind {
        case .number, .symbol, .constant:
            return []
        case .sum(let items), .product(let items), .list(let items):
            return items
        case .power(let base, let exponent):
            return [base, exponent]
        case .call(_, let arguments):
            return arguments
        case .derivative(let of, _, _):
            return [of]
        case .bigOperator(let op):
            var result: [Expr] = []
            for b in op.bindings {
                result.append(b.subject)
                if let v = b.value { result.append(v) }
            }
            result.append(op.body)
            return result
        case .subscripted(let base, let indices):
            return [base] + indices
        case .range(let lower, let upper):
            return [lower, upper]
        }
    }

    /// Rebuilds this node with each child replaced by `transform(child)`; returns `self`
    /// (sharing the node) when no child changed.
    public func mapChildren<E: Error>(_ transform: (Expr) throws(E) -> Expr) throws(E) -> Expr {
        func mapAll(_ items: [Expr]) throws(E) -> ([Expr], Bool) {
            var changed = false
            var out: [Expr] = []
            out.reserveCapacity(items.count)
            for item in items {
                let t = try transform(item)
                if t.node !== item.node { changed = true }
                out.append(t)
            }
            return (out, changed)
        }
        switch kind {
        case .number, .symbol, .constant:
            return self
        case .sum(let items):
            let (out, changed) = try mapAll(items)
            return changed ? .sum(out) : self
        case .product(let items):
            let (out, changed) = try mapAll(items)
            return changed ? .product(out) : self
        case .list(let items):
            let (out, changed) = try mapAll(items)
            return changed ? Expr(.list(out)) : self
        case .power(let base, let exponent):
            let b = try transform(base), e = try transform(exponent)
            return b.node === base.node && e.node === exponent.node ? self : .power(b, e)
        case .call(let function, let arguments):
            let (out, changed) = try mapAll(arguments)
            return changed ? Expr(.call(function, out)) : self
        case .derivative(let of, let variable, let order):
            let t = try transform(of)
            return t.node === of.node ? self : Expr(.derivative(of: t, variable: variable, order: order))
        case .bigOperator(let op):
            var changed = false
            var bindings: [Binding] = []
            for b in op.bindings {
                let s = try transform(b.subject)
                let v: Expr?
                if let bv = b.value { v = try transform(bv) } else { v = nil }
                if s.node !== b.subject.node || v?.node !== b.value?.node { changed = true }
                bindings.append(Binding(subject: s, relation: b.relation, value: v))
            }
            let body = try transform(op.body)
            if body.node !== op.body.node { changed = true }
            return changed ? Expr(.bigOperator(BigOperator(name: op.name, bindings: bindings, body: body))) : self
        case .subscripted(let base, let indices):
            let b = try transform(base)
            let (out, changed) = try mapAll(indices)
            return changed || b.node !== base.node ? Expr(.subscripted(b, out)) : self
        case .range(let lower, let upper):
            let l = try transform(lower), u = try transform(upper)
            return l.node === lower.node && u.node === upper.node ? self : Expr(.range(l, u))
        }
    }

    /// The symbols that occur free (not bound by a big operator), sorted by name.
    public var freeSymbols: [Symbol] {
        if occurringKinds.isDisjoint(with: [.symbol, .derivative]) { return [] }
        var seen = Set<Symbol>()
        var visited = IdentitySet()
        collectFreeSymbols(into: &seen, bound: [], visited: &visited)
        // A large node's walk has just remembered it, sorted (unless another thread's node
        // took the slot since).
        if treeSize >= FreeSymbolMemo.minimumTreeSize, let kept = FreeSymbolMemo.shared.symbols(of: node) {
            return kept.sorted
        }
        return seen.sorted()
    }

    private func collectFreeSymbols(into result: inout Set<Symbol>, bound: Set<Symbol>,
                                    visited: inout IdentitySet) {
        // Leaves first, without the visited set (most nodes are leaves; a repeated symbol
        // changes nothing in the result).
        if case .symbol(let s) = kind {
            if !bound.contains(s) { result.insert(s) }
            return
        }
        // A subtree without symbols or derivatives (whose variable is a symbol) has none free.
        if occurringKinds.isDisjoint(with: [.symbol, .derivative]) { return }
        // A shared node seen under the same (empty) binding context adds nothing new.
        if bound.isEmpty {
            if visited.contains(ObjectIdentifier(node)) { return }
            visited.insert(ObjectIdentifier(node))
            // A large node's symbols come from (or go to) the memo: with an empty binding
            // context they are exactly its free symbols.
            if treeSize >= FreeSymbolMemo.minimumTreeSize {
                if let kept = FreeSymbolMemo.shared.symbols(of: node) {
                    result.formUnion(kept.set)
                    return
                }
                var own = Set<Symbol>()
                var ownVisited = IdentitySet()
                collectNodeFreeSymbols(into: &own, bound: [], visited: &ownVisited)
                FreeSymbolMemo.shared.remember(own, of: node)
                result.formUnion(own)
                return
            }
        }
        collectNodeFreeSymbols(into: &result, bound: bound, visited: &visited)
    }

    /// The free symbols of this node's parts under `bound` (the node itself already
    /// accounted for in `visited`).
    private func collectNodeFreeSymbols(into result: inout Set<Symbol>, bound: Set<Symbol>,
                                        visited: inout IdentitySet) {
        switch kind {
        case .symbol(let s):
            if !bound.contains(s) { result.insert(s) }
        case .bigOperator(let op):
            var inner = bound
            // Each clause's value may mention earlier bound variables (z ~ q(z|x) after x ~ p).
            for b in op.bindings {
                // `x ~ p`: a bare name after `~` refers to a density, not a variable.
                if b.relation == .distributedAs, b.value?.symbolValue != nil {
                    if b.relation != .option, case .symbol(let s) = b.subject.kind { inner.insert(s) }
                    continue
                }
                if let v = b.value {
                    // In `z ~ p(z | x)` the z inside the density is the variable being bound.
                    var valueBound = inner
                    if b.relation == .distributedAs, case .symbol(let s) = b.subject.kind { valueBound.insert(s) }
                    var innerVisited = IdentitySet()
                    v.collectFreeSymbols(into: &result, bound: valueBound, visited: &innerVisited)
                }
                if b.relation != .option, case .symbol(let s) = b.subject.kind { inner.insert(s) }
            }
            var innerVisited = IdentitySet()
            op.body.collectFreeSymbols(into: &result, bound: inner, visited: &innerVisited)
        case .derivative(let of, let variable, _):
            of.collectFreeSymbols(into: &result, bound: bound, visited: &visited)
            if !bound.contains(variable) { result.insert(variable) }
        case .number, .constant, .sum, .product, .power, .call, .list, .subscripted, .range:
            for c in children { c.collectFreeSymbols(into: &result, bound: bound, visited: &visited) }
        }
    }

    /// Whether `symbol` occurs free in the expression.
    public func contains(_ symbol: Symbol) -> Bool {
        freeSymbols.contains(symbol)
    }

    /// Whether any sub-expression (including `self`) satisfies `predicate`. Visits each
    /// shared node once.
    public func containsSubexpression(where predicate: (Expr) -> Bool) -> Bool {
        var visited = IdentitySet()
        func walk(_ e: Expr) -> Bool {
            if !visited.insert(ObjectIdentifier(e.node)) { return false }
            if predicate(e) { return true }
            for c in e.children where walk(c) { return true }
            return false
        }
        return walk(self)
    }

    /// Whether a selective walk meets a node `visit` calls `.found`: depth first, each
    /// shared node once, entering only the children `visit` names for a node (`.enter([])`
    /// for a leaf). For shape questions whose answer depends on which edges are followed.
    public func walkFinds(_ visit: (Expr) -> NodeVisit) -> Bool {
        var visited = IdentitySet()
        var stack: [Expr] = [self]
        while let x = stack.popLast() {
            guard visited.insert(ObjectIdentifier(x.node)) else { continue }
            switch visit(x) {
            case .found: return true
            case .enter(let children): stack.append(contentsOf: children)
            }
        }
        return false
    }
}

/// What ``Expr/walkFinds(_:)`` does at a node.
public enum NodeVisit {
    /// The node is what the walk looks for: stop, answering `true`.
    case found
    /// Continue into these children (none for a leaf).
    case enter([Expr])
}
