// Invalid parameters give typed errors, never traps.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("Distribution parameter validation")
struct ParameterValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let family: DistributionFamily
        let parameters: [Double]
        let expected: DistributionError
        var testDescription: String { "\(family.rawValue)(\(parameters))" }
    }

    static let cases: [Case] = [
        Case(family: .normal, parameters: [0, 0], expected: .nonPositiveParameter(name: "variance", value: 0)),
        Case(family: .normal, parameters: [0, -1], expected: .nonPositiveParameter(name: "variance", value: -1)),
        Case(family: .normal, parameters: [.nan, 1], expected: .nonFiniteParameter(name: "mean", value: .nan)),
        Case(family: .normal, parameters: [0, .infinity], expected: .nonFiniteParameter(name: "variance", value: .infinity)),
        Case(family: .normal, parameters: [0], expected: .wrongParameterCount(family: "normal", expected: 2, got: 1)),
        Case(family: .uniform, parameters: [1, 1], expected: .emptyInterval(lower: 1, upper: 1)),
        Case(family: .uniform, parameters: [2, 1], expected: .emptyInterval(lower: 2, upper: 1)),
        Case(family: .uniform, parameters: [-1e308, 1e308], expected: .emptyInterval(lower: -1e308, upper: 1e308)),
        Case(family: .bernoulli, parameters: [1.5], expected: .probabilityOutOfRange(index: 0, value: 1.5)),
        Case(family: .bernoulli, parameters: [-0.1], expected: .probabilityOutOfRange(index: 0, value: -0.1)),
        Case(family: .categorical, parameters: [0.5, 0.4], expected: .probabilitiesDoNotSumToOne(sum: 0.9)),
        Case(family: .categorical, parameters: [0.5, 0.5 + 2e-12], expected: .probabilitiesDoNotSumToOne(sum: 1 + 2e-12)),
        Case(family: .categorical, parameters: [1.5, -0.5], expected: .probabilityOutOfRange(index: 0, value: 1.5)),
        Case(family: .categorical, parameters: [], expected: .noOutcomes),
        Case(family: .beta, parameters: [0, 1], expected: .nonPositiveParameter(name: "a", value: 0)),
        Case(family: .beta, parameters: [1, -2], expected: .nonPositiveParameter(name: "b", value: -2)),
        Case(family: .gamma, parameters: [-1, 1], expected: .nonPositiveParameter(name: "shape", value: -1)),
        Case(family: .gamma, parameters: [1, 0], expected: .nonPositiveParameter(name: "rate", value: 0)),
        Case(family: .exponential, parameters: [0], expected: .nonPositiveParameter(name: "rate", value: 0)),
        Case(family: .exponential, parameters: [1, 2], expected: .wrongParameterCount(family: "exponential", expected: 1, got: 2)),
        Case(family: .laplace, parameters: [0, -1], expected: .nonPositiveParameter(name: "scale", value: -1)),
        Case(family: .laplace, parameters: [.infinity, 1], expected: .nonFiniteParameter(name: "location", value: .infinity)),
    ]

    @Test("invalid parameters throw the documented error", arguments: cases)
    func invalid(_ c: Case) {
        do {
            _ = try Distribution(family: c.family, parameters: c.parameters)
            Issue.record("accepted \(c.testDescription)")
        } catch {
            // NaN payloads compare unequal, so compare descriptions.
            #expect(error.description == c.expected.description)
        }
    }

    @Test("sums within 1e-12 of 1 are accepted", arguments: [[0.1, 0.2, 0.7], [0.5, 0.5 + 5e-13], [1.0], [0, 1, 0]])
    func acceptedSums(_ ps: [Double]) throws {
        _ = try CategoricalDistribution(probabilities: ps)
    }

    @Test("tables and mixtures: duplicates, mismatched counts, mixed supports")
    func structural() throws {
        #expect(throws: DistributionError.duplicateValue(index: 2)) {
            try FiniteTableDistribution(values: [1, 2, 1], probabilities: [0.25, 0.5, 0.25])
        }
        #expect(throws: DistributionError.countMismatch(values: 2, probabilities: 1)) {
            try FiniteTableDistribution(values: [1, 2], probabilities: [1])
        }
        #expect(throws: DistributionError.nonFiniteValue(index: 1)) {
            try FiniteTableDistribution(values: [1, .infinity], probabilities: [0.5, 0.5])
        }
        let n = Distribution.normal(.standard)
        let b = Distribution.bernoulli(try BernoulliDistribution(p: 0.5))
        #expect(throws: DistributionError.mixedSupports) { try MixtureDistribution(weights: [0.5, 0.5], components: [n, b]) }
        #expect(throws: DistributionError.countMismatch(values: 2, probabilities: 1)) {
            try MixtureDistribution(weights: [1], components: [n, n])
        }
        #expect(throws: DistributionError.noOutcomes) { try MixtureDistribution(weights: [], components: []) }
        #expect(throws: DistributionError.dimensionMismatch(expected: 2, got: 1)) {
            try DiagonalNormalDistribution(means: [0, 0], variances: [1])
        }
        #expect(throws: DistributionError.nonPositiveParameter(name: "variance", value: 0)) {
            try DiagonalNormalDistribution(means: [0, 0], variances: [1, 0])
        }
        #expect(throws: DistributionError.nonPositiveParameter(name: "variance", value: 0)) {
            try NormalDistribution(mean: 0, standardDeviation: 1e-200)
        }
    }

    @Test("every family builds from valid parameters", arguments: [
        (DistributionFamily.normal, [1.0, 2.0]), (.uniform, [0, 1]), (.bernoulli, [0.25]), (.categorical, [0.5, 0.5]),
        (.beta, [2, 3]), (.gamma, [2, 1]), (.exponential, [1]), (.laplace, [0, 1]),
    ])
    func valid(family: DistributionFamily, parameters: [Double]) throws {
        let d = try Distribution(family: family, parameters: parameters)
        #expect(d.mean.isFinite && d.variance > 0)
    }
}
