// The rational normal form: an expression as a reduced quotient of expanded polynomials
// over ℚ in "atoms" (the non-rational subterms).
//
// Implementation notes
// --------------------
// The expression is first put in structural canonical form. A pre-pass collects, for every
// base b that appears with a fractional exponent, the lcm L of the exponent denominators, and
// likewise for the monomials m inside exponentials (`exp(m/2)`, `exp(m/3)` share one atom
// `exp(m/6)`). Conversion then maps
//
// * numbers to constants, sums and products to rational-function arithmetic, integer powers
//   to powers (a negative power of something identically zero is an error);
// * `b^(p/q)` to `t^(pL/q)` with the atom `t = b^(1/L)` and the relation `t^L = b`;
// * `b^(Σ cᵢ mᵢ + c₀)` and `exp(Σ cᵢ mᵢ + c₀)` to products of powers of atoms `b^(mᵢ/Lᵢ)` /
//   `exp(mᵢ/Lᵢ)` (valid where the power is real, i.e. b > 0);
// * every other subterm (symbols, `pi`, `log(u)`, `f(u)`, big operators, …) to an atom whose
//   arguments are themselves in rational normal form, so `log((x^2-1)/(x-1))` and
//   `log(x+1)` are the same atom.
//
// Relations `t^L = R` (radicals) and `sin(u)^2 = 1 - cos(u)^2`, `sinh(u)^2 = cosh(u)^2 - 1` are
// then applied to numerator and denominator (later atoms first, since a relation's right side
// only mentions earlier atoms). Reduction by true identities is always sound, so a zero
// numerator proves the expression is zero wherever it is defined. The form is canonical for
// rational functions of independent atoms; with relations it is a sound zero test but may
// miss identities that need a non-obvious relation between atoms (those go to the rules or to
// the numeric check).

/// An expression in rational normal form: numerator and denominator are expanded polynomials
/// in the atoms, with no common factor, the denominator's leading coefficient positive.
public struct RationalNormalForm: Sendable {
    /// The expanded numerator (canonical).
    public let numerator: Expr
    /// The expanded denominator (canonical); 1 for polynomials.
    public let denominator: Expr
    /// The atoms, in the order they were introduced.
    public let atoms: [Expr]
    /// Whether the expression is identically zero (wherever it is defined).
    public var isZero: Bool { numerator.isZero }
    /// The normal form as one canonical expression.
    public let expr: Expr
    /// The number of terms of the numerator (a size measure for reports and limits).
    public let numeratorTermCount: Int

    /// Computes the rational normal form.
    /// - Throws: ``NormalizationError/undefined(_:reason:)`` for a division by something
    ///   identically zero, ``NormalizationError/limitExceeded(_:)`` when expansion exceeds
    ///   the limits.
    public init(_ e: Expr, limits: Limits = .default) throws(NormalizationError) {
        try self.init(canonical: try e.canonicalized(limits: limits), limits: limits)
    }

    /// ``init(_:limits:)`` of an expression already in canonical form (as
    /// `canonicalized(limits:)` returns it for the same limits): the same form, without
    /// normalising the input again.
    public init(canonical: Expr, limits: Limits = .default) throws(NormalizationError) {
        let (result, spent) = WorkMeter.measuring(budget: limits.maxAlgebraWork) { () throws(NormalizationError) -> RationalNormalForm in
            try RationalNormalForm(metered: canonical, limits: limits)
        }
        WorkLedger.record(spent)
        do { try WorkMeter.charge(spent) } catch { throw .limitExceeded(error) }
        self = try result.get()
    }

    /// ``init(canonical:limits:)`` under the meter already installed.
    private init(metered canonical: Expr, limits: Limits) throws(NormalizationError) {
        var builder = RationalNormalFormBuilder(limits: limits)
        builder.collectDenominators(canonical)
        let rf = try builder.convert(canonical)
        let reduced = try builder.applyRelations(rf)
        let n = builder.expression(reduced.numerator)
        let d = builder.expression(reduced.denominator)
        numerator = try n.canonicalized(limits: limits)
        denominator = try d.canonicalized(limits: limits)
        atoms = builder.atomExprs
        numeratorTermCount = reduced.numerator.termCount
        if denominator.isOne {
            expr = numerator
        } else {
            expr = try Expr.product([numerator, .power(denominator, .minusOne)]).canonicalized(limits: limits)
        }
    }
}

extension Expr {
    /// The rational normal form of this expression (see ``RationalNormalForm``).
    public func rationalNormalForm(limits: Limits = .default) throws(NormalizationError) -> RationalNormalForm {
        try RationalNormalForm(self, limits: limits)
    }
}

struct RationalNormalFormBuilder {
    let limits: Limits
    var variables = PolynomialVariables()
    var atomExprs: [Expr] = []
    private var atomIndex: [Expr: Int] = [:]
    /// atom index → (L, value): atom^L = value.
    private var relations: [(atom: Int, power: Int, value: RationalFunction)] = []
    /// base → lcm of the denominators of its fractional exponents.
    private var radicalDenominators: [Expr: Int] = [:]
    /// (base, monomial) → lcm of the denominators of the monomial's coefficients in exponents.
    private var exponentDenominators: [PowerKey: Int] = [:]
    private var memo: [Expr: RationalFunction] = [:]
    private var normalizedArguments: [Expr: Expr] = [:]

    /// A base (nil for exp) and an exponent monomial.
    struct PowerKey: Hashable {
        var base: Expr?
        var monomial: Expr
    }

    init(limits: Limits) { self.limits = limits }

    private var lim: Limits { limits }

    // MARK: Pre-pass

    mutating func collectDenominators(_ e: Expr) {
        var visited = IdentitySet()
        func walk(_ e: Expr) {
            guard visited.insert(ObjectIdentifier(e.node)) else { return }
            switch e.kind {
            case .power(let b, let x):
                if let r = x.numberValue {
                    if !r.isInteger, let q = r.denominator.asInt {
                        radicalDenominators[b] = lcm(radicalDenominators[b] ?? 1, q)
                    }
                } else {
                    for (c, m) in exponentTerms(x).terms {
                        if !c.isInteger, let q = c.denominator.asInt {
                            let k = PowerKey(base: b, monomial: m)
                            exponentDenominators[k] = lcm(exponentDenominators[k] ?? 1, q)
                        }
                    }
                }
            case .call(.builtin(.exp), let args) where args.count == 1:
                let (terms, constant) = exponentTerms(args[0])
                for (c, m) in terms where !c.isInteger {
                    if let q = c.denominator.asInt {
                        let k = PowerKey(base: nil, monomial: m)
                        exponentDenominators[k] = lcm(exponentDenominators[k] ?? 1, q)
                    }
                }
                if !constant.isInteger, let q = constant.denominator.asInt {
                    let k = PowerKey(base: nil, monomial: .one)
                    exponentDenominators[k] = lcm(exponentDenominators[k] ?? 1, q)
                }
            case .number, .symbol, .constant, .sum, .product, .call, .derivative, .bigOperator, .list,
                 .subscripted, .range:
                break
            }
            for c in e.children { walk(c) }
        }
        walk(e)
    }

    private func lcm(_ a: Int, _ b: Int) -> Int {
        var x = a, y = b
        while y != 0 { (x, y) = (y, x % y) }
        let g = max(x, 1)
        let (p, o) = (a / g).multipliedReportingOverflow(by: b)
        return o ? a : p
    }

    /// Splits a canonical exponent into (coefficient, monomial) terms and a constant.
    private func exponentTerms(_ x: Expr) -> (terms: [(Rational, Expr)], constant: Rational) {
        var terms: [(Rational, Expr)] = []
        var constant = Rational.zero
        let items: [Expr]
        if case .sum(let ts) = x.kind { items = ts } else { items = [x] }
        for t in items {
            if let v = t.numberValue {
                constant += v
            } else {
                terms.append(ExprOrder.coefficientAndMonomial(t))
            }
        }
        return (terms, constant)
    }

    // MARK: Atoms

    /// The placeholder variables `#0`, `#1`, … of the first atoms, made once.
    private static let atomSymbols: [Symbol] = (0..<64).map { Symbol("#\($0)") }

    private mutating func atom(_ e: Expr) -> RationalFunction {
        if let i = atomIndex[e] {
            return RationalFunction(Polynomial.variable(i, variableCount: variables.count))
        }
        let n = atomExprs.count
        let i = variables.index(adding: n < Self.atomSymbols.count ? Self.atomSymbols[n] : Symbol("#\(n)"))
        atomExprs.append(e)
        atomIndex[e] = i
        return RationalFunction(Polynomial.variable(i, variableCount: variables.count))
    }

    private func variableIndex(of atomExpr: Expr) -> Int? { atomIndex[atomExpr] }

    // MARK: Conversion

    mutating func convert(_ e: Expr) throws(NormalizationError) -> RationalFunction {
        if let hit = memo[e] { return hit }
        let result: RationalFunction
        switch e.kind {
        case .number(let r):
            result = RationalFunction(r)
        case .sum(let terms):
            var acc = RationalFunction.zero
            let limits = self.limits
            for t in terms {
                let x = try convert(t)
                acc = try arithmetic { try acc.adding(x, limits: limits) }
            }
            result = acc
        case .product(let factors):
            var acc = RationalFunction.one
            let limits = self.limits
            for f in factors {
                let x = try convert(f)
                acc = try arithmetic { try acc.multiplied(by: x, limits: limits) }
            }
            result = acc
        case .power(let base, let exponent):
            result = try convertPower(e, base, exponent)
        case .call(.builtin(.exp), let args) where args.count == 1:
            result = try convertExponential(base: nil, exponent: args[0])
        case .call(let function, let args):
            var normalized: [Expr] = []
            for a in args { normalized.append(try normalizedArgument(a)) }
            let canonical = try Normalizer.call(function, normalized, limits: limits)
            if canonical == e || canonical.atomLike {
                result = atom(canonical)
            } else {
                result = try convert(canonical)
            }
        case .symbol, .constant, .derivative, .bigOperator, .list, .subscripted, .range:
            result = atom(e)
        }
        memo[e] = result
        return result
    }

    /// Runs rational-function arithmetic, mapping its errors to normalisation errors.
    private func arithmetic(_ body: () throws -> RationalFunction) throws(NormalizationError) -> RationalFunction {
        do {
            return try body()
        } catch let l as LimitExceeded {
            throw .limitExceeded(l)
        } catch {
            throw .undefined(.zero, reason: "\(error)")
        }
    }

    private mutating func normalizedArgument(_ a: Expr) throws(NormalizationError) -> Expr {
        // A symbol, number or constant is its own normal form (what the general path returns).
        switch a.kind {
        case .symbol, .number, .constant: return a
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range: break
        }
        if let hit = normalizedArguments[a] { return hit }
        // A monomial in symbols and constants is its own normal form: canonical products
        // already collect the powers of each base and keep one rational coefficient, which is
        // what rebuilding numerator · denominator⁻¹ from the quotient of two monomials gives.
        // (`RationalNormalFormTests` compares this shortcut with the general path.)
        if RationalNormalFormBuilder.isAtomMonomial(a) { return a }
        return try normalizedArgumentByQuotient(a)
    }

    /// Whether `a` (canonical) is a product of a rational number and integer powers of
    /// distinct symbols and constants, or one such power.
    static func isAtomMonomial(_ a: Expr) -> Bool {
        func isAtomPower(_ f: Expr) -> Bool {
            switch f.kind {
            case .symbol, .constant: return true
            case .power(let base, let exponent):
                guard let k = exponent.numberValue, k.isInteger else { return false }
                switch base.kind {
                case .symbol, .constant: return true
                case .number, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                    return false
                }
            case .number, .sum, .product, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                return false
            }
        }
        switch a.kind {
        case .product(let factors):
            for (i, f) in factors.enumerated() {
                if i == 0, f.numberValue != nil { continue }
                if !isAtomPower(f) { return false }
            }
            return true
        case .power: return isAtomPower(a)
        case .symbol, .constant, .number, .sum, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return false
        }
    }

    /// The normal form of a function argument by the general path: the argument's own
    /// rational normal form, as numerator · denominator⁻¹.
    mutating func normalizedArgumentByQuotient(_ a: Expr) throws(NormalizationError) -> Expr {
        var inner = RationalNormalFormBuilder(limits: limits)
        inner.collectDenominators(a)
        let rf = try inner.convert(a)
        let reduced = try inner.applyRelations(rf)
        let n = inner.expression(reduced.numerator)
        let d = inner.expression(reduced.denominator)
        let out = try (d.isOne ? n : Expr.product([n, .power(d, .minusOne)])).canonicalized(limits: limits)
        normalizedArguments[a] = out
        return out
    }

    private mutating func convertPower(_ e: Expr, _ base: Expr, _ exponent: Expr) throws(NormalizationError) -> RationalFunction {
        if let r = exponent.numberValue {
            if r.isInteger {
                guard let k = r.asInt, abs(k) <= limits.maxExponent else {
                    throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: r.asInt ?? Int.max, maximum: limits.maxExponent))
                }
                let b = try convert(base)
                if k < 0 && b.isZero {
                    throw .undefined(e, reason: "division by an expression that is identically zero")
                }
                return try arithmetic { try b.power(k, limits: lim) }
            }
            // b^(p/q) = t^(p L / q) with t = b^(1/L), t^L = b.
            let l = radicalDenominators[base] ?? (r.denominator.asInt ?? 1)
            guard let n = (r * Rational(l)).asInt else {
                throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: Int.max, maximum: limits.maxExponent))
            }
            let rootExpr = try Normalizer.power(base, .number(Rational(1, l)!), limits: limits)
            let isNew = atomIndex[rootExpr] == nil
            let t = atom(rootExpr)
            if isNew, let i = atomIndex[rootExpr] {
                let b = try convert(base)
                relations.append((i, l, b))
            }
            if n < 0 && t.isZero { throw .undefined(e, reason: "division by zero") }
            return try arithmetic { try t.power(n, limits: lim) }
        }
        return try convertExponential(base: base, exponent: exponent)
    }

    /// `base^exponent` (or `exp(exponent)` when base is nil) as a product of atom powers.
    private mutating func convertExponential(base: Expr?, exponent: Expr) throws(NormalizationError) -> RationalFunction {
        let (terms, constant) = exponentTerms(exponent)
        var acc = RationalFunction.one
        for (c, m) in terms {
            let key = PowerKey(base: base, monomial: m)
            let l = exponentDenominators[key] ?? 1
            let scaled = c * Rational(l)
            guard let n = scaled.asInt, abs(n) <= limits.maxExponent else {
                throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: scaled.asInt ?? Int.max, maximum: limits.maxExponent))
            }
            let atomExponent = try Normalizer.product([.number(Rational(1, l)!), m], limits: limits)
            let atomExpr: Expr
            if let b = base {
                atomExpr = try Normalizer.power(b, atomExponent, limits: limits)
            } else {
                atomExpr = try Normalizer.call(.builtin(.exp), [atomExponent], limits: limits)
            }
            let t = atom(atomExpr)
            acc = try arithmetic { try acc.multiplied(by: try t.power(n, limits: lim), limits: lim) }
        }
        if !constant.isZero {
            let factor: RationalFunction
            if let b = base {
                factor = try convertPower(.power(b, .number(constant)), b, .number(constant))
            } else {
                let key = PowerKey(base: nil, monomial: .one)
                let l = exponentDenominators[key] ?? 1
                guard let n = (constant * Rational(l)).asInt, abs(n) <= limits.maxExponent else {
                    throw .limitExceeded(LimitExceeded(limit: "maxExponent", requested: Int.max, maximum: limits.maxExponent))
                }
                let t = atom(try Normalizer.call(.builtin(.exp), [.number(Rational(1, l)!)], limits: limits))
                factor = try arithmetic { try t.power(n, limits: lim) }
            }
            acc = try arithmetic { try acc.multiplied(by: factor, limits: lim) }
        }
        return acc
    }

    // MARK: Relations

    /// Adds the trigonometric and hyperbolic relations for the atoms present, then reduces.
    mutating func applyRelations(_ rf: RationalFunction) throws(NormalizationError) -> RationalFunction {
        for (i, a) in atomExprs.enumerated() {
            guard case .call(.builtin(let f), let args) = a.kind, args.count == 1 else { continue }
            switch f {
            case .sin:
                if let c = atomIndex[Expr(.call(.builtin(.cos), args))] {
                    let cv = RationalFunction(Polynomial.variable(c, variableCount: variables.count))
                    let value = try arithmetic { try RationalFunction.one.subtracting(try cv.power(2, limits: lim), limits: lim) }
                    relations.append((atomIndex[a] ?? i, 2, value))
                }
            case .sinh:
                if let c = atomIndex[Expr(.call(.builtin(.cosh), args))] {
                    let cv = RationalFunction(Polynomial.variable(c, variableCount: variables.count))
                    let value = try arithmetic { try (try cv.power(2, limits: lim)).subtracting(.one, limits: lim) }
                    relations.append((atomIndex[a] ?? i, 2, value))
                }
            case .abs, .acos, .asin, .atan, .cos, .cosh, .erf, .exp, .lambertw, .log, .max, .min, .sigmoid,
                 .sign, .softplus, .sqrt, .tan, .tanh:
                break
            }
        }
        if relations.isEmpty { return rf }
        var num = RationalFunction(rf.numerator)
        var den = RationalFunction(rf.denominator)
        for relation in relations.sorted(by: { $0.atom > $1.atom }) {
            num = try reduce(num, by: relation)
            den = try reduce(den, by: relation)
        }
        if den.isZero {
            throw .undefined(.zero, reason: "division by an expression that is identically zero")
        }
        return try arithmetic { try num.divided(by: den, limits: lim) }
    }

    /// Replaces t^e (e ≥ L) by t^(e mod L) · R^(e div L) in both parts of `rf`.
    private mutating func reduce(_ rf: RationalFunction, by relation: (atom: Int, power: Int, value: RationalFunction))
        throws(NormalizationError) -> RationalFunction {
        func reducePolynomial(_ p: Polynomial) throws(NormalizationError) -> RationalFunction {
            if p.degree(in: relation.atom) < relation.power { return RationalFunction(p) }
            var acc = RationalFunction.zero
            let count = max(variables.count, p.variableCount)
            for term in p.terms {
                var exps = term.exponents
                while exps.count < count { exps.append(0) }
                let e = exps[relation.atom]
                exps[relation.atom] = e % relation.power
                guard let mono = Polynomial.monomial(coefficient: term.coefficient, exponents: exps, variableCount: count) else {
                    continue
                }
                var piece = RationalFunction(mono)
                if e >= relation.power {
                    let factor = try arithmetic { try relation.value.power(e / relation.power, limits: lim) }
                    piece = try arithmetic { try piece.multiplied(by: factor, limits: lim) }
                }
                acc = try arithmetic { try acc.adding(piece, limits: lim) }
            }
            return acc
        }
        let n = try reducePolynomial(rf.numerator)
        let d = try reducePolynomial(rf.denominator)
        if d.isZero { throw .undefined(.zero, reason: "division by an expression that is identically zero") }
        return try arithmetic { try n.divided(by: d, limits: lim) }
    }

    // MARK: Back to expressions

    func expression(_ p: Polynomial) -> Expr {
        let raw = p.expression(variables: variables)
        return raw.replacingAtomSymbols(atomExprs)
    }
}

extension Expr {
    /// Whether this node is an atom for the rational normal form (not a number, sum, product
    /// or power).
    var atomLike: Bool {
        switch kind {
        case .number, .sum, .product, .power: return false
        case .call(.builtin(.exp), _): return false
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range: return true
        }
    }

    /// Replaces the placeholder symbols `#i` by `atoms[i]`.
    func replacingAtomSymbols(_ atoms: [Expr]) -> Expr {
        var memo: IdentityMap<Expr> = [:]
        func walk(_ e: Expr) -> Expr {
            if let hit = memo[ObjectIdentifier(e.node)] { return hit }
            let out: Expr
            if case .symbol(let s) = e.kind, s.name.hasPrefix("#"), let i = Int(s.name.dropFirst()), i < atoms.count {
                out = atoms[i]
            } else {
                out = e.mapChildren(walk)
            }
            memo[ObjectIdentifier(e.node)] = out
            return out
        }
        return walk(self)
    }
}
