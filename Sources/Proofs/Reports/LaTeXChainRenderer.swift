// One chain as an `align*` display: start, then `&REL rhs` rows, hints and verdict tags.
//
// Implementation notes
// --------------------
// The layout is the one articles use:
//
//     start &= rhs_1                      && \text{by hint}   \tag*{✓ proved}
//           &= rhs_2 + \mathcal{O}(h^{2}) \quad \text{as } h \to 0  && …
//
// A short start shares its row with the first step; a long one gets a row of its own
// (`&start`), so the relations line up under its first symbol instead of far to its right.
// An expression wider than `ReportMath.lineBudget` is broken at its top-level terms, the
// continuation rows indented by `\qquad {}` so that a leading `+` stays a binary operator.
// The hints sit in a second column pair (`&&\text{by …}`) and the verdict in `\tag*`, where
// an equation number would be; amsmath moves a tag that does not fit to the next line.
import Symbolic

/// Renders one chain's `align*` block for the LaTeX report.
struct LaTeXChainRenderer {
    let chain: ChainResult
    let file: DerivationFile
    let style: LaTeXStyle

    /// The widest start that shares its row with the first step.
    static let shortStart = 18

    /// The `align*` environment, one string per source line.
    func alignLines() -> [String] {
        let rows = self.rows(text: { "\\text{" + LaTeXText.escape($0) + "}" }) { step, hints in
            (hints.isEmpty ? "" : " && " + hints) + " \\tag*{\\small\\" + LaTeXReport.macroName(step.verdict) + "}"
        }
        var out = ["\\begin{align*}"]
        for (i, row) in rows.enumerated() {
            out.append("  " + row + (i + 1 < rows.count ? " \\\\" : ""))
        }
        out.append("\\end{align*}")
        return out
    }

    /// The rows of the display, without their `\\`: `text` renders words in math, and
    /// `annotation` gives what follows a step's first row (its hints, already rendered).
    func rows(text: (String) -> String, annotation: (StepResult, String) -> String) -> [String] {
        var rows: [String] = []
        let startLines = ReportMath.lines(chain.start, style: style)
        let inline = startLines.count == 1 && ReportMath.estimatedWidth(startLines[0]) <= Self.shortStart
        if !inline {
            rows.append("&" + startLines[0])
            rows += startLines.dropFirst().map { "&\\qquad {} " + $0 }
        }
        for (i, step) in chain.steps.enumerated() {
            var stepRows = rhsRows(step, text: text)
            let relation = ReportMath.latex(step.relation)
            stepRows[0] = (i == 0 && inline ? startLines[0] + " " : "") + "&" + relation + " " + stepRows[0]
            let hints = ReportMath.hints(of: step, in: chain, file: file, style: style, text: text)
            stepRows[0] += annotation(step, hints)
            rows += stepRows
        }
        if chain.steps.isEmpty && inline { rows.append(startLines[0]) }
        return rows
    }

    /// The rows of a step's right side (continuations indented), with its order term.
    private func rhsRows(_ step: StepResult, text: (String) -> String) -> [String] {
        var lines = ReportMath.lines(step.rhs, style: style, firstBudget: ReportMath.lineBudget,
                                     budget: ReportMath.lineBudget - 4)
        if let orderText = step.orderTerm {
            lines[lines.count - 1] += " " + ReportMath.orderTermLaTeX(orderText, style: style, text: text)
        }
        return lines.enumerated().map { $0.offset == 0 ? $0.element : "&\\qquad {} " + $0.element }
    }
}
