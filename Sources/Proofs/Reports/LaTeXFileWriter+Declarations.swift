// The declarations, assumptions, definitions and instances of a file, as math.
import Symbolic

extension LaTeXFileWriter {
    /// Writes the declarations, assumptions and definitions as one `align*` block each.
    mutating func writeDeclarations() {
        let file = result.file
        var rows: [String] = []
        for d in file.declarations { rows += declarationRows(d) }
        let assumptions = file.assumptions.map { a in
            a.lhs.value.latex(style: style) + " &" + ReportMath.latex(a.relation.value) + " " + a.rhs.value.latex(style: style)
                + " && \\text{assumed}"
        }
        var definitions: [String] = []
        for d in file.definitions {
            let head = d.parameters.isEmpty
                ? Expr.symbol(d.name.value).latex(style: style)
                : Expr.apply(d.name.value.name, d.parameters.map { .symbol($0.value) }).latex(style: style)
            definitions += bodyRows(head: head, relation: "\\mathrel{:=}", body: d.body.value, note: nil)
        }
        guard !rows.isEmpty || !assumptions.isEmpty || !definitions.isEmpty else { return }
        lines.append(partHeading + "{Declarations}")
        for block in [rows, assumptions, definitions] where !block.isEmpty {
            lines.append("\\begin{align*}")
            for (i, row) in block.enumerated() {
                lines.append("  " + row + (i + 1 < block.count ? " \\\\" : ""))
            }
            lines.append("\\end{align*}")
        }
        lines.append("")
    }

    /// The rows of one declaration: `x, z &\in \mathbb{R}`, `p(z \mid x) & && \text{density}`.
    func declarationRows(_ d: Declaration) -> [String] {
        let names = d.names.map { Expr.symbol($0.value).latex(style: style) }.joined(separator: ", ")
        let properties = d.properties.map(\.value)
        func note(_ words: [String]) -> String? {
            words.isEmpty ? nil : "\\text{" + LaTeXText.escape(words.joined(separator: ", ")) + "}"
        }
        switch d.sort {
        case .scalar(let property):
            var relation = Self.propertyLaTeX(property)
            if let c = d.constraint {
                let bound = ReportMath.latex(c.relation.value) + " " + c.bound.value.latex(style: style)
                relation = property == .real ? bound : relation + ",\\quad " + names + " " + bound
            }
            return [names + " &" + relation + (note(properties).map { " && " + $0 } ?? "")]
        case .vector(let length):
            return [names + " &\\in \\mathbb{R}^{" + length.latex(style: style) + "}" + (note(properties).map { " && " + $0 } ?? "")]
        case .matrix(let rows, let columns):
            return [names + " &\\in \\mathbb{R}^{" + rows.latex(style: style) + " \\times " + columns.latex(style: style) + "}"
                    + (note(properties).map { " && " + $0 } ?? "")]
        case .function(let parameters):
            return d.names.flatMap { name in
                head(name.value.name, arguments: parameters, conditioningIndex: nil, body: d.body?.value,
                     note: note([d.keyword.value] + properties))
            }
        case .density(let variables, let conditions):
            return d.names.flatMap { name in
                head(name.value.name, arguments: variables + conditions,
                     conditioningIndex: conditions.isEmpty ? nil : variables.count, body: d.body?.value,
                     note: note([d.keyword.value] + properties))
            }
        }
    }

    private func head(_ name: String, arguments: [Symbol], conditioningIndex: Int?, body: Expr?, note: String?) -> [String] {
        let call = Expr.apply(name, arguments.map { .symbol($0) }, conditioningIndex: conditioningIndex).latex(style: style)
        guard let body else { return [call + " &" + (note.map { " && " + $0 } ?? "")] }
        return bodyRows(head: call, relation: "=", body: body, note: note)
    }

    /// `head &REL body && note`, the body broken at its top-level terms when long.
    func bodyRows(head: String, relation: String, body: Expr, note: String?) -> [String] {
        let bodyLines = ReportMath.lines(body, style: style)
        var rows = [head + " &" + relation + " " + bodyLines[0] + (note.map { " && " + $0 } ?? "")]
        rows += bodyLines.dropFirst().map { "&\\qquad {} " + $0 }
        return rows
    }

    /// `\in \mathbb{R}`, `> 0`, `\in (0, 1)`, ….
    static func propertyLaTeX(_ p: Property) -> String {
        switch p {
        case .positive: return "> 0"
        case .nonnegative: return "\\ge 0"
        case .negative: return "< 0"
        case .nonpositive: return "\\le 0"
        case .nonzero: return "\\ne 0"
        case .real: return "\\in \\mathbb{R}"
        case .integer: return "\\in \\mathbb{Z}"
        case .natural: return "\\in \\{0, 1, 2, \\ldots\\}"
        case .probability: return "\\in (0, 1)"
        }
    }

    // MARK: - Instances

    /// Writes each instance's bindings as inline math.
    mutating func writeInstances() {
        let instances = result.file.instances
        guard !instances.isEmpty else { return }
        lines.append(partHeading + "{Instances}")
        lines.append("\\begin{itemize}")
        for instance in instances {
            var parts = instance.bindings.map { "\\(" + binding($0) + "\\)" }
            if let n = instance.samples { parts.append(String(n.value) + " samples") }
            if let s = instance.seed { parts.append("seed " + String(s.value)) }
            lines.append("\\item ``" + LaTeXText.escape(instance.name.value) + "'': " + parts.joined(separator: "; ") + ".")
        }
        lines.append("\\end{itemize}")
        lines.append("")
    }

    private func binding(_ b: InstanceBinding) -> String {
        switch b {
        case .value(let name, let value, _):
            return Expr.symbol(name.value).latex(style: style) + " = " + value.value.latex(style: style)
        case .function(let name, let parameters, let body, _):
            return Expr.apply(name.value, parameters.map { .symbol($0.value) }).latex(style: style) + " = "
                + body.value.latex(style: style)
        case .density(let name, let variables, let conditions, let distribution, _):
            let args = (variables + conditions).map { Expr.symbol($0.value) }
            let call = Expr.apply(name.value, args, conditioningIndex: conditions.isEmpty ? nil : variables.count)
            let parameters = distribution.parameters.map { $0.value.latex(style: style) }.joined(separator: ", ")
            return call.latex(style: style) + " = \\operatorname{" + Self.operatorName(distribution.family.value) + "}("
                + distribution.variable.value.latex(style: style) + (parameters.isEmpty ? "" : ";\\ " + parameters) + ")"
        case .support(let name, let values, _):
            return Expr.symbol(name.value).latex(style: style) + " \\in \\{"
                + values.map { $0.value.latex(style: style) }.joined(separator: ", ") + "\\}"
        }
    }

    /// A distribution family's name, reduced to the letters `\operatorname` accepts safely.
    static func operatorName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        return kept.isEmpty ? "dist" : String(String.UnicodeScalarView(kept))
    }
}
