// MAE as attention dropout: row normalisation of masked attention, exactly.
//
// Implementation notes
// --------------------
// Removing masked tokens from an encoder equals zeroing their columns of the (row-stochastic)
// attention matrix A and renormalising the rows: Norm(A ⊗ M) with Mᵣⱼ = kⱼ the keep
// indicator of token j. The model average E[Norm(A ⊗ M)] is computed by enumerating the 2ⁿ
// i.i.d. masks (`BernoulliMasks`), conditioned on at least one token being kept (otherwise
// Norm is undefined); the weight average Norm(A ⊗ E[M̃₁ ⊗ … ⊗ M̃ₙ]) = Norm(p·A) = Norm(A).
import Symbolic

/// Row normalisation and the model and weight averages of masked attention.
public enum MaskedAttention {
    /// Each row divided by its sum; `nil` when a row sums to 0.
    public static func normalisedRows(_ a: [[Rational]]) -> [[Rational]]? {
        var out: [[Rational]] = []
        for row in a {
            let s = row.reduce(Rational.zero, +)
            guard let inverse = s.reciprocal else { return nil }
            out.append(row.map { $0 * inverse })
        }
        return out
    }

    /// Norm(A ⊗ M): the columns of dropped tokens zeroed, rows renormalised; `nil` when a row
    /// has no kept weight (every token dropped, or only zero-weight tokens kept).
    public static func masked(_ a: [[Rational]], kept: [Bool]) -> [[Rational]]? {
        normalisedRows(a.map { row in row.enumerated().map { kept.indices.contains($0.offset) && kept[$0.offset] ? $0.element : .zero } })
    }

    /// The model average E[Norm(A ⊗ M) | at least one token kept] for i.i.d. keep masks with
    /// probability `keep`. A must be square (n × n, one column per token).
    public static func modelAverage(_ a: [[Rational]], keep: Rational) throws(BernoulliMaskError) -> [[Rational]] {
        let n = a.count
        let masks = try BernoulliMasks.enumerate(keep: Array(repeating: keep, count: n), given: { $0.contains(true) })
        var total = a.map { $0.map { _ in Rational.zero } }
        for m in masks {
            guard let value = masked(a, kept: m.kept) else { throw .undefinedValue(mask: m.kept) }
            for r in total.indices {
                for j in total[r].indices { total[r][j] += m.probability * value[r][j] }
            }
        }
        return total
    }

    /// The weight average Norm(A ⊗ E[M̃₁ ⊗ … ⊗ M̃ₙ]) = Norm(p·A) (every column gets one factor p).
    public static func weightAverage(_ a: [[Rational]], keep: Rational) -> [[Rational]]? {
        normalisedRows(a.map { $0.map { $0 * keep } })
    }
}
