// Mutation testing of dynamics claims: their written values are the sites (the claim's sides
// are built from names and cannot be printed back), every mutant is printable, wrong runs are
// refuted, and the two exclusions — a value equal under the `with` values, a later start of
// a cycle — are recognised.
import Testing
@testable import Proofs
@testable import Symbolic

@Suite("mutation testing of dynamics claims")
struct DynamicsMutationTests {
    static let signDescent = """
    real w, gamma, a
    recurrence signgd(w) step gamma
        w <- w - gamma*sign(w)
    end
    claim "three steps to 0.07":
        signgd runs 3 steps with gamma = 1/10 from w = 0.37 reaches w = 0.07 within 1e-12
    claim "the 2-cycle":
        signgd runs 3 steps with gamma = 1/10 from w = 0.37 cycles w in {0.07, -0.03} within 1e-12
    claim "the 2-cycle in a^2":
        signgd runs 3 steps with gamma = a/10, a = 1 from w = 0.37 cycles w in {0.07*a^2, -0.03} within 1e-12
    """

    private func mutants() -> [MutantResult] {
        var options = MutationOptions()
        options.maxMutantsPerStep = 10_000
        return MutationTester(options: options).run(text: Self.signDescent, name: "sign.drv").mutants
    }

    @Test("every mutant of a dynamics claim is printable and sits on a written value")
    func printable() {
        let all = mutants()
        #expect(!all.isEmpty)
        #expect(all.allSatisfy { $0.status != .unprintable },
                "\(all.filter { $0.status == .unprintable }.map { "\($0.mutation.summary): \($0.explanation)" })")
        #expect(all.allSatisfy {
            if case .dynamicsValue = $0.mutation.site { return true } else { return false }
        })
        // The tolerance is never a site.
        #expect(!all.contains { $0.mutation.before == "1e-12" || $0.mutation.before.contains("10^(-12)") })
    }

    @Test("wrong runs are refuted", arguments: [
        ("three steps to 0.07", "coefficient: 3 → 4"),      // one step more: -0.03
        ("three steps to 0.07", "coefficient: 37/100 → 137/100"),
        ("three steps to 0.07", "coefficient: 7/100 → 7/50"),
        ("three steps to 0.07", "coefficient: 1/10 → 1/20"),   // the step size
        ("the 2-cycle", "coefficient: -3/100 → -3/50"),
    ])
    func refuted(chain: String, summary: String) {
        let m = mutants().first { $0.chain == chain && $0.mutation.summary == summary }
        #expect(m?.status == .refuted, "\(m.map { "\($0.status.rawValue): \($0.explanation)" } ?? "no such mutant")")
    }

    @Test("a cycle stated from a later step is implied; an earlier one is checked")
    func laterCycleStart() {
        let all = mutants().filter { $0.chain == "the 2-cycle" }
        let later = all.first { $0.mutation.summary == "coefficient: 3 → 6" }
        #expect(later?.status == .impliedByOriginal, "\(later.map { "\($0.status.rawValue): \($0.explanation)" } ?? "none")")
        // From step 2 the orbit is 0.17 → 0.07 → -0.03 → 0.07: not yet the cycle.
        let earlier = all.first { $0.mutation.summary == "coefficient: 3 → 2" }
        #expect(earlier?.status == .refuted, "\(earlier.map { "\($0.status.rawValue): \($0.explanation)" } ?? "none")")
    }

    @Test("a value equal to the original once the 'with' values are substituted is equivalent")
    func equalUnderBindings() {
        let all = mutants().filter { $0.chain == "the 2-cycle in a^2" }
        let cubed = all.first { $0.mutation.summary == "exponent: a^2 → a^3" }
        #expect(cubed?.status == .equivalentByNormalForm, "\(all.map { "\($0.mutation.summary): \($0.status.rawValue)" })")
        // A changed `with` value changes the run: never equivalent by substitution.
        let withChanged = all.first { $0.mutation.summary == "coefficient: 1 → 2" && $0.mutation.before == "1" }
        #expect(withChanged.map { $0.status != .equivalentByNormalForm } ?? true)
    }
}
