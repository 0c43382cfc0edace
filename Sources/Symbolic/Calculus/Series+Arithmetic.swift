// Arithmetic on series: + − * /, powers and composition.
//
// Implementation notes
// --------------------
// Operands must be in the same variable, around the same point, from the same side; they
// are lifted to a common ramification (t-exponents multiplied) and combined with the
// engine's truncated-series arithmetic, so precision follows the same rules (see
// `TruncatedSeries`). Division and non-integer powers need the divisor's / base's exact
// leading coefficient: the first coefficient the zero test does not prove zero must be
// proved nonzero (else `undecided`; if every coefficient is zero, `divisionByZero`).
// Composition F∘G substitutes the series G for F's variable: F's local variable k becomes
// G − b (or b − G, 1/G, −1/G), which must tend to 0 (to 0+ when F is one-sided), and
// F = Σ fᵢ k^(i/D) + O(k^(N/D)) is evaluated with the powers of P = k^(1/D); the O-term
// becomes O(t^(val(P)·N)).

extension Series {
    /// The sum. Throws ``SeriesError/incompatible(reason:)`` for series in different
    /// variables, around different points or from different sides.
    public static func + (lhs: Series, rhs: Series) throws(SeriesError) -> Series {
        try combine(lhs, rhs) { ring, a, b in try ring.add(a, b) }
    }

    /// The difference.
    public static func - (lhs: Series, rhs: Series) throws(SeriesError) -> Series {
        try combine(lhs, rhs) { ring, a, b in try ring.subtract(a, b) }
    }

    /// The negation.
    public static prefix func - (operand: Series) throws(SeriesError) -> Series {
        try operand.map { ring, a in try ring.negate(a) }
    }

    /// The product: exact up to min(order(a) + val(b), order(b) + val(a)).
    public static func * (lhs: Series, rhs: Series) throws(SeriesError) -> Series {
        try combine(lhs, rhs) { ring, a, b in try ring.multiply(a, b) }
    }

    /// The quotient with the default zero test (see ``dividing(by:zeroTest:limits:)``).
    public static func / (lhs: Series, rhs: Series) throws(SeriesError) -> Series {
        try lhs.dividing(by: rhs)
    }

    /// The series times a constant coefficient (canonicalised).
    public func multiplied(by constant: Expr, limits: Limits = .default) throws(SeriesError) -> Series {
        do {
            let c = try constant.canonicalized(limits: limits)
            return try map(limits: limits) { ring, a in try ring.scale(a, by: c) }
        } catch {
            throw SeriesError.wrap(error, in: constant)
        }
    }

    /// The quotient. A divisor whose first coefficients are zero shifts the valuation;
    /// the first coefficient not proved zero must be proved nonzero by `zeroTest`.
    /// - Throws: ``SeriesError/divisionByZero(reason:)`` when the divisor is identically
    ///   zero up to its order, ``SeriesError/undecided(_:reason:)`` when its leading
    ///   coefficient cannot be decided.
    public func dividing(by divisor: Series, zeroTest: ZeroTest? = nil,
                         limits: Limits = .default) throws(SeriesError) -> Series {
        let ring = Series.ring(zeroTest: zeroTest, limits: limits)
        return try Series.combine(self, divisor, ring: ring) { ring, a, b in
            let (k, c) = try Series.exactLeading(b, ring: ring)
            return try ring.multiply(a, try ring.inverse(b.droppingBelow(k), leading: c))
        }
    }

    /// The integer power. A negative power needs a provably nonzero leading coefficient;
    /// the 0th power is 1 to the series' relative precision.
    public func power(_ n: Int, zeroTest: ZeroTest? = nil, limits: Limits = .default) throws(SeriesError) -> Series {
        guard abs(n) <= limits.maxExponent else {
            throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: abs(n), maximum: limits.maxExponent))
        }
        let ring = Series.ring(zeroTest: zeroTest, limits: limits)
        return try map(ring: ring) { ring, a in
            if n > 0 { return try ring.power(a, n, upTo: a.precision + (n - 1) * a.valuation) }
            let (k, c) = try Series.exactLeading(a, ring: ring)
            let normalized = a.droppingBelow(k)
            if n == 0 { return try ring.constant(.one, precision: normalized.coefficients.count) }
            let inverse = try ring.inverse(normalized, leading: c)
            return try ring.power(inverse, -n, upTo: inverse.precision + (-n - 1) * inverse.valuation)
        }
    }

    /// The power with a rational exponent: `(c h^v (1 + w))^α = c^α h^(vα) (1 + w)^α`.
    /// A non-integer α needs c provably positive (under `assumptions`); a fractional vα
    /// gives a Puiseux series (one-sided series only).
    public func power(_ alpha: Rational, assumptions: Assumptions = Assumptions(), zeroTest: ZeroTest? = nil,
                      limits: Limits = .default) throws(SeriesError) -> Series {
        if alpha.isInteger, let n = alpha.asInt { return try power(n, zeroTest: zeroTest, limits: limits) }
        let ring = Series.ring(zeroTest: zeroTest, assumptions: assumptions, limits: limits)
        do {
            let (k, c) = try Series.exactLeading(storage, ring: ring)
            guard ring.sign(c) == 1 else {
                throw SeriesError.undecided(.number(alpha), reason: "cannot show c > 0 for the leading coefficient "
                                            + "\(c.debugDescription) of a base with a non-integer power")
            }
            var (lifted, d) = (storage, ramification)
            let q = Rational(k) * alpha
            if !q.isInteger {
                if isTwoSided {
                    throw SeriesError.needsOneSidedExpansion(.number(alpha), reason: "a fractional power of h")
                }
                guard let m = q.denominator.asInt, d * m <= limits.maxOrder else {
                    throw LimitExceeded(limit: "maxOrder", requested: d * (q.denominator.asInt ?? Int.max / 2),
                                        maximum: limits.maxOrder)
                }
                (lifted, d) = (lifted.lifted(by: m), d * m)
            }
            let k2 = k * (d / ramification)
            let shiftRational = Rational(k2) * alpha
            guard let shift = shiftRational.asInt else {
                throw LimitExceeded(limit: "maxOrder", requested: Int.max, maximum: limits.maxOrder)
            }
            if isTwoSided && (k2 % 2 != 0 || shift % 2 != 0) {
                throw SeriesError.needsOneSidedExpansion(.number(alpha), reason: "the power is |h|^\(shift), not h^\(shift)")
            }
            let result = try Series.power(of: lifted, leading: (k2, c), alpha: .number(alpha), ring: ring)
            return Series(variable: variable, location: location, direction: direction, ramification: d,
                          storage: result)
        } catch {
            throw SeriesError.wrap(error, in: .number(alpha))
        }
    }

    /// The composition `self ∘ inner`: the series of F(G(x)) where `self` is F in its
    /// variable y around b and `inner` is G(x) with G → b (G → b from the side F was expanded
    /// on; G → ±∞ when b is ±inf). The result is in `inner`'s variable, point and side.
    public func composed(with inner: Series, assumptions: Assumptions = Assumptions(), zeroTest: ZeroTest? = nil,
                         limits: Limits = .default) throws(SeriesError) -> Series {
        let ring = Series.ring(zeroTest: zeroTest, assumptions: assumptions, limits: limits)
        do {
            var g = inner.storage
            var d = inner.ramification
            // k, F's local variable, as a series in inner's t.
            var k: TruncatedSeries
            switch location {
            case .finite(let b, let fromBelow):
                let shifted = try ring.subtract(g, try ring.constant(b, precision: g.precision))
                k = fromBelow ? try ring.negate(shifted) : shifted
            case .positiveInfinity, .negativeInfinity:
                let (v, c) = try Series.exactLeading(g, ring: ring)
                guard v < 0 else {
                    throw SeriesError.unsupported(point, reason: "the inner series does not tend to infinity")
                }
                let inverse = try ring.inverse(g.droppingBelow(v), leading: c)
                k = location == .positiveInfinity ? inverse : try ring.negate(inverse)
            }
            var (v, c) = try Series.exactLeading(k, ring: ring)
            guard v > 0 else {
                throw SeriesError.unsupported(point, reason: "the inner series does not tend to the expansion point")
            }
            if !isTwoSided {
                if inner.isTwoSided && v % 2 != 0 {
                    throw SeriesError.needsOneSidedExpansion(point, reason: "the inner series crosses the point")
                }
                guard ring.sign(c) == 1 else {
                    throw SeriesError.undecided(point, reason: "cannot show that the inner series approaches "
                                                + "the point from the side of the outer series")
                }
            }
            // P = k^(1/D_F) with an integral t-valuation.
            let df = ramification
            if v % df != 0 {
                if inner.isTwoSided {
                    throw SeriesError.needsOneSidedExpansion(point, reason: "a fractional power of the inner series")
                }
                let m = df / gcd(v, df)
                guard d * m <= limits.maxOrder else {
                    throw LimitExceeded(limit: "maxOrder", requested: d * m, maximum: limits.maxOrder)
                }
                g = g.lifted(by: m)
                k = k.lifted(by: m)
                d *= m
                v *= m
            }
            let p: TruncatedSeries = df == 1 ? k
                : try Series.power(of: k, leading: (v, c), alpha: .number(Rational(1, df)!), ring: ring)
            let pv = v / df
            // Σ fᵢ Pⁱ + O(P^N).
            let errorOrder = pv * storage.precision
            var sum = TruncatedSeries.zero(precision: errorOrder)
            var positive = try ring.constant(.one, precision: errorOrder)
            var negative = positive
            let inverse = storage.valuation < 0 ? try ring.inverse(p.droppingBelow(pv), leading: try ring.power(c, Rational(1, df)!)) : nil
            var up = 0, down = 0
            for (i, f) in storage.coefficients.enumerated() where !f.isZero {
                let e = storage.valuation + i
                let powerOfP: TruncatedSeries
                if e >= 0 {
                    while up < e { positive = try ring.multiply(positive, p); up += 1 }
                    powerOfP = positive
                } else {
                    guard let inv = inverse else { continue }
                    while down < -e { negative = try ring.multiply(negative, inv); down += 1 }
                    powerOfP = negative
                }
                sum = try ring.add(sum, try ring.scale(powerOfP, by: f))
            }
            return Series(variable: inner.variable, location: inner.location, direction: inner.direction,
                          ramification: d, storage: sum.cut(at: errorOrder))
        } catch {
            throw SeriesError.wrap(error, in: point)
        }
    }

    // MARK: - Helpers

    /// Whether the series holds on both sides of a finite point.
    var isTwoSided: Bool { location.isTwoSided(direction) }

    static func ring(zeroTest: ZeroTest?, assumptions: Assumptions = Assumptions(),
                     limits: Limits) -> SeriesCoefficientRing {
        SeriesCoefficientRing(limits: limits, assumptions: assumptions,
                              zeroTest: zeroTest ?? Series.defaultZeroTest(assumptions: assumptions))
    }

    /// The first coefficient not proved zero, proved nonzero.
    static func exactLeading(_ s: TruncatedSeries, ring: SeriesCoefficientRing) throws -> (Int, Expr) {
        for (i, c) in s.coefficients.enumerated() where !c.isZero {
            switch ring.isZero(c) {
            case .some(true): continue
            case .some(false): return (s.valuation + i, c)
            case .none:
                throw SeriesError.undecided(c, reason: "cannot decide whether the leading coefficient is zero")
            }
        }
        throw SeriesError.divisionByZero(reason: "the series is zero up to its order O(t^\(s.precision))")
    }

    /// `(c t^v (1 + w))^α` for a series with exact leading term `c t^v`, `vα` integral.
    static func power(of s: TruncatedSeries, leading: (Int, Expr), alpha: Expr,
                      ring: SeriesCoefficientRing) throws -> TruncatedSeries {
        let (v, c) = leading
        let cInverse = try ring.reciprocal(c)
        var w: [Expr] = [.zero]
        if s.precision - v > 1 {
            for j in 1..<(s.precision - v) { w.append(try ring.multiply(cInverse, s.coefficient(at: v + j))) }
        }
        let p = try ring.power(onePlus: TruncatedSeries(valuation: 0, coefficients: w), exponent: alpha)
        let shift = (Rational(v) * (alpha.numberValue ?? .zero)).asInt ?? 0
        return try ring.scale(p, by: try ring.power(c, alpha)).shifted(by: shift)
    }

    private static func combine(_ a: Series, _ b: Series, ring: SeriesCoefficientRing? = nil,
                                _ op: (SeriesCoefficientRing, TruncatedSeries, TruncatedSeries) throws -> TruncatedSeries)
        throws(SeriesError) -> Series {
        guard a.variable == b.variable, a.location == b.location, a.direction == b.direction else {
            throw .incompatible(reason: "series in \(a.variable.name) around \(a.point.debugDescription) (\(a.direction)) "
                                + "and in \(b.variable.name) around \(b.point.debugDescription) (\(b.direction))")
        }
        let d = a.ramification / gcd(a.ramification, b.ramification) * b.ramification
        let r = ring ?? Series.ring(zeroTest: nil, limits: .default)
        do {
            let s = try op(r, a.storage.lifted(by: d / a.ramification), b.storage.lifted(by: d / b.ramification))
            return Series(variable: a.variable, location: a.location, direction: a.direction, ramification: d, storage: s)
        } catch {
            throw SeriesError.wrap(error, in: a.truncated)
        }
    }

    private func map(ring: SeriesCoefficientRing? = nil, limits: Limits = .default,
                     _ op: (SeriesCoefficientRing, TruncatedSeries) throws -> TruncatedSeries) throws(SeriesError) -> Series {
        let r = ring ?? Series.ring(zeroTest: nil, limits: limits)
        do {
            return Series(variable: variable, location: location, direction: direction, ramification: ramification,
                          storage: try op(r, storage))
        } catch {
            throw SeriesError.wrap(error, in: truncated)
        }
    }
}

/// The greatest common divisor of two positive integers.
private func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (abs(a), abs(b))
    while y != 0 { (x, y) = (y, x % y) }
    return max(x, 1)
}

extension TruncatedSeries {
    /// The same series in t' = t^(1/factor): every exponent multiplied by `factor`.
    func lifted(by factor: Int) -> TruncatedSeries {
        if factor == 1 { return self }
        var out: [Expr] = []
        out.reserveCapacity(coefficients.count * factor)
        for c in coefficients {
            out.append(c)
            out.append(contentsOf: repeatElement(Expr.zero, count: factor - 1))
        }
        return TruncatedSeries(valuation: valuation * factor, coefficients: out)
    }

    /// The series known only up to `t^n` (a plain truncation, which may lower the valuation
    /// bound to `n`).
    func cut(at n: Int) -> TruncatedSeries {
        if n >= precision { return self }
        if n <= valuation { return .zero(precision: n) }
        return truncated(to: n)
    }
}
