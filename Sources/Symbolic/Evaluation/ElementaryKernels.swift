// exp and log in pure Swift, as scalar functions and as 4-lane SIMD functions that give
// bit-identical results; shared by every evaluator.
//
// Implementation notes
// --------------------
// Both are table-driven in the style of ARM's optimized-routines (glibc's exp and log) but
// written without FMA, branches or traps, so the SIMD versions vectorise on baseline
// x86-64 (SSE2) and the scalar versions, doing the same IEEE operations in the same order,
// agree with them bit for bit (Swift never contracts a·b + c into an FMA). Measured error
// against the C library: at most 1 ulp for both.
//
// exp(x): clamp x to [−746, 710] (outside, the result is 0 or +∞ anyway);
// k = round(x·128/ln 2) with the 1.5·2^52 "shifter" trick (k appears in the low mantissa
// bits, so no float→int conversion is needed); r = x − k·(ln 2/128) in two parts
// (Cody–Waite: the high part has 35 significant bits, so k·high is exact and so is
// x − k·high), |r| ≤ 0.0028; exp(r) − 1 ≈ r + r²(1/2 + r/6) + r⁴(1/24 + r/120) (Taylor,
// truncation < 6e−19); exp(x) = 2^(k>>7)·T[k & 127]·(1 + p) with T = 2^(j/128) stored as a
// high and a low double: y = T_hi + (T_lo + T_hi·p). The final scaling multiplies by
// 2^⌊e/2⌋ and 2^(e−⌊e/2⌋) so subnormal results are rounded once.
//
// log(x) for finite x > 0: subnormals are scaled by 2^52. With OFF = 0x3fe6…0 − 2^44, the
// bit pattern minus OFF gives k (its exponent field) and a subinterval index i (the next 7
// bits), and z = x·2^−k lies in [0.6875 − ε, 1.375 − ε). The subinterval's centre c_i (in
// bit space) is computed from i without a table; OFF is chosen so that 1.0 is the centre of
// subinterval 80, so near x = 1 the computation is log1p(z − 1) with no cancellation.
// r = (z − c)/c (z − c is exact by Sterbenz), |r| < 0.004; log1p(r) ≈ r + r²·q(r) with
// q = −1/2 + r/3 + r²(−1/4 + r/5) + r⁴(−1/6 + r/7) (truncation < 4e−20); and
// log x = k·ln2 + log c_i + log1p(r), where k·ln2_hi + log(c_i)_hi is formed exactly as a
// sum of two doubles (Fast2Sum; |k·ln2| dominates whenever k ≠ 0) and every small part is
// added to the low word before the single final rounding. Callers check the domain.

enum ElementaryKernels {
    /// 1.5·2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the
    /// low mantissa bits.
    static let shifter: Double = 0x1.8p52
    static let shifterBits = Int64(bitPattern: 0x4338_0000_0000_0000)
    static let invLn2Over128: Double = 0x1.71547652b82fep+7
    static let ln2Over128High: Double = 0x1.62e42fef80000p-8
    static let ln2Over128Low: Double = 0x1.1cf79abc9e3b4p-43
    static let ln2High: Double = 0x1.62e42fefa3800p-1
    static let ln2Low: Double = 0x1.ef35793c76730p-45
    /// The bit pattern that `log` subtracts: 0x3fe6000000000000 − 2^44.
    static let logOffset: Int64 = 0x3fe6_0000_0000_0000 - (1 << 44)
    /// Added to exp's k (|k| < 2^18) so that ⌊k/128⌋ and ⌊k/256⌋ come from logical shifts,
    /// which SSE2 and AVX2 have for 64-bit lanes (arithmetic ones they do not):
    /// ⌊k/2^s⌋ = ((k + B) >> s) − B/2^s for B a multiple of 2^s with k + B ≥ 0.
    static let expBias: Int64 = 1 << 20
    /// 2^63: flipping it maps an Int64 t to t + 2^63 as a UInt64, so the logical shift
    /// ((t ^ 2^63) >> 52) − 2048 is the arithmetic shift t >> 52.
    static let signBit: UInt64 = 1 << 63
    /// The bit pattern of the centre of subinterval 0.
    static let logCentreBase: Int64 = 0x3fe6_0000_0000_0000

    /// An integer of magnitude below 2^51 as a double, without an int→float conversion.
    @inline(__always)
    static func double(fromSmallInteger k: Int64) -> Double {
        Double(bitPattern: UInt64(bitPattern: k &+ shifterBits)) - shifter
    }

    // MARK: Scalar

    /// e^x with at most 1 ulp error; +∞ above ~709.78, 0 or subnormal below ~−708.4; NaN
    /// for a non-finite argument (so a non-finite value propagates through exp, like
    /// through arithmetic: the final `+ x·0` adds +0 for finite x and NaN otherwise).
    @inline(__always)
    static func exp(_ x0: Double) -> Double {
        let xa = x0 < 710.0 ? x0 : 710.0
        let x = xa > -746.0 ? xa : -746.0
        let kd0 = x * invLn2Over128 + shifter
        let kd = kd0 - shifter
        let k = Int64(bitPattern: kd0.bitPattern) &- shifterBits
        let hi = x - kd * ln2Over128High
        let r = hi - kd * ln2Over128Low
        let r2 = r * r
        let a = 0.5 + r * 0x1.5555555555555p-3
        let b = 0x1.5555555555555p-5 + r * 0x1.1111111111111p-7
        let p = r + (r2 * a + (r2 * r2) * b)
        let j = Int(truncatingIfNeeded: k & 127)
        let th = exp2Table[j]
        let tl = exp2Table[j &+ 128]
        let y = th + (tl + th * p)
        let kb = UInt64(bitPattern: k &+ expBias)
        let e = Int64(bitPattern: kb &>> 7) &- (expBias &>> 7)
        let e1 = Int64(bitPattern: kb &>> 8) &- (expBias &>> 8)
        let e2 = e &- e1
        let s1 = Double(bitPattern: UInt64(bitPattern: (e1 &+ 1023) &<< 52))
        let s2 = Double(bitPattern: UInt64(bitPattern: (e2 &+ 1023) &<< 52))
        return y * s1 * s2 + x0 * 0
    }

    /// The natural logarithm with at most 1 ulp error, for finite x > 0 (other inputs give
    /// unspecified values; callers check the domain).
    @inline(__always)
    static func log(_ x0: Double) -> Double {
        let subnormal = x0 < 0x1p-1022
        let x = subnormal ? x0 * 0x1p52 : x0
        let ix = Int64(bitPattern: x.bitPattern)
        let tmp = ix &- logOffset
        let ut = UInt64(bitPattern: tmp)
        let i = Int64(bitPattern: (ut &>> 45) & 127)
        let k = Int64(bitPattern: (ut ^ signBit) &>> 52) &- (subnormal ? 2048 + 52 : 2048)
        let z = Double(bitPattern: UInt64(bitPattern: ix &- (tmp & (-1 &<< 52))))
        let c = Double(bitPattern: UInt64(bitPattern: (i &<< 45) &+ logCentreBase))
        let r = (z - c) / c
        let kd = double(fromSmallInteger: k)
        let a = kd * ln2High
        let t = Int(truncatingIfNeeded: i)
        let lh = logTable[t]
        let ll = logTable[t &+ 128]
        let whi = a + lh
        let wlo = (a - whi) + lh
        let r2 = r * r
        let q0 = -0.5 + r * 0x1.5555555555555p-2
        let q1 = -0.25 + r * 0x1.999999999999ap-3
        let q2 = -0x1.5555555555555p-3 + r * 0x1.2492492492492p-3
        let q = q0 + r2 * (q1 + r2 * q2)
        let tail = wlo + ll + kd * ln2Low + r2 * q
        return whi + (r + tail)
    }

    // MARK: SIMD (bit-identical to the scalar versions)

    typealias Vector = SIMD4<Double>
    typealias IntVector = SIMD4<Int64>
    typealias UIntVector = SIMD4<UInt64>

    /// `exp` on four lanes; `table` is `exp2Table`'s storage.
    @inline(__always)
    static func exp(_ x0: Vector, table: UnsafePointer<Double>) -> Vector {
        let xa = x0.replacing(with: 710.0, where: .!(x0 .< 710.0))
        let x = xa.replacing(with: -746.0, where: .!(xa .> -746.0))
        let kd0 = x * invLn2Over128 + shifter
        let kd = kd0 - shifter
        let k = unsafeBitCast(kd0, to: IntVector.self) &- shifterBits
        let hi = x - kd * ln2Over128High
        let r = hi - kd * ln2Over128Low
        let r2 = r * r
        let a = Vector(repeating: 0.5) + r * 0x1.5555555555555p-3
        let b = Vector(repeating: 0x1.5555555555555p-5) + r * 0x1.1111111111111p-7
        let p = r + (r2 * a + (r2 * r2) * b)
        let j = k & 127
        let j0 = Int(truncatingIfNeeded: j[0]), j1 = Int(truncatingIfNeeded: j[1])
        let j2 = Int(truncatingIfNeeded: j[2]), j3 = Int(truncatingIfNeeded: j[3])
        let low = table + 128
        let th = Vector(table[j0], table[j1], table[j2], table[j3])
        let tl = Vector(low[j0], low[j1], low[j2], low[j3])
        let y = th + (tl + th * p)
        let kb = unsafeBitCast(k &+ expBias, to: UIntVector.self)
        let e = unsafeBitCast(kb &>> 7, to: IntVector.self) &- (expBias &>> 7)
        let e1 = unsafeBitCast(kb &>> 8, to: IntVector.self) &- (expBias &>> 8)
        let e2 = e &- e1
        let s1 = unsafeBitCast((e1 &+ 1023) &<< 52, to: Vector.self)
        let s2 = unsafeBitCast((e2 &+ 1023) &<< 52, to: Vector.self)
        return y * s1 * s2 + x0 * 0
    }

    /// `log` on four lanes; `table` is `logTable`'s storage.
    @inline(__always)
    static func log(_ x0: Vector, table: UnsafePointer<Double>) -> Vector {
        let subnormal = x0 .< 0x1p-1022
        let x = x0.replacing(with: x0 * 0x1p52, where: subnormal)
        let ix = unsafeBitCast(x, to: IntVector.self)
        let tmp = ix &- logOffset
        let ut = unsafeBitCast(tmp, to: UIntVector.self)
        let i = unsafeBitCast((ut &>> 45) & 127, to: IntVector.self)
        let k = unsafeBitCast((ut ^ signBit) &>> 52, to: IntVector.self)
            &- IntVector(repeating: 2048).replacing(with: 2048 + 52, where: subnormal)
        let z = unsafeBitCast(ix &- (tmp & (-1 &<< 52)), to: Vector.self)
        let c = unsafeBitCast((i &<< 45) &+ logCentreBase, to: Vector.self)
        let r = (z - c) / c
        let kd = unsafeBitCast(k &+ shifterBits, to: Vector.self) - shifter
        let a = kd * ln2High
        let t0 = Int(truncatingIfNeeded: i[0]), t1 = Int(truncatingIfNeeded: i[1])
        let t2 = Int(truncatingIfNeeded: i[2]), t3 = Int(truncatingIfNeeded: i[3])
        let low = table + 128
        let lh = Vector(table[t0], table[t1], table[t2], table[t3])
        let ll = Vector(low[t0], low[t1], low[t2], low[t3])
        let whi = a + lh
        let wlo = (a - whi) + lh
        let r2 = r * r
        let q0 = Vector(repeating: -0.5) + r * 0x1.5555555555555p-2
        let q1 = Vector(repeating: -0.25) + r * 0x1.999999999999ap-3
        let q2 = Vector(repeating: -0x1.5555555555555p-3) + r * 0x1.2492492492492p-3
        let q = q0 + r2 * (q1 + r2 * q2)
        let tail = wlo + ll + kd * ln2Low + r2 * q
        return whi + (r + tail)
    }
}
