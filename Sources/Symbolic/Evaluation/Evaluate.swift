// Floating-point evaluation of an expression tree.
//
// Implementation notes
// --------------------
// The semantics here are the reference for every numeric evaluator (the compiled form
// reproduces them bit for bit):
// - A sum adds its non-number terms left to right, then adds the exact rational sum of its
//   number terms (if non-zero) as one double. A product multiplies its non-number factors
//   left to right, dividing instead for a factor `b^(-n)` with a negative integer literal
//   exponent (`a / b` is `a * b^-1`), then multiplies by the exact rational product of its
//   number factors (if not 1). So `x - 1/2 - 1/4` is `x + (-3/4)` and `x / 3` is one
//   division.
// - `b^n` with an integer literal n is binary powering for |n| ≤ 64 (`pow` above), `0^0` is
//   a domain error (undefined), `0^(negative integer)` a division by zero; a non-integer
//   literal exponent needs b ≥ 0 (1/2 is `sqrt`); a computed exponent that is an integer
//   behaves like an integer literal.
// - Every intermediate value must be finite: a non-finite one throws `.overflow`.
// - Lists are evaluated eagerly: `[a, b][i]` evaluates a and b, then picks one (0-based).
// - Unevaluated derivatives are differentiated symbolically first.
// Shared sub-expressions of a large DAG are evaluated once (memo by node identity), so a
// derivative that is a DAG of exponential tree size evaluates in time linear in its nodes.

extension Expr {
    /// The value of the expression in `environment`.
    ///
    /// Never returns NaN or an infinity.
    /// - Throws: ``EvaluationError`` for points outside the domain (log of a non-positive
    ///   number, `0^0`, …), division by zero, overflow, unbound symbols or functions, and
    ///   constructs without a numeric value.
    public func evaluate(at environment: Environment) throws(EvaluationError) -> Double {
        guard height <= environment.limits.maxDepth else {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: height,
                                               maximum: environment.limits.maxDepth))
        }
        var evaluator = TreeEvaluator(environment: environment,
                                      memoize: treeSize > 1024 || height > DeepExpressions.recursionLimit)
        return try evaluator.evaluate(self)
    }

    /// The value of the expression with the given symbol values (no functions, no big
    /// operators). See ``evaluate(at:)-(Environment)``.
    public func evaluate(at values: [Symbol: Double]) throws(EvaluationError) -> Double {
        try evaluate(at: Environment(values))
    }
}

/// Recursive evaluation with an optional memo for DAGs.
struct TreeEvaluator {
    let environment: Environment
    private var memo: IdentityMap<Double>?
    /// Expressions built during evaluation (the derivative behind an unevaluated `diff`),
    /// kept alive as long as the memo: its keys are node identities, and a freed node's
    /// address can be reused by a different node, which must never hit the old value.
    private var retained: [Expr] = []

    /// Derivatives behind unevaluated `diff`s kept across evaluators (see `DerivativeCache`).
    private let derivatives: DerivativeCache?

    init(environment: Environment, memoize: Bool, derivatives: DerivativeCache? = nil) {
        self.environment = environment
        self.memo = memoize ? [:] : nil
        self.derivatives = derivatives
    }

    /// The value of `e`, bottom-up first when it is deep (see `DeepExpressions`).
    mutating func evaluate(_ e: Expr) throws(EvaluationError) -> Double {
        if e.height > DeepExpressions.recursionLimit {
            if memo == nil { memo = [:] }
            for n in DeepExpressions.postOrder(e, children: DeepExpressions.numericChildren) {
                _ = try value(n)
            }
        }
        return try value(e)
    }

    mutating func value(_ e: Expr) throws(EvaluationError) -> Double {
        switch e.kind {
        case .number(let r):
            let v = r.doubleValue
            guard v.isFinite else { throw .overflow(operation: "number \(r)") }
            return v
        case .symbol(let s):
            return try symbolValue(s)
        case .constant(let c):
            switch c {
            case .pi: return Double.pi
            case .infinity: throw .unsupported("inf is not a number")
            }
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            if memo != nil, let v = memo?[ObjectIdentifier(e.node)] { return v }
            let v = try compositeValue(e)
            if memo != nil { memo?[ObjectIdentifier(e.node)] = v }
            return v
        }
    }

    func symbolValue(_ s: Symbol) throws(EvaluationError) -> Double {
        guard let v = environment.values[s] else { throw .unboundSymbol(s.name) }
        guard v.isFinite else { throw .unsupported("the value bound to \(s.name) is not finite") }
        return v
    }

    private mutating func compositeValue(_ e: Expr) throws(EvaluationError) -> Double {
        switch e.kind {
        case .number, .symbol, .constant:
            return try value(e)
        case .sum(let terms):
            return try sum(terms)
        case .product(let factors):
            return try product(factors)
        case .power(let base, let exponent):
            let b = try value(base)
            if case .number(let r) = exponent.kind {
                if r.isInteger {
                    if let n = r.asInt, n != Int.min { return try Elementary.integerPower(b, n) }
                    return try Elementary.power(b, r.doubleValue)
                }
                return try Elementary.fractionalPower(b, r.doubleValue)
            }
            return try Elementary.power(b, value(exponent))
        case .call(let function, let arguments):
            // A one-argument built-in (the common case) without the argument array: the same
            // checks and value as `Elementary.apply(f, [x])`.
            if case .builtin(let f) = function, arguments.count == 1, f.arity == 1 {
                return try Elementary.apply(f, value(arguments[0]))
            }
            var values: [Double] = []
            values.reserveCapacity(arguments.count)
            for a in arguments { values.append(try value(a)) }
            switch function {
            case .builtin(let f):
                return try Elementary.apply(f, values)
            case .opaque(let o):
                let body = try environment.implementation(of: o, arity: arguments.count)
                return try callOpaque(body, values, name: Environment.displayName(of: o, arity: arguments.count))
            }
        case .derivative(let of, let variable, let order):
            if let cached = derivatives?.derivative(of: e, limits: environment.limits) {
                return try evaluate(cached)
            }
            let derivative = try Expr.evaluableDerivative(of: of, variable: variable, order: order,
                                                          limits: environment.limits)
            derivatives?.store(derivative, of: e, limits: environment.limits)
            retained.append(derivative)
            return try evaluate(derivative)
        case .bigOperator(let op):
            guard let handler = environment.bigOperatorHandler else {
                throw .unsupported("big operator \(op.name) (no numeric handler)")
            }
            let v = try handler(op, environment)
            guard v.isFinite else { throw .overflow(operation: op.name) }
            return v
        case .list:
            throw .unsupported("a list is not a number")
        case .subscripted(let base, let indices):
            return try subscripted(base, indices)
        case .range:
            throw .unsupported("a range is not a number")
        }
    }

    private mutating func sum(_ terms: [Expr]) throws(EvaluationError) -> Double {
        var accumulator = 0.0
        var haveAccumulator = false
        var literal = Rational.zero
        for t in terms {
            if case .number(let r) = t.kind {
                literal += r
                continue
            }
            let v = try value(t)
            accumulator = haveAccumulator ? accumulator + v : v
            haveAccumulator = true
        }
        if !literal.isZero {
            let c = literal.doubleValue
            accumulator = haveAccumulator ? accumulator + c : c
        }
        guard accumulator.isFinite else { throw .overflow(operation: "+") }
        return accumulator
    }

    private mutating func product(_ factors: [Expr]) throws(EvaluationError) -> Double {
        var accumulator = 1.0
        var haveAccumulator = false
        var literal = Rational.one
        for f in factors {
            switch f.kind {
            case .number(let r):
                literal *= r
                continue
            case .power(let base, let exponent):
                if let n = Expr.negativeIntegerLiteral(exponent) {
                    let d = Elementary.positivePower(try value(base), n)
                    guard d != 0 else { throw .divisionByZero }
                    guard d.isFinite else { throw .overflow(operation: "^") }
                    accumulator = haveAccumulator ? accumulator / d : 1 / d
                    haveAccumulator = true
                    continue
                }
            case .symbol, .constant, .sum, .product, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                break
            }
            let v = try value(f)
            accumulator = haveAccumulator ? accumulator * v : v
            haveAccumulator = true
        }
        if !literal.isOne {
            let c = literal.doubleValue
            accumulator = haveAccumulator ? accumulator * c : c
        }
        guard accumulator.isFinite else { throw .overflow(operation: "*") }
        return accumulator
    }

    private mutating func subscripted(_ base: Expr, _ indices: [Expr]) throws(EvaluationError) -> Double {
        guard case .list = base.kind, !indices.isEmpty else {
            throw .unsupported("only a literal list can be subscripted numerically")
        }
        // Eager: every entry is evaluated, then the indices pick one.
        var leaves: IdentityMap<Double> = [:]
        try evaluateLeaves(base, into: &leaves)
        var current = base
        for index in indices {
            let i = try value(index)
            guard case .list(let items) = current.kind else {
                throw .unsupported("too many indices for the list")
            }
            guard i == i.rounded(), i >= 0, i < Double(items.count) else {
                throw .domain(operation: "index into a list of \(items.count)", argument: i)
            }
            current = items[Int(i)]
        }
        if case .list = current.kind { throw .unsupported("too few indices for the list") }
        if let v = leaves[ObjectIdentifier(current.node)] { return v }
        return try value(current)
    }

    private mutating func evaluateLeaves(_ list: Expr, into leaves: inout IdentityMap<Double>) throws(EvaluationError) {
        guard case .list(let items) = list.kind else { return }
        for item in items {
            if case .list = item.kind {
                try evaluateLeaves(item, into: &leaves)
            } else {
                leaves[ObjectIdentifier(item.node)] = try value(item)
            }
        }
    }
}

extension Expr {
    /// The positive integer n if `exponent` is the literal −n (a division), else `nil`.
    @inline(__always)
    static func negativeIntegerLiteral(_ exponent: Expr) -> Int? {
        if case .number(let r) = exponent.kind, r.isInteger, r.isNegative, let n = r.asInt, n > Int.min {
            return -n
        }
        return nil
    }

    /// `d^order of / d variable^order`, symbolically, for numeric evaluation: throws
    /// `.unsupported` when it would stay unevaluated (a big operator inside).
    static func evaluableDerivative(of e: Expr, variable: Symbol, order: Int,
                                    limits: Limits) throws(EvaluationError) -> Expr {
        if e.isUnevaluableDerivativeTarget {
            throw .unsupported("derivative of \(e.kindName) has no numeric value here")
        }
        do {
            return try e.derivative(withRespectTo: variable, order: order, limits: limits)
        } catch let error as LimitExceeded {
            throw .limitExceeded(error)
        } catch {
            throw .unsupported("derivative: \(error)")
        }
    }

    /// A short name of the construct for messages.
    var kindName: String {
        switch kind {
        case .number: return "a number"
        case .symbol(let s): return s.name
        case .constant(let c): return c.rawValue
        case .sum: return "a sum"
        case .product: return "a product"
        case .power: return "a power"
        case .call(let f, _): return f.name
        case .derivative: return "a derivative"
        case .bigOperator(let op): return "big operator \(op.name)"
        case .list: return "a list"
        case .subscripted: return "a subscripted value"
        case .range: return "a range"
        }
    }
}

/// The derivatives behind unevaluated `diff(…)` nodes, computed once and reused by every
/// `TreeEvaluator` given the cache (a numeric check evaluates the same `diff` at hundreds of
/// points, and differentiating is far costlier than evaluating). A pure cache: the derivative
/// is a function of the node and the limits alone, so evaluation gives the same values with
/// or without it. The cache keeps its nodes alive, so their identities stay valid. Not
/// thread-safe.
final class DerivativeCache {
    private var entries: [ObjectIdentifier: (node: Expr, limits: Limits, derivative: Expr)] = [:]

    /// The cached derivative of the `diff` node `e` under `limits`, if computed before.
    func derivative(of e: Expr, limits: Limits) -> Expr? {
        guard let entry = entries[ObjectIdentifier(e.node)], entry.limits == limits else { return nil }
        return entry.derivative
    }

    /// Keeps `derivative` as the derivative of the `diff` node `e` under `limits` (bounded:
    /// the first `capacity` nodes only).
    func store(_ derivative: Expr, of e: Expr, limits: Limits) {
        guard entries.count < DerivativeCache.capacity else { return }
        entries[ObjectIdentifier(e.node)] = (e, limits, derivative)
    }

    /// The most derivatives kept.
    static let capacity = 256
}
