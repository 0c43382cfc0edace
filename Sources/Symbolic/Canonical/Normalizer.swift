// Expr → structural canonical form.
//
// Implementation notes
// --------------------
// A bottom-up walk, memoised by node identity (inputs may be DAGs), that rebuilds every
// node through four smart constructors — `sum`, `product`, `power`, `call` — each of which
// takes *canonical* operands and returns a canonical result. The invariants they establish
// are listed on `Canonical`; `Expr.canonicalViolation` checks them.
//
// * `sum` splices nested sums, splits each term into coefficient × monomial, adds the
//   coefficients of equal monomials in a dictionary (iteration order is irrelevant: the
//   terms are sorted by `ExprOrder.compareTerms` afterwards), and drops zeros.
// * `product` splices nested products, multiplies numbers into one coefficient, adds the
//   exponents of equal bases, then rebuilds each `base^exponent` through `power`, which may
//   return numbers or products (`2^(3/2)` is `2*2^(1/2)`); those are merged again, a bounded
//   number of times.
// * `power` folds numeric powers, splits numeric radicals into prime bases, distributes
//   integer powers over products, and merges `(x^a)^n` for integer n only (`(x^2)^(1/2)` is
//   `|x|`, not `x`, so it is left alone for the guarded rules).
// * `call` folds exact special values and parity.
//
// The memo pays for itself on shared subtrees, but setting it up (two tables and the list of
// retained inputs) costs more than normalising a small input twice over. An input of fewer
// than `memoThreshold` tree nodes — the size of the tree with shared subtrees counted at
// every occurrence, so the walk cannot visit more nodes than that — is walked without it.
// A derivative evaluated during the walk is a new input, possibly with much sharing: a large
// one switches the memo on. Leaves are their own canonical form and are never memoised.

struct Normalizer {
    let limits: Limits
    private var memo: IdentityMap<Expr> = [:]
    /// Inputs kept alive so that their identifiers stay unique while memoised.
    private var retained: [Expr] = []
    private var depth = 0
    /// Whether results are memoised (decided by the size of each top-level input).
    private var memoizes = true

    /// Inputs with fewer tree nodes than this are normalised without the memo.
    static let memoThreshold = 32

    init(limits: Limits) {
        self.limits = limits
    }

    mutating func normalize(_ e: Expr) throws(NormalizationError) -> Expr {
        switch e.kind {
        case .number, .symbol, .constant:
            // The depth limit counts leaves, as when they went through the memo.
            if depth + 1 > limits.maxDepth {
                throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: depth + 1, maximum: limits.maxDepth))
            }
            return e
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range: break
        }
        if depth == 0 { memoizes = e.node.treeSize >= Normalizer.memoThreshold }
        if memoizes, let hit = memo[ObjectIdentifier(e.node)] { return hit }
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: depth, maximum: limits.maxDepth))
        }
        let result: Expr
        switch e.kind {
        case .number, .symbol, .constant:
            result = e
        case .sum(let terms):
            var out: [Expr] = []
            out.reserveCapacity(terms.count)
            for t in terms { out.append(try normalize(t)) }
            result = try Normalizer.sum(out, limits: limits)
        case .product(let factors):
            var out: [Expr] = []
            out.reserveCapacity(factors.count)
            for f in factors { out.append(try normalize(f)) }
            result = try Normalizer.product(out, limits: limits)
        case .power(let base, let exponent):
            result = try Normalizer.power(try normalize(base), try normalize(exponent), limits: limits)
        case .call(let function, let arguments):
            var out: [Expr] = []
            for a in arguments { out.append(try normalize(a)) }
            result = try Normalizer.call(function, out, limits: limits)
        case .derivative(let of, let variable, let order):
            // Evaluated by differentiation; kept only when it cannot be (a big operator
            // that depends on the variable).
            let inner = try normalize(of)
            let evaluated: Expr?
            do {
                evaluated = try inner.derivative(withRespectTo: variable, order: order, limits: limits)
            } catch let l as LimitExceeded {
                throw .limitExceeded(l)
            } catch {
                evaluated = nil
            }
            if let d = evaluated, !d.isUnevaluatedDerivative {
                if d.node.treeSize >= Normalizer.memoThreshold { memoizes = true }
                result = try normalize(d)
            } else {
                result = Expr(.derivative(of: inner, variable: variable, order: order))
            }
        case .bigOperator(let op):
            var bindings: [Binding] = []
            for b in op.bindings {
                bindings.append(Binding(subject: b.subject, relation: b.relation,
                                        value: try b.value.map { v throws(NormalizationError) in try normalize(v) }))
            }
            result = Expr(.bigOperator(BigOperator(name: op.name, bindings: bindings, body: try normalize(op.body))))
        case .list(let items):
            var out: [Expr] = []
            for i in items { out.append(try normalize(i)) }
            result = Expr(.list(out))
        case .subscripted(let base, let indices):
            let b = try normalize(base)
            var idx: [Expr] = []
            for i in indices { idx.append(try normalize(i)) }
            result = Normalizer.indexed(b, idx)
        case .range(let lower, let upper):
            result = Expr(.range(try normalize(lower), try normalize(upper)))
        }
        if memoizes {
            memo[ObjectIdentifier(e.node)] = result
            retained.append(e)
        }
        return result
    }

    // MARK: - Subscripts

    /// `[a, b, c][i]` with a literal integer index folds. Indices are 0-based, matching
    /// finite supports written `x in {0, 1, 2}` (`[1/10, 3/5, 9/10][x]`).
    static func indexed(_ base: Expr, _ indices: [Expr]) -> Expr {
        if case .list(let items) = base.kind, indices.count == 1,
           let i = indices[0].numberValue?.asInt, i >= 0, i < items.count {
            return items[i]
        }
        return Expr(.subscripted(base, indices))
    }
}

extension Normalizer {
    /// Re-establishes the canonical form of one node whose children are already canonical,
    /// without walking the children again.
    static func rebuild(_ e: Expr, limits: Limits) throws(NormalizationError) -> Expr {
        switch e.kind {
        case .number, .symbol, .constant, .derivative, .bigOperator, .list, .range:
            return e
        case .sum(let terms):
            return try sum(terms, limits: limits)
        case .product(let factors):
            return try product(factors, limits: limits)
        case .power(let b, let x):
            return try power(b, x, limits: limits)
        case .call(let f, let args):
            return try call(f, args, limits: limits)
        case .subscripted(let b, let i):
            return indexed(b, i)
        }
    }
}

extension Expr {
    /// Whether this node is an unevaluated `.derivative`.
    var isUnevaluatedDerivative: Bool {
        if case .derivative = kind { return true }
        return false
    }
}
