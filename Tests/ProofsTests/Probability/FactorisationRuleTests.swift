// Independence (Fubini) and Bayes: proved symbolically where the factorisation allows it,
// refused where it does not, and checked on Gaussian instances either way.
import Testing
@testable import Proofs
import Symbolic

private func check(_ body: String) -> FileCheckResult { checkText(body, name: "test.drv") }

private let declarations = """
real x, z, y
density ptilde(x)
density p(z | x)
density q(z)
density r(y)
density pz(z) = integral_{x}[ ptilde(x) * p(z | x) ]
density post(x | z) = ptilde(x) * p(z | x) / pz(z)

"""

private let gaussian = """

instance "gaussian"
    ptilde(x) = normal(x; 1/2, 1)
    p(z | x) = normal(z; 2*x, 1/4)
    q(z) = normal(z; -1, 2)
    r(y) = normal(y; 3, 1)
end
"""

@Suite("factorisation rules")
struct FactorisationRuleTests {
    @Test("independent clauses factor; dependent ones do not", arguments: [
        // independent: E[x z] = E[x] E[z]
        ("E_{x ~ ptilde, z ~ q}[ x*z ] = E_{x ~ ptilde}[ x ]*E_{z ~ q}[ z ]", Verdict.proved, ["independence"]),
        ("E_{x ~ ptilde, y ~ r, z ~ q}[ x*y^2*z ] = E_{x ~ ptilde}[ x ]*E_{y ~ r}[ y^2 ]*E_{z ~ q}[ z ]", .proved, ["independence"]),
        // a clause nothing uses drops out
        ("E_{x ~ ptilde, z ~ q}[ x ] = E_{x ~ ptilde}[ x ]", .proved, []),
        // dependent: z | x is not independent of x (E[x z] = E[2x^2] = 5/2 ≠ 1/2 · 1)
        ("E_{x ~ ptilde, z ~ p(z|x)}[ x*z ] = E_{x ~ ptilde}[ x ]*E_{x ~ ptilde, z ~ p(z|x)}[ z ]", .refuted, []),
    ])
    func independence(step: String, expected: Verdict, rules: [String]) {
        let r = check(declarations + "claim \"c\": \(step)" + gaussian)
        let outcome = r.chains.first?.steps.first
        #expect(outcome?.verdict == expected, "\(TextReport().render(r))")
        for rule in rules {
            #expect(outcome?.evidence.rules.contains(rule) == true, "\(outcome?.evidence.rules ?? [])")
        }
    }

    @Test("Bayes resamples a posterior factorisation and unfolds the posterior, only when cited", arguments: [
        ("E_{z ~ pz, x ~ post(x|z)}[ x*z ] = E_{x ~ ptilde, z ~ p(z|x)}[ x*z ]   by bayes", Verdict.proved),
        ("E_{z ~ pz, x ~ post(x|z)}[ log(post(x|z)) ] = E_{x ~ ptilde, z ~ p(z|x)}[ log(ptilde(x)*p(z|x)/pz(z)) ]   by bayes", .proved),
    ])
    func bayes(step: String, expected: Verdict) {
        let r = check(declarations + "claim \"c\": \(step)\n")
        let outcome = r.chains.first?.steps.first
        #expect(outcome?.verdict == expected, "\(TextReport().render(r))")
        #expect(outcome?.evidence.rules.contains("bayes") == true, "\(outcome?.evidence.rules ?? [])")
    }

    @Test("without the hint, the sampling order is not changed; a pointwise posterior unfolds by definition")
    func bayesIsCitedOnly() {
        let r = check(declarations + "claim \"c\": E_{z ~ pz, x ~ post(x|z)}[ x*z ] = E_{x ~ ptilde, z ~ p(z|x)}[ x*z ]\n")
        #expect(r.chains.first?.steps.first?.verdict != .proved)
        let pointwise = check(declarations + "claim \"c\": post(x | z)*pz(z) = ptilde(x)*p(z | x)\n")
        #expect(pointwise.chains.first?.steps.first?.verdict == .proved, "\(TextReport().render(pointwise))")
    }

    @Test("a posterior that is not A·B/D for the declared marginal is not used", arguments: [
        "density post2(x | z) = ptilde(x) * p(z | x) / q(z)",
        "density post2(x | z) = ptilde(x) * p(z | x)",
    ])
    func wrongPosterior(declaration: String) {
        let r = check(declarations + declaration + "\nclaim \"c\": E_{z ~ pz, x ~ post2(x|z)}[ x*z ] = E_{x ~ ptilde, z ~ p(z|x)}[ x*z ]   by bayes\n")
        #expect(r.chains.first?.steps.first?.verdict != .proved, "\(TextReport().render(r))")
    }
}
