// Plain text (titles, names, messages) escaped for LaTeX text mode under pdflatex.
//
// Implementation notes
// --------------------
// The ten special characters become commands (`\_`, `\&`, `\textbackslash{}`, …); `<`, `>`
// and `|`, which the default OT1 font encoding prints as other glyphs, become math; `"`
// becomes a typographic quote (opening after a space or an opening bracket, closing
// elsewhere); `[` and `]` are braced so that text after `\\` is never read as an optional
// argument; `--` is split so that it stays two hyphens; line breaks and other control
// characters become spaces (a blank line inside `\text{…}` is an error).
//
// pdflatex's UTF-8 input only knows some characters, and an unknown one stops the run
// ("Unicode character … not set up for use with LaTeX"). Characters known to work with the
// default OT1 encoding and `amssymb` (probed on TeX Live 2022: Latin-1 and most of Latin
// Extended-A, dashes, quotes, ellipsis, daggers, euro, arrows) pass through as UTF-8; Greek
// letters and common math symbols become math commands; anything else is written as its code
// point, `[U+53D8]`, so the document always compiles.

/// LaTeX escaping of plain text.
enum LaTeXText {
    /// `text` escaped for LaTeX text mode (also inside `\text{…}` in math).
    static func escape(_ text: String) -> String {
        var out = ""
        var previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            out += escape(scalar, after: previous)
            previous = scalar
        }
        return out
    }

    private static func escape(_ s: Unicode.Scalar, after previous: Unicode.Scalar?) -> String {
        switch s {
        case "\\": return "\\textbackslash{}"
        case "{": return "\\{"
        case "}": return "\\}"
        case "$": return "\\$"
        case "&": return "\\&"
        case "#": return "\\#"
        case "%": return "\\%"
        case "_": return "\\_"
        case "~": return "\\textasciitilde{}"
        case "^": return "\\textasciicircum{}"
        case "<": return "\\ensuremath{<}"
        case ">": return "\\ensuremath{>}"
        case "|": return "\\ensuremath{|}"
        case "[": return "{[}"
        case "]": return "{]}"
        case "-": return previous == "-" ? "{}-" : "-"
        case "\"":
            let opening = previous.map { $0 == " " || $0 == "(" || $0 == "[" || $0 == "{" } ?? true
            return opening ? "``" : "''"
        default: break
        }
        let v = s.value
        if v < 0x20 || v == 0x7F || v == 0x85 || v == 0x2028 || v == 0x2029 { return " " }
        if v < 0x7F { return String(Character(s)) }
        if let math = mathSymbols[v] { return "\\ensuremath{" + math + "}" }
        if passThrough(v) { return String(Character(s)) }
        let hex = String(v, radix: 16, uppercase: true)
        return "{\\ttfamily[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]}"
    }

    /// Characters pdflatex's default UTF-8 input typesets in OT1 without extra packages.
    private static func passThrough(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0...0xFF: return ![0xAB, 0xAD, 0xBB, 0xD0, 0xDE, 0xF0, 0xFE].contains(v)
        case 0x100...0x17F:
            return ![0x104, 0x105, 0x110, 0x111, 0x118, 0x119, 0x126, 0x127, 0x12E, 0x12F, 0x138, 0x13F, 0x140,
                     0x149, 0x14A, 0x14B, 0x166, 0x167, 0x172, 0x173, 0x17F].contains(v)
        case 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x20AC,
             0x2122, 0x2190, 0x2192:
            return true
        default: return false
        }
    }

    /// Greek letters and math symbols, as math commands.
    private static let mathSymbols: [UInt32: String] = {
        var table: [UInt32: String] = [
            0xAB: "\\ll", 0xBB: "\\gg", 0x2212: "-", 0x2264: "\\le", 0x2265: "\\ge", 0x2260: "\\ne",
            0x221E: "\\infty", 0x2248: "\\approx", 0x223C: "\\sim", 0x2208: "\\in", 0x2211: "\\sum",
            0x222B: "\\int", 0x221A: "\\surd", 0x2202: "\\partial", 0x2207: "\\nabla", 0x2192: "\\to",
            0x21D2: "\\Rightarrow", 0x21D4: "\\Leftrightarrow", 0x2200: "\\forall", 0x2203: "\\exists",
            0x2016: "\\Vert", 0x2225: "\\parallel", 0x22C5: "\\cdot", 0x2218: "\\circ", 0x2032: "'",
            0x2261: "\\equiv", 0x2282: "\\subset", 0x2286: "\\subseteq", 0x222A: "\\cup", 0x2229: "\\cap",
            0x2205: "\\emptyset", 0x2223: "\\mid", 0x27E8: "\\langle", 0x27E9: "\\rangle",
        ]
        let lower = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                     "lambda", "mu", "nu", "xi", "o", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi",
                     "chi", "psi", "omega"]
        for (i, name) in lower.enumerated() {
            table[0x3B1 + UInt32(i)] = name == "o" ? "o" : "\\" + name
        }
        let upper = ["A", "B", "\\Gamma", "\\Delta", "E", "Z", "H", "\\Theta", "I", "K", "\\Lambda", "M", "N",
                     "\\Xi", "O", "\\Pi", "P", "", "\\Sigma", "T", "\\Upsilon", "\\Phi", "X", "\\Psi", "\\Omega"]
        for (i, name) in upper.enumerated() where !name.isEmpty {
            table[0x391 + UInt32(i)] = name.hasPrefix("\\") ? name : "\\mathrm{" + name + "}"
        }
        return table
    }()
}
