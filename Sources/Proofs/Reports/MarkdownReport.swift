// The Markdown report (`verify --markdown FILE`): GitHub-flavoured Markdown with display math.
//
// Implementation notes
// --------------------
// Each chain is one `$$\begin{aligned} … \end{aligned}$$` block (GitHub renders it with
// MathJax), laid out like the LaTeX report: a short start shares the first row, long
// expressions break at their top-level terms, and a second column pair holds the step's
// verdict mark and hints (`aligned` has no `\tag`). A math line never starts with a
// character Markdown could read as a list, heading or quote marker. Text is escaped with
// backslashes (CommonMark allows it before any ASCII punctuation), and `|` in table cells is
// always escaped, as GFM tables split cells before anything else.
import Symbolic

/// Renders check results as GitHub-flavoured Markdown (deterministic; returns the text).
public enum MarkdownReport {
    /// The report of one checked file.
    public static func render(_ result: FileCheckResult) -> String {
        render([result])
    }

    /// One report for several checked files (a section per file, then an overall summary).
    public static func render(_ results: [FileCheckResult]) -> String {
        var out: [String] = []
        let single = results.count == 1
        if !single {
            out.append("# Checked derivations")
            out.append("")
            out.append("Checked by Stepwise " + escape(StepwiseVersion.string) + ".")
            out.append("")
        }
        for result in results {
            out += MarkdownFileWriter(result: result, level: single ? 1 : 2).lines()
        }
        if !single {
            out.append("## Overall summary")
            out.append("")
            var counts: [Verdict: Int] = [:]
            for r in results { for (v, n) in r.counts { counts[v, default: 0] += n } }
            out += countsTable(counts)
            out.append("")
            out.append("**" + String(results.count) + " files: "
                       + (results.allSatisfy(\.holds) ? "every step holds" : "NOT every step holds") + ".**")
            out.append("")
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// The mark of a verdict in math: ✓ proofs, ≈ numbers, ! admitted, ? unknown, × refuted.
    static func mathMark(_ v: Verdict) -> String {
        switch v {
        case .proved, .exact: return "\\checkmark"
        case .numeric, .sampled: return "\\approx"
        case .admitted: return "!"
        case .unknown: return "?"
        case .refuted: return "\\times"
        }
    }

    /// A table of step counts per verdict, every verdict listed, with the total.
    static func countsTable(_ counts: [Verdict: Int]) -> [String] {
        var out = ["| Verdict | Steps |", "|:---|---:|"]
        for v in Verdict.allCases {
            out.append("| " + TextReport.mark(v) + " " + v.rawValue + " | " + String(counts[v] ?? 0) + " |")
        }
        out.append("| **total** | **" + String(counts.values.reduce(0, +)) + "** |")
        return out
    }

    /// Text with Markdown's special characters escaped and line breaks turned into spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if "\\`*_[]<>|#$~".unicodeScalars.contains(scalar) {
                out += "\\" + String(Character(scalar))
            } else if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                out += " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for MathJax's `\text{…}`: only letters, digits, spaces and harmless punctuation.
    static func mathText(_ text: String) -> String {
        let safe = text.unicodeScalars.map { s -> String in
            if ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                || " -,.:;()'=+*/!?@".unicodeScalars.contains(s) || s.value >= 0xA0 {
                return String(Character(s))
            }
            return " "
        }
        return "\\text{" + safe.joined() + "}"
    }
}
