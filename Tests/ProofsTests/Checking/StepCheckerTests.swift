// The step checker through whole files: hints, admitted steps, strict mode, order terms,
// chains that compose.
import Testing
@testable import Proofs
@testable import Symbolic

private func run(_ body: String, strict: Bool = false, seed: UInt64 = 0) -> FileCheckResult {
    let (file, parse) = DrvParser.parse(text: body, name: "test.drv")
    var diagnostics = parse
    if !parse.contains(where: { $0.severity == .error }) { diagnostics += SortChecker.analyze(file).diagnostics }
    var options = CheckOptions()
    options.strict = strict
    options.seed = seed
    return DerivationChecker(options: options).check(file, inputDiagnostics: diagnostics)
}

private func verdicts(_ r: FileCheckResult) -> [Verdict] { r.chains.flatMap(\.steps).map(\.verdict) }

@Suite("step checker")
struct StepCheckerTests {
    @Test("order terms are decided by series, and a wrong order is refuted", arguments: [
        ("claim \"c\": exp(h) = 1 + h + O(h^2) as h -> 0", Verdict.proved),
        ("claim \"c\": sin(h)/h = 1 - h^2/6 + O(h^4) as h -> 0", .proved),
        ("claim \"c\": sqrt(1 + h) = 1 + h/2 + O(h^2) as h -> 0", .proved),
        ("claim \"c\": exp(h) = 1 + O(h^2) as h -> 0", .refuted),
        ("claim \"c\": log(1 + h) = h - h^2/2 + O(h^2) as h -> 0", .proved),
        ("claim \"c\": cos(h) = 1 - h^2 + O(h^4) as h -> 0", .refuted),
        ("claim \"c\": (f(x + h) - f(x))/h = f'(x) + O(h) as h -> 0", .proved),
    ])
    func orderTerms(line: String, expected: Verdict) {
        let r = run("real h, x\nfunction f(u)\n" + line + "\n")
        #expect(verdicts(r) == [expected], "\(TextReport().render(r))")
    }

    @Test("Jensen's inequality proves a step for a convex or concave g in the right direction only", arguments: [
        ("E_{x ~ q}[ f(p(x)/q(x)) ] >= f(E_{x ~ q}[ p(x)/q(x) ])", true, ""),
        ("f(E_{x ~ q}[ p(x)/q(x) ]) <= E_{x ~ q}[ f(p(x)/q(x)) ]", true, ""),
        ("E_{x ~ q}[ log(p(x)/q(x)) ] <= log(E_{x ~ q}[ p(x)/q(x) ])", true, ""),
        ("E_{x ~ q}[ -2*log(p(x)/q(x)) ] >= -2*log(E_{x ~ q}[ p(x)/q(x) ])", true, ""),
        ("E_{x ~ q}[ (p(x)/q(x))^2 ] >= (E_{x ~ q}[ p(x)/q(x) ])^2", true, ""),
        ("E_{x ~ q}[ exp(x) ] >= exp(E_{x ~ q}[ x ])", true, ""),
        ("E_{x ~ q}[ h(x) ] <= h(E_{x ~ q}[ x ])", true, ""),
        ("E_{x ~ q}[ f(p(x)/q(x)) ] <= f(E_{x ~ q}[ p(x)/q(x) ])", false, "cannot be the smaller side"),
        ("E_{x ~ q}[ log(p(x)/q(x)) ] >= log(E_{x ~ q}[ p(x)/q(x) ])", false, "cannot be the larger side"),
        ("E_{x ~ q}[ f(p(x)/q(x)) ] > f(E_{x ~ q}[ p(x)/q(x) ])", false, "not strict"),
        ("E_{x ~ q}[ sigmoid(x) ] >= sigmoid(E_{x ~ q}[ x ])", false, "not g(A)"),
        ("E_{x ~ q}[ g(x) ] >= g(E_{x ~ q}[ x ])", false, "not g(A)"),
        ("E_{x ~ q}[ f(p(x)/q(x)) ] >= f(E_{x ~ p}[ p(x)/q(x) ])", false, "the other side is not"),
        ("E_{x ~ q}[ f(2*x) ] >= 2*f(E_{x ~ q}[ x ])", false, "the other side is not"),
        // log is concave on [0, ∞) only: on a negative argument both sides are undefined.
        ("E_{x ~ q}[ log(-1 - x^2) ] <= log(E_{x ~ q}[ -1 - x^2 ])", false, "log is concave only for arguments ≥ 0"),
        ("E_{x ~ q}[ log(x) ] <= log(E_{x ~ q}[ x ])", false, "x ≥ 0 is not proved"),
    ])
    func jensen(step: String, proved: Bool, reason: String) {
        let r = run("""
        real x
        density p(x)
        density q(x)
        function f(u) convex
        function h(u) concave
        function g(u)
        claim "c": \(step)   by jensen
        """)
        let outcome = r.chains.first?.steps.first
        #expect((outcome?.verdict == .proved) == proved, "\(TextReport().render(r))")
        if proved {
            #expect(outcome?.evidence.method == "Jensen")
        } else {
            #expect(outcome?.evidence.notes.contains { $0.contains(reason) } == true, "\(outcome?.evidence.notes ?? [])")
        }
    }

    @Test("an assumed equality with a compound left side is a fact the checker uses", arguments: [
        ("assume f(1) = 0\n", Verdict.proved),
        ("assume f(1) = 1\n", .refuted),
        ("", .refuted),      // a generic f need not vanish at 1
    ])
    func assumedFacts(assumption: String, expected: Verdict) {
        let r = run("real x\nfunction f(u)\n" + assumption + "claim \"c\": x + f(1) = x\n")
        #expect(verdicts(r) == [expected], "\(TextReport().render(r))")
    }

    @Test("stand-ins for f pass through an assumed f(1) = 0, so D_f >= 0 holds on instances", arguments: [0, 1, 2, 3, 4, 5] as [UInt64])
    func pinnedStandIns(seed: UInt64) {
        let r = run("""
        real x
        density p(x)
        density q(x)
        function f(u) convex
        assume f(1) = 0
        derive "D_f >= 0"
              E_{x ~ q}[ f(p(x)/q(x)) ]
           >= f(E_{x ~ q}[ p(x)/q(x) ])     by jensen
            = f(1)                          by change-of-measure
            = 0
        end
        instance "shifted"
            p(x) = normal(x; 0, 1)
            q(x) = normal(x; 1/2, 1)
        end
        """, seed: seed)
        #expect(r.holds, "\(TextReport().render(r))")
        #expect(verdicts(r) == [.proved, .proved, .proved])
    }

    @Test("a Jensen step in the wrong direction is refuted on an instance")
    func jensenOnInstances() {
        let body = { (relation: String) in """
        real x
        density q(x)
        claim "c": E_{x ~ q}[ exp(x) ] \(relation) exp(E_{x ~ q}[ x ])   by jensen
        instance "standard normal"
            q(x) = normal(x; 0, 1)
        end
        """ }
        #expect(verdicts(run(body(">="))) == [.proved])
        let wrong = run(body("<="))
        #expect(verdicts(wrong) == [.refuted], "\(TextReport().render(wrong))")
    }

    @Test("chains compose their relations and report the conclusion")
    func composition() {
        let r = run("""
        positive x
        derive "AM-GM for x and 1/x"
              x + 1/x
            = (sqrt(x) - 1/sqrt(x))^2 + 2
            >= 2
        end
        """)
        #expect(verdicts(r) == [.proved, .proved])
        #expect(r.chains.first?.composedRelation == .greaterEqual)
        #expect(r.holds)
    }

    @Test("an admitted step is accepted with a warning, and an error under --strict")
    func admitted() {
        let text = "real x\nclaim \"c\": x^2 = x   by admit\n"
        let lenient = run(text)
        #expect(verdicts(lenient) == [.admitted])
        #expect(lenient.holds)
        #expect(lenient.diagnostics.contains { $0.id == .admittedStep && $0.severity == .warning })
        #expect(lenient.diagnostics.first { $0.id == .admittedStep }?.notes.contains { $0.message.contains("numbers disagree") } == true)
        let strict = run(text, strict: true)
        #expect(!strict.holds)
        #expect(strict.diagnostics.contains { $0.id == .admittedStep && $0.severity == .error })
    }

    @Test("a step that needs an unstated positivity is refuted where the assumption fails; stating it proves the step")
    func missingAssumption() {
        let wrong = run("real x, y\nclaim \"c\": log(x*y) = log(x) + log(y)\n")
        #expect(verdicts(wrong) == [.refuted])
        let right = run("positive x, y\nclaim \"c\": log(x*y) = log(x) + log(y)   by log-product\n")
        #expect(verdicts(right) == [.proved])
        #expect(right.chains.first?.steps.first?.evidence.rules == ["log-product"])
    }

    @Test("--strict turns an assumed side condition into an error")
    func strictSideConditions() {
        // exp(log(x)) = x needs nothing; log(x^2) = 2 log(x) needs x > 0, which holds on the
        // sampled region only because x is declared nonnegative (so 0 < x is never violated
        // at a sampled point, but not proved either).
        let text = "nonnegative x\nclaim \"c\": log(x^2) = 2*log(x)\n"
        let lenient = run(text)
        #expect(lenient.holds, "\(TextReport().render(lenient))")
        #expect(lenient.diagnostics.contains { $0.id == .sideConditionAssumed && $0.severity == .warning })
        let strict = run(text, strict: true)
        #expect(!strict.holds)
    }

    @Test("instances bind values and functions and can refute a step")
    func instances() {
        let r = run("""
        real x
        function f(u)
        claim "c": f(x)^2 = f(x^2)
        instance "identity"
            f(u) = u
        end
        """)
        #expect(verdicts(r) == [.refuted])
        let ok = run("""
        positive x
        function f(u)
        claim "c": f(2*x) = 2*f(x)   by numeric
        instance "linear"
            f(u) = 3*u
        end
        """)
        // The generic stand-in for f refutes the claim; the instance alone would not.
        #expect(verdicts(ok) == [.refuted])
    }

    @Test("an undecidable step is unknown and says why", arguments: [0, 1] as [UInt64])
    func unknown(seed: UInt64) {
        // An expectation under an opaque density with no instance: nothing can evaluate it.
        let r = run("real x, y\ndensity p(x)\nclaim \"c\": E_{x ~ p}[x] = y\n", seed: seed)
        #expect(!r.hasInputErrors, "\(r.diagnostics)")
        #expect(verdicts(r) == [.unknown])
        let diagnostic = r.diagnostics.first { $0.id == .stepUnknown }
        #expect(diagnostic?.notes.contains { $0.message.contains("cannot evaluate") } == true)
        #expect(!r.holds)
    }
}

@Suite("finite sums in steps")
struct FiniteSumStepTests {
    @Test("a sum with a symbolic bound is proved in closed form, and a wrong formula is refuted at an integer n", arguments: [
        ("sum_{i = 1..n}[i] = n*(n + 1)/2", Verdict.proved),
        ("sum_{i = 1..n}[i^2] = n*(n + 1)*(2*n + 1)/6", .proved),
        ("sum_{i = 0..n}[w^i] = (1 - w^(n + 1))/(1 - w)", .proved),
        ("sum_{i = 1..n}[i] = n^2/2", .refuted),
        ("sum_{i = 1..n}[i^2] = n*(n + 1)*(2*n + 1)/3", .refuted),
        ("sum_{i = 0..n}[w^i] = (1 - w^n)/(1 - w)", .refuted),
    ])
    func sums(claim: String, expected: Verdict) {
        let r = run("natural n\nprobability w\nclaim \"c\": " + claim + "\n")
        #expect(verdicts(r) == [expected], "\(TextReport().render(r))")
    }
}

@Suite("matrices of symbolic size")
struct SampledSizeTests {
    private func members(_ r: FileCheckResult) -> [String] { r.chains.map(\.familyText) }

    @Test("a claim true at every size is numeric evidence, never proved")
    func demoted() {
        let r = run("natural n\nmatrix A[n, n]\nmatrix C[n, n]\nclaim \"c\": trace(A + C) = trace(A) + trace(C)\n")
        #expect(members(r) == ["n = 1", "n = 2", "n = 3"])
        #expect(verdicts(r) == [.numeric, .numeric, .numeric], "\(TextReport().render(r))")
        #expect(r.chains.allSatisfy { $0.steps[0].evidence.notes.first?.contains("sizes are sampled") == true })
        #expect(r.diagnostics.contains { $0.id == .sampledSizes && $0.severity == .note })
    }

    @Test("a claim true only at size 1 is refuted at size 2")
    func refuted() {
        let r = run("natural n\nmatrix A[n, n]\nclaim \"c\": det(A) = trace(A)\n")
        #expect(verdicts(r).first == .proved || verdicts(r).first == .numeric)
        #expect(verdicts(r).dropFirst().allSatisfy { $0 == .refuted }, "\(TextReport().render(r))")
        #expect(!r.holds)
    }

    @Test("declared ranges and assumed relations choose the sizes", arguments: [
        ("natural n\nassume n >= 2\nvector v[n]\n", "v^T*v >= 0", ["n = 2", "n = 3", "n = 4"]),
        ("natural m, n\nassume n <= m\nmatrix B[m, n]\n", "det(B^T*B) >= 0",
         ["m = 1, n = 1", "m = 2, n = 1", "m = 2, n = 2", "m = 3, n = 1", "m = 3, n = 2", "m = 3, n = 3"]),
    ])
    func sizes(header: String, claim: String, expected: [String]) {
        let r = run(header + "claim \"c\": " + claim + "\n")
        #expect(members(r) == expected, "\(TextReport().render(r))")
        #expect(r.holds, "\(TextReport().render(r))")
    }

    @Test("a family states the sizes, and its proofs stand")
    func family() {
        let r = run("natural n\nmatrix A[n, n]\nmatrix C[n, n]\nfor n in 2..3\nclaim \"c\": trace(A + C) = trace(A) + trace(C)\n")
        #expect(verdicts(r) == [.proved, .proved], "\(TextReport().render(r))")
        #expect(!r.diagnostics.contains { $0.id == .sampledSizes })
    }
}

@Suite("inequalities by a stationary point")
struct StationaryBoundTests {
    /// The difference of the sides is convex in t with its minimum at the hinted point.
    @Test("Fenchel-Young and tangent-line bounds are proved; a wrong hint or a wrong bound is refuted", arguments: [
        ("t*u <= u*log(u) + exp(t - 1)", "t = log(u) + 1", Verdict.proved),
        ("tn*u <= -log(u) - 1 - log(-tn)", "tn = -1/u", .proved),
        ("f(v) >= f(w) + f'(w)*(v - w)", "v = w", .proved),
        ("g(v) <= g(w) + g'(w)*(v - w)", "v = w", .proved),
        ("f(u) >= f(w) + f'(w)*(u - w)", "u = w", .refuted),                 // the hint's w is outside u > 0
        ("t*u <= u*log(u) + exp(t - 1)", "t = log(u)", .refuted),          // true, but the hint is wrong
        ("t*u <= u*log(u) + exp(t - 1) - 1/10", "t = log(u) + 1", .refuted),
        ("f(v) <= f(w) + f'(w)*(v - w)", "v = w", .refuted),                 // a convex f is above, not below
        ("h(v) >= h(w) + h'(w)*(v - w)", "v = w", .refuted),                 // h is not declared convex
    ])
    func bounds(claim: String, hint: String, expected: Verdict) {
        let header = "positive u\nreal t, v, w\nnegative tn\nfunction f(x) convex\nfunction g(x) concave\nfunction h(x)\n"
        let r = run(header + "claim \"c\": \(claim)   by stationary(\(hint))\n")
        #expect(verdicts(r) == [expected], "\(TextReport().render(r))")
    }
}

@Suite("assumptions about entries")
struct EntryAssumptionTests {
    @Test("an assumption about an indexed entry constrains that entry in every step")
    func entries() {
        let r = run("vector x[3]\nassume x[2] >= 0\nassume x[1] > 1\nclaim \"a\": abs(x[2]) = x[2]\nclaim \"b\": log(x[1] - 1) <= x[1] - 2\nclaim \"c\": abs(x[3]) = x[3]\n")
        #expect(verdicts(r) == [.proved, .numeric, .refuted], "\(TextReport().render(r))")
        #expect(r.chains[0].steps[0].evidence.assumedConditions.isEmpty, "x[2] >= 0 is assumed, not needed")
    }
}
