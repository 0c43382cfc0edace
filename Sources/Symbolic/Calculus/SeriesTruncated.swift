// Truncated Laurent series in the internal variable t, and their arithmetic.
//
// Implementation notes
// --------------------
// A `TruncatedSeries` is `Σ cₖ t^(valuation + k) + O(t^precision)`: the coefficients are
// exact up to (excluding) `precision`, an *absolute* order. Leading coefficients that are
// structurally `0` are stripped, so `valuation` is a lower bound of the true valuation
// (equal to it once the leading coefficient is proved nonzero). Precision rules:
//
// * a + b: min of the precisions;
// * a · b: min(prec(a) + val(b), prec(b) + val(a)) — a lower bound of val suffices;
// * 1/a and (1 + w)^α keep the *relative* precision (number of coefficients);
// * d/dt lowers the precision by one, ∫ dt raises it by one.
//
// Transcendental functions of a series r with r(0) = 0 use the classical O(n²)
// recurrences obtained from their differential equations (valid in any variable t):
// exp: E' = r'E; log(1 + r): (1 + r)L' = r'; sin/cos: S' = r'C, C' = −r'S (and the
// hyperbolic pair); powers (J. C. P. Miller): P = (1 + w)^α satisfies (1 + w)P' = α w' P,
// i.e. k pₖ = Σ_{j=1..k} ((α + 1) j − k) wⱼ pₖ₋ⱼ. A Maclaurin table Σ aₖ rᵏ is composed by
// accumulating powers of r. Every product of series costs O(n²) coefficient operations on
// at most `Limits.maxOrder` coefficients.

/// `Σ coefficients[k] t^(valuation + k) + O(t^precision)`, coefficients canonical.
struct TruncatedSeries: Sendable, Hashable {
    /// The exponent of `coefficients[0]`; a lower bound of the true valuation.
    private(set) var valuation: Int
    /// The coefficients from `valuation` up to `precision − 1`; the first is not a structural 0.
    private(set) var coefficients: [Expr]

    /// The series is exact up to (excluding) `t^precision`.
    var precision: Int { valuation + coefficients.count }

    /// Creates the series, stripping leading structural zeros.
    init(valuation: Int, coefficients: [Expr]) {
        var start = 0
        while start < coefficients.count && coefficients[start].isZero { start += 1 }
        self.valuation = valuation + start
        self.coefficients = start == 0 ? coefficients : Array(coefficients[start...])
    }

    /// `O(t^precision)`.
    static func zero(precision: Int) -> TruncatedSeries {
        TruncatedSeries(valuation: precision, coefficients: [])
    }

    /// `c t^exponent + O(t^precision)`; when `precision ≤ exponent`, `O(t^exponent)` (the
    /// valuation bound is kept).
    static func monomial(_ c: Expr, exponent: Int, precision: Int) -> TruncatedSeries {
        if c.isZero { return .zero(precision: precision) }
        if precision <= exponent { return .zero(precision: exponent) }
        var cs = [Expr](repeating: .zero, count: precision - exponent)
        cs[0] = c
        return TruncatedSeries(valuation: exponent, coefficients: cs)
    }

    /// Whether no coefficient is stored (the series is `O(t^precision)`).
    var isZeroSeries: Bool { coefficients.isEmpty }

    /// The coefficient of `t^k` for `k < precision` (0 below the valuation).
    func coefficient(at k: Int) -> Expr {
        let i = k - valuation
        return i >= 0 && i < coefficients.count ? coefficients[i] : .zero
    }

    /// The same series known only up to `t^n` (no-op if `n ≥ precision`). Never weakens
    /// the valuation bound: below it the series is `O(t^valuation)`.
    func truncated(to n: Int) -> TruncatedSeries {
        if n >= precision { return self }
        if n <= valuation { return .zero(precision: valuation) }
        return TruncatedSeries(valuation: valuation, coefficients: Array(coefficients[0..<(n - valuation)]))
    }

    /// The series times `t^k`.
    func shifted(by k: Int) -> TruncatedSeries {
        TruncatedSeries(valuation: valuation + k, coefficients: coefficients)
    }

    /// Drops the coefficients below `t^v`, which the caller has proved to be zero.
    func droppingBelow(_ v: Int) -> TruncatedSeries {
        if v <= valuation { return self }
        if v >= precision { return .zero(precision: precision) }
        return TruncatedSeries(valuation: v, coefficients: Array(coefficients[(v - valuation)...]))
    }

    /// Replaces the coefficient of `t^k` (inside the stored range or just above the valuation).
    func replacingCoefficient(at k: Int, with c: Expr) -> TruncatedSeries {
        guard k < precision else { return self }
        var cs = coefficients
        var v = valuation
        if k < v {
            if c.isZero { return self }
            cs = [Expr](repeating: .zero, count: v - k) + cs
            v = k
        }
        cs[k - v] = c
        return TruncatedSeries(valuation: v, coefficients: cs)
    }
}

// MARK: - Arithmetic

extension SeriesCoefficientRing {
    func checkCount(_ count: Int) throws {
        if count > maxCount {
            throw LimitExceeded(limit: "maxOrder", requested: count, maximum: maxCount)
        }
    }

    /// `c + O(t^precision)`.
    func constant(_ c: Expr, precision: Int) throws -> TruncatedSeries {
        try checkCount(precision)
        return .monomial(c, exponent: 0, precision: precision)
    }

    func add(_ a: TruncatedSeries, _ b: TruncatedSeries) throws -> TruncatedSeries {
        let prec = min(a.precision, b.precision)
        let val = min(a.valuation, b.valuation)
        if prec <= val { return .zero(precision: prec) }
        var out: [Expr] = []
        out.reserveCapacity(prec - val)
        for k in val..<prec {
            let x = a.coefficient(at: k), y = b.coefficient(at: k)
            out.append(x.isZero ? y : (y.isZero ? x : try sum([x, y])))
        }
        return TruncatedSeries(valuation: val, coefficients: out)
    }

    func negate(_ a: TruncatedSeries) throws -> TruncatedSeries {
        TruncatedSeries(valuation: a.valuation, coefficients: try a.coefficients.map(negate))
    }

    func subtract(_ a: TruncatedSeries, _ b: TruncatedSeries) throws -> TruncatedSeries {
        try add(a, try negate(b))
    }

    /// `c · a` for a coefficient `c`.
    func scale(_ a: TruncatedSeries, by c: Expr) throws -> TruncatedSeries {
        if c.isOne { return a }
        return TruncatedSeries(valuation: a.valuation, coefficients: try a.coefficients.map { try multiply(c, $0) })
    }

    /// `a · b`, optionally truncated to `t^cap`.
    func multiply(_ a: TruncatedSeries, _ b: TruncatedSeries, upTo cap: Int? = nil) throws -> TruncatedSeries {
        let val = a.valuation + b.valuation
        var prec = min(a.precision + b.valuation, b.precision + a.valuation)
        if let c = cap { prec = min(prec, c) }
        let count = prec - val
        if count <= 0 { return .zero(precision: val) }
        try checkCount(count)
        let na = a.coefficients.count, nb = b.coefficients.count
        var out: [Expr] = []
        out.reserveCapacity(count)
        for k in 0..<count {
            let lo = max(0, k - (nb - 1)), hi = min(k, na - 1)
            var pairs: [(Expr, Expr)] = []
            if lo <= hi {
                for i in lo...hi { pairs.append((a.coefficients[i], b.coefficients[k - i])) }
            }
            out.append(try dot(pairs))
        }
        return TruncatedSeries(valuation: val, coefficients: out)
    }

    /// `aⁿ` for n ≥ 1 by repeated squaring (no condition on the leading coefficient).
    /// `a` must be known to `t^(target − (n − 1)·val(a))` for the result to reach `target`.
    func power(_ a: TruncatedSeries, _ n: Int, upTo target: Int) throws -> TruncatedSeries {
        // Work with b = a / t^v (valuation ≥ 0) so that truncating intermediates is safe.
        let v = a.valuation
        let cap = target - n * v
        // aⁿ = O(t^(n v)) and n v ≥ target: nothing to compute.
        if cap <= 0 || a.isZeroSeries { return .zero(precision: n * v) }
        let b = a.shifted(by: -v)
        var result: TruncatedSeries? = nil
        var base = b.truncated(to: cap)
        var k = n
        while k > 0 {
            if k & 1 == 1 {
                result = try result.map { try multiply($0, base, upTo: cap) } ?? base
            }
            k >>= 1
            if k > 0 { base = try multiply(base, base, upTo: cap) }
        }
        return (result ?? b).shifted(by: n * v)
    }

    /// `1/a`, where `c` is `a`'s coefficient of `t^val(a)` (the caller proved it nonzero).
    func inverse(_ a: TruncatedSeries, leading c: Expr) throws -> TruncatedSeries {
        let n = a.coefficients.count
        if n == 0 { return .zero(precision: -a.valuation) }
        let b0 = try reciprocal(c)
        let minusB0 = try negate(b0)
        var b: [Expr] = [b0]
        b.reserveCapacity(n)
        for k in 1..<max(n, 1) {
            var pairs: [(Expr, Expr)] = []
            for j in 1...k { pairs.append((a.coefficients[j], b[k - j])) }
            b.append(try multiply(minusB0, try dot(pairs)))
        }
        return TruncatedSeries(valuation: -a.valuation, coefficients: b)
    }

    /// `(1 + w)^α` for a series `w` with valuation ≥ 1, to `w`'s precision (Miller's
    /// recurrence). `α` is any canonical constant expression.
    func power(onePlus w: TruncatedSeries, exponent alpha: Expr) throws -> TruncatedSeries {
        let n = w.precision
        if n <= 0 { return .zero(precision: n) }
        try checkCount(n)
        var p: [Expr] = [.one]
        p.reserveCapacity(n)
        let numeric = alpha.numberValue
        for k in 1..<max(n, 1) {
            var pairs: [(Expr, Expr)] = []
            for j in 1...k {
                let wj = w.coefficient(at: j)
                if wj.isZero { continue }
                let jk = Rational(j) * (Rational(1, k) ?? .one)
                let shift = Rational(j - k) * (Rational(1, k) ?? .one)
                if let a = numeric {
                    let m = a * jk + shift
                    if m.isZero { continue }
                    pairs.append((try scale(wj, by: m), p[k - j]))
                } else {
                    let m = try sum([try scale(alpha, by: jk), .number(shift)])
                    pairs.append((m, try multiply(wj, p[k - j])))
                }
            }
            p.append(try dot(pairs))
        }
        return TruncatedSeries(valuation: 0, coefficients: p)
    }

    /// d/dt.
    func derivative(_ a: TruncatedSeries) throws -> TruncatedSeries {
        var out: [Expr] = []
        out.reserveCapacity(a.coefficients.count)
        for (i, c) in a.coefficients.enumerated() {
            out.append(try scale(c, by: Rational(a.valuation + i)))
        }
        return TruncatedSeries(valuation: a.valuation - 1, coefficients: out)
    }

    /// `constant + ∫₀ᵗ a`, for a series with no negative powers.
    func integral(_ a: TruncatedSeries, constant: Expr, in e: Expr) throws -> TruncatedSeries {
        for (i, c) in a.coefficients.enumerated() where a.valuation + i < 0 && !c.isZero {
            throw SeriesError.unsupported(e, reason: "integrating a series with a negative power")
        }
        let prec = a.precision + 1
        if prec <= 0 { return .zero(precision: prec) }
        try checkCount(prec)
        var out: [Expr] = [constant]
        out.reserveCapacity(prec)
        for k in 1..<prec {
            out.append(try scale(a.coefficient(at: k - 1), by: Rational(1, k) ?? .one))
        }
        return TruncatedSeries(valuation: 0, coefficients: out)
    }

    /// `exp(r)` for `r` with valuation ≥ 1.
    func exp(ofPositive r: TruncatedSeries) throws -> TruncatedSeries {
        let n = r.precision
        if n <= 0 { return .zero(precision: n) }
        try checkCount(n)
        var e: [Expr] = [.one]
        e.reserveCapacity(n)
        for k in 1..<max(n, 1) {
            var pairs: [(Expr, Expr)] = []
            for j in 1...k {
                let rj = r.coefficient(at: j)
                if rj.isZero { continue }
                pairs.append((try scale(rj, by: Rational(j, k) ?? .one), e[k - j]))
            }
            e.append(try dot(pairs))
        }
        return TruncatedSeries(valuation: 0, coefficients: e)
    }

    /// `log(1 + r)` for `r` with valuation ≥ 1.
    func log(onePlus r: TruncatedSeries) throws -> TruncatedSeries {
        let n = r.precision
        if n <= 0 { return .zero(precision: n) }
        try checkCount(n)
        var l: [Expr] = [.zero]
        l.reserveCapacity(n)
        for k in 1..<max(n, 1) {
            // k Lₖ = k rₖ − Σ_{j=1..k−1} j Lⱼ rₖ₋ⱼ
            var pairs: [(Expr, Expr)] = [(r.coefficient(at: k), .one)]
            if k > 1 {
                for j in 1...(k - 1) where !l[j].isZero {
                    pairs.append((try scale(l[j], by: -(Rational(j, k) ?? .one)), r.coefficient(at: k - j)))
                }
            }
            l.append(try dot(pairs))
        }
        return TruncatedSeries(valuation: 0, coefficients: l)
    }

    /// `(sin r, cos r)` — or `(sinh r, cosh r)` when `hyperbolic` — for `r` with valuation ≥ 1.
    func sinCos(ofPositive r: TruncatedSeries, hyperbolic: Bool) throws -> (TruncatedSeries, TruncatedSeries) {
        let n = r.precision
        if n <= 0 { return (.zero(precision: n), .zero(precision: n)) }
        try checkCount(n)
        var s: [Expr] = [.zero], c: [Expr] = [.one]
        s.reserveCapacity(n)
        c.reserveCapacity(n)
        let sign: Rational = hyperbolic ? .one : .minusOne
        for k in 1..<max(n, 1) {
            var sp: [(Expr, Expr)] = [], cp: [(Expr, Expr)] = []
            for j in 1...k {
                let rj = r.coefficient(at: j)
                if rj.isZero { continue }
                let w = Rational(j, k) ?? .one
                sp.append((try scale(rj, by: w), c[k - j]))
                cp.append((try scale(rj, by: w * sign), s[k - j]))
            }
            s.append(try dot(sp))
            c.append(try dot(cp))
        }
        return (TruncatedSeries(valuation: 0, coefficients: s), TruncatedSeries(valuation: 0, coefficients: c))
    }

    /// `Σₖ table(k) rᵏ` for `r` with valuation ≥ 1, to `r`'s precision. `table` is asked
    /// only for the k that contribute.
    func compose(_ table: (Int) throws -> Expr, with r: TruncatedSeries) throws -> TruncatedSeries {
        let n = r.precision
        if n <= 0 { return .zero(precision: n) }
        var result = try constant(try table(0), precision: n)
        if r.isZeroSeries { return result }
        let v = max(r.valuation, 1)
        var power = try constant(.one, precision: n)
        var k = 1
        while k * v < n {
            power = try multiply(power, r, upTo: n)
            let a = try table(k)
            if !a.isZero { result = try add(result, try scale(power, by: a)) }
            k += 1
        }
        return result
    }
}
