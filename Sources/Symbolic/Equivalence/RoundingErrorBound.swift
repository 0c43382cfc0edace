// A first-order bound on the rounding error of evaluating an expression in Double.
//
// Implementation notes
// --------------------
// The numeric comparisons allow an absolute error proportional to the largest intermediate
// value S (cancellation noise grows with it). S alone is blind to *where* a large value
// occurs: the radicand of sqrt(8185) or a quotient of two values near 1e10 makes S huge
// although the result carries only a relative error of a few ulps, so a claim like
// `abs((91 - sqrt(8185))/2 - 0.264505) <= -1/2000000` was accepted (its violation, 6e-7, was
// below 100·1e-11·S). Nor is S an upper bound: in log(2 − 2·sigmoid(30)) every intermediate
// is below 30, but the cancellation leaves an error of about 0.01 in the result. This file
// propagates a running error bound instead, by the usual
// first-order rules, with u the unit roundoff:
//   number, constant, bound symbol: u·|v| (its own rounding);
//   sum of n terms: Σ err_i + (n−1)·u·Σ|t_i|;
//   product: Σ_i err_i·Π_{j≠i}|v_j| + (n−1)·u·|v|;
//   x^k: |k·x^(k−1)|·err_x + 8u·|v|;  x^y: |v|·(|y/x|·err_x + |log x|·err_y) + 8u·|v|;
//   f(x) for an elementary f: |f′(x)|·err_x + 8u·|f(x)|  (libm is accurate to a few ulps);
//   max/min: the largest err_i (they are 1-Lipschitz).
// Any other construct (opaque or stand-in functions, derivatives, big operators, matrices)
// gives no bound, and the caller keeps S. Where the bound exists the caller uses 10·bound in
// place of 1e-11·S: a safety factor of 10 over a worst-case first-order bound for agreement,
// and 10^3 to 10^4 before anything is refuted.
// Bounded work: trees over `maxNodes` nodes or deeper than `maxHeight` get no bound.

/// A first-order bound on the rounding error of evaluating an expression at a point.
struct RoundingErrorBound {
    /// Evaluates sub-expressions (memoising).
    var evaluator: TreeEvaluator
    /// Larger trees get no bound.
    static let maxNodes = 20_000
    /// Deeper trees get no bound (the walk is recursive).
    static let maxHeight = 400
    private var memo: IdentityMap<Double> = [:]
    private static let u = Double.ulpOfOne / 2

    init(environment: Environment, derivatives: DerivativeCache? = nil) {
        evaluator = TreeEvaluator(environment: environment, memoize: true, derivatives: derivatives)
    }

    /// Whether `bound(e)` is `nil` at every point, from the shape of `e` alone: it is too
    /// large, or a node the walk always reaches has no rule (an opaque function, a
    /// derivative, a big operator, a list, a subscript, a range). The walk reaches every
    /// term, factor, base, non-literal exponent and argument of a built-in unless an earlier
    /// one already gave `nil`, so such a node makes the bound `nil` whatever the values.
    static func neverBounds(_ e: Expr) -> Bool {
        guard e.treeSize <= maxNodes, e.height <= maxHeight else { return true }
        return e.walkFinds { x in
            switch x.kind {
            case .number, .symbol, .constant:
                return .enter([])
            case .sum(let terms):
                return .enter(terms)
            case .product(let factors):
                return .enter(factors)
            case .power(let base, let exponent):
                return .enter(exponent.numberValue == nil ? [base, exponent] : [base])
            case .call(.builtin, let arguments):
                return .enter(arguments)
            case .call(.opaque, _), .derivative, .bigOperator, .list, .subscripted, .range:
                return .found
            }
        }
    }

    /// The bound for `e`, or `nil` when `e` has a construct without a rule, or is too large.
    mutating func bound(_ e: Expr) -> Double? {
        guard e.treeSize <= Self.maxNodes, e.height <= Self.maxHeight else { return nil }
        return walk(e)
    }

    private mutating func value(_ e: Expr) -> Double? {
        guard let v = try? evaluator.evaluate(e), v.isFinite else { return nil }
        return v
    }

    private mutating func walk(_ e: Expr) -> Double? {
        if let b = memo[ObjectIdentifier(e.node)] { return b }
        guard let v = value(e) else { return nil }
        let u = Self.u
        let b: Double
        switch e.kind {
        case .number(let r):
            b = Rational(exactly: v) == r ? 0 : u * abs(v)
        case .symbol, .constant:
            b = u * abs(v)
        case .sum(let terms):
            var total = 0.0, magnitude = 0.0
            for t in terms {
                guard let bt = walk(t), let vt = value(t) else { return nil }
                total += bt
                magnitude += abs(vt)
            }
            b = total + Double(max(terms.count - 1, 0)) * u * magnitude
        case .product(let factors):
            var values: [Double] = []
            var bounds: [Double] = []
            for f in factors {
                guard let bf = walk(f), let vf = value(f) else { return nil }
                values.append(abs(vf))
                bounds.append(bf)
            }
            var total = 0.0
            for i in factors.indices where bounds[i] > 0 {
                var others = 1.0
                for j in factors.indices where j != i { others *= values[j] }
                total += bounds[i] * others
            }
            b = total + Double(max(factors.count - 1, 0)) * u * abs(v)
        case .power(let base, let exponent):
            guard let bx = walk(base), let x = value(base) else { return nil }
            if let k = exponent.numberValue {
                let kd = k.doubleValue
                if bx == 0 {
                    b = 8 * u * abs(v)
                } else {
                    guard x != 0 || kd >= 1 else { return nil }
                    let growth = x == 0 ? (kd == 1 ? 1.0 : 0.0) : Elementary.exp((kd - 1) * Elementary.log(abs(x)))
                    b = abs(kd) * growth * bx + 8 * u * abs(v)
                }
            } else {
                guard let by = walk(exponent), let y = value(exponent), x > 0 else { return nil }
                b = abs(v) * (abs(y / x) * bx + abs(Elementary.log(x)) * by) + 8 * u * abs(v)
            }
        case .call(.builtin(let f), let arguments):
            var values: [Double] = []
            var bounds: [Double] = []
            for a in arguments {
                guard let ba = walk(a), let va = value(a) else { return nil }
                values.append(va)
                bounds.append(ba)
            }
            if f == .max || f == .min {
                b = bounds.max() ?? 0
                break
            }
            guard values.count == 1, let slope = Self.slope(f, at: values[0], value: v, error: bounds[0]) else { return nil }
            b = slope * bounds[0] + 8 * u * abs(v)
        case .call(.opaque, _), .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
        guard b.isFinite else { return nil }
        memo[ObjectIdentifier(e.node)] = b
        return b
    }

    /// |f′(x)| for an elementary f with value v = f(x); `nil` where it is unbounded or the
    /// argument's error could cross a discontinuity.
    private static func slope(_ f: Builtin, at x: Double, value v: Double, error: Double) -> Double? {
        switch f {
        case .exp: return abs(v)
        case .log: return x > error ? 1 / x : nil
        case .sqrt: return v > 0 && x > error ? 1 / (2 * v) : (error == 0 ? 0 : nil)
        case .sin, .cos, .abs, .softplus: return 1
        case .tan: return 1 + v * v
        case .atan: return 1 / (1 + x * x)
        case .tanh: return 1
        case .sinh: return Elementary.value(.cosh, x)
        case .cosh: return abs(Elementary.value(.sinh, x))
        case .erf: return 2 / Double.pi.squareRoot() * Elementary.exp(-x * x)
        case .sigmoid: return 1 / 4
        case .sign: return error < abs(x) ? 0 : nil
        case .asin, .acos: return abs(x) + error < 1 ? 1 / (1 - x * x).squareRoot() : nil
        case .lambertw: return x != 0 && v != -1 ? abs(v / (x * (1 + v))) : nil
        case .max, .min: return 1
        }
    }
}
