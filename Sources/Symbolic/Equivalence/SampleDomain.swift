// Where numeric checks sample: per-symbol distributions chosen from the assumed ranges.
//
// Implementation notes
// --------------------
// A numeric check is only as good as the points it tries, so sampling is deliberately
// spread out: unrestricted reals mix log-uniform magnitudes in [10^-1.5, 10^1.5] of both
// signs with uniform values in [-3, 3] (which hit the region where most closed forms are
// interesting); a half-line (a, ∞) samples a + log-uniform offsets in [10^-2, 10^2]; a
// bounded interval samples uniformly strictly inside it (a few percent away from open
// endpoints); integers sample small integers inside the range; a `!= 0` fact rejects values
// within 1e-9 of zero. Every sampler draws from the one `RandomSource`, so points depend only
// on the seed.

/// How one symbol is sampled.
public struct SampleDomain: Sendable, Hashable {
    /// The range the values must lie in.
    public var interval: RealInterval {
        didSet { sampler = Sampler(interval) }
    }
    /// The sampler of the range: its endpoints as doubles, converted once (a draw reads them
    /// several times, and rejection sampling draws tens of thousands of points), the same
    /// values the rational endpoints convert to at every read. Plain values, so a copy costs
    /// no reference counting.
    private(set) var sampler: Sampler

    /// Creates the domain for an assumed range.
    public init(_ interval: RealInterval) {
        self.interval = interval
        self.sampler = Sampler(interval)
    }

    /// Draws one value inside the range.
    public func sample(using rng: inout RandomSource) -> Double {
        sampler.sample(using: &rng)
    }

    /// Whether `value` lies in the range (with the open/closed and nonzero facts).
    public func accepts(_ value: Double) -> Bool {
        sampler.accepts(value)
    }

    /// The range's endpoints and facts as plain values, and the sampling itself.
    struct Sampler: Sendable, Hashable {
        var lower: Double?
        var upper: Double?
        var lowerOpen: Bool
        var upperOpen: Bool
        var excludesZero: Bool
        var isInteger: Bool

        init(_ interval: RealInterval) {
            lower = interval.lower?.doubleValue
            upper = interval.upper?.doubleValue
            lowerOpen = interval.lowerOpen
            upperOpen = interval.upperOpen
            excludesZero = interval.excludesZero
            isInteger = interval.isInteger
        }

        /// Draws one value inside the range.
        func sample(using rng: inout RandomSource) -> Double {
            for _ in 0..<64 {
                let v = draw(using: &rng)
                if accepts(v) { return v }
            }
            // Fall back to a point known to be inside (midpoint or an offset from an endpoint).
            return fallback
        }

        /// Whether `value` lies in the range (with the open/closed and nonzero facts).
        func accepts(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            if let lv = lower {
                if value < lv || (lowerOpen && value <= lv) { return false }
            }
            if let uv = upper {
                if value > uv || (upperOpen && value >= uv) { return false }
            }
            if excludesZero && abs(value) < 1e-9 { return false }
            if isInteger && !Sampler.isIntegral(value) { return false }
            return true
        }

        /// Whether `value` is an integer. Not inlined: the optimiser would otherwise round
        /// every draw (a library call) and discard the result for non-integer ranges.
        @inline(never)
        static func isIntegral(_ value: Double) -> Bool {
            value.rounded() == value
        }

        private var fallback: Double {
            let l = lower, u = upper
            switch (l, u) {
            case (nil, nil): return excludesZero ? 1 : 0.5
            case (let l?, nil): return isInteger ? (l + 1).rounded(.down) : l + 1
            case (nil, let u?): return isInteger ? (u - 1).rounded(.up) : u - 1
            case (let l?, let u?): return isInteger ? ((l + u) / 2).rounded() : (l + u) / 2
            }
        }

        private func draw(using rng: inout RandomSource) -> Double {
            let l = lower, u = upper
            if isInteger {
                // Endpoints beyond 2^53 (or infinite: a rational too large for a double) are
                // clamped before converting, which would trap; below that every integer is a
                // double, so draws in ordinary ranges are unchanged.
                func integer(_ x: Double) -> Int {
                    let bound = 9_007_199_254_740_992.0
                    return Int(x.isNaN ? 0 : min(max(x, -bound), bound))
                }
                let lo = integer((l ?? (u.map { $0 - 10 } ?? -6)).rounded(.up))
                let hi = integer((u ?? (l.map { $0 + 10 } ?? 6)).rounded(.down))
                if lo > hi { return fallback }
                return Double(rng.nextInt(in: lo...hi))
            }
            func logUniform(_ a: Double, _ b: Double) -> Double {
                let t = rng.nextDouble(in: a, b)
                return (t * 2.302585092994046).exponentiated
            }
            switch (l, u) {
            case (nil, nil):
                if rng.nextUnit() < 0.35 { return rng.nextDouble(in: -3, 3) }
                let m = logUniform(-1.5, 1.5)
                return rng.nextUnit() < 0.5 ? -m : m
            case (let l?, nil):
                return l + logUniform(-2, 2)
            case (nil, let u?):
                return u - logUniform(-2, 2)
            case (let l?, let u?):
                let width = u - l
                if width <= 0 { return l }
                // Stay a little inside open ends; sometimes hug the ends to probe the edges.
                let margin = 0.02 * width
                if rng.nextUnit() < 0.15 {
                    let near = rng.nextUnit() < 0.5 ? l + margin * rng.nextDouble(in: 0.05, 1) : u - margin * rng.nextDouble(in: 0.05, 1)
                    return near
                }
                return rng.nextDouble(in: l + margin, u - margin)
            }
        }
    }
}

extension Double {
    /// e^self, via the platform libm.
    var exponentiated: Double { LibM.exp(self) }
}
