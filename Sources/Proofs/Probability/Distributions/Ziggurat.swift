// The ziggurat method for standard normal samples (Marsaglia & Tsang 2000, 256 layers).
//
// Implementation notes
// --------------------
// The half-density f(x) = e^{−x²/2} on [0, ∞) is covered by 256 layers of equal area v: a
// base strip (the rectangle [0, r]×[0, f(r)] plus the tail beyond r = 3.6541528853610088)
// and 255 rectangles with corners x₁ = r > x₂ > … > x₂₅₅ > x₂₅₆ = 0, where
// f(x_{i+1}) = f(x_i) + v/x_i. The base strip is given the virtual width x₀ = v/f(r).
//
// One 64-bit draw gives the layer i (low 8 bits), the sign (bit 8) and a uniform u in [0, 1)
// (top 53 bits; the three fields are disjoint bits of xoshiro256**'s output, all of which
// are of full quality). With z = u·x_i:
// * z < x_{i+1}: the point lies under the curve for sure; return ±z (about 99% of draws).
// * i = 0: z falls in the tail; sample it exactly by Marsaglia's method
//   (a = −log(U₁)/r, b = −log(U₂) until 2b > a², return r + a).
// * otherwise a wedge: accept z if f(x_i) + U·(f(x_{i+1}) − f(x_i)) < f(z), else start over.
// The method is exact: the returned values have the normal distribution up to the 53-bit
// granularity of u. The tables are computed once from r with the platform's libm (v from
// erfc), so a different libm could change the last bit of a table entry and hence, very
// rarely, a sample; within one platform everything is deterministic.
import Foundation
import Symbolic

/// The 256-layer ziggurat sampler for N(0, 1).
enum Ziggurat {
    /// The right edge of the base strip.
    static let r = 3.6541528853610088

    /// Layer corner abscissae `x[0...256]` and the half-density `f` at them (`f[0]` is
    /// unused). Allocated once and never freed or mutated after `init`, hence safe to share.
    final class Tables: @unchecked Sendable {
        let x: UnsafeMutablePointer<Double>
        let f: UnsafeMutablePointer<Double>
        /// `f(x_i) + v/x_i` at i = 255: 1 up to rounding when r is right (checked by tests).
        let closure: Double

        init() {
            let r = Ziggurat.r
            let fr = Foundation.exp(-0.5 * r * r)
            // Area of each layer: base rectangle plus the tail ∫_r^∞ e^{−t²/2} dt.
            let v = r * fr + (Double.pi / 2).squareRoot() * erfc(r * StandardNormal.sqrtHalfHigh)
            x = .allocate(capacity: 257)
            f = .allocate(capacity: 257)
            x[0] = v / fr
            f[0] = 0
            x[1] = r
            f[1] = fr
            for i in 1..<255 {
                let y = f[i] + v / x[i]
                x[i + 1] = y < 1 ? (-2 * Foundation.log(y)).squareRoot() : 0
                f[i + 1] = Foundation.exp(-0.5 * x[i + 1] * x[i + 1])
            }
            closure = f[255] + v / x[255]
            x[256] = 0
            f[256] = 1
        }
    }

    /// The shared tables.
    static let tables = Tables()

    /// One sample, given the table pointers.
    @inline(__always)
    static func next(_ x: UnsafePointer<Double>, _ f: UnsafePointer<Double>, _ generator: inout RandomSource) -> Double {
        for _ in 0..<maximumRejectionAttempts {
            let bits = generator.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let z = Double(bits >> 11) * 0x1.0p-53 * x[i]
            let sign = (bits & 0x100) << 55
            if z < x[i + 1] {
                return Double(bitPattern: z.bitPattern | sign)
            }
            if let accepted = slowPath(i, z, x, f, &generator) {
                return Double(bitPattern: accepted.bitPattern | sign)
            }
        }
        return .nan
    }

    /// The tail (layer 0) and wedge cases; `nil` means reject and draw again.
    @inline(never)
    static func slowPath(_ i: Int, _ z: Double, _ x: UnsafePointer<Double>, _ f: UnsafePointer<Double>,
                         _ generator: inout RandomSource) -> Double? {
        if i == 0 {
            for _ in 0..<maximumRejectionAttempts {
                let a = -Foundation.log(UniformBits.openUnit(&generator)) / r
                let b = -Foundation.log(UniformBits.openUnit(&generator))
                if 2 * b > a * a { return r + a }
            }
            return .nan
        }
        let y = f[i] + UniformBits.unit(&generator) * (f[i + 1] - f[i])
        return y < Foundation.exp(-0.5 * z * z) ? z : nil
    }
}
