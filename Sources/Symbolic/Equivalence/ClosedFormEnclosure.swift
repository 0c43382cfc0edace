// Rigorous high-precision enclosures of closed expressions.
//
// Implementation notes
// --------------------
// A closed expression (no free symbols: an instance value written to 12 digits, the error of
// a power iteration after four steps) is one real number, and the double-precision check
// cannot tell it from a neighbour closer than its rounding noise: `λ1 − rayleigh(4)` is
// 5e-19 computed as the difference of two numbers near 90, so in doubles it is pure noise,
// and a claim `abs(sqrt(rayleigh(3)) − 9.52551809156) <= 5e-12` that is false by 1e-13 is
// within the tolerance. Such values are decided here with interval arithmetic on dyadic
// numbers m·2^e (BigInt mantissas) at a working precision of p bits: every operation
// rounds its lower end down and its upper end up, so the true value always lies in the
// enclosure, whatever the cancellation. The enclosure is computed at 96 and then 320 bits
// until it excludes the value the caller asks about (zero); an enclosure that still
// contains it decides nothing (the ordinary checks stand).
//
// Supported: rational numbers, sums, products, integer powers, rational powers of
// nonnegative bases (k-th roots by BigInt integer roots), powers with an expression
// exponent of a positive base (exp(y·log x)), π, abs, max, min, sign, exp, log, sqrt, sinh,
// cosh, tanh, sigmoid, softplus. exp uses the Taylor series of x/2^s (|x/2^s| ≤ 2^-10)
// with a bound on the remainder, then s squarings at p + s + 32 bits; log uses
// log(f·2^k) = log f + k·log 2 with f in [1/2, 1), log f = 256·log r for r = f^(1/256) (eight
// square roots) and the atanh series of (r − 1)/(r + 1), |·| < 2^-9, with a bound on its
// remainder; log 2 = −log(1/2) and π = 16·atan(1/5) − 4·atan(1/239) (Machin) are computed once
// per evaluation. Monotone functions are evaluated at the
// two ends of their argument's enclosure. Anything else (symbols, opaque or stand-in
// functions, derivatives, big operators, matrices, trigonometric functions) has no
// enclosure, and so does an undefined or doubtful operation (a root or log of an enclosure
// reaching below zero, a reciprocal of one containing zero).
// A file's checks enclose the same closed sub-expressions again and again (log(2·pi) in
// every instance's closed forms): with an `EnclosureMemo` (one per file, from the
// `NormalFormMemo`) the enclosure of a non-trivial node at a precision — a pure function of
// the node's structure, the precision and the limits — is computed once and reused; a
// hit gives exactly what computing it again would.
// Bounded work: trees over `maxNodes` nodes or deeper than `maxHeight` are not evaluated,
// exponents are capped by `Limits.maxExponent`, binary exponents by `maxBinaryExponent`,
// and exp's argument by 2^17.

/// A dyadic number `mantissa · 2^exponent`.
struct Dyadic: Sendable, Equatable {
    var mantissa: BigInt
    var exponent: Int

    static let zero = Dyadic(mantissa: .zero, exponent: 0)
    static let one = Dyadic(mantissa: .one, exponent: 0)

    init(mantissa: BigInt, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    init(_ integer: Int) {
        self.init(mantissa: BigInt(integer), exponent: 0)
    }

    var signum: Int { mantissa.signum() }
    var negated: Dyadic { Dyadic(mantissa: -mantissa, exponent: exponent) }
    var magnitude: Dyadic { Dyadic(mantissa: mantissa.magnitude, exponent: exponent) }

    /// ⌊log2 |self|⌋ + 1 (the binary exponent of the leading bit, plus one); `Int.min` for 0.
    var order: Int { mantissa.isZero ? Int.min : mantissa.bitWidth + exponent }

    /// The nearest Double (approximate; for messages only).
    var approximate: Double {
        if mantissa.isZero { return 0 }
        let w = mantissa.bitWidth
        let shift = max(0, w - 60)
        let top = Rational(mantissa.shifted(by: -shift)).doubleValue
        let e = exponent + shift
        if e > 2000 { return top < 0 ? -.infinity : .infinity }
        if e < -2000 { return 0 }
        var scale = 1.0
        var k = e
        while k > 0 { let step = min(k, 1000); scale *= Double(sign: .plus, exponent: step, significand: 1); k -= step }
        while k < 0 { let step = min(-k, 1000); scale /= Double(sign: .plus, exponent: step, significand: 1); k += step }
        return top * scale
    }
}

/// A closed interval with dyadic ends.
struct DyadicInterval: Sendable {
    var lower: Dyadic
    var upper: Dyadic

    init(_ lower: Dyadic, _ upper: Dyadic) {
        self.lower = lower
        self.upper = upper
    }

    init(point: Dyadic) {
        self.init(point, point)
    }

    /// Every element is > 0.
    var isPositive: Bool { lower.signum > 0 }
    /// Every element is < 0.
    var isNegative: Bool { upper.signum < 0 }
    /// Every element is ≥ 0.
    var isNonnegative: Bool { lower.signum >= 0 }
    /// Whether 0 lies inside.
    var containsZero: Bool { lower.signum <= 0 && upper.signum >= 0 }
}

/// Interval arithmetic on dyadic numbers at a fixed working precision.
struct DyadicArithmetic: Sendable {
    /// Significant bits kept by a rounded result.
    var precision: Int
    /// Binary exponents beyond this give up (`nil`), so no operation can grow without bound.
    static let maxBinaryExponent = 1_000_000

    // MARK: Points

    /// `d` with at most `precision` significant bits, rounded down or up.
    func round(_ d: Dyadic, up: Bool) -> Dyadic? {
        let w = d.mantissa.bitWidth
        var out = d
        if w > precision {
            let shift = w - precision
            var m = d.mantissa.shifted(by: -shift)
            if up && m.shifted(by: shift) != d.mantissa { m = m + .one }
            out = Dyadic(mantissa: m, exponent: d.exponent + shift)
        }
        guard out.mantissa.isZero || abs(out.exponent) <= Self.maxBinaryExponent else { return nil }
        return out
    }

    /// The exact sum.
    static func add(_ a: Dyadic, _ b: Dyadic) -> Dyadic? {
        if a.mantissa.isZero { return b }
        if b.mantissa.isZero { return a }
        let e = min(a.exponent, b.exponent)
        guard max(a.exponent, b.exponent) - e <= 4 * maxBinaryExponent / 10 else { return nil }
        return Dyadic(mantissa: a.mantissa.shifted(by: a.exponent - e) + b.mantissa.shifted(by: b.exponent - e), exponent: e)
    }

    /// The exact product.
    static func multiply(_ a: Dyadic, _ b: Dyadic) -> Dyadic {
        if a.mantissa.isZero || b.mantissa.isZero { return .zero }
        return Dyadic(mantissa: a.mantissa * b.mantissa, exponent: a.exponent + b.exponent)
    }

    /// The sign of a − b.
    static func compare(_ a: Dyadic, _ b: Dyadic) -> Int? {
        add(a, b.negated)?.signum
    }

    /// a / b rounded down or up; `nil` for b = 0.
    func divide(_ a: Dyadic, _ b: Dyadic, up: Bool) -> Dyadic? {
        guard !b.mantissa.isZero else { return nil }
        if a.mantissa.isZero { return .zero }
        var numerator = a.mantissa
        var denominator = b.mantissa
        if denominator.isNegative {
            numerator = -numerator
            denominator = -denominator
        }
        let k = max(0, precision + denominator.bitWidth - numerator.bitWidth + 2)
        guard let (q, r) = numerator.shifted(by: k).flooredDivision(by: denominator) else { return nil }
        let m = up && !r.isZero ? q + .one : q
        return round(Dyadic(mantissa: m, exponent: a.exponent - b.exponent - k), up: up)
    }

    /// The k-th root of a nonnegative `d`, rounded down or up.
    func root(_ d: Dyadic, _ k: Int, up: Bool) -> Dyadic? {
        guard k >= 1, !d.mantissa.isNegative else { return nil }
        if d.mantissa.isZero || k == 1 { return d }
        var s = max(0, k * precision + 2 - d.mantissa.bitWidth)
        let r = ((d.exponent - s) % k + k) % k
        s += r
        let scaled = d.mantissa.shifted(by: s)
        guard let floor = scaled.integerRoot(k), let p = floor.power(k) else { return nil }
        let m = up && p != scaled ? floor + .one : floor
        return round(Dyadic(mantissa: m, exponent: (d.exponent - s) / k), up: up)
    }

    /// The dyadic enclosure of a rational number.
    func enclose(_ r: Rational) -> DyadicInterval? {
        let n = Dyadic(mantissa: r.numerator, exponent: 0)
        if r.denominator.isOne {
            guard let lo = round(n, up: false), let hi = round(n, up: true) else { return nil }
            return DyadicInterval(lo, hi)
        }
        let d = Dyadic(mantissa: r.denominator, exponent: 0)
        guard let lo = divide(n, d, up: false), let hi = divide(n, d, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    // MARK: Intervals

    func add(_ a: DyadicInterval, _ b: DyadicInterval) -> DyadicInterval? {
        guard let l = Self.add(a.lower, b.lower), let u = Self.add(a.upper, b.upper),
              let lo = round(l, up: false), let hi = round(u, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    func negate(_ a: DyadicInterval) -> DyadicInterval {
        DyadicInterval(a.upper.negated, a.lower.negated)
    }

    func multiply(_ a: DyadicInterval, _ b: DyadicInterval) -> DyadicInterval? {
        let products = [Self.multiply(a.lower, b.lower), Self.multiply(a.lower, b.upper),
                        Self.multiply(a.upper, b.lower), Self.multiply(a.upper, b.upper)]
        var lo = products[0], hi = products[0]
        for p in products.dropFirst() {
            guard let below = Self.compare(p, lo), let above = Self.compare(p, hi) else { return nil }
            if below < 0 { lo = p }
            if above > 0 { hi = p }
        }
        guard let l = round(lo, up: false), let h = round(hi, up: true) else { return nil }
        return DyadicInterval(l, h)
    }

    /// a/k for an integer k ≥ 1.
    func divide(_ a: DyadicInterval, by k: Int) -> DyadicInterval? {
        guard k >= 1, let lo = divide(a.lower, Dyadic(k), up: false), let hi = divide(a.upper, Dyadic(k), up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    /// 1/a; `nil` when a contains 0.
    func reciprocal(_ a: DyadicInterval) -> DyadicInterval? {
        guard a.isPositive || a.isNegative,
              let lo = divide(.one, a.upper, up: false), let hi = divide(.one, a.lower, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    /// |a|.
    func magnitude(_ a: DyadicInterval) -> DyadicInterval? {
        if a.isNonnegative { return a }
        if a.upper.signum <= 0 { return negate(a) }
        guard let c = Self.compare(a.lower.negated, a.upper) else { return nil }
        return DyadicInterval(.zero, c > 0 ? a.lower.negated : a.upper)
    }

    /// a^k for an integer k (k ≤ 0 needs a to exclude 0).
    func power(_ a: DyadicInterval, _ k: Int) -> DyadicInterval? {
        if k == 0 { return a.containsZero && a.lower.signum == 0 && a.upper.signum == 0 ? nil : DyadicInterval(point: .one) }
        if k < 0 {
            guard k > Int.min, let p = power(a, -k) else { return nil }
            return reciprocal(p)
        }
        if k % 2 == 0 {
            guard let m = magnitude(a), let lo = pointPower(m.lower, k, up: false),
                  let hi = pointPower(m.upper, k, up: true) else { return nil }
            return DyadicInterval(lo, hi)
        }
        // Odd powers are increasing: the ends' powers, each rounded outward.
        func odd(_ d: Dyadic, up: Bool) -> Dyadic? {
            if d.signum >= 0 { return pointPower(d, k, up: up) }
            return pointPower(d.negated, k, up: !up)?.negated
        }
        guard let lo = odd(a.lower, up: false), let hi = odd(a.upper, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    /// d^k for d ≥ 0 and k ≥ 1, by repeated squaring with every product rounded one way.
    private func pointPower(_ d: Dyadic, _ k: Int, up: Bool) -> Dyadic? {
        var result = Dyadic.one
        var base = d
        var n = k
        while n > 0 {
            if n & 1 == 1 {
                guard let r = round(Self.multiply(result, base), up: up) else { return nil }
                result = r
            }
            n >>= 1
            if n > 0 {
                guard let b = round(Self.multiply(base, base), up: up) else { return nil }
                base = b
            }
        }
        return result
    }

    /// The k-th root of an interval of nonnegative numbers.
    func root(_ a: DyadicInterval, _ k: Int) -> DyadicInterval? {
        guard a.isNonnegative, let lo = root(a.lower, k, up: false), let hi = root(a.upper, k, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    /// The image of an increasing function given by enclosures of its values at points.
    func increasing(_ a: DyadicInterval, _ f: (Dyadic) -> DyadicInterval?) -> DyadicInterval? {
        guard let lo = f(a.lower) else { return nil }
        if a.lower == a.upper { return lo }
        guard let hi = f(a.upper) else { return nil }
        return DyadicInterval(lo.lower, hi.upper)
    }

    // MARK: Elementary functions at a point

    /// An enclosure of e^x.
    func exp(_ x: Dyadic) -> DyadicInterval? {
        if x.mantissa.isZero { return DyadicInterval(point: .one) }
        guard x.order <= 17 else { return nil }
        let s = max(0, x.order + 10)
        let y = Dyadic(mantissa: x.mantissa, exponent: x.exponent - s)    // |y| < 2^-10
        var work = self
        work.precision = precision + s + 32
        let terms = work.precision / 10 + 2
        var term = DyadicInterval(point: .one)
        var sum = term
        let point = DyadicInterval(point: y)
        for k in 1...terms {
            guard let t = work.multiply(term, point), let next = work.divide(t, by: k), let s2 = work.add(sum, next) else { return nil }
            term = next
            sum = s2
        }
        // Remainder: |y|^(N+1)/(N+1)! · 1/(1 − |y|) ≤ 2·2^(-10(N+1)).
        let tail = Dyadic(mantissa: .one, exponent: 1 - 10 * (terms + 1))
        guard var result = work.add(sum, DyadicInterval(tail.negated, tail)) else { return nil }
        for _ in 0..<s {
            guard let sq = work.power(result, 2) else { return nil }
            result = sq
        }
        guard let lo = round(result.lower, up: false), let hi = round(result.upper, up: true) else { return nil }
        return DyadicInterval(lo, hi)
    }

    /// Σ_{k=0..N} sign^k z^(2k+1)/(2k+1) plus a bound on the rest, for |z| ≤ 2^-bits:
    /// atanh(z) (sign 1) or atan(z) (sign −1). The rest is at most
    /// |z|^(2N+3)/((2N+3)(1 − z²)) ≤ 2^(1 − bits·(2N+3)).
    private func oddSeries(_ z: DyadicInterval, bits: Int, alternating: Bool) -> DyadicInterval? {
        guard bits >= 1, z.lower.order <= -bits, z.upper.order <= -bits else { return nil }
        let terms = precision / (2 * bits) + 2
        guard let z2 = power(z, 2) else { return nil }
        var zPower = z
        var sum = z
        for k in 1...terms {
            guard let next = multiply(zPower, z2), let term = divide(next, by: 2 * k + 1),
                  let s = add(sum, alternating && k % 2 == 1 ? negate(term) : term) else { return nil }
            zPower = next
            sum = s
        }
        let tail = Dyadic(mantissa: .one, exponent: 1 - bits * (2 * terms + 3))
        return add(sum, DyadicInterval(tail.negated, tail))
    }

    /// An enclosure of log f for a point f in [1/2, 1]: f^(1/256) by eight square roots, then
    /// log f = 512·atanh(z) with z = (r − 1)/(r + 1), |z| < 2^-9.
    private func logNearOne(_ f: DyadicInterval) -> DyadicInterval? {
        var r = f
        for _ in 0..<8 {
            guard let next = root(r, 2) else { return nil }
            r = next
        }
        guard let numerator = add(r, DyadicInterval(point: Dyadic(-1))),
              let denominator = add(r, DyadicInterval(point: .one)),
              let inverse = reciprocal(denominator), let z = multiply(numerator, inverse),
              let series = oddSeries(z, bits: 9, alternating: false) else { return nil }
        return multiply(series, DyadicInterval(point: Dyadic(mantissa: .one, exponent: 9)))
    }

    /// An enclosure of log 2 (as −log(1/2)).
    func log2Constant() -> DyadicInterval? {
        var work = self
        work.precision = precision + 48
        return work.logNearOne(DyadicInterval(point: Dyadic(mantissa: .one, exponent: -1))).map(work.negate)
    }

    /// An enclosure of π by Machin's formula, 16·atan(1/5) − 4·atan(1/239).
    func piConstant() -> DyadicInterval? {
        var work = self
        work.precision = precision + 48
        guard let fifth = work.enclose(Rational(1, 5) ?? .one), let small = work.enclose(Rational(1, 239) ?? .one),
              let a = work.oddSeries(fifth, bits: 2, alternating: true),
              let b = work.oddSeries(small, bits: 7, alternating: true),
              let a16 = work.multiply(a, DyadicInterval(point: Dyadic(16))),
              let b4 = work.multiply(b, DyadicInterval(point: Dyadic(4))) else { return nil }
        return work.add(a16, work.negate(b4))
    }

    /// An enclosure of log x for x > 0, given an enclosure of log 2 at this precision or
    /// finer (`log2Constant()`, computed once per evaluation by the caller).
    func log(_ x: Dyadic, ln2: DyadicInterval?) -> DyadicInterval? {
        guard x.signum > 0 else { return nil }
        var work = self
        work.precision = precision + 48                                     // 8 square roots lose 8 bits
        let t = x.mantissa.bitWidth
        let k = x.exponent + t                                              // x = f·2^k, f in [1/2, 1)
        let f = DyadicInterval(point: Dyadic(mantissa: x.mantissa, exponent: -t))
        guard let logF = work.logNearOne(f) else { return nil }
        if k == 0 { return logF }
        guard let ln2, let scaled = work.multiply(ln2, DyadicInterval(point: Dyadic(k))),
              let sum = work.add(logF, scaled) else { return nil }
        return sum
    }
}

/// Rigorous enclosures of closed expressions (see the file notes).
public struct ClosedFormEnclosure: Sendable {
    /// Larger trees are not evaluated.
    public static let maxNodes = 20_000
    /// Deeper trees are not evaluated (the walk is recursive).
    public static let maxHeight = 400
    /// The working precisions tried, in bits.
    public static let precisions = [96, 320]

    /// What a rigorous evaluation found about a closed value.
    public struct Bounds: Sendable, Hashable {
        /// Approximately the lower end (for messages).
        public var lower: Double
        /// Approximately the upper end (for messages).
        public var upper: Double
        /// The working precision in bits.
        public var bits: Int
        /// The sign of every element: 1, −1, or 0 when the enclosure contains zero.
        public var sign: Int

        /// `[-1.2e-13, -1.1e-13]`.
        public var description: String {
            lower == upper ? formatDouble(lower) : "[\(formatDouble(lower)), \(formatDouble(upper))]"
        }

        /// The enclosure of the absolute value, as text (`1.1e-13`, or a range).
        public var magnitudeDescription: String {
            let a = Swift.min(Swift.abs(lower), Swift.abs(upper)), b = Swift.max(Swift.abs(lower), Swift.abs(upper))
            if a.isInfinite { return "more than 1.79769e308" }
            return formatDouble(a) == formatDouble(b) ? formatDouble(a) : "\(formatDouble(a)) to \(formatDouble(b))"
        }
    }

    /// Resource limits (`maxExponent` caps integer powers).
    public var limits: Limits
    /// Enclosures already computed in this file, or `nil` (compute everything).
    public var memo: EnclosureMemo?

    /// Creates an evaluator.
    public init(limits: Limits = .default, memo: EnclosureMemo? = nil) {
        self.limits = limits
        self.memo = memo
    }

    /// The sign of a closed expression, decided at the lowest precision that excludes zero;
    /// `nil` when `e` has a free symbol or a construct without a rigorous rule, or is too
    /// large. A result with `sign == 0` only says the enclosure still contains zero.
    public func bounds(_ e: Expr) -> Bounds? {
        bounds(e, precisions: Self.precisions)
    }

    /// The sign at the first working precision only (a cheap consistency check).
    public func quickBounds(_ e: Expr) -> Bounds? {
        bounds(e, precisions: Array(Self.precisions.prefix(1)))
    }

    /// The enclosure of a closed expression at one working precision.
    public func bounds(_ e: Expr, bits: Int) -> Bounds? {
        bounds(e, precisions: [bits])
    }

    /// Whether `e` has a node no rule encloses (checked before any arithmetic is done).
    static func hasConstructWithoutRule(_ e: Expr) -> Bool {
        e.containsSubexpression { node in
            switch node.kind {
            case .number, .sum, .product, .power: return false
            case .constant(let c):
                switch c {
                case .pi: return false
                case .infinity: return true
                }
            case .call(.builtin(let f), _):
                switch f {
                case .abs, .cosh, .exp, .log, .max, .min, .sigmoid, .sign, .sinh, .softplus, .sqrt, .tanh: return false
                case .acos, .asin, .atan, .cos, .erf, .lambertw, .sin, .tan: return true
                }
            case .symbol, .call(.opaque, _), .derivative, .bigOperator, .list, .subscripted, .range: return true
            }
        }
    }

    private func bounds(_ e: Expr, precisions: [Int]) -> Bounds? {
        guard e.treeSize <= Self.maxNodes, e.height <= Self.maxHeight, !Self.hasConstructWithoutRule(e) else { return nil }
        var last: Bounds?
        for bits in precisions where bits >= 8 && bits <= 1 << 16 {
            var walker = Walker(arithmetic: DyadicArithmetic(precision: bits), limits: limits, shared: memo)
            guard let i = walker.enclose(e) else { return last }
            let sign = i.isPositive ? 1 : (i.isNegative ? -1 : 0)
            last = Bounds(lower: i.lower.approximate, upper: i.upper.approximate, bits: bits, sign: sign)
            if sign != 0 { return last }
            if i.lower.signum == 0 && i.upper.signum == 0 { return last }
        }
        return last
    }
}

/// One evaluation at one precision, memoised on shared nodes.
private struct Walker {
    let arithmetic: DyadicArithmetic
    let limits: Limits
    var memo: [ObjectIdentifier: DyadicInterval] = [:]
    /// The file's memo of enclosures, if any.
    let shared: EnclosureMemo?
    /// log 2 and π at this precision, computed on first use.
    private var ln2Cache: DyadicInterval??
    private var piCache: DyadicInterval??

    init(arithmetic: DyadicArithmetic, limits: Limits, shared: EnclosureMemo? = nil) {
        self.arithmetic = arithmetic
        self.limits = limits
        self.shared = shared
    }

    private mutating func ln2() -> DyadicInterval? {
        if let cached = ln2Cache { return cached }
        let value: DyadicInterval?
        if let shared {
            value = shared.constant(.ln2, bits: arithmetic.precision) { arithmetic.log2Constant() }
        } else {
            value = arithmetic.log2Constant()
        }
        ln2Cache = .some(value)
        return value
    }

    private mutating func pi() -> DyadicInterval? {
        if let cached = piCache { return cached }
        let value: DyadicInterval?
        if let shared {
            value = shared.constant(.pi, bits: arithmetic.precision) { arithmetic.piConstant() }
        } else {
            value = arithmetic.piConstant()
        }
        piCache = .some(value)
        return value
    }

    mutating func enclose(_ e: Expr) -> DyadicInterval? {
        if let m = memo[ObjectIdentifier(e.node)] { return m }
        let v: DyadicInterval?
        if let shared, EnclosureMemo.isWorthKeeping(e) {
            let key = EnclosureMemo.Key(expression: e, bits: arithmetic.precision, limits: limits)
            if let kept = shared.enclosure(key) {
                v = kept
            } else {
                v = compute(e)
                shared.keep(v, for: key)
            }
        } else {
            v = compute(e)
        }
        guard let v else { return nil }
        memo[ObjectIdentifier(e.node)] = v
        return v
    }

    private mutating func compute(_ e: Expr) -> DyadicInterval? {
        let a = arithmetic
        switch e.kind {
        case .number(let r):
            return a.enclose(r)
        case .sum(let terms):
            guard var total = terms.first.flatMap({ enclose($0) }) else { return nil }
            for t in terms.dropFirst() {
                guard let v = enclose(t), let s = a.add(total, v) else { return nil }
                total = s
            }
            return total
        case .product(let factors):
            guard var total = factors.first.flatMap({ enclose($0) }) else { return nil }
            for f in factors.dropFirst() {
                guard let v = enclose(f), let p = a.multiply(total, v) else { return nil }
                total = p
            }
            return total
        case .power(let base, let exponent):
            guard let x = enclose(base) else { return nil }
            if let k = exponent.numberValue {
                guard let q = k.denominator.asInt, let p = k.numerator.asInt, abs(p) <= limits.maxExponent,
                      q <= limits.maxExponent else { return nil }
                if q == 1 { return a.power(x, p) }
                // A rational power of a nonnegative base: the q-th root, then the integer power.
                guard x.isNonnegative, let r = a.root(x, q) else { return nil }
                if p < 0 && !x.isPositive { return nil }
                return a.power(r, p)
            }
            let ln2 = ln2()
            guard x.isPositive, let y = enclose(exponent), let logX = a.increasing(x, { a.log($0, ln2: ln2) }),
                  let product = a.multiply(y, logX) else { return nil }
            return a.increasing(product, { a.exp($0) })
        case .call(.builtin(let f), let arguments):
            var values: [DyadicInterval] = []
            for argument in arguments {
                guard let v = enclose(argument) else { return nil }
                values.append(v)
            }
            let ln2 = f == .log || f == .softplus ? ln2() : nil
            return builtin(f, values, ln2: ln2)
        case .constant(let c):
            switch c {
            case .pi: return pi()
            case .infinity: return nil
            }
        case .symbol, .call(.opaque, _), .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }

    private func builtin(_ f: Builtin, _ values: [DyadicInterval], ln2: DyadicInterval?) -> DyadicInterval? {
        let a = arithmetic
        if f == .max || f == .min {
            guard var out = values.first else { return nil }
            for v in values.dropFirst() {
                guard let cl = DyadicArithmetic.compare(v.lower, out.lower),
                      let cu = DyadicArithmetic.compare(v.upper, out.upper) else { return nil }
                if f == .max {
                    if cl > 0 { out.lower = v.lower }
                    if cu > 0 { out.upper = v.upper }
                } else {
                    if cl < 0 { out.lower = v.lower }
                    if cu < 0 { out.upper = v.upper }
                }
            }
            return out
        }
        guard values.count == 1 else { return nil }
        let x = values[0]
        switch f {
        case .abs:
            return a.magnitude(x)
        case .sign:
            if x.isPositive { return DyadicInterval(point: .one) }
            if x.isNegative { return DyadicInterval(point: Dyadic(-1)) }
            if x.lower.signum == 0 && x.upper.signum == 0 { return DyadicInterval(point: .zero) }
            return nil
        case .sqrt:
            return a.root(x, 2)
        case .exp:
            return a.increasing(x) { a.exp($0) }
        case .log:
            guard x.isPositive else { return nil }
            return a.increasing(x) { a.log($0, ln2: ln2) }
        case .sinh:
            // (e^x − e^-x)/2, increasing.
            return a.increasing(x) { p in
                guard let up = a.exp(p), let down = a.exp(p.negated), let d = a.add(up, a.negate(down)) else { return nil }
                return a.multiply(d, DyadicInterval(point: Dyadic(mantissa: .one, exponent: -1)))
            }
        case .cosh:
            // (e^x + e^-x)/2: decreasing then increasing, 1 at 0.
            func at(_ p: Dyadic) -> DyadicInterval? {
                guard let up = a.exp(p), let down = a.exp(p.negated), let s = a.add(up, down) else { return nil }
                return a.multiply(s, DyadicInterval(point: Dyadic(mantissa: .one, exponent: -1)))
            }
            guard let l = at(x.lower), let u = at(x.upper) else { return nil }
            guard let c = DyadicArithmetic.compare(l.upper, u.upper) else { return nil }
            let top = c > 0 ? l.upper : u.upper
            if x.containsZero { return DyadicInterval(.one, top) }
            guard let cl = DyadicArithmetic.compare(l.lower, u.lower) else { return nil }
            return DyadicInterval(cl < 0 ? l.lower : u.lower, top)
        case .tanh:
            // 1 − 2/(e^(2x) + 1), increasing.
            return a.increasing(x) { p in
                guard let e2 = a.exp(DyadicArithmetic.multiply(p, Dyadic(2))), let d = a.add(e2, DyadicInterval(point: .one)),
                      let r = a.reciprocal(d), let twice = a.add(r, r) else { return nil }
                return a.add(DyadicInterval(point: .one), a.negate(twice))
            }
        case .sigmoid:
            // 1/(1 + e^-x), increasing.
            return a.increasing(x) { p in
                guard let e = a.exp(p.negated), let d = a.add(e, DyadicInterval(point: .one)) else { return nil }
                return a.reciprocal(d)
            }
        case .softplus:
            // log(1 + e^x), increasing.
            return a.increasing(x) { p in
                guard let e = a.exp(p), let s = a.add(e, DyadicInterval(point: .one)) else { return nil }
                return a.increasing(s) { a.log($0, ln2: ln2) }
            }
        case .acos, .asin, .atan, .cos, .erf, .lambertw, .sin, .tan, .max, .min:
            return nil
        }
    }
}

/// Enclosures of closed sub-expressions already computed in one file (see the file notes).
///
/// Keyed structurally by expression, precision and limits: the enclosure is a pure function
/// of these, so a hit (a failure to enclose included) is exactly what computing it again
/// would give. Bounded (`capacity` entries, then new ones are not kept). Not thread-safe:
/// one memo per checking thread.
public final class EnclosureMemo: @unchecked Sendable {
    struct Key: Hashable {
        let expression: Expr
        let bits: Int
        let limits: Limits
    }

    enum Constant: Hashable { case ln2, pi }

    private var table: [Key: DyadicInterval?] = [:]
    private var constants: [ConstantKey: DyadicInterval?] = [:]
    private struct ConstantKey: Hashable {
        let constant: Constant
        let bits: Int
    }

    /// The largest number of enclosures kept.
    public let capacity: Int

    /// An empty memo keeping at most `capacity` enclosures.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Whether a node's enclosure is worth keeping: one that costs series or roots (a call,
    /// a non-integer power, π); numbers and plain sums and products are cheap to redo.
    static func isWorthKeeping(_ e: Expr) -> Bool {
        switch e.kind {
        case .call: return true
        case .power(_, let exponent):
            if let k = exponent.numberValue, k.denominator == .one { return false }
            return true
        case .number, .sum, .product, .constant, .symbol, .derivative, .bigOperator, .list, .subscripted, .range:
            return false
        }
    }

    /// The kept enclosure (`.some(nil)`: it has none), or `nil` if not computed yet.
    func enclosure(_ key: Key) -> DyadicInterval?? {
        table[key]
    }

    /// Keeps an enclosure (or the lack of one) while there is room.
    func keep(_ value: DyadicInterval?, for key: Key) {
        if table.count < capacity { table[key] = .some(value) }
    }

    /// log 2 or π at a precision, computed once.
    func constant(_ c: Constant, bits: Int, _ compute: () -> DyadicInterval?) -> DyadicInterval? {
        let key = ConstantKey(constant: c, bits: bits)
        if let kept = constants[key] { return kept }
        let value = compute()
        constants[key] = .some(value)
        return value
    }
}
