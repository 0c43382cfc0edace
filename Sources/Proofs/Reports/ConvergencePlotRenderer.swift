// Log–log plots of error against step size for convergence-order checks: LaTeX `picture`
// (kernel only: no TikZ or pgfplots needed) and inline SVG for Markdown.
//
// Implementation notes
// --------------------
// Both renderers share one layout: decades of the step on x, decades of the error on y,
// each range padded by 8 % and ticked at the integer decades inside it (every second decade
// when there are more than six). Points are the simulated errors; the solid line is the
// least-squares fit (its slope is the fitted order); the dashed line has the claimed order
// and passes through the smallest-step point, so a wrong claim shows as diverging lines.
// LaTeX's own picture mode draws lines only at a few slopes, so every line is a `\qbezier`
// with its control point at the midpoint (a straight segment at any slope), and dashes are
// short such segments. Coordinates are printed with two decimals by integer arithmetic, so
// the output is byte-identical everywhere.
import Foundation
import Symbolic

/// Draws ``ConvergencePlot``s for the reports.
enum ConvergencePlotRenderer {
    /// The plot area, in the units of each renderer.
    struct Layout {
        let xMin: Double, xMax: Double, yMin: Double, yMax: Double
        let width: Double, height: Double
        /// log10 h, log10 e of the points.
        let points: [(Double, Double)]
        /// The fitted and the claimed lines, as pairs of (log10 h, log10 e) end points.
        let fit: ((Double, Double), (Double, Double))
        let claimed: ((Double, Double), (Double, Double))

        init(_ plot: ConvergencePlot, width: Double, height: Double) {
            self.width = width
            self.height = height
            let fit = plot.fit
            points = zip(fit.steps, fit.errors).map { (log10($0), log10($1)) }
            let xs = points.map(\.0), ys = points.map(\.1)
            let x0 = xs.min() ?? -2, x1 = xs.max() ?? 0
            let b = fit.fittedIntercept / log(10), s = fit.fittedSlope
            self.fit = ((x0, b + s * x0), (x1, b + s * x1))
            let last = points.last ?? (x0, 0)
            self.claimed = ((x0, last.1 + plot.claimedOrder * (x0 - last.0)), (x1, last.1 + plot.claimedOrder * (x1 - last.0)))
            let allY = ys + [self.fit.0.1, self.fit.1.1, claimed.0.1, claimed.1.1]
            let y0 = allY.min() ?? -2, y1 = allY.max() ?? 0
            let padX = max(0.08 * (x1 - x0), 0.05), padY = max(0.08 * (y1 - y0), 0.05)
            xMin = x0 - padX
            xMax = x1 + padX
            yMin = y0 - padY
            yMax = y1 + padY
        }

        func x(_ v: Double) -> Double { (v - xMin) / (xMax - xMin) * width }
        func y(_ v: Double) -> Double { (v - yMin) / (yMax - yMin) * height }

        static func decades(_ lo: Double, _ hi: Double) -> [Int] {
            guard lo.isFinite, hi.isFinite, hi - lo < 200 else { return [] }
            var all = Array(Int(ceil(lo))...max(Int(ceil(lo)), Int(floor(hi))))
            if Double(all[0]) > hi { all = [] }
            if all.count > 6 { all = all.filter { $0 % 2 == 0 } }
            return all
        }
        var xTicks: [Int] { Self.decades(xMin, xMax) }
        var yTicks: [Int] { Self.decades(yMin, yMax) }
    }

    /// `12.34` (two decimals, by integer arithmetic).
    static func fixed(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = Int((v * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let a = abs(hundredths)
        let frac = a % 100
        return sign + String(a / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    // MARK: LaTeX

    /// A `picture` with the plot and a caption line, for the LaTeX report.
    static func latex(_ plot: ConvergencePlot, style: LaTeXStyle) -> [String] {
        let left = 16.0, bottom = 10.0
        let l = Layout(plot, width: 80, height: 48)
        func px(_ v: Double) -> String { fixed(left + l.x(v)) }
        func py(_ v: Double) -> String { fixed(bottom + l.y(v)) }
        func segment(_ a: (Double, Double), _ b: (Double, Double)) -> String {
            let mx = (a.0 + b.0) / 2, my = (a.1 + b.1) / 2
            return "\\qbezier(" + px(a.0) + "," + py(a.1) + ")(" + px(mx) + "," + py(my) + ")(" + px(b.0) + "," + py(b.1) + ")"
        }
        var out = ["\\begin{center}", "\\setlength{\\unitlength}{1mm}",
                   "\\begin{picture}(" + fixed(left + l.width + 4) + "," + fixed(bottom + l.height + 4) + ")"]
        // Frame.
        out.append("\\put(" + fixed(left) + "," + fixed(bottom) + "){\\line(1,0){" + fixed(l.width) + "}}")
        out.append("\\put(" + fixed(left) + "," + fixed(bottom) + "){\\line(0,1){" + fixed(l.height) + "}}")
        out.append("\\put(" + fixed(left) + "," + fixed(bottom + l.height) + "){\\line(1,0){" + fixed(l.width) + "}}")
        out.append("\\put(" + fixed(left + l.width) + "," + fixed(bottom) + "){\\line(0,1){" + fixed(l.height) + "}}")
        for t in l.xTicks {
            let x = fixed(left + l.x(Double(t)))
            out.append("\\put(" + x + "," + fixed(bottom) + "){\\line(0,1){1.5}}")
            out.append("\\put(" + x + "," + fixed(bottom - 4) + "){\\makebox(0,0){\\scriptsize $10^{" + String(t) + "}$}}")
        }
        for t in l.yTicks {
            let y = fixed(bottom + l.y(Double(t)))
            out.append("\\put(" + fixed(left) + "," + y + "){\\line(1,0){1.5}}")
            out.append("\\put(" + fixed(left - 1.5) + "," + y + "){\\makebox(0,0)[r]{\\scriptsize $10^{" + String(t) + "}$}}")
        }
        let h = Expr.symbol(plot.stepName).latex(style: style)
        out.append("\\put(" + fixed(left + l.width / 2) + "," + fixed(bottom - 8.5) + "){\\makebox(0,0){\\small step $" + h + "$}}")
        out.append("\\put(" + fixed(left - 13) + "," + fixed(bottom + l.height + 2.5) + "){\\makebox(0,0)[l]{\\small error}}")
        // Claimed order: dashed.
        out.append("{\\color{gray}")
        let dashes = 24
        for k in stride(from: 0, to: dashes, by: 2) {
            let a = Double(k) / Double(dashes), b = Double(k + 1) / Double(dashes)
            let p = (l.claimed.0.0 + a * (l.claimed.1.0 - l.claimed.0.0), l.claimed.0.1 + a * (l.claimed.1.1 - l.claimed.0.1))
            let q = (l.claimed.0.0 + b * (l.claimed.1.0 - l.claimed.0.0), l.claimed.0.1 + b * (l.claimed.1.1 - l.claimed.0.1))
            out.append(segment(p, q))
        }
        out.append("}")
        // Fit: solid.
        out.append(segment(l.fit.0, l.fit.1))
        for (x, y) in l.points {
            out.append("\\put(" + px(x) + "," + py(y) + "){\\makebox(0,0){\\small$\\bullet$}}")
        }
        out.append("\\end{picture}")
        out.append("\\end{center}")
        out.append("\\begin{center}\\small Error against step $" + h + "$ (log--log), " + LaTeXText.escape(plot.title)
                   + ": fitted slope " + LaTeXText.escape(formatDouble(plot.fit.fittedSlope)) + ", estimated order "
                   + LaTeXText.escape(formatDouble(plot.fit.order)) + " $\\pm$ " + LaTeXText.escape(formatDouble(plot.fit.spread))
                   + "; dashed: the claimed order " + LaTeXText.escape(formatDouble(plot.claimedOrder)) + ".\\end{center}")
        return out
    }

    // MARK: SVG

    /// Text safe inside SVG markup.
    static func html(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;")
    }

    /// An inline `<svg>` (one HTML block without blank lines), for the Markdown report.
    static func svg(_ plot: ConvergencePlot) -> [String] {
        let left = 56.0, top = 12.0, width = 300.0, height = 180.0, bottom = 36.0
        let l = Layout(plot, width: width, height: height)
        func px(_ v: Double) -> String { fixed(left + l.x(v)) }
        func py(_ v: Double) -> String { fixed(top + height - l.y(v)) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(left + width + 16) + "\" height=\""
                   + fixed(top + height + bottom) + "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"log-log plot of error against step\">"]
        out.append("<rect x=\"" + fixed(left) + "\" y=\"" + fixed(top) + "\" width=\"" + fixed(width) + "\" height=\"" + fixed(height)
                   + "\" fill=\"none\" stroke=\"black\"/>")
        for t in l.xTicks {
            let x = px(Double(t))
            out.append("<line x1=\"" + x + "\" y1=\"" + fixed(top + height) + "\" x2=\"" + x + "\" y2=\"" + fixed(top + height - 5) + "\" stroke=\"black\"/>")
            out.append("<text x=\"" + x + "\" y=\"" + fixed(top + height + 16) + "\" text-anchor=\"middle\">1e" + String(t) + "</text>")
        }
        for t in l.yTicks {
            let y = py(Double(t))
            out.append("<line x1=\"" + fixed(left) + "\" y1=\"" + y + "\" x2=\"" + fixed(left + 5) + "\" y2=\"" + y + "\" stroke=\"black\"/>")
            out.append("<text x=\"" + fixed(left - 4) + "\" y=\"" + y + "\" text-anchor=\"end\" dominant-baseline=\"middle\">1e" + String(t) + "</text>")
        }
        out.append("<text x=\"" + fixed(left + width / 2) + "\" y=\"" + fixed(top + height + 32) + "\" text-anchor=\"middle\">step "
                   + html(plot.stepName) + "</text>")
        out.append("<line x1=\"" + px(l.claimed.0.0) + "\" y1=\"" + py(l.claimed.0.1) + "\" x2=\"" + px(l.claimed.1.0) + "\" y2=\""
                   + py(l.claimed.1.1) + "\" stroke=\"gray\" stroke-dasharray=\"5,4\"/>")
        out.append("<line x1=\"" + px(l.fit.0.0) + "\" y1=\"" + py(l.fit.0.1) + "\" x2=\"" + px(l.fit.1.0) + "\" y2=\"" + py(l.fit.1.1)
                   + "\" stroke=\"black\"/>")
        for (x, y) in l.points {
            out.append("<circle cx=\"" + px(x) + "\" cy=\"" + py(y) + "\" r=\"3\" fill=\"black\"/>")
        }
        out.append("</svg>")
        return out
    }
}
