// A wrong step in each of the first real derivations is refuted: a sign, a factor of 2,
// a flipped inequality.
import Testing
@testable import Proofs
@testable import Symbolic

@Suite("wrong steps in the real derivations")
struct MutationTests {
    /// (file, claim or derivation name, text to find, replacement, what the mutation is).
    static let mutations: [(String, String, String, String, String)] = [
        ("derivations/gan-qp.drv", "QP-1 complete the square",
         "= lambda*d/2 - (z - lambda*d)^2/(2*lambda*d)", "= lambda*d/2 + (z - lambda*d)^2/(2*lambda*d)", "a sign"),
        ("derivations/gan-qp.drv", "QP-2 pointwise value at the optimal critic",
         "= lambda*d*(P - Q)^2/(4*(P + Q))", "= lambda*d*(P - Q)^2/(2*(P + Q))", "a factor of 2"),
        ("derivations/gan-qp.drv", "QP-5 upper bound, pointwise",
         "    <= P + Q\n", "    >= P + Q\n", "a flipped inequality"),
        ("derivations/f-gan.drv", "FGAN-3e Neyman conjugate",
         "= t2^2/4 + t2", "= t2^2/4 - t2", "a sign"),
        ("derivations/f-gan.drv", "FGAN-3d Pearson conjugate",
         "= 2 - 2*sqrt(1 - t1)", "= 2 - sqrt(1 - t1)", "a factor of 2"),
        ("derivations/f-gan.drv", "FGAN-4 Fenchel-Young (KL)",
         "t*u <= fkl(u) + exp(t - 1)", "t*u >= fkl(u) + exp(t - 1)", "a flipped inequality"),
        ("derivations/gram-det.drv", "GRAM-4 Lagrange's identity",
         "(x[i]*y[j] - x[j]*y[i])^2", "(x[i]*y[j] + x[j]*y[i])^2", "a sign"),
        ("derivations/gram-det.drv", "GRAM-4 Lagrange's identity",
         "- sum_{i = 1..n}[x[i]*y[i]]^2", "- 2*sum_{i = 1..n}[x[i]*y[i]]^2", "a factor of 2"),
    ]

    @Test("a mutated step is refuted", arguments: 0..<mutations.count)
    func mutated(index: Int) throws {
        let (path, name, find, replace, what) = Self.mutations[index]
        let original = try Repository.text(path)
        #expect(original.contains(find), "mutation target not found in \(path): \(find)")
        let text = original.replacingOccurrences(of: find, with: replace)
        let r = checkText(text, name: path, only: [name])
        let inputErrors = r.hasInputErrors
        #expect(!inputErrors, "\(describeFailures(r))")
        let verdicts = r.chains.flatMap(\.steps).map(\.verdict)
        #expect(verdicts.contains(.refuted), "\(what) in '\(name)' was not refuted: \(verdicts)")
    }
}
