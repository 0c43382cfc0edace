// Expr → LaTeX: precedence, sums, products, fractions and powers.
//
// Implementation notes
// --------------------
// Every node renders to a `LaTeXFragment`: its text, the precedence of its outermost
// construct and whether it is tall (contains a fraction, a big operator or a matrix). A
// parent parenthesizes a child whose precedence is too low for the slot it fills, with
// `\left(…\right)` when the child is tall and plain `(…)` otherwise. The precedence table,
// lowest first:
//
//   sum       a + b, and every negative: -3, -x y, -\frac{x}{2}
//   product   x y, derivatives \frac{d}{dx} f, big operators with an unbracketed body (\sum …)
//   fraction  \frac{…}{…}: may be juxtaposed as a factor, but not raised to a power
//   power     x^{2}
//   atom      symbols, numbers, calls, \sqrt{…}, \mathbb{E}_{…}\left[…\right], matrices
//
// A product with factors `b^-k` (k a positive number) prints as `\frac{…}{b^{k}}`; a leading
// rational coefficient joins the fraction (`1/2*x` → `\frac{x}{2}`); a leading negative
// coefficient becomes a minus sign. Nested sums and products keep their parentheses: the
// printer follows the tree as written, which is what a derivation document shows.
//
// Functions on the recursive path (`render` and what it calls before recursing) only render
// children and hand the fragments to non-recursive formatting helpers, so a nesting level
// costs little stack: the deepest trees the parser accepts print without exhausting it.

/// The precedence of a rendered fragment's outermost construct.
enum LaTeXPrecedence: Int, Comparable {
    case sum, product, fraction, power, atom

    static func < (lhs: LaTeXPrecedence, rhs: LaTeXPrecedence) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Rendered LaTeX with what its parent needs to know.
struct LaTeXFragment {
    var text: String
    var precedence: LaTeXPrecedence
    var isTall: Bool

    init(_ text: String, _ precedence: LaTeXPrecedence, tall: Bool = false) {
        self.text = text
        self.precedence = precedence
        self.isTall = tall
    }

    static let one = LaTeXFragment("1", .atom)
}

/// Renders ``Expr`` trees as LaTeX math (no surrounding `$`).
final class LaTeXPrinter {
    let style: LaTeXStyle

    init(style: LaTeXStyle) {
        self.style = style
    }

    /// Dispatches on the construct without binding payloads (each binding would cost a stack
    /// slot in this frame, which is on every level of the recursion); the helpers unpack.
    func render(_ e: Expr) -> LaTeXFragment {
        switch e.kind {
        case .number, .symbol, .constant: return atom(e)
        case .sum: return sum(e)
        case .product: return product(e)
        case .power: return power(e)
        case .call: return call(e)
        case .derivative: return derivative(e)
        case .bigOperator: return bigOperator(e)
        case .list: return matrix(e)
        case .subscripted: return subscripted(e)
        case .range: return range(e)
        }
    }

    /// Renders each expression, in order.
    func renderAll(_ items: [Expr]) -> [LaTeXFragment] {
        var result: [LaTeXFragment] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(render(item)) }
        return result
    }

    // MARK: Grouping

    /// `(text)`, sized with `\left`/`\right` when the content is tall.
    func parenthesized(_ f: LaTeXFragment) -> LaTeXFragment {
        if f.isTall { return LaTeXFragment("\\left(" + f.text + "\\right)", .atom, tall: true) }
        return LaTeXFragment("(" + f.text + ")", .atom)
    }

    /// The fragment, parenthesized unless its precedence is at least `minimum`.
    func wrapped(_ f: LaTeXFragment, atLeast minimum: LaTeXPrecedence) -> LaTeXFragment {
        f.precedence < minimum ? parenthesized(f) : f
    }

    // MARK: Atoms

    private func atom(_ e: Expr) -> LaTeXFragment {
        switch e.kind {
        case .number(let r): return number(r)
        case .symbol(let s): return LaTeXFragment(LaTeXNames.render(s.name, style: style), .atom)
        case .constant(.pi): return LaTeXFragment("\\pi", .atom)
        case .constant(.infinity): return LaTeXFragment("\\infty", .atom)
        case .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return LaTeXFragment("", .atom)
        }
    }

    private func number(_ r: Rational) -> LaTeXFragment {
        if r.isInteger {
            return LaTeXFragment(r.numerator.description, r.isNegative ? .sum : .atom)
        }
        let text = "\\frac{" + r.numerator.magnitude.description + "}{" + r.denominator.description + "}"
        return r.isNegative ? LaTeXFragment("-" + text, .sum, tall: true) : LaTeXFragment(text, .fraction, tall: true)
    }

    private func range(_ e: Expr) -> LaTeXFragment {
        guard case .range(let lower, let upper) = e.kind else { return LaTeXFragment("", .atom) }
        return range(render(lower), render(upper))
    }

    /// `\{a, \ldots, b\}`.
    func range(_ lower: LaTeXFragment, _ upper: LaTeXFragment) -> LaTeXFragment {
        LaTeXFragment("\\{" + lower.text + ", \\ldots, " + upper.text + "\\}", .atom, tall: lower.isTall || upper.isTall)
    }

    // MARK: Sums

    /// `(isNegative, magnitude)`: a negative number or a product with a negative leading
    /// coefficient, as a minus sign and the positive rest.
    func splitSign(_ e: Expr) -> (Bool, Expr) {
        switch e.kind {
        case .number(let r):
            return r.isNegative ? (true, .number(-r)) : (false, e)
        case .product(let factors):
            guard factors.count >= 2, let r = factors[0].numberValue, r.isNegative else { return (false, e) }
            let rest = Array(factors.dropFirst())
            if r == .minusOne { return (true, rest.count == 1 ? rest[0] : .product(rest)) }
            return (true, .product([.number(-r)] + rest))
        case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return (false, e)
        }
    }

    private func sum(_ e: Expr) -> LaTeXFragment {
        guard case .sum(let terms) = e.kind else { return LaTeXFragment("", .atom) }
        guard terms.count >= 2 else { return terms.first.map(render) ?? LaTeXFragment("0", .atom) }
        var text = ""
        var tall = false
        for (i, term) in terms.enumerated() {
            let piece = sumTerm(term, isFirst: i == 0)
            text += piece.text
            tall = tall || piece.isTall
        }
        return LaTeXFragment(text, .sum, tall: tall)
    }

    /// ` + t`, ` - t` or the first term.
    private func sumTerm(_ term: Expr, isFirst: Bool) -> LaTeXFragment {
        let (negative, magnitude) = splitSign(term)
        return signed(render(magnitude), negative: negative, isFirst: isFirst)
    }

    private func signed(_ magnitude: LaTeXFragment, negative: Bool, isFirst: Bool) -> LaTeXFragment {
        let f = wrapped(magnitude, atLeast: .product)
        let sign = isFirst ? (negative ? "-" : "") : (negative ? " - " : " + ")
        return LaTeXFragment(sign + f.text, .sum, tall: f.isTall)
    }

    // MARK: Products

    private func product(_ e: Expr) -> LaTeXFragment {
        guard case .product(let factors) = e.kind, !factors.isEmpty else { return LaTeXFragment.one }
        let (negative, magnitude) = splitSign(.product(factors))
        if negative { return signed(render(magnitude), negative: true, isFirst: true) }
        let (numerator, denominator) = fractionParts(factors)
        if denominator.isEmpty { return juxtaposed(numerator) }
        return fraction(numerator.isEmpty ? LaTeXFragment.one : inFraction(numerator), inFraction(denominator))
    }

    /// Splits factors into those above and below the fraction bar: `b^-k` goes below as
    /// `b^k`, and a leading rational coefficient `p/q` puts `p` above and `q` below.
    private func fractionParts(_ factors: [Expr]) -> ([Expr], [Expr]) {
        var numerator: [Expr] = []
        var denominator: [Expr] = []
        for (i, f) in factors.enumerated() {
            if i == 0, let r = f.numberValue, !r.isInteger {
                if !r.numerator.isOne { numerator.append(.number(Rational(r.numerator))) }
                denominator.append(.number(Rational(r.denominator)))
                continue
            }
            if case .power(let base, let exponent) = f.kind, let k = exponent.numberValue, k.isNegative {
                denominator.append(k == .minusOne ? base : .power(base, .number(-k)))
            } else {
                numerator.append(f)
            }
        }
        return (numerator, denominator)
    }

    private func fraction(_ numerator: LaTeXFragment, _ denominator: LaTeXFragment) -> LaTeXFragment {
        LaTeXFragment("\\frac{" + numerator.text + "}{" + denominator.text + "}", .fraction, tall: true)
    }

    /// One side of a fraction: a lone factor needs no parentheses there.
    private func inFraction(_ factors: [Expr]) -> LaTeXFragment {
        factors.count == 1 ? render(factors[0]) : juxtaposed(factors)
    }

    /// Factors side by side, parenthesized below fraction precedence.
    private func juxtaposed(_ factors: [Expr]) -> LaTeXFragment {
        if factors.count == 1 { return render(factors[0]) }
        var result = LaTeXFragment("", .product)
        for factor in factors {
            append(render(factor), to: &result)
        }
        return result
    }

    private func append(_ factor: LaTeXFragment, to result: inout LaTeXFragment) {
        let f = wrapped(factor, atLeast: .fraction)
        if !result.text.isEmpty { result.text += separator(before: f.text) }
        result.text += f.text
        result.isTall = result.isTall || f.isTall
    }

    private func separator(before next: String) -> String {
        switch style.multiplication {
        case .cdot:
            return " \\cdot "
        case .juxtaposition:
            if let first = next.first, first.isNumber || first == "-" { return " \\cdot " }
            for prefix in ["\\frac", "(-", "\\left(-"] where next.hasPrefix(prefix) { return " \\cdot " }
            return " "
        }
    }

    // MARK: Powers

    /// The ways a power is written.
    private enum PowerShape {
        /// `b^-k`: `\frac{1}{b^{k}}`.
        case reciprocal
        /// `b^(1/n)`: `\sqrt[n]{b}`.
        case root(Int)
        /// `sin(u)^k`: `\sin^{k}(u)`.
        case functionPower(String, Expr)
        /// `b^{e}`.
        case plain
    }

    private func shape(_ base: Expr, _ exponent: Expr) -> PowerShape {
        guard let k = exponent.numberValue else { return .plain }
        if k.isNegative { return .reciprocal }
        if k.numerator.isOne, let n = k.denominator.asInt, n >= 2 { return .root(n) }
        if k.isInteger, case .call(.builtin(let f), let arguments) = base.kind, arguments.count == 1,
           let name = LaTeXPrinter.operatorNames[f] {
            return .functionPower(name, arguments[0])
        }
        return .plain
    }

    private func power(_ e: Expr) -> LaTeXFragment {
        guard case .power(let base, let exponent) = e.kind else { return LaTeXFragment("", .atom) }
        switch shape(base, exponent) {
        case .reciprocal: return product(.product([e]))
        case .root(let n): return root(render(base), n)
        case .functionPower(let name, let argument): return functionPower(name, render(argument), render(exponent))
        case .plain: return plainPower(render(base), render(exponent))
        }
    }

    private func root(_ base: LaTeXFragment, _ n: Int) -> LaTeXFragment {
        LaTeXFragment("\\sqrt" + (n == 2 ? "" : "[\(n)]") + "{" + base.text + "}", .atom, tall: base.isTall)
    }

    private func functionPower(_ name: String, _ argument: LaTeXFragment, _ exponent: LaTeXFragment) -> LaTeXFragment {
        let a = parenthesized(argument)
        return LaTeXFragment(name + "^{" + exponent.text + "}" + a.text, .atom, tall: a.isTall)
    }

    private func plainPower(_ base: LaTeXFragment, _ exponent: LaTeXFragment) -> LaTeXFragment {
        var b = wrapped(base, atLeast: .atom)
        if b.text.hasSuffix("'") {
            b.text = "{" + b.text + "}"  // `x'^{2}` would be a double superscript
        }
        return LaTeXFragment(b.text + "^{" + exponent.text + "}", .power, tall: b.isTall || exponent.isTall)
    }
}

extension Expr {
    /// The expression as LaTeX math, without surrounding `$` or `\[ \]`.
    ///
    /// Deterministic: it follows the tree as written. Compiles with `amsmath` and `amssymb`.
    /// See ``LaTeXStyle`` for the choices that can be changed, and the `LaTeXPrinter` notes for
    /// the precedence table.
    public func latex(style: LaTeXStyle = LaTeXStyle()) -> String {
        LaTeXPrinter(style: style).render(self).text
    }
}
