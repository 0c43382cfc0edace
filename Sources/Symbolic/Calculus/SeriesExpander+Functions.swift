// Series of powers and function calls.
//
// Implementation notes
// --------------------
// Powers: a positive integer power is computed by repeated squaring with no condition on
// the base. Any other power uses the exact leading term c t^v of the base:
// u^α = c^α t^(vα) (1 + w)^α with w = u/(c t^v) − 1 = O(t), by Miller's recurrence. A
// non-integer α needs c > 0 (proved by the sign prover, else `undecided`); t^(vα) must be
// a power of t (else a larger ramification is requested — Puiseux — or, two-sided, a
// one-sided expansion is needed); a symbolic α needs v = 0. u^v with v depending on the
// variable is exp(v log u).
//
// Functions of u = u0 + r (r = O(t)) use addition formulas so that coefficients are
// expressed through f(u0): exp(u0) exp(r); sin/cos/sinh/cosh by the pair recurrences;
// tan(u0 + r) = (tan u0 + T)/(1 − tan u0 T) and tanh likewise (denominator leading 1, so no
// zero test); when cos(u0) is provably 0, tan(u) is expanded as sin(u)/cos(u). atan, asin
// and erf integrate their derivatives (atan' = 1/(1 + u²), asin' = (1 − u²)^(−1/2) with
// 1 − u0² > 0 proved, erf' = 2/√π exp(−u²)); acos = π/2 − asin; log(u) needs the leading
// term c t^0 with c > 0 (a zero or pole of u would give a log h term: unsupported);
// sigmoid = 1/(1 + exp(−u)), softplus = log(1 + exp(u)), lambertw from its Maclaurin
// series Σ (−k)^(k−1)/k! rᵏ around u0 = 0 only. Functions of a pole u → ±∞: exp → 0
// (exponentially small) or no series; sigmoid, tanh, erf → constants; softplus → u or 0;
// atan(u) = ±π/2 − atan(1/u); sin, cos, … of a pole have no series. abs, sign, min and max
// follow the sign of a leading coefficient. An opaque f(u1, …, um) is expanded by the
// multivariate Taylor formula in the arguments that depend on the variable, with
// derivative heads `OpaqueFunction(derivativeOrders:)`.

extension SeriesExpander {
    // MARK: - Powers

    mutating func powerSeries(_ e: Expr, base: Expr, exponent: Expr, to n: Int) throws -> TruncatedSeries {
        if try depends(exponent) {
            // u^v = exp(v log u).
            let product = try Normalizer.product([exponent, try ring.call(.log, base)], limits: limits)
            return try expand(try ring.call(.exp, product), to: n)
        }
        if let k = exponent.numberValue, k.isInteger, k.signum() > 0 {
            guard let m = k.asInt, m <= limits.maxExponent else {
                throw LimitExceeded(limit: "maxExponent", requested: k.asInt ?? Int.max, maximum: limits.maxExponent)
            }
            let probe = try expand(base, to: n)
            let needed = n - (m - 1) * probe.valuation
            let s = needed > probe.precision ? try expand(base, to: needed) : probe
            return try ring.power(s, m, upTo: n)
        }
        return try generalPower(e, base: base, exponent: exponent, to: n)
    }

    /// `base^alpha` through the exact leading term of the base (see the notes above).
    mutating func generalPower(_ e: Expr, base: Expr, exponent alpha: Expr, to n: Int) throws -> TruncatedSeries {
        let (v, c) = try leadingTerm(base)
        let integral: Bool
        if let a = alpha.numberValue {
            integral = a.isInteger
        } else {
            integral = ring.assumptions.prove(alpha, is: .integer) == .proved
        }
        if !integral {
            switch ring.sign(c) {
            case .some(1):
                break
            case .some(-1):
                throw SeriesError.unsupported(e, reason: "the base tends to the negative value \(c.debugDescription); "
                                              + "its non-integer power is not real")
            default:
                throw SeriesError.undecided(e, reason: "cannot show c > 0 for the leading coefficient c = "
                                            + "\(c.debugDescription) of the base of a non-integer power")
            }
        }
        var shift = 0
        if v != 0 {
            guard let a = alpha.numberValue else {
                throw SeriesError.unsupported(e, reason: "a symbolic power of a base that vanishes or has a pole "
                                              + "at the point is not a Laurent series")
            }
            let q = Rational(v) * a
            if !q.isInteger {
                if twoSided {
                    throw SeriesError.needsOneSidedExpansion(e, reason: "a fractional power of a base that vanishes "
                                                             + "or has a pole at the point")
                }
                guard let d = q.denominator.asInt, d <= limits.maxOrder, ramification * d <= limits.maxOrder else {
                    throw LimitExceeded(limit: "maxOrder", requested: ramification * (q.denominator.asInt ?? Int.max / 2),
                                        maximum: limits.maxOrder)
                }
                throw RamificationRequest(ramification: ramification * d)
            }
            guard let s = q.asInt else {
                throw LimitExceeded(limit: "maxOrder", requested: Int.max, maximum: limits.maxOrder)
            }
            shift = s
            if twoSided && !a.isInteger && (v % 2 != 0 || shift % 2 != 0) {
                throw SeriesError.needsOneSidedExpansion(e, reason: "the power is |h|^\(shift), not h^\(shift)")
            }
        }
        let m = n + v - shift
        if m <= v { return .zero(precision: shift) }
        let s = try expand(base, to: m)
        let cInverse = try ring.reciprocal(c)
        var w: [Expr] = [.zero]
        if s.precision - v > 1 {
            for k in 1..<(s.precision - v) { w.append(try ring.multiply(cInverse, s.coefficient(at: v + k))) }
        }
        let p = try ring.power(onePlus: TruncatedSeries(valuation: 0, coefficients: w), exponent: alpha)
        return try ring.scale(p, by: try ring.power(c, alpha)).shifted(by: shift)
    }

    // MARK: - Calls

    mutating func callSeries(_ e: Expr, _ function: Function, _ args: [Expr], to n: Int) throws -> TruncatedSeries {
        switch function {
        case .opaque(let o):
            return try opaqueSeries(e, o, args, to: n)
        case .builtin(let b):
            if b.arity == nil { return try minMaxSeries(e, isMax: b == .max, args, to: n) }
            guard args.count == 1 else {
                throw SeriesError.unsupported(e, reason: "\(b.rawValue) takes one argument")
            }
            return try builtinSeries(e, b, args[0], to: n)
        }
    }

    private mutating func builtinSeries(_ e: Expr, _ b: Builtin, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch b {
        case .exp: return try expSeries(e, u, to: n)
        case .log: return try logSeries(e, u, to: n)
        case .sqrt: return try generalPower(e, base: u, exponent: .number(Rational(1, 2)!), to: n)
        case .sin: return try trigSeries(e, u, hyperbolic: false, sine: true, to: n)
        case .cos: return try trigSeries(e, u, hyperbolic: false, sine: false, to: n)
        case .sinh: return try trigSeries(e, u, hyperbolic: true, sine: true, to: n)
        case .cosh: return try trigSeries(e, u, hyperbolic: true, sine: false, to: n)
        case .tan: return try tangentSeries(e, u, hyperbolic: false, to: n)
        case .tanh: return try tangentSeries(e, u, hyperbolic: true, to: n)
        case .atan: return try atanSeries(e, u, to: n)
        case .asin: return try asinSeries(e, u, to: n)
        case .acos:
            // acos(u) = π/2 − asin(u).
            let asin = try ring.call(.asin, u)
            let half = try ring.scale(.pi, by: Rational(1, 2)!)
            return try expand(try ring.sum([half, try ring.negate(asin)]), to: n)
        case .erf: return try erfSeries(e, u, to: n)
        case .sigmoid: return try sigmoidSeries(e, u, to: n)
        case .softplus: return try softplusSeries(e, u, to: n)
        case .lambertw: return try lambertSeries(e, u, to: n)
        case .abs, .sign:
            let (v, c) = try leadingTerm(u)
            let d = try directionOfTerm(exponent: v, coefficient: c, in: e)
            if b == .sign { return try ring.constant(.integer(d), precision: n) }
            let s = try expand(u, to: n)
            return d > 0 ? s : try ring.negate(s)
        case .min, .max:
            return try minMaxSeries(e, isMax: b == .max, [u], to: n)
        }
    }

    private mutating func expSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .regular(let u0, let r):
            let er = try ring.exp(ofPositive: r)
            return u0.isZero ? er : try ring.scale(er, by: try ring.call(.exp, u0))
        case .pole(let k, let c):
            if try directionOfTerm(exponent: k, coefficient: c, in: e) < 0 { return .zero(precision: n) }
            throw SeriesError.essentialSingularity(e, reason: "exp(u) with u → +∞ grows faster than any power")
        }
    }

    private mutating func logSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        let (v, c) = try leadingTerm(u)
        if v != 0 {
            throw SeriesError.unsupported(e, reason: "log of an expression with a \(v > 0 ? "zero" : "pole") at the "
                                          + "point has a log(h) term; not a Laurent series")
        }
        switch ring.sign(c) {
        case .some(1): break
        case .some(-1):
            throw SeriesError.unsupported(e, reason: "log of an expression tending to the negative value \(c.debugDescription)")
        default:
            throw SeriesError.undecided(e, reason: "cannot show c > 0 for log(c), c = \(c.debugDescription)")
        }
        let s = try expand(u, to: max(n, 1))
        return try logSeries(of: s, leading: c)
    }

    /// log of a series with exact leading term c t^0, c > 0.
    private func logSeries(of s: TruncatedSeries, leading c: Expr) throws -> TruncatedSeries {
        let cInverse = try ring.reciprocal(c)
        var w: [Expr] = [.zero]
        if s.precision > 1 {
            for k in 1..<s.precision { w.append(try ring.multiply(cInverse, s.coefficient(at: k))) }
        }
        let l = try ring.log(onePlus: TruncatedSeries(valuation: 0, coefficients: w))
        let lc = try ring.call(.log, c)
        return lc.isZero ? l : try ring.add(l, try ring.constant(lc, precision: l.precision))
    }

    private mutating func trigSeries(_ e: Expr, _ u: Expr, hyperbolic: Bool, sine: Bool, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole:
            throw SeriesError.essentialSingularity(e, reason: hyperbolic ? "a hyperbolic function of a pole grows exponentially"
                                                   : "a trigonometric function of a pole oscillates")
        case .regular(let u0, let r):
            let (s, c) = try ring.sinCos(ofPositive: r, hyperbolic: hyperbolic)
            if u0.isZero { return sine ? s : c }
            let su0 = try ring.call(hyperbolic ? .sinh : .sin, u0)
            let cu0 = try ring.call(hyperbolic ? .cosh : .cos, u0)
            if sine {
                // sin(u0 + r) = sin u0 cos r + cos u0 sin r (and sinh alike).
                return try ring.add(try ring.scale(c, by: su0), try ring.scale(s, by: cu0))
            }
            // cos(u0 + r) = cos u0 cos r − sin u0 sin r; cosh(u0 + r) = cosh u0 cosh r + sinh u0 sinh r.
            let second = try ring.scale(s, by: hyperbolic ? su0 : try ring.negate(su0))
            return try ring.add(try ring.scale(c, by: cu0), second)
        }
    }

    private mutating func tangentSeries(_ e: Expr, _ u: Expr, hyperbolic: Bool, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole(let k, let c):
            if hyperbolic {
                let d = try directionOfTerm(exponent: k, coefficient: c, in: e)
                return try ring.constant(.integer(d), precision: n)
            }
            throw SeriesError.essentialSingularity(e, reason: "tan of a pole oscillates")
        case .regular(let u0, let r):
            let (s, c) = try ring.sinCos(ofPositive: r, hyperbolic: hyperbolic)
            let t = try ring.multiply(s, try ring.inverse(c, leading: .one))
            if u0.isZero { return t }
            if !hyperbolic, ring.isZero(try ring.call(.cos, u0)) == true {
                // u0 is a pole of tan: expand sin(u)/cos(u).
                let quotient = try Normalizer.product([try ring.call(.sin, u),
                                                       try ring.power(try ring.call(.cos, u), Expr.minusOne)], limits: limits)
                return try expand(quotient, to: n)
            }
            // tan(u0 + r) = (τ + T)/(1 − τT), tanh(u0 + r) = (τ + T)/(1 + τT), τ = f(u0).
            let tau = try ring.call(hyperbolic ? .tanh : .tan, u0)
            let numerator = try ring.add(try ring.constant(tau, precision: t.precision), t)
            let cross = try ring.scale(t, by: hyperbolic ? tau : try ring.negate(tau))
            let denominator = try ring.add(try ring.constant(.one, precision: t.precision), cross)
            return try ring.multiply(numerator, try ring.inverse(denominator, leading: .one))
        }
    }

    private mutating func atanSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole(let k, let c):
            // atan(u) = ±π/2 − atan(1/u) for u → ±∞.
            let d = try directionOfTerm(exponent: k, coefficient: c, in: e)
            let inverse = try ring.call(.atan, try ring.power(u, Expr.minusOne))
            let quarter = try ring.scale(.pi, by: Rational(d, 2)!)
            return try expand(try ring.sum([quarter, try ring.negate(inverse)]), to: n)
        case .regular(let u0, let r):
            let full = try recombine(u0, r)
            let q = try ring.add(try ring.constant(.one, precision: full.precision), try ring.multiply(full, full))
            let integrand = try ring.multiply(try ring.derivative(full), try ring.inverse(q, leading: q.coefficient(at: 0)))
            return try ring.integral(integrand, constant: try ring.call(.atan, u0), in: e)
        }
    }

    private mutating func asinSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole:
            throw SeriesError.unsupported(e, reason: "asin of an argument with a pole is undefined near the point")
        case .regular(let u0, let r):
            let c = try ring.sum([.one, try ring.negate(try ring.multiply(u0, u0))])
            guard ring.sign(c) == 1 else {
                throw SeriesError.undecided(e, reason: "cannot show 1 − u0² > 0 for u0 = \(u0.debugDescription) "
                                            + "(asin is expanded only inside its domain)")
            }
            let full = try recombine(u0, r)
            let q = try ring.subtract(try ring.constant(.one, precision: full.precision), try ring.multiply(full, full))
            let cInverse = try ring.reciprocal(c)
            var w: [Expr] = [.zero]
            if q.precision > 1 {
                for k in 1..<q.precision { w.append(try ring.multiply(cInverse, q.coefficient(at: k))) }
            }
            let half = Rational(-1, 2)!
            let root = try ring.power(onePlus: TruncatedSeries(valuation: 0, coefficients: w), exponent: .number(half))
            let derivative = try ring.scale(root, by: try ring.power(c, half))
            let integrand = try ring.multiply(try ring.derivative(full), derivative)
            return try ring.integral(integrand, constant: try ring.call(.asin, u0), in: e)
        }
    }

    private mutating func erfSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole(let k, let c):
            // erf(±∞) = ±1 with an exponentially small error.
            let d = try directionOfTerm(exponent: k, coefficient: c, in: e)
            return try ring.constant(.integer(d), precision: n)
        case .regular(let u0, let r):
            let full = try recombine(u0, r)
            let square = try ring.negate(try ring.multiply(full, full))
            let v0 = square.coefficient(at: 0)
            var gauss = try ring.exp(ofPositive: square.droppingBelow(1))
            if !v0.isZero { gauss = try ring.scale(gauss, by: try ring.call(.exp, v0)) }
            let factor = try Normalizer.product([.integer(2), try ring.power(.pi, Rational(-1, 2)!)], limits: limits)
            let integrand = try ring.scale(try ring.multiply(try ring.derivative(full), gauss), by: factor)
            return try ring.integral(integrand, constant: try ring.call(.erf, u0), in: e)
        }
    }

    private mutating func sigmoidSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole(let k, let c):
            // sigmoid(u) = 1 − O(e^−u) as u → +∞, O(e^u) as u → −∞.
            let d = try directionOfTerm(exponent: k, coefficient: c, in: e)
            return d > 0 ? try ring.constant(.one, precision: n) : .zero(precision: n)
        case .regular(let u0, let r):
            // 1/(1 + exp(−u0) exp(−r)); the leading coefficient 1 + exp(−u0) is positive.
            var expMinus = try ring.exp(ofPositive: try ring.negate(r))
            let minusU0 = try ring.negate(u0)
            if !minusU0.isZero { expMinus = try ring.scale(expMinus, by: try ring.call(.exp, minusU0)) }
            let q = try ring.add(try ring.constant(.one, precision: expMinus.precision), expMinus)
            return try ring.inverse(q, leading: q.coefficient(at: 0))
        }
    }

    private mutating func softplusSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole(let k, let c):
            // softplus(u) = u + O(e^−u) as u → +∞, O(e^u) as u → −∞.
            let d = try directionOfTerm(exponent: k, coefficient: c, in: e)
            return d > 0 ? try expand(u, to: n) : .zero(precision: n)
        case .regular(let u0, let r):
            // log(1 + exp(u0) exp(r)); the leading coefficient 1 + exp(u0) is positive.
            var expU = try ring.exp(ofPositive: r)
            if !u0.isZero { expU = try ring.scale(expU, by: try ring.call(.exp, u0)) }
            let q = try ring.add(try ring.constant(.one, precision: expU.precision), expU)
            return try logSeries(of: q, leading: q.coefficient(at: 0))
        }
    }

    private mutating func lambertSeries(_ e: Expr, _ u: Expr, to n: Int) throws -> TruncatedSeries {
        switch try behavior(of: u, to: n) {
        case .pole:
            throw SeriesError.unsupported(e, reason: "lambertw of an argument with a pole")
        case .regular(let u0, let r):
            guard ring.isZero(u0) == true else {
                throw SeriesError.unsupported(e, reason: "lambertw is expanded only around argument 0, not "
                                              + u0.debugDescription)
            }
            // W(r) = Σ_{k≥1} (−k)^(k−1)/k! rᵏ.
            return try ring.compose({ k in
                if k == 0 { return .zero }
                let numerator = BigInt(-k).power(k - 1) ?? .one
                var factorial = BigInt.one
                for i in 1...k { factorial *= BigInt(i) }
                return .number(Rational(numerator: numerator, denominator: factorial) ?? .zero)
            }, with: r)
        }
    }

    private mutating func minMaxSeries(_ e: Expr, isMax: Bool, _ args: [Expr], to n: Int) throws -> TruncatedSeries {
        guard var best = args.first else {
            throw SeriesError.unsupported(e, reason: "min/max without arguments")
        }
        for a in args.dropFirst() {
            let difference = try ring.sum([a, try ring.negate(best)])
            let d: Int
            if try depends(difference) {
                let (v, c) = try leadingTerm(difference)
                d = try directionOfTerm(exponent: v, coefficient: c, in: e)
            } else if ring.isZero(difference) == true {
                continue
            } else if let s = ring.sign(difference) {
                d = s
            } else {
                throw SeriesError.undecided(e, reason: "cannot compare the arguments of \(isMax ? "max" : "min")")
            }
            if (isMax && d > 0) || (!isMax && d < 0) { best = a }
        }
        return try expand(best, to: n)
    }

    // MARK: - Opaque functions

    private mutating func opaqueSeries(_ e: Expr, _ o: OpaqueFunction, _ args: [Expr], to n: Int) throws -> TruncatedSeries {
        let m = max(n, 1)
        var centers = args
        var parts: [(index: Int, r: TruncatedSeries)] = []
        for (i, a) in args.enumerated() where try depends(a) {
            switch try behavior(of: a, to: m) {
            case .pole:
                throw SeriesError.unsupported(e, reason: "an opaque function of an argument with a pole at the point")
            case .regular(let u0, let r):
                centers[i] = u0
                if !r.isZeroSeries { parts.append((i, r)) }
            }
        }
        let baseOrders = o.derivativeOrders.isEmpty ? [Int](repeating: 0, count: args.count) : o.derivativeOrders
        guard baseOrders.count == args.count else {
            throw SeriesError.unsupported(e, reason: "derivative orders do not match the arguments of \(o.name)")
        }
        let weights = parts.map { max(1, $0.r.valuation) }
        var powers: [[TruncatedSeries]] = []
        for p in parts { powers.append([try ring.constant(.one, precision: m), p.r]) }
        var result = TruncatedSeries.zero(precision: m)
        var alpha = [Int](repeating: 0, count: parts.count)
        var terms = 0
        while true {
            terms += 1
            if terms > limits.maxTerms {
                throw LimitExceeded(limit: "maxTerms", requested: terms, maximum: limits.maxTerms)
            }
            // The term ∂^α f(u0) Π rᵢ^αᵢ / αᵢ!.
            var orders = baseOrders
            var factorial = BigInt.one
            var series = try ring.constant(.one, precision: m)
            for (p, k) in alpha.enumerated() where k > 0 {
                orders[parts[p].index] += k
                for i in 1...k { factorial *= BigInt(i) }
                while powers[p].count <= k {
                    powers[p].append(try ring.multiply(powers[p][powers[p].count - 1], parts[p].r, upTo: m))
                }
                series = try ring.multiply(series, powers[p][k], upTo: m)
            }
            let head = orders.allSatisfy({ $0 == 0 }) && o.derivativeOrders.isEmpty
                ? o : OpaqueFunction(name: o.name, conditioningIndex: o.conditioningIndex, derivativeOrders: orders)
            let value = try ring.call(.opaque(head), centers)
            let coefficient = try ring.scale(value, by: Rational(numerator: .one, denominator: factorial) ?? .one)
            result = try ring.add(result, try ring.scale(series, by: coefficient))
            // Next multi-index with Σ αᵢ wᵢ < m (odometer; the weight is monotone in each αᵢ).
            var i = 0
            while i < alpha.count {
                alpha[i] += 1
                if zip(alpha, weights).reduce(0, { $0 + $1.0 * $1.1 }) < m { break }
                alpha[i] = 0
                i += 1
            }
            if i == alpha.count { break }
        }
        return result
    }
}
