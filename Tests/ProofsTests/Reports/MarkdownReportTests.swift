// The Markdown report: goldens, one math block per chain, well-formed tables, escaping.
import Testing
@testable import Proofs
import Symbolic

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("matches its golden file", arguments: [("small", "square.md"), ("full", "full.md"), ("all", "all.md")])
    func golden(_ fixture: String, _ golden: String) throws {
        try ReportGolden.check(golden, actual: MarkdownReport.render(try JSONReportTests.fixture(fixture)))
    }

    @Test("is byte-identical across runs", arguments: ["full", "small", "broken", "all"])
    func deterministic(_ name: String) throws {
        #expect(MarkdownReport.render(try JSONReportTests.fixture(name)) == MarkdownReport.render(try JSONReportTests.fixture(name)))
    }

    @Test func oneAlignedBlockPerChain() throws {
        let result = try ReportFixtures.full()
        let lines = MarkdownReport.render(result).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fences = lines.filter { $0 == "$$" }.count
        #expect(fences % 2 == 0)
        // One block for the declarations, one per chain.
        #expect(fences / 2 == result.chains.count + 1)
        #expect(lines.filter { $0 == "\\begin{aligned}" }.count == fences / 2)
        // Inside a block, no line can start Markdown markup.
        var inMath = false
        for line in lines {
            if line == "$$" { inMath.toggle(); continue }
            if inMath, let first = line.first {
                #expect(!"-+*=#>|0123456789".contains(first), "\(line)")
            }
        }
        #expect(!inMath)
    }

    /// The cells of a table row, splitting at `|` not preceded by a backslash.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var previous: Character? = nil
        for c in row {
            if c == "|" && previous != "\\" {
                cells.append(current)
                current = ""
            } else {
                current.append(c)
            }
            previous = c
        }
        cells.append(current)
        return cells
    }

    @Test func tablesAreRectangular() throws {
        var result = try ReportFixtures.full()
        result.chains[0].steps[0].evidence.rules = ["a|b", "c`d"]
        let lines = MarkdownReport.render(result).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var width: Int? = nil
        for line in lines {
            guard line.hasPrefix("|") else { width = nil; continue }
            let n = Self.cells(line).count
            if let width { #expect(n == width, "\(line)") } else { width = n }
        }
    }

    @Test func chainTableAndCounterexample() throws {
        let text = MarkdownReport.render(try ReportFixtures.full())
        #expect(text.contains("| 1 | `=` | ✗ refuted | counterexample instance Gaussian encoder, a = 1/2, sigma\\_x = -0.3: left 1/4, right 9/4<br>"))
        #expect(text.contains("- Derivation “wrong sign”, step 1: at `a = 1/2, sigma_x = -0.3` on instance “Gaussian encoder”, "
                              + "the left side is `1/4` and the right side `9/4` (exact values)"))
        #expect(text.contains("&= 1 + h + \\mathcal{O}(h^{2}) \\quad \\text{as}\\ h \\to 0 && \\checkmark\\quad \\text{by series}"))
        #expect(text.contains("### Claim “sum of squares” (n = 3)"))
        #expect(text.contains("# VAE = prior matching + MI — 100% & $5 #1 {x\\_1} \\~ ^ \\\\ \"quoted\" \\[draft\\]")
                == false)  // `$` and `#` are escaped too
        #expect(text.contains("# VAE = prior matching + MI — 100% & \\$5 \\#1 {x\\_1} \\~ ^ \\\\ \"quoted\" \\[draft\\]"))
    }

    @Test("escapes text", arguments: [
        ("plain text", "plain text"),
        ("a_b*c", "a\\_b\\*c"),
        ("[link](x)", "\\[link\\](x)"),
        ("`code` | pipe", "\\`code\\` \\| pipe"),
        ("<b> #1 $x$ ~", "\\<b\\> \\#1 \\$x\\$ \\~"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two lines"),
    ])
    func escaping(_ input: String, _ expected: String) {
        #expect(MarkdownReport.escape(input) == expected)
    }
}
