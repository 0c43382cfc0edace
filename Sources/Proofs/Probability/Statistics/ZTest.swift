// z-tests of Monte Carlo estimates with a family-wise false-alarm rate, and their power.
//
// Implementation notes
// --------------------
// A file makes m numeric claims, each checked by a two-sided z-test of an estimate against
// its expected value: z = (estimate − expected)/SE. We control the probability that *any*
// correct claim is reported as a discrepancy (the family-wise rate α) with the **Šidák**
// correction: each test runs at α₁ = 1 − (1 − α)^{1/m}, computed as −expm1(log1p(−α)/m) so it
// stays accurate for α = 10⁻⁶ and large m, with threshold z_c = Φ⁻¹(1 − α₁/2) =
// `StandardNormal.upperQuantile(α₁/2)`. Šidák is exact for independent tests and, by Šidák's
// inequality, conservative for two-sided tests of jointly normal statistics with any
// correlation (estimates from shared samples are asymptotically jointly normal), and it is
// never less powerful than Bonferroni (α₁ ≥ α/m).
//
// Power. With true difference δ and standard error SE, the two-sided test detects with
// probability Φ(δ/SE − z_c) + Φ(−δ/SE − z_c). The smallest detectable difference at power
// 1 − β is reported as δ* = (z_c + z_β)·SE with z_β = Φ⁻¹(1 − β); then the power at δ* is
// Φ(z_β) + Φ(−2z_c − z_β) ≥ 1 − β, so "a difference larger than δ* would have been detected
// with probability ≥ 1 − β" holds exactly (the neglected second tail only adds power).
// The statements are asymptotic in n: they take the estimated SE as the true one (the CLT
// regime; for n in the thousands and above the difference is far below the other margins).
import Foundation

/// Why a z-test policy could not be built.
public enum StatisticsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A rate (α or β) is not strictly between 0 and 1.
    case rateOutOfRange(name: String, value: Double)
    /// The number of tests is below 1.
    case invalidTestCount(Int)

    /// A one-line English description.
    public var description: String {
        switch self {
        case .rateOutOfRange(let name, let value):
            return "\(name) must lie strictly between 0 and 1, got \(value)"
        case .invalidTestCount(let m):
            return "the number of tests must be at least 1, got \(m)"
        }
    }
}

/// The outcome of one z-test.
public struct ZTestOutcome: Sendable, Hashable {
    /// What the test concluded.
    public enum Verdict: Sendable, Hashable {
        /// |z| ≤ threshold: no discrepancy detected.
        case consistent
        /// |z| > threshold: a discrepancy.
        case discrepant
        /// The statistic is NaN (NaN estimate or standard error): no conclusion, which must
        /// never count as agreement.
        case undetermined
    }

    /// The statistic (estimate − expected)/SE (±∞ when SE = 0 and they differ).
    public var z: Double
    /// The two-sided threshold z_c.
    public var threshold: Double
    /// The verdict.
    public var verdict: Verdict
}

/// A family of two-sided z-tests with a family-wise false-alarm rate (Šidák correction).
public struct ZTestPolicy: Sendable, Hashable {
    /// The family-wise false-alarm rate α (e.g. 1e-6 per file).
    public let familyWiseRate: Double
    /// The number of tests m in the family.
    public let numberOfTests: Int
    /// The per-test rate α₁ = 1 − (1 − α)^{1/m}.
    public let perTestRate: Double
    /// The two-sided threshold z_c = Φ⁻¹(1 − α₁/2).
    public let threshold: Double

    /// A policy for `numberOfTests` tests at family-wise rate `familyWiseRate`.
    public init(familyWiseRate: Double, numberOfTests: Int) throws(StatisticsError) {
        guard familyWiseRate > 0, familyWiseRate < 1 else {
            throw .rateOutOfRange(name: "family-wise rate", value: familyWiseRate)
        }
        guard numberOfTests >= 1 else { throw .invalidTestCount(numberOfTests) }
        self.familyWiseRate = familyWiseRate
        self.numberOfTests = numberOfTests
        let perTest = -Foundation.expm1(Foundation.log1p(-familyWiseRate) / Double(numberOfTests))
        self.perTestRate = perTest
        self.threshold = StandardNormal.upperQuantile(0.5 * perTest)
    }

    /// Tests `estimate` against `expected` given the estimate's standard error.
    public func test(estimate: Double, expected: Double, standardError: Double) -> ZTestOutcome {
        let difference = estimate - expected
        let z: Double
        if difference.isNaN || standardError.isNaN || standardError < 0 {
            z = .nan
        } else if standardError == 0 {
            // No sampling noise: any difference is a discrepancy.
            z = difference == 0 ? 0 : (difference < 0 ? -.infinity : .infinity)
        } else {
            z = difference / standardError  // NaN for ∞/∞, 0 for finite/∞
        }
        let verdict: ZTestOutcome.Verdict = z.isNaN ? .undetermined : (abs(z) > threshold ? .discrepant : .consistent)
        return ZTestOutcome(z: z, threshold: threshold, verdict: verdict)
    }

    /// Tests a paired accumulator's mean difference against 0.
    public func test(_ paired: PairedAccumulator) -> ZTestOutcome {
        test(estimate: paired.difference.mean, expected: 0, standardError: paired.difference.standardError)
    }

    /// The probability that the two-sided test detects a true difference `difference` when
    /// the standard error is `standardError`.
    public func power(difference: Double, standardError: Double) -> Double {
        let shift = abs(difference) / standardError
        return StandardNormal.cdf(shift - threshold) + StandardNormal.cdf(-shift - threshold)
    }

    /// δ* = (z_c + z_β)·SE: any true difference above δ* is detected with probability
    /// ≥ 1 − `missRate`.
    public func smallestDetectableDifference(standardError: Double, missRate: Double) throws(StatisticsError) -> Double {
        guard missRate > 0, missRate < 1 else { throw .rateOutOfRange(name: "miss rate", value: missRate) }
        return (threshold + StandardNormal.upperQuantile(missRate)) * standardError
    }

    /// The statement "a difference larger than δ* would have been detected with probability
    /// ≥ 1 − β" for a given standard error.
    public func detection(standardError: Double, missRate: Double) throws(StatisticsError) -> Detectability {
        Detectability(difference: try smallestDetectableDifference(standardError: standardError, missRate: missRate),
                      probability: 1 - missRate)
    }

    /// The number of samples n for which δ is detected with probability ≥ 1 − β when one
    /// sample has standard deviation σ: ⌈((z_c + z_β)·σ/δ)²⌉ (nil if that exceeds `Int`).
    public func requiredSampleCount(standardDeviation: Double, difference: Double, missRate: Double) throws(StatisticsError) -> Int? {
        guard missRate > 0, missRate < 1 else { throw .rateOutOfRange(name: "miss rate", value: missRate) }
        let k = (threshold + StandardNormal.upperQuantile(missRate)) * standardDeviation / abs(difference)
        let n = (k * k).rounded(.up)
        guard n.isFinite, n < 9.0e18 else { return nil }
        return max(1, Int(n))
    }
}

/// "A difference larger than `difference` would have been detected with probability
/// ≥ `probability`."
public struct Detectability: Sendable, Hashable, CustomStringConvertible {
    /// The smallest difference detected with the stated probability.
    public var difference: Double
    /// The guaranteed detection probability 1 − β.
    public var probability: Double

    /// The sentence, with 3 significant digits.
    public var description: String {
        "a difference larger than \(String(format: "%.3g", difference)) would have been detected with probability ≥ \(String(format: "%.6g", probability))"
    }
}
