// The log-log plot of a convergence-order check in the LaTeX and Markdown reports.
import Foundation
import Testing
@testable import Proofs

@Suite("convergence plots")
struct ConvergencePlotTests {
    static let text = """
        function V(u)
        recurrence gd(w) step h
            w <- w - h*V'(w)
        end
        ode flow(w) time t
            w' = -V'(w)
        end
        claim "first order" on "quadratic": gd converges order 1 to flow as h -> 0
            from w = 1
            until t = 1
        instance "quadratic"
            V(u) = u^2/2
        end
        """

    @Test func latexHasAPictureWithTheFittedLine() throws {
        let document = LaTeXReport.render(checkText(Self.text, name: "gd.drv"))
        #expect(document.contains("\\begin{picture}"))
        #expect(document.contains("\\qbezier("))
        #expect(document.contains("fitted slope"))
        #expect(!document.contains("tikz") && !document.contains("pgfplots"))
        #expect(LaTeXReport.render(checkText(Self.text, name: "gd.drv")) == document)
    }

    @Test("the plot compiles with pdflatex", .enabled(if: PDFLaTeX.isAvailable, "pdflatex is not installed"))
    func compiles() throws {
        let problems = try PDFLaTeX.problems(compiling: LaTeXReport.render(checkText(Self.text, name: "gd.drv")))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func markdownHasAnInlineSVG() throws {
        let markdown = MarkdownReport.render(checkText(Self.text, name: "gd.drv"))
        let svg = try #require(markdown.range(of: "<svg")).lowerBound
        let end = try #require(markdown.range(of: "</svg>")).upperBound
        let block = markdown[svg..<end]
        #expect(!block.contains("\n\n"), "an HTML block must not contain a blank line")
        #expect(block.components(separatedBy: "<circle").count - 1 == 6)
        #expect(markdown.contains("fitted slope"))
    }

    @Test("coordinates are printed with two decimals", arguments: [(0.0, "0.00"), (1.005, "1.00"), (-0.004, "0.00"),
                                                                     (-12.345, "-12.35"), (99.999, "100.00")])
    func fixed(value: Double, text: String) {
        #expect(ConvergencePlotRenderer.fixed(value) == text)
    }
}
