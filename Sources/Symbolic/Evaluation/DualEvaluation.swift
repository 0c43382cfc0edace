// Derivative values by forward-mode automatic differentiation over an expression.
//
// Implementation notes
// --------------------
// Mirrors `TreeEvaluator` step for step (same summation and product order, same literal
// handling, same division path for `b^(-n)` factors), carrying a `Dual` instead of a
// `Double`, so the value part equals `evaluate(at:)` exactly. Opaque functions need their
// partial derivatives in the environment (only for arguments whose derivative is non-zero);
// unevaluated derivatives are differentiated symbolically first; a big operator counts as a
// constant when the variable is not free in it.

extension Expr {
    /// The value and the derivative with respect to `variable` at the point `environment`,
    /// by forward-mode automatic differentiation (no symbolic derivative is built).
    ///
    /// - Throws: ``EvaluationError`` as ``evaluate(at:)-(Environment)`` does, plus overflow of the
    ///   derivative (e.g. `sqrt` at 0) and unbound partial derivatives of opaque functions.
    public func derivativeValue(withRespectTo variable: Symbol,
                                at environment: Environment) throws(EvaluationError) -> (value: Double, derivative: Double) {
        guard height <= environment.limits.maxDepth else {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: height,
                                               maximum: environment.limits.maxDepth))
        }
        var evaluator = DualEvaluator(environment: environment, variable: variable)
        let d = try evaluator.evaluate(self)
        return (d.value, d.derivative)
    }

    /// The value and derivative with the given symbol values. See
    /// ``derivativeValue(withRespectTo:at:)-(_,Environment)``.
    public func derivativeValue(withRespectTo variable: Symbol,
                                at values: [Symbol: Double]) throws(EvaluationError) -> (value: Double, derivative: Double) {
        try derivativeValue(withRespectTo: variable, at: Environment(values))
    }
}

private struct DualEvaluator {
    let environment: Environment
    let variable: Symbol
    var memo: IdentityMap<Dual> = [:]
    /// Expressions built during evaluation, kept alive as long as the memo keyed by node
    /// identity (a freed node's address may be reused by another node).
    var retained: [Expr] = []

    init(environment: Environment, variable: Symbol) {
        self.environment = environment
        self.variable = variable
    }

    /// The value of `e`, bottom-up first when it is deep (see `DeepExpressions`).
    mutating func evaluate(_ e: Expr) throws(EvaluationError) -> Dual {
        if e.height > DeepExpressions.recursionLimit {
            for n in DeepExpressions.postOrder(e, children: DeepExpressions.numericChildren) {
                _ = try value(n)
            }
        }
        return try value(e)
    }

    mutating func value(_ e: Expr) throws(EvaluationError) -> Dual {
        switch e.kind {
        case .number, .constant:
            var plain = TreeEvaluator(environment: environment, memoize: false)
            return Dual(value: try plain.value(e))
        case .symbol(let s):
            let plain = TreeEvaluator(environment: environment, memoize: false)
            let v = try plain.symbolValue(s)
            return Dual(value: v, derivative: s == variable ? 1 : 0)
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            let key = ObjectIdentifier(e.node)
            if let v = memo[key] { return v }
            let v = try composite(e)
            memo[key] = v
            return v
        }
    }

    private mutating func composite(_ e: Expr) throws(EvaluationError) -> Dual {
        switch e.kind {
        case .number, .symbol, .constant:
            return try value(e)
        case .sum(let terms):
            var accumulator = Dual(value: 0)
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
                accumulator = haveAccumulator ? Dual(value: accumulator.value + c, derivative: accumulator.derivative) : Dual(value: c)
            }
            return try accumulator.checked("+")
        case .product(let factors):
            var accumulator = Dual(value: 1)
            var haveAccumulator = false
            var literal = Rational.one
            for f in factors {
                switch f.kind {
                case .number(let r):
                    literal *= r
                    continue
                case .power(let base, let exponent):
                    if let n = Expr.negativeIntegerLiteral(exponent) {
                        let b = try value(base)
                        let d = b.derivative == 0 ? Dual(value: Elementary.positivePower(b.value, n))
                                                  : try b.integerPower(n)
                        guard d.value != 0 else { throw .divisionByZero }
                        guard d.value.isFinite else { throw .overflow(operation: "^") }
                        accumulator = try (haveAccumulator ? accumulator : Dual(value: 1)).dividing(by: d)
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
                accumulator = haveAccumulator
                    ? Dual(value: accumulator.value * c, derivative: accumulator.derivative * c)
                    : Dual(value: c)
            }
            return try accumulator.checked("*")
        case .power(let base, let exponent):
            let b = try value(base)
            if case .number(let r) = exponent.kind {
                if r.isInteger {
                    if let n = r.asInt, n != Int.min { return try b.integerPower(n) }
                    return try b.power(Dual(value: r.doubleValue))
                }
                return try b.fractionalPower(r.doubleValue)
            }
            return try b.power(value(exponent))
        case .call(let function, let arguments):
            var values: [Dual] = []
            values.reserveCapacity(arguments.count)
            for a in arguments { values.append(try value(a)) }
            switch function {
            case .builtin(let f):
                if f.arity == nil {
                    guard var result = values.first else {
                        throw .unsupported("\(f.rawValue) needs at least one argument")
                    }
                    result = try result.applying(f)
                    for v in values.dropFirst() {
                        guard v.value.isFinite else { throw .overflow(operation: f.rawValue) }
                        result = try Dual.extremum(f, result, v)
                    }
                    return result
                }
                guard values.count == 1 else {
                    throw .unsupported("\(f.rawValue) takes 1 argument, got \(values.count)")
                }
                return try values[0].applying(f)
            case .opaque(let o):
                let n = arguments.count
                let name = Environment.displayName(of: o, arity: n)
                let body = try environment.implementation(of: o, arity: n)
                let points = values.map(\.value)
                let y = try callOpaque(body, points, name: name)
                var d = 0.0
                for (i, v) in values.enumerated() where v.derivative != 0 {
                    let head = o.differentiated(inArgument: i, arity: n)
                    let partial = try environment.implementation(of: head, arity: n)
                    d += try callOpaque(partial, points, name: Environment.displayName(of: head, arity: n)) * v.derivative
                }
                return try Dual(value: y, derivative: d).checked(name)
            }
        case .derivative(let of, let v, let order):
            let formed = try Expr.evaluableDerivative(of: of, variable: v, order: order, limits: environment.limits)
            retained.append(formed)
            return try evaluate(formed)
        case .bigOperator(let op):
            if e.contains(variable) {
                throw .unsupported("the derivative of big operator \(op.name) in \(variable.name)")
            }
            var plain = TreeEvaluator(environment: environment, memoize: false)
            return Dual(value: try plain.evaluate(e))
        case .list:
            throw .unsupported("a list is not a number")
        case .subscripted(let base, let indices):
            guard case .list = base.kind, !indices.isEmpty else {
                throw .unsupported("only a literal list can be subscripted numerically")
            }
            // Evaluate every entry (eager, as the tree evaluator), then pick.
            var leaves: IdentityMap<Dual> = [:]
            try evaluateLeaves(base, into: &leaves)
            var current = base
            for index in indices {
                let i = try value(index).value
                guard case .list(let items) = current.kind else { throw .unsupported("too many indices for the list") }
                guard i == i.rounded(), i >= 0, i < Double(items.count) else {
                    throw .domain(operation: "index into a list of \(items.count)", argument: i)
                }
                current = items[Int(i)]
            }
            if case .list = current.kind { throw .unsupported("too few indices for the list") }
            if let v = leaves[ObjectIdentifier(current.node)] { return v }
            return try value(current)
        case .range:
            throw .unsupported("a range is not a number")
        }
    }

    private mutating func evaluateLeaves(_ list: Expr, into leaves: inout IdentityMap<Dual>) throws(EvaluationError) {
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
