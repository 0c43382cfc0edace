// Wrong variants of one written expression.
//
// Implementation notes
// --------------------
// The mutator works on the faithful tree (`Expr` as written: `a - b` is `a + (-1)*b`,
// `a/b` is `a*b^-1`), so every mutation corresponds to an edit of the text. It walks the
// tree once; at each node it proposes local replacements, and every replacement proposed
// below a node is lifted through it by rebuilding that node with one child replaced
// (`mapChildren` with a child counter), so a candidate is the whole mutated expression. The
// walk visits children in `Expr.children` order and proposes in a fixed order, so the list
// of candidates is deterministic. It is bounded twice: nodes deeper than `maxDepth` are not
// mutated (and not descended into), and the walk stops proposing after `maxCandidates`.
//
// Local proposals, by node:
// - number (not in an exponent): c+1, c−1, 2c, c/2;
// - sum: each term's sign flipped, each term dropped, and a two-term difference reversed
//   (`a - b` → `b - a`);
// - product with a reciprocal factor: the quotient inverted (`a/b` → `b/a`, `log(a/b)` →
//   `log(b/a)`);
// - power with a number exponent k: k+1, k−1, 2k; `sqrt(u)` → `u`; a derivative's order + 1;
// - opaque call: a density's first variable swapped with its first condition, and the first
//   two arguments of `KL` or any function of several variables swapped;
// - `E_{x ~ p}`: the density replaced by every other declared density with the same numbers
//   of variables and conditions.
// The whole expression is also negated. Candidates equal to the original are dropped.

import Symbolic

/// The shape of a declared density, for swapping the distribution of an expectation.
struct DensityShape: Sendable, Hashable {
    /// The density's name.
    var name: String
    /// How many variables it ranges over.
    var variables: Int
    /// How many variables it is conditioned on.
    var conditions: Int
}

/// Proposes wrong variants of an expression.
struct ExpressionMutator {
    /// The densities declared in the file (for `distribution` mutations).
    var densities: [DensityShape] = []
    /// Nodes deeper than this are left alone.
    var maxDepth = 200
    /// The walk stops after this many candidates.
    var maxCandidates = 4_000

    /// One candidate: the whole mutated expression and the local change.
    struct Candidate {
        var expr: Expr
        var kind: MutationKind
        var before: Expr
        var after: Expr
    }

    /// The candidates for `e`, in a deterministic order, none equal to `e`.
    func candidates(of e: Expr) -> [Candidate] {
        var out: [Candidate] = []
        collect(e, depth: 0, inExponent: false, into: &out)
        out.append(Candidate(expr: e.negated(), kind: .signFlipped, before: e, after: e.negated()))
        var seen = Set<Expr>()
        seen.insert(e)
        return out.filter { seen.insert($0.expr).inserted }
    }

    private func collect(_ e: Expr, depth: Int, inExponent: Bool, into out: inout [Candidate]) {
        guard depth <= maxDepth, out.count < maxCandidates else { return }
        for c in local(e, inExponent: inExponent) where out.count < maxCandidates {
            out.append(c)
        }
        let children = e.children
        for (i, child) in children.enumerated() {
            guard out.count < maxCandidates else { return }
            // A number exponent is mutated by its power, never as a coefficient.
            var exponentChild = false
            if case .power = e.kind, i == 1 { exponentChild = true }
            if exponentChild, child.numberValue != nil { continue }
            var below: [Candidate] = []
            collect(child, depth: depth + 1, inExponent: exponentChild, into: &below)
            for var c in below {
                c.expr = Self.replacingChild(of: e, at: i, with: c.expr)
                out.append(c)
            }
        }
    }

    /// `e` with its `index`-th child (in `children` order) replaced.
    static func replacingChild(of e: Expr, at index: Int, with replacement: Expr) -> Expr {
        var position = 0
        return e.mapChildren { (child: Expr) -> Expr in
            defer { position += 1 }
            return position == index ? replacement : child
        }
    }

    // MARK: Local proposals

    private func local(_ e: Expr, inExponent: Bool) -> [Candidate] {
        var out: [Candidate] = []
        func add(_ replacement: Expr, _ kind: MutationKind) {
            if replacement != e { out.append(Candidate(expr: replacement, kind: kind, before: e, after: replacement)) }
        }
        switch e.kind {
        case .number(let c):
            for v in Self.coefficientVariants(c) { add(.number(v), .coefficientChanged) }
        case .sum(let terms):
            for (j, t) in terms.enumerated() {
                var flipped = terms
                flipped[j] = Self.flippedSign(t)
                add(.sum(flipped), .signFlipped)
            }
            if terms.count >= 2 {
                for j in terms.indices {
                    var rest = terms
                    rest.remove(at: j)
                    add(rest.count == 1 ? rest[0] : .sum(rest), .termDropped)
                }
            }
            if terms.count == 2, Self.looksNegative(terms[0]) != Self.looksNegative(terms[1]) {
                // a - b → b - a (positions swapped too, so it reads as written).
                add(.sum([Self.flippedSign(terms[1]), Self.flippedSign(terms[0])]), .argumentsSwapped)
            }
        case .product(let factors):
            let isReciprocal: (Expr) -> Bool = { f in
                if case .power(_, let x) = f.kind, x.numberValue == .minusOne { return true }
                return false
            }
            let others = factors.filter { $0.numberValue == nil && !isReciprocal($0) }
            if factors.contains(where: isReciprocal), !others.isEmpty {
                // a*b^-1 → b*a^-1: numbers stay first, the former denominators come next.
                var numbers: [Expr] = [], denominators: [Expr] = [], numerators: [Expr] = []
                for f in factors {
                    if f.numberValue != nil { numbers.append(f) }
                    else if case .power(let base, _) = f.kind, isReciprocal(f) { denominators.append(base) }
                    else { numerators.append(.power(f, .minusOne)) }
                }
                add(.product(numbers + denominators + numerators), .argumentsSwapped)
            }
        case .power(let base, let exponent):
            if let k = exponent.numberValue {
                for v in Self.exponentVariants(k) { add(.power(base, .number(v)), .exponentChanged) }
            }
        case .call(.builtin(let b), let arguments):
            switch b {
            case .sqrt:
                if arguments.count == 1 { add(arguments[0], .exponentChanged) }
            case .abs, .acos, .asin, .atan, .cos, .cosh, .erf, .exp, .lambertw, .log, .max, .min, .sigmoid, .sign,
                 .sin, .sinh, .softplus, .tan, .tanh:
                break
            }
        case .call(.opaque(let f), let arguments):
            if let bar = f.conditioningIndex, bar >= 1, bar < arguments.count {
                var swapped = arguments
                swapped.swapAt(0, bar)
                add(Expr(.call(.opaque(f), swapped)), .argumentsSwapped)
            } else if arguments.count >= 2 {
                var swapped = arguments
                swapped.swapAt(0, 1)
                add(Expr(.call(.opaque(f), swapped)), .argumentsSwapped)
            }
        case .derivative(let of, let variable, let order):
            add(Expr(.derivative(of: of, variable: variable, order: order + 1)), .exponentChanged)
        case .bigOperator(let op) where op.name == "E":
            for (i, b) in op.bindings.enumerated() where b.relation == .distributedAs {
                for replacement in distributionVariants(b.value) {
                    var bindings = op.bindings
                    bindings[i] = Binding(subject: b.subject, relation: b.relation, value: replacement)
                    add(Expr(.bigOperator(BigOperator(name: op.name, bindings: bindings, body: op.body))), .distributionChanged)
                }
            }
        case .symbol, .constant, .bigOperator, .list, .subscripted, .range:
            break
        }
        return out
    }

    /// Other declared densities in place of the one after `~` (same numbers of variables and
    /// conditions).
    private func distributionVariants(_ value: Expr?) -> [Expr] {
        guard let value else { return [] }
        if let s = value.symbolValue, let shape = densities.first(where: { $0.name == s.name }) {
            return densities.filter { $0.name != shape.name && $0.variables == shape.variables && $0.conditions == shape.conditions }
                .map { .symbol($0.name) }
        }
        if case .call(.opaque(let f), let arguments) = value.kind, let shape = densities.first(where: { $0.name == f.name }) {
            return densities.filter { $0.name != shape.name && $0.variables == shape.variables && $0.conditions == shape.conditions }
                .map { Expr(.call(.opaque(OpaqueFunction(name: $0.name, conditioningIndex: f.conditioningIndex,
                                                        derivativeOrders: f.derivativeOrders)), arguments)) }
        }
        return []
    }

    /// c+1, c−1, 2c, c/2, without c itself and without repeats.
    static func coefficientVariants(_ c: Rational) -> [Rational] {
        let half = Rational(1, 2) ?? .one
        return unique([c + .one, c - .one, c * Rational(2), c * half], excluding: c)
    }

    /// k+1, k−1, 2k, without k itself and without repeats.
    static func exponentVariants(_ k: Rational) -> [Rational] {
        unique([k + .one, k - .one, k * Rational(2)], excluding: k)
    }

    private static func unique(_ values: [Rational], excluding original: Rational) -> [Rational] {
        var out: [Rational] = []
        for v in values where v != original && !out.contains(v) { out.append(v) }
        return out
    }

    /// Whether a term is written with a minus sign (a negative number or a leading negative
    /// coefficient).
    static func looksNegative(_ t: Expr) -> Bool {
        if let r = t.numberValue { return r.isNegative }
        if case .product(let factors) = t.kind, let first = factors.first?.numberValue { return first.isNegative }
        return false
    }

    /// The term with its sign flipped, as a person would write it: `-1*b` → `b`,
    /// `-2*b` → `2*b`, `b` → `-b`.
    static func flippedSign(_ t: Expr) -> Expr {
        if case .product(let factors) = t.kind, let first = factors.first?.numberValue {
            let negated = -first
            let rest = Array(factors.dropFirst())
            if negated.isOne {
                if rest.count == 1 { return rest[0] }
                if !rest.isEmpty { return .product(rest) }
            }
            return .product([.number(negated)] + rest)
        }
        return t.negated()
    }
}
