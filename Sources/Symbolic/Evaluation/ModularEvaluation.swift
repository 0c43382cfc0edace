// Evaluation modulo p = 2^61 − 1, for Schwartz–Zippel zero tests.

/// Why a modular evaluation has no value.
public enum ModularEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller assigned no residue to this atom (a symbol or non-rational sub-term).
    case unassigned(Expr)
    /// A division by a zero residue (the caller should retry with another point), or a
    /// number whose denominator is divisible by p.
    case divisionByZero
    /// `0^0`, which is undefined.
    case undefinedPower
    /// The expression is deeper than `Limits.maxDepth`.
    case limitExceeded(LimitExceeded)

    /// A one-line lowercase description.
    public var description: String {
        switch self {
        case .unassigned(let atom): return "no residue assigned to \(atom.kindName)"
        case .divisionByZero: return "division by a zero residue"
        case .undefinedPower: return "0^0 is undefined"
        case .limitExceeded(let limit): return limit.description
        }
    }
}

extension Expr {
    /// The value modulo p = 2^61 − 1, treating every non-rational sub-term as an atom.
    ///
    /// Numbers, sums, products and integer powers are evaluated in the field; everything
    /// else — symbols, `pi`, function calls such as `log(x)` or `f(u)`, non-integer powers,
    /// big operators — is an *atom* whose residue comes from `assignment` (called once per
    /// distinct node; it should return the same residue for structurally equal atoms, which
    /// a dictionary keyed by `Expr` does). The map is a ring homomorphism on rational
    /// expressions, so a non-zero result proves an expression non-zero, and a zero result
    /// at a random point makes zero likely (Schwartz–Zippel).
    ///
    /// - Parameters:
    ///   - field: Always `Modular61.self`; names the modulus at the call site.
    ///   - limits: `maxDepth` bounds the recursion.
    ///   - assignment: Residues for atoms; `nil` means unassigned.
    /// - Throws: ``ModularEvaluationError``.
    public func evaluate(modulo field: Modular61.Type, limits: Limits = .default,
                         at assignment: (Expr) -> Modular61?) throws(ModularEvaluationError) -> Modular61 {
        guard height <= limits.maxDepth else {
            throw .limitExceeded(LimitExceeded(limit: "maxDepth", requested: height, maximum: limits.maxDepth))
        }
        var memo: IdentityMap<Modular61> = [:]
        if height > DeepExpressions.recursionLimit {
            let order = DeepExpressions.postOrder(self) { e in
                switch e.kind {
                case .sum(let items), .product(let items): return items
                case .power(let base, let exponent): return exponent.numberValue?.isInteger == true ? [base] : []
                case .number, .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                    return []
                }
            }
            for n in order { _ = try n.modularValue(assignment, memo: &memo) }
        }
        return try modularValue(assignment, memo: &memo)
    }

    private func modularValue(_ assignment: (Expr) -> Modular61?,
                              memo: inout IdentityMap<Modular61>) throws(ModularEvaluationError) -> Modular61 {
        let key = ObjectIdentifier(node)
        if let v = memo[key] { return v }
        let v: Modular61
        switch kind {
        case .number(let r):
            guard let m = Modular61(r) else { throw .divisionByZero }
            v = m
        case .sum(let terms):
            var total = Modular61.zero
            for t in terms { total += try t.modularValue(assignment, memo: &memo) }
            v = total
        case .product(let factors):
            var total = Modular61.one
            for f in factors { total *= try f.modularValue(assignment, memo: &memo) }
            v = total
        case .power(let base, let exponent):
            if case .number(let r) = exponent.kind, r.isInteger {
                let b = try base.modularValue(assignment, memo: &memo)
                if b.isZero && r.isZero { throw .undefinedPower }
                guard let p = b.power(r.numerator) else { throw .divisionByZero }
                v = p
            } else {
                guard let a = assignment(self) else { throw .unassigned(self) }
                v = a
            }
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            guard let a = assignment(self) else { throw .unassigned(self) }
            v = a
        }
        memo[key] = v
        return v
    }
}
