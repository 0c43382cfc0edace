// The entry point: the series of an expression.

extension Expr {
    /// The series of this expression in `variable` around `point`, exact up to (excluding)
    /// `h^order` where h is the local variable (see ``Series``).
    ///
    /// - Parameters:
    ///   - variable: the expansion variable x.
    ///   - point: a finite expression free of x, `inf` or `-inf` (`Expr(.constant(.infinity))`
    ///     and its negation).
    ///   - order: the O-term exponent; at most ``Limits/maxOrder`` in absolute value.
    ///   - direction: at a finite point, `.both` asks for a series valid on both sides (and
    ///     throws ``SeriesError/needsOneSidedExpansion(_:reason:)`` when there is none);
    ///     `.above`/`.below` expand in h = x − a > 0 or h = a − x > 0.
    ///   - assumptions: used to prove signs of leading coefficients (c > 0 before `c^(1/2)`
    ///     or `log(c)`, the sign of a pole) and by the default zero test.
    ///   - zeroTest: decides whether a coefficient is zero; `nil` uses
    ///     ``Series/defaultZeroTest(assumptions:)``.
    /// - Throws: ``SeriesError``, never a guess: an undecidable leading coefficient stops the
    ///   expansion with a reason.
    public func series(in variable: Symbol, around point: Expr, order: Int,
                       direction: LimitDirection = .both, assumptions: Assumptions = Assumptions(),
                       limits: Limits = .default, zeroTest: Series.ZeroTest? = nil) throws(SeriesError) -> Series {
        guard abs(order) <= limits.maxOrder else {
            throw .limitExceeded(LimitExceeded(limit: "maxOrder", requested: abs(order), maximum: limits.maxOrder))
        }
        do {
            let location = try SeriesLocation(point: point, direction: direction, variable: variable, limits: limits)
            let ring = SeriesCoefficientRing(limits: limits, assumptions: assumptions,
                                             zeroTest: zeroTest ?? Series.defaultZeroTest(assumptions: assumptions))
            let e = try canonicalized(limits: limits)
            let (storage, ramification) = try SeriesExpander.run(
                variable: variable, location: location, twoSided: location.isTwoSided(direction), ring: ring
            ) { expander in
                let n = order * expander.ramification
                let s = try expander.expand(e, to: n)
                var cleaned: [Expr] = []
                for c in s.coefficients { cleaned.append(ring.isZero(c) == true ? .zero : c) }
                let full = TruncatedSeries(valuation: s.valuation, coefficients: cleaned)
                return n <= full.valuation ? TruncatedSeries.zero(precision: n) : full.truncated(to: n)
            }
            return Series(variable: variable, location: location, direction: direction,
                          ramification: ramification, storage: storage)
        } catch {
            throw SeriesError.wrap(error, in: self)
        }
    }
}

extension SeriesExpander {
    /// Runs `body` with a fresh expander, restarting with a larger ramification (Puiseux)
    /// whenever the expansion asks for one. Returns the result and the ramification used.
    static func run<T>(variable: Symbol, location: SeriesLocation, twoSided: Bool, ring: SeriesCoefficientRing,
                       _ body: (inout SeriesExpander) throws -> T) throws -> (T, Int) {
        var ramification = 1
        while true {
            var expander = SeriesExpander(variable: variable, location: location, twoSided: twoSided,
                                          ramification: ramification, ring: ring)
            do {
                return (try body(&expander), ramification)
            } catch let request as RamificationRequest {
                // Each restart multiplies the ramification by at least 2; it is capped by maxOrder.
                let next = request.ramification
                guard next > ramification, next <= ring.limits.maxOrder else {
                    throw LimitExceeded(limit: "maxOrder", requested: next, maximum: ring.limits.maxOrder)
                }
                ramification = next
            }
        }
    }
}
