// Symbolic differentiation.
//
// Implementation notes
// --------------------
// One exhaustive switch over `Expr.Kind`; per-built-in rules live in
// `Differentiate+Rules.swift`. The input is first interned (`ExprBuilder`), then
// differentiated with a memo keyed by node identity, so a DAG input costs time linear in
// its number of distinct nodes (nested g(g(g(x))) shares every level), and results are
// built through the builder's light folding, so they are hash-consed DAGs. Higher orders
// repeat the pass on the previous result with the same builder (sharing continues across
// orders). Rules:
// - sums term by term; n-ary products by the product rule (a term per non-constant factor);
// - `u^r` with a number r: `r·u^(r−1)·u'`; `u^v` with v' = 0: `v·u^(v−1)·u'`; with u' = 0:
//   `u^v·log(u)·v'`; general: `u^v·(v'·log u + v·u'/u)`;
// - built-ins by the chain rule; opaque `f(u₁…uₙ)` gives `Σ ∂ᵢf(u)·uᵢ'` with derivative heads
//   `OpaqueFunction.differentiated(inArgument:arity:)`;
// - `diff(e, v, n)` is differentiated out first (then in x), unless e is a big operator
//   (or such a derivative), which stays an unevaluated derivative node;
// - big operators: 0 when x is not free in them, else the unevaluated `diff(B, x, 1)`;
// - lists element-wise; `L[i]` as `L'[i]` (indices are integers, locally constant);
//   a range that mentions x is not differentiable.

/// Why a derivative could not be formed.
public enum DifferentiationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A negative derivative order was requested.
    case negativeOrder(Int)
    /// The construct has no derivative (an integer range depending on the variable).
    case notDifferentiable(String)

    /// A one-line lowercase description.
    public var description: String {
        switch self {
        case .negativeOrder(let n): return "derivative order \(n) is negative"
        case .notDifferentiable(let what): return "\(what) is not differentiable"
        }
    }
}

extension Expr {
    /// The derivative with respect to `variable`, symbolically, lightly folded (not
    /// normalised: compare results with `Canonical` or numerically).
    ///
    /// - Parameters:
    ///   - variable: The symbol to differentiate by.
    ///   - limits: Bounds on depth and on the number of nodes created (`maxTerms`).
    /// - Throws: ``LimitExceeded`` or ``DifferentiationError``.
    public func derivative(withRespectTo variable: Symbol, limits: Limits = .default) throws -> Expr {
        try derivative(withRespectTo: variable, order: 1, limits: limits)
    }

    /// The `order`-th derivative with respect to `variable` (order 0 is the expression
    /// itself).
    ///
    /// - Throws: ``LimitExceeded`` (`maxOrder`, `maxDepth`, `maxTerms`) or
    ///   ``DifferentiationError``.
    public func derivative(withRespectTo variable: Symbol, order: Int, limits: Limits = .default) throws -> Expr {
        guard order >= 0 else { throw DifferentiationError.negativeOrder(order) }
        guard order <= limits.maxOrder else {
            throw LimitExceeded(limit: "maxOrder", requested: order, maximum: limits.maxOrder)
        }
        if order == 0 { return self }
        let builder = ExprBuilder(limits: limits)
        return try builder.derivative(of: self, variable: variable, order: order)
    }

    /// Whether differentiating this expression leaves it unevaluated: a big operator, or an
    /// unevaluated derivative of one.
    var isUnevaluableDerivativeTarget: Bool {
        switch kind {
        case .bigOperator: return true
        case .derivative(let of, _, _): return of.isUnevaluableDerivativeTarget
        case .number, .symbol, .constant, .sum, .product, .power, .call, .list, .subscripted, .range:
            return false
        }
    }
}

extension ExprBuilder {
    /// Interns `e` and differentiates it `order` times.
    func derivative(of e: Expr, variable: Symbol, order: Int) throws -> Expr {
        var current = try intern(e)
        for _ in 0 ..< order {
            guard current.height <= limits.maxDepth else {
                throw LimitExceeded(limit: "maxDepth", requested: current.height, maximum: limits.maxDepth)
            }
            current = try Differentiator(variable: variable, builder: self).differentiate(current)
        }
        return current
    }
}

/// One differentiation pass with respect to one variable, memoised per node.
final class Differentiator {
    let variable: Symbol
    let builder: ExprBuilder
    private var memo = IdentityMemo()

    init(variable: Symbol, builder: ExprBuilder) {
        self.variable = variable
        self.builder = builder
    }

    /// The derivative of an interned expression, bottom-up first when it is deep (see
    /// `DeepExpressions`).
    func differentiate(_ e: Expr) throws -> Expr {
        if e.height > DeepExpressions.recursionLimit {
            for n in DeepExpressions.postOrder(e, children: Differentiator.children) { _ = try derivative(n) }
        }
        return try derivative(e)
    }

    /// The sub-expressions whose derivatives `derivative` uses.
    static func children(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .sum(let items), .product(let items), .list(let items): return items
        case .power(let base, let exponent): return [base, exponent]
        case .call(_, let arguments): return arguments
        case .subscripted(let base, _): return [base]
        case .number, .symbol, .constant, .derivative, .bigOperator, .range: return []
        }
    }

    /// The derivative of an interned expression whose children are (or are shallow enough to
    /// be) differentiated already.
    func derivative(_ e: Expr) throws -> Expr {
        switch e.kind {
        case .number, .constant:
            return builder.zero
        case .symbol(let s):
            return s == variable ? builder.one : builder.zero
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            if let d = memo[e] { return d }
            let d = try compositeDerivative(e)
            memo[e] = d
            return d
        }
    }

    private func compositeDerivative(_ e: Expr) throws -> Expr {
        let b = builder
        switch e.kind {
        case .number, .constant, .symbol:
            return try derivative(e)

        case .sum(let terms):
            var parts: [Expr] = []
            parts.reserveCapacity(terms.count)
            for t in terms {
                let d = try derivative(t)
                if !d.isZero { parts.append(d) }
            }
            return try b.add(parts)

        case .product(let factors):
            var terms: [Expr] = []
            for (i, f) in factors.enumerated() {
                let d = try derivative(f)
                if d.isZero { continue }
                terms.append(try b.multiply(factors, replacing: i, with: d))
            }
            return try b.add(terms)

        case .power(let base, let exponent):
            let du = try derivative(base)
            let dv = try derivative(exponent)
            if dv.isZero {
                if du.isZero { return b.zero }
                if case .number(let r) = exponent.kind {
                    return try b.multiply([b.number(r), b.power(base, r - .one), du])
                }
                return try b.multiply([exponent, b.power(base, exponent: b.add([exponent, b.minusOne])), du])
            }
            let logBase = try b.call(.log, base)
            if du.isZero {
                return try b.multiply([e, logBase, dv])
            }
            let inner = try b.add([b.multiply([dv, logBase]), b.multiply([exponent, du, b.reciprocal(base)])])
            return try b.multiply([e, inner])

        case .call(let function, let arguments):
            switch function {
            case .builtin(let f):
                if f.arity == nil { return try extremumDerivative(f, arguments) }
                guard arguments.count == 1 else {
                    throw DifferentiationError.notDifferentiable("\(f.rawValue) with \(arguments.count) arguments")
                }
                let du = try derivative(arguments[0])
                if du.isZero { return b.zero }
                return try b.multiply([builtinDerivative(f, at: arguments[0], call: e), du])
            case .opaque(let o):
                var terms: [Expr] = []
                for (i, a) in arguments.enumerated() {
                    let d = try derivative(a)
                    if d.isZero { continue }
                    let head = o.differentiated(inArgument: i, arity: arguments.count)
                    terms.append(try b.multiply([b.call(.opaque(head), arguments), d]))
                }
                return try b.add(terms)
            }

        case .derivative(let of, let v, let order):
            if of.isUnevaluableDerivativeTarget {
                if !e.contains(variable) { return b.zero }
                if v == variable {
                    guard order < b.limits.maxOrder else {
                        throw LimitExceeded(limit: "maxOrder", requested: order + 1, maximum: b.limits.maxOrder)
                    }
                    return try b.unique(Expr(.derivative(of: of, variable: variable, order: order + 1)))
                }
                return try b.unique(Expr(.derivative(of: e, variable: variable, order: 1)))
            }
            let inner = try b.derivative(of: of, variable: v, order: order)
            return try differentiate(inner)

        case .bigOperator:
            if !e.contains(variable) { return b.zero }
            return try b.unique(Expr(.derivative(of: e, variable: variable, order: 1)))

        case .list(let items):
            var out: [Expr] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try derivative(item)) }
            return try b.unique(Expr(.list(out)))

        case .subscripted(let base, let indices):
            let d = try derivative(base)
            if d.isZero || d.isAllZeroList { return b.zero }
            return try b.unique(Expr(.subscripted(d, indices)))

        case .range:
            if e.contains(variable) {
                throw DifferentiationError.notDifferentiable("a range depending on \(variable.name)")
            }
            return b.zero
        }
    }
}

private extension Expr {
    /// A (nested) list whose entries are all the number 0.
    var isAllZeroList: Bool {
        guard case .list(let items) = kind else { return false }
        return items.allSatisfy { $0.isZero || $0.isAllZeroList }
    }
}
