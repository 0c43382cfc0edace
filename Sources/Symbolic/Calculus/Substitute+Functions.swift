// Substituting the definition of an opaque function, `f(u) = body`.
//
// Implementation notes
// --------------------
// Every call `f(a₁, …, aₙ)` with the given name and arity becomes
// `body[u₁ ↦ a₁, …, uₙ ↦ aₙ]` (arguments first substituted themselves, so nested calls
// `f(f(x))` work); a derivative head `f'` / `∂(i,j…) f` becomes the matching partial
// derivative of the body, formed once per order vector. Big operators that bind a symbol
// which the body uses globally (free, not a parameter) are renamed first, so the body's
// symbols are not captured. Memoised over the DAG by node identity.

extension Expr {
    /// The expression with the opaque function `name` replaced by its definition
    /// `name(parameters) = body`, derivatives `f'(a)` by the derivative of the body.
    ///
    /// Calls with a different number of arguments are left alone.
    /// - Throws: ``LimitExceeded`` or ``DifferentiationError`` from forming derivatives of
    ///   the body.
    public func substituting(function name: String, parameters: [Symbol], body: Expr,
                             limits: Limits = .default) throws -> Expr {
        guard height <= limits.maxDepth else {
            throw LimitExceeded(limit: "maxDepth", requested: height, maximum: limits.maxDepth)
        }
        var substitution = FunctionSubstitution(name: name, parameters: parameters, body: body, limits: limits)
        if height > DeepExpressions.recursionLimit {
            for n in DeepExpressions.postOrder(self, children: \.children) { _ = try substitution.apply(n) }
        }
        return try substitution.apply(self)
    }
}

/// One function-definition substitution over a DAG.
struct FunctionSubstitution {
    let name: String
    let parameters: [Symbol]
    let body: Expr
    let limits: Limits
    /// Symbols free in the body that are not parameters (captured if bound around a call).
    private let globals: Set<Symbol>
    private var memo: IdentityMap<Expr> = [:]
    /// Memoised inputs kept alive, so that an identifier is never reused by a later node
    /// (derivatives formed on the way are temporaries).
    private var retained: [Expr] = []
    private var bodies: [[Int]: Expr] = [:]

    init(name: String, parameters: [Symbol], body: Expr, limits: Limits) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.limits = limits
        self.globals = Set(body.freeSymbols).subtracting(parameters)
    }

    mutating func apply(_ e: Expr) throws -> Expr {
        switch e.kind {
        case .number, .symbol, .constant:
            return e
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
        case .call(.opaque(let o), let arguments) where o.name == name && arguments.count == parameters.count:
            var values: [Symbol: Expr] = [:]
            for (p, a) in zip(parameters, arguments) { values[p] = try apply(a) }
            return try definition(for: o.derivativeOrders).substituting(values, limits: limits)
        case .bigOperator(var op):
            let captured = op.boundSymbols.filter { globals.contains($0) }
            if !captured.isEmpty && e.containsCall(named: name) {
                var avoid = Set(e.allSymbols).union(body.allSymbols)
                for b in captured {
                    let fresh = Symbol.fresh(basedOn: b, avoiding: avoid)
                    avoid.insert(fresh)
                    op = try op.renamingBound(b, to: fresh, limits: limits)
                }
                return try Expr(.bigOperator(op)).mapChildren { try apply($0) }
            }
            return try e.mapChildren { try apply($0) }
        case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .list,
             .subscripted, .range:
            return try e.mapChildren { try apply($0) }
        }
    }

    /// The body differentiated as the head's derivative orders say.
    private mutating func definition(for orders: [Int]) throws -> Expr {
        if orders.allSatisfy({ $0 == 0 }) { return body }
        if let d = bodies[orders] { return d }
        var d = body
        for (i, k) in orders.enumerated() where k > 0 && i < parameters.count {
            d = try d.derivative(withRespectTo: parameters[i], order: k, limits: limits)
        }
        bodies[orders] = d
        return d
    }
}

extension Expr {
    /// Whether a call of the opaque function `name` occurs anywhere.
    func containsCall(named name: String) -> Bool {
        containsSubexpression(ofKinds: .opaqueCall) { e in
            if case .call(.opaque(let o), _) = e.kind { return o.name == name }
            return false
        }
    }
}
