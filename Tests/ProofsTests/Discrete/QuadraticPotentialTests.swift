// The GAN-QP divergence on a finite support: the exact values of note 08, 5.2, and its
// properties on random instances.
import Testing
@testable import Proofs
@testable import Symbolic

private func r(_ n: Int, _ d: Int) -> Rational { Rational(n, d)! }

/// Note 08, 5.2: support {0, 1, 2}, d = |a - b|, lambda = 1.
private func instance52(lambda: Rational = 1) throws -> DiscreteQuadraticPotential {
    let d: [[Rational]] = (0..<3).map { a in (0..<3).map { b in Rational(abs(a - b)) } }
    return try DiscreteQuadraticPotential(p: [r(1, 2), r(3, 10), r(1, 5)], q: [r(1, 5), r(1, 5), r(3, 5)], distance: d, lambda: lambda)
}

@Suite("GAN-QP on a finite support")
struct QuadraticPotentialTests {
    @Test("the exact values of instance 5.2")
    func instance() throws {
        let qp = try instance52()
        #expect(qp.divergence == r(9289, 37400))
        #expect(qp.generatorObjective == r(9289, 18700))
        let critic = qp.optimalCritic()
        #expect([critic[0][1], critic[0][2], critic[1][2]] == [r(1, 4), r(26, 17), r(7, 11)])
        let ratios = [critic[0][1], critic[0][2] * r(1, 2), critic[1][2]].map(\.magnitude)
        #expect(ratios.max() == r(13, 17))
        #expect(qp.expectedDistance == r(53, 50))
        #expect(qp.distanceWeightedDifference == r(7, 5))
        #expect(qp.generatorObjectiveBounds.lower == r(49, 106))
        #expect(qp.generatorObjectiveBounds.upper == r(53, 50))
        let best = try qp.bestOneArgumentCritic()
        #expect(best.critic == [0, r(-245, 499), r(-650, 499)])
        #expect(best.value == r(471, 1996))
    }

    @Test("L scales with lambda", arguments: [r(1, 2), 2, 10])
    func scale(lambda: Rational) throws {
        #expect(try instance52(lambda: lambda).divergence == lambda * r(9289, 37400))
    }

    @Test("random instances: L is the maximum, E[Delta*] = 2L, the bounds hold, L is symmetric", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func properties(seed: UInt64) throws {
        var g = RandomSource(seed: seed)
        let n = 2 + Int(g.next() % 4)
        func distribution() -> [Rational] {
            let w = (0..<n).map { _ in Int(g.next() % 7) + (Int(g.next() % 3) == 0 ? 0 : 1) }
            let total = max(1, w.reduce(0, +))
            return w.map { Rational($0, total)! }.enumerated().map { $0.offset == 0 && w.reduce(0, +) == 0 ? 1 : $0.element }
        }
        let p = distribution(), q = distribution()
        var d = [[Rational]](repeating: [Rational](repeating: 0, count: n), count: n)
        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) { let v = Rational(1 + Int(g.next() % 5)); d[a][b] = v; d[b][a] = v } }
        let lambda = Rational(1 + Int(g.next() % 3), 2)!
        let qp = try DiscreteQuadraticPotential(p: p, q: q, distance: d, lambda: lambda)
        let swapped = try DiscreteQuadraticPotential(p: q, q: p, distance: d, lambda: lambda)
        #expect(qp.divergence == swapped.divergence)
        #expect(qp.generatorObjective == 2 * qp.divergence)
        let (lower, upper) = qp.generatorObjectiveBounds
        #expect(lower <= 2 * qp.divergence && 2 * qp.divergence <= upper)
        #expect(try qp.bestOneArgumentCritic().value <= qp.divergence)
        // Any other antisymmetric critic does no better.
        for _ in 0..<5 {
            var c = [[Rational]](repeating: [Rational](repeating: 0, count: n), count: n)
            for a in 0..<n { for b in (a + 1)..<max(a + 1, n) { let v = Rational(Int(g.next() % 21) - 10, 4)!; c[a][b] = v; c[b][a] = -v } }
            #expect(qp.objective(critic: c) <= qp.divergence)
        }
        let same = try DiscreteQuadraticPotential(p: p, q: p, distance: d, lambda: lambda)
        #expect(same.divergence == 0)
    }

    @Test("disjoint supports attain the upper bound")
    func disjoint() throws {
        let d: [[Rational]] = (0..<4).map { a in (0..<4).map { b in Rational(abs(a - b)) } }
        let qp = try DiscreteQuadraticPotential(p: [r(1, 2), r(1, 2), 0, 0], q: [0, 0, r(1, 3), r(2, 3)], distance: d, lambda: 3)
        #expect(qp.generatorObjective == qp.generatorObjectiveBounds.upper)
    }

    @Test("invalid inputs are errors")
    func invalid() throws {
        let d: [[Rational]] = [[0, 1], [1, 0]]
        #expect(throws: DiscreteQuadraticPotential.InputError.self) { try DiscreteQuadraticPotential(p: [r(1, 2), r(1, 3)], q: [r(1, 2), r(1, 2)], distance: d, lambda: 1) }
        #expect(throws: DiscreteQuadraticPotential.InputError.self) { try DiscreteQuadraticPotential(p: [1, 0], q: [0, 1], distance: [[0, 1], [2, 0]], lambda: 1) }
        #expect(throws: DiscreteQuadraticPotential.InputError.self) { try DiscreteQuadraticPotential(p: [1, 0], q: [0, 1], distance: d, lambda: 0) }
    }
}

@Suite("Errata of notes 07 and 08")
struct DiscreteErrataTests {
    @Test("each erratum is refuted at its claim", arguments: [
        ("derivations/errata/dropout-e1-zeroth-moment.drv", "E1 E[e^n] = p for every natural n"),
        ("derivations/errata/dropout-e2-mae-model-average.drv", "E2 the model average of MAE at keep 1/4 is A"),
        ("derivations/errata/dropout-e2-first-order.drv", "E2 weight average = model average for exp"),
        ("derivations/errata/dropout-e3-all-masked.drv", "E3 every token masked never happens"),
        ("derivations/errata/dropout-e4-mask-row.drv", "E4 the [MASK] row is unchanged"),
        ("derivations/errata/dropout-e5-droptoken.drv", "E5 dropping 10% beats no dropping on average"),
        ("derivations/errata/gan-qp-e1-sign-critic.drv", "E1 T0 = sign(p - q) is 1-Lipschitz"),
        ("derivations/errata/gan-qp-e2-one-argument-critic.drv", "E2 the best one-argument critic reaches L"),
        ("derivations/errata/gan-qp-e3-frozen-critic-gradient.drv", "E3 the generator's gradient equals dL/dbeta"),
        ("derivations/errata/gan-qp-e5-mi-direction.drv", "E5 the MSE term bounds the MI from above"),
    ])
    func refuted(path: String, claim: String) throws {
        let r = checkText(try Repository.text(path), name: path, only: [claim])
        #expect(!r.hasInputErrors, "\(describeFailures(r))")
        #expect(r.chains.first?.steps.first?.verdict == .refuted, "\(path): \(describeFailures(r))")
    }
}
