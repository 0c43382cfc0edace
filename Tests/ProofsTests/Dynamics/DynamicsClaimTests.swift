// Recurrences, ODE systems and the claims relating them, from .drv text to verdicts.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("dynamics claims")
struct DynamicsClaimTests {
    static let header = """
        positive beta, epsilon
        probability lambda
        nonnegative G
        function L(u)

        recurrence rmsprop(theta, G) step gamma
            G <- lambda*G + (1 - lambda)*L'(theta)^2
            theta <- theta - gamma*L'(theta)/sqrt(G + epsilon)
        end

        ode rmsflow(theta, G) time tau
            theta' = -L'(theta)/sqrt(G + epsilon)
            G' = beta*(L'(theta)^2 - G)
        end

        """
    static let instance = """

        instance "quadratic"
            beta = 2; epsilon = 1/100
            L(u) = u^2/2
        end
        """

    static func verdict(_ claim: String) -> (Verdict, FileCheckResult) {
        let r = checkText(header + claim + instance, name: "rms.drv")
        return (r.chains.first?.verdict ?? .unknown, r)
    }

    @Test func parsesBlocksAndClaims() throws {
        let (file, diagnostics) = DrvParser.parse(text: Self.header + "claim \"c\": rmsprop steps rmsflow with lambda = 1 - beta*gamma\n",
                                                  name: "rms.drv")
        #expect(diagnostics.isEmpty)
        let r = try #require(file.recurrences.first)
        #expect(r.name.value == "rmsprop" && r.step.value.name == "gamma")
        #expect(r.updates.map(\.variable.value.name) == ["G", "theta"])
        let o = try #require(file.odes.first)
        #expect(o.time.value.name == "tau" && o.equations.count == 2)
        let claim = try #require(file.chains.first?.steps.first?.dynamics)
        #expect(claim.recurrence.value == "rmsprop" && claim.ode.value == "rmsflow")
        #expect(claim.relations.map(\.name.value.name) == ["lambda"])
        #expect(SortChecker.check(file).filter { $0.severity == .error }.isEmpty)
    }

    /// The relation between the decay and the step decides which ODE RMSprop is a step of.
    @Test("lambda-gamma relations", arguments: [
        ("1 - beta*gamma", Verdict.proved),
        ("1 - beta*gamma^2", .refuted),
        ("1 - beta*gamma/sqrt(G + epsilon)", .refuted),
        ("1 - 2*beta*gamma", .refuted),
    ])
    func relations(relation: String, expected: Verdict) {
        let (v, r) = Self.verdict("claim \"c\": rmsprop steps rmsflow with lambda = \(relation)\n")
        #expect(v == expected, "\(TextReport().render(r))")
    }

    @Test func rmspropIsASequentialEulerStep() throws {
        let (v, r) = Self.verdict("claim \"c\": rmsprop steps rmsflow with lambda = 1 - beta*gamma\n")
        #expect(v == .proved)
        let method = try #require(r.chains.first?.steps.first?.evidence.method)
        #expect(method.contains("sequential (semi-implicit) Euler step (G, then theta)"), "\(method)")
    }

    @Test func gradientDescentIsTheExplicitEulerStep() throws {
        let text = """
            function V(u)
            recurrence gd(w) step h
                w <- w - h*V'(w)
            end
            ode flow(w) time t
                w' = -V'(w)
            end
            claim "c": gd steps flow
            """
        let r = checkText(text, name: "gd.drv")
        #expect(r.chains.first?.verdict == .proved)
        #expect(r.chains.first?.steps.first?.evidence.method == "series: exactly the explicit Euler step")
    }

    @Test func aRefutationSaysWhatTheRecurrenceIsAStepOf() {
        let (_, r) = Self.verdict("claim \"c\": rmsprop steps rmsflow with lambda = 1 - beta*gamma^2\n")
        let notes = r.diagnostics.flatMap(\.notes).map(\.message)
        #expect(notes.contains { $0.contains("consistent step of G' = 0") }, "\(notes)")
    }

    /// Instance 6.3 of the notes: errors at gamma = 0.1, 0.05, 0.025, 0.0125 and order 1.
    @Test func rmspropConvergesWithOrderOne() throws {
        let (v, r) = Self.verdict("""
            claim "c" on "quadratic": rmsprop converges order 1 to rmsflow as gamma -> 0 with lambda = 1 - beta*gamma
                from theta = 1, G = 1
                until tau = 1
            """)
        #expect(v == .numeric)
        let plot = try #require(r.chains.first?.steps.first?.evidence.convergence.first)
        let expected = [0.0334996, 0.0161905, 0.00796595, 0.00395179]
        for (e, x) in zip(plot.fit.errors, expected) { #expect(abs(e - x) < 1e-7, "\(plot.fit.errors)") }
        #expect(plot.fit.errors.count == 6 && abs(plot.fit.order - 1) < 0.1)
        #expect(plot.claimedOrder == 1)
    }

    /// Instance 6.4: with lambda = 9/10 fixed the limit is the normalised flow, theta(1/2) = 0.504876.
    @Test func fixedDecayConvergesToTheNormalisedFlow() throws {
        let text = Self.header.replacingOccurrences(of: "ode rmsflow", with: """
            ode normflow(theta, G) time tau
                theta' = -L'(theta)/sqrt(L'(theta)^2 + epsilon)
                G' = -2*L'(theta)^2*L''(theta)/sqrt(L'(theta)^2 + epsilon)
            end

            ode rmsflow
            """) + """
            claim "c" on "fixed": rmsprop converges order 1 to normflow as gamma -> 0
                from theta = 1, G = 1
                until tau = 1/2
            instance "fixed"
                lambda = 9/10; epsilon = 1/100; beta = 1
                L(u) = u^2/2
            end
            """
        let r = checkText(text, name: "fixed.drv")
        let step = try #require(r.chains.first { $0.name == "c" }?.steps.first)
        #expect(step.verdict == .numeric, "\(TextReport().render(r))")
        #expect(step.evidence.samples.first?.contains("theta = 0.504876") == true, "\(step.evidence.samples)")
    }

    @Test("a wrong order or a wrong relation is refuted", arguments: [
        ("order 2", "1 - beta*gamma"),
        ("order 1", "1 - beta*gamma^2"),
    ])
    func wrongConvergenceClaims(order: String, relation: String) {
        let (v, r) = Self.verdict("""
            claim "c" on "quadratic": rmsprop converges \(order) to rmsflow as gamma -> 0 with lambda = \(relation)
                from theta = 1, G = 1
                until tau = 1
            """)
        #expect(v == .refuted, "\(TextReport().render(r))")
    }

    @Test("malformed dynamics are located errors", arguments: [
        ("recurrence r(x) step h\n    x = x/2\nend\n", "expected 'x <- …'"),
        ("recurrence r(x) step h\n    x <- x/2\n", "expected 'end'"),
        ("ode f(x) time t\n    x <- -x\nend\n", "expected \"x' = …\""),
        ("recurrence r(x) step h\n    x <- x/2\nend\nclaim \"c\": r steps nowhere\n", "no ODE system named 'nowhere'"),
        ("recurrence r(x) step h\n    x <- x/2\nend\node f(x) time t\n    x' = -x\nend\nclaim \"c\": r converges order 1 to f as h -> 0\n",
         "needs 'from"),
        ("recurrence r(x) step h\n    x <- x/2\nend\node f(y) time t\n    y' = -y\nend\nclaim \"c\": r steps f\n",
         "different state variables"),
        ("recurrence r(x) step h\n    y <- x/2\nend\node f(x) time t\n    x' = -x\nend\nclaim \"c\": r steps f\n",
         "'y' is not a state variable"),
        ("recurrence r(x) step h\n    x <- x/q\nend\node f(x) time t\n    x' = -x\nend\nclaim \"c\": r steps f\n",
         "undeclared name 'q'"),
    ])
    func malformed(text: String, message: String) {
        let r = checkText(text, name: "bad.drv")
        let messages = r.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains(message) }, "\(messages)")
        #expect(r.diagnostics.filter { $0.severity == .error }.allSatisfy { $0.range != nil })
    }
}
