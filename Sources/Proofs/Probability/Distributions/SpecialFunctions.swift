// The few special functions the distributions need, over the platform's libm.
import Foundation
import Symbolic

/// Special functions used by the densities (thread-safe wrappers over libm).
enum SpecialFunctions {
    /// log Γ(x) for x > 0, via the reentrant `lgamma_r` (no global `signgam` write).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// log(exp(a) + exp(b)) without overflow.
    @inline(__always)
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        if a.isNaN || b.isNaN { return .nan }
        let m = max(a, b)
        if m == .infinity { return .infinity }
        return m + Foundation.log1p(Foundation.exp(-abs(a - b)))
    }
}

/// Uniform variates from a `RandomSource`, in the forms the samplers need.
enum UniformBits {
    /// A uniform double in the open interval (0, 1): `(k + 1/2)·2⁻⁵³` for the top 53 bits `k`
    /// of one draw, so it is never 0 or 1 and `log` of it is finite.
    @inline(__always)
    static func openUnit(_ generator: inout RandomSource) -> Double {
        (Double(generator.next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A uniform double in [0, 1) from the top 53 bits of one draw.
    @inline(__always)
    static func unit(_ generator: inout RandomSource) -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }
}

/// The bound on rejection-sampling loops. Every rejection sampler here accepts with
/// probability above 0.5 per attempt, so reaching this bound has probability below 2⁻¹⁰⁰⁰;
/// if it ever happens the sampler returns NaN (which never counts as agreement) instead of
/// looping forever.
let maximumRejectionAttempts = 1_000
