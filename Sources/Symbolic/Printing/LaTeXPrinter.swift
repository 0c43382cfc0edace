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
}

/// Renders ``Expr`` trees as LaTeX math (no surrounding `$`).
struct LaTeXPrinter {
    let style: LaTeXStyle

    func render(_ e: Expr) -> LaTeXFragment {
        switch e.kind {
        case .number(let r):
            return number(r)
        case .symbol(let s):
            return LaTeXFragment(LaTeXNames.render(s.name, style: style), .atom)
        case .constant(let c):
            switch c {
            case .pi: return LaTeXFragment("\\pi", .atom)
            case .infinity: return LaTeXFragment("\\infty", .atom)
            }
        case .sum(let terms):
            return sum(terms)
        case .product(let factors):
            return product(factors)
        case .power(let base, let exponent):
            return power(base, exponent)
        case .call(let function, let arguments):
            return call(function, arguments)
        case .derivative(let of, let variable, let order):
            return derivative(of, variable: variable, order: order)
        case .bigOperator(let op):
            return bigOperator(op)
        case .list(let items):
            return matrix(items)
        case .subscripted(let base, let indices):
            return subscripted(base, indices)
        case .range(let lower, let upper):
            let l = render(lower), u = render(upper)
            return LaTeXFragment("\\{" + l.text + ", \\ldots, " + u.text + "\\}", .atom, tall: l.isTall || u.isTall)
        }
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

    // MARK: Numbers

    func number(_ r: Rational) -> LaTeXFragment {
        if r.isInteger {
            return LaTeXFragment(r.numerator.description, r.isNegative ? .sum : .atom)
        }
        let text = "\\frac{" + r.numerator.magnitude.description + "}{" + r.denominator.description + "}"
        return r.isNegative ? LaTeXFragment("-" + text, .sum, tall: true) : LaTeXFragment(text, .fraction, tall: true)
    }

    // MARK: Sums

    /// `(isNegative, magnitude)`: a negative number or a product with a negative leading
    /// coefficient, as a minus sign and the positive rest.
    func splitSign(_ e: Expr) -> (Bool, Expr) {
        switch e.kind {
        case .number(let r) where r.isNegative:
            return (true, .number(-r))
        case .product(let factors):
            guard factors.count >= 2, let r = factors[0].numberValue, r.isNegative else { return (false, e) }
            let rest = Array(factors.dropFirst())
            if r == .minusOne { return (true, rest.count == 1 ? rest[0] : .product(rest)) }
            return (true, .product([.number(-r)] + rest))
        case .number, .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return (false, e)
        }
    }

    func sum(_ terms: [Expr]) -> LaTeXFragment {
        guard terms.count >= 2 else { return terms.first.map(render) ?? LaTeXFragment("0", .atom) }
        var text = ""
        var tall = false
        for (i, term) in terms.enumerated() {
            let (negative, magnitude) = splitSign(term)
            let f = wrapped(render(magnitude), atLeast: .product)
            tall = tall || f.isTall
            if i == 0 {
                text += negative ? "-" + f.text : f.text
            } else {
                text += (negative ? " - " : " + ") + f.text
            }
        }
        return LaTeXFragment(text, .sum, tall: tall)
    }

    // MARK: Products

    func product(_ factors: [Expr]) -> LaTeXFragment {
        guard !factors.isEmpty else { return LaTeXFragment("1", .atom) }
        let (negative, magnitude) = splitSign(.product(factors))
        if negative {
            let f = wrapped(render(magnitude), atLeast: .product)
            return LaTeXFragment("-" + f.text, .sum, tall: f.isTall)
        }
        var numerator: [Expr] = []
        var denominator: [Expr] = []
        for (i, f) in factors.enumerated() {
            if i == 0, let r = f.numberValue, !r.isInteger {
                // A leading rational coefficient joins the fraction.
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
        if denominator.isEmpty {
            return juxtaposed(numerator)
        }
        let n = numerator.isEmpty ? LaTeXFragment("1", .atom) : inFraction(numerator)
        let d = inFraction(denominator)
        return LaTeXFragment("\\frac{" + n.text + "}{" + d.text + "}", .fraction, tall: true)
    }

    /// One side of a fraction: a lone factor needs no parentheses there.
    private func inFraction(_ factors: [Expr]) -> LaTeXFragment {
        factors.count == 1 ? render(factors[0]) : juxtaposed(factors)
    }

    /// Factors side by side, parenthesized below fraction precedence.
    private func juxtaposed(_ factors: [Expr]) -> LaTeXFragment {
        if factors.count == 1 { return render(factors[0]) }
        var text = ""
        var tall = false
        for (i, factor) in factors.enumerated() {
            let f = wrapped(render(factor), atLeast: .fraction)
            tall = tall || f.isTall
            if i > 0 { text += separator(before: f.text) }
            text += f.text
        }
        return LaTeXFragment(text, .product, tall: tall)
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

    func power(_ base: Expr, _ exponent: Expr) -> LaTeXFragment {
        if let k = exponent.numberValue {
            if k.isNegative { return product([.power(base, exponent)]) }
            if k.numerator.isOne, let n = k.denominator.asInt, n >= 2 {
                let b = render(base)
                let index = n == 2 ? "" : "[\(n)]"
                return LaTeXFragment("\\sqrt" + index + "{" + b.text + "}", .atom, tall: b.isTall)
            }
        }
        let e = render(exponent)
        // `\sin^{2}(x)` for the named functions that are customarily written so.
        if case .call(.builtin(let f), let arguments) = base.kind, let k = exponent.numberValue, k.isInteger,
           !k.isNegative, let name = LaTeXPrinter.operatorNames[f], arguments.count == 1 {
            let argument = parenthesized(render(arguments[0]))
            return LaTeXFragment(name + "^{" + e.text + "}" + argument.text, .atom, tall: argument.isTall)
        }
        var b = wrapped(render(base), atLeast: .atom)
        if b.text.hasSuffix("'") {
            b.text = "{" + b.text + "}"  // `x'^{2}` would be a double superscript
        }
        return LaTeXFragment(b.text + "^{" + e.text + "}", .power, tall: b.isTall || e.isTall)
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
