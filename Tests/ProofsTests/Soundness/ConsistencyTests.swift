// Internal consistency: a symbolic proof that the numbers contradict is a checker bug, and
// it stops the step with an error naming the rule — shown with deliberately unsound rules
// injected through the test-only hook.
import Testing
@testable import Proofs
@testable import Symbolic

private let x = Expr.hole("x")

/// Checks `text` with `rules` added to the checker's rule set.
private func checkWithInjectedRules(_ text: String, _ rules: [RewriteRule]) -> FileCheckResult {
    let front = FrontEnd.analyze(text: text, name: "unsound.drv")
    var options = CheckOptions()
    options.injectedRulesForTesting = rules
    return DerivationChecker(options: options).check(front.file, inputDiagnostics: front.diagnostics)
}

@Suite("internal consistency")
struct ConsistencyTests {
    static let sineIsCosine = try! RewriteRule("sine-is-cosine", .call(.sin, x), .call(.cos, x))
    static let expIsMinusOne = try! RewriteRule("exp-is-minus-one", .call(.exp, x), .minusOne)

    @Test("an unsound rule that closes a step is caught: checker-inconsistency naming the rule, and the run fails",
          arguments: [
              ("real x\nclaim \"sine\": sin(x) = cos(x)\n", "sine-is-cosine"),
              ("real x\nderive \"chain\"\n    sin(x) + 1\n  = cos(x) + 1\nend\n", "sine-is-cosine"),
              ("real x\nclaim \"negative exponential\": exp(x) <= 0\n", "exp-is-minus-one"),
          ])
    func unsoundRule(text: String, rule: String) {
        let r = checkWithInjectedRules(text, [Self.sineIsCosine, Self.expIsMinusOne])
        let inconsistencies = r.diagnostics.filter { $0.id == .checkerInconsistency }
        #expect(inconsistencies.count == 1, "\(describeFailures(r))")
        let d = inconsistencies.first
        #expect(d?.severity == .error)
        #expect(d?.message.contains(rule) == true, "the message names the rule: \(d?.message ?? "")")
        #expect(d?.range != nil, "the diagnostic is located")
        #expect(d?.notes.contains { $0.message.contains("bug in the checker") } == true)
        #expect(!r.holds, "the run fails")
        #expect(r.chains.flatMap(\.steps).allSatisfy { !$0.verdict.holds })
    }

    @Test("without the unsound rule the same steps are refuted, not inconsistent")
    func withoutTheRule() {
        let r = checkWithInjectedRules("real x\nclaim \"sine\": sin(x) = cos(x)\n", [])
        #expect(r.chains.flatMap(\.steps).map(\.verdict) == [.refuted])
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency })
    }

    @Test("a sound injected rule proves its step without complaint")
    func soundRule() throws {
        let doubleAngle = try RewriteRule("double-angle-test", .call(.sin, 2 * x), 2 * .call(.sin, x) * .call(.cos, x))
        let r = checkWithInjectedRules("real x\nclaim \"double\": sin(2*x) = 2*sin(x)*cos(x)\n", [doubleAngle])
        #expect(r.holds, "\(describeFailures(r))")
        #expect(!r.diagnostics.contains { $0.id == .checkerInconsistency })
    }

    @Test("through the command line's path: the rendered error names the rule")
    func rendered() {
        let r = checkWithInjectedRules("real x\nclaim \"sine\": sin(x) = cos(x)\n", [Self.sineIsCosine])
        let text = DiagnosticRenderer(file: r.file, options: DiagnosticRenderer.Options(showsIDs: true)).render(r.diagnostics)
        #expect(text.contains("unsound.drv:2:"))
        #expect(text.contains("sine-is-cosine"))
        #expect(text.contains("[checker-inconsistency]"))
    }
}
