// Conversion of expression entries to exact rational functions over one shared table of
// variables, and back.
//
// Implementation notes
// --------------------
// Entries are rational functions of their symbols *and* of "atoms": every maximal subterm
// that is not a number, symbol, sum, product or integer power (`sqrt(x)`, `pi`, `log(u)`,
// `B[1, 2]`, `x^(1/2)`, …). Each atom is replaced by a placeholder variable `#m<i>`; atoms
// are identified by their structural canonical form, so `B[1,2]` written twice is one
// variable. Treating atoms as independent variables is sound for determinants, products
// and inverses: an identity of rational functions in independent variables survives any
// specialisation of them (where the entries are defined). It may miss relations between
// atoms (sqrt(x)² = x); the rational normal form, used for entrywise identity checks, knows
// those. Conversion memoises per node identity, so shared sub-expressions convert once.
import Symbolic

/// Converts expressions to ``RationalFunction``s over one shared variable table, treating
/// non-rational subterms as independent atoms (see the file notes), and converts back.
public struct RationalEntryConverter: Sendable {
    /// The variables: the symbols met so far, then atom placeholders, in order of first use.
    public private(set) var variables = PolynomialVariables()
    /// Placeholder → the atom it stands for.
    private var atomValues: [Symbol: Expr] = [:]
    /// Canonical atom → placeholder.
    private var atomKeys: [Expr: Symbol] = [:]
    /// The limits of the exact arithmetic.
    public let limits: Limits

    /// A converter with an empty table.
    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Whether any atom (non-rational subterm) was met.
    public var hasAtoms: Bool { !atomValues.isEmpty }

    /// The rational function of `expression` in the shared variables.
    /// - Throws: ``LinearAlgebraError/normalization(_:)`` for a division by something
    ///   identically zero, ``LinearAlgebraError/limitExceeded(_:)``.
    public mutating func convert(_ expression: Expr) throws(LinearAlgebraError) -> RationalFunction {
        if expression.height > limits.maxDepth {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: expression.height, maximum: limits.maxDepth))
        }
        var memo: IdentityMap<Expr> = [:]
        let rational = try atomized(expression, &memo)
        do {
            return try RationalFunction(rational, variables: &variables, limits: limits)
        } catch let error as RationalConversionError {
            switch error {
            case .divisionByZero(let e):
                throw .normalization(.undefined(e, reason: "division by an expression that is identically zero"))
            case .notRational(let e), .nonIntegerExponent(let e), .notPolynomial(let e):
                throw .arithmetic("not a rational expression after atomisation: \(e)")
            }
        } catch {
            throw LinearAlgebraError.wrapping(error)
        }
    }

    /// The expression of a rational function produced by this converter: expanded numerator
    /// (times the expanded denominator to the power −1), atoms put back.
    public func expression(_ value: RationalFunction) -> Expr {
        restoringAtoms(value.expression(variables: variables))
    }

    /// The expression of a polynomial produced by this converter, atoms put back.
    public func expression(_ value: Polynomial) -> Expr {
        restoringAtoms(value.expression(variables: variables))
    }

    /// Replaces every atom by a placeholder symbol.
    private mutating func atomized(_ e: Expr, _ memo: inout IdentityMap<Expr>) throws(LinearAlgebraError) -> Expr {
        if let hit = memo[e.identity] { return hit }
        let out: Expr
        switch e.kind {
        case .number, .symbol:
            out = e
        case .sum(let items):
            var mapped: [Expr] = []
            mapped.reserveCapacity(items.count)
            for item in items { mapped.append(try atomized(item, &memo)) }
            out = .sum(mapped)
        case .product(let items):
            var mapped: [Expr] = []
            mapped.reserveCapacity(items.count)
            for item in items { mapped.append(try atomized(item, &memo)) }
            out = .product(mapped)
        case .power(let base, let exponent):
            if let r = exponent.numberValue, r.isInteger {
                out = .power(try atomized(base, &memo), exponent)
            } else {
                out = try atom(e)
            }
        case .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            out = try atom(e)
        }
        memo[e.identity] = out
        return out
    }

    /// The placeholder of an atom, created on first use.
    private mutating func atom(_ e: Expr) throws(LinearAlgebraError) -> Expr {
        let key: Expr
        do {
            key = try e.canonicalized(limits: limits)
        } catch {
            throw .normalization(error)
        }
        if let s = atomKeys[key] { return .symbol(s) }
        let s = Symbol("#m\(atomValues.count)")
        atomKeys[key] = s
        atomValues[s] = e
        return .symbol(s)
    }

    /// Puts the atoms back in place of their placeholders.
    private func restoringAtoms(_ e: Expr) -> Expr {
        if atomValues.isEmpty { return e }
        var memo: IdentityMap<Expr> = [:]
        func walk(_ x: Expr) -> Expr {
            if let hit = memo[x.identity] { return hit }
            let out: Expr
            if case .symbol(let s) = x.kind, let atom = atomValues[s] {
                out = atom
            } else {
                out = x.mapChildren(walk)
            }
            memo[x.identity] = out
            return out
        }
        return walk(e)
    }
}
