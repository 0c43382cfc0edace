// Hand-built check results for the report tests (no parser, no checker: every field is chosen).
@testable import Proofs
import Symbolic

/// Builds located values by finding their text in a source file.
struct SourceText {
    let text: String

    /// The byte range of the `occurrence`-th appearance of `needle` (0-based).
    func range(_ needle: String, _ occurrence: Int = 0) -> SourceRange {
        let hay = Array(text.utf8)
        let n = Array(needle.utf8)
        var seen = 0
        if !n.isEmpty, n.count <= hay.count {
            for i in 0...(hay.count - n.count) where Array(hay[i..<i + n.count]) == n {
                if seen == occurrence { return SourceRange(i, i + n.count) }
                seen += 1
            }
        }
        return SourceRange(at: 0)
    }

    func located<T: Sendable>(_ value: T, _ needle: String, _ occurrence: Int = 0) -> Located<T> {
        Located(value, range(needle, occurrence))
    }

    /// An expression parsed from `source`, located at `needle` (default: the source itself).
    func expr(_ source: String, at needle: String? = nil, _ occurrence: Int = 0) throws -> LocatedExpr {
        Located(try Expr(parsing: source), range(needle ?? source, occurrence))
    }
}

enum ReportFixtures {
    // MARK: - The full fixture: every verdict, a family, a claim, an order term, a refutation

    static let fullText = #"""
    title  "VAE = prior matching + MI — 100% & $5 #1 {x_1} ~ ^ \ "quoted" [draft]"
    source "kexue.fm/archives/6088, 变分自编码器 (Su Jianlin), café_notes"

    real x, z
    real a != 0
    positive s
    real sigma_x, lambda
    natural n
    vector v[3]
    matrix B[4, 2]
    density ptilde(x)
    density p(z | x)
    density q(z)
    density pz(z) = integral_{x}[ ptilde(x) * p(z | x) ]
    function f(u) convex
    assume lambda >= 1
    let I = E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / pz(z)) ]
    let KLprior = E_{z ~ pz}[ log(pz(z) / q(z)) ]
    latex KLprior "\mathrm{KL}_{\text{prior}}"

    derive "the encoder KL splits into MI plus prior KL"
          E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / q(z)) ]
        = E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / pz(z)) + log(pz(z) / q(z)) ]    by log-quotient
        = I + KLprior                                                              by linearity, marginal, definition
    end

    claim "square_root & 50% #tricky": sqrt(s^2) = s by algebra

    derive "substitution"
          (x + 2*y)^2
        = x^2 + 4*x*y + 4*y^2          by expand
        = 4*y^2 + 4*x*y + x^2          by substitute(x = 2*y), algebra
        = sigma_x^2 + lambda*x_1 - 1/2*log(2*pi*sigma_x^2)    by admit
        = sigma_x^2 + lambda*x_1        by numeric
    end

    derive "wrong sign"
          (a - 1)^2
        = a^2 + 2*a + 1                by expand
    end

    for n in 2..3
    claim "sum of squares": sum_{i = 1..n}[ x_i^2 ] >= 0 by algebra

    derive "taylor"
          exp(h)
        = 1 + h + O(h^2) as h -> 0     by series
    end

    derive "long lines"
          a^2*b^3*c^4 + sin(x)*cos(z)*tanh(s)*exp(a*x*z) + log(1 + x^2 + z^2 + s^2) + sqrt(1 + a^2)*f(x)/(1 + s^2) + x*z*s*a*lambda*sigma_x
        <= a^2*b^3*c^4 + sin(x)*cos(z)*tanh(s)*exp(a*x*z) + log(1 + x^2 + z^2 + s^2) + sqrt(1 + a^2)*f(x)/(1 + s^2) + x*z*s*a*lambda*sigma_x + 1    by algebra
        < a^2*b^3*c^4 + 2    by numeric
    end

    instance "Gaussian encoder"
        a = 1; s = 1/2
        ptilde(x) = normal(x; 0, 1)
        p(z | x)  = normal(z; a*x, s^2)
        q(z)      = normal(z; 0, 1)
        f(u) = u*log(u)
        samples 1000
        seed 7
    end

    instance "discrete"
        x in {0, 1, 2}; z in {0, 1}
        ptilde(x) = categorical(x; 1/2, 3/10, 1/5)
    end
    """#

    /// A file and results with every verdict, families, a claim, an order term, a refuted step.
    static func full() throws -> FileCheckResult {
        let t = SourceText(text: fullText)
        var items: [Item] = []
        func decl(_ sort: Sort, _ keyword: String, _ names: [String], constraint: (Relation, String, String)? = nil,
                  properties: [String] = [], body: String? = nil, line: String) throws -> Item {
            .declaration(Declaration(
                sort: sort, keyword: t.located(keyword, line), names: names.map { t.located(Symbol($0), $0) },
                constraint: try constraint.map { (t.located($0.0, $0.1), try t.expr($0.2, at: line)) },
                properties: properties.map { t.located($0, $0) },
                body: try body.map { try t.expr($0) }, range: t.range(line)))
        }
        items.append(try decl(.scalar(.real), "real", ["x", "z"], line: "real x, z"))
        items.append(try decl(.scalar(.real), "real", ["a"], constraint: (.notEqual, "!=", "0"), line: "real a != 0"))
        items.append(try decl(.scalar(.positive), "positive", ["s"], line: "positive s"))
        items.append(try decl(.scalar(.real), "real", ["sigma_x", "lambda"], line: "real sigma_x, lambda"))
        items.append(try decl(.scalar(.natural), "natural", ["n"], line: "natural n"))
        items.append(try decl(.vector(length: .integer(3)), "vector", ["v"], line: "vector v[3]"))
        items.append(try decl(.matrix(rows: .integer(4), columns: .integer(2)), "matrix", ["B"], line: "matrix B[4, 2]"))
        items.append(try decl(.density(variables: ["x"], conditions: []), "density", ["ptilde"], line: "density ptilde(x)"))
        items.append(try decl(.density(variables: ["z"], conditions: ["x"]), "density", ["p"], line: "density p(z | x)"))
        items.append(try decl(.density(variables: ["z"], conditions: []), "density", ["q"], line: "density q(z)"))
        items.append(try decl(.density(variables: ["z"], conditions: []), "density", ["pz"],
                              body: "integral_{x}[ ptilde(x) * p(z | x) ]", line: "density pz(z) = integral_{x}[ ptilde(x) * p(z | x) ]"))
        items.append(try decl(.function(parameters: ["u"]), "function", ["f"], properties: ["convex"], line: "function f(u) convex"))
        items.append(.assumption(Assumption(lhs: try t.expr("lambda", at: "lambda", 1), relation: t.located(.greaterEqual, ">="),
                                            rhs: try t.expr("1", at: "1"), range: t.range("assume lambda >= 1"))))
        items.append(.definition(Definition(name: t.located(Symbol("I"), "I"), parameters: [],
                                            body: try t.expr("E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / pz(z)) ]"),
                                            range: t.range("let I"))))
        items.append(.definition(Definition(name: t.located(Symbol("KLprior"), "KLprior"), parameters: [],
                                            body: try t.expr("E_{z ~ pz}[ log(pz(z) / q(z)) ]"), range: t.range("let KLprior"))))
        items.append(.latexName(LaTeXOverride(name: t.located("KLprior", "KLprior", 2),
                                              rendering: t.located(#"\mathrm{KL}_{\text{prior}}"#, #"\mathrm{KL}_{\text{prior}}"#),
                                              range: t.range("latex KLprior"))))

        var chains: [ChainResult] = []

        // 1. proved, proved (with rules and instances).
        do {
            let e0 = "E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / q(z)) ]"
            let e1 = "E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / pz(z)) + log(pz(z) / q(z)) ]"
            let e2 = "I + KLprior"
            let s1 = "= E_{x ~ ptilde, z ~ p(z|x)}[ log(p(z|x) / pz(z)) + log(pz(z) / q(z)) ]    by log-quotient"
            let s2 = "= I + KLprior                                                              by linearity, marginal, definition"
            let chain = Chain(name: t.located("the encoder KL splits into MI plus prior KL", "the encoder KL"), isClaim: false,
                              start: try t.expr(e0), steps: [
                                Step(relation: t.located(.equal, s1), rhs: try t.expr(e1), hints: [hint(t, "log-quotient")],
                                     range: t.range(s1)),
                                Step(relation: t.located(.equal, s2), rhs: try t.expr(e2),
                                     hints: [hint(t, "linearity"), hint(t, "marginal"), hint(t, "definition")], range: t.range(s2)),
                              ], range: t.range("derive \"the encoder KL"))
            items.append(.chain(chain))
            var ev1 = Evidence()
            ev1.method = "guarded rewrites"
            ev1.rules = ["log-quotient"]
            ev1.assumedConditions = ["p(z | x) > 0"]
            ev1.points = 12
            ev1.seed = 42
            var ev2 = Evidence()
            ev2.method = "canonical form"
            ev2.rules = ["linearity", "marginal", "definition"]
            ev2.samples = ["Gaussian encoder: 0.1234 ± 0.0021 (n = 1000, seed 7, z = 0.4)"]
            chains.append(ChainResult(
                name: chain.name.value, isClaim: false, familyAssignment: [], range: chain.range, start: chain.start.value,
                steps: [
                    StepResult(index: 1, relation: .equal, lhs: chain.start.value, rhs: chain.steps[0].rhs.value, orderTerm: nil,
                               hints: ["log-quotient"], range: chain.steps[0].range, verdict: .proved, evidence: ev1,
                               instances: [InstanceCheck(instance: "Gaussian encoder", verdict: .numeric, summary: "agree at 64 points, max rel. dev. 3.1e-15"),
                                           InstanceCheck(instance: "discrete", verdict: .numeric, summary: "agree exactly: 0.8271 = 0.8271")]),
                    StepResult(index: 2, relation: .equal, lhs: chain.steps[0].rhs.value, rhs: chain.steps[1].rhs.value, orderTerm: nil,
                               hints: ["linearity", "marginal", "definition"], range: chain.steps[1].range, verdict: .sampled,
                               evidence: ev2),
                ], composedRelation: .equal))
        }

        // 2. a claim, exact, with special characters in the name.
        do {
            let line = "claim \"square_root & 50% #tricky\": sqrt(s^2) = s by algebra"
            let chain = Chain(name: t.located("square_root & 50% #tricky", "square_root & 50% #tricky"), isClaim: true,
                              start: try t.expr("sqrt(s^2)"),
                              steps: [Step(relation: t.located(.equal, "= s by"), rhs: try t.expr("s", at: "s by algebra"),
                                           hints: [hint(t, "algebra")], range: t.range("= s by algebra"))],
                              range: t.range(line))
            items.append(.chain(chain))
            var ev = Evidence()
            ev.errorBound = "exact at 8 rational points; error probability < 2^-40"
            ev.points = 8
            chains.append(ChainResult(
                name: chain.name.value, isClaim: true, familyAssignment: [], range: chain.range, start: chain.start.value,
                steps: [StepResult(index: 1, relation: .equal, lhs: chain.start.value, rhs: chain.steps[0].rhs.value, orderTerm: nil,
                                   hints: ["algebra"], range: chain.steps[0].range, verdict: .exact, evidence: ev)],
                composedRelation: .equal))
        }

        // 3. substitution hint with arguments; admitted; numeric; Greek and underscores.
        do {
            let texts = ["x^2 + 4*x*y + 4*y^2", "4*y^2 + 4*x*y + x^2", "sigma_x^2 + lambda*x_1 - 1/2*log(2*pi*sigma_x^2)",
                         "sigma_x^2 + lambda*x_1"]
            let lines = ["= x^2 + 4*x*y + 4*y^2          by expand", "= 4*y^2 + 4*x*y + x^2          by substitute(x = 2*y), algebra",
                         "= sigma_x^2 + lambda*x_1 - 1/2*log(2*pi*sigma_x^2)    by admit",
                         "= sigma_x^2 + lambda*x_1        by numeric"]
            var steps: [Step] = []
            for (i, text) in texts.enumerated() {
                var hints: [Hint] = []
                if i == 0 { hints = [hint(t, "expand")] }
                if i == 1 {
                    hints = [Hint(name: t.located("substitute", "substitute"),
                                  arguments: [(name: t.located(Symbol("x"), "x = 2*y"), value: try t.expr("2*y", at: "2*y)"))],
                                  range: t.range("substitute(x = 2*y)")), hint(t, "algebra", 1)]
                }
                if i == 2 { hints = [hint(t, "admit")] }
                if i == 3 { hints = [hint(t, "numeric", 1)] }
                steps.append(Step(relation: t.located(.equal, lines[i]), rhs: try t.expr(text, at: lines[i]), hints: hints,
                                  range: t.range(lines[i])))
            }
            let chain = Chain(name: t.located("substitution", "substitution"), isClaim: false, start: try t.expr("(x + 2*y)^2"),
                              steps: steps, range: t.range("derive \"substitution\""))
            items.append(.chain(chain))
            var proved = Evidence()
            proved.method = "rational normal form"
            var admitted = Evidence()
            admitted.notes = ["accepted without evidence"]
            var numeric = Evidence()
            numeric.points = 64
            numeric.tolerance = 1e-9
            numeric.seed = 18_446_744_073_709_551_557
            numeric.maxDeviation = 2.220446049250313e-16
            let verdicts: [(Verdict, Evidence)] = [(.proved, proved), (.proved, proved), (.admitted, admitted), (.numeric, numeric)]
            var previous = chain.start.value
            var results: [StepResult] = []
            for (i, step) in steps.enumerated() {
                results.append(StepResult(index: i + 1, relation: .equal, lhs: previous, rhs: step.rhs.value, orderTerm: nil,
                                          hints: step.hints.map(\.name.value), range: step.range, verdict: verdicts[i].0,
                                          evidence: verdicts[i].1))
                previous = step.rhs.value
            }
            chains.append(ChainResult(name: chain.name.value, isClaim: false, familyAssignment: [], range: chain.range,
                                      start: chain.start.value, steps: results, composedRelation: .equal))
        }

        // 4. refuted with a counterexample.
        do {
            let line = "= a^2 + 2*a + 1                by expand"
            let chain = Chain(name: t.located("wrong sign", "wrong sign"), isClaim: false, start: try t.expr("(a - 1)^2"),
                              steps: [Step(relation: t.located(.equal, line), rhs: try t.expr("a^2 + 2*a + 1"), hints: [hint(t, "expand", 1)],
                                           range: t.range(line))],
                              range: t.range("derive \"wrong sign\""))
            items.append(.chain(chain))
            var ev = Evidence()
            ev.residual = "-4*a"
            ev.counterexample = Counterexample(assignment: [.init(name: "a", value: "1/2"), .init(name: "sigma_x", value: "-0.3")],
                                               instance: "Gaussian encoder", lhsValue: "1/4", rhsValue: "9/4", isExact: true)
            chains.append(ChainResult(name: chain.name.value, isClaim: false, familyAssignment: [], range: chain.range,
                                      start: chain.start.value,
                                      steps: [StepResult(index: 1, relation: .equal, lhs: chain.start.value, rhs: chain.steps[0].rhs.value,
                                                         orderTerm: nil, hints: ["expand"], range: chain.steps[0].range,
                                                         verdict: .refuted, evidence: ev,
                                                         instances: [InstanceCheck(instance: "Gaussian encoder", verdict: .refuted,
                                                                                   summary: "left 1/4, right 9/4")])],
                                      composedRelation: .equal))
        }

        // 5. a family claim: two members, one unknown.
        do {
            let line = "claim \"sum of squares\": sum_{i = 1..n}[ x_i^2 ] >= 0 by algebra"
            let stepText = ">= 0 by algebra"
            let chain = Chain(name: t.located("sum of squares", "sum of squares"), isClaim: true,
                              family: Family(variables: [(name: t.located(Symbol("n"), "n in"), lower: try t.expr("2", at: "2..3"),
                                                          upper: try t.expr("3", at: "3\n"))],
                                             range: t.range("for n in 2..3")),
                              start: try t.expr("sum_{i = 1..n}[ x_i^2 ]"),
                              steps: [Step(relation: t.located(.greaterEqual, stepText), rhs: try t.expr("0", at: stepText),
                                           hints: [hint(t, "algebra", 2)], range: t.range(stepText))],
                              range: t.range(line))
            items.append(.chain(chain))
            for n in 2...3 {
                let start = try Expr(parsing: (1...n).map { "x_\($0)^2" }.joined(separator: " + "))
                var ev = Evidence()
                if n == 2 {
                    ev.method = "sign"
                    ev.margin = "0 at x_1 = 0, x_2 = 0"
                } else {
                    ev.notes = ["limit maxTerms (2000) exceeded while expanding"]
                    ev.residual = "x_1^2 + x_2^2 + x_3^2"
                }
                chains.append(ChainResult(name: chain.name.value, isClaim: true, familyAssignment: [(Symbol("n"), n)],
                                          range: chain.range, start: start,
                                          steps: [StepResult(index: 1, relation: .greaterEqual, lhs: start, rhs: .integer(0),
                                                             orderTerm: nil, hints: ["algebra"], range: chain.steps[0].range,
                                                             verdict: n == 2 ? .proved : .unknown, evidence: ev)],
                                          composedRelation: .greaterEqual))
            }
        }

        // 6. an order term.
        do {
            let line = "= 1 + h + O(h^2) as h -> 0     by series"
            let magnitude = try t.expr("h^2", at: "h^2) as")
            let chain = Chain(name: t.located("taylor", "taylor"), isClaim: false, start: try t.expr("exp(h)"),
                              steps: [Step(relation: t.located(.equal, line), rhs: try t.expr("1 + h", at: "1 + h + O"),
                                           orderTerm: OrderTerm(magnitude: magnitude, variable: t.located(Symbol("h"), "h -> 0"),
                                                                point: try t.expr("0", at: "0     by series"),
                                                                range: t.range("O(h^2) as h -> 0")),
                                           hints: [hint(t, "series")], range: t.range(line))],
                              range: t.range("derive \"taylor\""))
            items.append(.chain(chain))
            var ev = Evidence()
            ev.method = "series"
            ev.notes = ["remainder ~ h^2/2: estimated order 2.00 at h = 1e-3 … 1e-1"]
            chains.append(ChainResult(name: "taylor", isClaim: false, familyAssignment: [], range: chain.range, start: chain.start.value,
                                      steps: [StepResult(index: 1, relation: .equal, lhs: chain.start.value, rhs: chain.steps[0].rhs.value,
                                                         orderTerm: "O(h^2) as h -> 0", hints: ["series"], range: chain.steps[0].range,
                                                         verdict: .proved, evidence: ev)],
                                      composedRelation: .equal))
        }

        // 7. long lines, inequalities (the relations compose to <).
        do {
            let e0 = "a^2*b^3*c^4 + sin(x)*cos(z)*tanh(s)*exp(a*x*z) + log(1 + x^2 + z^2 + s^2) + sqrt(1 + a^2)*f(x)/(1 + s^2) + x*z*s*a*lambda*sigma_x"
            let e1 = e0 + " + 1"
            let e2 = "a^2*b^3*c^4 + 2"
            let l1 = "<= " + e1 + "    by algebra"
            let l2 = "< a^2*b^3*c^4 + 2    by numeric"
            let chain = Chain(name: t.located("long lines", "long lines"), isClaim: false, start: try t.expr(e0),
                              steps: [Step(relation: t.located(.lessEqual, l1), rhs: try t.expr(e1, at: l1), hints: [hint(t, "algebra", 3)],
                                           range: t.range(l1)),
                                      Step(relation: t.located(.less, l2), rhs: try t.expr(e2, at: l2), hints: [hint(t, "numeric", 2)],
                                           range: t.range(l2))],
                              range: t.range("derive \"long lines\""))
            items.append(.chain(chain))
            var ev1 = Evidence()
            ev1.method = "canonical form"
            ev1.margin = "1 at x = 0"
            var ev2 = Evidence()
            ev2.verdictFreeNotes()
            chains.append(ChainResult(name: "long lines", isClaim: false, familyAssignment: [], range: chain.range, start: chain.start.value,
                                      steps: [StepResult(index: 1, relation: .lessEqual, lhs: chain.start.value, rhs: chain.steps[0].rhs.value,
                                                         orderTerm: nil, hints: ["algebra"], range: chain.steps[0].range, verdict: .proved,
                                                         evidence: ev1),
                                              StepResult(index: 2, relation: .less, lhs: chain.steps[0].rhs.value, rhs: chain.steps[1].rhs.value,
                                                         orderTerm: nil, hints: ["numeric"], range: chain.steps[1].range, verdict: .refuted,
                                                         evidence: ev2)],
                                      composedRelation: .less))
        }

        // Instances.
        items.append(.instance(Instance(
            name: t.located("Gaussian encoder", "Gaussian encoder"),
            bindings: [
                .value(name: t.located(Symbol("a"), "a = 1"), value: try t.expr("1", at: "1; s"), range: t.range("a = 1")),
                .value(name: t.located(Symbol("s"), "s = 1/2"), value: try t.expr("1/2", at: "1/2"), range: t.range("s = 1/2")),
                .density(name: t.located("ptilde", "ptilde(x) = normal"), variables: [t.located(Symbol("x"), "x; 0")], conditions: [],
                         distribution: DistributionSpec(family: t.located("normal", "normal"), variable: try t.expr("x", at: "x; 0"),
                                                        parameters: [try t.expr("0", at: "0, 1"), try t.expr("1", at: "1)")],
                                                        range: t.range("normal(x; 0, 1)")),
                         range: t.range("ptilde(x) = normal(x; 0, 1)")),
                .density(name: t.located("p", "p(z | x)  ="), variables: [t.located(Symbol("z"), "z; a")],
                         conditions: [t.located(Symbol("x"), "x)  =")],
                         distribution: DistributionSpec(family: t.located("normal", "normal", 1), variable: try t.expr("z", at: "z; a"),
                                                        parameters: [try t.expr("a*x"), try t.expr("s^2", at: "s^2)")],
                                                        range: t.range("normal(z; a*x, s^2)")),
                         range: t.range("p(z | x)  = normal(z; a*x, s^2)")),
                .function(name: t.located("f", "f(u) = u"), parameters: [t.located(Symbol("u"), "u) = u")], body: try t.expr("u*log(u)"),
                          range: t.range("f(u) = u*log(u)")),
            ],
            samples: t.located(1000, "samples 1000"), seed: t.located(UInt64(7), "seed 7"), range: t.range("instance \"Gaussian"))))
        items.append(.instance(Instance(
            name: t.located("discrete", "discrete"),
            bindings: [
                .support(name: t.located(Symbol("x"), "x in"), values: [try t.expr("0", at: "0, 1, 2"), try t.expr("1", at: "1, 2}"),
                                                                      try t.expr("2", at: "2}")],
                         range: t.range("x in {0, 1, 2}")),
                .support(name: t.located(Symbol("z"), "z in"), values: [try t.expr("0", at: "0, 1}"), try t.expr("1", at: "1}")],
                         range: t.range("z in {0, 1}")),
            ],
            range: t.range("instance \"discrete\""))))

        let file = DerivationFile(name: "derivations/vae_mi & co.drv", text: fullText,
                                  title: t.located("VAE = prior matching + MI — 100% & $5 #1 {x_1} ~ ^ \\ \"quoted\" [draft]",
                                                   "VAE = prior"),
                                  source: t.located("kexue.fm/archives/6088, 变分自编码器 (Su Jianlin), café_notes", "kexue.fm"),
                                  items: items)
        let refutedLine = "= a^2 + 2*a + 1                by expand"
        let diagnostics = [
            Diagnostic(.warning, .admittedStep, "step 3 is admitted without evidence", at: t.range("by admit")),
            Diagnostic(.error, .stepRefuted, "step 1 does not hold on instance 'Gaussian encoder'", at: t.range(refutedLine),
                       notes: [Note("left minus right normalises to -4*a, not 0"),
                               Note("counterexample: a = 1/2 gives 1/4 versus 9/4", at: t.range("(a - 1)^2"))]),
            Diagnostic(.error, .stepUnknown, "step 1 could not be decided (n = 3)", at: t.range(">= 0 by algebra")),
            Diagnostic(.note, .sideConditionAssumed, "assumed p(z | x) > 0 for log-quotient", at: t.range("by log-quotient")),
        ]
        return FileCheckResult(file: file, chains: chains, diagnostics: diagnostics, seed: 42)
    }

    private static func hint(_ t: SourceText, _ name: String, _ occurrence: Int = 0) -> Hint {
        Hint(name: t.located(name, name, occurrence), range: t.range(name, occurrence))
    }

    // MARK: - A small fixture for the goldens

    static let smallText = """
    title "Completing the square"
    real x, b
    latex b "\\beta"

    derive "square"
          x^2 + 2*b*x
        = (x + b)^2 - b^2    by complete-square
        >= -b^2              by algebra
    end
    """

    static func small() throws -> FileCheckResult {
        let t = SourceText(text: smallText)
        let l1 = "= (x + b)^2 - b^2    by complete-square"
        let l2 = ">= -b^2              by algebra"
        let chain = Chain(name: t.located("square", "square\""), isClaim: false, start: try t.expr("x^2 + 2*b*x"),
                          steps: [Step(relation: t.located(.equal, l1), rhs: try t.expr("(x + b)^2 - b^2"),
                                       hints: [hint(t, "complete-square")], range: t.range(l1)),
                                  Step(relation: t.located(.greaterEqual, l2), rhs: try t.expr("-b^2", at: "-b^2 "),
                                       hints: [hint(t, "algebra")], range: t.range(l2))],
                          range: t.range("derive \"square\""))
        let items: [Item] = [
            .declaration(Declaration(sort: .scalar(.real), keyword: t.located("real", "real"),
                                     names: [t.located(Symbol("x"), "x,"), t.located(Symbol("b"), "b\n")], range: t.range("real x, b"))),
            .latexName(LaTeXOverride(name: t.located("b", "b \""), rendering: t.located("\\beta", "\\beta"), range: t.range("latex b"))),
            .chain(chain),
        ]
        let file = DerivationFile(name: "square.drv", text: smallText, title: t.located("Completing the square", "Completing the square"),
                                  items: items)
        var ev1 = Evidence()
        ev1.method = "canonical form"
        ev1.rules = ["complete-square"]
        ev1.points = 16
        ev1.seed = 1
        var ev2 = Evidence()
        ev2.points = 64
        ev2.tolerance = 1e-9
        ev2.seed = 1
        ev2.margin = "0 at x = -1, b = 1"
        let result = ChainResult(name: "square", isClaim: false, familyAssignment: [], range: chain.range, start: chain.start.value,
                                 steps: [StepResult(index: 1, relation: .equal, lhs: chain.start.value, rhs: chain.steps[0].rhs.value,
                                                    orderTerm: nil, hints: ["complete-square"], range: chain.steps[0].range,
                                                    verdict: .proved, evidence: ev1),
                                         StepResult(index: 2, relation: .greaterEqual, lhs: chain.steps[0].rhs.value,
                                                    rhs: chain.steps[1].rhs.value, orderTerm: nil, hints: ["algebra"],
                                                    range: chain.steps[1].range, verdict: .numeric, evidence: ev2)],
                                 composedRelation: .greaterEqual)
        return FileCheckResult(file: file, chains: [result], diagnostics: [], seed: 1)
    }

    // MARK: - A file that failed to parse

    static func broken() -> FileCheckResult {
        let text = "title \"Broken\"\nderive \"x\"\n  x +\nend\n"
        let t = SourceText(text: text)
        let file = DerivationFile(name: "broken.drv", text: text, title: t.located("Broken", "Broken"))
        // A chain whose only step failed to parse: it is reported with no steps.
        let empty = ChainResult(name: "x", isClaim: false, familyAssignment: [], range: t.range("derive \"x\""),
                                start: .symbol("x"), steps: [], composedRelation: .equal)
        return FileCheckResult(file: file, chains: [empty], diagnostics: [
            Diagnostic(.error, .parseError, "expected an expression after '+'", at: SourceRange(at: t.range("+\n").upperBound),
                       notes: [Note("a step must end with an expression")]),
            Diagnostic(.error, .fileTooLarge, "whole-file problem without a location", at: nil),
        ], seed: 0)
    }
}

private extension Evidence {
    /// A refuted step with no counterexample or residual: only notes.
    mutating func verdictFreeNotes() {
        notes = ["the numbers disagree at 3 of 64 points; the largest gap is at the edge of the domain"]
        points = 61
        tolerance = .infinity
        maxDeviation = .nan
    }
}
