// The one seeded generator used everywhere in Stepwise.
//
// Implementation notes
// --------------------
// xoshiro256** (Blackman & Vigna) with its state seeded through splitmix64, as its
// authors recommend. Independent streams are derived by hashing a stream key (file, step,
// instance, seed) into the splitmix64 seed, so streams never depend on the order in which
// work is scheduled. Doubles use the top 53 bits.

/// A deterministic, seedable pseudo-random generator (xoshiro256**).
///
/// The same seed gives the same sequence on every platform and run. Conforms to
/// `RandomNumberGenerator`, so it can drive the standard library's `random(in:using:)`,
/// but Stepwise's own code uses the explicit methods here, whose outputs are documented.
public struct RandomSource: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from a 64-bit seed.
    public init(seed: UInt64) {
        var sm = seed
        func next() -> UInt64 {
            sm = sm &+ 0x9e37_79b9_7f4a_7c15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    /// Creates an independent stream for a seed and a key path (e.g. file, step, instance).
    public init(seed: UInt64, stream keys: [UInt64]) {
        var h = StableHash.mix(seed)
        for k in keys { h = StableHash.combine(h, k) }
        self.init(seed: h)
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        nextBits()
    }

    @inlinable
    mutating func nextBits() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1).
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(nextBits() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [lower, upper).
    @inlinable
    public mutating func nextDouble(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnit()
    }

    /// A uniform integer in `range` (unbiased, by rejection).
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        if span == 0 { return Int(bitPattern: UInt(nextBits())) }
        let limit = UInt64.max - (UInt64.max % span)
        while true {
            let r = nextBits()
            if r < limit { return range.lowerBound &+ Int(bitPattern: UInt(r % span)) }
        }
    }

    /// A uniform 64-bit value below `bound` (> 0), unbiased.
    public mutating func nextUInt64(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64.max - (UInt64.max % bound)
        while true {
            let r = nextBits()
            if r < limit { return r % bound }
        }
    }
}
