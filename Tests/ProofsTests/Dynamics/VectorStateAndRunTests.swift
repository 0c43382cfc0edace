// Vector state variables (elementwise lines) and fixed-step runs (`runs N steps … reaches /
// cycles … within tol`), from .drv text to verdicts.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("vector states and runs")
struct VectorStateAndRunTests {
    /// Note 03's (15): RMSprop on a vector parameter, written elementwise.
    static let vectorHeader = """
        positive beta, epsilon
        probability lambda
        function L2(u, v)
        vector th[2], Gv[2]
        assume Gv[1] >= 0
        assume Gv[2] >= 0

        recurrence rms15(th, Gv) step gamma
            Gv <- lambda*Gv + (1 - lambda)*[L2'[1,0](th[1], th[2]), L2'[0,1](th[1], th[2])]^2
            th <- th - gamma*[L2'[1,0](th[1], th[2]), L2'[0,1](th[1], th[2])]/sqrt(Gv + epsilon)
        end
        ode flow15(th, Gv) time tau
            th' = -[L2'[1,0](th[1], th[2]), L2'[0,1](th[1], th[2])]/sqrt(Gv + epsilon)
            Gv' = beta*(hadamard([L2'[1,0](th[1], th[2]), L2'[0,1](th[1], th[2])], [L2'[1,0](th[1], th[2]), L2'[0,1](th[1], th[2])]) - Gv)
        end
        instance "coupled quadratic"
            beta = 2; epsilon = 1/100
            L2(u, v) = u^2/2 + 2*v^2 + u*v/2
        end

        """

    /// RMSprop (13) on L = a theta^2/2, the system of note 03's instance 6.5.
    static let runHeader = """
        positive a, epsilon
        probability lambda
        nonnegative G
        recurrence rmsquad(theta, G) step gamma
            G <- lambda*G + (1 - lambda)*(a*theta)^2
            theta <- theta - gamma*a*theta/sqrt(G + epsilon)
        end

        """

    static func step(_ text: String, claim: String = "c") -> (StepResult?, FileCheckResult) {
        let r = checkText(text, name: "v.drv")
        return (r.chains.first { $0.name == claim }?.steps.first, r)
    }

    @Test("the entry of an elementwise line", arguments: [
        ("lambda*G + (1 - lambda)*g^2", 2, "lambda*G[2] + (1 - lambda)*g[2]^2"),
        ("[a, b]/sqrt(G + epsilon)", 1, "a/sqrt(G[1] + epsilon)"),
        ("hadamard(g, [1, 2])", 2, "g[2]*2"),
        ("g[1] + L'(G)", 2, "g[1] + L'(G[2])"),
        ("[1/10, 3/5][x] + G", 1, "[1/10, 3/5][x] + G[1]"),
    ])
    func entries(line: String, index: Int, expected: String) throws {
        let e = try ExprParser(text: line).parse().expr
        let want = try ExprParser(text: expected).parse().expr
        let got = try EntrywiseLines.entry(e, index, length: 2, vectors: ["G", "g"])
        #expect(got == want, "\(got)")
    }

    @Test("a list of the wrong length or a matrix function in a vector line is an error", arguments: [
        "[a, b, c] + G", "det(G)", "G + h",
    ])
    func badEntries(line: String) throws {
        let e = try ExprParser(text: line).parse().expr
        #expect(throws: EntrywiseError.self) {
            try EntrywiseLines.entry(e, 1, length: 2, vectors: ["G"], others: ["h": 3])
        }
    }

    /// The relation between the decay and the step decides which flow (15) is a step of, as for
    /// the scalar RMSprop.
    @Test("(15) in vector form is a step of the preconditioned flow", arguments: [
        ("1 - beta*gamma", Verdict.proved),
        ("1 - beta*gamma^2", .refuted),
    ])
    func vectorSteps(relation: String, expected: Verdict) throws {
        let (s, r) = Self.step(Self.vectorHeader + "claim \"c\": rms15 steps flow15 with lambda = \(relation)\n")
        let step = try #require(s, "\(describeFailures(r))")
        #expect(step.verdict == expected, "\(TextReport().render(r))")
        if expected == .proved {
            #expect(step.evidence.method?.contains("sequential (semi-implicit) Euler step (Gv, then th)") == true)
        }
    }

    @Test func vectorConvergenceIsFirstOrder() throws {
        let (s, r) = Self.step(Self.vectorHeader + """
            claim "c" on "coupled quadratic": rms15 converges order 1 to flow15 as gamma -> 0 with lambda = 1 - beta*gamma
                from th = [1, 1], Gv = 1
                until tau = 1
            """)
        let step = try #require(s, "\(describeFailures(r))")
        #expect(step.verdict == .numeric, "\(TextReport().render(r))")
        let fit = try #require(step.evidence.convergence.first?.fit)
        #expect(abs(fit.order - 1) < 0.1)
    }

    /// Instance 6.5 of note 03, at 2 000 steps instead of 20 000 (the cycle is reached long before).
    @Test("runs: end states and cycles", arguments: [
        ("reaches theta = 0, G = 0 within 1e-12", "1e-4", Verdict.numeric),
        ("reaches theta = 0 within 1e-3", "1e-8", .refuted),
        ("cycles theta in {0.00499900, -0.00499900}, G in {2.499e-5, 2.499e-5} within 5e-9", "1e-8", .numeric),
        ("cycles theta in {sqrt(1/40000 - epsilon), -sqrt(1/40000 - epsilon)} within 1e-15", "1e-8", .numeric),
        ("cycles theta in {0.00223607, -0.00223607} within 5e-9", "2e-5", .numeric),
        ("cycles theta in {1/200, -1/200} within 1e-6", "2e-5", .refuted),
        ("cycles theta in {0.004999} within 1e-6", "1e-8", .refuted),
        ("cycles theta in {0.004999, -0.004999, 0.004999, -0.004999} within 1e-6", "1e-8", .refuted),
    ])
    func runs(target: String, epsilon: String, expected: Verdict) throws {
        let (s, r) = Self.step(Self.runHeader + """
            claim "c":
                rmsquad runs 2000 steps with gamma = 1/100, lambda = 9/10, epsilon = \(epsilon), a = 1
                from theta = 1, G = 0
                \(target)
            """)
        let step = try #require(s, "\(describeFailures(r))")
        #expect(step.verdict == expected, "\(TextReport().render(r))")
        if expected == .refuted { #expect(step.evidence.counterexample != nil) }
    }

    @Test func aShorterPeriodIsNamed() {
        let (_, r) = Self.step(Self.runHeader + """
            claim "c": rmsquad runs 2000 steps with gamma = 1/100, lambda = 9/10, epsilon = 1e-8, a = 1 from theta = 1, G = 0 cycles theta in {0.004999, -0.004999, 0.004999, -0.004999} within 1e-6
            """)
        #expect(r.diagnostics.flatMap(\.notes).contains { $0.message.contains("the orbit has period 2, not 4") },
                "\(describeFailures(r))")
    }

    @Test func aVectorRunReachesItsState() throws {
        // Two independent gradient-descent coordinates: theta_n = (1 - gamma c_i)^n theta_0.
        let (s, r) = Self.step("""
            vector w[2], c[2]
            recurrence gd(w) step gamma
                w <- w - gamma*c*w
            end
            claim "c": gd runs 3 steps with gamma = 1/10 from w = [1, 2] reaches w = [(9/10)^3, 2*(4/5)^3] within 1e-14
            instance "rates"
                c = [1, 2]
            end
            """)
        let step = try #require(s, "\(describeFailures(r))")
        #expect(step.verdict == .numeric, "\(TextReport().render(r))")
    }

    @Test func aRunBeyondTheStepLimitSaysSo() {
        let (s, r) = Self.step(Self.runHeader + """
            claim "c": rmsquad runs 2000000 steps with gamma = 1/100, lambda = 9/10, epsilon = 1e-8, a = 1 from theta = 1, G = 0 reaches theta = 0 within 1
            """)
        #expect(s?.verdict == .unknown)
        #expect(r.diagnostics.contains { $0.id == .limitExceeded && $0.notes.contains { $0.message.contains("maxRunSteps") } },
                "\(describeFailures(r))")
    }

    @Test func aValueOutsideItsDeclaredDomainIsNotRun() {
        let (s, r) = Self.step(Self.runHeader + """
            claim "c": rmsquad runs 3 steps with gamma = 1/10, lambda = 9/10, epsilon = 0, a = 1 from theta = 1, G = 0 reaches theta = 0 within 1
            """)
        #expect(s?.verdict == .unknown)
        #expect(r.diagnostics.contains { $0.message.contains("outside the declared domain of epsilon") }, "\(describeFailures(r))")
    }

    @Test func aRunWithoutTheStepIsUnknown() {
        let (s, r) = Self.step(Self.runHeader + """
            claim "c": rmsquad runs 20 steps with lambda = 9/10, epsilon = 1e-8, a = 1 from theta = 1, G = 0 reaches theta = 0 within 1
            """)
        #expect(s?.verdict == .unknown)
        #expect(r.diagnostics.flatMap(\.notes).contains { $0.message.contains("give the step with 'with gamma = …'") },
                "\(describeFailures(r))")
    }

    @Test("malformed runs and vector states are located errors", arguments: [
        ("claim \"c\": rmsquad runs 20 steps from theta = 1, G = 0 reaches theta = 0\n", "needs 'within tol'"),
        ("claim \"c\": rmsquad runs 20 steps from theta = 1, G = 0 within 1\n", "needs 'reaches x = …'"),
        ("claim \"c\": rmsquad runs 20 from theta = 1, G = 0 reaches theta = 0 within 1\n", "expected 'steps'"),
        ("claim \"c\": rmsquad runs 20 steps from theta = 1, G = 0 reaches theta = 0 cycles theta in {0} within 1\n",
         "either 'reaches' a state or 'cycles'"),
        ("claim \"c\": rmsquad runs 20 steps with gamma = 1 from theta = 1, G = 0 cycles theta in {1, 2}, G in {0} within 1\n",
         "one value per step of the period"),
        ("claim \"c\": rmsquad runs 20 steps with gamma = 1 from theta = 1 reaches theta = 0 within 1\n",
         "the initial value of 'G' is missing"),
        ("claim \"c\": rmsquad runs 20 steps with gamma = 1 from theta = 1, G = 0 reaches x = 0 within 1\n",
         "'x' is not a state variable"),
        ("vector v[3]\nrecurrence r(v) step h\n    v <- [1, 2]*v\nend\nclaim \"c\": r runs 1 steps with h = 1 from v = 0 reaches v = 0 within 1\n",
         "a list of 2 entries in a line about a vector of length 3"),
        ("vector v[2]\nrecurrence r(x) step h\n    x <- v\nend\nclaim \"c\": r runs 1 steps with h = 1 from x = 0 reaches x = 0 within 1\n",
         "a line about a scalar state variable is a scalar"),
        ("natural n\nvector v[n]\nrecurrence r(v) step h\n    v <- v/2\nend\nclaim \"c\": r runs 1 steps with h = 1 from v = 0 reaches v = 0 within 1\n",
         "needs a fixed length"),
        ("vector v[2]\nrecurrence r(v) step h\n    v <- v/2\nend\nclaim \"c\": r runs 1 steps with h = 1 from v = [1, 2, 3] reaches v = 0 within 1\n",
         "'v' has 2 entries; this list has 3"),
    ])
    func malformed(text: String, message: String) {
        let r = checkText(Self.runHeader + text, name: "bad.drv")
        let messages = r.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains(message) }, "\(messages)")
        #expect(r.diagnostics.filter { $0.severity == .error }.allSatisfy { $0.range != nil })
    }
}
