// How names are written in LaTeX: Greek letters, decorations, subscripts, primes.
//
// Implementation notes
// --------------------
// A name is read from the outside in, and each rule is applied once, in this order:
// 1. a `LaTeXStyle.names` override for the whole name wins;
// 2. trailing primes are kept as primes: `f''` → `f''`;
// 3. the first `_` splits base and subscript, the subscript rendered recursively:
//    `x_1` → `x_{1}`, `sigma_x` → `\sigma_{x}`;
// 4. otherwise trailing digits after letters become a subscript: `beta2` → `\beta_{2}`;
// 5. the letters: a Greek name becomes its command (`lambda` → `\lambda`, `Gamma` →
//    `\Gamma`); a suffix `tilde`, `hat` or `bar` after a non-empty stem decorates it
//    (`ptilde` → `\tilde{p}`, `muhat` → `\hat{\mu}`); `KL`, `H`, `det`, `trace` have their
//    operator forms (`\mathrm{KL}`, `\det`); one letter stays as it is; longer names are
//    upright (`\mathrm{pz}`) except in subscripts, where they are indices (`x_ij` → `x_{ij}`).

enum LaTeXNames {
    static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
        "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    ]

    /// Names with a conventional operator rendering.
    static let operators: [String: String] = [
        "KL": "\\mathrm{KL}", "H": "\\mathrm{H}", "det": "\\det", "trace": "\\operatorname{tr}",
    ]

    static let decorations: [(suffix: String, command: String)] = [
        ("tilde", "\\tilde"), ("hat", "\\hat"), ("bar", "\\bar"),
    ]

    /// The LaTeX for a name as written in the input.
    static func render(_ name: String, style: LaTeXStyle) -> String {
        render(name, style: style, inSubscript: false)
    }

    private static func render(_ name: String, style: LaTeXStyle, inSubscript: Bool) -> String {
        if let override = style.names[name] { return override }
        var core = Substring(name)
        var primes = 0
        while core.last == "'" {
            core = core.dropLast()
            primes += 1
        }
        return renderCore(core, style: style, inSubscript: inSubscript) + String(repeating: "'", count: primes)
    }

    private static func renderCore(_ core: Substring, style: LaTeXStyle, inSubscript: Bool) -> String {
        if let override = style.names[String(core)] { return override }
        if let underscore = core.firstIndex(of: "_") {
            let base = core[..<underscore]
            let lower = core[core.index(after: underscore)...]
            return renderLetters(base, style: style, inSubscript: inSubscript)
                + "_{" + render(String(lower), style: style, inSubscript: true) + "}"
        }
        let letters = core.prefix { !$0.isNumber }
        let digits = core.dropFirst(letters.count)
        if !letters.isEmpty && !digits.isEmpty && digits.allSatisfy(\.isNumber) {
            return renderLetters(letters, style: style, inSubscript: inSubscript) + "_{" + digits + "}"
        }
        return renderLetters(core, style: style, inSubscript: inSubscript)
    }

    /// Letters (and, for odd programmatic names, anything else: characters that are not
    /// ASCII letters or digits print as `?`, so the output always compiles).
    private static func renderLetters(_ letters: Substring, style: LaTeXStyle, inSubscript: Bool) -> String {
        let name = String(letters)
        if let override = style.names[name] { return override }
        if greek.contains(name) { return "\\" + name }
        if let known = operators[name] { return known }
        for (suffix, command) in decorations where letters.count > suffix.count && letters.hasSuffix(suffix) {
            return command + "{" + renderLetters(letters.dropLast(suffix.count), style: style, inSubscript: inSubscript) + "}"
        }
        let safe = String(letters.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "?" })
        // In a subscript, letters are indices (`x_ij` → `x_{ij}`); elsewhere a long name is upright.
        if letters.count <= 1 || inSubscript { return safe }
        return "\\mathrm{" + safe + "}"
    }
}
