// The benchmark case model and the timing loop.
//
// A case is a (case name, tool) pair: `prepare` builds the inputs outside the timing and
// returns a `BenchBody` whose `run` is the timed work and whose `check` verifies the last
// result afterwards (also untimed). Groups of cases live in their own files and are listed in
// `Registry.swift`.
import Foundation

/// The timed body of a case and its untimed check.
struct BenchBody {
    /// The measured work; keeps its result for `check`.
    var run: () throws -> Void
    /// Verifies the result of the last run: `nil` when correct, else what is wrong.
    var check: () -> String?
    /// Untimed work before every run, e.g. releasing the previous result so that its
    /// deallocation is not timed.
    var reset: () -> Void = {}
}

/// One benchmark line: a case name (as in `/work/shared/bench/baselines.txt`) and a tool column.
struct BenchCase {
    /// The case name, shared with the baselines.
    var name: String
    /// The tool column, e.g. `stepwise` or `stepwise-poly`.
    var tool: String
    /// Builds the inputs (untimed) and returns the body.
    var prepare: () throws -> BenchBody
    /// Whether its rounds alternate with those of the other cases of the same name that say
    /// so (1 thread, 2 threads, 1 thread, …): on a shared machine whose speed drifts over
    /// seconds, a ratio between them then compares runs made under the same conditions.
    var interleaved = false
}

/// Holds a result between the timed run and the check.
final class ResultBox<T> {
    var value: T?
    init() {}
}

/// The outcome of timing one case.
struct BenchOutcome {
    var bestSeconds: Double?
    var failure: String?
}

enum BenchRunner {
    /// The most rounds a case runs, however short it is.
    static let maxRounds = 200

    /// Whether another round is due: fewer than `rounds` done, or fewer than `maxRounds`
    /// done and less than `minSeconds` of timed work so far. The time floor is what keeps a
    /// short case's best-of from resting on one or two unlucky seconds of a shared machine.
    static func wantsAnotherRound(done: Int, rounds: Int, spent: Double, minSeconds: Double) -> Bool {
        done < max(1, rounds) || (done < maxRounds && spent < minSeconds)
    }

    /// Best of the timed runs (wall clock): at least `rounds`, and more until `minSeconds`
    /// have been spent (at most `maxRounds`); then the check of the last result.
    static func measure(_ benchCase: BenchCase, rounds: Int, minSeconds: Double) -> BenchOutcome {
        let body: BenchBody
        do {
            body = try benchCase.prepare()
        } catch {
            return BenchOutcome(bestSeconds: nil, failure: "prepare failed: \(error)")
        }
        let clock = ContinuousClock()
        var best = Double.infinity
        var done = 0, spent = 0.0
        while wantsAnotherRound(done: done, rounds: rounds, spent: spent, minSeconds: minSeconds) {
            body.reset()
            let start = clock.now
            do {
                try body.run()
            } catch {
                return BenchOutcome(bestSeconds: nil, failure: "run failed: \(error)")
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
            done += 1
            spent += seconds
        }
        return BenchOutcome(bestSeconds: best, failure: body.check())
    }

    /// Times `cases` round-robin: in each round every case runs once, in order, until each
    /// has had `rounds` runs and together they have had `minSeconds` (at most `maxRounds`
    /// rounds); then each case's check, in order. Returns one outcome per case.
    static func measureInterleaved(_ cases: [BenchCase], rounds: Int, minSeconds: Double) -> [BenchOutcome] {
        var bodies: [BenchBody] = []
        for c in cases {
            do {
                bodies.append(try c.prepare())
            } catch {
                return cases.map { _ in BenchOutcome(bestSeconds: nil, failure: "prepare failed: \(error)") }
            }
        }
        let clock = ContinuousClock()
        var best = [Double](repeating: .infinity, count: cases.count)
        var done = 0, spent = 0.0
        while wantsAnotherRound(done: done, rounds: rounds, spent: spent, minSeconds: minSeconds) {
            for (i, body) in bodies.enumerated() {
                body.reset()
                let start = clock.now
                do {
                    try body.run()
                } catch {
                    return cases.map { _ in BenchOutcome(bestSeconds: nil, failure: "run failed: \(error)") }
                }
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                best[i] = min(best[i], seconds)
                spent += seconds
            }
            done += 1
        }
        return bodies.enumerated().map { BenchOutcome(bestSeconds: best[$0.offset], failure: $0.element.check()) }
    }

    /// `%.6g` formatting, as in the baselines file.
    static func format(_ seconds: Double?) -> String {
        guard let s = seconds else { return "NA" }
        return String(format: "%.6g", s)
    }
}
