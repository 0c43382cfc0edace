// lim and series operators, and order terms: by series where possible, else numerically.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("limits and series in steps")
struct AsymptoticsTests {
    static let declarations = "real t, x\npositive beta, tau, c\nprobability lambda\n"

    @Test("limits", arguments: [
        ("lim_{t -> 0}[ sin(t)/t ] = 1", Verdict.proved),
        ("lim_{t -> 0}[ sin(t)/t ] = 2", .refuted),
        ("lim_{x -> 0}[ (1 - beta*x)^(tau/x) ] = exp(-beta*tau)", .proved),
        ("lim_{x -> 0}[ (1 - beta*x)^(tau/x) ] = exp(-2*beta*tau)", .refuted),
        ("lim_{x -> inf}[ lambda^x ] = 0", .proved),
        ("lim_{t -> 0}[ (exp(t) - 1)/t ] = 1   by numeric", .numeric),
        ("lim_{t -> 0}[ (exp(t) - 1)/t ] = 1.001   by numeric", .refuted),
        ("series_{t -> 0, order 2}[ exp(t) ] = 1 + t + t^2/2", .proved),
        ("series_{t -> 0, order 2}[ exp(t) ] = 1 + t", .refuted),
        ("exp(x*c) = 1 + x*c + O(x^2) as x -> 0", .proved),
        ("exp(x*c) = 1 + O(x^2) as x -> 0", .refuted),
    ])
    func verdicts(claim: String, expected: Verdict) {
        let r = checkText(Self.declarations + "claim \"c\": " + claim + "\n", name: "lim.drv")
        #expect(r.chains.first?.verdict == expected, "\(TextReport().render(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency })
    }

    @Test func aProvedLimitIsCrossCheckedNumerically() throws {
        let r = checkText(Self.declarations + "claim \"c\": lim_{t -> 0}[ sin(t)/t ] = 1\n", name: "lim.drv")
        let notes = try #require(r.chains.first?.steps.first?.evidence.notes)
        #expect(notes.contains { $0.contains("(series)") && $0.contains("Richardson extrapolation agrees") }, "\(notes)")
    }

    @Test("Richardson extrapolation", arguments: [1.0, 2.0, 0.5])
    func richardson(p: Double) throws {
        // f(h) = 3 + 2 h^p at h = 2^-j.
        let values = (0..<10).map { 3 + 2 * pow(pow(2, -Double($0)), p) }
        let estimate = try #require(AsymptoticOperators.richardson(values))
        #expect(abs(estimate.value - 3) < 1e-9)
    }

    @Test func oscillationIsNotALimit() {
        let values = (0..<10).map { Double($0 % 2) }
        #expect(AsymptoticOperators.richardson(values) == nil)
    }
}

@Suite("rmsprop errata")
struct RMSpropErrataTests {
    /// Each erratum file and the claims in it that must be refuted.
    @Test("each erratum is refuted", arguments: [
        ("rmsprop-e1-error-heuristic.drv", ["E1 the error is o(gt) uniformly, also at theta = c*gt"]),
        ("rmsprop-e2-finite-time.drv", ["E2 theta_10 equals the flow at t_10"]),
        ("rmsprop-e3-two-clocks.drv", ["E3 lambda = 1 - beta times the adaptive step",
                                        "E3 lambda = 1 - beta*gamma^2 converges to the coupled flow"]),
        ("rmsprop-e4-bias.drv", ["E4 the averaged squared gradient tends to the squared full gradient"]),
        ("rmsprop-e6-equilibrium.drv", ["E6 the minimiser is a stable fixed point (epsilon = 1e-8, gt = 1/100, a = 1)"]),
        ("rmsprop-f2-langevin-factor.drv", ["F2 the flux of exp(-L/sigma^2) vanishes"]),
        ("rmsprop-f4-nesterov-order.drv", ["F4 the Nesterov-type scheme (20) is second order"]),
    ])
    func refuted(file: String, claims: [String]) throws {
        let path = "derivations/errata/" + file
        let r = checkText(try Repository.text(path), name: path)
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        for name in claims {
            let chain = r.chains.first { $0.name == name }
            #expect(chain?.verdict == .refuted, "\(name): \(chain.map { "\($0.verdict)" } ?? "missing")")
        }
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency })
    }
}
