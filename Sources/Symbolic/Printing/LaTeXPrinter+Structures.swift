// Expr → LaTeX: function calls, derivatives, big operators, matrices and indexing.

extension LaTeXPrinter {
    /// Built-ins written as `\sin(x)`, which also take `\sin^{2}(x)` for powers.
    static let operatorNames: [Builtin: String] = [
        .sin: "\\sin", .cos: "\\cos", .tan: "\\tan", .sinh: "\\sinh", .cosh: "\\cosh", .tanh: "\\tanh",
        .log: "\\log", .asin: "\\arcsin", .acos: "\\arccos", .atan: "\\arctan",
    ]

    /// Arguments separated by commas, parenthesized.
    private func arguments(_ items: [Expr], conditioningIndex: Int? = nil) -> LaTeXFragment {
        var text = ""
        var tall = false
        for (i, item) in items.enumerated() {
            let f = render(item)
            tall = tall || f.isTall
            if i > 0 { text += i == conditioningIndex ? " \\mid " : ", " }
            text += f.text
        }
        return parenthesized(LaTeXFragment(text, .sum, tall: tall))
    }

    // MARK: Calls

    func call(_ function: Function, _ args: [Expr]) -> LaTeXFragment {
        switch function {
        case .builtin(let b):
            return builtinCall(b, args)
        case .opaque(let f):
            let head = opaqueHead(f, arity: args.count)
            let bar = f.conditioningIndex.flatMap { (1..<args.count).contains($0) ? $0 : nil }
            let a = arguments(args, conditioningIndex: bar)
            return LaTeXFragment(head + a.text, .atom, tall: a.isTall)
        }
    }

    private func builtinCall(_ b: Builtin, _ args: [Expr]) -> LaTeXFragment {
        let named: String
        switch b {
        case .sqrt:
            let f = args.first.map(render) ?? LaTeXFragment("", .atom)
            return LaTeXFragment("\\sqrt{" + f.text + "}", .atom, tall: f.isTall)
        case .abs:
            let f = args.first.map(render) ?? LaTeXFragment("", .atom)
            if f.isTall { return LaTeXFragment("\\left\\lvert " + f.text + "\\right\\rvert", .atom, tall: true) }
            return LaTeXFragment("\\lvert " + f.text + "\\rvert", .atom)
        case .exp:
            switch style.exponential {
            case .power:
                let f = args.first.map(render) ?? LaTeXFragment("", .atom)
                return LaTeXFragment("e^{" + f.text + "}", .power, tall: f.isTall)
            case .function:
                named = "\\exp"
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

    func derivative(_ of: Expr, variable v: Symbol, order: Int) -> LaTeXFragment {
        let x = variable(v)
        let op = order == 1 ? "\\frac{d}{d" + x + "}" : "\\frac{d^{\(order)}}{d" + x + "^{\(order)}}"
        var f = render(of)
        if f.precedence < .fraction {
            f.isTall = true  // `\frac{d}{dx}\left(…\right)`: the operator is tall
            f = parenthesized(f)
        }
        return LaTeXFragment(op + " " + f.text, .product, tall: true)
    }

    // MARK: Big operators

    private func binding(_ b: Binding) -> String {
        let subject = render(b.subject).text
        guard let value = b.value.map({ render($0).text }) else { return subject }
        switch b.relation {
        case .bare: return subject
        case .option:
            let keyword = b.subject.symbolValue?.name ?? subject
            return "\\text{" + keyword + "}\\ " + value
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

    private func bindings(_ list: [Binding]) -> String {
        list.map(binding).joined(separator: ",\\, ")
    }

    /// `NAME_{bindings}` followed by the body without brackets (sum, max, lim, …).
    private func operatorWithBody(_ head: String, _ op: BigOperator) -> LaTeXFragment {
        let body = wrapped(render(op.body), atLeast: .product)
        return LaTeXFragment(head + "_{" + bindings(op.bindings) + "} " + body.text, .product, tall: true)
    }

    /// `NAME_{bindings}\left[body\right]`.
    private func operatorWithBracketedBody(_ head: String, _ op: BigOperator) -> LaTeXFragment {
        LaTeXFragment(head + "_{" + bindings(op.bindings) + "}\\left[" + render(op.body).text + "\\right]",
                      .atom, tall: true)
    }

    func bigOperator(_ op: BigOperator) -> LaTeXFragment {
        if let custom = style.names[op.name] { return operatorWithBracketedBody(custom, op) }
        switch op.name {
        case "E":
            return operatorWithBracketedBody("\\mathbb{E}", op)
        case "sum", "prod":
            let symbol = op.name == "sum" ? "\\sum" : "\\prod"
            if op.bindings.count == 1, let b = op.bindings.first, b.relation == .equals,
               let value = b.value, case .range(let lower, let upper) = value.kind {
                let body = wrapped(render(op.body), atLeast: .product)
                let head = symbol + "_{" + render(b.subject).text + "=" + render(lower).text + "}^{" + render(upper).text + "}"
                return LaTeXFragment(head + " " + body.text, .product, tall: true)
            }
            return operatorWithBody(symbol, op)
        case "integral":
            return integral(op)
        case "max", "min", "sup", "inf", "lim":
            return operatorWithBody("\\" + op.name, op)
        case "argmax", "argmin":
            return operatorWithBody("\\operatorname*{arg\\," + op.name.dropFirst(3) + "}", op)
        default:
            let plain = op.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            let name = plain ? op.name : LaTeXNames.render(op.name, style: style)
            return operatorWithBracketedBody("\\operatorname*{" + name + "}", op)
        }
    }

    /// `\int_{a}^{b} … \,dx`: one `\int` and one differential per clause.
    private func integral(_ op: BigOperator) -> LaTeXFragment {
        var head = ""
        var differentials = ""
        for b in op.bindings {
            let limits: String
            switch b.relation {
            case .bare, .option:
                limits = ""
            case .equals:
                if let value = b.value, case .range(let lower, let upper) = value.kind {
                    limits = "_{" + render(lower).text + "}^{" + render(upper).text + "}"
                } else {
                    limits = "_{" + binding(b) + "}"
                }
            case .member:
                limits = "_{" + (b.value.map { render($0).text } ?? "") + "}"
            case .distributedAs, .less, .lessEqual, .greater, .greaterEqual, .notEqual, .tendsTo:
                limits = "_{" + binding(b) + "}"
            }
            if b.relation == .option { continue }
            head += (head.isEmpty ? "" : " ") + "\\int" + limits
            differentials += " \\,d" + (b.subject.symbolValue.map(variable) ?? wrapped(render(b.subject), atLeast: .atom).text)
        }
        if head.isEmpty { head = "\\int" }
        let body = wrapped(render(op.body), atLeast: .product)
        return LaTeXFragment(head + " " + body.text + differentials, .product, tall: true)
    }

    // MARK: Lists and indexing

    /// A flat list is a column vector; a list of lists is a matrix with one row per item.
    func matrix(_ items: [Expr]) -> LaTeXFragment {
        var rows: [[String]] = []
        for item in items {
            if case .list(let cells) = item.kind {
                rows.append(cells.map { render($0).text })
            } else {
                rows.append([render(item).text])
            }
        }
        let body = rows.map { $0.joined(separator: " & ") }.joined(separator: " \\\\ ")
        let columns = rows.map(\.count).max() ?? 1
        if columns > 10 {
            // pmatrix allows at most 10 columns (amsmath's MaxMatrixCols).
            let spec = String(repeating: "c", count: columns)
            return LaTeXFragment("\\left(\\begin{array}{" + spec + "} " + body + " \\end{array}\\right)", .atom, tall: true)
        }
        return LaTeXFragment("\\begin{pmatrix} " + body + " \\end{pmatrix}", .atom, tall: true)
    }

    func subscripted(_ base: Expr, _ indices: [Expr]) -> LaTeXFragment {
        var b = wrapped(render(base), atLeast: .atom)
        if b.text.contains("_") || b.text.contains("^") || b.text.hasSuffix("'") {
            b.text = "{" + b.text + "}"
        }
        var tall = b.isTall
        let list = indices.map { index -> String in
            let f = render(index)
            tall = tall || f.isTall
            return f.text
        }
        return LaTeXFragment(b.text + "_{" + list.joined(separator: ", ") + "}", .atom, tall: tall)
    }
}
