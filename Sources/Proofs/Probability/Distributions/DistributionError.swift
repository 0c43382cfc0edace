// Typed errors for invalid distribution parameters.
import Symbolic

/// Why a distribution could not be built from its parameters. Constructors validate every
/// parameter and throw one of these; nothing traps on bad input.
public enum DistributionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter is NaN or infinite.
    case nonFiniteParameter(name: String, value: Double)
    /// A parameter that must be strictly positive (variance, standard deviation, rate, shape,
    /// scale) is zero or negative.
    case nonPositiveParameter(name: String, value: Double)
    /// The interval `[lower, upper]` is empty or a single point (`lower >= upper`), or its
    /// width overflows.
    case emptyInterval(lower: Double, upper: Double)
    /// A probability or weight is negative, above 1 or not finite.
    case probabilityOutOfRange(index: Int, value: Double)
    /// Probabilities or weights do not sum to 1 within 1e-12 (the sum is given).
    case probabilitiesDoNotSumToOne(sum: Double)
    /// An exact probability is negative or above 1.
    case exactProbabilityOutOfRange(index: Int, value: Rational)
    /// Exact probabilities do not sum to exactly 1 (the sum is given).
    case exactProbabilitiesDoNotSumToOne(sum: Rational)
    /// A finite distribution or mixture was given no outcomes or components.
    case noOutcomes
    /// The numbers of values and probabilities (or components and weights) differ.
    case countMismatch(values: Int, probabilities: Int)
    /// A value of a finite table occurs twice (`index` is its second occurrence in the input).
    case duplicateValue(index: Int)
    /// A value of a finite table is NaN or infinite.
    case nonFiniteValue(index: Int)
    /// A mixture mixes discrete and continuous components.
    case mixedSupports
    /// A family was given the wrong number of parameters.
    case wrongParameterCount(family: String, expected: Int, got: Int)
    /// A vector argument has the wrong dimension.
    case dimensionMismatch(expected: Int, got: Int)

    /// A one-line English description.
    public var description: String {
        switch self {
        case .nonFiniteParameter(let name, let value):
            return "parameter \(name) must be finite, got \(value)"
        case .nonPositiveParameter(let name, let value):
            return "parameter \(name) must be positive, got \(value)"
        case .emptyInterval(let lower, let upper):
            return "the interval [\(lower), \(upper)] is empty: need lower < upper with a finite width"
        case .probabilityOutOfRange(let index, let value):
            return "probability #\(index) must lie in [0, 1], got \(value)"
        case .probabilitiesDoNotSumToOne(let sum):
            return "probabilities must sum to 1 (within 1e-12), got \(sum)"
        case .exactProbabilityOutOfRange(let index, let value):
            return "probability #\(index) must lie in [0, 1], got \(value)"
        case .exactProbabilitiesDoNotSumToOne(let sum):
            return "probabilities must sum to exactly 1, got \(sum)"
        case .noOutcomes:
            return "a finite distribution or mixture needs at least one outcome"
        case .countMismatch(let values, let probabilities):
            return "\(values) values but \(probabilities) probabilities"
        case .duplicateValue(let index):
            return "value #\(index) occurs twice"
        case .nonFiniteValue(let index):
            return "value #\(index) must be finite"
        case .mixedSupports:
            return "a mixture's components must be all discrete or all continuous"
        case .wrongParameterCount(let family, let expected, let got):
            return "\(family) takes \(expected) parameters, got \(got)"
        case .dimensionMismatch(let expected, let got):
            return "expected a vector of dimension \(expected), got \(got)"
        }
    }
}

/// Shared parameter checks.
enum ParameterCheck {
    /// Tolerance on the sum of floating-point probabilities.
    static let sumTolerance = 1e-12

    static func finite(_ value: Double, _ name: String) throws(DistributionError) {
        guard value.isFinite else { throw .nonFiniteParameter(name: name, value: value) }
    }

    static func positive(_ value: Double, _ name: String) throws(DistributionError) {
        try finite(value, name)
        guard value > 0 else { throw .nonPositiveParameter(name: name, value: value) }
    }

    /// Checks each probability lies in [0, 1] and the (compensated) sum is 1 within 1e-12.
    static func probabilities(_ ps: [Double]) throws(DistributionError) {
        guard !ps.isEmpty else { throw .noOutcomes }
        var sum = CompensatedSum()
        for (i, p) in ps.enumerated() {
            guard p.isFinite, p >= 0, p <= 1 else { throw .probabilityOutOfRange(index: i, value: p) }
            sum.add(p)
        }
        let total = sum.value
        guard abs(total - 1) <= sumTolerance else { throw .probabilitiesDoNotSumToOne(sum: total) }
    }

    /// Checks each exact probability lies in [0, 1] and the sum is exactly 1.
    static func exactProbabilities(_ ps: [Rational]) throws(DistributionError) {
        guard !ps.isEmpty else { throw .noOutcomes }
        var total = Rational.zero
        for (i, p) in ps.enumerated() {
            guard !p.isNegative, p <= .one else { throw .exactProbabilityOutOfRange(index: i, value: p) }
            total += p
        }
        guard total.isOne else { throw .exactProbabilitiesDoNotSumToOne(sum: total) }
    }
}
