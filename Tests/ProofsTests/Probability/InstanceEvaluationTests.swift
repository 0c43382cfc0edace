// Expectations on instances: exact values, quadrature, divergence, Monte Carlo.
import Testing
@testable import Proofs
@testable import Symbolic

private func run(_ body: String, seed: UInt64 = 0) -> FileCheckResult {
    let (file, parse) = DrvParser.parse(text: body, name: "test.drv")
    var diagnostics = parse
    if !parse.contains(where: { $0.severity == .error }) { diagnostics += SortChecker.analyze(file).diagnostics }
    var options = CheckOptions()
    options.seed = seed
    return DerivationChecker(options: options).check(file, inputDiagnostics: diagnostics)
}

private let pairs = """
real x
density p(x)
density q(x)
let fpearson(u) = (1 - u)^2/u
let fneyman(u) = (u - 1)^2
instance "pair A"
    p(x) = normal(x; 0, 1)
    q(x) = normal(x; 1, 2)
end

"""

@Suite("expectations on instances")
struct InstanceEvaluationTests {
    @Test("Gaussian KL in closed form is decided exactly", arguments: [
        ("KL(p, q) = log(2)/2", Verdict.exact),
        ("KL(q, p) = 1 - log(2)/2", .exact),
        ("KL(p, q) = log(2)/2 + 1/1000", .refuted),
    ])
    func gaussianKL(claim: String, expected: Verdict) {
        let r = run(pairs + "claim \"c\" on \"pair A\": \(claim)\n")
        let verdicts = r.chains.flatMap(\.steps).map(\.verdict)
        #expect(verdicts == [expected], "\(TextReport().render(r))")
    }

    @Test("a divergent integral is reported as divergent, never averaged", arguments: [
        // Equal to a finite number: false, because the left side has no finite value.
        ("= 1", Verdict.refuted),
        ("= 0.284025", .refuted),
        // An inequality with a divergent side is not judged.
        (">= 0", .unknown),
    ])
    func divergence(relation: String, expected: Verdict) {
        let r = run(pairs + "claim \"c\" on \"pair A\": E_{x ~ q}[ fpearson(p(x)/q(x)) ] \(relation)\n")
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [expected], "\(TextReport().render(r))")
        let notes = r.diagnostics.flatMap(\.notes).map(\.message).joined(separator: " ")
        #expect(notes.contains("diverges"), "\(notes)")
    }

    @Test("the convergent chi-square of the same pair is found by quadrature")
    func convergent() {
        let r = run(pairs + "claim \"c\" on \"pair A\": E_{x ~ q}[ fneyman(p(x)/q(x)) ] = 2/sqrt(3)*exp(1/3) - 1\n")
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [.numeric], "\(TextReport().render(r))")
    }

    @Test("three continuous variables go to Monte Carlo with a z-test", arguments: [11, 12] as [UInt64])
    func monteCarlo(seed: UInt64) {
        let text = """
        real x, y, z
        density a(x)
        density b(y | x)
        density c(z | y)
        instance "chain"
            a(x) = normal(x; 0, 1)
            b(y | x) = normal(y; x, 1)
            c(z | y) = normal(z; y, 1)
            samples 20000
        end
        claim "mean of z^2" on "chain": E_{x ~ a, y ~ b(y|x), z ~ c(z|y)}[ z^2 + sin(x*y*z) ] = 3
        claim "a wrong mean" on "chain": E_{x ~ a, y ~ b(y|x), z ~ c(z|y)}[ z^2 + sin(x*y*z) ] = 3.3
        """
        let r = run(text, seed: seed)
        let verdicts = r.chains.flatMap(\.steps).map(\.verdict)
        #expect(verdicts == [.sampled, .refuted], "\(TextReport().render(r))")
        let summary = r.chains.first?.steps.first?.evidence.samples.first ?? ""
        #expect(summary.contains("n = 20000") && summary.contains("z = "), "\(summary)")
    }

    @Test("finite supports are enumerated exactly")
    func finite() {
        let text = """
        real x
        density p(x)
        instance "die"
            p(x) = categorical(x; 1/6, 1/6, 1/6, 1/6, 1/6, 1/6)
        end
        claim "mean" on "die": E_{x ~ p}[ x ] = 5/2
        claim "variance" on "die": E_{x ~ p}[ (x - 5/2)^2 ] = 35/12
        claim "entropy" on "die": H(p) = log(6)
        """
        let r = run(text)
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [.exact, .exact, .exact], "\(TextReport().render(r))")
    }

    /// An instance whose densities mention a free parameter (`s` in `normal(z; s*x, 1)`):
    /// quadrature and the closed-form marginal take its value at each sampled point. Before,
    /// the distributions were built without it and the instance added no evidence.
    static let freeScale = """
    real x, z
    probability s
    density ptilde(x)
    density p(z | x)
    density pz(z) = integral_{x}[ ptilde(x) * p(z | x) ]
    instance "free scale"
        ptilde(x) = normal(x; 0, 1)
        p(z | x) = normal(z; s*x, 1)
    end

    """

    @Test("an instance parameter the step mentions reaches the distributions", arguments: [
        // z ~ N(0, 1 + s^2), so E cos(z) = exp(-(1 + s^2)/2).
        ("E_{z ~ pz}[ cos(z) ] = exp(-(1 + s^2)/2)", Verdict.numeric),
        ("E_{x ~ ptilde, z ~ p(z|x)}[ cos(z) ] = exp(-(1 + s^2)/2)", .numeric),
        ("E_{z ~ pz}[ cos(z) ] = exp(-(1 + s)/2)", .refuted),
        ("E_{x ~ ptilde, z ~ p(z|x)}[ cos(z) ] = exp(-(1 + s)/2)", .refuted),
        ("E_{z ~ pz}[ cos(z) ] <= exp(-s^2/2)", .numeric),
    ] as [(String, Verdict)], [0, 3] as [UInt64])
    func instanceParameter(case: (claim: String, expected: Verdict), seed: UInt64) {
        let (claim, expected) = `case`
        let r = run(Self.freeScale + "claim \"c\" on \"free scale\": \(claim)\n", seed: seed)
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [expected], "\(TextReport().render(r))")
        let summaries = r.chains.flatMap(\.steps).flatMap(\.instances).map(\.summary).joined(separator: " ")
        if expected == .refuted { #expect(summaries.contains("at s = "), "\(summaries)") }
    }

    /// Densities at several conditioning values in one expression: each value gets its own
    /// distribution (the evaluator reuses the last one built only for the same values; the
    /// free-parameter tests above cover a parameter that changes between points).
    static let fixedScale = """
    real x, z
    density p(z | x)
    instance "fixed scale"
        p(z | x) = normal(z; x/2, 1)
    end

    """

    @Test("a conditional density at different conditions in one expression", arguments: [
        ("p(0 | 1) + p(0 | 2) + p(0 | 1) = (2*exp(-1/8) + exp(-1/2))/sqrt(2*pi)", Verdict.numeric),
        ("p(0 | 1) + p(0 | 2) + p(0 | 1) = (exp(-1/8) + 2*exp(-1/2))/sqrt(2*pi)", .refuted),
        ("p(z | 1) * p(z | 2) = exp(-(z - 1/2)^2/2 - (z - 1)^2/2)/(2*pi)", .numeric),
        ("p(z | 1) * p(z | 2) = exp(-(z - 1/2)^2)/(2*pi)", .refuted),
    ] as [(String, Verdict)])
    func conditions(case: (claim: String, expected: Verdict)) {
        let r = run(Self.fixedScale + "claim \"c\" on \"fixed scale\": \(`case`.claim)\n", seed: 5)
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [`case`.expected], "\(TextReport().render(r))")
    }

    @Test("an instance parameter the step does not mention is reported, not guessed")
    func unmentionedParameter() {
        let r = run(Self.freeScale + "claim \"c\" on \"free scale\": E_{x ~ ptilde, z ~ p(z|x)}[ cos(z) ] = exp(-1)\n")
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [.unknown], "\(TextReport().render(r))")
        let summaries = r.chains.flatMap(\.steps).flatMap(\.instances).map(\.summary).joined(separator: " ")
        #expect(summaries.contains("depends on its parameter 's', which has no value here"), "\(summaries)")
    }
}
