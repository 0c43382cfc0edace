// Checker weaknesses found by mutation testing, each with the wrong statement it used to
// accept and the true one it must still accept.
import Testing
@testable import Proofs
@testable import Symbolic

@Suite("checker strengthening from mutation testing")
struct SoundnessStrengtheningTests {
    /// (declarations and claim, whether it must hold, text the diagnostics must contain).
    @Test("wrong statements are refuted, true ones still hold", arguments: [
        // A stationary hint the numbers contradict (derivative not 0 there) is a wrong step.
        ("positive lambda, d\nreal z\nclaim \"c\": max_{z}[z - z^2/(2*lambda*d)] = lambda*d/2 by stationary(z = -lambda*d)\n",
         false, "the hint is wrong: the derivative in z is not 0"),
        ("positive lambda, d\nreal z\nclaim \"c\": max_{z}[z - z^2/(2*lambda*d)] = lambda*d/2 by stationary(z = lambda*d)\n",
         true, ""),
        // The true maximum with a point outside the domain u > 0.
        ("negative tn\npositive u\nclaim \"c\": sup_{u > 0}[tn*u + log(u)] = -1 - log(-tn) by stationary(u = 1/tn)\n",
         false, "is outside the domain"),
        // A point that is undefined for every admissible t1.
        ("real t1 < 1\npositive u\nclaim \"c\": sup_{u > 0}[t1*u - (1 - u)^2/u] = 2 - 2*sqrt(1 - t1) by stationary(u = 1/sqrt(t1 - 1))\n",
         false, "is undefined at every one of"),
        // An absolute value at most a negative number: the violation (6e-7) was hidden by an
        // absolute tolerance scaled by the radicand 8185.
        ("claim \"c\": abs((91 - sqrt(8185))/2 - 0.264505) <= -0.0000005\n", false, "does not hold"),
        ("claim \"c\": abs((91 - sqrt(8185))/2 - 0.264505) <= 0.0000005\n", true, ""),
        ("claim \"c\": abs((91 - sqrt(8185))/2 - 0.264505) >= 0.0000005\n", false, "does not hold"),
        // An identity between sides undefined at every real x confirms nothing.
        ("real x\nclaim \"c\": sqrt(-1 - x^2) = sqrt(-1 - x^2)\n", false, "undefined at every one of"),
        ("real x\nclaim \"c\": sqrt(1 + x^2) = sqrt(1 + x^2)\n", true, ""),
    ] as [(String, Bool, String)])
    func statement(text: String, holds: Bool, message: String) {
        let r = checkText(text, name: "s.drv")
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        #expect(r.holds == holds, "\(describeFailures(r))")
        if !message.isEmpty {
            let all = r.diagnostics.flatMap { [$0.message] + $0.notes.map(\.message) }
                + r.chains.flatMap(\.steps).flatMap(\.evidence.notes)
            #expect(all.contains { $0.contains(message) }, "\(all)")
        }
    }

    @Test("a mutated step that is a constant multiple of the original states the same", arguments: [0, 3] as [UInt64])
    func sameStatement(seed: UInt64) {
        // W(x e^x) - x = 0 is not a rational-normal-form identity; its negation is the same
        // statement.
        var options = MutationOptions()
        options.seed = seed
        options.maxMutantsPerStep = 10_000
        let r = MutationTester(options: options).run(text: "positive x\nclaim \"c\": lambertw(x*exp(x)) - x = 0\n", name: "c.drv")
        let negated = r.mutants.first { $0.mutation.site == .start && $0.mutation.after.hasPrefix("-(") }
        #expect(negated?.status == .equivalentByNormalForm, "\(r.mutants.map { "\($0.mutation.summary): \($0.status.rawValue)" })")
        #expect(negated?.explanation.contains("the same statement") == true, "\(negated?.explanation ?? "")")
    }

    @Test("a weaker bound is implied through a monotone context")
    func monotone() {
        var options = MutationOptions()
        options.maxMutantsPerStep = 10_000
        let text = "real t\npositive u\nclaim \"c\": t*u <= u*log(u) + exp(t - 1)\n"
        let r = MutationTester(options: options).run(text: text, name: "c.drv")
        let weaker = r.mutants.first { $0.mutation.summary == "sign: t - 1 → t + 1" }
        #expect(weaker?.status == .impliedByOriginal, "\(weaker?.explanation ?? "no such mutant")")
        let stronger = r.mutants.first { $0.mutation.summary == "coefficient: -1 → -2" }
        #expect(stronger?.status.isKilled == true, "\(stronger?.explanation ?? "no such mutant")")
    }
}

@Suite("no false alarms")
struct NoFalseAlarmTests {
    /// Seeds that once raised a false alarm, with the claim: a cancellation in
    /// log(2 - 2 sigmoid(v)) at v = 30 is noise of about 0.01, not a counterexample.
    @Test("a claim verifies under a seed that once failed", arguments: [
        ("derivations/f-gan.drv", "FGAN-7 JS", 15),
    ] as [(String, String, UInt64)])
    func seed(path: String, claim: String, seed: UInt64) throws {
        let r = checkText(try Repository.text(path), name: path, seed: seed, only: [claim])
        #expect(r.holds, "\(describeFailures(r))")
    }
}
