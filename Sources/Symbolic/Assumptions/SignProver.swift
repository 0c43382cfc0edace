// Bounds and signs of expressions under assumptions.
//
// Implementation notes
// --------------------
// A bottom-up walk computing a `RealInterval` that contains every value the expression
// takes *where it is defined*, given the assumed ranges of symbols and opaque functions.
// Sums and products use interval arithmetic (correlations are lost, so `x - x` is not
// known to be 0 — callers pass canonical forms, where like terms are already collected).
// Before the walk, an expression that matches an assumed relation (`canonical(l − r)`) is
// given that relation's sign directly. Functions use monotonicity with exact handling of
// the points where signs change (`log 1 = 0`, `f(0) = 0` for odd increasing f), so a sign
// proved here never depends on floating-point rounding. Big operators E/max/min/sup/inf
// stay within the bounds of their body (with bound variables given the ranges their
// bindings state: `sup_{u > 0}` makes u positive); `integral`/`sum` keep the body's sign.

/// The outcome of trying to prove a fact.
public enum Truth: Sendable, Hashable {
    /// The fact follows from the assumptions.
    case proved
    /// Its negation follows from the assumptions.
    case disproved
    /// Neither could be shown.
    case unknown
}

extension Assumptions {
    /// An interval containing every value of `e` where `e` is defined.
    public func bounds(of e: Expr) -> RealInterval {
        memoisedBounds(of: e).bounds
    }

    /// The canonical form of `e` (nil when it cannot be formed) and the bounds of that form
    /// (of `e` itself without one), computed once per expression under these assumptions.
    private func memoisedBounds(of e: Expr) -> BoundsMemo.Entry {
        memo.entry(for: e) {
            let c = try? e.canonicalized()
            var extra: [Symbol: RealInterval] = [:]
            return BoundsMemo.Entry(canonical: c, bounds: bounds(c ?? e, extra: &extra, depth: 0))
        }
    }

    /// Whether `e` is known to have `property` (for `.real` always proved).
    public func prove(_ e: Expr, is property: Property) -> Truth {
        // The canonical form is computed once, for the walk and for the linear fallback.
        let entry = memoisedBounds(of: e)
        let canonical = entry.canonical
        let b = entry.bounds
        // Intervals lose correlations; a linear expression under linear assumptions is
        // decided exactly (see LinearArithmetic.swift).
        func linear() -> Truth {
            guard relations.count >= 1, let c = canonical else { return .unknown }
            return LinearArithmetic.proves(c, property, from: self) ? .proved : .unknown
        }
        switch property {
        case .positive: return b.isPositive ? .proved : (b.isNonpositive ? .disproved : linear())
        case .nonnegative: return b.isNonnegative ? .proved : (b.isNegative ? .disproved : linear())
        case .negative: return b.isNegative ? .proved : (b.isNonnegative ? .disproved : linear())
        case .nonpositive: return b.isNonpositive ? .proved : (b.isPositive ? .disproved : linear())
        case .nonzero: return b.isNonzero ? .proved : (b.isZero ? .disproved : .unknown)
        case .real: return .proved
        case .integer: return b.isInteger ? .proved : .unknown
        case .natural: return b.isInteger && b.isNonnegative ? .proved : (b.isNegative ? .disproved : .unknown)
        case .probability:
            if b.isPositive && b.isBelow(.one, strict: true) { return .proved }
            if b.isNonpositive || b.isAbove(.one, strict: false) { return .disproved }
            return .unknown
        }
    }

    /// Whether `lhs REL rhs` follows from the assumptions, by the sign of `lhs − rhs`.
    public func prove(_ lhs: Expr, _ relation: Relation, _ rhs: Expr) -> Truth {
        let d = lhs - rhs
        switch relation {
        case .less: return prove(d, is: .negative)
        case .lessEqual: return prove(d, is: .nonpositive)
        case .greater: return prove(d, is: .positive)
        case .greaterEqual: return prove(d, is: .nonnegative)
        case .notEqual: return prove(d, is: .nonzero)
        case .equal:
            let b = bounds(of: d)
            if b.isZero { return .proved }
            return b.isNonzero ? .disproved : .unknown
        }
    }

    private func relationBounds(_ e: Expr) -> RealInterval? {
        // The canonical negation is computed at most once per node (not once per relation).
        var negation: Expr??
        for (d, rel) in relations {
            var sign = 0
            if d == e {
                sign = 1
            } else {
                if negation == nil { negation = .some(try? Canonical(e.negated()).expr) }
                if let neg = negation ?? nil, neg == d { sign = -1 }
            }
            if sign == 0 { continue }
            let base: RealInterval
            switch rel {
            case .less: base = .negative
            case .lessEqual: base = RealInterval(lower: nil, upper: .zero)
            case .equal: base = .point(.zero)
            case .notEqual: base = RealInterval(lower: nil, upper: nil, excludesZero: true)
            case .greater, .greaterEqual: continue  // normalised away on insertion
            }
            return sign == 1 ? base : -base
        }
        return nil
    }

    private func bounds(_ e: Expr, extra: inout [Symbol: RealInterval], depth: Int) -> RealInterval {
        if depth > 500 { return .all }
        var result = rawBounds(e, extra: &extra, depth: depth)
        if !relations.isEmpty, let r = relationBounds(e) { result = result.intersection(r) }
        return result
    }

    private func rawBounds(_ e: Expr, extra: inout [Symbol: RealInterval], depth: Int) -> RealInterval {
        switch e.kind {
        case .number(let r):
            return .point(r)
        case .symbol(let s):
            return extra[s] ?? range(of: s)
        case .constant(let c):
            switch c {
            case .pi: return RealInterval(lower: Rational(314_159, 100_000)!, upper: Rational(314_160, 100_000)!)
            case .infinity: return .all
            }
        case .sum(let terms):
            var acc = RealInterval.point(.zero)
            for t in terms { acc = acc + bounds(t, extra: &extra, depth: depth + 1) }
            return acc
        case .product(let factors):
            var acc = RealInterval.point(.one)
            for f in factors { acc = acc * bounds(f, extra: &extra, depth: depth + 1) }
            return acc
        case .power(let base, let exponent):
            let b = bounds(base, extra: &extra, depth: depth + 1)
            if let k = exponent.numberValue {
                if k.isInteger, let n = k.asInt, abs(n) <= 1_000 { return b.power(n) }
                if !k.isInteger {
                    // Real only for a nonnegative base (by our convention); monotone in the base.
                    let nonneg = b.intersection(.nonnegative)
                    let d = k.doubleValue
                    var image = nonneg.monotoneImage(increasing: d > 0, { LibM.pow($0, d) },
                                                     atNegativeInfinity: nil, atPositiveInfinity: d > 0 ? nil : .zero)
                    if d > 0 {
                        image = image.intersection(RealInterval(lower: .zero, lowerOpen: nonneg.isPositive, upper: nil))
                    } else {
                        image = image.intersection(.positive)
                    }
                    if nonneg.isPositive || d < 0 { image.excludesZero = true }
                    return image
                }
                return .all
            }
            // Symbolic exponent: a positive base gives a positive power.
            if b.isPositive { return .positive }
            return .all
        case .call(let function, let args):
            return callBounds(function, args, extra: &extra, depth: depth)
        case .derivative:
            return .all
        case .bigOperator(let op):
            var inner = extra
            for binding in op.bindings {
                guard case .symbol(let s) = binding.subject.kind else { continue }
                guard let v = binding.value else { inner[s] = .all; continue }
                let vb = bounds(v, extra: &inner, depth: depth + 1)
                switch binding.relation {
                case .greater:
                    inner[s] = RealInterval(lower: vb.lower, lowerOpen: true, upper: nil)
                case .greaterEqual:
                    inner[s] = RealInterval(lower: vb.lower, lowerOpen: vb.lowerOpen, upper: nil)
                case .less:
                    inner[s] = RealInterval(lower: nil, upper: vb.upper, upperOpen: true)
                case .lessEqual:
                    inner[s] = RealInterval(lower: nil, upper: vb.upper, upperOpen: vb.upperOpen)
                case .notEqual where vb.isZero:
                    inner[s] = RealInterval(lower: nil, upper: nil, excludesZero: true)
                case .equals, .member, .bare, .distributedAs, .notEqual, .tendsTo, .option:
                    inner[s] = .all
                }
            }
            let body = bounds(op.body, extra: &inner, depth: depth + 1)
            switch op.name {
            case "E", "max", "min", "sup", "inf":
                return RealInterval(lower: body.lower, lowerOpen: body.lowerOpen, upper: body.upper, upperOpen: body.upperOpen)
            case "integral", "sum":
                if body.isPositive { return .positive }
                if body.isNonnegative { return .nonnegative }
                if body.isNonpositive { return RealInterval(lower: nil, upper: .zero) }
                return .all
            default:
                return .all
            }
        case .list, .subscripted, .range:
            return .all
        }
    }

    private func callBounds(_ function: Function, _ args: [Expr], extra: inout [Symbol: RealInterval],
                            depth: Int) -> RealInterval {
        switch function {
        case .opaque(let o):
            if o.isDifferentiated { return functionRanges[Assumptions.derivativeKey(o.name, o.derivativeOrders)] ?? .all }
            return functionRanges[o.name] ?? .all
        case .builtin(let b):
            let a = args.map { bounds($0, extra: &extra, depth: depth + 1) }
            guard let u = a.first else { return .all }
            switch b {
            case .exp:
                var r = u.monotoneImage(increasing: true, LibM.exp, atNegativeInfinity: .zero, atPositiveInfinity: nil)
                r = r.intersection(.positive)
                if u.isNonnegative { r = r.intersection(RealInterval(lower: .one, lowerOpen: u.isPositive, upper: nil)) }
                if u.isNonpositive { r = r.intersection(RealInterval(lower: nil, upper: .one, upperOpen: u.isNegative)) }
                return r
            case .log:
                let dom = u.intersection(.positive)
                var r = dom.monotoneImage(increasing: true, LibM.log, atNegativeInfinity: nil, atPositiveInfinity: nil)
                if dom.lower?.isZero == true { r.lower = nil; r.lowerOpen = true }
                if dom.isAbove(.one, strict: true) { r = r.intersection(.positive) }
                else if dom.isAbove(.one, strict: false) { r = r.intersection(.nonnegative) }
                if dom.isBelow(.one, strict: true) { r = r.intersection(.negative) }
                else if dom.isBelow(.one, strict: false) { r = r.intersection(RealInterval(lower: nil, upper: .zero)) }
                if dom.excludesZero && u.lower == nil { r.excludesZero = false }
                return r
            case .sqrt:
                return u.intersection(.nonnegative).monotoneImage(increasing: true, { $0.squareRoot() },
                                                                   atNegativeInfinity: .zero, atPositiveInfinity: nil)
                    .intersection(RealInterval(lower: .zero, lowerOpen: u.isPositive, upper: nil))
            case .abs:
                var r = u.power(2)  // shape of |u|: [0 or min, max]
                if let l = u.lower, let h = u.upper {
                    let m = max(l.magnitude, h.magnitude)
                    let lo: Rational = u.isNonnegative ? l : (u.isNonpositive ? h.magnitude : .zero)
                    r = RealInterval(lower: lo, lowerOpen: u.isNonnegative ? u.lowerOpen : (u.isNonpositive ? u.upperOpen : u.excludesZero),
                                     upper: m, upperOpen: false)
                } else {
                    let lo: Rational = u.isNonnegative ? (u.lower ?? .zero) : (u.isNonpositive ? (u.upper?.magnitude ?? .zero) : .zero)
                    r = RealInterval(lower: lo, lowerOpen: u.isNonzero && lo.isZero, upper: nil)
                }
                r.excludesZero = u.isNonzero
                return r
            case .sign:
                if u.isPositive { return .point(.one) }
                if u.isNegative { return .point(.minusOne) }
                if u.isNonnegative { return RealInterval(lower: .zero, upper: .one, isInteger: true) }
                if u.isNonpositive { return RealInterval(lower: .minusOne, upper: .zero, isInteger: true) }
                return RealInterval(lower: .minusOne, upper: .one, excludesZero: u.isNonzero, isInteger: true)
            case .sin, .cos:
                return RealInterval(lower: .minusOne, upper: .one)
            case .tan:
                return .all
            case .atan, .tanh, .erf, .sinh, .asin:
                let f: (Double) -> Double
                let limit: Rational?
                switch b {
                case .atan: f = LibM.atan; limit = Rational(15_708, 10_000)!
                case .tanh: f = LibM.tanh; limit = .one
                case .erf: f = LibM.erf; limit = .one
                case .sinh: f = LibM.sinh; limit = nil
                default: f = LibM.asin; limit = Rational(15_708, 10_000)!
                }
                var r = u.monotoneImage(increasing: true, f, atNegativeInfinity: limit.map { -$0 }, atPositiveInfinity: limit)
                // Odd and increasing with f(0) = 0: the sign is exact.
                if u.isPositive { r = r.intersection(.positive) }
                else if u.isNonnegative { r = r.intersection(.nonnegative) }
                if u.isNegative { r = r.intersection(.negative) }
                else if u.isNonpositive { r = r.intersection(RealInterval(lower: nil, upper: .zero)) }
                if let l = limit { r = r.intersection(RealInterval(lower: -l, lowerOpen: b != .asin, upper: l, upperOpen: b != .asin)) }
                return r
            case .acos:
                return RealInterval(lower: .zero, upper: Rational(31_416, 10_000)!)
            case .cosh:
                return RealInterval(lower: .one, upper: nil)
            case .sigmoid:
                var r = u.monotoneImage(increasing: true, { 1 / (1 + LibM.exp(-$0)) }, atNegativeInfinity: .zero, atPositiveInfinity: .one)
                r = r.intersection(.openUnit)
                if u.isNonnegative { r = r.intersection(RealInterval(lower: Rational(1, 2)!, lowerOpen: u.isPositive, upper: nil)) }
                if u.isNonpositive { r = r.intersection(RealInterval(lower: nil, upper: Rational(1, 2)!, upperOpen: u.isNegative)) }
                return r
            case .softplus:
                return u.monotoneImage(increasing: true, { $0 > 30 ? $0 : LibM.log1p(LibM.exp($0)) },
                                       atNegativeInfinity: .zero, atPositiveInfinity: nil).intersection(.positive)
            case .lambertw:
                // W₀ is increasing on [−1/e, ∞) with W(0) = 0 and W ≥ −1.
                var r = RealInterval(lower: .minusOne, upper: nil)
                if u.isPositive { r = r.intersection(.positive) }
                else if u.isNonnegative { r = r.intersection(.nonnegative) }
                if u.isNegative { r = r.intersection(.negative) }
                return r
            case .min:
                return a.dropFirst().reduce(u) { acc, x in
                    RealInterval(lower: minLower(acc, x).0, lowerOpen: minLower(acc, x).1,
                                 upper: minUpper(acc, x).0, upperOpen: minUpper(acc, x).1)
                }
            case .max:
                return a.dropFirst().reduce(u) { acc, x in
                    -RealInterval(lower: minLower(-acc, -x).0, lowerOpen: minLower(-acc, -x).1,
                                  upper: minUpper(-acc, -x).0, upperOpen: minUpper(-acc, -x).1)
                }
            }
        }
    }

    private func minLower(_ a: RealInterval, _ b: RealInterval) -> (Rational?, Bool) {
        guard let x = a.lower, let y = b.lower else { return (nil, true) }
        if x < y { return (x, a.lowerOpen) }
        if y < x { return (y, b.lowerOpen) }
        return (x, a.lowerOpen && b.lowerOpen)
    }

    private func minUpper(_ a: RealInterval, _ b: RealInterval) -> (Rational?, Bool) {
        switch (a.upper, b.upper) {
        case (nil, nil): return (nil, true)
        case (.some(let x), nil): return (x, a.upperOpen)
        case (nil, .some(let y)): return (y, b.upperOpen)
        case (.some(let x), .some(let y)):
            if x < y { return (x, a.upperOpen) }
            if y < x { return (y, b.upperOpen) }
            return (x, a.upperOpen || b.upperOpen)
        }
    }
}
