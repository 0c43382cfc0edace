// Running mean and variance (Welford), mergeable for parallel streams.
//
// Implementation notes
// --------------------
// `add` is Welford's update: δ = x − mean, mean += δ/n, M2 += δ·(x − mean_new). `merge` is
// Chan, Golub & LeVeque's pairwise formula: with δ = mean_b − mean_a,
// mean = mean_a + δ·n_b/n and M2 = M2_a + M2_b + δ²·n_a·n_b/n. Merging with an empty
// accumulator is the identity (bit for bit), and merging a one-sample accumulator is exactly
// `add` of that sample. `add(contentsOf:)` summarises a buffer by two
// passes (its mean, then its centred sum of squares, both compensated) and merges it.
//
// Floating-point merging is not associative, so results depend on how samples are split
// into chunks and in which order the chunks are merged — never on scheduling. A Monte
// Carlo driver that gives chunk i its own stream (`RandomSource(seed:stream:)`) and merges
// the chunk accumulators in index order gets bit-identical results on any number of
// threads.

/// The count, mean and sum of squared deviations of a stream of samples, with the
/// standard error of the mean.
public struct MeanAccumulator: Sendable, Hashable {
    /// The number of samples.
    public private(set) var count: Int = 0
    /// The sample mean (0 when empty; NaN once a NaN or a mix of infinities was added).
    public private(set) var mean: Double = 0
    /// Σ (xᵢ − mean)².
    public private(set) var sumOfSquaredDeviations: Double = 0
    /// How many samples were NaN or infinite (they poison the mean, on purpose).
    public private(set) var nonFiniteCount: Int = 0

    /// An empty accumulator.
    public init() {}

    /// Adds one sample.
    public mutating func add(_ x: Double) {
        if !x.isFinite { nonFiniteCount += 1 }
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
    }

    /// Adds every sample of `buffer` (two passes over it, then a merge).
    public mutating func add(contentsOf buffer: UnsafeBufferPointer<Double>) {
        guard !buffer.isEmpty else { return }
        var sum = CompensatedSum()
        var nonFinite = 0
        for x in buffer {
            if !x.isFinite { nonFinite += 1 }
            sum.add(x)
        }
        let n = buffer.count
        let m = sum.value / Double(n)
        var squares = CompensatedSum()
        for x in buffer {
            let d = x - m
            squares.add(d * d)
        }
        merge(MeanAccumulator(count: n, mean: m, sumOfSquaredDeviations: squares.value, nonFiniteCount: nonFinite))
    }

    /// Creates an accumulator from its summary statistics.
    public init(count: Int, mean: Double, sumOfSquaredDeviations: Double, nonFiniteCount: Int = 0) {
        self.count = max(0, count)
        self.mean = mean
        self.sumOfSquaredDeviations = sumOfSquaredDeviations
        self.nonFiniteCount = nonFiniteCount
    }

    /// Merges another accumulator's samples into this one (as if they had been added
    /// after this one's).
    public mutating func merge(_ other: MeanAccumulator) {
        if other.count == 0 { return }
        if count == 0 {
            self = other
            return
        }
        if other.count == 1 && other.sumOfSquaredDeviations == 0 {
            // A single sample: exactly Welford's update, so `merge` of singletons in order
            // reproduces `add` bit for bit.
            add(other.mean)
            return
        }
        let na = Double(count), nb = Double(other.count)
        let n = na + nb
        let delta = other.mean - mean
        mean += delta * (nb / n)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * (na * nb / n)
        count += other.count
        nonFiniteCount += other.nonFiniteCount
    }

    /// This accumulator merged with `other`.
    public func merging(_ other: MeanAccumulator) -> MeanAccumulator {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// The unbiased sample variance Σ(xᵢ − mean)²/(n − 1); NaN with fewer than 2 samples.
    public var variance: Double {
        count < 2 ? .nan : max(0, sumOfSquaredDeviations) / Double(count - 1)
    }

    /// The sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, √(variance/n); NaN with fewer than 2 samples.
    public var standardError: Double {
        count < 2 ? .nan : (variance / Double(count)).squareRoot()
    }
}
