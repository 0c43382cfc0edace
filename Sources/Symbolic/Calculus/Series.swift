// A truncated power series in one variable around a point.

/// A truncated Laurent (or Puiseux) series of an expression in one variable around a
/// point: `Σ cₖ h^(k/ramification) + O(h^order)`, where h is the local variable
/// (``localVariable``): `x − a` (or `a − x` from below) around a finite point `a`, `1/x`
/// at `inf` and `−1/x` at `-inf`.
///
/// Coefficients are canonical expressions and may contain other symbols (parameters).
/// The series is exact up to, but excluding, `h^order`. A two-sided series (direction
/// `.both` at a finite point) holds on both sides of the point; a one-sided one for
/// h → 0+ only (Puiseux series, i.e. ``ramification`` > 1, are always one-sided).
///
/// Build one with ``Expr/series(in:around:order:direction:assumptions:limits:zeroTest:)``.
public struct Series: Sendable, Hashable, CustomDebugStringConvertible {
    /// The expansion variable x.
    public let variable: Symbol
    /// The expansion point: a canonical finite expression, `inf` or `-inf`.
    public let point: Expr
    /// The side(s) of the point the series holds on: `.below` at `inf`, `.above` at `-inf`.
    public let direction: LimitDirection
    /// Exponents are multiples of `1/ramification` (1 for a Laurent series).
    public let ramification: Int
    /// The coefficients in the internal variable t = h^(1/ramification).
    let storage: TruncatedSeries
    let location: SeriesLocation

    init(variable: Symbol, location: SeriesLocation, direction: LimitDirection, ramification: Int,
         storage: TruncatedSeries) {
        self.variable = variable
        self.location = location
        self.ramification = ramification
        self.storage = storage
        switch location {
        case .finite(let a, _):
            point = a
            self.direction = direction
        case .positiveInfinity:
            point = Expr(.constant(.infinity))
            self.direction = .below
        case .negativeInfinity:
            point = .product([.minusOne, Expr(.constant(.infinity))])
            self.direction = .above
        }
    }

    /// The series is exact up to, but excluding, `h^order`.
    public var order: Rational {
        Rational(numerator: BigInt(storage.precision), denominator: BigInt(ramification)) ?? Rational(storage.precision)
    }

    /// The exponent of the first coefficient that is not known to be zero, or `nil` when
    /// every coefficient below the order is zero (the series is `O(h^order)`).
    public var valuation: Rational? {
        storage.isZeroSeries ? nil : exponent(storage.valuation)
    }

    /// The coefficient of `h^power`: 0 below the valuation or for an exponent that is not a
    /// multiple of `1/ramification`, `nil` at or beyond the order (not known).
    public func coefficient(ofPower power: Rational) -> Expr? {
        if !(power < order) { return nil }
        let k = power * Rational(ramification)
        guard k.isInteger, let i = k.asInt else { return .zero }
        return storage.coefficient(at: i)
    }

    /// The nonzero terms `(power, coefficient)` in increasing order of the power.
    public var terms: [(power: Rational, coefficient: Expr)] {
        storage.coefficients.enumerated().compactMap { i, c in
            c.isZero ? nil : (exponent(storage.valuation + i), c)
        }
    }

    /// The first term whose coefficient is not structurally zero, or `nil` for `O(h^order)`.
    /// Its coefficient was not proved zero by the zero test used to build the series, but
    /// may still be zero if that test could not decide.
    public var leadingTerm: (power: Rational, coefficient: Expr)? {
        guard let c = storage.coefficients.first else { return nil }
        return (exponent(storage.valuation), c)
    }

    /// The local variable h as a canonical expression in x: `x − a`, `a − x`, `1/x` or `−1/x`.
    public var localVariable: Expr {
        let x = Expr.symbol(variable)
        let built: Expr
        switch location {
        case .finite(let a, let fromBelow):
            built = fromBelow ? a - x : x - a
        case .positiveInfinity:
            built = .power(x, .minusOne)
        case .negativeInfinity:
            built = .product([.minusOne, .power(x, .minusOne)])
        }
        return (try? built.canonicalized()) ?? built
    }

    /// The truncated series as an expression in the original variable: the (Laurent or
    /// Puiseux) polynomial `Σ cₖ h^(k/ramification)` with h = ``localVariable``, without the
    /// O-term; at `inf` the powers are written `x^(−p)`, at `-inf` `(−x)^(−p)`. Canonical unless normalisation hits a limit, in which case the faithful sum
    /// is returned.
    public var truncated: Expr {
        let h = localVariable
        let x = Expr.symbol(variable)
        var terms: [Expr] = []
        for (p, c) in self.terms {
            let power: Expr
            switch location {
            case .finite:
                power = p.isZero ? .one : (p.isOne ? h : .power(h, .number(p)))
            case .positiveInfinity:
                // h^p = x^(−p) for x > 0.
                power = .power(x, .number(-p))
            case .negativeInfinity:
                // h^p = (−x)^(−p) for x < 0.
                power = .power(x.negated(), .number(-p))
            }
            terms.append(c.isOne ? power : (p.isZero ? c : .product([c, power])))
        }
        let built: Expr = terms.isEmpty ? .zero : (terms.count == 1 ? terms[0] : .sum(terms))
        return (try? built.canonicalized()) ?? built
    }

    /// E.g. `(x + -1)^-1: 1*h^-1 + -1/2 + 1/12*h^1 + O(h^2)` with S-expression coefficients.
    public var debugDescription: String {
        let body = terms.map { "\($0.coefficient.debugDescription)*h^\($0.power)" }
        return "h = \(localVariable.debugDescription): " + (body + ["O(h^\(order))"]).joined(separator: " + ")
    }

    private func exponent(_ k: Int) -> Rational {
        Rational(numerator: BigInt(k), denominator: BigInt(ramification)) ?? Rational(k)
    }

    /// Same variable, point, side, ramification and coefficients (structurally).
    public static func == (lhs: Series, rhs: Series) -> Bool {
        lhs.variable == rhs.variable && lhs.location == rhs.location && lhs.direction == rhs.direction
            && lhs.ramification == rhs.ramification && lhs.storage == rhs.storage
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(variable)
        hasher.combine(location)
        hasher.combine(direction)
        hasher.combine(ramification)
        hasher.combine(storage)
    }
}
