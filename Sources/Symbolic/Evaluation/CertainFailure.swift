// Expressions whose tree evaluation fails at every point, decided without evaluating them.
//
// Implementation notes
// --------------------
// Tree evaluation (`TreeEvaluator`) is strict: a sum evaluates every term, a product every
// factor, a power its base (and a non-literal exponent), a call every argument and then
// looks the function up in the environment. So if a node that is always evaluated is a
// symbol that is neither bound in the environment nor among the symbols bound at each point,
// or a call of an opaque function for which the environment has no implementation (of the
// called derivative orders), or a list, a range, `inf` or a subscript of something other
// than a literal list (none of which has a value), evaluation throws at every point,
// whatever the values bound. The walk follows only such always-evaluated edges: it does not
// enter derivatives (differentiated first), big operators (their handler decides) or
// subscripts of literal lists (the index picks an entry), so it may miss a failure but never
// reports one that does not happen. Rejection sampling uses it to skip relations that can
// never be evaluated (they count as satisfied) without evaluating them at every draw.

extension Expr {
    /// Whether `evaluate(at:)` throws at every point where `symbols` are bound to values in
    /// (a copy of) `environment`: some node that tree evaluation always reaches has no
    /// value whatever the point (see the notes above). `false` means "not known to fail".
    func failsToEvaluateEverywhere(binding symbols: [Symbol], in environment: Environment) -> Bool {
        let bound = Set(symbols)
        return walkFinds { e in
            switch e.kind {
            case .number:
                return .enter([])
            case .symbol(let s):
                return !bound.contains(s) && environment.values[s] == nil ? .found : .enter([])
            case .constant(let c):
                switch c {
                case .pi: return .enter([])
                case .infinity: return .found
                }
            case .sum(let terms):
                return .enter(terms)
            case .product(let factors):
                return .enter(factors)
            case .power(let base, let exponent):
                return .enter([base, exponent])
            case .call(let function, let arguments):
                switch function {
                case .builtin:
                    break
                case .opaque(let o):
                    let signature = FunctionSignature(o, arity: arguments.count)
                    guard let implementation = environment.functions[signature],
                          implementation.body(for: o.derivativeOrders) != nil else { return .found }
                }
                return .enter(arguments)
            case .list, .range:
                return .found
            case .subscripted(let base, _):
                if case .list = base.kind { return .enter([]) }
                return .found
            case .derivative, .bigOperator:
                return .enter([])
            }
        }
    }
}
