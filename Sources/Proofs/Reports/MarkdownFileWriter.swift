// The Markdown of one checked file (see `MarkdownReport`).
import Symbolic

/// Writes the Markdown report of one file.
struct MarkdownFileWriter {
    let result: FileCheckResult
    /// The heading level of the file's title (1 alone, 2 among several).
    let level: Int
    let style: LaTeXStyle

    init(result: FileCheckResult, level: Int) {
        self.result = result
        self.level = level
        self.style = ReportMath.style(for: result.file)
    }

    private func heading(_ depth: Int, _ text: String) -> String {
        String(repeating: "#", count: min(6, level + depth)) + " " + text
    }

    private static func escape(_ text: String) -> String { MarkdownReport.escape(text) }

    /// Text as a code span (`` `x = 1/2` ``), or escaped text when it contains a backtick;
    /// `|` is escaped in table cells.
    private static func code(_ text: String, inTable: Bool = false) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
        guard !flat.contains("`"), !flat.isEmpty else { return escape(flat) }
        let body = inTable ? flat.replacing("|", with: "\\|") : flat
        return "`" + body + "`"
    }

    /// The whole section of this file.
    func lines() -> [String] {
        let file = result.file
        var out: [String] = []
        out.append(heading(0, file.title.map { Self.escape($0.value) } ?? Self.code(file.name)))
        out.append("")
        out.append("File " + Self.code(file.name) + " · seed " + String(result.seed) + " · checked by Stepwise "
                   + Self.escape(StepwiseVersion.string))
        out.append("")
        if let source = file.source {
            out.append("**Source:** " + Self.escape(source.value))
            out.append("")
        }
        out += declarations()
        out += instances()
        out += chains()
        out += summary()
        out += counterexamples()
        out += diagnostics()
        return out
    }

    // MARK: - Math blocks

    /// A display block `$$\begin{aligned} … \end{aligned}$$`, one row per line.
    private static func mathBlock(_ rows: [String]) -> [String] {
        var out = ["$$", "\\begin{aligned}"]
        for (i, row) in rows.enumerated() {
            // A line that starts like a list item, heading or quote could be read as Markdown.
            let safe = row.first.map { "-+*=#>|0123456789".contains($0) } == true ? "\\displaystyle " + row : row
            out.append(safe + (i + 1 < rows.count ? " \\\\" : ""))
        }
        out += ["\\end{aligned}", "$$"]
        return out
    }

    private func declarations() -> [String] {
        let writer = LaTeXFileWriter(result: result, nested: false)
        let file = result.file
        var rows: [String] = []
        for d in file.declarations { rows += writer.declarationRows(d) }
        for a in file.assumptions {
            rows.append(a.lhs.value.latex(style: style) + " &" + ReportMath.latex(a.relation.value) + " "
                        + a.rhs.value.latex(style: style) + " && " + MarkdownReport.mathText("assumed"))
        }
        for d in file.definitions {
            let head = d.parameters.isEmpty
                ? Expr.symbol(d.name.value).latex(style: style)
                : Expr.apply(d.name.value.name, d.parameters.map { .symbol($0.value) }).latex(style: style)
            rows += writer.bodyRows(head: head, relation: "\\mathrel{:=}", body: d.body.value, note: nil)
        }
        guard !rows.isEmpty else { return [] }
        return [heading(1, "Declarations"), ""] + Self.mathBlock(rows) + [""]
    }

    private func instances() -> [String] {
        let instances = result.file.instances
        guard !instances.isEmpty else { return [] }
        var out = [heading(1, "Instances"), ""]
        for instance in instances {
            var parts: [String] = instance.bindings.map { b in
                Self.code(Self.bindingText(b))
            }
            if let n = instance.samples { parts.append(String(n.value) + " samples") }
            if let s = instance.seed { parts.append("seed " + String(s.value)) }
            out.append("- “" + Self.escape(instance.name.value) + "”: " + parts.joined(separator: "; "))
        }
        out.append("")
        return out
    }

    /// A binding in the input syntax.
    private static func bindingText(_ b: InstanceBinding) -> String {
        switch b {
        case .value(let name, let value, _):
            return name.value.name + " = " + value.value.description
        case .function(let name, let parameters, let body, _):
            return name.value + "(" + parameters.map(\.value.name).joined(separator: ", ") + ") = " + body.value.description
        case .density(let name, let variables, let conditions, let d, _):
            let args = variables.map(\.value.name).joined(separator: ", ")
                + (conditions.isEmpty ? "" : " | " + conditions.map(\.value.name).joined(separator: ", "))
            let parameters = d.parameters.map(\.value.description).joined(separator: ", ")
            return name.value + "(" + args + ") = " + d.family.value + "(" + d.variable.value.description
                + (parameters.isEmpty ? "" : "; " + parameters) + ")"
        case .support(let name, let values, _):
            return name.value.name + " in {" + values.map(\.value.description).joined(separator: ", ") + "}"
        }
    }

    // MARK: - Chains

    private func chainTitle(_ chain: ChainResult) -> String {
        (chain.isClaim ? "Claim" : "Derivation") + " “" + Self.escape(chain.name) + "”"
            + (chain.familyText.isEmpty ? "" : " (" + Self.escape(chain.familyText) + ")")
    }

    private func chains() -> [String] {
        var out = [heading(1, "Derivations"), ""]
        if result.chains.isEmpty {
            return out + ["No derivation was checked.", ""]
        }
        for chain in result.chains {
            out.append(heading(2, chainTitle(chain)))
            out.append("")
            let renderer = LaTeXChainRenderer(chain: chain, file: result.file, style: style)
            let rows = renderer.rows(text: MarkdownReport.mathText) { step, hints in
                " && " + MarkdownReport.mathMark(step.verdict) + (hints.isEmpty ? "" : "\\quad " + hints)
            }
            out += Self.mathBlock(rows)
            out.append("")
            if !chain.steps.isEmpty {
                out.append("| Step | Relation | Verdict | Evidence |")
                out.append("|---:|:---:|:---|:---|")
                for step in chain.steps {
                    var evidence = Self.escape(ReportMath.evidenceText(step))
                    for i in step.instances {
                        evidence += (evidence.isEmpty ? "" : "<br>") + "instance “" + Self.escape(i.instance) + "”: "
                            + Self.escape(i.summary)
                    }
                    out.append("| " + String(step.index) + " | " + Self.code(step.relation.rawValue, inTable: true) + " | "
                               + TextReport.mark(step.verdict) + " " + step.verdict.rawValue + " | " + evidence + " |")
                }
                out.append("")
            }
            for step in chain.steps {
                for plot in step.evidence.convergence {
                    out += ConvergencePlotRenderer.svg(plot)
                    out.append("")
                    out.append("*Error against step " + Self.code(plot.stepName) + " (log–log), " + Self.escape(plot.title)
                               + ": fitted slope " + formatDouble(plot.fit.fittedSlope) + ", estimated order "
                               + formatDouble(plot.fit.order) + " ± " + formatDouble(plot.fit.spread)
                               + "; dashed: the claimed order " + formatDouble(plot.claimedOrder) + ".*")
                    out.append("")
                }
            }
            out.append(conclusion(chain))
            out.append("")
        }
        return out
    }

    private func conclusion(_ chain: ChainResult) -> String {
        guard let last = chain.steps.last else { return "**Conclusion:** the chain has no steps." }
        let verdict = chain.holds ? "every step holds" : "not every step holds"
        guard let relation = chain.composedRelation else {
            return "**Conclusion:** the relations of the steps do not compose; " + verdict + "."
        }
        let order = last.orderTerm.map { " + " + $0 } ?? ""
        return "**Conclusion** (" + verdict + "): " + Self.code(chain.start.description + " " + relation.rawValue + " "
                                                                + last.rhs.description + order)
    }

    // MARK: - Summary, counterexamples, diagnostics

    private func summary() -> [String] {
        var out = [heading(1, "Summary"), ""]
        out += MarkdownReport.countsTable(result.counts)
        out.append("")
        if !result.chains.isEmpty {
            out.append("| Chain | Steps | Conclusion | Weakest verdict | Holds |")
            out.append("|:---|---:|:---|:---|:---|")
            for chain in result.chains {
                let relation = chain.composedRelation.map { "first " + Self.code($0.rawValue, inTable: true) + " last" } ?? "none"
                out.append("| " + (chain.isClaim ? "claim" : "derive") + " “" + Self.escape(chain.name) + "”"
                           + (chain.familyText.isEmpty ? "" : " (" + Self.escape(chain.familyText) + ")")
                           + " | " + String(chain.steps.count) + " | " + relation + " | " + TextReport.mark(chain.verdict) + " "
                           + chain.verdict.rawValue + " | " + (chain.holds ? "yes" : "**no**") + " |")
            }
            out.append("")
        }
        out.append("**" + Self.escape(TextReport.summaryLine(result)) + "**")
        out.append("")
        return out
    }

    private func counterexamples() -> [String] {
        let refuted = result.chains.flatMap { chain in chain.steps.filter { $0.verdict == .refuted }.map { (chain, $0) } }
        guard !refuted.isEmpty else { return [] }
        var out = [heading(1, "Counterexamples"), ""]
        for (chain, step) in refuted {
            var text = "- " + chainTitle(chain) + ", step " + String(step.index) + ": "
            if let cx = step.evidence.counterexample {
                var at: [String] = []
                if !cx.assignment.isEmpty {
                    at.append("at " + Self.code(cx.assignment.map { $0.name + " = " + $0.value }.joined(separator: ", ")))
                }
                if let instance = cx.instance { at.append("on instance “" + Self.escape(instance) + "”") }
                text += at.isEmpty ? "" : at.joined(separator: " ") + ", "
                text += "the left side is " + Self.code(cx.lhsValue) + " and the right side " + Self.code(cx.rhsValue)
                    + " (" + (cx.isExact ? "exact values" : "floating-point values") + ")"
            } else if let residual = step.evidence.residual {
                text += "left minus right normalises to " + Self.code(residual) + ", not 0"
            } else {
                text += Self.escape(ReportMath.evidenceText(step))
            }
            out.append(text)
        }
        out.append("")
        return out
    }

    private func diagnostics() -> [String] {
        guard !result.diagnostics.isEmpty else { return [] }
        let converter = SourceLocationConverter(text: result.file.text)
        var out = [heading(1, "Diagnostics"), ""]
        for d in result.diagnostics {
            var place = result.file.name
            if let range = d.range { place += ":" + converter.location(of: range.lowerBound).description }
            out.append("- " + Self.code(place) + ": **" + d.severity.rawValue + "**: " + Self.escape(d.message) + " ("
                       + Self.code(d.id.rawValue) + ")")
            for n in d.notes {
                let at = n.range.map { Self.code(converter.location(of: $0.lowerBound).description) + ": " } ?? ""
                out.append("  - " + at + "note: " + Self.escape(n.message))
            }
        }
        out.append("")
        return out
    }
}
