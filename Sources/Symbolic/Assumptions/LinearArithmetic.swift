// Signs of linear expressions from linear assumptions, by Fourier–Motzkin elimination.
//
// Implementation notes
// --------------------
// The interval walk of the sign prover loses correlations: from x >= y and y >= 0 it cannot
// conclude x >= 0. When an expression is linear in its atoms (symbols, or any other non-number
// monomial of the canonical form, treated as an unknown real), its sign is decided here by
// refutation: `g > 0` follows from the constraints C exactly when C ∧ (−g ≥ 0) has no real
// solution (and `g ≥ 0` when C ∧ (−g > 0) has none). C is every assumed relation that is
// linear (`d < 0`, `d <= 0`, `d = 0` as two inequalities) plus the declared bounds of the
// symbols involved. Infeasibility is decided exactly over ℚ by Fourier–Motzkin: eliminate one
// atom at a time, combining each constraint with a positive coefficient with each one with a
// negative coefficient (strict if either is); what remains are constant constraints, and one
// that is false (c < 0, or c ≤ 0 when strict) proves infeasibility. Elimination stops with
// "unknown" beyond `maxConstraints` constraints or `maxAtoms` atoms (the method is doubly
// exponential in the worst case); it never proves anything false.

/// A linear constraint Σ aᵢ·atomᵢ + c ≥ 0 (> 0 when strict).
struct LinearConstraint {
    var coefficients: [Int: Rational]
    var constant: Rational
    var strict: Bool
}

enum LinearArithmetic {
    /// The most constraints kept during elimination.
    static let maxConstraints = 400
    /// The most atoms (unknowns) handled.
    static let maxAtoms = 8

    /// `e` as Σ aᵢ·atomᵢ + c over the atoms in `atoms` (extended as needed), or `nil` when
    /// `e` is not linear (a product of two atoms, a power, …) — `e` must be canonical.
    static func linearForm(_ e: Expr, atoms: inout [Expr]) -> (coefficients: [Int: Rational], constant: Rational)? {
        let terms: [Expr]
        if case .sum(let items) = e.kind { terms = items } else { terms = [e] }
        var coefficients: [Int: Rational] = [:]
        var constant = Rational.zero
        for term in terms {
            let (c, m) = ExprOrder.coefficientAndMonomial(term)
            if m.numberValue == .one { constant += c; continue }
            guard isAtom(m) else { return nil }
            let index: Int
            if let i = atoms.firstIndex(of: m) { index = i } else { atoms.append(m); index = atoms.count - 1 }
            coefficients[index, default: .zero] += c
        }
        return (coefficients, constant)
    }

    /// Symbols and calls are atoms; products and powers of atoms are not linear.
    private static func isAtom(_ m: Expr) -> Bool {
        switch m.kind {
        case .symbol, .call, .constant, .subscripted, .bigOperator, .derivative: return true
        case .number, .sum, .product, .power, .list, .range: return false
        }
    }

    /// Whether `e` provably has `property` (positive, nonnegative, negative, nonpositive) under
    /// the linear assumptions; `false` when that cannot be shown (or `e` is not linear).
    static func proves(_ e: Expr, _ property: Property, from assumptions: Assumptions) -> Bool {
        guard !assumptions.relations.isEmpty else { return false }
        var atoms: [Expr] = []
        guard let goal = linearForm(e, atoms: &atoms), !goal.coefficients.isEmpty else { return false }
        var constraints: [LinearConstraint] = []
        for (d, relation) in assumptions.relations {
            var scratch = atoms
            guard let form = linearForm(d, atoms: &scratch), scratch.count <= maxAtoms else { continue }
            atoms = scratch
            let negated = form.coefficients.mapValues { -$0 }
            switch relation {
            case .less: constraints.append(LinearConstraint(coefficients: negated, constant: -form.constant, strict: true))
            case .lessEqual: constraints.append(LinearConstraint(coefficients: negated, constant: -form.constant, strict: false))
            case .equal:
                constraints.append(LinearConstraint(coefficients: negated, constant: -form.constant, strict: false))
                constraints.append(LinearConstraint(coefficients: form.coefficients, constant: form.constant, strict: false))
            case .notEqual, .greater, .greaterEqual: continue
            }
        }
        // Relations of one atom are intervals, which the interval walk has already used: only
        // a relation between two or more atoms can add anything.
        guard constraints.contains(where: { $0.coefficients.count >= 2 }), atoms.count <= maxAtoms else { return false }
        // Declared bounds of symbol atoms.
        for (i, atom) in atoms.enumerated() {
            guard let s = atom.symbolValue else { continue }
            let r = assumptions.range(of: s)
            if let l = r.lower { constraints.append(LinearConstraint(coefficients: [i: .one], constant: -l, strict: r.lowerOpen)) }
            if let u = r.upper { constraints.append(LinearConstraint(coefficients: [i: .minusOne], constant: u, strict: r.upperOpen)) }
        }
        // The negated goal.
        let g = goal.coefficients, c = goal.constant
        let negatedGoal: LinearConstraint
        switch property {
        case .positive: negatedGoal = LinearConstraint(coefficients: g.mapValues { -$0 }, constant: -c, strict: false)
        case .nonnegative: negatedGoal = LinearConstraint(coefficients: g.mapValues { -$0 }, constant: -c, strict: true)
        case .negative: negatedGoal = LinearConstraint(coefficients: g, constant: c, strict: false)
        case .nonpositive: negatedGoal = LinearConstraint(coefficients: g, constant: c, strict: true)
        case .nonzero, .real, .integer, .natural, .probability: return false
        }
        constraints.append(negatedGoal)
        return infeasible(constraints, atomCount: atoms.count)
    }

    /// Whether the constraints have no real solution (exact Fourier–Motzkin); `false` also
    /// when the elimination outgrows its limits.
    static func infeasible(_ start: [LinearConstraint], atomCount: Int) -> Bool {
        var constraints = start
        for atom in 0..<atomCount {
            var positive: [LinearConstraint] = [], negative: [LinearConstraint] = [], rest: [LinearConstraint] = []
            for k in constraints {
                let a = k.coefficients[atom] ?? .zero
                if a.isZero { rest.append(k) } else if Rational.zero < a { positive.append(k) } else { negative.append(k) }
            }
            if positive.count * negative.count + rest.count > maxConstraints { return false }
            for p in positive {
                for n in negative {
                    let ap = p.coefficients[atom] ?? .zero, an = n.coefficients[atom] ?? .zero
                    let wp = -an, wn = ap // both positive: wp·p + wn·n cancels the atom
                    var coefficients: [Int: Rational] = [:]
                    for (i, v) in p.coefficients where i != atom { coefficients[i, default: .zero] += wp * v }
                    for (i, v) in n.coefficients where i != atom { coefficients[i, default: .zero] += wn * v }
                    coefficients = coefficients.filter { !$0.value.isZero }
                    rest.append(LinearConstraint(coefficients: coefficients, constant: wp * p.constant + wn * n.constant,
                                                 strict: p.strict || n.strict))
                }
            }
            constraints = rest
        }
        return constraints.contains { k in
            k.coefficients.isEmpty && (k.constant < .zero || (k.strict && !(Rational.zero < k.constant)))
        }
    }
}
