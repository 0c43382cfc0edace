// Exact enumeration of independent Bernoulli keep masks, with conditioning.
//
// Implementation notes
// --------------------
// n tokens are kept independently with probabilities p₁, …, pₙ (rationals in [0, 1]); the 2ⁿ
// masks are enumerated in binary order (token 1 the most significant), each with the exact
// probability Πᵢ pᵢ^{kᵢ}(1 − pᵢ)^{1−kᵢ}. Conditioning on an event keeps the masks the
// predicate accepts and divides by the event's probability, which must be positive. n is
// bounded by `maxTokens` (2¹² masks, the same bound as `DiscreteExpectation.maxOutcomes`);
// more tokens throw a `LimitExceeded` naming `bernoulliMasks`.
import Symbolic

/// Why a mask enumeration or expectation failed.
public enum BernoulliMaskError: Error, Sendable, Equatable, CustomStringConvertible {
    /// More tokens than `BernoulliMasks.maxTokens`.
    case tooManyTokens(LimitExceeded)
    /// A keep probability outside [0, 1].
    case invalidProbability(Rational)
    /// The conditioning event has probability 0.
    case impossibleEvent
    /// The function whose expectation is taken is undefined at a mask of positive probability.
    case undefinedValue(mask: [Bool])

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .tooManyTokens(let l): return "too many tokens to enumerate their masks: \(l)"
        case .invalidProbability(let p): return "keep probability \(p) is not in [0, 1]"
        case .impossibleEvent: return "the conditioning event has probability 0"
        case .undefinedValue(let mask): return "the value is undefined at the mask \(mask.map { $0 ? "1" : "0" }.joined())"
        }
    }
}

/// Independent Bernoulli keep masks over n tokens, enumerated exactly.
public enum BernoulliMasks {
    /// The most tokens whose 2ⁿ masks are enumerated.
    public static let maxTokens = 12

    /// One mask and its (conditional) probability.
    public struct Mask: Sendable, Equatable {
        /// `kept[i]` is whether token i is kept.
        public var kept: [Bool]
        /// The probability of the mask (given the event, when conditioned).
        public var probability: Rational
    }

    /// Every mask of positive probability satisfying `event`, with probabilities conditioned on
    /// the event (they sum to 1).
    /// - Parameters:
    ///   - keep: the keep probability of each token.
    ///   - event: the conditioning event (all masks by default).
    public static func enumerate(keep: [Rational], given event: ([Bool]) -> Bool = { _ in true }) throws(BernoulliMaskError) -> [Mask] {
        let all = try unconditioned(keep)
        let kept = all.filter { event($0.kept) }
        let mass = kept.reduce(Rational.zero) { $0 + $1.probability }
        guard !mass.isZero, let inverse = mass.reciprocal else { throw .impossibleEvent }
        return kept.map { Mask(kept: $0.kept, probability: $0.probability * inverse) }
    }

    /// The probability of `event`.
    public static func probability(keep: [Rational], of event: ([Bool]) -> Bool) throws(BernoulliMaskError) -> Rational {
        try unconditioned(keep).filter { event($0.kept) }.reduce(Rational.zero) { $0 + $1.probability }
    }

    /// E[f(M) | event]; `f` returns `nil` where it is undefined (an error at a mask of positive
    /// conditional probability).
    public static func expectation(keep: [Rational], given event: ([Bool]) -> Bool = { _ in true },
                                   of f: ([Bool]) -> Rational?) throws(BernoulliMaskError) -> Rational {
        var total = Rational.zero
        for m in try enumerate(keep: keep, given: event) {
            guard let v = f(m.kept) else { throw .undefinedValue(mask: m.kept) }
            total += m.probability * v
        }
        return total
    }

    /// All 2ⁿ masks with their unconditioned probabilities (zero-probability masks omitted).
    private static func unconditioned(_ keep: [Rational]) throws(BernoulliMaskError) -> [Mask] {
        guard keep.count <= maxTokens else {
            throw .tooManyTokens(LimitExceeded(limit: "bernoulliMasks", requested: keep.count, maximum: maxTokens))
        }
        for p in keep where p.isNegative || Rational.one < p { throw .invalidProbability(p) }
        var out = [Mask(kept: [], probability: .one)]
        for p in keep {
            var next: [Mask] = []
            next.reserveCapacity(out.count * 2)
            for m in out {
                for k in [false, true] {
                    let w = m.probability * (k ? p : Rational.one - p)
                    if !w.isZero { next.append(Mask(kept: m.kept + [k], probability: w)) }
                }
            }
            out = next
        }
        return out
    }
}
