// A change of measure needs P ≪ Q: an instance that breaks it refutes the step and names the
// missing assumption (never a "checker bug"); one that satisfies it agrees.
import Testing
@testable import Proofs
import Symbolic

@Suite("absolute continuity")
struct AbsoluteContinuityTests {
    @Test("E_q[p/q] = 1 holds exactly when q covers p", arguments: [
        ("uniform(x; 0, 1)", "uniform(x; 0, 2)", true),
        ("normal(x; 0, 1)", "normal(x; 1, 2)", true),
        ("uniform(x; 0, 1)", "normal(x; 0, 1)", true),
        ("uniform(x; 0, 2)", "uniform(x; 0, 1)", false),
        ("normal(x; 0, 1)", "uniform(x; -1, 1)", false),
        ("normal(x; 0, 1)", "exponential(x; 1)", false),
    ])
    func changeOfMeasure(p: String, q: String, holds: Bool) {
        let text = """
        real x
        density p(x)
        density q(x)
        claim "c": E_{x ~ q}[ p(x)/q(x) ] = 1   by change-of-measure
        instance "i"
            p(x) = \(p)
            q(x) = \(q)
        end
        """
        let r = checkText(text, name: "ac.drv")
        #expect(r.holds == holds, "\(TextReport().render(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency }, "\(r.diagnostics)")
        if !holds {
            #expect(r.diagnostics.contains { d in d.notes.contains { $0.message.contains("needs p ≪ q") } }, "\(r.diagnostics)")
        }
    }

    @Test("supports: discrete against continuous is never absolutely continuous")
    func mixedSupports() {
        let text = """
        real x
        density p(x)
        density q(x)
        instance "i"
            p(x) = bernoulli(x; 1/2)
            q(x) = normal(x; 0, 1)
        end
        """
        let (file, _) = DrvParser.parse(text: text, name: "ac.drv")
        guard let instance = file.instances.first else { Issue.record("no instance"); return }
        let model = InstanceModel(instance)
        #expect(AbsoluteContinuity.violations(of: [("p", "q")], on: model).count == 1)
        #expect(AbsoluteContinuity.violations(of: [("q", "p")], on: model).count == 1)
        #expect(AbsoluteContinuity.violations(of: [("q", "q")], on: model).isEmpty)
    }
}
