// Standard normal variates from the seeded generator, for random test matrices.
//
// Implementation notes
// --------------------
// Box–Muller: z = √(−2 ln u₁) cos(2π u₂) with u₁ ∈ (0, 1] (so the logarithm is finite) and
// u₂ ∈ [0, 1). No rejection loop, so every draw costs exactly two generator outputs and the
// stream is reproducible from the seed. The sine companion is discarded to keep the
// sampler stateless.
import Symbolic
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws standard normal numbers from a ``RandomSource``.
public enum GaussianSampler {
    /// One standard normal variate.
    public static func next(_ random: inout RandomSource) -> Double {
        let u1 = 1 - random.nextUnit()
        let u2 = random.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
