// Note 08, instance 5.4: the GAN-QP divergence of N(0, 1) and N(1, 1), L = 0.389909, by one
// quadrature over the law of x_r - x_f (the reduction from the double integral is proved
// pointwise in gan-qp.drv). The same claims as gan-qp.drv, with wrong values beside them.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("GAN-QP on two Gaussians")
struct GaussianQuadraticPotentialTests {
    static let text = """
        density pxf(y)
        density pdu(u | y)
        density pdiff(u) = integral_{y}[ pxf(y) * pdu(u | y) ]
        claim "mean" on "5.4": E_{u ~ pdiff}[ u ] = -1
        claim "variance" on "5.4": E_{u ~ pdiff}[ (u + 1)^2 ] = 2
        claim "L" on "5.4": abs((1/4)*E_{u ~ pdiff}[ abs(u)*(1 - exp(u))^2/(1 + exp(u)) ] - VALUE) < 5e-7
        instance "5.4"
            pxf(y) = normal(y; 1, 1)
            pdu(u | y) = normal(u; -y, 1)
        end
        """

    @Test("L = 0.389909, and nearby values are refuted", arguments: [
        ("0.389909", Verdict.numeric),
        ("0.38991", .refuted),
        ("0.779818", .refuted),
    ])
    func value(value: String, expected: Verdict) throws {
        let r = checkText(Self.text.replacingOccurrences(of: "VALUE", with: value), name: "g.drv")
        let verdicts = Dictionary(uniqueKeysWithValues: r.chains.map { ($0.name, $0.verdict) })
        #expect(verdicts["mean"] == .exact && verdicts["variance"] == .exact, "\(TextReport().render(r))")
        #expect(verdicts["L"] == expected, "\(TextReport().render(r))")
    }
}
