// The structural canonical form.

/// An expression in structural canonical form.
///
/// Two `Canonical` values are equal exactly when the normaliser puts their expressions in
/// the same form. This is the cheap, always-on normal form (like SymEngine's automatic
/// canonicalisation): it flattens, folds numbers, collects like terms and sorts, but it does
/// **not** expand products of sums or cancel rational functions — that is the rational normal
/// form's job.
///
/// Invariants (checked by ``Expr/canonicalViolation`` under `assert` in debug builds):
/// - sums and products are flat (no sum directly inside a sum, no product inside a product)
///   and have at least two operands;
/// - a sum has at most one number, it is nonzero and sorts last; its other terms have
///   distinct monomials (like terms are collected: never `x + x`) and nonzero coefficients,
///   and appear in ``ExprOrder/compareTerms(_:_:)`` order;
/// - a product has at most one number, it comes first and is neither 0 nor 1; its other
///   factors have distinct bases (never `x * x`, which is `x^2`) and appear in
///   ``ExprOrder/compareFactors(_:_:)`` order; a number times a single sum is distributed;
/// - no power has exponent 0 or 1, base 1, base 0 with a numeric exponent, or a number base with an integer exponent
///   (those are folded); a positive rational base with a fractional exponent is split into
///   prime bases with exponents in (0, 1) (`8^(1/2)` is `2 * 2^(1/2)`), for bases whose prime
///   factors are below the trial-division bound; an integer power of a product is
///   distributed; `sqrt(u)` is `u^(1/2)`;
/// - odd functions of a negated argument are negated (`sin(-x)` is `-sin(x)`), even
///   functions drop the sign (`cos(-x)` is `cos(x)`), exact special values are folded
///   (`log(1)`, `exp(0)`, `sin(0)`, `cos(k*pi)`), `exp(log(u))` is `u` and `log(exp(u))` is
///   `u`;
/// - `.derivative` nodes are kept only when they cannot be evaluated (an unevaluated
///   derivative of a big operator).
public struct Canonical: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The expression in canonical form.
    public let expr: Expr

    /// Normalises `expr`.
    ///
    /// - Throws: ``NormalizationError/undefined(_:reason:)`` when a sub-expression is
    ///   undefined whatever the values of its symbols (`1/0`, `0^0`, `log(0)`), or
    ///   ``NormalizationError/limitExceeded(_:)`` when a limit is hit.
    public init(_ expr: Expr, limits: Limits = .default) throws(NormalizationError) {
        var normalizer = Normalizer(limits: limits)
        self.expr = try normalizer.normalize(expr)
        assert(self.expr.canonicalViolation == nil,
               "Normalizer broke an invariant: \(self.expr.canonicalViolation ?? "") in \(self.expr.debugDescription)")
    }

    /// Wraps an expression already known to be canonical (checked in debug builds).
    init(alreadyCanonical expr: Expr) {
        assert(expr.canonicalViolation == nil, "not canonical: \(expr.canonicalViolation ?? "")")
        self.expr = expr
    }

    /// The readable text of the canonical expression.
    public var description: String { String(describing: expr) }

    /// The exact tree.
    public var debugDescription: String { expr.debugDescription }
}

/// Why an expression could not be normalised.
public enum NormalizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A sub-expression is undefined for every value of its symbols.
    case undefined(Expr, reason: String)
    /// A resource limit was hit.
    case limitExceeded(LimitExceeded)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .undefined(let e, let reason): return "\(reason) in \(e)"
        case .limitExceeded(let l): return l.description
        }
    }
}

extension Expr {
    /// The canonical form of this expression (see ``Canonical``).
    public func canonicalized(limits: Limits = .default) throws(NormalizationError) -> Expr {
        try Canonical(self, limits: limits).expr
    }
}
