// Intervals of reals with exact rational endpoints, for sign proofs.
//
// Implementation notes
// --------------------
// An endpoint is `nil` (infinite) or a rational with an open/closed flag. Arithmetic is
// the usual interval arithmetic, made *sound* with respect to openness: an endpoint of a
// product is closed only if it is attained, i.e. both contributing endpoints are closed,
// or one of them is a closed 0. Transcendental images use `Double` values rounded outward
// by two ulps (libm's exp/log are accurate to well under one ulp), except at the exact
// points where sign matters (exp 0 = 1, log 1 = 0, f(0) = 0 for odd increasing f), which
// are handled exactly by the callers. `excludesZero` carries a `!= 0` fact that an interval
// alone cannot express (e.g. `x != 0` on the whole line).

/// A set of reals {x : lower ≤/< x ≤/< upper} plus facts intervals cannot express.
public struct RealInterval: Sendable, Hashable, CustomStringConvertible {
    /// The lower endpoint, `nil` for −∞.
    public var lower: Rational?
    /// Whether the lower endpoint is excluded.
    public var lowerOpen: Bool
    /// The upper endpoint, `nil` for +∞.
    public var upper: Rational?
    /// Whether the upper endpoint is excluded.
    public var upperOpen: Bool
    /// Known to exclude zero even if zero lies between the endpoints.
    public var excludesZero: Bool
    /// Known to contain only integers.
    public var isInteger: Bool

    /// Creates an interval.
    public init(lower: Rational?, lowerOpen: Bool = false, upper: Rational?, upperOpen: Bool = false,
                excludesZero: Bool = false, isInteger: Bool = false) {
        self.lower = lower
        self.lowerOpen = lower == nil ? true : lowerOpen
        self.upper = upper
        self.upperOpen = upper == nil ? true : upperOpen
        self.excludesZero = excludesZero
        self.isInteger = isInteger
        normalizeZero()
    }

    /// All reals.
    public static let all = RealInterval(lower: nil, upper: nil)
    /// (0, ∞).
    public static let positive = RealInterval(lower: .zero, lowerOpen: true, upper: nil)
    /// [0, ∞).
    public static let nonnegative = RealInterval(lower: .zero, upper: nil)
    /// (−∞, 0).
    public static let negative = RealInterval(lower: nil, upper: .zero, upperOpen: true)
    /// (−∞, 0].
    public static let nonpositive = RealInterval(lower: nil, upper: .zero)
    /// (0, 1): a probability strictly between 0 and 1.
    public static let openUnit = RealInterval(lower: .zero, lowerOpen: true, upper: .one, upperOpen: true)

    /// The single point `value`.
    public static func point(_ value: Rational) -> RealInterval {
        RealInterval(lower: value, upper: value, excludesZero: !value.isZero, isInteger: value.isInteger)
    }

    private mutating func normalizeZero() {
        if excludesZero {
            if lower?.isZero == true { lowerOpen = true }
            if upper?.isZero == true { upperOpen = true }
        }
        if isPositive || isNegative { excludesZero = true }
    }

    // MARK: Sign queries

    /// Every element is > 0.
    public var isPositive: Bool {
        guard let l = lower else { return false }
        return l.signum() > 0 || (l.isZero && lowerOpen)
    }
    /// Every element is ≥ 0.
    public var isNonnegative: Bool { lower.map { $0.signum() >= 0 } ?? false }
    /// Every element is < 0.
    public var isNegative: Bool {
        guard let u = upper else { return false }
        return u.signum() < 0 || (u.isZero && upperOpen)
    }
    /// Every element is ≤ 0.
    public var isNonpositive: Bool { upper.map { $0.signum() <= 0 } ?? false }
    /// No element is 0.
    public var isNonzero: Bool { excludesZero || isPositive || isNegative }
    /// The interval is the single point 0.
    public var isZero: Bool { lower?.isZero == true && upper?.isZero == true }

    /// Whether every element is > `value` (or ≥ when `strict` is false).
    public func isAbove(_ value: Rational, strict: Bool) -> Bool {
        guard let l = lower else { return false }
        if l > value { return true }
        return l == value && (lowerOpen || !strict)
    }

    /// Whether every element is < `value` (or ≤ when `strict` is false).
    public func isBelow(_ value: Rational, strict: Bool) -> Bool {
        guard let u = upper else { return false }
        if u < value { return true }
        return u == value && (upperOpen || !strict)
    }

    /// The intersection (bounds only; `excludesZero`/`isInteger` facts are combined).
    public func intersection(_ other: RealInterval) -> RealInterval {
        var (lo, lo_open) = (lower, lowerOpen)
        if let ol = other.lower {
            if lo == nil || ol > lo! || (ol == lo! && other.lowerOpen) { (lo, lo_open) = (ol, other.lowerOpen) }
        }
        var (hi, hi_open) = (upper, upperOpen)
        if let ou = other.upper {
            if hi == nil || ou < hi! || (ou == hi! && other.upperOpen) { (hi, hi_open) = (ou, other.upperOpen) }
        }
        return RealInterval(lower: lo, lowerOpen: lo_open, upper: hi, upperOpen: hi_open,
                            excludesZero: excludesZero || other.excludesZero,
                            isInteger: isInteger || other.isInteger)
    }

    /// A readable form such as `(0, ∞)` or `[-1, 1]`.
    public var description: String {
        let l = lower.map { "\(lowerOpen ? "(" : "[")\($0)" } ?? "(-inf"
        let u = upper.map { "\($0)\(upperOpen ? ")" : "]")" } ?? "inf)"
        return "\(l), \(u)" + (excludesZero && !isPositive && !isNegative ? " \\ {0}" : "")
    }
}

// MARK: - Arithmetic

extension RealInterval {
    /// { a + b }.
    public static func + (a: RealInterval, b: RealInterval) -> RealInterval {
        let lo: Rational? = (a.lower != nil && b.lower != nil) ? a.lower! + b.lower! : nil
        let hi: Rational? = (a.upper != nil && b.upper != nil) ? a.upper! + b.upper! : nil
        return RealInterval(lower: lo, lowerOpen: a.lowerOpen || b.lowerOpen,
                            upper: hi, upperOpen: a.upperOpen || b.upperOpen,
                            isInteger: a.isInteger && b.isInteger)
    }

    /// { −a }.
    public static prefix func - (a: RealInterval) -> RealInterval {
        RealInterval(lower: a.upper.map { -$0 }, lowerOpen: a.upperOpen,
                     upper: a.lower.map { -$0 }, upperOpen: a.lowerOpen,
                     excludesZero: a.excludesZero, isInteger: a.isInteger)
    }

    /// An extended endpoint for products: value (nil = infinite with the given sign).
    private struct End {
        var value: Rational?
        var infiniteSign: Int  // for value == nil: −1 or +1
        var open: Bool
    }

    private static func times(_ x: End, _ y: End) -> End {
        switch (x.value, y.value) {
        case (.some(let a), .some(let b)):
            let closed = (!x.open && !y.open) || (a.isZero && !x.open) || (b.isZero && !y.open)
            return End(value: a * b, infiniteSign: 0, open: !closed)
        case (.some(let a), nil):
            if a.isZero { return End(value: .zero, infiniteSign: 0, open: x.open) }
            return End(value: nil, infiniteSign: a.signum() * y.infiniteSign, open: true)
        case (nil, .some(let b)):
            if b.isZero { return End(value: .zero, infiniteSign: 0, open: y.open) }
            return End(value: nil, infiniteSign: b.signum() * x.infiniteSign, open: true)
        case (nil, nil):
            return End(value: nil, infiniteSign: x.infiniteSign * y.infiniteSign, open: true)
        }
    }

    /// Compares extended endpoints as lower bounds (for `min`) or upper bounds.
    private static func less(_ x: End, _ y: End) -> Bool {
        switch (x.value, y.value) {
        case (.some(let a), .some(let b)): return a < b
        case (.some, nil): return y.infiniteSign > 0
        case (nil, .some): return x.infiniteSign < 0
        case (nil, nil): return x.infiniteSign < y.infiniteSign
        }
    }

    /// { a * b }.
    public static func * (a: RealInterval, b: RealInterval) -> RealInterval {
        let ends: [(End, End)] = [
            (End(value: a.lower, infiniteSign: -1, open: a.lowerOpen), End(value: b.lower, infiniteSign: -1, open: b.lowerOpen)),
            (End(value: a.lower, infiniteSign: -1, open: a.lowerOpen), End(value: b.upper, infiniteSign: 1, open: b.upperOpen)),
            (End(value: a.upper, infiniteSign: 1, open: a.upperOpen), End(value: b.lower, infiniteSign: -1, open: b.lowerOpen)),
            (End(value: a.upper, infiniteSign: 1, open: a.upperOpen), End(value: b.upper, infiniteSign: 1, open: b.upperOpen)),
        ]
        let products = ends.map { times($0.0, $0.1) }
        var lo = products[0], hi = products[0]
        for p in products.dropFirst() {
            if less(p, lo) || (!less(lo, p) && lo.open && !p.open) { lo = p }
            if less(hi, p) || (!less(p, hi) && hi.open && !p.open) { hi = p }
        }
        // An infinite endpoint of the wrong sign cannot bound from that side.
        let lower: Rational? = lo.value
        let upper: Rational? = hi.value
        return RealInterval(lower: lo.value == nil && lo.infiniteSign > 0 ? nil : lower, lowerOpen: lo.open,
                            upper: hi.value == nil && hi.infiniteSign < 0 ? nil : upper, upperOpen: hi.open,
                            excludesZero: a.isNonzero && b.isNonzero,
                            isInteger: a.isInteger && b.isInteger)
    }

    /// { 1 / a } over the elements where it is defined (a ≠ 0).
    public var reciprocal: RealInterval {
        if isPositive || isNegative {
            func inv(_ r: Rational?) -> Rational? { r.flatMap { $0.isZero ? nil : $0.reciprocal } }
            if isPositive {
                // (l, u) with l ≥ 0 → (1/u, 1/l); l = 0 (open) → upper ∞.
                return RealInterval(lower: upper == nil ? .zero : inv(upper), lowerOpen: upper == nil ? true : upperOpen,
                                    upper: lower!.isZero ? nil : inv(lower), upperOpen: lowerOpen, excludesZero: true)
            } else {
                return RealInterval(lower: upper!.isZero ? nil : inv(upper), lowerOpen: upperOpen,
                                    upper: lower == nil ? .zero : inv(lower), upperOpen: lower == nil ? true : lowerOpen,
                                    excludesZero: true)
            }
        }
        return RealInterval(lower: nil, upper: nil, excludesZero: true)
    }

    /// { a^n } for an integer n (elements where it is defined).
    public func power(_ n: Int) -> RealInterval {
        if n == 0 { return .point(.one) }
        if n < 0 { return power(-n).reciprocal }
        if n == 1 { return self }
        func pw(_ r: Rational?) -> Rational? { r.flatMap { $0.power(n) } }
        if n % 2 == 1 {
            return RealInterval(lower: pw(lower), lowerOpen: lowerOpen, upper: pw(upper), upperOpen: upperOpen,
                                excludesZero: excludesZero, isInteger: isInteger)
        }
        if isNonnegative {
            return RealInterval(lower: pw(lower), lowerOpen: lowerOpen, upper: pw(upper), upperOpen: upperOpen,
                                excludesZero: excludesZero, isInteger: isInteger)
        }
        if isNonpositive {
            return RealInterval(lower: pw(upper), lowerOpen: upperOpen, upper: pw(lower), upperOpen: lowerOpen,
                                excludesZero: excludesZero, isInteger: isInteger)
        }
        // Straddles 0: [0, max(|l|, |u|)^n].
        var hi: Rational? = nil
        var hiOpen = true
        if let l = lower, let u = upper {
            if l.magnitude > u.magnitude { (hi, hiOpen) = (pw(l), lowerOpen) }
            else if u.magnitude > l.magnitude { (hi, hiOpen) = (pw(u), upperOpen) }
            else { (hi, hiOpen) = (pw(u), lowerOpen && upperOpen) }
        }
        return RealInterval(lower: .zero, lowerOpen: excludesZero, upper: hi, upperOpen: hiOpen,
                            excludesZero: excludesZero, isInteger: isInteger)
    }

    /// The image under an increasing function given on finite endpoints as `Double`s
    /// (rounded outward), with the function's limits at ±∞ (`nil` = unbounded).
    public func monotoneImage(increasing: Bool, _ f: (Double) -> Double,
                              atNegativeInfinity: Rational?, atPositiveInfinity: Rational?) -> RealInterval {
        func down(_ d: Double) -> Rational? { d.isFinite ? Rational(exactly: d.nextDown.nextDown) : nil }
        func up(_ d: Double) -> Rational? { d.isFinite ? Rational(exactly: d.nextUp.nextUp) : nil }
        let lo = lower.map { f($0.doubleValue) }
        let hi = upper.map { f($0.doubleValue) }
        if increasing {
            return RealInterval(lower: lo.map(down) ?? atNegativeInfinity, lowerOpen: lo == nil ? true : lowerOpen,
                                upper: hi.map(up) ?? atPositiveInfinity, upperOpen: hi == nil ? true : upperOpen)
        }
        return RealInterval(lower: hi.map(down) ?? atPositiveInfinity, lowerOpen: hi == nil ? true : upperOpen,
                            upper: lo.map(up) ?? atNegativeInfinity, upperOpen: lo == nil ? true : lowerOpen)
    }
}
