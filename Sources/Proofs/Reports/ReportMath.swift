// Math shared by the LaTeX and Markdown reports: relations, order terms, hints, line breaks.
//
// Implementation notes
// --------------------
// Long expressions are broken only at the top-level terms of a sum, the place an article
// breaks them. Each term is rendered on its own (`sumPieces`), with the sign the LaTeX
// printer would give it inside the sum, and the pieces are packed greedily into lines of at
// most `lineBudget` units of estimated width (`estimatedWidth`: one unit per visible symbol,
// nothing for braces, scripts markers and layout commands). The estimate is crude — it
// counts both halves of a fraction — but it only decides where to break; an overfull line
// still compiles.
import Symbolic

/// Math helpers shared by the document reports.
enum ReportMath {
    /// The widest a rendered line should be, in `estimatedWidth` units.
    static let lineBudget = 44

    /// The LaTeX of a relation.
    static func latex(_ r: Relation) -> String {
        switch r {
        case .equal: return "="
        case .notEqual: return "\\ne"
        case .less: return "<"
        case .lessEqual: return "\\le"
        case .greater: return ">"
        case .greaterEqual: return "\\ge"
        }
    }

    /// The terminal report's account of a step's evidence; the notes when it has none to give.
    static func evidenceText(_ step: StepResult) -> String {
        let summary = TextReport.evidenceSummary(step)
        if !summary.isEmpty { return summary }
        return step.evidence.notes.isEmpty ? "no evidence recorded" : step.evidence.notes.joined(separator: "; ")
    }

    /// The LaTeX style of a file: the defaults with its `latex NAME "…"` overrides.
    static func style(for file: DerivationFile) -> LaTeXStyle {
        var style = LaTeXStyle()
        style.names = file.latexNames
        return style
    }

    /// An order term `O(M) as v -> a`, read back from the text the checker stores.
    struct OrderTerm {
        /// The magnitude `M`.
        var magnitude: Expr
        /// The variable `v`.
        var variable: Expr
        /// The limit point `a`.
        var point: Expr
    }

    /// Parses `O(h^2) as h -> 0`; `nil` if the text has another shape.
    static func orderTerm(_ text: String) -> OrderTerm? {
        guard text.hasPrefix("O("), let asRange = text.ranges(of: ") as ").last else { return nil }
        let magnitude = text[text.index(text.startIndex, offsetBy: 2)..<asRange.lowerBound]
        let rest = text[asRange.upperBound...]
        guard let arrow = rest.firstRange(of: " -> ") else { return nil }
        guard let m = try? Expr(parsing: String(magnitude)),
              let v = try? Expr(parsing: String(rest[..<arrow.lowerBound])),
              let p = try? Expr(parsing: String(rest[arrow.upperBound...])) else { return nil }
        return OrderTerm(magnitude: m, variable: v, point: p)
    }

    /// `+ \mathcal{O}(h^{2}) \quad \text{as}\ h \to 0`, or the order term as text when it
    /// cannot be read back.
    static func orderTermLaTeX(_ orderText: String, style: LaTeXStyle, text: (String) -> String) -> String {
        guard let o = orderTerm(orderText) else { return "\\quad " + text("+ " + orderText) }
        return "+ \\mathcal{O}(" + o.magnitude.latex(style: style) + ") \\quad " + text("as") + "\\ "
            + o.variable.latex(style: style) + " \\to " + o.point.latex(style: style)
    }

    /// The step of the parsed file a result came from (for hint arguments), if it can be found.
    static func sourceStep(of step: StepResult, in chain: ChainResult, file: DerivationFile) -> Step? {
        guard let source = file.chains.first(where: { $0.range == chain.range && $0.name.value == chain.name }) else { return nil }
        return source.steps.first { $0.range == step.range }
    }

    /// The hints of a step as math: `\\text{by log-quotient, linearity}`, with arguments as
    /// math (`\\text{by substitute }x = 2 y`); empty without hints.
    static func hints(of step: StepResult, in chain: ChainResult, file: DerivationFile, style: LaTeXStyle,
                      text: (String) -> String) -> String {
        guard !step.hints.isEmpty else { return "" }
        let source = sourceStep(of: step, in: chain, file: file)
        guard let source, source.hints.count == step.hints.count, source.hints.contains(where: { !$0.arguments.isEmpty }) else {
            return text("by " + step.hints.joined(separator: ", "))
        }
        // Words and math alternate; consecutive words share one `\\text{…}`.
        var out = ""
        var words = "by "
        for (i, h) in source.hints.enumerated() {
            words += (i == 0 ? "" : ", ") + h.name.value
            if !h.arguments.isEmpty {
                out += text(words + " ") + h.arguments.map {
                    Expr.symbol($0.name.value).latex(style: style) + " = " + $0.value.value.latex(style: style)
                }.joined(separator: ",\\ ")
                words = ""
            }
        }
        if !words.isEmpty { out += text(words) }
        return out
    }

    /// The top-level terms of `e` with their signs (`a`, `- b`, `+ \frac{c}{2}`), or the
    /// whole expression when it is not a sum.
    static func sumPieces(_ e: Expr, style: LaTeXStyle) -> [String] {
        guard case .sum(let terms) = e.kind, terms.count >= 2 else { return [e.latex(style: style)] }
        var pieces: [String] = []
        for (i, term) in terms.enumerated() {
            let (negative, magnitude) = splitSign(term)
            var body = magnitude.latex(style: style)
            if case .sum = magnitude.kind {
                body = "\\left(" + body + "\\right)"
            } else if body.hasPrefix("-") {
                body = "(" + body + ")"
            }
            if i == 0 {
                pieces.append((negative ? "-" : "") + body)
            } else {
                pieces.append((negative ? "- " : "+ ") + body)
            }
        }
        return pieces
    }

    /// Packs `pieces` into lines of at most `budget` units (the first line has `firstBudget`);
    /// every line has at least one piece.
    static func pack(_ pieces: [String], firstBudget: Int, budget: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var width = 0
        for piece in pieces {
            let w = estimatedWidth(piece)
            let limit = lines.isEmpty ? firstBudget : budget
            if !current.isEmpty && width + w > limit {
                lines.append(current)
                current = piece
                width = w
            } else {
                current += current.isEmpty ? piece : " " + piece
                width += w
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The lines of `e` rendered for a display of limited width, broken at top-level terms.
    static func lines(_ e: Expr, style: LaTeXStyle, firstBudget: Int = lineBudget, budget: Int = lineBudget) -> [String] {
        let whole = e.latex(style: style)
        if estimatedWidth(whole) <= firstBudget { return [whole] }
        return pack(sumPieces(e, style: style), firstBudget: firstBudget, budget: budget)
    }

    /// A rough width of rendered LaTeX math, in symbols.
    static func estimatedWidth(_ latex: String) -> Int {
        var width = 0
        var scalars = latex.unicodeScalars[...]
        while let c = scalars.first {
            scalars = scalars.dropFirst()
            switch c {
            case "\\":
                let name = scalars.prefix { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
                if name.isEmpty {
                    // `\{`, `\,`, `\ `, `\!`: one unit for a brace, none for spacing.
                    if let next = scalars.first {
                        scalars = scalars.dropFirst()
                        width += (next == "{" || next == "}" || next == "|") ? 1 : 0
                    }
                } else {
                    scalars = scalars.dropFirst(name.count)
                    width += commandWidth(String(String.UnicodeScalarView(name)))
                }
            case "{", "}", "^", "_", " ", "&":
                break
            default:
                width += 1
            }
        }
        return width
    }

    private static func commandWidth(_ name: String) -> Int {
        switch name {
        case "left", "right", "frac", "dfrac", "mathrm", "operatorname", "mathbb", "mathcal", "mathbf", "text",
             "tilde", "hat", "bar", "sqrt", "displaystyle", "limits", "mathrel", "mathop", "big", "Big", "bigg", "Bigg":
            return 0
        case "quad": return 2
        case "qquad": return 4
        default: return 1
        }
    }

    /// Whether an expression is negative as the printer sees it, and its magnitude.
    private static func splitSign(_ e: Expr) -> (Bool, Expr) {
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
}
