// Substituting expressions for symbols, capture-avoiding.
//
// Implementation notes
// --------------------
// A `Substitution` walks the DAG once with a memo keyed by node identity (valid for one
// replacement map; entering a big operator that binds some of the map's symbols, or that
// needs renaming, uses a fresh `Substitution` for the scoped parts).
// - Big operators: the clause values and the body see the map minus the symbols bound so
//   far (clause i's value sees the subjects of clauses 0..<i as bound, as in `freeSymbols`).
//   If a replacement that will actually be used there mentions a bound symbol free, that
//   bound symbol is first renamed to a fresh one (`name_1`, `name_2`, …, the first unused),
//   so the replacement is not captured.
// - `diff(e, v, n)`: when v itself is replaced, or a used replacement mentions v, the
//   derivative is formed symbolically first and the result substituted (substitution and
//   differentiation do not commute then). If it cannot be formed (a big operator inside),
//   substitution throws.
// - Everything else is rebuilt through `mapChildren`, sharing untouched sub-trees.

extension Expr {
    /// The expression with `value` substituted for every free occurrence of `symbol`.
    ///
    /// Capture-avoiding: a big operator binding a symbol that `value` mentions has its
    /// bound variable renamed. Shared sub-expressions are visited once.
    /// - Throws: ``LimitExceeded`` (depth) or ``DifferentiationError`` when an unevaluated
    ///   derivative would have to be formed to substitute into it.
    public func substituting(_ value: Expr, for symbol: Symbol, limits: Limits = .default) throws -> Expr {
        try substituting([symbol: value], limits: limits)
    }

    /// The expression with all the replacements made simultaneously (`x ↦ y, y ↦ x` swaps).
    ///
    /// - Throws: see ``substituting(_:for:limits:)``.
    public func substituting(_ replacements: [Symbol: Expr], limits: Limits = .default) throws -> Expr {
        if replacements.isEmpty { return self }
        guard height <= limits.maxDepth else {
            throw LimitExceeded(limit: "maxDepth", requested: height, maximum: limits.maxDepth)
        }
        var substitution = Substitution(replacements: replacements, limits: limits)
        return try substitution.applyDeep(self)
    }
}

/// One simultaneous substitution over a DAG.
struct Substitution {
    let replacements: [Symbol: Expr]
    let limits: Limits
    /// Free symbols of each replacement value.
    private let valueSymbols: [Symbol: Set<Symbol>]
    private var memo: IdentityMap<Expr> = [:]
    /// Memoised inputs kept alive, so that an identifier is never reused by a later node
    /// (derivatives formed on the way are temporaries).
    private var retained: [Expr] = []

    init(replacements: [Symbol: Expr], limits: Limits) {
        self.replacements = replacements
        self.limits = limits
        var symbols: [Symbol: Set<Symbol>] = [:]
        for (k, v) in replacements { symbols[k] = Set(v.freeSymbols) }
        self.valueSymbols = symbols
    }

    /// `apply`, bottom-up first when `e` is deep (see `DeepExpressions`).
    mutating func applyDeep(_ e: Expr) throws -> Expr {
        if e.height > DeepExpressions.recursionLimit {
            let order = DeepExpressions.postOrder(e) { n in
                switch n.kind {
                case .bigOperator: return []
                case .derivative(let of, _, _): return [of]
                case .number, .symbol, .constant, .sum, .product, .power, .call, .list, .subscripted, .range:
                    return n.children
                }
            }
            for n in order { _ = try apply(n) }
        }
        return try apply(e)
    }

    mutating func apply(_ e: Expr) throws -> Expr {
        switch e.kind {
        case .number, .constant:
            return e
        case .symbol(let s):
            return replacements[s] ?? e
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            let key = ObjectIdentifier(e.node)
            if let r = memo[key] { return r }
            let r = try applyComposite(e)
            memo[key] = r
            retained.append(e)
            return r
        }
    }

    private mutating func applyComposite(_ e: Expr) throws -> Expr {
        switch e.kind {
        case .bigOperator(let op):
            return try applyToBigOperator(op, original: e)
        case .derivative(let of, let variable, let order):
            let free = Set(of.freeSymbols)
            let used = replacements.keys.filter { free.contains($0) }
            if used.isEmpty { return e }
            let clashes = replacements[variable] != nil
                || used.contains { valueSymbols[$0]?.contains(variable) == true }
            if !clashes {
                let inner = try apply(of)
                return inner.node === of.node ? e : Expr(.derivative(of: inner, variable: variable, order: order))
            }
            if of.isUnevaluableDerivativeTarget {
                throw DifferentiationError.notDifferentiable(
                    "an unevaluated derivative in \(variable.name) after substituting for \(variable.name)")
            }
            let formed = try of.derivative(withRespectTo: variable, order: order, limits: limits)
            return try applyDeep(formed)
        case .number, .symbol, .constant, .sum, .product, .power, .call, .list, .subscripted, .range:
            return try e.mapChildren { try apply($0) }
        }
    }

    private mutating func applyToBigOperator(_ op: BigOperator, original: Expr) throws -> Expr {
        let free = Set(original.freeSymbols)
        let active = replacements.filter { free.contains($0.key) }
        if active.isEmpty { return original }
        // Rename bound symbols that a used replacement mentions.
        var renamed = op
        let mentioned = active.keys.reduce(into: Set<Symbol>()) { $0.formUnion(valueSymbols[$1] ?? []) }
        let captured = op.boundSymbols.filter { mentioned.contains($0) }
        if !captured.isEmpty {
            var avoid = Set(original.allSymbols)
            for (k, v) in replacements {
                avoid.insert(k)
                avoid.formUnion(v.allSymbols)
            }
            for b in captured {
                let fresh = Symbol.fresh(basedOn: b, avoiding: avoid)
                avoid.insert(fresh)
                renamed = try renamed.renamingBound(b, to: fresh, limits: limits)
            }
        }
        // Substitute clause by clause, removing symbols as they become bound.
        var scoped = active
        var inner = Substitution(replacements: scoped, limits: limits)
        var bindings: [Binding] = []
        for b in renamed.bindings {
            let value = try b.value.map { try inner.applyDeep($0) }
            bindings.append(Binding(subject: b.subject, relation: b.relation, value: value))
            if b.relation != .option, case .symbol(let s) = b.subject.kind, scoped[s] != nil {
                scoped[s] = nil
                inner = Substitution(replacements: scoped, limits: limits)
            }
        }
        let body = scoped.isEmpty ? renamed.body : try inner.applyDeep(renamed.body)
        return Expr(.bigOperator(BigOperator(name: renamed.name, bindings: bindings, body: body)))
    }
}

extension BigOperator {
    /// The operator with bound symbol `old` renamed to `new` in its clause subject and in
    /// every part in its scope (later clause values and the body).
    func renamingBound(_ old: Symbol, to new: Symbol, limits: Limits) throws -> BigOperator {
        var bindings: [Binding] = []
        var inScope = false
        let rename = [old: Expr.symbol(new)]
        for b in self.bindings {
            let value = try inScope ? b.value.map { try $0.substituting(rename, limits: limits) } : b.value
            var subject = b.subject
            if b.relation != .option, case .symbol(let s) = b.subject.kind, s == old, !inScope {
                subject = .symbol(new)
                inScope = true
            }
            bindings.append(Binding(subject: subject, relation: b.relation, value: value))
        }
        let body = inScope ? try self.body.substituting(rename, limits: limits) : self.body
        return BigOperator(name: name, bindings: bindings, body: body)
    }
}

extension Expr {
    /// Every symbol that occurs anywhere (free, bound, or as a differentiation variable).
    var allSymbols: [Symbol] {
        var seen = Set<Symbol>()
        var visited = IdentitySet()
        var stack = [self]
        while let e = stack.popLast() {
            guard visited.insert(ObjectIdentifier(e.node)) else { continue }
            switch e.kind {
            case .symbol(let s): seen.insert(s)
            case .derivative(_, let v, _): seen.insert(v)
            case .number, .constant, .sum, .product, .power, .call, .bigOperator, .list, .subscripted, .range:
                break
            }
            stack.append(contentsOf: e.children)
        }
        return seen.sorted()
    }
}

extension Symbol {
    /// `name_1`, `name_2`, … : the first not in `avoiding`.
    static func fresh(basedOn symbol: Symbol, avoiding: Set<Symbol>) -> Symbol {
        var k = 1
        while true {
            let candidate = Symbol("\(symbol.name)_\(k)")
            if !avoiding.contains(candidate) { return candidate }
            k += 1
        }
    }
}
