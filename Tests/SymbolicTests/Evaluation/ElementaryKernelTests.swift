import Foundation
import Testing
@testable import Symbolic

@Suite("exp and log kernels")
struct ElementaryKernelTests {
    @Test("exp is within 1 ulp of the C library", arguments: [1, 2, 3] as [UInt64])
    func expAccuracy(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        var worst = 0.0
        for i in 0 ..< 20_000 {
            let x = i % 2 == 0 ? rng.nextDouble(in: -745, 709.7) : rng.nextDouble(in: -3, 3)
            worst = max(worst, Numeric.ulps(ElementaryKernels.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 1)
    }

    @Test("log is within 1 ulp of the C library", arguments: [1, 2, 3] as [UInt64])
    func logAccuracy(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        var worst = 0.0
        for i in 0 ..< 20_000 {
            let x: Double
            switch i % 3 {
            case 0: x = Double(bitPattern: 1 + rng.nextUInt64(below: 0x7fef_ffff_ffff_ffff))
            case 1: x = rng.nextDouble(in: 0.99, 1.01)
            default: x = rng.nextDouble(in: 1e-3, 1e3)
            }
            worst = max(worst, Numeric.ulps(ElementaryKernels.log(x), Foundation.log(x)))
        }
        #expect(worst <= 1)
    }

    @Test("special values", arguments: [
        (0.0, 1.0), (1.0, M_E), (-1000.0, 0.0), (710.0, Double.infinity), (-745.1, Double.leastNonzeroMagnitude),
        (709.78, 1.7928227943945155e+308),
    ])
    func expSpecialValues(x: Double, expected: Double) {
        #expect(Numeric.ulps(ElementaryKernels.exp(x), expected) <= 1)
    }

    @Test("exp of a non-finite argument is NaN (it propagates)", arguments: [Double.infinity, -.infinity, .nan])
    func expPropagates(x: Double) {
        #expect(ElementaryKernels.exp(x).isNaN)
    }

    @Test("log near 1 has no cancellation", arguments: [1 + 1e-15, 1 - 1e-16, 1 + 0x1p-52, 1 - 0x1p-53, 1.0])
    func logNearOne(x: Double) {
        #expect(Numeric.ulps(ElementaryKernels.log(x), Foundation.log(x)) <= 1)
    }

    @Test("log of subnormals", arguments: [Double.leastNonzeroMagnitude, 0x1p-1030, Double.leastNormalMagnitude.nextDown])
    func logSubnormal(x: Double) {
        #expect(Numeric.ulps(ElementaryKernels.log(x), Foundation.log(x)) <= 1)
    }

    @Test("the SIMD versions equal the scalar versions bit for bit", arguments: [7, 8] as [UInt64])
    func simdMatchesScalar(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        ElementaryKernels.exp2Table.withUnsafeBufferPointer { expTable in
            ElementaryKernels.logTable.withUnsafeBufferPointer { logTable in
                for _ in 0 ..< 5_000 {
                    var lanes = ElementaryKernels.Vector()
                    for k in 0 ..< 4 { lanes[k] = rng.nextDouble(in: -750, 750) }
                    let e = ElementaryKernels.exp(lanes, table: expTable.baseAddress!)
                    var positive = ElementaryKernels.Vector()
                    for k in 0 ..< 4 {
                        positive[k] = Double(bitPattern: 1 + rng.nextUInt64(below: 0x7fef_ffff_ffff_ffff))
                    }
                    let l = ElementaryKernels.log(positive, table: logTable.baseAddress!)
                    for k in 0 ..< 4 {
                        #expect(e[k].bitPattern == ElementaryKernels.exp(lanes[k]).bitPattern)
                        #expect(l[k].bitPattern == ElementaryKernels.log(positive[k]).bitPattern)
                    }
                }
            }
        }
    }
}
