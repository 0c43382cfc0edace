// Instances bind densities to finite tables (decided exactly) and to normal mixtures
// (decided by quadrature); invalid ones are located errors.
import Testing
@testable import Proofs
import Symbolic

private func check(_ text: String) -> FileCheckResult { checkText(text, name: "bind.drv") }

@Suite("tables and mixtures in instances")
struct TableAndMixtureBindingTests {
    /// E[x] and E[x²]: the table's are 5/4 and 13/4; the mixture's are
    /// 1/3·0 + 2/3·3 = 2 and 1/3·1 + 2/3·(9 + 1/4) = 13/2.
    @Test("moments are exact for a table and by quadrature for a mixture; wrong ones are refuted", arguments: [
        ("table(x; -1, 1/4, 2, 3/4)", "5/4", "13/4", true, InstanceVerdict.exact),
        ("table(x; -1, 1/4, 2, 3/4)", "5/4", "3", false, .exact),
        ("normalmixture(x; 1/3, 0, 1, 2/3, 3, 1/4)", "2", "13/2", true, .numeric),
        ("normalmixture(x; 1/3, 0, 1, 2/3, 3, 1/4)", "3/2", "13/2", false, .numeric),
    ])
    func moments(binding: String, mean: String, second: String, holds: Bool, kind: InstanceVerdict) {
        let r = check("""
        real x
        density p(x)
        claim "mean": E_{x ~ p}[ x ] = \(mean)
        claim "second moment": E_{x ~ p}[ x^2 ] = \(second)
        instance "i"
            p(x) = \(binding)
        end
        """)
        #expect(r.holds == holds, "\(TextReport().render(r))")
        #expect(!r.hasInputErrors)
        // The step that holds was decided on the instance exactly (table) or numerically (mixture).
        let held = r.chains.flatMap(\.steps).first { $0.verdict != .refuted }?.instances.first
        #expect(held?.verdict == kind.verdict, "\(held?.summary ?? "")")
    }

    @Test("invalid tables and mixtures are located errors", arguments: [
        ("table(x; 0, 1/2, 1, 1/4)", "not a valid distribution"),
        ("table(x; 0, 1/2, 0, 1/2)", "not a valid distribution"),
        ("table(x; 0, 1/2, 1)", "takes"),
        ("normalmixture(x; 1/2, 0, 1, 1/2, 0)", "takes"),
        ("normalmixture(x; 1/2, 0, -1, 1/2, 0, 1)", "not a valid distribution"),
    ])
    func invalid(binding: String, message: String) {
        let r = check("real x\ndensity p(x)\nclaim \"c\": E_{x ~ p}[ x ] = 0\ninstance \"i\"\n    p(x) = \(binding)\nend\n")
        let errors = r.diagnostics.filter { $0.severity == .error }
        #expect(errors.contains { $0.message.contains(message) && $0.range != nil }, "\(errors.map(\.message))")
    }
}

/// The instance verdicts the table above expects.
enum InstanceVerdict: Sendable {
    case exact, numeric
    var verdict: Verdict { self == .exact ? .exact : .numeric }
}
