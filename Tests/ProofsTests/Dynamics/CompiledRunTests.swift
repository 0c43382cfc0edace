// Runs of at least `RecurrenceRun.compileThreshold` steps evaluate their updates compiled:
// they compute exactly what the tree path computes (checked here on states that are exact
// in binary floating point, and by the byte-identical reports of the 20 000-step runs in
// derivations/rmsprop-ode.drv), and an update undefined along the way reports the tree's
// error at the same step.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("compiled recurrence runs")
struct CompiledRunTests {
    /// Note 03's RMSprop system (shared with the run tests) and two scalar recurrences.
    static let header = VectorStateAndRunTests.runHeader + """
        recurrence logstep(w) step gamma
            w <- log(w) + gamma
        end
        recurrence halve(w) step gamma
            w <- w - gamma*w
        end

        """

    /// The notes of a run claim (its summary states the simulated values to full precision
    /// where it fails, and the error where it cannot be completed).
    static func notes(_ claim: String) -> [String] {
        let r = checkText(header + "claim \"c\": " + claim + "\n", name: "r.drv")
        return r.diagnostics.flatMap { [$0.message] + $0.notes.map(\.message) }
    }

    @Test("compiled runs compute exactly", arguments: [
        // w_n = 2^-n exactly in binary floating point, on both sides of the threshold.
        (5, "1/32", true), (20, "1/1048576", true), (20, "1/524288", false), (40, "2^(-40)", true),
    ])
    func exactStates(steps: Int, stated: String, holds: Bool) {
        let notes = Self.notes("halve runs \(steps) steps with gamma = 1/2 from w = 1 reaches w = \(stated) within 1e-300")
        let refuted = notes.contains { $0.contains("does not reach") }
        #expect(refuted == !holds, "\(notes)")
        #expect(!notes.contains { $0.contains("could not be completed") }, "\(notes)")
    }

    @Test("an update undefined along the way reports the tree's error at the same step")
    func sameErrorAtTheSameStep() {
        // w = 2: log 2 + 0.1 = 0.79, log 0.79 + 0.1 = -0.13, then log of a negative number at step 3.
        let short = Self.notes("logstep runs 5 steps with gamma = 1/10 from w = 2 reaches w = 0 within 1")
        let long = Self.notes("logstep runs 40 steps with gamma = 1/10 from w = 2 reaches w = 0 within 1")
        let shortError = short.first { $0.contains("step 3 of the run") }
        #expect(shortError != nil, "\(short)")
        #expect(shortError == long.first { $0.contains("step 3 of the run") }, "\(short) against \(long)")
    }
}
