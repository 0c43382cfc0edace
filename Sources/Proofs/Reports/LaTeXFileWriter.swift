// The LaTeX of one checked file: header, declarations, chains, summary, counterexamples, diagnostics.
import Symbolic

/// Writes the body of the LaTeX report for one file (see ``LaTeXReport``).
struct LaTeXFileWriter {
    let result: FileCheckResult
    /// Whether the file is one of several (its parts are then one sectioning level lower).
    let nested: Bool
    let style: LaTeXStyle
    /// The lines written so far.
    var lines: [String] = []

    init(result: FileCheckResult, nested: Bool) {
        self.result = result
        self.nested = nested
        self.style = ReportMath.style(for: result.file)
    }

    /// `\section*` for the file's parts, or `\subsection*` when nested.
    var partHeading: String { nested ? "\\subsection*" : "\\section*" }
    /// The heading of a chain.
    var chainHeading: String { nested ? "\\subsubsection*" : "\\subsection*" }

    /// Writes everything.
    mutating func write() {
        let file = result.file
        if nested {
            let title = file.title.map { LaTeXText.escape($0.value) } ?? "\\texttt{" + LaTeXText.escape(file.name) + "}"
            lines.append("\\section*{" + title + "}")
            lines.append("File \\texttt{" + LaTeXText.escape(file.name) + "}, seed " + String(result.seed) + ".")
            lines.append("")
        }
        if let source = file.source {
            lines.append("\\textbf{Source:} " + LaTeXText.escape(source.value))
            lines.append("")
        }
        writeDeclarations()
        writeInstances()
        writeChains()
        writeSummary()
        writeCounterexamples()
        writeDiagnostics()
    }

    // MARK: - Chains

    mutating func writeChains() {
        lines.append(partHeading + "{Derivations}")
        if result.chains.isEmpty {
            lines.append("No derivation was checked.")
            lines.append("")
            return
        }
        for chain in result.chains {
            lines.append("")
            lines.append(chainHeading + "{" + chainTitle(chain) + "}")
            lines += LaTeXChainRenderer(chain: chain, file: result.file, style: style).alignLines()
            lines += evidenceTable(chain)
            for step in chain.steps {
                for plot in step.evidence.convergence { lines += ConvergencePlotRenderer.latex(plot, style: style) }
            }
            lines.append(conclusion(chain))
        }
        lines.append("")
    }

    /// `Derivation ``name'' ($n = 3$)`.
    func chainTitle(_ chain: ChainResult) -> String {
        (chain.isClaim ? "Claim" : "Derivation") + " ``" + LaTeXText.escape(chain.name) + "''" + familySuffix(chain)
    }

    /// ` ($n = 3,\ k = 1$)`, or empty.
    func familySuffix(_ chain: ChainResult) -> String {
        guard !chain.familyAssignment.isEmpty else { return "" }
        let parts = chain.familyAssignment.map { Expr.symbol($0.0).latex(style: style) + " = " + String($0.1) }
        return " ($" + parts.joined(separator: ",\\ ") + "$)"
    }

    func evidenceTable(_ chain: ChainResult) -> [String] {
        guard !chain.steps.isEmpty else { return [] }
        var out = ["\\begin{longtable}{@{}r l >{\\raggedright\\arraybackslash}p{0.68\\textwidth}@{}}", "\\toprule", "Step & Verdict & Evidence \\\\",
                   "\\midrule", "\\endhead"]
        for step in chain.steps {
            var evidence = LaTeXText.escape(ReportMath.evidenceText(step))
            for i in step.instances {
                evidence += (evidence.isEmpty ? "" : "\\newline ") + "instance ``" + LaTeXText.escape(i.instance) + "'': "
                    + LaTeXText.escape(i.summary)
            }
            out.append(String(step.index) + " & \\" + LaTeXReport.macroName(step.verdict) + " & " + evidence + " \\\\")
        }
        out += ["\\bottomrule", "\\end{longtable}"]
        return out
    }

    func conclusion(_ chain: ChainResult) -> String {
        guard let last = chain.steps.last else { return "\\textbf{Conclusion:} the chain has no steps." }
        let verdict = chain.holds ? "every step holds" : "not every step holds"
        guard let relation = chain.composedRelation else {
            return "\\textbf{Conclusion:} the relations of the steps do not compose; " + verdict + "."
        }
        let start = chain.start.latex(style: style)
        var end = last.rhs.latex(style: style)
        if let order = last.orderTerm {
            end += " " + ReportMath.orderTermLaTeX(order, style: style) { "\\text{" + LaTeXText.escape($0) + "}" }
        }
        let rel = ReportMath.latex(relation)
        if ReportMath.estimatedWidth(start) + ReportMath.estimatedWidth(end) <= ReportMath.lineBudget {
            return "\\textbf{Conclusion} (" + verdict + "): \\(" + start + " " + rel + " " + end + "\\)."
        }
        return "\\textbf{Conclusion} (" + verdict + "): the first expression \\(" + rel + "\\) the last."
    }

    // MARK: - Summary

    mutating func writeSummary() {
        lines.append(partHeading + "{Summary}")
        lines += Self.countsTable(result.counts)
        if !result.chains.isEmpty {
            lines += ["\\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{0.45\\textwidth} r l l l@{}}", "\\toprule",
                      "Chain & Steps & Conclusion & Weakest verdict & Holds \\\\", "\\midrule", "\\endhead"]
            for chain in result.chains {
                let relation = chain.composedRelation.map { "first \\(" + ReportMath.latex($0) + "\\) last" } ?? "none"
                let name = (chain.isClaim ? "claim" : "derive") + " ``" + LaTeXText.escape(chain.name) + "''" + familySuffix(chain)
                lines.append(name + " & " + String(chain.steps.count) + " & " + relation + " & \\"
                             + LaTeXReport.macroName(chain.verdict) + " & " + (chain.holds ? "yes" : "\\textbf{no}") + " \\\\")
            }
            lines += ["\\bottomrule", "\\end{longtable}"]
        }
        lines.append("\\textbf{" + LaTeXText.escape(TextReport.summaryLine(result)) + "}")
        lines.append("")
    }

    /// A table of step counts per verdict, every verdict listed, with the total.
    static func countsTable(_ counts: [Verdict: Int]) -> [String] {
        var out = ["\\begin{center}", "\\begin{tabular}{@{}l r@{}}", "\\toprule", "Verdict & Steps \\\\", "\\midrule"]
        for v in Verdict.allCases {
            out.append("\\" + LaTeXReport.macroName(v) + " & " + String(counts[v] ?? 0) + " \\\\")
        }
        out += ["\\midrule", "Total & " + String(counts.values.reduce(0, +)) + " \\\\", "\\bottomrule", "\\end{tabular}",
                "\\end{center}"]
        return out
    }

    // MARK: - Counterexamples

    mutating func writeCounterexamples() {
        let refuted = result.chains.flatMap { chain in chain.steps.filter { $0.verdict == .refuted }.map { (chain, $0) } }
        guard !refuted.isEmpty else { return }
        lines.append(partHeading + "{Counterexamples}")
        lines.append("\\begin{itemize}")
        for (chain, step) in refuted {
            var text = "\\item " + chainTitle(chain) + ", step " + String(step.index) + ": "
            if let cx = step.evidence.counterexample {
                var at: [String] = []
                if !cx.assignment.isEmpty {
                    at.append("at \\(" + cx.assignment.map { Expr.symbol($0.name).latex(style: style) + " = " + value($0.value) }
                        .joined(separator: ",\\ ") + "\\)")
                }
                if let instance = cx.instance { at.append("on instance ``" + LaTeXText.escape(instance) + "''") }
                text += at.isEmpty ? "" : at.joined(separator: " ") + ", "
                text += "the left side is \\(" + value(cx.lhsValue) + "\\) and the right side \\(" + value(cx.rhsValue) + "\\) ("
                    + (cx.isExact ? "exact values" : "floating-point values") + ")."
            } else if let residual = step.evidence.residual {
                text += "left minus right normalises to \\(" + expression(residual) + "\\), not \\(0\\)."
            } else {
                text += LaTeXText.escape(ReportMath.evidenceText(step)) + "."
            }
            lines.append(text)
        }
        lines.append("\\end{itemize}")
        lines.append("")
    }

    /// A value as math: numbers as written (`0.3`, `-1/2`, `1e-05`), other text as an
    /// expression when it parses, else as typewriter text.
    func value(_ text: String) -> String {
        let numeric = !text.isEmpty && text.unicodeScalars.allSatisfy { "0123456789.+-eE/".unicodeScalars.contains($0) }
        if numeric { return text }
        return expression(text)
    }

    /// Text in the input syntax as math, or as escaped typewriter text when it does not parse.
    func expression(_ text: String) -> String {
        if let e = try? Expr(parsing: text) { return e.latex(style: style) }
        return "\\texttt{" + LaTeXText.escape(text) + "}"
    }

    // MARK: - Diagnostics

    mutating func writeDiagnostics() {
        guard !result.diagnostics.isEmpty else { return }
        let converter = SourceLocationConverter(text: result.file.text)
        lines.append(partHeading + "{Diagnostics}")
        lines.append("\\begin{itemize}\\raggedright")
        for d in result.diagnostics {
            var place = result.file.name
            if let range = d.range { place += ":" + converter.location(of: range.lowerBound).description }
            lines.append("\\item \\texttt{" + LaTeXText.escape(place) + "}: \\textbf{" + d.severity.rawValue + "}: "
                         + LaTeXText.escape(d.message) + " \\texttt{[" + LaTeXText.escape(d.id.rawValue) + "]}")
            if !d.notes.isEmpty {
                lines.append("  \\begin{itemize}")
                for n in d.notes {
                    let at = n.range.map { "\\texttt{" + converter.location(of: $0.lowerBound).description + "}: " } ?? ""
                    lines.append("  \\item " + at + "note: " + LaTeXText.escape(n.message))
                }
                lines.append("  \\end{itemize}")
            }
        }
        lines.append("\\end{itemize}")
        lines.append("")
    }
}
