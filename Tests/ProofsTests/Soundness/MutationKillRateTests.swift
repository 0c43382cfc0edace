// Mutation testing of the checker: the kill rate over every real derivation, the operators
// that write the mutants, and the classification of equivalent and weaker mutants.
import Foundation
import Testing
@testable import Proofs
@testable import Symbolic

/// The kill rate the real derivations must reach (issue 7). Never lower it; record a
/// shortfall with `withKnownIssue` and an explanation instead.
let killRateTarget = 0.99

/// Mutants checked per file in CI: a deterministic sample spread over each file (every k-th
/// mutant). The full run (every mutant of every file, `verify --mutate derivations/*.drv` in
/// release) is recorded in docs/soundness.md; set STEPWISE_MUTATION_FULL=1 to run it here.
let ciMutantsPerFile: Int? = ProcessInfo.processInfo.environment["STEPWISE_MUTATION_FULL"] != nil ? nil : 8

/// Mutation-tests every file of `derivations/` concurrently, in file order.
func mutateCorpus(seed: UInt64, samplePerFile: Int? = nil) async throws -> [FileMutationResult] {
    let paths = Repository.drvFiles(in: "derivations")
    var texts: [(String, String)] = []
    for p in paths { texts.append((p, try Repository.text(p))) }
    var options = MutationOptions()
    options.seed = seed
    options.samplePerFile = samplePerFile
    let tester = MutationTester(options: options)
    return await withTaskGroup(of: (Int, FileMutationResult).self) { group in
        for (i, (path, text)) in texts.enumerated() {
            group.addTask { (i, tester.run(text: text, name: path)) }
        }
        var out: [(Int, FileMutationResult)] = []
        for await r in group { out.append(r) }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

private func describe(_ results: [FileMutationResult]) -> String {
    results.map { r in
        let c = r.counts
        return "\(r.name): \(c.generated) mutants, \(c.equivalent) equivalent, \(c.killed) killed, \(c.survived) survived\n"
            + r.survivors.map { "  \(r.name):\($0.location): \($0.mutation.summary) — \($0.explanation)\n" }.joined()
    }.joined()
}

@Suite("mutation testing")
struct MutationKillRateTests {
    /// Checker inconsistencies found by mutation: a symbolic proof of an inequality whose
    /// other side is undefined at isolated points (a division by `P - Q` at `P = Q`). The
    /// numbers refute the step there, so the mutant is killed, but the report calls it a
    /// checker bug. See docs/soundness.md, "Checker inconsistencies".
    /// The derivations the kill rate must cover (any new file of `derivations/` is covered too).
    static let derivations: Set<String> = ["dropout-mlm.drv", "f-gan.drv", "gan-qp.drv", "gram-det.drv", "infomax.drv",
                                           "lipschitz.drv", "rmsprop-ode.drv", "vae-mi.drv"]

    static let knownInconsistencies: Set<String> = [
        "QP-4 upper|sign: P + Q → -P + Q",
        "QP-4 upper|sign: P + Q → P - Q",
    ]

    @Test("at least 99% of the non-equivalent mutants of every real derivation are killed (a sample in CI)",
          arguments: [0] as [UInt64])
    func killRate(seed: UInt64) async throws {
        let results = try await mutateCorpus(seed: seed, samplePerFile: ciMutantsPerFile)
        #expect(!results.isEmpty)
        // Every derivation is in the sample, including the ones added in session 3.
        let names = Set(results.map { String($0.name.split(separator: "/").last ?? "") })
        #expect(names.isSuperset(of: Self.derivations), "missing: \(Self.derivations.subtracting(names).sorted())")
        for r in results {
            #expect(r.inputDiagnostics.isEmpty, "\(r.name) does not parse")
            #expect(r.mutatedSteps > 0, "\(r.name): no step was mutated")
            #expect(r.mutants.count >= min(ciMutantsPerFile ?? 1, r.mutatedSteps), "\(r.name): too few mutants sampled")
        }
        let total = results.map(\.counts).reduce(MutationCounts(), +)
        let needed = ciMutantsPerFile == nil ? 500 : results.count * (ciMutantsPerFile ?? 0) / 2
        #expect(total.nonEquivalent >= needed, "too few mutants to measure a rate: \(total)")
        let rate = total.killRate ?? 0
        #expect(rate >= killRateTarget, "kill rate \(rate) below \(killRateTarget):\n\(describe(results))")

        // No mutant may make the checker contradict itself, apart from the known cases.
        let inconsistent = results.flatMap(\.mutants).filter { $0.status == .inconsistent }
        let unknown = inconsistent.filter { !Self.knownInconsistencies.contains("\($0.chain)|\($0.mutation.summary)") }
        #expect(unknown.isEmpty, "\(unknown.map { "\($0.chain)|\($0.mutation.summary): \($0.explanation)" })")
        withKnownIssue("a symbolic inequality proof ignores a division by zero at isolated points (docs/soundness.md)",
                       isIntermittent: true) {
            #expect(inconsistent.isEmpty)
        }
    }

    @Test("the same seed gives the same mutants and outcomes")
    func deterministic() throws {
        // Two steps with far more candidates than the cap, so the seed chooses (a real
        // derivation takes minutes in a debug build; gan-qp has ~500 mutants at cap 6).
        var options = MutationOptions()
        options.maxMutantsPerStep = 4
        func fingerprint() -> [String] {
            MutationTester(options: options).run(text: Self.twoSteps, name: "two.drv").mutants.map {
                "\($0.location) \($0.mutation.summary) \($0.status.rawValue) \($0.explanation)"
            }
        }
        let a = fingerprint(), b = fingerprint()
        #expect(a.count == 8)
        #expect(a == b)
        options.seed = 99
        #expect(fingerprint() != a, "another seed should choose other mutants when the cap binds")
    }

    /// Two steps with many candidate mutants each.
    static let twoSteps = """
    real x, y
    claim "first": (x + 2*y)^3 - 3*x*y = x^3 + 6*x^2*y + 12*x*y^2 + 8*y^3 - 3*x*y
    claim "second": (x - y)*(x + y) + 5*x = x^2 - y^2 + 5*x
    """

    @Test("the per-step cap bounds the number of mutants", arguments: [1, 3, 10])
    func cap(maximum: Int) throws {
        var options = MutationOptions()
        options.maxMutantsPerStep = maximum
        let r = MutationTester(options: options).run(text: Self.twoSteps, name: "two.drv")
        #expect(r.mutatedSteps == 2)
        #expect(r.mutants.count == 2 * maximum)
        for step in Set(r.mutants.map { "\($0.chain)#\($0.step)" }) {
            #expect(r.mutants.filter { "\($0.chain)#\($0.step)" == step }.count <= maximum)
        }
    }

    @Test("a sample per file is every k-th mutant, deterministic and spread over the file", arguments: [1, 4, 7])
    func sample(size: Int) throws {
        var options = MutationOptions()
        let all = MutationTester(options: options).run(text: Self.twoSteps, name: "two.drv").mutants.map(\.mutation.summary)
        options.samplePerFile = size
        let sampled = MutationTester(options: options).run(text: Self.twoSteps, name: "two.drv").mutants.map(\.mutation.summary)
        let stride = (all.count + size - 1) / size
        #expect(sampled == all.enumerated().filter { $0.offset % stride == 0 }.map(\.element))
        #expect(sampled.count <= size && sampled.count >= 1)
    }

    @Test("a file with errors is not mutated, and reports them")
    func inputErrors() {
        let r = MutationTester().run(text: "real x\nclaim \"c\": x = y\n", name: "bad.drv")
        #expect(r.mutants.isEmpty)
        #expect(r.inputDiagnostics.contains { $0.id == .undeclaredName })
    }

    @Test("steps that do not hold are skipped, not mutated")
    func skipsFailingSteps() {
        let text = """
        real x
        derive "d"
              (x + 1)^2
            = x^2 + 2*x + 1
            = x^2 + 1
        end
        """
        let r = MutationTester().run(text: text, name: "d.drv")
        #expect(r.mutatedSteps == 1)
        #expect(r.skippedSteps.map(\.step) == [2])
        #expect(!r.mutants.isEmpty)
        // The middle expression is also the left side of the failing step: only step 1 decides.
        #expect(r.mutants.allSatisfy { $0.status != .survived }, "\(r.mutants.map { "\($0.mutation.summary) \($0.status)" })")
    }

    @Test("classification: equal normal form, proved, implied by the original, killed", arguments: [
        // A reordered sum has the original's normal form.
        ("real x, y\nclaim \"c\": (x + y)^2 = x^2 + 2*x*y + y^2\n", "sign: x + y → x - y", MutantStatus.refuted),
        ("positive x\nclaim \"c\": x + 1/x >= 2\n", "relation: >= → <=", .refuted),
        ("positive x\nclaim \"c\": x + 1/x >= 2\n", "coefficient: 2 → 1", .equivalentByProof),
        // Fenchel-Young for -log: weakening the bound is true, and proved by comparing bounds.
        ("negative tn\npositive u\nclaim \"c\": tn*u <= -log(u) - 1 - log(-tn)\n", "sign: -log(u) - 1 - log(-tn) → -log(u) + 1 - log(-tn)", .impliedByOriginal),
        ("positive x\nclaim \"c\": x + 1/x >= 2\n", "coefficient: 2 → 3", .refuted),
        ("real x\nclaim \"c\": (x - 1)^2 = x^2 - 2*x + 1\n", "swap: x - 1 → 1 - x", .equivalentByNormalForm),
    ])
    func classification(text: String, summary: String, expected: MutantStatus) {
        var options = MutationOptions()
        options.maxMutantsPerStep = 10_000
        let r = MutationTester(options: options).run(text: text, name: "c.drv")
        let m = r.mutants.first { $0.mutation.summary == summary }
        #expect(m?.status == expected, "\(r.mutants.map { "\($0.mutation.summary): \($0.status.rawValue)" })")
    }
}

@Suite("mutation operators")
struct MutationOperatorTests {
    /// Mutants of the claim's right side, as text.
    private func rightSideMutants(_ declarations: String, _ rhs: String) -> [String: MutationKind] {
        let text = declarations + "\nclaim \"c\": 0 = " + rhs + "\n"
        let (file, diagnostics) = DrvParser.parse(text: text, name: "m.drv")
        guard !diagnostics.contains(where: { $0.severity == .error }), let chain = file.chains.first else { return [:] }
        let densities = file.declarations.flatMap { d -> [DensityShape] in
            guard case .density(let v, let c) = d.sort else { return [] }
            return d.names.map { DensityShape(name: $0.value.name, variables: v.count, conditions: c.count) }
        }
        var out: [String: MutationKind] = [:]
        for c in ExpressionMutator(densities: densities).candidates(of: chain.steps[0].rhs.value) {
            out[c.expr.description] = c.kind
        }
        return out
    }

    @Test("each operator writes the expected wrong variants", arguments: [
        ("real a, b", "a - b", ["a + b": MutationKind.signFlipped, "b - a": .argumentsSwapped, "a": .termDropped, "-a - b": .signFlipped]),
        ("real a, b", "3*a", ["4*a": .coefficientChanged, "2*a": .coefficientChanged, "6*a": .coefficientChanged,
                              "3/2*a": .coefficientChanged]),
        ("positive a, b", "log(a/b)", ["log(b/a)": .argumentsSwapped]),
        ("real x", "x^2", ["x^3": .exponentChanged, "x^1": .exponentChanged, "x^4": .exponentChanged]),
        ("positive u", "sqrt(u)", ["u": .exponentChanged]),
        ("real x\nfunction f(u)", "diff(f(x), x)", ["diff(f(x), x, 2)": .exponentChanged]),
        ("real x, z\ndensity p(z | x)", "p(z | x)", ["p(x | z)": .argumentsSwapped]),
        ("real x\ndensity p(x)\ndensity q(x)", "KL(p, q)", ["KL(q, p)": .argumentsSwapped]),
        ("real x\ndensity p(x)\ndensity q(x)", "E_{x ~ p}[x]", ["E_{x ~ q}[x]": .distributionChanged]),
        ("real x, z\ndensity p(z | x)\ndensity r(z | x)\ndensity q(z)", "E_{z ~ p(z | x)}[z]",
         ["E_{z ~ r(z | x)}[z]": .distributionChanged]),
    ] as [(String, String, [String: MutationKind])])
    func operators(declarations: String, rhs: String, expected: [String: MutationKind]) {
        let mutants = rightSideMutants(declarations, rhs)
        for (text, kind) in expected {
            #expect(mutants[text] == kind, "\(text) not among \(mutants.keys.sorted())")
        }
        #expect(mutants[rhs] == nil, "the original is not a mutant")
    }

    @Test("a density is only replaced by one of the same shape")
    func distributionShapes() {
        let mutants = rightSideMutants("real x, z\ndensity p(z | x)\ndensity q(z)", "E_{z ~ p(z | x)}[z]")
        #expect(!mutants.keys.contains { $0.contains("q(") })
    }

    @Test("inequalities are reversed; equalities are not")
    func relations() {
        #expect(Relation.lessEqual.reversed == .greaterEqual)
        #expect(Relation.greater.reversed == .less)
        #expect(Relation.equal.reversed == nil)
    }

    @Test("a mutation replaces exactly its range of the text")
    func apply() {
        let m = Mutation(kind: .signFlipped, site: .expression(step: 1), range: SourceRange(4, 9), replacement: "a - b",
                         before: "a + b", after: "a - b")
        #expect(m.apply(to: "x = a + b by algebra") == "x = a - b by algebra")
    }
}
