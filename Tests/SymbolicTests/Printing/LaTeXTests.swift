// LaTeX output: golden files per group, style knobs, determinism, and a pdflatex compile.
import Testing
@testable import Symbolic

@Suite("Printer: LaTeX")
struct LaTeXTests {
    /// Each group is one golden file: for every input, a `% input` comment line and its LaTeX.
    static let groups: [(name: String, inputs: [String])] = [
        ("arithmetic", [
            "x - 2*y", "a/b", "x^-2", "-x*y", "1/2*x", "-1/2*x", "(a + b)/(c - d)", "x*2", "2*3", "2*(1/3)",
            "x/2/3", "a*b/c", "1/x", "3/4", "-7/3", "-3 + x", "2^-1", "(-2)^3", "x^(2*y)", "x^y^z",
            "(x^2)^3", "(x + 1)^2", "-(a + b)", "a - (b - c)", "(a + b) + c", "(a*b)*c", "x*(-2)",
            "sqrt(x)", "x^(1/2)", "x^(1/3)", "x^(-1/2)", "x'^2", "x_1^2", "(1/2)^n", "-x^2",
        ]),
        ("functions", [
            "log(x)", "exp(x)", "exp(-x^2/2)", "sin(x)^2", "cos(2*x)", "tanh(x)", "sigmoid(x)", "softplus(x)",
            "abs(x)", "|x - y|", "abs(1/x)", "max(a, b)", "min(a, b, c)", "sign(x)", "erf(x)", "atan(x)",
            "lambertw(x)", "log(1 + exp(x))", "log(x/y)", "f(u)", "f'(u)", "f''(u)", "f'[4](u)",
            "f'[1, 0](u, v)", "f'[2, 1](u, v)", "p(z | x)", "p(x, y | z)", "KL(p, q)", "H(p)", "pi(a | s)",
            "diff(x^2, x)", "diff(sin(x), x, 2)", "diff(f(x)*g(x), x)", "diff(x^2 + 1, theta)",
        ]),
        ("names", [
            "alpha + beta", "lambda*x", "Gamma", "Omega", "ptilde(x)", "xhat", "xbar", "muhat", "x_1", "x_ij",
            "sigma_x", "beta2", "theta_0", "pz(z)", "KLprior", "x'", "epsilon*varphi", "x_alpha", "Sigma_1",
        ]),
        ("big-operators", [
            "E_{x ~ p}[log(x)]", "E_{x ~ p, z ~ q(z|x)}[log(p(z|x)/q(z))]",
            "E_{x ~ ptilde, z ~ p(z|x)}[log(p(z|x) / pz(z))]", "integral_{x}[ptilde(x) * p(z | x)]",
            "integral_{x = 0..1}[x^2]", "integral_{x, y}[f(x, y)]", "integral_{x}[x + 1]", "sum_{i = 1..n}[i^2]",
            "sum_{i = 1..n}[a_i + b]", "sum_{S in subsets(1..4, 2)}[det(rows(B, S))^2]", "max_{t}[f(t)]",
            "sup_{u > 0}[g(u)]", "argmax_{t}[f(t)]", "argmin_{t <= 1}[f(t)]", "lim_{h -> 0}[(f(x + h) - f(x))/h]",
            "lim_{h -> inf}[h*sin(1/h)]", "series_{h -> 0, order 2}[exp(h)]", "2*E_{x ~ p}[x]", "E_{x ~ p}[x]^2",
            "sum_{i = 1..n}[i]*x", "prod_{i = 1..n}[x_i]", "inf_{u > 0}[u]", "max_{t != 0, t >= -1}[t]",
        ]),
        ("structures", [
            "[a, b, c]", "[[1, 2], [3, 4]]", "[1/10, 3/5][x]", "B[i, j]", "x_1[2]", "f(1..n)", "pi", "inf",
            "2*pi*x", "[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]", "[x, [1, 2]]",
        ]),
    ]

    static func golden(for inputs: [String]) throws -> String {
        var lines: [String] = []
        for input in inputs {
            lines.append("% " + input)
            lines.append(try Expr(parsing: input).latex())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("golden LaTeX per group", arguments: groups.map(\.name))
    func goldens(group: String) throws {
        let inputs = try #require(Self.groups.first { $0.name == group }).inputs
        try GoldenFile.check(group, actual: Self.golden(for: inputs))
    }

    @Test("the constructs named in the language sketch render as the article would", arguments: [
        ("E_{x ~ p, z ~ q(z|x)}[f(x)]", "\\mathbb{E}_{x\\sim p,\\, z\\sim q(z \\mid x)}\\left[f(x)\\right]"),
        ("integral_{x}[f(x)]", "\\int f(x) \\,dx"),
        ("sum_{i = 1..n}[i]", "\\sum_{i=1}^{n} i"),
        ("argmax_{t}[f(t)]", "\\operatorname*{arg\\,max}_{t} f(t)"),
        ("lim_{h -> 0}[h]", "\\lim_{h \\to 0} h"),
        ("KL(p, q) + H(p)", "\\mathrm{KL}(p, q) + \\mathrm{H}(p)"),
        ("ptilde(x)", "\\tilde{p}(x)"),
        ("lambda + x_1", "\\lambda + x_{1}"),
        ("inf + pi", "\\infty + \\pi"),
        ("x - 2*y", "x - 2 y"),
        ("a/b", "\\frac{a}{b}"),
        ("p(z | x)", "p(z \\mid x)"),
        ("|x|", "\\lvert x\\rvert"),
        ("diff(f(x), x, 2)", "\\frac{d^{2}}{dx^{2}} f(x)"),
        ("sup_{u > 0}[u]", "\\sup_{u > 0} u"),
        ("max_{t}[t]", "\\max_{t} t"),
    ])
    func sketch(input: String, expected: String) throws {
        #expect(try Expr(parsing: input).latex() == expected)
    }

    @Test("style knobs", arguments: [
        ("2*x*y", "cdot", "2 \\cdot x \\cdot y"),
        ("exp(x)", "exp", "\\exp(x)"),
        ("sigmoid(x)", "sigma", "\\sigma(x)"),
    ])
    func styles(input: String, knob: String, expected: String) throws {
        var style = LaTeXStyle()
        switch knob {
        case "cdot": style.multiplication = .cdot
        case "exp": style.exponential = .function
        default: style.sigmoid = "\\sigma"
        }
        #expect(try Expr(parsing: input).latex(style: style) == expected)
    }

    @Test("per-name overrides win over every rule", arguments: [
        ("ptilde(x) + sigma", ["ptilde": "q_{\\mathrm{data}}", "sigma": "s"], "q_{\\mathrm{data}}(x) + s"),
        ("E_{x ~ p}[x]", ["E": "\\mathop{\\mathbb{E}}"], "\\mathop{\\mathbb{E}}_{x\\sim p}\\left[x\\right]"),
        ("x_1 + theta", ["x": "\\mathbf{x}", "theta": "\\vartheta"], "\\mathbf{x}_{1} + \\vartheta"),
        ("x_1 + x_2", ["x_1": "a"], "a + x_{2}"),
        ("f'(u)", ["f": "\\phi"], "\\phi'(u)"),
    ])
    func overrides(input: String, names: [String: String], expected: String) throws {
        var style = LaTeXStyle()
        style.names = names
        #expect(try Expr(parsing: input).latex(style: style) == expected)
    }

    @Test("output is identical across runs", arguments: 0..<50)
    func deterministic(seed: Int) {
        var first = AwkwardExpr(seed: UInt64(seed)), second = AwkwardExpr(seed: UInt64(seed))
        #expect(first.make(depth: 5).latex() == second.make(depth: 5).latex())
    }

    /// Every golden line and 300 random trees of every construct in one standalone document.
    static func document() throws -> String {
        var body: [String] = []
        for (_, inputs) in groups {
            for input in inputs { body.append("\\[ " + (try Expr(parsing: input).latex()) + " \\]") }
        }
        for seed in 0..<300 {
            var generator = AwkwardExpr(seed: UInt64(seed))
            body.append("\\[ " + generator.make(depth: 4).latex() + " \\]")
        }
        return """
            \\documentclass{article}
            \\usepackage{amsmath}
            \\usepackage{amssymb}
            \\begin{document}
            \(body.joined(separator: "\n"))
            \\end{document}

            """
    }

    @Test("every golden and random tree compiles with pdflatex", .enabled(if: LaTeXCompiler.isAvailable))
    func compiles() throws {
        if let log = try LaTeXCompiler.compile(Self.document()) {
            Issue.record("pdflatex failed:\n\(log)")
        }
    }
}
