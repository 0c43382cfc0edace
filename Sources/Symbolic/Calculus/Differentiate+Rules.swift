// The derivative of every built-in function, one line each (like DiffRules.jl).

extension Differentiator {
    /// f'(u) for a one-argument built-in `f`, where `call` is the node `f(u)` (reused by
    /// rules such as exp' = exp). The chain-rule factor u' is applied by the caller.
    ///
    /// Conventions: `abs' = sign` and `sign' = 0` (the derivative away from 0, extended by
    /// those values at 0); `lambertw' = e^(−W)/(1 + W)` (equal to W/(x(1 + W)) and defined
    /// at 0). `min`/`max` are n-ary and handled by ``extremumDerivative(_:_:)``.
    func builtinDerivative(_ f: Builtin, at u: Expr, call: Expr) throws -> Expr {
        let b = builder
        switch f {
        case .abs: return try b.call(.sign, u)
        case .acos: return try b.negate(b.reciprocal(b.call(.sqrt, b.subtract(b.one, b.power(u, 2)))))
        case .asin: return try b.reciprocal(b.call(.sqrt, b.subtract(b.one, b.power(u, 2))))
        case .atan: return try b.reciprocal(b.add([b.one, b.power(u, 2)]))
        case .cos: return try b.negate(b.call(.sin, u))
        case .cosh: return try b.call(.sinh, u)
        case .erf: return try b.multiply([b.number(2), b.reciprocal(b.call(.sqrt, .pi)), b.call(.exp, b.negate(b.power(u, 2)))])
        case .exp: return call
        case .lambertw: return try b.multiply([b.call(.exp, b.negate(call)), b.reciprocal(b.add([b.one, call]))])
        case .log: return try b.reciprocal(u)
        case .max, .min: return b.zero // unreachable: n-ary, see extremumDerivative
        case .sigmoid: return try b.multiply([call, b.subtract(b.one, call)])
        case .sign: return b.zero
        case .sin: return try b.call(.cos, u)
        case .sinh: return try b.call(.cosh, u)
        case .softplus: return try b.call(.sigmoid, u)
        case .sqrt: return try b.multiply([b.half, b.reciprocal(call)])
        case .tan: return try b.add([b.one, b.power(call, 2)])
        case .tanh: return try b.subtract(b.one, b.power(call, 2))
        }
    }

    /// The derivative of `max(a₁, …, aₙ)` or `min(…)`, folding pairwise:
    /// `max(a, b)' = (a' + b')/2 + sign(a − b)·(a' − b')/2` and
    /// `min(a, b)' = (a' + b')/2 − sign(a − b)·(a' − b')/2` (the average at a tie).
    func extremumDerivative(_ f: Builtin, _ arguments: [Expr]) throws -> Expr {
        let b = builder
        guard var current = arguments.first else { return b.zero }
        var currentDerivative = try derivative(current)
        for next in arguments.dropFirst() {
            let nextDerivative = try derivative(next)
            let average = try b.multiply([b.half, b.add([currentDerivative, nextDerivative])])
            let sign = try b.call(.sign, b.subtract(current, next))
            let jump = try b.multiply([b.half, sign, b.subtract(currentDerivative, nextDerivative)])
            currentDerivative = try f == .max ? b.add([average, jump]) : b.subtract(average, jump)
            current = try b.call(.builtin(f), [current, next])
        }
        return currentDerivative
    }
}
