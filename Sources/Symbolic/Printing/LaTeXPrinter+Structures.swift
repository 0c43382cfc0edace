// Expr → LaTeX: function calls, derivatives, big operators, matrices and indexing.
//
// As in `LaTeXPrinter.swift`, each construct first renders its children (the only
// recursion) and then formats the fragments in a non-recursive helper.

/// A binding clause with its parts rendered.
struct RenderedBinding {
    var binding: Binding
    var subject: LaTeXFragment
    var value: LaTeXFragment?
    /// The bounds when the value is a range `a..b`.
    var bounds: (lower: LaTeXFragment, upper: LaTeXFragment)?
}

extension LaTeXPrinter {
    /// Built-ins written as `\sin(x)`, which also take `\sin^{2}(x)` for powers.
    static let operatorNames: [Builtin: String] = [
        .sin: "\\sin", .cos: "\\cos", .tan: "\\tan", .sinh: "\\sinh", .cosh: "\\cosh", .tanh: "\\tanh",
        .log: "\\log", .asin: "\\arcsin", .acos: "\\arccos", .atan: "\\arctan",
    ]

    /// Arguments separated by commas (a bar before `conditioningIndex`), parenthesized.
    private func arguments(_ items: [LaTeXFragment], conditioningIndex: Int? = nil) -> LaTeXFragment {
        var text = ""
        var tall = false
        for (i, f) in items.enumerated() {
            tall = tall || f.isTall
            if i > 0 { text += i == conditioningIndex ? " \\mid " : ", " }
            text += f.text
        }
        return parenthesized(LaTeXFragment(text, .sum, tall: tall))
    }

    // MARK: Calls

    func call(_ e: Expr) -> LaTeXFragment {
        guard case .call(let function, let args) = e.kind else { return LaTeXFragment("", .atom) }
        switch function {
        case .builtin(let b): return builtinCall(b, renderAll(args))
        case .opaque(let f): return opaqueCall(f, renderAll(args))
        }
    }

    private func opaqueCall(_ f: OpaqueFunction, _ args: [LaTeXFragment]) -> LaTeXFragment {
        let head = opaqueHead(f, arity: args.count)
        let bar = f.conditioningIndex.flatMap { (1..<args.count).contains($0) ? $0 : nil }
        let a = arguments(args, conditioningIndex: bar)
        return LaTeXFragment(head + a.text, .atom, tall: a.isTall)
    }

    private func builtinCall(_ b: Builtin, _ args: [LaTeXFragment]) -> LaTeXFragment {
        let first = args.first ?? LaTeXFragment("", .atom)
        let named: String
        switch b {
        case .sqrt:
            return LaTeXFragment("\\sqrt{" + first.text + "}", .atom, tall: first.isTall)
        case .abs:
            if first.isTall { return LaTeXFragment("\\left\\lvert " + first.text + "\\right\\rvert", .atom, tall: true) }
            return LaTeXFragment("\\lvert " + first.text + "\\rvert", .atom)
        case .exp:
            switch style.exponential {
            case .power: return LaTeXFragment("e^{" + first.text + "}", .power, tall: first.isTall)
            case .function: named = "\\exp"
            }
        case .sin, .cos, .tan, .sinh, .cosh, .tanh, .log, .asin, .acos, .atan:
            named = LaTeXPrinter.operatorNames[b] ?? "\\operatorname{\(b.rawValue)}"
        case .max: named = "\\max"
        case .min: named = "\\min"
        case .sigmoid: named = style.sigmoid
        case .sign: named = "\\operatorname{sign}"
        case .erf: named = "\\operatorname{erf}"
        case .softplus: named = "\\operatorname{softplus}"
        case .lambertw: named = "W_{0}"
        }
        let a = arguments(args)
        return LaTeXFragment(named + a.text, .atom, tall: a.isTall)
    }

    /// `f`, `f'`, `f^{(4)}`, `\partial_{1} f`, `\partial_{1}^{2} \partial_{2} f`.
    private func opaqueHead(_ f: OpaqueFunction, arity: Int) -> String {
        let name = LaTeXNames.render(f.name, style: style)
        let orders = f.derivativeOrders
        if orders.isEmpty { return name }
        if orders.count == 1 && arity == 1 {
            let k = orders[0]
            return (1...3).contains(k) ? name + String(repeating: "'", count: k) : name + "^{(\(k))}"
        }
        var partials: [String] = []
        for (i, k) in orders.enumerated() where k > 0 {
            partials.append("\\partial_{\(i + 1)}" + (k > 1 ? "^{\(k)}" : ""))
        }
        return partials.isEmpty ? name : partials.joined(separator: " ") + " " + name
    }

    // MARK: Derivatives

    /// A name as a differential or base: braced when it ends in a prime (`{x'}^{2}`).
    private func variable(_ s: Symbol) -> String {
        let name = LaTeXNames.render(s.name, style: style)
        return name.hasSuffix("'") ? "{" + name + "}" : name
    }

    func derivative(_ e: Expr) -> LaTeXFragment {
        guard case .derivative(let of, let v, let order) = e.kind else { return LaTeXFragment("", .atom) }
        return formatDerivative(render(of), variable: v, order: order)
    }

    private func formatDerivative(_ operand: LaTeXFragment, variable v: Symbol, order: Int) -> LaTeXFragment {
        let x = variable(v)
        let op = order == 1 ? "\\frac{d}{d" + x + "}" : "\\frac{d^{\(order)}}{d" + x + "^{\(order)}}"
        var f = operand
        if f.precedence < .fraction {
            f.isTall = true  // `\frac{d}{dx}\left(…\right)`: the operator is tall
            f = parenthesized(f)
        }
        return LaTeXFragment(op + " " + f.text, .product, tall: true)
    }

    // MARK: Big operators

    private func renderBinding(_ b: Binding) -> RenderedBinding {
        let subject = render(b.subject)
        guard let value = b.value else { return RenderedBinding(binding: b, subject: subject, value: nil, bounds: nil) }
        if case .range(let lower, let upper) = value.kind {
            let bounds = (render(lower), render(upper))
            return RenderedBinding(binding: b, subject: subject, value: range(bounds.0, bounds.1), bounds: bounds)
        }
        return RenderedBinding(binding: b, subject: subject, value: render(value), bounds: nil)
    }

    private func clause(_ r: RenderedBinding) -> String {
        let subject = r.subject.text
        guard let value = r.value?.text else { return subject }
        switch r.binding.relation {
        case .bare: return subject
        case .option: return "\\text{" + (r.binding.subject.symbolValue?.name ?? "option") + "}\\ " + value
        case .distributedAs: return subject + "\\sim " + value
        case .equals: return subject + "=" + value
        case .member: return subject + " \\in " + value
        case .less: return subject + " < " + value
        case .lessEqual: return subject + " \\le " + value
        case .greater: return subject + " > " + value
        case .greaterEqual: return subject + " \\ge " + value
        case .notEqual: return subject + " \\neq " + value
        case .tendsTo: return subject + " \\to " + value
        }
    }

    func bigOperator(_ e: Expr) -> LaTeXFragment {
        guard case .bigOperator(let op) = e.kind else { return LaTeXFragment("", .atom) }
        var clauses: [RenderedBinding] = []
        for b in op.bindings { clauses.append(renderBinding(b)) }
        return formatBigOperator(op.name, clauses, body: render(op.body))
    }

    private func formatBigOperator(_ name: String, _ clauses: [RenderedBinding], body: LaTeXFragment) -> LaTeXFragment {
        if let custom = style.names[name] { return bracketed(custom, clauses, body) }
        switch name {
        case "E":
            return bracketed("\\mathbb{E}", clauses, body)
        case "sum", "prod":
            let symbol = name == "sum" ? "\\sum" : "\\prod"
            if clauses.count == 1, let c = clauses.first, c.binding.relation == .equals, let (lower, upper) = c.bounds {
                let head = symbol + "_{" + c.subject.text + "=" + lower.text + "}^{" + upper.text + "}"
                return LaTeXFragment(head + " " + wrapped(body, atLeast: .product).text, .product, tall: true)
            }
            return unbracketed(symbol, clauses, body)
        case "integral":
            return integral(clauses, body)
        case "max", "min", "sup", "inf", "lim":
            return unbracketed("\\" + name, clauses, body)
        case "argmax", "argmin":
            return unbracketed("\\operatorname*{arg\\," + name.dropFirst(3) + "}", clauses, body)
        default:
            let plain = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            return bracketed("\\operatorname*{" + (plain ? name : LaTeXNames.render(name, style: style)) + "}",
                             clauses, body)
        }
    }

    private func subscriptText(_ clauses: [RenderedBinding]) -> String {
        clauses.map(clause).joined(separator: ",\\, ")
    }

    /// `NAME_{bindings}` followed by the body without brackets (sum, max, lim, …).
    private func unbracketed(_ head: String, _ clauses: [RenderedBinding], _ body: LaTeXFragment) -> LaTeXFragment {
        LaTeXFragment(head + "_{" + subscriptText(clauses) + "} " + wrapped(body, atLeast: .product).text,
                      .product, tall: true)
    }

    /// `NAME_{bindings}\left[body\right]`.
    private func bracketed(_ head: String, _ clauses: [RenderedBinding], _ body: LaTeXFragment) -> LaTeXFragment {
        LaTeXFragment(head + "_{" + subscriptText(clauses) + "}\\left[" + body.text + "\\right]", .atom, tall: true)
    }

    /// `\int_{a}^{b} … \,dx`: one `\int` and one differential per clause.
    private func integral(_ clauses: [RenderedBinding], _ body: LaTeXFragment) -> LaTeXFragment {
        var head = ""
        var differentials = ""
        for c in clauses where c.binding.relation != .option {
            let limits: String
            switch c.binding.relation {
            case .bare, .option:
                limits = ""
            case .equals:
                if let (lower, upper) = c.bounds {
                    limits = "_{" + lower.text + "}^{" + upper.text + "}"
                } else {
                    limits = "_{" + clause(c) + "}"
                }
            case .member:
                limits = "_{" + (c.value?.text ?? "") + "}"
            case .distributedAs, .less, .lessEqual, .greater, .greaterEqual, .notEqual, .tendsTo:
                limits = "_{" + clause(c) + "}"
            }
            head += (head.isEmpty ? "" : " ") + "\\int" + limits
            let v = c.binding.subject.symbolValue.map(variable) ?? wrapped(c.subject, atLeast: .atom).text
            differentials += " \\,d" + v
        }
        if head.isEmpty { head = "\\int" }
        return LaTeXFragment(head + " " + wrapped(body, atLeast: .product).text + differentials, .product, tall: true)
    }

    // MARK: Lists and indexing

    /// A flat list is a column vector; a list of lists is a matrix with one row per item.
    func matrix(_ e: Expr) -> LaTeXFragment {
        guard case .list(let items) = e.kind else { return LaTeXFragment("", .atom) }
        var rows: [[LaTeXFragment]] = []
        for item in items {
            if case .list(let cells) = item.kind {
                rows.append(renderAll(cells))
            } else {
                rows.append([render(item)])
            }
        }
        return formatMatrix(rows)
    }

    private func formatMatrix(_ rows: [[LaTeXFragment]]) -> LaTeXFragment {
        let body = rows.map { $0.map(\.text).joined(separator: " & ") }.joined(separator: " \\\\ ")
        let columns = rows.map(\.count).max() ?? 1
        if columns > 10 {
            // pmatrix allows at most 10 columns (amsmath's MaxMatrixCols).
            let spec = String(repeating: "c", count: columns)
            return LaTeXFragment("\\left(\\begin{array}{" + spec + "} " + body + " \\end{array}\\right)", .atom, tall: true)
        }
        return LaTeXFragment("\\begin{pmatrix} " + body + " \\end{pmatrix}", .atom, tall: true)
    }

    func subscripted(_ e: Expr) -> LaTeXFragment {
        guard case .subscripted(let base, let indices) = e.kind else { return LaTeXFragment("", .atom) }
        return formatSubscripted(render(base), renderAll(indices))
    }

    private func formatSubscripted(_ base: LaTeXFragment, _ indices: [LaTeXFragment]) -> LaTeXFragment {
        var b = wrapped(base, atLeast: .atom)
        if b.text.contains("_") || b.text.contains("^") || b.text.hasSuffix("'") {
            b.text = "{" + b.text + "}"
        }
        let tall = indices.reduce(b.isTall) { $0 || $1.isTall }
        return LaTeXFragment(b.text + "_{" + indices.map(\.text).joined(separator: ", ") + "}", .atom, tall: tall)
    }
}
